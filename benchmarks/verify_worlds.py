"""What a cache hit's check costs on a page just loaded (issue 15): the demo's search box, from
the load to the field filled, with the check as it was (evaluate_all, in the page's world) and
as it is (the digest check in Playwright's utility world), against the action alone; --loads
fresh loads each, alternating; the medians and their ratios.

Usage: .venv/bin/python benchmarks/verify_worlds.py [--loads 12]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.browser.session import launch  # noqa: E402
from backend.demo.server import DemoServer  # noqa: E402
from backend.discovery.fingerprints import _VERIFY_JS, fingerprint_of, verify  # noqa: E402
from backend.models import LocatorCall, LocatorSpec  # noqa: E402
from backend.settings import Settings  # noqa: E402

BOX = LocatorSpec(
    calls=(
        LocatorCall(
            method="get_by_role", args=("searchbox",), kwargs={"name": "Search Pactopedia"}
        ),
    )
)


async def _main(loads: int) -> None:
    with DemoServer() as server:
        settings = Settings(_env_file=None, base_url=server.url)  # type: ignore[call-arg]
        session = await launch(settings)
        try:
            page = session.page
            await page.goto(server.url + "/wiki/Main_Page")
            expected = (await fingerprint_of(BOX.resolve(page))).checked(str)

            async def page_world() -> None:
                await BOX.resolve(page).evaluate_all(_VERIFY_JS)

            async def utility_world() -> None:
                ok, _, _ = await verify(page, BOX, expected, "fill", 0.8, 5.0)
                assert ok

            async def nothing() -> None:
                return None

            checks: dict[str, Callable[[], Awaitable[Any]]] = {
                "the action alone": nothing,
                "check in the page's world (before)": page_world,
                "digest check, utility world (now)": utility_world,
            }
            times: dict[str, list[float]] = {name: [] for name in checks}
            for i in range(loads):
                for name, check in checks.items():
                    await page.goto(f"{server.url}/wiki/Main_Page?load={i}")
                    started = time.perf_counter()
                    await check()
                    await BOX.resolve(page).fill("Playwright")
                    times[name].append((time.perf_counter() - started) * 1000)
        finally:
            await session.close()
    alone = statistics.median(times["the action alone"])
    print(f"{loads} loads each; ms from the page loaded to the field filled (median)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:36s} {median:6.1f} ms  x{median / alone:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=12)
    asyncio.run(_main(parser.parse_args().loads))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
