"""SelectorCache lookup latency per tier against discovery on a ~300-element page.

Prints median and p95 (ms) of:
    redis hit        SelectorCache.lookup served by Redis
    postgres hit     served by Postgres (Redis emptied of the key first)
    memory / sqlite  the embedded default's tiers
    verify           the check every hit gets before use (one element, fingerprint)
    discovery miss   discovery of the same targets on the live page
and the ratios discovery / redis and discovery / postgres, all measured in this one run.

Needs Redis and Postgres (`make services`); uses Redis DB 15 and a `pacts_bench` database.
Usage: .venv/bin/python benchmarks/bench_cache.py [--elements 300] [--lookups 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.browser.session import launch  # noqa: E402
from backend.discovery.engine import discover  # noqa: E402
from backend.discovery.fingerprints import verify  # noqa: E402
from backend.models import SelectorRecord, Target  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.storage.base import cache_key, route_template  # noqa: E402
from backend.storage.cache import SelectorCache  # noqa: E402
from backend.storage.memory import MemoryTier  # noqa: E402
from backend.storage.postgres import PostgresTier  # noqa: E402
from backend.storage.redis_tier import RedisTier  # noqa: E402
from backend.storage.sqlite import SQLiteTier  # noqa: E402
from benchmarks.synthetic_page import serve, synthetic_page  # noqa: E402

REDIS_URL = os.environ.get("PACTS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
SERVER_URL = os.environ.get("PACTS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")


def stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def bench_database() -> str:
    import asyncpg

    conn = await asyncpg.connect(SERVER_URL + "/postgres")
    try:
        await conn.execute("DROP DATABASE IF EXISTS pacts_bench WITH (FORCE)")
        await conn.execute("CREATE DATABASE pacts_bench")
    finally:
        await conn.close()
    return SERVER_URL + "/pacts_bench"


def targets(elements: int) -> list[tuple[Target, str]]:
    cards = max(1, (elements - 30) // 10)
    picks = [cards * i // 20 for i in range(20)]
    out: list[tuple[Target, str]] = []
    for i, card in enumerate(picks):
        kind = i % 4
        if kind == 0:
            out.append((Target(kind="button", name=f"Action {card}"), "click"))
        elif kind == 1:
            out.append((Target(kind="textbox", name=f"Field {card}"), "fill"))
        elif kind == 2:
            out.append((Target(kind="link", name=f"Details {card}"), "click"))
        else:
            out.append((Target(kind="combobox", name=f"Choice {card}"), "select"))
    return out


async def timed_lookups(
    cache: SelectorCache, keys: list[str], rounds: int, before=None
) -> list[float]:  # type: ignore[no-untyped-def]
    samples: list[float] = []
    for r in range(rounds):
        key = keys[r % len(keys)]
        if before is not None:
            await before(key)
        started = time.perf_counter()
        hit = await cache.lookup(key)
        samples.append((time.perf_counter() - started) * 1000)
        assert hit is not None
    return samples


async def main(elements: int, lookups: int) -> int:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    postgres_url = await bench_database()
    session = await launch(settings)
    redis = RedisTier.from_url(REDIS_URL, ttl_s=3600)
    postgres = PostgresTier(postgres_url)
    tmp = tempfile.TemporaryDirectory()
    sqlite = await SQLiteTier.open(Path(tmp.name) / "bench.sqlite3")
    memory = MemoryTier()
    try:
        await redis._redis.flushdb()
        with serve(synthetic_page(elements)) as url:
            page = session.page
            await page.goto(url)
            count = await page.evaluate("document.querySelectorAll('body *').length")
            origin, route = route_template(url)
            discovery_ms: list[float] = []
            verify_ms: list[float] = []
            records: list[SelectorRecord] = []
            for _ in range(2):  # two passes over 20 targets: 40 discoveries
                for target, action in targets(elements):
                    started = time.perf_counter()
                    found = await discover(page, target, action, timeout_s=5)
                    discovery_ms.append((time.perf_counter() - started) * 1000)
                    key = cache_key(origin, route, target.canonical())
                    records.append(
                        SelectorRecord(
                            key=key,
                            origin=origin,
                            route=route,
                            target=target.canonical(),
                            selector=found.locator.expr(),
                            locator=found.locator,
                            strategy=found.strategy,
                            fingerprint=found.fingerprint,
                        )
                    )
            for record in records[:20]:
                started = time.perf_counter()
                ok, _, _ = await verify(
                    page, record.locator, record.fingerprint, "click", 0.6, timeout_s=2
                )
                verify_ms.append((time.perf_counter() - started) * 1000)
                assert ok
        keys = [r.key for r in records[:20]]
        shared = SelectorCache(fast=redis, persistent=postgres)
        embedded = SelectorCache(fast=memory, persistent=sqlite)
        for record in records[:20]:
            await shared.save(record)
            await embedded.save(record)
        results = {
            "redis hit": await timed_lookups(shared, keys, lookups),
            "postgres hit": await timed_lookups(shared, keys, lookups, before=redis.invalidate),
            "memory hit": await timed_lookups(embedded, keys, lookups),
            "sqlite hit": await timed_lookups(embedded, keys, lookups, before=memory.invalidate),
            "verify (per hit)": verify_ms,
            "discovery miss": discovery_ms,
        }
    finally:
        await redis._redis.flushdb()
        await redis.close()
        await postgres.close()
        await sqlite.close()
        await session.close()
        tmp.cleanup()
    print(f"page: {count} elements; {lookups} lookups per tier; {len(discovery_ms)} discoveries")
    print(f"{'':18s} {'median ms':>10s} {'p95 ms':>9s}")
    medians = {}
    for name, samples in results.items():
        median, p95 = stats(samples)
        medians[name] = median
        print(f"{name:18s} {median:10.2f} {p95:9.2f}")
    d = medians["discovery miss"]
    print(f"discovery / redis hit     {d / medians['redis hit']:8.0f}x")
    print(f"discovery / postgres hit  {d / medians['postgres hit']:8.0f}x")
    warm = medians["redis hit"] + medians["verify (per hit)"]
    print(f"discovery / (redis hit + verify) {d / warm:5.1f}x")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=300)
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.elements, args.lookups)))
