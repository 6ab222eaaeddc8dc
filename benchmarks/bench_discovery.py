"""Discovery latency per element on pages of 300, 1,000, 3,000 and 10,000 elements.

For each size: 20 targets spread over the page (buttons, fields, links, dropdowns), each
discovered twice on the live page; prints median and p95 in ms and the growth against the
300-element page, measured in this one run. Goal (issue 4): a median of 50 ms or less at 300.
Usage: .venv/bin/python benchmarks/bench_discovery.py [--sizes 300,1000,3000,10000]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.browser.session import launch  # noqa: E402
from backend.discovery.engine import discover  # noqa: E402
from backend.settings import Settings  # noqa: E402
from benchmarks.bench_cache import targets  # noqa: E402
from benchmarks.synthetic_page import serve, synthetic_page  # noqa: E402


async def measure(sizes: list[int]) -> list[tuple[int, int, float, float]]:
    session = await launch(Settings(_env_file=None))  # type: ignore[call-arg]
    rows = []
    try:
        for size in sizes:
            with serve(synthetic_page(size)) as url:
                await session.page.goto(url)
                count = await session.page.evaluate("document.querySelectorAll('body *').length")
                samples = []
                for _ in range(2):
                    for target, action in targets(size):
                        started = time.perf_counter()
                        await discover(session.page, target, action, timeout_s=10)
                        samples.append((time.perf_counter() - started) * 1000)
                samples.sort()
                p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
                rows.append((size, count, statistics.median(samples), p95))
    finally:
        await session.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,1000,3000,10000")
    args = parser.parse_args()
    rows = asyncio.run(measure([int(s) for s in args.sizes.split(",")]))
    base = rows[0]
    print(
        f"{'page':>8} {'elements':>9} {'median ms':>10} {'p95 ms':>8} {'x size':>7} {'x median':>9}"
    )
    for size, count, median, p95 in rows:
        print(
            f"{size:>8} {count:>9} {median:>10.1f} {p95:>8.1f} "
            f"{count / base[1]:>7.1f} {median / base[2]:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
