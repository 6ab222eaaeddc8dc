"""Where the Playwright trace's cost is (issue 15), in one process on the demo site: the same
call made with no trace, traced with DOM snapshots, traced with snapshots off, and left out of
a running trace (`untraced()`); and the trace's own start, discard and zip write.

Each measure alternates its variants in rounds, so a shared machine's load falls on all of them
alike; the figures are medians per call. The page is the demo's search results (a full page).

Usage: .venv/bin/python benchmarks/trace_cost.py [--rounds 15] [--calls 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.browser.session import PAGE_WATCH_JS, launch_options  # noqa: E402
from backend.browser.trace_scope import untraced  # noqa: E402
from backend.demo.server import DemoServer  # noqa: E402
from backend.settings import Settings  # noqa: E402

PATH = "/wiki/Special:Search?search=testing"


async def _context(browser: Any, url: str, trace: dict[str, bool] | None) -> tuple[Any, Any]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(PAGE_WATCH_JS)
    if trace is not None:
        await context.tracing.start(screenshots=False, **trace)
    page = await context.new_page()
    await page.goto(url)
    return context, page


async def _per_call(call: Callable[[], Awaitable[Any]], n: int, scope: Any = None) -> float:
    started = time.perf_counter()
    for _ in range(n):
        if scope is None:
            await call()
        else:
            with scope():
                await call()
    return (time.perf_counter() - started) * 1000 / n


async def _calls(browser: Any, url: str, rounds: int, n: int) -> dict[str, list[float]]:
    """ms per probe call (a settle-like evaluate, a count, an alerts query) per variant."""
    plain = await _context(browser, url, None)
    snaps = await _context(browser, url, {"snapshots": True})
    bare = await _context(browser, url, {"snapshots": False})
    variants = {
        "no trace": (plain[1], None),
        "traced, snapshots on (before: every call)": (snaps[1], None),
        "traced, snapshots off": (bare[1], None),
        "trace running, call untraced (this change)": (snaps[1], untraced),
    }
    out: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, (page, scope) in variants.items():

            async def probe(page: Any = page) -> None:
                await page.evaluate("() => document.readyState")
                await page.locator("[role=alert]:visible").count()

            out[name].append(await _per_call(probe, n, scope))
    for context, _ in (plain, snaps, bare):
        await context.tracing.stop() if context is not plain[0] else None
        await context.close()
    return out


async def _lifecycle(browser: Any, url: str, rounds: int, tmp: Path) -> dict[str, list[float]]:
    """The trace's own costs on a context that ran a few actions."""
    out: dict[str, list[float]] = {
        "tracing.start (snapshots on)": [],
        "tracing.stop, thrown away (a PASS)": [],
        "tracing.stop to trace.zip (a FAIL)": [],
    }
    for i in range(rounds):
        for keep in (False, True):
            context = await browser.new_context()
            started = time.perf_counter()
            await context.tracing.start(screenshots=False, snapshots=True)
            out["tracing.start (snapshots on)"].append((time.perf_counter() - started) * 1000)
            page = await context.new_page()
            await page.goto(url)
            await page.locator("h1").first.click()
            started = time.perf_counter()
            await context.tracing.stop(path=str(tmp / f"t{i}.zip") if keep else None)
            name = f"tracing.stop{' to trace.zip (a FAIL)' if keep else ', thrown away (a PASS)'}"
            out[name].append((time.perf_counter() - started) * 1000)
            await context.close()
    return out


async def main_async(rounds: int, n: int) -> None:
    from playwright.async_api import async_playwright

    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with DemoServer() as server, tempfile.TemporaryDirectory() as tmp:
        url = server.url + PATH
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options(settings))
            calls = await _calls(browser, url, rounds, n)
            life = await _lifecycle(browser, url, max(3, rounds // 3), Path(tmp))
            await browser.close()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{rounds} rounds of {n} probes (an evaluate + a count); load at the end {load}\n")
    print("| a probe call (evaluate + count) | median ms per probe |\n|---|---:|")
    for name, values in calls.items():
        print(f"| {name} | {statistics.median(values):.1f} |")
    print("\n| the trace itself | median ms |\n|---|---:|")
    for name, values in life.items():
        print(f"| {name} | {statistics.median(values):.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(main_async(args.rounds, args.calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
