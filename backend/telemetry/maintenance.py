"""`pacts cache vacuum`: prune what is past the retention, then VACUUM ANALYZE the tables."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from backend.errors import StorageUnavailable
from backend.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VacuumResult:
    """What one maintenance pass did."""

    tier: str
    retention_days: int
    pruned: dict[str, int]
    tables: list[str]


async def vacuum(settings: Settings) -> VacuumResult:
    """Prune and vacuum the persistent tier (Postgres, or the SQLite file)."""
    from backend.storage.init import get_storage

    storage = await get_storage(settings)
    try:
        tier = storage.selector_cache.persistent
        if tier is None or not hasattr(tier, "vacuum"):
            raise StorageUnavailable(
                "nothing to vacuum",
                why="no persistent cache tier could be opened",
                fix="check PACTS_DATABASE_URL (or the .pacts/ folder) and try again",
            )
        try:
            pruned = await tier.prune(settings.retention_days)  # type: ignore[attr-defined]
            tables = await tier.vacuum()
        except Exception as exc:
            raise StorageUnavailable(
                f"vacuum of {tier.name} failed",
                why=str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                fix="check that the database is up and PACTS may write to it",
            ) from exc
        logger.debug("vacuumed %s: pruned %s", tier.name, pruned)
        return VacuumResult(tier.name, settings.retention_days, pruned, list(tables))
    finally:
        await storage.close()
