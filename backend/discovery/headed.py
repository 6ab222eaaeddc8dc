"""A region or dialog named by its own heading, for a Target's context ("in the App Launcher").

Web components often leave a landmark's accessible name empty: a LightningModal's section points
`aria-labelledby` at an id inside another shadow root (an IDREF cannot cross a shadow boundary),
and lightning-card renders an `<article>` with a heading and no label at all. A person still reads
the heading as the box's name, so the box whose first heading (in the flattened tree, across shadow
roots and slots) reads the context is the scope; a heading's trailing count ("Cases (2)") is left
out, since a related list's count changes as the test adds to it.
"""

from __future__ import annotations

import re
from typing import Any

from backend.kinds import SCOPE_ROLES
from backend.models import LocatorCall, LocatorSpec
from backend.text import normalise_text

_HEADING_LINE = re.compile(r'^\s*- heading "(?P<name>(?:[^"\\]|\\.)*)"')
_COUNT = re.compile(r"\s*\(\d+\+?\)$")
#: Boxes of one role that hold such a heading, looked at before giving up on the role.
_LOOK_AT = 5
#: The tag of the shadow host a box stands for, when part of the box's content is slotted into
#: it from that host's light DOM (lightning-card's article shows the related list's table through
#: a <slot>): the box's own subtree, all a text check or a search inside it would see, lacks it.
_SLOTTED_HOST_JS = """
e => {
  const root = e.getRootNode();
  if (!(root instanceof ShadowRoot)) return null;
  const holds = n => n.nodeType === 1 || (n.nodeType === 3 && n.nodeValue.trim() !== '');
  const slotted = [...e.querySelectorAll('slot')].some(
    s => s.assignedNodes({flatten: true}).some(holds));
  return slotted ? root.host.localName : null;
}
"""


def heading_name(text: str) -> str:
    """A heading's text as the name of its box: normalised, a trailing "(n)" count left out."""
    return _COUNT.sub("", normalise_text(text))


async def own_heading(loc: Any) -> str | None:
    """The first heading inside the box, in the accessibility tree's (flattened) order."""
    try:
        snapshot = await loc.aria_snapshot(timeout=1000)
    except Exception:
        return None
    for line in snapshot.splitlines()[1:]:
        match = _HEADING_LINE.match(line)
        if match:
            return match.group("name").replace('\\"', '"')
    return None


async def headed_scope(page: Any, context: str) -> tuple[LocatorCall, ...] | None:
    """The one box (region, dialog, form, article, ...) whose own heading reads `context`, as a
    locator chain `get_by_role(role).filter(has_text=...)` that matches only it (the shadow host
    by its tag when the box shows slotted content: `locator("lightning-card").filter(...)`);
    None if none."""
    wanted = heading_name(context)
    if not wanted:
        return None
    for role in SCOPE_ROLES:
        headed = page.get_by_role(role).filter(has=page.get_by_role("heading", name=context))
        count = await headed.count()
        for i in range(min(count, _LOOK_AT)):
            own = await own_heading(headed.nth(i))
            if own is None or heading_name(own) != wanted:
                continue
            host = await headed.nth(i).evaluate(_SLOTTED_HOST_JS)
            first = (
                LocatorCall(method="locator", args=(host,))
                if host
                else LocatorCall(method="get_by_role", args=(role,))
            )
            for text in dict.fromkeys((context, own)):  # the context itself, else the heading
                chain = (first, LocatorCall(method="filter", kwargs={"has_text": text}))
                if await _count(page, chain) == 1:
                    return chain
    return None


async def _count(page: Any, chain: tuple[LocatorCall, ...]) -> int:
    return int(await LocatorSpec(calls=chain).resolve(page).count())
