"""Telemetry in the real shared tiers: totals and runs in SQLite and Postgres, Redis increments
drained by the collector, retention and VACUUM ANALYZE on the real Postgres."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from backend.settings import Settings
from backend.storage.init import Storage, get_storage
from backend.storage.postgres import TABLES, PostgresTier
from backend.storage.sqlite import SQLiteTier
from backend.telemetry.collector import Aggregator
from backend.telemetry.maintenance import vacuum
from backend.telemetry.metrics import Recorder, total
from backend.telemetry.run import _write, run_row
from backend.telemetry.store import METRICS_KEY, PostgresTelemetry, SQLiteTelemetry
from tests.helpers.cli import run_in_repo as run
from tests.helpers.cli import service_env
from tests.helpers.records import make_record
from tests.helpers.telemetry import sample_verdict as _verdict


def _settings(tmp_path: Path, redis_url: str | None, postgres_url: str | None) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        home=tmp_path / ".pacts",
        runs_dir=tmp_path / "runs",
        redis_url=redis_url,
        database_url=postgres_url,
    )


@pytest.fixture
async def shared(
    tmp_path: Path, redis_url: str, postgres_url: str, clean_services: None
) -> AsyncIterator[Storage]:
    storage = await get_storage(_settings(tmp_path, redis_url, postgres_url))
    yield storage
    await storage.close()


@pytest.fixture
async def embedded(tmp_path: Path) -> AsyncIterator[Storage]:
    storage = await get_storage(_settings(tmp_path, None, None))
    yield storage
    await storage.close()


def _batch(verdict: str = "PASS") -> dict[str, float]:
    recorder = Recorder()
    from backend.telemetry.run import record_verdict

    record_verdict(recorder, _verdict(verdict, None if verdict == "PASS" else "timeout"))
    return recorder.take()


@pytest.fixture(
    params=["embedded", pytest.param("shared", marks=[pytest.mark.redis, pytest.mark.postgres])]
)
def storage(request: pytest.FixtureRequest) -> Storage:
    """The embedded tiers (SQLite), then the shared ones (Postgres)."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


async def test_totals_and_runs_add_up_in_the_persistent_tier(storage: Storage) -> None:
    tier = storage.selector_cache.persistent.name  # type: ignore[union-attr]
    persistent: Any = storage.selector_cache.persistent
    store = SQLiteTelemetry(persistent) if tier == "sqlite" else PostgresTelemetry(persistent)
    await store.add(_batch())
    await store.add(_batch("FAIL"))
    totals = await store.totals()
    assert total(totals, "pacts_runs_total") == 2
    assert total(totals, "pacts_runs_total", verdict="FAIL", root_cause="timeout") == 1
    assert total(totals, "pacts_step_duration_seconds_count", action="click") == 2
    for i in range(3):
        row = run_row(_verdict())
        row.update(run_id=f"run-{i}", started_at=f"2026-03-0{i + 1}T10:00:00.000+00:00")
        await store.add_run(row)
        await store.add_run(row)  # the same run twice is one run
    recent = await store.recent_runs(2)
    assert [r["run_id"] for r in recent] == ["run-2", "run-1"]
    assert recent[0]["summary"]["steps"][0]["source"] == "Click Save"


@pytest.mark.redis
@pytest.mark.postgres
async def test_every_process_adds_up_and_the_collector_moves_redis_into_postgres(
    shared: Storage, redis_url: str
) -> None:
    cache = shared.selector_cache
    # three "workers" write at once, as CI jobs do
    await asyncio.gather(*(_write(cache, _batch(), run_row(_verdict())) for _ in range(3)))
    redis = cache.fast.client  # type: ignore[union-attr]
    assert await redis.hlen(METRICS_KEY) > 0
    aggregator = Aggregator(cache)
    snapshot = await aggregator.collect()
    assert total(snapshot.totals, "pacts_runs_total", verdict="PASS") == 3
    assert await redis.exists(METRICS_KEY) == 0  # drained into Postgres
    pool = await cache.persistent.pool()  # type: ignore[union-attr]
    name = 'pacts_runs_total{root_cause="none",verdict="PASS"}'
    durable = await pool.fetchval("SELECT value FROM metric_totals WHERE name = $1", name)
    assert durable == 3
    await _write(cache, _batch("FAIL"), run_row(_verdict()))
    again = await aggregator.collect()  # no double count of what was drained before
    assert total(again.totals, "pacts_runs_total") == 4
    assert 'pacts_cache_records{tier="postgres"}' in again.gauges


@pytest.mark.postgres
async def test_retention_prunes_old_runs_and_old_versions_but_keeps_current_ones(
    shared: Storage, postgres_url: str
) -> None:
    tier: Any = shared.selector_cache.persistent
    await tier.put(make_record("k1", 1, "Go"), "discovered")
    await tier.put(make_record("k1", 2, "Search"), "drift")
    pool = await tier.pool()
    await pool.execute("UPDATE selector_history SET created_at = now() - interval '400 days'")
    store = PostgresTelemetry(tier)
    for run_id, age in (("old", 400), ("new", 1)):
        row = run_row(_verdict())
        row.update(run_id=run_id)
        await store.add_run(row)
        await pool.execute(
            "UPDATE runs SET started_at = now() - make_interval(days => $1) WHERE run_id = $2",
            age,
            run_id,
        )
    pruned = await tier.prune(90)
    assert pruned == {"selector_history": 1, "runs": 1}
    history = await tier.history("k1")
    assert [h["version"] for h in history] == [2]  # the current version stays, however old
    assert [r["run_id"] for r in await store.recent_runs(10)] == ["new"]


@pytest.mark.postgres
def test_pacts_cache_vacuum_on_the_real_postgres(tmp_path: Path, postgres_url: str) -> None:
    env = service_env(tmp_path, None, postgres_url)
    result = run([sys.executable, "-m", "backend.cli.main", "cache", "vacuum"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("postgres: pruned ")
    assert f"vacuumed and analyzed: {', '.join(TABLES)}" in result.stdout

    async def stats() -> dict[str, Any]:
        tier = PostgresTier(postgres_url)
        try:
            rows = await (await tier.pool()).fetch(
                "SELECT relname, last_vacuum, last_analyze FROM pg_stat_user_tables"
            )
        finally:
            await tier.close()
        return {r["relname"]: r for r in rows}

    seen = asyncio.run(stats())
    for table in TABLES:
        assert seen[table]["last_vacuum"] is not None, table
        assert seen[table]["last_analyze"] is not None, table
    down = service_env(tmp_path, None, "postgresql://postgres@127.0.0.1:1/none")
    failed = run([sys.executable, "-m", "backend.cli.main", "cache", "vacuum"], down)
    assert failed.returncode == 3
    assert failed.stderr.startswith("Error: vacuum of postgres failed: ")
    assert "Traceback" not in failed.stderr


async def test_sqlite_vacuum_and_retention(embedded: Storage, tmp_path: Path) -> None:
    result = await vacuum(_settings(tmp_path, None, None).model_copy(update={"retention_days": 1}))
    assert result.tier == "sqlite" and result.pruned == {"selector_history": 0, "runs": 0}
    tier: SQLiteTier = embedded.selector_cache.persistent  # type: ignore[assignment]
    await tier.put(make_record("k1", 1), "discovered")
    await tier.put(make_record("k1", 2), "drift")
    await tier.db.execute(
        "UPDATE selector_history SET created_at = '2000-01-01T00:00:00.000+00:00'"
    )
    await tier.db.commit()
    assert await tier.prune(1) == {"selector_history": 1, "runs": 0}
