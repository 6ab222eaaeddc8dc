"""Cold vs warm PACTS runs vs a hand-written Playwright script, on the bundled demo site.

Prints per-requirement medians and the ratios measured in this one run:
    warm / cold            what the selector cache saves
    warm / hand-written    what PACTS costs over the script a person would write

Usage: .venv/bin/python benchmarks/bench_warm_vs_cold.py [--repeat N]
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

from backend.browser.session import launch  # noqa: E402
from backend.demo.server import DEMO_PASSWORD, DemoServer  # noqa: E402
from backend.planning.loader import load_requirement  # noqa: E402
from backend.runner import run_requirement  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.storage.init import get_storage  # noqa: E402


async def hand_search(page: Any, base: str) -> None:
    """demo_search as a person writes it with Playwright."""
    from playwright.async_api import expect

    await page.goto(base + "/wiki/Main_Page")
    await page.get_by_role("searchbox", name="Search Pactopedia").fill("Playwright (software)")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Playwright (software)")
    await expect(page).to_have_title(__import__("re").compile("Playwright"))


async def hand_login(page: Any, base: str) -> None:
    """demo_login as a person writes it with Playwright."""
    from playwright.async_api import expect

    await page.goto(base + "/login")
    await page.get_by_label("Username").fill("alice")
    await page.get_by_label("Password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, alice")


HAND: dict[str, Callable[[Any, str], Awaitable[None]]] = {
    "demo_search": hand_search,
    "demo_login": hand_login,
}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


async def _measure(
    settings: Settings, session: Any, names: list[str], repeat: int
) -> dict[str, Any]:
    cold: dict[str, list[float]] = {n: [] for n in names}
    warm: dict[str, list[float]] = {n: [] for n in names}
    discoveries: dict[str, tuple[int, int]] = {}
    for _ in range(repeat):
        for name in names:
            req = load_requirement(REPO / "requirements" / f"{name}.md")
            storage = await get_storage(settings)
            cache = storage.selector_cache
            await cache.clear()
            v1 = await run_requirement(req, settings, session=session, cache=cache)
            v2 = await run_requirement(req, settings, session=session, cache=cache)
            await storage.close()
            assert v1.verdict == v2.verdict == "PASS", (name, v1.explanation, v2.explanation)
            cold[name].append(v1.duration_ms)
            warm[name].append(v2.duration_ms)
            discoveries[name] = (v1.discoveries, v2.discoveries)
    return {"cold": cold, "warm": warm, "discoveries": discoveries}


def _report(
    title: str, names: list[str], data: dict[str, Any], hand: dict[str, list[float]]
) -> None:
    print(f"\n{title}")
    print(
        f"{'requirement':24s} {'cold ms':>9s} {'warm ms':>9s} {'hand ms':>9s} "
        f"{'warm/cold':>9s} {'warm/hand':>9s} {'disc cold->warm':>16s}"
    )
    for name in names:
        c, w = _median(data["cold"][name]), _median(data["warm"][name])
        h = _median(hand[name]) if name in hand else None
        hs = f"{h:9.0f}" if h else f"{'-':>9s}"
        wh = f"{w / h:9.2f}" if h else f"{'-':>9s}"
        d = data["discoveries"][name]
        print(f"{name:24s} {c:9.0f} {w:9.0f} {hs} {w / c:9.2f} {wh} {d[0]:>8d} -> {d[1]:<5d}")
    total_c = sum(_median(data["cold"][n]) for n in names)
    total_w = sum(_median(data["warm"][n]) for n in names)
    print(f"{'all':24s} {total_c:9.0f} {total_w:9.0f} {'':9s} {total_w / total_c:9.2f}")


async def bench(repeat: int) -> int:
    os.environ.setdefault("DEMO_PASSWORD", DEMO_PASSWORD)
    names = sorted(p.stem for p in (REPO / "requirements").glob("demo_*.md"))
    hand: dict[str, list[float]] = {n: [] for n in HAND}
    with tempfile.TemporaryDirectory() as tmp, DemoServer() as server:
        root = Path(tmp)
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            home=root / ".pacts",
            runs_dir=root / "runs",
            screenshots_dir=root / "screenshots",
            generated_dir=root / "generated",
            requirements_dir=REPO / "requirements",
            base_url=server.url,
        )
        lean = settings.model_copy(update={"screenshots": "on-failure", "trace": False})
        session = await launch(settings)
        try:
            # one throw-away run so that imports and the first page load are not measured
            first = load_requirement(REPO / "requirements" / f"{names[0]}.md")
            await run_requirement(first, settings, session=session)
            default_data = await _measure(settings, session, names, repeat)
            lean_data = await _measure(lean, session, names, repeat)
            for _ in range(repeat):
                for name, script in HAND.items():
                    # a fresh context, as PACTS and pytest-playwright make for every test
                    started = time.perf_counter()
                    page = await session.fresh_page()
                    await script(page, server.url)
                    hand[name].append((time.perf_counter() - started) * 1000)
        finally:
            await session.close()
    _report(
        "default settings (a screenshot per step, a Playwright trace)", names, default_data, hand
    )
    _report("lean: PACTS_SCREENSHOTS=on-failure PACTS_TRACE=false", names, lean_data, hand)
    print(f"\n(medians of {repeat} repeats; cold = empty cache, warm = second run, same process;")
    print(" hand = the same steps written by hand with Playwright, same browser, new context)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    return asyncio.run(bench(args.repeat))


if __name__ == "__main__":
    sys.exit(main())
