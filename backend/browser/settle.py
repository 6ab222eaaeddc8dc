"""Waits after an action until a navigation it started has landed, so the next step sees it."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from backend.browser.session import BrowserSession

logger = logging.getLogger(__name__)

#: How long an action may take to start a navigation after it returns (form submit, JS).
NAVIGATION_GRACE_S = 0.1
#: What a page shows while it works on an action: a spinner, an indeterminate progress bar, a
#: busy region. A single-page app often navigates (history.pushState) only when it is done:
#: the Lightning login spins for half a second, then moves to /lightning/page/home.
BUSY = '[aria-busy="true"], [role="progressbar"]:not([aria-valuenow]), [class*="spinner"]'
#: The longest wait for a busy indicator to go: a page that always shows one is held up no more.
BUSY_WAIT_S = 5.0


async def settle(
    session: BrowserSession, timeout_s: float, grace_s: float = NAVIGATION_GRACE_S
) -> None:
    """Return once no main-frame navigation is in flight, no busy indicator is shown (so a
    client-side navigation made at the end of the work has happened) and the page has loaded."""
    await asyncio.sleep(grace_s)
    deadline = time.perf_counter() + timeout_s
    while session.navigating and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    await wait_not_busy(session.page, min(BUSY_WAIT_S, max(0.0, deadline - time.perf_counter())))
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
