"""Single flight on real Redis: N concurrent misses of one key make one discovery."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.storage.cache import SelectorCache
from backend.storage.redis_tier import LOCK_PREFIX, RedisTier
from tests.helpers.cli import REPO, pacts_with_env
from tests.helpers.pages import QuietHandler, serve
from tests.helpers.plugin import plugin_env, pytest_run
from tests.helpers.records import make_record

pytestmark = pytest.mark.redis
WORKERS = 6
#: xdist workers, each with its Chromium: few, as the 2 cores are shared.
XDIST_WORKERS = 3


async def resolve(cache: SelectorCache, key: str, discovered: list[int], *, save: bool) -> bool:
    """What the POMBuilder does: look up, and on a miss 'discover' (slowly) and save."""
    if await cache.lookup(key) is not None:
        return True
    await asyncio.sleep(0.4)  # a discovery takes a while: long enough for the others to miss
    discovered.append(1)
    if save:
        await cache.save(make_record(key, version=1, name="Search"))
    return False


async def test_concurrent_misses_make_one_discovery(redis_url: str, clean_services: None) -> None:
    caches = [
        SelectorCache(RedisTier.from_url(redis_url, ttl_s=3600), None) for _ in range(WORKERS)
    ]
    discovered: list[int] = []
    try:
        hits = await asyncio.gather(*(resolve(c, "k-one", discovered, save=True) for c in caches))
        assert len(discovered) == 1
        assert sorted(hits) == [False] + [True] * (WORKERS - 1)
        totals = {
            name: sum(c.counters()[name] for c in caches) for name in ("misses", "redis_hits")
        }
        assert totals == {"misses": 1, "redis_hits": WORKERS - 1}
        probe = RedisTier.from_url(redis_url, ttl_s=3600)
        try:
            assert not await probe.held("k-one")  # the saver released its lock
        finally:
            await probe.close()
    finally:
        for cache in caches:
            await cache.close()


async def test_holder_that_never_saves_hands_over(redis_url: str, clean_services: None) -> None:
    # The first holder fails to discover and never saves; its lock expires, one waiter takes it
    # and discovers, the rest get that waiter's record.
    caches = [
        SelectorCache(RedisTier.from_url(redis_url, ttl_s=3600), None, flight_ttl_s=1.0)
        for _ in range(4)
    ]
    discovered: list[int] = []
    try:
        first = asyncio.create_task(resolve(caches[0], "k-two", discovered, save=False))
        await asyncio.sleep(0.05)
        rest = await asyncio.gather(
            *(resolve(c, "k-two", discovered, save=True) for c in caches[1:])
        )
        assert await first is False
        assert len(discovered) == 2  # the failed holder and one successor, not four
        assert sorted(rest) == [False, True, True]
    finally:
        for cache in caches:
            await cache.close()


async def test_lock_is_released_only_by_its_owner(redis_tier: RedisTier) -> None:
    token = await redis_tier.acquire("k-three", 5000)
    assert token is not None
    assert await redis_tier.acquire("k-three", 5000) is None
    await redis_tier.release("k-three", "not-the-token")
    assert await redis_tier.held("k-three")
    await redis_tier.release("k-three", token)
    assert not await redis_tier.held("k-three")


async def test_a_lock_expires_by_itself(redis_tier: RedisTier, redis_url: str) -> None:
    assert await redis_tier.acquire("k-four", 200) is not None
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    try:
        assert 0 < await client.pttl(LOCK_PREFIX + "k-four") <= 200
    finally:
        await client.aclose()
    await asyncio.sleep(0.4)
    assert not await redis_tier.held("k-four")


async def test_processes_share_one_discovery(redis_url: str, clean_services: None) -> None:
    start_at = time.time() + 5  # after every process has imported
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.integration.flight_worker", redis_url, str(start_at)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert not any(r["skipped"] for r in results), results  # Redis answered every process
    assert sum(r["discovered"] for r in results) == 1, results
    assert sum(r["misses"] for r in results) == 1
    assert sum(r["redis_hits"] for r in results) == WORKERS - 1


BARRIER_PAGE = (
    "<!doctype html><title>Barrier</title><h1>Barrier</h1>"
    '<form role="search"><input type="search" aria-label="Query"></form>'
)
BARRIER_REQUIREMENT = (
    "---\nurl: /\n---\n# Workers released together look up the same targets\n"
    '1. Fill "pacts" into the "Query" search box\n'
    '2. Verify the heading is "Barrier"\n'
)


@pytest.fixture
def barrier_site() -> Iterator[tuple[str, threading.Barrier]]:
    """A page that answers no worker until every xdist worker has asked for it, so they all look
    up the page's targets at the same moment, on a cache none of them has filled."""
    barrier = threading.Barrier(XDIST_WORKERS, timeout=240)

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path != "/":
                self.send_html(404, "")
                return
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                self.send_html(503, "<h1>not every worker came</h1>")
                return
            self.send_html(200, BARRIER_PAGE)

    with serve(Handler) as url:
        yield url, barrier


@pytest.mark.e2e
@pytest.mark.postgres
def test_xdist_workers_on_one_cache_discover_each_target_once(
    tmp_path: Path,
    redis_url: str,
    postgres_url: str,
    clean_services: None,
    barrier_site: tuple[str, threading.Barrier],
) -> None:
    # Copies of one requirement as pytest items, one per xdist worker, on one shared Redis +
    # Postgres cache, all released together: one miss per target, not one per worker.
    url, barrier = barrier_site
    work = tmp_path / "work"
    (work / "requirements").mkdir(parents=True)
    for n in range(XDIST_WORKERS):
        (work / "requirements" / f"released_{n}.md").write_text(BARRIER_REQUIREMENT, "utf-8")
    env = plugin_env(
        tmp_path,
        PACTS_REDIS_URL=redis_url,
        PACTS_DATABASE_URL=postgres_url,
        # the page waits for the slowest worker's Chromium
        PACTS_NAVIGATION_TIMEOUT_S="240",
        PACTS_STEP_TIMEOUT_S="240",
    )
    args = ("requirements/", "--base-url", url, "-n", str(XDIST_WORKERS))
    result = pytest_run(*args, cwd=work, env=env, timeout=600)
    assert not barrier.broken, "the workers did not all reach the page"
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert f"{XDIST_WORKERS} passed" in result.stdout
    assert f"created: {XDIST_WORKERS}/{XDIST_WORKERS} workers" in result.stdout
    runs = [_verdict(p) for p in sorted((work / "runs").glob("*/verdict.json"))]
    assert len(runs) == XDIST_WORKERS and all(r["verdict"] == "PASS" for r in runs)
    assert sum(r["discoveries"] for r in runs) == 2  # the search box and the heading, once
    stats = pacts_with_env(["cache", "stats", "--json"], {**env, "PYTHONPATH": str(REPO)})
    assert stats.returncode == 0, stats.stderr
    shared = json.loads(stats.stdout)  # every worker's counters, from Postgres
    assert shared["misses"] == 2, shared  # one miss per target, not one per worker
    assert shared["redis_hits"] + shared["postgres_hits"] == 2 * (XDIST_WORKERS - 1), shared
    assert shared["records"] == {"redis": 2, "postgres": 2}


def _verdict(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
