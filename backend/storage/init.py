"""Builds the storage a run uses from settings: `storage = await get_storage()`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from backend.settings import Settings
from backend.storage.base import CacheTier, PlanStore, StatsStore
from backend.storage.cache import SelectorCache
from backend.storage.memory import MemoryTier
from backend.storage.sqlite import SQLiteTier

logger = logging.getLogger(__name__)


@dataclass
class Storage:
    """What the old scripts use: `storage.selector_cache.get_cache_stats()`."""

    selector_cache: SelectorCache
    #: Where LLM plans are cached (the persistent tier), or None when it is down.
    plan_store: PlanStore | None = None

    async def close(self) -> None:
        await self.selector_cache.close()


def _fast_tier(settings: Settings) -> CacheTier:
    if settings.redis_url:
        from backend.storage.redis_tier import RedisTier

        return RedisTier.from_url(settings.redis_url, ttl_s=settings.cache_ttl_s)
    return MemoryTier(max_entries=settings.lru_size, ttl_s=settings.cache_ttl_s)


async def _persistent_tier(settings: Settings) -> CacheTier | None:
    if settings.database_url:
        from backend.storage.postgres import PostgresTier

        # Lazy: a server that is down now is tried again later (the cache's tier guard).
        return PostgresTier(settings.database_url)
    try:
        return await SQLiteTier.open(settings.sqlite_path)
    except Exception as exc:
        logger.warning(
            "cache file %s cannot be opened (%s); running with the fast tier only",
            settings.sqlite_path,
            exc,
        )
        return None


async def get_storage(settings: Settings | None = None) -> Storage:
    """The SelectorCache for these settings.

    Fast tier: Redis when PACTS_REDIS_URL is set, else an in-process LRU. Persistent tier:
    Postgres when PACTS_DATABASE_URL is set, else a SQLite file under `.pacts/`. Counters live
    in the persistent tier (the truth every process adds to), or in Redis when there is none.
    """
    settings = settings or Settings()
    fast = _fast_tier(settings)
    persistent = await _persistent_tier(settings)
    stats: StatsStore | None = None
    for tier in (persistent, fast):
        if isinstance(tier, StatsStore):
            stats = tier
            break
    plans = persistent if isinstance(persistent, PlanStore) else None
    return Storage(
        SelectorCache(
            fast=fast,
            persistent=persistent,
            stats_store=stats,
            retry_down_s=settings.cache_retry_s,
            # one discovery is bounded by the step timeout; the lock outlives it a little
            flight_ttl_s=settings.step_timeout_s + 5.0,
        ),
        plan_store=plans,
    )
