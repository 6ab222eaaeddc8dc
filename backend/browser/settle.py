"""Waits after an action until a navigation it started has landed, so the next step sees it."""

from __future__ import annotations

import asyncio
import logging
import time

from backend.browser.session import BrowserSession

logger = logging.getLogger(__name__)

#: How long an action may take to start a navigation after it returns (form submit, JS).
NAVIGATION_GRACE_S = 0.1


async def settle(
    session: BrowserSession, timeout_s: float, grace_s: float = NAVIGATION_GRACE_S
) -> None:
    """Return once no main-frame navigation is in flight and the page has loaded."""
    await asyncio.sleep(grace_s)
    deadline = time.perf_counter() + timeout_s
    while session.navigating and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    try:
        await session.page.wait_for_load_state(
            "load", timeout=max(1.0, deadline - time.perf_counter()) * 1000
        )
    except Exception as exc:  # a slow load is the next step's problem, with its own timeout
        logger.debug("page did not finish loading: %s", exc)
