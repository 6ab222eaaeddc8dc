"""The collector of `pacts serve`: every PACTS_METRICS_INTERVAL_S it aggregates what every
process recorded (moving Redis increments into the persistent tier) and refreshes the figures
`/metrics` and the dashboard show."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from backend.storage.cache import SelectorCache
from backend.telemetry.exposition import PactsCollector
from backend.telemetry.metrics import CACHE_RECORDS, sample_key
from backend.telemetry.store import RedisTotals, SqlTelemetry, redis_totals, sql_telemetry

logger = logging.getLogger(__name__)

#: Runs the dashboard reads (trends, slowest steps, flakiest requirements).
RECENT_RUNS = 200


@dataclass
class Snapshot:
    """What the last aggregation found."""

    totals: dict[str, float] = field(default_factory=dict)
    gauges: dict[str, float] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)
    collected_at: float = 0.0
    errors: list[str] = field(default_factory=list)


class Aggregator:
    """Reads the shared tier into a Snapshot, and keeps a prometheus collector up to date."""

    def __init__(self, cache: SelectorCache) -> None:
        self.cache = cache
        self.redis: RedisTotals | None = redis_totals(cache)
        self.sql: SqlTelemetry | None = sql_telemetry(cache)
        self.collector = PactsCollector()
        self.snapshot = Snapshot()
        self._failing: set[str] = set()

    async def collect(self) -> Snapshot:
        """Aggregate now: drain Redis into the durable totals, read totals, counts and runs."""
        errors: list[str] = []
        totals: dict[str, float] = {}
        pending: dict[str, float] = {}
        if self.redis is not None:
            try:
                pending = await (self.redis.drain() if self.sql else self.redis.totals())
            except Exception as exc:
                errors.append(f"redis: {exc}")
        if self.sql is not None:
            try:
                if pending:
                    await self.sql.add(pending)
                    pending = {}
                totals = await self.sql.totals()
            except Exception as exc:
                errors.append(f"{self.sql.name}: {exc}")
                await self._give_back(pending)
        for key, value in pending.items():
            totals[key] = totals.get(key, 0.0) + value
        runs = await self._runs(errors)
        gauges = await self._record_counts(errors)
        self._report(errors)
        self.snapshot = Snapshot(totals, gauges, runs, time.time(), errors)
        self.collector.update(totals, gauges)
        return self.snapshot

    def _report(self, errors: list[str]) -> None:
        """One warning when a source starts failing, one line when it answers again."""
        failing = {e.split(":", 1)[0]: e for e in errors}
        for source, error in failing.items():
            if source not in self._failing:
                logger.warning("metrics collection: %s (going on without it)", error)
        for source in self._failing - failing.keys():
            logger.warning("metrics collection: %s is back", source)
        self._failing = set(failing)

    async def _give_back(self, pending: dict[str, float]) -> None:
        """Drained increments the durable tier refused go back to Redis, not to waste."""
        if pending and self.redis is not None:
            try:
                await self.redis.add(pending)
            except Exception as exc:
                logger.warning("metrics lost: %s", exc)

    async def _runs(self, errors: list[str]) -> list[dict[str, Any]]:
        if self.sql is None:
            return []
        try:
            return await self.sql.recent_runs(RECENT_RUNS)
        except Exception as exc:
            errors.append(f"runs: {exc}")
            return self.snapshot.runs

    async def _record_counts(self, errors: list[str]) -> dict[str, float]:
        """`pacts_cache_records{tier}`: counted without reading the records."""
        gauges: dict[str, float] = {}
        for tier in (self.cache.fast, self.cache.persistent):
            if tier is None or tier.name == "memory":  # another process's memory: not visible
                continue
            try:
                if hasattr(tier, "count"):
                    count = await tier.count()
                else:
                    count = len(await tier.keys())  # type: ignore[attr-defined]
            except Exception as exc:
                errors.append(f"{tier.name}: {exc}")
                continue
            gauges[sample_key(CACHE_RECORDS, {"tier": tier.name})] = float(count)
        return gauges

    async def run_forever(self, interval_s: float) -> None:
        """Collect every `interval_s` until cancelled."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.collect()
            except Exception as exc:  # the server outlives a bad aggregation
                logger.warning("metrics collection failed: %s", exc)
