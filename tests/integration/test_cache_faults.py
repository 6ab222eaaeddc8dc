"""The SelectorCache over real Redis + Postgres: read path, faults, restarts, shared stats."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.settings import Settings
from backend.storage.cache import SelectorCache
from backend.storage.init import get_storage
from backend.storage.postgres import PostgresTier
from backend.storage.redis_tier import RedisTier
from tests.helpers.pages import free_port
from tests.helpers.records import make_record

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def test_read_path_redis_then_postgres_then_discovery(
    redis_tier: RedisTier, postgres_tier: PostgresTier
) -> None:
    cache = SelectorCache(fast=redis_tier, persistent=postgres_tier, stats_store=postgres_tier)
    assert await cache.lookup("k1") is None  # miss: discovery's turn
    await cache.save(make_record())
    assert await postgres_tier.get("k1") is not None and await redis_tier.get("k1") is not None
    hit = await cache.lookup("k1")
    assert hit is not None and hit.source == "fast" and cache.tier_name(hit.source) == "redis"
    await redis_tier._redis.flushdb()  # Redis lost everything: Postgres serves and warms it
    hit = await cache.lookup("k1")
    assert hit is not None and hit.source == "persistent"
    assert await redis_tier.get("k1") is not None
    hit = await cache.lookup("k1")
    assert hit is not None and hit.source == "fast"
    stats = await cache.get_cache_stats()
    assert (stats["redis_hits"], stats["postgres_hits"], stats["misses"]) == (2, 1, 1)
    assert stats["hit_rate"] == 75.0
    assert stats["overall"]["redis_hits"] == 2  # counted in Postgres too


async def test_redis_down_postgres_serves(
    postgres_tier: PostgresTier, caplog: pytest.LogCaptureFixture
) -> None:
    dead = RedisTier.from_url(f"redis://127.0.0.1:{free_port()}/0", ttl_s=60)
    cache = SelectorCache(fast=dead, persistent=postgres_tier, stats_store=postgres_tier)
    try:
        await cache.save(make_record())
        for _ in range(3):
            hit = await cache.lookup("k1")
            assert hit is not None and hit.source == "persistent"
        stats = await cache.get_cache_stats()
        assert stats["skipped_tiers"] == ["redis"]
        assert stats["postgres_hits"] == 3
        assert len([w for w in warnings_of(caplog) if "redis is unavailable" in w]) == 1
    finally:
        await cache.close()


async def test_postgres_down_redis_serves(
    redis_tier: RedisTier, caplog: pytest.LogCaptureFixture
) -> None:
    dead = PostgresTier(f"postgresql://postgres@127.0.0.1:{free_port()}/nope", timeout_s=1)
    cache = SelectorCache(fast=redis_tier, persistent=dead, stats_store=dead)
    try:
        assert await cache.lookup("k1") is None
        await cache.save(make_record())
        hit = await cache.lookup("k1")
        assert hit is not None and hit.source == "fast"
        stats = await cache.get_cache_stats()
        assert stats["skipped_tiers"] == ["postgres"]
        assert (stats["redis_hits"], stats["misses"]) == (1, 1)
        assert len([w for w in warnings_of(caplog) if "postgres is unavailable" in w]) == 1
    finally:
        await cache.close()


async def test_both_down_discovery_alone(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        redis_url=f"redis://127.0.0.1:{free_port()}/0",
        database_url=f"postgresql://postgres@127.0.0.1:{free_port()}/nope",
    )
    storage = await get_storage(settings)
    cache = storage.selector_cache
    try:
        started = time.perf_counter()
        for _ in range(5):
            assert await cache.lookup("k1") is None
            await cache.save(make_record())
        assert time.perf_counter() - started < 10  # skipped, not retried on every call
        stats = await cache.get_cache_stats()
        assert stats["misses"] == 5 and sorted(stats["skipped_tiers"]) == ["postgres", "redis"]
        assert len(warnings_of(caplog)) == 2
    finally:
        await storage.close()


async def test_flushed_redis_between_runs_is_refilled_from_postgres(
    redis_url: str, postgres_url: str, clean_services: None
) -> None:
    settings = Settings(_env_file=None, redis_url=redis_url, database_url=postgres_url)  # type: ignore[call-arg]
    first = await get_storage(settings)
    await first.selector_cache.save(make_record())
    await first.close()
    flusher = RedisTier.from_url(redis_url, ttl_s=60)
    await flusher._redis.flushdb()
    await flusher.close()
    second = await get_storage(settings)
    try:
        hits = [await second.selector_cache.lookup("k1") for _ in range(2)]
        assert [h.source if h else None for h in hits] == ["persistent", "fast"]
    finally:
        await second.close()


async def test_stats_survive_restarts_and_add_up_across_processes(
    redis_url: str, postgres_url: str, clean_services: None
) -> None:
    settings = Settings(_env_file=None, redis_url=redis_url, database_url=postgres_url)  # type: ignore[call-arg]
    for _ in range(2):  # two "processes", one after the other
        storage = await get_storage(settings)
        await storage.selector_cache.lookup("k1")
        await storage.selector_cache.save(make_record())
        await storage.selector_cache.lookup("k1")
        await storage.close()
    storage = await get_storage(settings)
    try:
        stats = await storage.selector_cache.get_cache_stats()
        assert stats["misses"] == 0  # this process did nothing yet
        assert stats["overall"]["misses"] == 1 and stats["overall"]["redis_hits"] == 3
        assert stats["tiers"] == {"fast": "redis", "persistent": "postgres"}
        assert isinstance(storage.plan_store, PostgresTier)
    finally:
        await storage.close()


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    """A redis-server of the test's own on a spare port; the test may stop and restart it."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed: run `make services`"
    port = free_port()
    procs: list[subprocess.Popen[bytes]] = []
    yield port, procs
    for proc in procs:
        proc.kill()
        proc.wait()


def start_redis(port: int, procs: list[subprocess.Popen[bytes]]) -> None:
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    procs.append(proc)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            import socket

            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"redis-server on port {port} did not start")


async def test_redis_stopped_and_restarted_mid_run_is_used_again(
    own_redis: tuple[int, list[subprocess.Popen[bytes]]],
    postgres_tier: PostgresTier,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port, procs = own_redis
    start_redis(port, procs)
    redis = RedisTier.from_url(f"redis://127.0.0.1:{port}/0", ttl_s=60)
    cache = SelectorCache(
        fast=redis, persistent=postgres_tier, stats_store=postgres_tier, retry_down_s=0.2
    )
    try:
        await cache.save(make_record())
        assert (await cache.lookup("k1")).source == "fast"  # type: ignore[union-attr]
        procs[-1].kill()
        procs[-1].wait()
        assert (await cache.lookup("k1")).source == "persistent"  # type: ignore[union-attr]
        start_redis(port, procs)  # an empty server, as after a restart without persistence
        await asyncio.sleep(0.3)
        sources = [(await cache.lookup("k1")).source for _ in range(2)]  # type: ignore[union-attr]
        assert sources == ["persistent", "fast"]  # refilled from Postgres, then served again
        messages = warnings_of(caplog)
        assert any("redis is unavailable" in m for m in messages)
        assert any("redis is back" in m for m in messages)
    finally:
        await cache.close()
