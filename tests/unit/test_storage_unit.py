"""The embedded cache tiers (memory LRU, SQLite) and the SelectorCache read/write path."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.models import SelectorRecord
from backend.storage.base import cache_key, route_template
from backend.storage.cache import SelectorCache
from backend.storage.memory import MemoryTier
from backend.storage.sqlite import SQLiteTier
from tests.helpers.records import make_record


@pytest.fixture
async def sqlite_tier(tmp_path: Path):  # type: ignore[no-untyped-def]
    tier = await SQLiteTier.open(tmp_path / "c.sqlite3")
    yield tier
    await tier.close()


@pytest.fixture
def memory_tier() -> MemoryTier:
    return MemoryTier(max_entries=3)


@pytest.fixture(params=["memory_tier", "sqlite_tier"])
def tier(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    return request.getfixturevalue(request.param)


async def test_tier_contract(tier) -> None:  # type: ignore[no-untyped-def]
    assert await tier.get("k1") is None
    await tier.put(make_record())
    got = await tier.get("k1")
    assert got is not None and got.selector == 'page.get_by_role("button", name="Go")'
    await tier.put(make_record(version=2, name="Search"))
    got = await tier.get("k1")
    assert got is not None and got.version == 2 and got.fingerprint.name == "Search"
    await tier.invalidate("k1")
    assert await tier.get("k1") is None
    await tier.put(make_record("a"))
    await tier.put(make_record("b"))
    assert await tier.clear() == 2
    assert await tier.get("a") is None


async def test_sqlite_never_goes_back_a_version(sqlite_tier: SQLiteTier) -> None:
    await sqlite_tier.put(make_record(version=3, name="New"))
    await sqlite_tier.put(make_record(version=2, name="Old"), reason="drift")
    got = await sqlite_tier.get("k1")
    assert got is not None and got.version == 3 and got.fingerprint.name == "New"
    history = await sqlite_tier.history("k1")
    assert [h["version"] for h in history] == [3, 2]


async def test_sqlite_corrupt_record_is_a_miss(sqlite_tier: SQLiteTier) -> None:
    await sqlite_tier.put(make_record())
    await sqlite_tier._db.execute("UPDATE selectors SET record = '{not json'")
    await sqlite_tier._db.commit()
    assert await sqlite_tier.get("k1") is None
    await sqlite_tier._db.execute("UPDATE selectors SET schema_version = 0")
    await sqlite_tier._db.commit()
    assert await sqlite_tier.get("k1") is None


async def test_memory_lru_evicts_oldest(memory_tier: MemoryTier) -> None:
    for key in ("a", "b", "c"):
        await memory_tier.put(make_record(key))
    await memory_tier.get("a")  # a is now the most recent
    await memory_tier.put(make_record("d"))
    assert await memory_tier.get("b") is None
    assert await memory_tier.get("a") is not None


async def test_memory_ttl_expires() -> None:
    tier = MemoryTier(ttl_s=-1)
    await tier.put(make_record())
    assert await tier.get("k1") is None


async def test_read_path_fast_then_persistent_then_miss(tmp_path: Path) -> None:
    persistent = await SQLiteTier.open(tmp_path / "c.sqlite3")
    fast = MemoryTier()
    cache = SelectorCache(fast, persistent, persistent)
    try:
        # an empty LRU is still a tier (it has __len__, so it is falsy)
        tiers = (await cache.get_cache_stats())["tiers"]
        assert tiers == {"fast": "memory", "persistent": "sqlite"}
        assert await cache.lookup("k1") is None
        await cache.save(make_record())
        hit = await cache.lookup("k1")
        assert hit is not None and hit.source == "fast"
        await fast.clear()
        hit = await cache.lookup("k1")
        assert hit is not None and hit.source == "persistent"
        hit = await cache.lookup("k1")  # the persistent hit warmed the fast tier
        assert hit is not None and hit.source == "fast"
        stats = await cache.get_cache_stats()
        assert (stats["redis_hits"], stats["postgres_hits"], stats["misses"]) == (2, 1, 1)
        assert stats["hit_rate"] == 75.0
        assert stats["overall"]["misses"] == 1
    finally:
        await cache.close()


async def test_stats_add_up_across_cache_instances(tmp_path: Path) -> None:
    for _ in range(2):
        tier = await SQLiteTier.open(tmp_path / "c.sqlite3")
        cache = SelectorCache(MemoryTier(), tier, tier)
        await cache.lookup("nope")
        await cache.close()
    tier = await SQLiteTier.open(tmp_path / "c.sqlite3")
    cache = SelectorCache(MemoryTier(), tier, tier)
    stats = await cache.get_cache_stats()
    assert stats["misses"] == 0 and stats["overall"]["misses"] == 2
    await cache.close()


class BrokenTier(MemoryTier):
    name = "broken"
    kind = "persistent"  # type: ignore[assignment]

    async def get(self, key: str) -> SelectorRecord | None:
        raise ConnectionError("connection refused")

    async def put(self, record: SelectorRecord, reason: str = "discovered") -> None:
        raise ConnectionError("connection refused")


async def test_a_dead_tier_is_skipped_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    cache = SelectorCache(MemoryTier(), BrokenTier())
    await cache.save(make_record())
    assert (await cache.lookup("k1")) is not None
    assert await cache.lookup("other") is None
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1
    assert (await cache.get_cache_stats())["skipped_tiers"] == ["broken"]


@pytest.mark.parametrize(
    ("url", "route"),
    [
        (
            "https://x.my.salesforce.com/lightning/r/Contact/003XX00000abcDEQAY/view",
            "/lightning/r/Contact/{id}/view",
        ),
        ("http://127.0.0.1:5000/wiki/Playwright_(software)?a=1#x", "/wiki/Playwright_(software)"),
        ("http://h/orders/12345/items/7", "/orders/{id}/items/{id}"),
        ("http://h/u/3f2b8c1e-0d4a-4b7e-9a55-1c2d3e4f5a6b", "/u/{id}"),
        ("http://h", "/"),
    ],
)
def test_route_template(url: str, route: str) -> None:
    assert route_template(url)[1] == route


def test_cache_key_depends_on_every_part() -> None:
    base = cache_key("http://a", "/", "button|go")
    assert len(base) == 64
    assert base != cache_key("http://b", "/", "button|go")
    assert base != cache_key("http://a", "/x", "button|go")
    assert base != cache_key("http://a", "/", "button|save")


async def test_sqlite_plan_store_round_trip_and_corrupt_row(tmp_path):
    from backend.storage.base import PlanStore
    from backend.storage.sqlite import SQLiteTier

    tier = await SQLiteTier.open(tmp_path / "cache.db")
    try:
        assert isinstance(tier, PlanStore)
        assert await tier.get_plan("k") is None
        await tier.put_plan("k", {"steps": [1], "model": "m"})
        await tier.put_plan("k", {"steps": [2], "model": "m"})
        assert await tier.get_plan("k") == {"steps": [2], "model": "m"}
        await tier._db.execute("UPDATE plans SET plan = '{not json' WHERE key = 'k'")
        assert await tier.get_plan("k") is None
    finally:
        await tier.close()


async def test_lookups_never_wait_for_the_counters_and_none_is_lost() -> None:
    import asyncio
    import time

    class SlowStats:
        """A stats store as slow as a distant Postgres (its real twin: tests/integration)."""

        def __init__(self) -> None:
            self.stored: dict[str, int] = {}

        async def incr(self, counters: dict[str, int]) -> None:
            await asyncio.sleep(0.2)
            for k, v in counters.items():
                self.stored[k] = self.stored.get(k, 0) + v

        async def counters(self) -> dict[str, int]:
            return dict(self.stored)

        async def reset_counters(self) -> None:
            self.stored.clear()

    fast = MemoryTier()
    await fast.put(make_record())
    stats = SlowStats()
    cache = SelectorCache(fast=fast, persistent=None, stats_store=stats)
    started = time.perf_counter()
    for _ in range(20):
        assert await cache.lookup("k1") is not None
    assert time.perf_counter() - started < 0.2  # not one lookup waited for a counter write
    overall = (await cache.get_cache_stats())["overall"]
    assert overall["redis_hits"] == 20 and stats.stored == {"redis_hits": 20}
    await cache.lookup("nope")
    await cache.close()  # pending increments are written on close
    assert stats.stored == {"redis_hits": 20, "misses": 1}
