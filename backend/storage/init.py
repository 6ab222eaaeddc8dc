"""Builds the storage a run uses from settings: `storage = await get_storage()`."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from backend.settings import Settings
from backend.storage.base import PlanStore
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


async def get_storage(settings: Settings | None = None) -> Storage:
    """The SelectorCache for these settings (embedded default: memory LRU + SQLite file)."""
    settings = settings or Settings()
    if settings.redis_url or settings.database_url:
        # Redis/Postgres tiers are the SelectorCache issue (#3); until they land, say so
        # rather than silently ignoring the setting.
        logger.warning(
            "PACTS_REDIS_URL / PACTS_DATABASE_URL are not supported yet; using the embedded "
            "cache at %s",
            settings.sqlite_path,
        )
    fast = MemoryTier(max_entries=settings.lru_size, ttl_s=settings.cache_ttl_s)
    persistent: SQLiteTier | None
    try:
        persistent = await SQLiteTier.open(settings.sqlite_path)
    except Exception as exc:
        logger.warning(
            "cache file %s cannot be opened (%s); running with the in-memory tier only",
            settings.sqlite_path,
            exc,
        )
        persistent = None
    return Storage(
        SelectorCache(fast=fast, persistent=persistent, stats_store=persistent),
        plan_store=persistent,
    )
