#!/usr/bin/env python
"""Run one requirement N times and show the SelectorCache doing its job, loop by loop.

    python scripts/validate_cache.py --loops 5 --req demo_search [--url URL] [--embedded]

Each loop builds its storage afresh (as a new process would) and reuses one browser. It prints
one row per loop (redis_hits, postgres_hits, misses, drift, hit rate) and exits 1 unless loop 2
and every later loop reach --min-hit-rate (80 by default, in %) with 0 drift. Without --url, a
demo requirement runs against the bundled demo site, served here on a free port.
With the embedded default (no PACTS_REDIS_URL / PACTS_DATABASE_URL, or --embedded), "redis"
counts the in-process LRU and "postgres" the SQLite file, as in every PACTS report.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.errors import PactsError
from backend.models import Verdict
from backend.settings import Settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--req", required=True, help="requirement name or path")
    parser.add_argument("--loops", type=int, default=5)
    parser.add_argument("--url", help="start URL (default: the requirement's own)")
    parser.add_argument(
        "--embedded", action="store_true", help="ignore PACTS_REDIS_URL / PACTS_DATABASE_URL"
    )
    parser.add_argument("--min-hit-rate", type=float, default=80.0, help="in %% (default 80)")
    args = parser.parse_args(argv)
    if args.loops < 2:
        parser.error("--loops must be 2 or more: loop 1 fills the cache, later loops use it")
    return args


@contextlib.contextmanager
def demo_site_if_needed(name: str, url: str | None) -> Iterator[str | None]:
    """The base URL of the bundled demo site, served here, for a demo requirement run
    without --url (its own `url:` is relative to it); None otherwise."""
    if url or not Path(name).stem.startswith("demo_"):
        yield None
        return
    from backend.demo.server import DEMO_PASSWORD, DemoServer

    os.environ.setdefault("DEMO_PASSWORD", DEMO_PASSWORD)
    with DemoServer() as server:
        yield server.url


async def run_loops(settings: Settings, args: argparse.Namespace, url: str | None) -> list[Verdict]:
    from backend.browser.session import launch
    from backend.planning.loader import find_requirement, load_requirement
    from backend.runner import run_requirement
    from backend.storage.init import get_storage

    req = load_requirement(find_requirement(args.req, settings.requirements_dir))
    session = await launch(settings)
    verdicts: list[Verdict] = []
    try:
        for _ in range(args.loops):
            storage = await get_storage(settings)
            try:
                verdicts.append(
                    await run_requirement(
                        req, settings, url=url, session=session, cache=storage.selector_cache
                    )
                )
            finally:
                await storage.close()
    finally:
        await session.close()
    return verdicts


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    if args.embedded:
        settings = settings.model_copy(update={"redis_url": None, "database_url": None})
    tiers = "embedded (memory LRU + SQLite)"
    if settings.redis_url or settings.database_url:
        tiers = (
            f"redis={settings.redis_url or '-'} postgres={'set' if settings.database_url else '-'}"
        )
    try:
        with demo_site_if_needed(args.req, args.url) as demo_base:
            if demo_base:
                settings = settings.model_copy(update={"base_url": demo_base})
            print(f"validate_cache: {args.req} x {args.loops} loops; tiers: {tiers}")
            verdicts = asyncio.run(run_loops(settings, args, args.url))
    except PactsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    header = f"{'loop':>4} {'verdict':8} {'redis_hits':>10} {'postgres_hits':>13} {'misses':>6} "
    header += f"{'drift':>5} {'hit_rate':>8} {'time':>8}"
    print(header)
    ok = True
    for loop, v in enumerate(verdicts, start=1):
        c = v.cache
        rate = float(c.get("hit_rate", 0.0))
        print(
            f"{loop:>4} {v.verdict:8} {c.get('redis_hits', 0):>10} {c.get('postgres_hits', 0):>13} "
            f"{c.get('misses', 0):>6} {c.get('drift', 0):>5} {rate:>7.1f}% "
            f"{v.duration_ms / 1000:>7.2f}s"
        )
        if v.verdict != "PASS":
            ok = False
            print(f"     {v.root_cause}: {v.explanation}")
        if loop >= 2 and (rate < args.min_hit_rate or c.get("drift", 0)):
            ok = False
    print(
        "OK: loops 2+ reached the hit rate with no drift"
        if ok
        else f"FAILED: loops 2+ must all PASS with a hit rate >= {args.min_hit_rate:g}% and 0 drift"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
