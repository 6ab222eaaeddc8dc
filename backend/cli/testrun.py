"""`pacts test`'s event loop: Playwright's driver (a Node process) starts first, while this
process reads its settings and requirements in a thread; Chromium launches as soon as the
driver is up, with the options the environment gives (backend/browser/driver.py), and the
suite takes that browser once the settings confirm them. The driver's start-up is the longest
fixed cost of a run before the browser, and it needs no setting: the settings' import
(pydantic) and the requirements' reading overlap it instead of coming before it.

A bad setting or requirement is still raised before any test runs (the browser and the driver
are stopped first: no Node or Chromium process is left behind)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic's import is what the driver's start-up overlaps
    from backend.browser.driver import EarlyLaunch
    from backend.models import Requirement, Verdict


async def run_test(
    prepare: Callable[[], tuple[Any, list[Requirement], bool]],
    *,
    url: str | None,
    loops: int,
    force: bool,
    headed: bool = False,
) -> list[Verdict]:
    """Start the driver and an early browser, `prepare()` (settings, requirements, whether to
    show the live line) in a thread meanwhile, then the suite on one browser."""
    from backend.browser.driver import EarlyLaunch, guessed_options, start_driver
    from backend.telemetry.phases import mark_since_start

    gc.disable()  # until the suite's imports are done (run_suite's imports_done())
    driver = start_driver()
    driver.add_done_callback(lambda _: mark_since_start("process start to the driver up"))
    options = guessed_options(headed=headed)
    early = EarlyLaunch.start(driver, options) if options is not None else None
    try:
        try:
            settings, requirements, live = await asyncio.to_thread(prepare)
        except BaseException:
            await stop_driver(driver, early)
            raise
        mark_since_start("process start to settings + requirements read")
        run = {"url": url, "loops": loops, "force": force, "driver": driver, "early": early}
        verdicts = await _suite(settings, requirements, live, run)
        mark_since_start("process start to the suite's end")
        return verdicts
    finally:
        gc.enable()
        if early is not None:  # a suite that stopped before its launch took the browser
            await early.discard()


async def _suite(
    settings: Any,
    requirements: list[Requirement],
    live: bool,
    run: dict[str, Any],
) -> list[Verdict]:
    """`run_suite` with the live progress line or without."""
    from backend.cli.suite import run_suite
    from backend.telemetry.phases import phase

    if not live:
        with phase("event loop: the whole suite"):
            return await run_suite(settings, requirements, **run)
    from backend.telemetry.progress import LiveProgress

    with LiveProgress() as progress:
        return await run_suite(settings, requirements, **run, progress=progress)


async def stop_driver(driver: asyncio.Future[Any], early: EarlyLaunch | None = None) -> None:
    """Stop a driver no suite ran on (its start may itself have failed), and the browser
    launched early on it."""
    if early is not None:
        await early.discard()
    with contextlib.suppress(BaseException):
        playwright = await driver
        await playwright.stop()
