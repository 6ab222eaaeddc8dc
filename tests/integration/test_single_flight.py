"""Single flight on real Redis: N concurrent misses of one key make one discovery."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time

import pytest

from backend.storage.cache import SelectorCache
from backend.storage.redis_tier import LOCK_PREFIX, RedisTier
from tests.helpers.cli import REPO
from tests.helpers.records import make_record

pytestmark = pytest.mark.redis
WORKERS = 6


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
