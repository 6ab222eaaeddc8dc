"""Which Playwright calls the trace records: the steps' actions, not PACTS's own looks.

With snapshots on, Playwright records every API call with a DOM snapshot of the page before and
after it (issue 15: 147 ms of a 1025 ms warm requirement). Most calls a run makes are PACTS
looking at the page, not acting on it: settle's frame and busy checks, the Oracle's alerts query
and value read-backs, the check of a cached selector, discovery. `untraced()` leaves those out of
the trace; `traced()` puts a step's action back in, so the trace holds each action with its
before, action and after snapshots, as a hand-written test's trace does. A failing step and the
final page of a run that does not pass are marked with a snapshot of their own (`mark()`).

Playwright's client sends a call as internal (never traced, never snapshotted) while an internal
API zone is current; the zone is a context variable, so a block of code can set it. That is
Playwright's private API: if it moves, both context managers do nothing (everything is traced,
as before) and tests/e2e/test_trace_scope.py fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backend.browser.session import BrowserSession

logger = logging.getLogger(__name__)

#: The longest a failure mark may wait for the page (a hung page gets none).
MARK_TIMEOUT_S = 3.0


def _zones() -> tuple[contextvars.ContextVar[Any], Any, Any] | None:
    """Playwright's zone variable, its current zone, and an internal API zone (None: moved)."""
    try:
        from playwright._impl.channel_owner import ApiZone
        from playwright._impl.utils import zones

        var = zones._async_local_storage
        internal = ApiZone(api_name="pacts", frames=[], title=None, internal=True)
        zone = zones.current_zone()
        if isinstance(var, contextvars.ContextVar) and hasattr(zone, "without"):
            return var, zone, internal
    except (ImportError, AttributeError, TypeError) as exc:  # moved in a Playwright upgrade
        logger.debug("Playwright's API zone not found, every call is traced: %s", exc)
    return None


@contextlib.contextmanager
def _in_zone(internal: bool) -> Iterator[None]:
    """Playwright calls made inside are sent as internal ones (untraced), or as API calls."""
    found = _zones()
    if found is None:
        yield
        return
    var, zone, api = found
    token = var.set(zone.with_("apiZone", api) if internal else zone.without("apiZone"))
    try:
        yield
    finally:
        var.reset(token)


def untraced() -> contextlib.AbstractContextManager[None]:
    """Playwright calls made inside are not recorded in the trace (nor snapshotted)."""
    return _in_zone(True)


def traced() -> contextlib.AbstractContextManager[None]:
    """Playwright calls made inside are recorded, inside an `untraced()` block too."""
    return _in_zone(False)


async def mark(session: BrowserSession, title: str) -> None:
    """A group named `title` in the trace holding a snapshot of the page as it is now (the
    moment a step failed, the final page of a failing run); nothing when no trace runs."""
    if session.context is None or not session.tracing:
        return
    tracing, page = session.context.tracing, session.page

    async def snapshot() -> None:
        await tracing.group(title)
        try:
            await page.evaluate("() => document.readyState")  # snapshotted before and after
        finally:
            await tracing.group_end()

    with traced():
        try:
            await asyncio.wait_for(snapshot(), MARK_TIMEOUT_S)  # evaluate has no timeout
        except Exception as exc:  # a page that is gone or hung has nothing to snapshot
            logger.debug("trace mark %r not recorded: %s", title, exc)
