"""One contract, four tiers: memory LRU, SQLite, real Redis, real Postgres."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backend.storage.base import KEY_PREFIX, CacheTier, PlanStore, StatsStore
from backend.storage.memory import MemoryTier
from backend.storage.postgres import MIGRATIONS, PostgresTier
from backend.storage.redis_tier import STATS_KEY, RedisTier
from backend.storage.sqlite import SQLiteTier
from tests.helpers.records import make_record


@pytest.fixture
def memory_tier() -> MemoryTier:
    return MemoryTier(max_entries=100)


@pytest.fixture
async def sqlite_tier(tmp_path: Path):  # type: ignore[no-untyped-def]
    tier = await SQLiteTier.open(tmp_path / "c.sqlite3")
    yield tier
    await tier.close()


ALL = [
    "memory_tier",
    "sqlite_tier",
    pytest.param("redis_tier", marks=pytest.mark.redis),
    pytest.param("postgres_tier", marks=pytest.mark.postgres),
]
SHARED = [
    "sqlite_tier",
    pytest.param("redis_tier", marks=pytest.mark.redis),
    pytest.param("postgres_tier", marks=pytest.mark.postgres),
]


@pytest.fixture(params=ALL)
def tier(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


@pytest.fixture(params=SHARED)
def stats_tier(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


async def corrupt(tier: Any, key: str, how: str) -> None:
    """Write a record the tier cannot read: bad JSON, or an old schema version."""
    if isinstance(tier, RedisTier):
        raw = "{not json" if how == "json" else json.dumps({"schema": 0, "record": {}})
        await tier._redis.set(KEY_PREFIX + key, raw)
    elif isinstance(tier, SQLiteTier):
        column = "record = '{not json'" if how == "json" else "schema_version = 0"
        await tier._db.execute(f"UPDATE selectors SET {column} WHERE key = ?", (key,))
        await tier._db.commit()
    else:
        assert isinstance(tier, PostgresTier), "the memory tier holds only what it wrote itself"
        column = "record = '{not json'" if how == "json" else "schema_version = 0"
        await (await tier.pool()).execute(f"UPDATE selectors SET {column} WHERE key = $1", key)


async def test_get_put_update_invalidate_clear(tier: CacheTier) -> None:
    assert isinstance(tier, CacheTier)
    assert await tier.get("k1") is None
    await tier.put(make_record())
    got = await tier.get("k1")
    assert got is not None and got.selector == 'page.get_by_role("button", name="Go")'
    await tier.put(make_record(version=2, name="Search"), reason="drift")
    got = await tier.get("k1")
    assert got is not None and got.version == 2 and got.fingerprint.name == "Search"
    await tier.invalidate("k1")
    assert await tier.get("k1") is None
    await tier.put(make_record("a"))
    await tier.put(make_record("b"))
    assert sorted(r.key for r in await tier.records()) == ["a", "b"]  # type: ignore[attr-defined]
    assert await tier.clear() == 2
    assert await tier.get("a") is None and await tier.get("b") is None


async def test_a_record_comes_back_equal(tier: CacheTier) -> None:
    record = make_record(name='Recherche \u00e9 "quoted" \\ ${X}')
    await tier.put(record)
    assert await tier.get(record.key) == record


@pytest.mark.parametrize("how", ["json", "schema"])
@pytest.mark.parametrize("tier", SHARED, indirect=True)
async def test_a_corrupt_record_is_a_miss_and_is_replaced(tier: CacheTier, how: str) -> None:
    await tier.put(make_record(version=4))
    await corrupt(tier, "k1", how)
    assert await tier.get("k1") is None
    # The fresh discovery's version 1 must win over the unreadable version 4.
    await tier.put(make_record(version=1, name="Fresh"))
    got = await tier.get("k1")
    assert got is not None and got.fingerprint.name == "Fresh"


@pytest.mark.parametrize("tier", SHARED, indirect=True)
async def test_shared_tiers_never_go_back_a_version(tier: Any) -> None:
    await tier.put(make_record(version=3, name="New"), reason="drift")
    await tier.put(make_record(version=2, name="Stale"), reason="healed")
    got = await tier.get("k1")
    assert got is not None and got.version == 3 and got.fingerprint.name == "New"
    await tier.put(make_record(version=3, name="Same version, newer write"))
    got = await tier.get("k1")
    assert got is not None and got.fingerprint.name == "Same version, newer write"


@pytest.mark.parametrize(
    "tier",
    ["sqlite_tier", pytest.param("postgres_tier", marks=pytest.mark.postgres)],
    indirect=True,
)
async def test_persistent_tiers_never_go_back_and_keep_history(tier: Any) -> None:
    await tier.put(make_record(version=1, name="Go"))
    await tier.put(make_record(version=3, name="New"), reason="drift")
    await tier.put(make_record(version=2, name="Stale"), reason="healed")
    got = await tier.get("k1")
    assert got is not None and got.version == 3 and got.fingerprint.name == "New"
    history = await tier.history("k1")
    assert [(h["version"], h["reason"]) for h in history] == [
        (1, "discovered"),
        (3, "drift"),
        (2, "healed"),
    ]
    assert history[1]["fingerprint"]["name"] == "New"


async def test_counters_add_up_and_reset(stats_tier: Any) -> None:
    assert isinstance(stats_tier, StatsStore)
    await stats_tier.reset_counters()
    await stats_tier.incr({"misses": 2, "redis_hits": 1})
    await stats_tier.incr({"misses": 1, "drift": 0})
    assert await stats_tier.counters() == {"misses": 3, "redis_hits": 1}
    await stats_tier.reset_counters()
    assert await stats_tier.counters() == {}


@pytest.mark.parametrize(
    "tier",
    ["sqlite_tier", pytest.param("postgres_tier", marks=pytest.mark.postgres)],
    indirect=True,
)
async def test_plan_store(tier: Any) -> None:
    assert isinstance(tier, PlanStore)
    assert await tier.get_plan("p") is None
    await tier.put_plan("p", {"steps": [{"action": "click"}], "model": "m"})
    await tier.put_plan("p", {"steps": [], "model": "m2"})
    assert await tier.get_plan("p") == {"steps": [], "model": "m2"}


@pytest.mark.redis
async def test_redis_writes_with_setex_and_scan(redis_tier: RedisTier) -> None:
    tier = RedisTier(redis_tier._redis, ttl_s=120)
    await tier.put(make_record("ttl"))
    assert 0 < await tier.ttl("ttl") <= 120
    assert await tier._redis.exists(KEY_PREFIX + "ttl") == 1
    await tier.incr({"misses": 1})
    assert await tier._redis.hget(STATS_KEY, "misses") == b"1"
    # many keys, listed with SCAN in batches
    for i in range(1200):
        await tier._redis.set(f"{KEY_PREFIX}bulk{i}", "x")
    assert len(await tier.keys()) == 1201
    assert await tier.clear() == 1201


@pytest.mark.postgres
async def test_postgres_migrations_are_recorded_and_idempotent(
    postgres_tier: PostgresTier, postgres_url: str
) -> None:
    pool = await postgres_tier.pool()
    rows = await pool.fetch("SELECT version FROM pacts_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [m[0] for m in MIGRATIONS]
    columns = {
        r["column_name"]
        for r in await pool.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'selectors'"
        )
    }
    assert {"key", "origin", "route", "target", "version", "schema_version"} <= columns
    second = PostgresTier(postgres_url)
    try:
        from backend.storage.postgres import migrate

        async with (await second.pool()).acquire() as conn:
            assert await migrate(conn) == []
    finally:
        await second.close()
