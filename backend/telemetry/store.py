"""Where the metric totals and the run summaries live: the shared tier, like the cache stats.

- Redis configured: each process adds its increments to one hash (`HINCRBYFLOAT`), cheap
  enough for every run; `pacts serve`'s collector moves them into the persistent tier.
- Postgres or SQLite: `metric_totals` (one row per sample) and `runs` (one row per run), so
  totals survive a Redis restart and the dashboard has a history.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any, Protocol

from backend.storage.cache import SelectorCache

logger = logging.getLogger(__name__)

#: The hash every process adds its metric increments to, until the collector drains it.
METRICS_KEY = "pacts:v1:metrics"
# Read and empty the hash in one step: an increment made meanwhile is never lost.
_DRAIN = """
local values = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return values
"""


class Totals(Protocol):
    """Counters several processes add to."""

    async def add(self, batch: dict[str, float]) -> None: ...

    async def totals(self) -> dict[str, float]: ...


class RedisTotals:
    """Metric increments in one Redis hash."""

    name = "redis"

    def __init__(self, client: Any) -> None:
        self._redis = client
        self._drain = client.register_script(_DRAIN)

    async def add(self, batch: dict[str, float]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for key, value in batch.items():
            pipe.hincrbyfloat(METRICS_KEY, key, value)
        await pipe.execute()

    async def totals(self) -> dict[str, float]:
        return _decode(await self._redis.hgetall(METRICS_KEY))

    async def drain(self) -> dict[str, float]:
        """Everything added so far, removed from Redis atomically."""
        raw = await self._drain(keys=[METRICS_KEY])
        return _decode(dict(zip(raw[::2], raw[1::2], strict=True)))


def _decode(raw: dict[Any, Any]) -> dict[str, float]:
    return {(k.decode() if isinstance(k, bytes) else str(k)): float(v) for k, v in raw.items()}


class SqlTelemetry(Protocol):
    """Totals and run summaries in the persistent tier."""

    name: str

    async def add(self, batch: dict[str, float]) -> None: ...

    async def totals(self) -> dict[str, float]: ...

    async def add_run(self, row: dict[str, Any]) -> None: ...

    async def recent_runs(self, limit: int) -> list[dict[str, Any]]: ...


class PostgresTelemetry:
    """`metric_totals` and `runs` in Postgres, through the Postgres tier's pool."""

    name = "postgres"

    def __init__(self, tier: Any) -> None:
        self._tier = tier

    async def add(self, batch: dict[str, float]) -> None:
        pool = await self._tier.pool()
        await pool.executemany(
            "INSERT INTO metric_totals (name, value) VALUES ($1, $2) ON CONFLICT (name)"
            " DO UPDATE SET value = metric_totals.value + EXCLUDED.value",
            list(batch.items()),
        )

    async def totals(self) -> dict[str, float]:
        pool = await self._tier.pool()
        rows = await pool.fetch("SELECT name, value FROM metric_totals")
        return {str(r["name"]): float(r["value"]) for r in rows}

    async def add_run(self, row: dict[str, Any]) -> None:
        pool = await self._tier.pool()
        await pool.execute(
            "INSERT INTO runs (run_id, requirement, verdict, root_cause, started_at, duration_ms,"
            " summary) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (run_id) DO NOTHING",
            row["run_id"],
            row["requirement"],
            row["verdict"],
            row["root_cause"],
            datetime.fromisoformat(row["started_at"]),
            row["duration_ms"],
            json.dumps(row["summary"]),
        )

    async def recent_runs(self, limit: int) -> list[dict[str, Any]]:
        pool = await self._tier.pool()
        rows = await pool.fetch(
            "SELECT run_id, requirement, verdict, root_cause, started_at, duration_ms, summary"
            " FROM runs ORDER BY started_at DESC, run_id DESC LIMIT $1",
            limit,
        )
        return [
            {
                **dict(r),
                "started_at": r["started_at"].isoformat(),
                "summary": json.loads(r["summary"]),
            }
            for r in rows
        ]


class SQLiteTelemetry:
    """`metric_totals` and `runs` in the embedded SQLite file, on the SQLite tier's connection."""

    name = "sqlite"

    def __init__(self, tier: Any) -> None:
        self._db = tier.db

    async def add(self, batch: dict[str, float]) -> None:
        await self._db.executemany(
            "INSERT INTO metric_totals (name, value) VALUES (?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            list(batch.items()),
        )
        await self._db.commit()

    async def totals(self) -> dict[str, float]:
        async with self._db.execute("SELECT name, value FROM metric_totals") as cur:
            rows = await cur.fetchall()
        return {str(name): float(value) for name, value in rows}

    async def add_run(self, row: dict[str, Any]) -> None:
        await self._db.execute(
            "INSERT OR IGNORE INTO runs (run_id, requirement, verdict, root_cause, started_at,"
            " duration_ms, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                row["run_id"],
                row["requirement"],
                row["verdict"],
                row["root_cause"],
                row["started_at"],
                row["duration_ms"],
                json.dumps(row["summary"]),
            ),
        )
        await self._db.commit()

    async def recent_runs(self, limit: int) -> list[dict[str, Any]]:
        async with self._db.execute(
            "SELECT run_id, requirement, verdict, root_cause, started_at, duration_ms, summary"
            " FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?",
            (limit,),
        ) as cur:
            rows = await cur.fetchall()
        keys = ("run_id", "requirement", "verdict", "root_cause", "started_at", "duration_ms")
        return [{**dict(zip(keys, r[:6], strict=True)), "summary": json.loads(r[6])} for r in rows]


def redis_totals(cache: SelectorCache) -> RedisTotals | None:
    """The Redis hash, when the fast tier is Redis."""
    from backend.storage.redis_tier import RedisTier

    if isinstance(cache.fast, RedisTier):
        return RedisTotals(cache.fast.client)
    return None


def sql_telemetry(cache: SelectorCache) -> SqlTelemetry | None:
    """The persistent tier's tables, when there is a persistent tier."""
    tier = cache.persistent
    if tier is None:
        return None
    if tier.name == "postgres":
        return PostgresTelemetry(tier)
    if tier.name == "sqlite":
        return SQLiteTelemetry(tier)
    return None
