"""Parts of a page a person names without a label (issue 13): the header, the content under a
heading, the editor."""

from __future__ import annotations

from typing import Any

from backend.models import LocatorCall, LocatorSpec
from backend.text import normalise_text

#: The landmark a context word names ("in the header").
LANDMARK_ROLES = {
    "header": "banner",
    "top bar": "banner",
    "footer": "contentinfo",
    "sidebar": "complementary",
    "navigation": "navigation",
    "nav": "navigation",
}
#: The element right after a heading, when it is not a heading itself: the section's content
#: where the page wraps it (DokuWiki's <h2> + <div class="level2">).
AFTER_HEADING = "xpath=following-sibling::*[1][not(self::h1 or self::h2 or self::h3 or self::h4)]"
#: A multi-line text field: what "the editor" is on a page with one-line fields too.
EDITOR_CSS = "textarea, [contenteditable='true'], [contenteditable='']"


def _call(method: str, *args: str, **kwargs: str | bool) -> LocatorCall:
    return LocatorCall(method=method, args=args, kwargs=kwargs)  # type: ignore[arg-type]


async def landmark_scope(page: Any, context: str) -> tuple[LocatorCall, ...] | None:
    """ "In the header": the page's one landmark of that kind (None if none or several)."""
    role = LANDMARK_ROLES.get(normalise_text(context).removeprefix("the "))
    if role and await page.get_by_role(role).count() == 1:
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
