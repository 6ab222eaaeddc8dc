"""`pacts test`'s event loop: Playwright's driver (a Node process) starts first, while this
process reads its settings and requirements in a thread; Chromium launches once the settings say
how. The driver's start-up is the longest fixed cost of a run before the browser, and it needs
no setting: the settings' import (pydantic) and the requirements' reading overlap it instead of
coming before it.

A bad setting or requirement is still raised before any browser starts (the driver is stopped
first: no Node process is left behind)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic's import is what the driver's start-up overlaps
    from backend.models import Requirement, Verdict


async def run_test(
    prepare: Callable[[], tuple[Any, list[Requirement], bool]],
    *,
    url: str | None,
    loops: int,
    force: bool,
) -> list[Verdict]:
    """Start the driver, `prepare()` (settings, requirements, whether to show the live line) in
    a thread meanwhile, then the suite on one browser."""
    from playwright.async_api import async_playwright

    driver = asyncio.ensure_future(async_playwright().start())
    try:
        settings, requirements, live = await asyncio.to_thread(prepare)
    except BaseException:
        await stop_driver(driver)
        raise
    from backend.cli.suite import run_suite
    from backend.telemetry.phases import phase

    run: dict[str, Any] = {"url": url, "loops": loops, "force": force, "driver": driver}
    if not live:
        with phase("event loop: the whole suite"):
            return await run_suite(settings, requirements, **run)
    from backend.telemetry.progress import LiveProgress

    with LiveProgress() as progress:
        return await run_suite(settings, requirements, **run, progress=progress)


async def stop_driver(driver: asyncio.Future[Any]) -> None:
    """Stop a driver no browser was launched on (its start may itself have failed)."""
    with contextlib.suppress(BaseException):
        playwright = await driver
        await playwright.stop()
