"""Parts of a page a person names without a label (issue 13): the header, the content under a
heading, the editor."""

from __future__ import annotations

import re
from typing import Any

from backend.discovery.headed import headed_scope
from backend.discovery.score import GENERIC_CONTEXTS, key
from backend.discovery.stability import css_attr, is_dynamic
from backend.kinds import KIND_ROLES, SCOPE_ROLES
from backend.models import LocatorCall, LocatorSpec, Target
from backend.text import normalise_text

#: The page landmarks a context word may name ("in the header": the banner).
_LANDMARKS = ("banner", "contentinfo", "complementary", "navigation")
#: The element right after a heading, when it is not a heading itself: the section's content
#: where the page wraps it (DokuWiki's <h2> + <div class="level2">).
AFTER_HEADING = "xpath=following-sibling::*[1][not(self::h1 or self::h2 or self::h3 or self::h4)]"
#: A multi-line text field: what "the editor" is on a page with one-line fields too.
EDITOR_CSS = "textarea, [contenteditable='true'], [contenteditable='']"


def _call(method: str, *args: str | int, **kwargs: str | int | bool) -> LocatorCall:
    return LocatorCall(method=method, args=args, kwargs=kwargs)  # type: ignore[arg-type]


async def landmark_scope(page: Any, context: str) -> tuple[LocatorCall, ...] | None:
    """ "In the header": the page's one landmark of that kind (None if none or several)."""
    for role in GENERIC_CONTEXTS.get(key(context).removeprefix("the "), ()):
        if role not in _LANDMARKS:  # "the menu", "the popup": no landmark first
            return None
        if await page.get_by_role(role).count() == 1:
            return (_call("get_by_role", role),)
    return None


async def heading_section(page: Any, context: str) -> tuple[LocatorCall, ...] | None:
    """ "Under Starters": the content wrapped after the one heading that reads the context."""
    heading = _call("get_by_role", "heading", name=context, exact=True)
    if await LocatorSpec(calls=(heading,)).resolve(page).count() != 1:
        return None
    chain = (heading, _call("locator", AFTER_HEADING))
    return chain if await LocatorSpec(calls=chain).resolve(page).count() == 1 else None


async def sole_editor(page: Any, scope: tuple[LocatorCall, ...]) -> LocatorSpec | None:
    """ "The editor": the only visible multi-line text field (a wiki's page source)."""
    spec = LocatorSpec(calls=(*scope, _call("locator", EDITOR_CSS), _call("filter", visible=True)))
    loc = spec.resolve(page)
    if await loc.count() != 1 or not await loc.is_visible():
        return None
    return spec


async def resolve_scope(page: Any, context: str) -> tuple[LocatorCall, ...] | None:
    """The region a context names on the live page ("the dialog", "the header", a role's name,
    a box named by its heading, the content under a heading, the entry showing a text)."""
    if normalise_text(context) in ("dialog", "modal", "the dialog", "the modal"):
        loc = page.get_by_role("dialog")
        if await loc.count() == 1:
            return (_call("get_by_role", "dialog"),)
        return None
    landmark = await landmark_scope(page, context)  # "the header": the page's banner
    if landmark is not None:
        return landmark
    entry = re.fullmatch(r"listitem#(-?\d+)", context)
    if entry:  # "the Delete button of the second item": inside the N-th entry of the list
        n = int(entry.group(1))
        if await page.get_by_role("listitem").count() >= abs(n):
            return (_call("get_by_role", "listitem"), _call("nth", n - 1 if n > 0 else n))
        return None
    if re.fullmatch(r"[#.][\w-]+|[a-z]+[#.][\w.#-]+", context):
        # Cucumber's `within "#contact_1"`: the ticket itself gave a CSS selector
        try:
            found = await page.locator(context).count()
        except Exception:  # not valid CSS after all: a region named so
            found = 0
        if found == 1:
            return (_call("locator", context),)
    for role in SCOPE_ROLES:
        call = _call("get_by_role", role, name=context)
        if await page.get_by_role(role, name=context).count() == 1:
            return (call,)
    headed = await headed_scope(page, context)  # a box named by its heading (shadow DOM)
    if headed is not None:
        return headed
    section = await heading_section(page, context)
    if section is not None:
        return section
    for role in ("listitem", "row"):  # the entry that shows the text ("delete the action "x"")
        if await page.get_by_role(role).filter(has_text=context).count() == 1:
            return (_call("get_by_role", role), _call("filter", has_text=context))
    for role in GENERIC_CONTEXTS.get(key(context).removeprefix("the "), ()):
        if role not in ("dialog", "alertdialog") and await page.get_by_role(role).count() == 1:
            return (_call("get_by_role", role),)  # "the top bar": the page's one banner
    return None


async def visible_of_roles(page: Any, target: Target, scope: tuple[LocatorCall, ...]) -> int:
    """How many visible elements have one of the kind's roles (five of a role at most)."""
    total = 0
    for role in KIND_ROLES[target.kind or ""]:
        loc = LocatorSpec(calls=(*scope, _call("get_by_role", role))).resolve(page)
        total += sum([await loc.nth(i).is_visible() for i in range(min(await loc.count(), 5))])
    return total


#: Actions that type into a field.
_TYPING = frozenset({"fill", "append"})
_FOCUSED_NAME_JS = """
() => {
  const el = document.activeElement;
  if (!el || !['INPUT', 'TEXTAREA'].includes(el.tagName)) return null;
  const named = el.labels && el.labels.length || el.getAttribute('aria-label')
    || el.getAttribute('aria-labelledby') || el.getAttribute('placeholder')
    || el.getAttribute('title');
  return named ? null : [el.getAttribute('id') || '', el.getAttribute('name') || ''];
}
"""


async def nameless_focused(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...]
) -> LocatorSpec | None:
    """ "Type "London" in the filter value box" where no field is named so: the field that has
    focus, when it has no name at all (Flask-Admin's new filter row focuses its nameless
    `input.filter-val`), by its stable id or name attribute. A named field would have been
    found by its name, so a named focused field never stands in for another name."""
    if action not in _TYPING or target.kind not in (None, "textbox") or scope:
        return None
    if not target.name.strip() or target.context or target.near or target.nth:
        return None
    found = await page.evaluate(_FOCUSED_NAME_JS)
    if not found:
        return None
    for attr, value in zip(("id", "name"), found, strict=True):
        if value and not is_dynamic(value):
            spec = LocatorSpec(calls=(_call("locator", css_attr(attr, value)),))
            loc = spec.resolve(page)
            if await loc.count() == 1 and await loc.is_visible():
                return spec
    return None
