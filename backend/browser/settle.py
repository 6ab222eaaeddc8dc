"""Waits after an action until what it started has landed, so the next step sees it.

Event-driven: one animation frame for the action's handlers to run, then as long as a main-frame
navigation is in flight, or a document/fetch/XHR request the action started is (bounded by
REQUEST_BOUND_S: a response handler may navigate), then the new page's load event. An action
that starts nothing costs one frame, not a fixed window.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from backend.browser.session import BrowserSession

logger = logging.getLogger(__name__)

#: The longest wait for requests an action started (a long poll must not hold a run).
REQUEST_BOUND_S = 2.0
_FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
#: What a page shows while it works on an action: a spinner, an indeterminate progress bar, a
#: busy region. A single-page app often navigates (history.pushState) only when it is done:
#: the Lightning login spins for half a second, then moves to /lightning/page/home.
BUSY = '[aria-busy="true"], [role="progressbar"]:not([aria-valuenow]), [class*="spinner"]'
#: The longest wait for a busy indicator to go: a page that always shows one is held up no more.
BUSY_WAIT_S = 5.0


async def next_frame(session: BrowserSession) -> None:
    """Let the page run one animation frame (the action's handlers, timers of 0 ms)."""
    try:
        await session.page.evaluate(_FRAME_JS)
    except Exception as exc:  # the page is navigating away: settle() waits for it below
        logger.debug("frame wait ended: %s", exc)


async def settle(session: BrowserSession, timeout_s: float, grace_s: float = 0.0) -> None:
    """Return once the action's navigation (if any) has loaded and its requests are done.

    `grace_s`: a minimum wait first, for a healer that wants the page to go quiet.
    """
    started = time.perf_counter()
    deadline = started + timeout_s
    documents, requests = session.documents, session.requests_started
    if grace_s:
        await asyncio.sleep(grace_s)
    await next_frame(session)
    busy_until = started + REQUEST_BOUND_S
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        if now >= busy_until and not session.navigating:
            break  # a page that keeps polling is quiet enough
        started_some = session.requests_started > requests
        if session.navigating or (started_some and session.inflight and now < busy_until):
            await asyncio.sleep(0.01)
            continue
        if started_some and not session.navigating:
            requests = session.requests_started  # a finished fetch's handler may navigate now
            await next_frame(session)
            if session.navigating or session.requests_started > requests:
                continue
        break
    # A single-page app often navigates (pushState) only when its work is done: wait out a
    # spinner or busy region first (bounded), so the next step sees where the page landed.
    await wait_not_busy(session.page, min(BUSY_WAIT_S, max(0.0, deadline - time.perf_counter())))
    if session.documents != documents or session.navigating:
        try:
            await session.page.wait_for_load_state(
                "load", timeout=max(1.0, deadline - time.perf_counter()) * 1000
            )
        except Exception as exc:  # a slow load is the next step's problem, with its own timeout
            logger.debug("page did not finish loading: %s", exc)


async def wait_not_busy(page: Any, timeout_s: float) -> bool:
    """Wait until the page shows no busy indicator (CSS locators pierce open shadow roots);
    False if one is still shown after `timeout_s`."""
    busy = page.locator(BUSY).filter(visible=True)
    deadline = time.perf_counter() + timeout_s
    while True:
        try:
            if await busy.count() == 0:
                return True
        except Exception as exc:  # the document was replaced while we looked: look again
            logger.debug("busy check interrupted: %s", exc)
        if time.perf_counter() >= deadline:
            logger.debug("still busy after %.1f s", timeout_s)
            return False
        await asyncio.sleep(0.05)
