"""A field to type into when no field is named as the step says (issue 13): the one that has
focus and no name at all, or the one editable inside a box that only an aria-label names
("Type ... into the first cell": a notebook cell, `<div aria-label="Code Cell Content">`,
holds one unnamed code editor)."""

from __future__ import annotations

from typing import Any

from backend.discovery.regions import nameless_focused
from backend.discovery.stability import css_attr
from backend.models import LocatorCall, LocatorSpec, Target

#: What takes typing inside a box: a text field, a code editor, a rich-text area.
EDITABLE_CSS = (
    "textarea, input:not([type]), input[type='text'], input[type='search'], "
    "[contenteditable='true'], [contenteditable=''], [role='textbox']"
)
#: How the editable in a box is located, the plainest first (the code editor is a textbox).
_INNER = (
    LocatorCall(method="get_by_role", args=("textbox",)),
    LocatorCall(method="locator", args=("[contenteditable='true']",)),
    LocatorCall(method="locator", args=(EDITABLE_CSS,)),
)
#: Actions that type into their element.
_TYPING = frozenset({"fill", "append", "clear"})

#: The aria-labels of boxes whose label holds every word of the name, that are no control
#: (no role, not a field, link or button) and hold exactly one editable element.
_LABELLED_BOXES_JS = """
([words, editable]) => {
  const found = new Set();
  for (const el of document.querySelectorAll('[aria-label]')) {
    if (el.hasAttribute('role') || el.matches('a, button, input, select, textarea, ' + editable))
      continue;
    const label = el.getAttribute('aria-label');
    const have = label.toLowerCase().split(/[^\\p{L}\\p{N}]+/u);
    if (!words.every(w => have.includes(w) || have.includes(w + 's'))) continue;
    if (el.querySelectorAll(editable).length === 1) found.add(label);
  }
  return [...found];
}
"""


def _call(method: str, *args: str | int) -> LocatorCall:
    return LocatorCall(method=method, args=args)  # type: ignore[arg-type]


async def editable_in_labelled_box(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...]
) -> LocatorSpec | None:
    """ "Type "x" into the first cell": the one editable inside the N-th box whose aria-label
    holds the name's words ("Code Cell Content"), when no field is named so. The box's own
    name says which box; the editor in it has none."""
    if action not in _TYPING or target.kind not in (None, "textbox") or scope:
        return None
    words = [w for w in target.name.lower().split() if w]
    if not words or target.context or target.near:
        return None
    labels = await page.evaluate(_LABELLED_BOXES_JS, [words, EDITABLE_CSS])
    if not labels:
        return None
    boxes = ", ".join(css_attr("aria-label", label) for label in labels)
    nth = target.nth or 1
    calls = [_call("locator", boxes)]
    if await LocatorSpec(calls=tuple(calls)).resolve(page).count() > 1 or target.nth:
        calls.append(_call("nth", nth - 1 if nth > 0 else nth))
    for inner in _INNER:  # the shortest locator that finds the one editable in the box
        spec = LocatorSpec(calls=(*calls, inner))
        loc = spec.resolve(page)
        if await loc.count() == 1:
            return spec if await loc.is_visible() else None
    return None


async def stand_in_field(
    page: Any, target: Target, action: str, scope: tuple[LocatorCall, ...]
) -> tuple[LocatorSpec, str, str] | None:
    """The field a typing step takes when none is named as it says: (locator, strategy, note)."""
    box = await nameless_focused(page, target, action, scope)
    if box is not None:
        note = f"no field is named {target.describe()!r}; took the one that has focus (it has none)"
        return box, "focused", note
    inner = await editable_in_labelled_box(page, target, action, scope)
    if inner is not None:
        note = (
            f"no field is named {target.describe()!r}; took the one editable inside the box "
            f"whose label holds {target.name!r} ({inner.calls[0].args[0]})"
        )
        return inner, "labelled_box", note
    return None
