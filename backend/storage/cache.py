"""SelectorCache: fast tier -> persistent tier -> discovery, with per-run and overall stats."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from backend.models import Fingerprint, SelectorRecord
from backend.storage.base import CacheTier, FlightLock, StatsStore
from backend.telemetry.hooks import observe_lookup

logger = logging.getLogger(__name__)

T = TypeVar("T")
Source = Literal["fast", "persistent"]
#: The stat names v3's scripts print; with the embedded tiers "redis" means the fast tier
#: (in-process LRU) and "postgres" the persistent one (SQLite), so reports read the same.
STAT_NAMES = ("redis_hits", "postgres_hits", "misses", "drift", "heals")
#: Seconds a tier that failed is left alone before it is tried again.
RETRY_DOWN_TIER_S = 30.0
#: Seconds a single-flight lock lives: longer than one discovery (PACTS_STEP_TIMEOUT_S).
FLIGHT_TTL_S = 15.0
#: How often a process waiting for another's discovery looks for the record.
FLIGHT_POLL_S = 0.05


@dataclass(frozen=True)
class CacheHit:
    """A record found in a tier, and which one."""

    record: SelectorRecord
    source: Source
    elapsed_ms: float


def hit_rate(counts: dict[str, int]) -> float:
    """Hits as a percentage (0-100) of lookups."""
    hits = counts.get("redis_hits", 0) + counts.get("postgres_hits", 0)
    total = hits + counts.get("misses", 0)
    return round(100.0 * hits / total, 2) if total else 0.0


class SelectorCache:
    """Reads fast then persistent tiers, writes through both, and counts what happened."""

    def __init__(
        self,
        fast: CacheTier | None,
        persistent: CacheTier | None,
        stats_store: StatsStore | None = None,
        *,
        retry_down_s: float = RETRY_DOWN_TIER_S,
        flight_ttl_s: float = FLIGHT_TTL_S,
    ) -> None:
        self.fast = fast
        self.persistent = persistent
        self._stats_store = stats_store
        self._retry_down_s = retry_down_s
        # Counter increments not yet written to the stats store; one background task writes
        # them, so a lookup never waits for a counter (a Postgres upsert per Redis hit was
        # most of the hit's latency).
        self._pending: dict[str, int] = {}
        self._flusher: asyncio.Task[None] | None = None
        self._run: dict[str, int] = dict.fromkeys(STAT_NAMES, 0)
        self._down_until: dict[str, float] = {}
        self.skipped: set[str] = set()
        #: Set by the runner for the length of a run: scrubs secrets from records it saves.
        self.redact: Callable[[str], str] | None = None
        self._flight_ttl_s = flight_ttl_s
        #: Keys this cache holds the single-flight lock of, with the lock's token.
        self._flights: dict[str, str] = {}
        #: The tier the last hit came from: a drift reported next is that tier's.
        self._last_hit_tier: str | None = None

    def tier_name(self, source: Source) -> str:
        """The name of the tier a hit came from ("memory", "sqlite", "redis", ...)."""
        tier = self.fast if source == "fast" else self.persistent
        return tier.name if tier is not None else source

    async def lookup(self, key: str) -> CacheHit | None:
        """The record for a key from the first tier that has it; a persistent hit warms fast."""
        started = time.perf_counter()
        if self.fast is not None:
            record = await self._timed_get(self.fast, key)
            if record is not None:
                await self._count("redis_hits")
                return CacheHit(record, "fast", (time.perf_counter() - started) * 1000)
        if self.persistent is not None:
            record = await self._timed_get(self.persistent, key)
            if record is not None:
                if self.fast is not None:
                    await self._guard(self.fast, self.fast.put(record, "warm"), None)
                await self._count("postgres_hits")
                return CacheHit(record, "persistent", (time.perf_counter() - started) * 1000)
        waited = await self._single_flight(key)
        if waited is not None:
            await self._count("redis_hits")
            return CacheHit(waited, "fast", (time.perf_counter() - started) * 1000)
        await self._count("misses")
        return None

    async def _single_flight(self, key: str) -> SelectorRecord | None:
        """On a miss: take the key's lock and return None (the caller discovers and saves), or
        wait for the record the lock's holder is discovering and return it.

        Waiting ends when the record appears, or when the lock is gone without a record (its
        holder failed, or its TTL ran out: then this caller tries to take the lock).
        """
        fast = self.fast
        if not isinstance(fast, FlightLock):
            return None
        ttl_ms = int(self._flight_ttl_s * 1000)
        while True:
            token = await self._guard(fast, fast.acquire(key, ttl_ms), "")
            if token == "":  # the tier is down: no lock, discover as before
                return None
            if token is not None:
                # Another process may have written the record between our miss and our lock.
                record = await self._guard(fast, fast.get(key), None)
                if record is not None:
                    await self._guard(fast, fast.release(key, token), None)
                    return record
                self._flights[key] = token
                return None
            # The lock expires after its TTL whatever its holder does; waiting twice as long
            # only guards against a clock that stalls (a loaded machine), never ends early.
            deadline = time.monotonic() + 2 * self._flight_ttl_s
            while time.monotonic() < deadline:
                await asyncio.sleep(FLIGHT_POLL_S)
                record = await self._guard(fast, fast.get(key), None)
                if record is not None:
                    logger.debug("single flight: %s... written by another process", key[:12])
                    return record
                if not await self._guard(fast, fast.held(key), False):
                    break  # the holder gave up without a record: try to take the lock
            else:
                logger.warning(
                    "single flight: no record for %s... after %.0f s; discovering",
                    key[:12],
                    2 * self._flight_ttl_s,
                )
                return None

    async def _land(self, key: str) -> None:
        """Drop this cache's single-flight lock on `key`, if it holds one."""
        token = self._flights.pop(key, None)
        fast = self.fast
        if token and isinstance(fast, FlightLock):
            await self._guard(fast, fast.release(key, token), None)

    async def _timed_get(self, tier: CacheTier, key: str) -> SelectorRecord | None:
        """One tier's answer, reported to telemetry (tier, hit or miss, time) unless it is down."""
        started = time.perf_counter()
        record = await self._guard(tier, tier.get(key), None)
        if tier.name not in self._down_until:
            observe_lookup(tier.name, "miss" if record is None else "hit", _since(started))
            if record is not None:
                self._last_hit_tier = tier.name
        return record

    async def save(self, record: SelectorRecord, reason: str = "discovered") -> None:
        """Write through: persistent first (it is the truth), then fast.

        A record is stored without secrets: a secret in what it looked like (text, labels)
        is masked; a record whose locator holds one is not stored at all (issue 14).
        """
        if self.redact is not None:
            scrubbed = scrub_record(record, self.redact)
            if scrubbed is None:
                logger.warning(
                    "a selector for %s names a secret; it is used but not cached", record.target
                )
                return
            record = scrubbed
        if self.persistent is not None:
            await self._guard(self.persistent, self.persistent.put(record, reason), None)
        if self.fast is not None:
            await self._guard(self.fast, self.fast.put(record, reason), None)
        await self._land(record.key)

    async def invalidate(self, key: str) -> None:
        for tier in (self.fast, self.persistent):
            if tier is not None:
                await self._guard(tier, tier.invalidate(key), None)

    async def record_drift(self) -> None:
        """The record the last hit returned no longer fits the page."""
        observe_lookup(self._last_hit_tier or "unknown", "drift")
        await self._count("drift")

    async def record_heal(self) -> None:
        await self._count("heals")

    async def get_cache_stats(self) -> dict[str, Any]:
        """Counters for this run and overall (since the last reset), with hit rates in %."""
        overall: dict[str, int] = dict.fromkeys(STAT_NAMES, 0)
        await self.flush_stats()
        if self._stats_store is not None:
            stored = await self._guard_stats(self._stats_store.counters(), {})
            overall.update({k: v for k, v in stored.items() if k in overall})
        run = dict(self._run)
        return {
            **run,
            "hit_rate": hit_rate(run),
            "run": {**run, "hit_rate": hit_rate(run)},
            "overall": {**overall, "hit_rate": hit_rate(overall)},
            "tiers": {
                "fast": self.fast.name if self.fast is not None else None,
                "persistent": self.persistent.name if self.persistent is not None else None,
            },
            "skipped_tiers": sorted(self.skipped),
        }

    def counters(self) -> dict[str, int]:
        """This cache object's counters so far (a run diffs two of these)."""
        return dict(self._run)

    @staticmethod
    def since(before: dict[str, int], after: dict[str, int]) -> dict[str, float]:
        """The counters between two snapshots, with their hit rate."""
        diff = {k: after.get(k, 0) - before.get(k, 0) for k in STAT_NAMES}
        return {**diff, "hit_rate": hit_rate(diff)}

    async def reset_stats(self) -> None:
        await self.flush_stats()
        self._run = dict.fromkeys(STAT_NAMES, 0)
        if self._stats_store is not None:
            await self._guard_stats(self._stats_store.reset_counters(), None)

    async def clear(self, which: str = "all") -> dict[str, int]:
        """Delete the records of one tier kind ("fast", "persistent") or "all"."""
        removed: dict[str, int] = {}
        for tier in (self.fast, self.persistent):
            if tier is None or which not in ("all", tier.kind, tier.name):
                continue
            removed[tier.name] = await self._guard(tier, tier.clear(), 0)
        return removed

    async def record_counts(self) -> dict[str, int]:
        """How many records each reachable tier holds, by tier name."""
        counts: dict[str, int] = {}
        for tier in (self.fast, self.persistent):
            records = getattr(tier, "records", None)
            if tier is None or records is None:
                continue
            found = await self._guard(tier, records(), None)
            if found is not None:
                counts[tier.name] = len(found)
        return counts

    async def close(self) -> None:
        for key in list(self._flights):
            await self._land(key)
        await self.flush_stats()
        for tier in (self.fast, self.persistent):
            if tier is not None:
                try:
                    await tier.close()
                except Exception as exc:  # closing must never hide the run's result
                    logger.debug("closing %s failed: %s", tier.name, exc)

    async def flush_stats(self) -> None:
        """Write the counter increments still pending to the stats store."""
        if self._flusher is not None:
            await asyncio.shield(self._flusher)
        if self._pending:
            await self._write_pending()

    async def _count(self, name: str) -> None:
        self._run[name] += 1
        if self._stats_store is None:
            return
        self._pending[name] = self._pending.get(name, 0) + 1
        if self._flusher is None:
            self._flusher = asyncio.get_running_loop().create_task(self._flush_loop())

    async def _flush_loop(self) -> None:
        try:
            while self._pending:
                await self._write_pending()
        finally:
            self._flusher = None

    async def _write_pending(self) -> None:
        batch, self._pending = self._pending, {}
        if self._stats_store is not None:
            await self._guard_stats(self._stats_store.incr(batch), None)

    async def _guard(self, tier: CacheTier, call: Awaitable[T], default: T) -> T:
        """Run a tier call; a failing tier is skipped with one warning and retried later."""
        until = self._down_until.get(tier.name)
        if until is not None and time.monotonic() < until:
            _close_unawaited(call)
            return default
        try:
            result = await call
        except Exception as exc:
            if tier.name not in self._down_until:
                logger.warning(
                    "cache tier %s is unavailable (%s); going on without it", tier.name, exc
                )
            self._down_until[tier.name] = time.monotonic() + self._retry_down_s
            self.skipped.add(tier.name)
            return default
        if until is not None:
            logger.warning("cache tier %s is back", tier.name)
            del self._down_until[tier.name]
        return result

    async def _guard_stats(self, call: Awaitable[T], default: T) -> T:
        """Counters ride on a tier: when that tier is down they are skipped the same way."""
        if isinstance(self._stats_store, CacheTier):
            return await self._guard(self._stats_store, call, default)
        try:
            return await call
        except Exception as exc:
            logger.debug("cache stats unavailable: %s", exc)
            return default


def scrub_record(record: SelectorRecord, redact: Callable[[str], str]) -> SelectorRecord | None:
    """The record with secrets masked in its fingerprint; None when its locator holds one."""
    locators = json.dumps(
        [record.selector, record.route, record.target, record.locator.model_dump(mode="json")]
    )
    if redact(locators) != locators:
        return None
    fallbacks = [f for f in record.fallbacks if redact(f.expr()) == f.expr()]
    fingerprint = record.fingerprint.model_dump_json()
    clean = redact(fingerprint)
    if clean == fingerprint and len(fallbacks) == len(record.fallbacks):
        return record
    return record.model_copy(
        update={
            # and no digest: it was read from the element with the secret shown
            "fingerprint": Fingerprint.model_validate_json(clean).model_copy(update={"digest": ""}),
            "fallbacks": fallbacks,
        }
    )


def _since(started: float) -> float:
    return time.perf_counter() - started


def _close_unawaited(call: Awaitable[Any]) -> None:
    close: Callable[[], None] | None = getattr(call, "close", None)
    if close is not None:
        close()
