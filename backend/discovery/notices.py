"""`Verify the toast says "..."`: a Target named only by a notice's kind is the notice on screen.

A toast, notification or snackbar has no name of its own (an ARIA alert or status takes none
from its content), so the planner's Target is the noun itself. The element is the one visible
live region of role alert (else status), and what it "says" is its message: the heading inside
it when it has one, since an SLDS toast also holds its variant ("Success"), assistive text
("Press Control + F6 ...") and a Close button around the message.
"""

from __future__ import annotations

from typing import Any

from backend.models import LocatorCall, LocatorSpec, Target
from backend.text import normalise_text

#: What a tester calls a transient message on screen (not "banner": that is a landmark role).
NOTICE_NOUNS = frozenset(
    {"toast", "notification", "snackbar", "alert", "toast message", "notification message"}
)
NOTICE_ROLES = ("alert", "status")
#: Live regions of one role looked at for the one visible (a form has many hidden help texts).
_LOOK_AT = 20


#: Not a message though a status: a spinner (SLDS: role=status, "Loading"), a busy region, or
#: text for screen readers only (an assistive-text live region announcing "Processing", 1 px).
_NOT_A_MESSAGE_JS = """
e => {
  const box = e.getBoundingClientRect();
  return /spinner|loading/i.test(e.className || '') || e.getAttribute('aria-busy') === 'true'
    || box.width <= 1 || box.height <= 1
    || /^(loading|saving|processing|please wait)\\b/i.test((e.textContent || '').trim());
}
"""


async def _not_a_message(loc: Any) -> bool:
    try:
        return bool(await loc.evaluate(_NOT_A_MESSAGE_JS, timeout=1000))
    except Exception:  # gone meanwhile: not the notice either
        return True


def is_notice(target: Target) -> bool:
    """Whether the target is a notice named by its kind alone ("the toast"): the planner's
    kind "alert" with no name, or no kind and a notice noun for a name."""
    if target.kind == "alert":
        return not target.name.strip()
    return not target.kind and normalise_text(target.name) in NOTICE_NOUNS


async def notice(page: Any, scope: tuple[LocatorCall, ...]) -> LocatorSpec | None:
    """The one visible alert (else status) on screen, narrowed to its heading if it has one."""
    for role in NOTICE_ROLES:
        bare = LocatorSpec(calls=(*scope, LocatorCall(method="get_by_role", args=(role,))))
        loc = bare.resolve(page)
        count = await loc.count()
        visible = [
            i
            for i in range(min(count, _LOOK_AT))
            if await loc.nth(i).is_visible() and not await _not_a_message(loc.nth(i))
        ]
        if len(visible) != 1 or count > _LOOK_AT:
            continue
        spec = bare
        if count > 1:
            spec = LocatorSpec(
                calls=(*bare.calls, LocatorCall(method="filter", kwargs={"visible": True}))
            )
        heading = LocatorSpec(
            calls=(*spec.calls, LocatorCall(method="get_by_role", args=("heading",)))
        )
        if await heading.resolve(page).count() == 1:
            return heading
        return spec
    return None
