"""An entry of a menu that is open (issue 13, real apps): 'choose "City"' right after 'click
"Add Filter"' is planned as checking a radio, but the entry is a link in the dropdown the click
opened (Flask-Admin's Bootstrap `dropdown-item`). Only when nothing on the page can be checked
by that name, and one open menu shows exactly that entry, is the step read as a click on it,
inside that menu: it wins the tie with anything else of that name (a column's "City" sort link).

An open menu is a visible `role=menu`, or the visible element right after a toggle whose
`aria-expanded` is "true" (Bootstrap, most dropdown widgets). It is named by a CSS selector of
its tag and classes, which a target's context takes (`resolve_scope`).

'select "Yes"' planned the same way ("in the filter that appears") with no checkable "Yes" and
one list on the page offering "Yes" (a native <select>, or the select2 widget shown for a
hidden one) is read as choosing "Yes" from that list.
"""

from __future__ import annotations

import re
from typing import Any

from backend.models import Step, Target

#: Kinds a tester's "choose X" / "pick X" is planned with when X is a bare label.
_CHOICE_KINDS = frozenset({None, "radio", "checkbox"})
_CHECKABLE_ROLES = ("checkbox", "radio", "switch", "menuitemcheckbox", "menuitemradio")
#: A CSS selector `resolve_scope` reads as one (a tag, then classes).
_SCOPE_CSS = re.compile(r"[a-z]+(?:\.[\w-]+)+")

_OPEN_MENUS_JS = """
name => {
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden'; };
  const menus = new Set(document.querySelectorAll('[role=menu]'));
  for (const t of document.querySelectorAll('[aria-expanded=true]')) {
    if (t.nextElementSibling) menus.add(t.nextElementSibling);
  }
  const want = name.replace(/\\s+/g, ' ').trim().toLowerCase();
  const out = [];
  for (const m of menus) {
    if (!shown(m)) continue;
    const hits = Array.from(m.querySelectorAll('a, button, [role^=menuitem], li')).filter(
      e => shown(e) && e.textContent.replace(/\\s+/g, ' ').trim().toLowerCase() === want);
    if (hits.length) out.push([m.localName, Array.from(m.classList)]);
  }
  return out;
}
"""


def menu_css(tag: str, classes: list[str]) -> str | None:
    """A CSS selector for an open menu from its tag and classes (None: nothing to name it by)."""
    kept = [c for c in classes if re.fullmatch(r"[A-Za-z][\w-]*", c)]
    css = tag + "".join("." + c for c in kept)
    return css if kept and _SCOPE_CSS.fullmatch(css) else None


def is_bare_choice(step: Step) -> bool:
    """'choose "City"', 'pick "VIP"': a check of a thing named only by its label."""
    target = step.target
    return (
        step.action == "check"
        and target is not None
        and target.kind in _CHOICE_KINDS
        and bool(target.name.strip())
        and not target.near
        and not target.nth
    )


async def _checkable(page: Any, name: str) -> bool:
    """Whether anything on the page can be checked by that name (then the check stands)."""
    for role in _CHECKABLE_ROLES:  # a hidden one too: its label stands in for it
        if await page.get_by_role(role, name=name, include_hidden=True).count():
            return True
    return False


async def menu_entry(page: Any, step: Step) -> Step | None:
    """The step read as a click on the entry of an open menu, or as choosing that option of
    the one list that offers it; None if neither (see the module)."""
    if not is_bare_choice(step):
        return None
    assert step.target is not None
    name = step.target.name.strip()
    if await _checkable(page, name):
        return None
    from backend.discovery.by_option import list_offering  # the candidate pass: only here

    if await list_offering(page, name) is not None:
        # 'In the filter that appears, select "Yes"': the one list offering "Yes" (its
        # context is how the tester told it; the list is found by what it offers)
        listed = Target(kind="combobox", name=step.target.context or "list")
        return step.model_copy(update={"action": "select", "target": listed, "value": name})
    if step.target.context:
        return None
    menus = await page.evaluate(_OPEN_MENUS_JS, name)
    if len(menus) != 1:
        return None
    css = menu_css(menus[0][0], menus[0][1])
    if css is None or await page.locator(css).count() != 1:
        return None
    return step.model_copy(update={"action": "click", "target": Target(name=name, context=css)})
