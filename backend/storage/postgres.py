"""Postgres tier: the shared persistent tier (asyncpg pool, versioned migrations, history)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from pydantic import ValidationError

from backend.errors import first_problem
from backend.models import SelectorRecord
from backend.storage.base import SCHEMA_VERSION, TierKind

logger = logging.getLogger(__name__)

#: Versioned migrations, applied in order, each once, and recorded in `pacts_migrations`.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (
        1,
        "selectors, history, stats",
        """
        CREATE TABLE selectors (
            key TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            route TEXT NOT NULL,
            target TEXT NOT NULL,
            selector TEXT NOT NULL,
            strategy TEXT NOT NULL,
            record TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            version INTEGER NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX selectors_origin_route ON selectors (origin, route);
        CREATE TABLE selector_history (
            id BIGSERIAL PRIMARY KEY,
            key TEXT NOT NULL,
            version INTEGER NOT NULL,
            reason TEXT NOT NULL,
            selector TEXT NOT NULL,
            fingerprint JSONB NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        CREATE INDEX selector_history_key ON selector_history (key, id);
        CREATE TABLE cache_stats (
            name TEXT PRIMARY KEY,
            value BIGINT NOT NULL
        );
        """,
    ),
    (
        2,
        "plan cache",
        """
        CREATE TABLE plans (
            key TEXT PRIMARY KEY,
            plan JSONB NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        );
        """,
    ),
    (
        3,
        "telemetry: metric totals and runs",
        """
        CREATE TABLE metric_totals (
            name TEXT PRIMARY KEY,
            value DOUBLE PRECISION NOT NULL
        );
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            requirement TEXT NOT NULL,
            verdict TEXT NOT NULL,
            root_cause TEXT,
            started_at TIMESTAMPTZ NOT NULL,
            duration_ms DOUBLE PRECISION NOT NULL,
            summary JSONB NOT NULL
        );
        CREATE INDEX runs_started_at ON runs (started_at);
        CREATE INDEX selector_history_created_at ON selector_history (created_at);
        """,
    ),
)
#: Every table PACTS owns: what `pacts cache vacuum` vacuums and analyzes.
TABLES = (
    "selectors",
    "selector_history",
    "cache_stats",
    "plans",
    "metric_totals",
    "runs",
    "pacts_migrations",
)
#: Any constant: the advisory lock that keeps two processes from migrating at once.
_MIGRATION_LOCK = 0x5AC75


async def migrate(conn: Any) -> list[int]:
    """Apply the migrations this database lacks; returns the versions applied now."""
    applied_now: list[int] = []
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS pacts_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        done = {r["version"] for r in await conn.fetch("SELECT version FROM pacts_migrations")}
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            await conn.execute(sql)
            await conn.execute(
                "INSERT INTO pacts_migrations (version, name) VALUES ($1, $2)", version, name
            )
            applied_now.append(version)
    if applied_now:
        logger.info("postgres cache schema migrated to version %s", applied_now[-1])
    return applied_now


class PostgresTier:
    """Selector records, their history, counters and cached plans in Postgres.

    The pool is made on first use, and made again after a failure, so a server that is down
    when a run starts (or restarts mid-suite) is picked up when it answers.
    """

    name = "postgres"
    kind: TierKind = "persistent"

    def __init__(self, dsn: str, *, max_size: int = 4, timeout_s: float = 3.0) -> None:
        self._dsn = dsn
        self._max_size = max_size
        self._timeout = timeout_s
        self._pool: Any = None
        self._lock = asyncio.Lock()

    async def pool(self) -> Any:
        """The connection pool, created (and the schema migrated) on first use."""
        if self._pool is not None:
            return self._pool
        async with self._lock:
            if self._pool is None:
                import asyncpg

                pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=1,
                    max_size=self._max_size,
                    timeout=self._timeout,
                    command_timeout=max(self._timeout, 10.0),
                )
                try:
                    async with pool.acquire() as conn:
                        await migrate(conn)
                except BaseException:
                    await pool.close()
                    raise
                self._pool = pool
        return self._pool

    async def _fetchrow(self, sql: str, *args: Any) -> Any:
        try:
            return await (await self.pool()).fetchrow(sql, *args)
        except Exception as exc:
            self._drop_pool_after(exc)
            raise

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:
        try:
            return list(await (await self.pool()).fetch(sql, *args))
        except Exception as exc:
            self._drop_pool_after(exc)
            raise

    async def _execute(self, sql: str, *args: Any) -> str:
        try:
            return str(await (await self.pool()).execute(sql, *args))
        except Exception as exc:
            self._drop_pool_after(exc)
            raise

    def _drop_pool_after(self, exc: BaseException) -> None:
        """After a connection fault (not an SQL error) start over with a new pool next time."""
        import asyncpg

        if isinstance(exc, asyncpg.PostgresError):
            return
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()

    async def get(self, key: str) -> SelectorRecord | None:
        row = await self._fetchrow(
            "SELECT record, schema_version FROM selectors WHERE key = $1", key
        )
        if row is None:
            return None
        try:
            if row["schema_version"] != SCHEMA_VERSION:
                raise ValueError(f"schema {row['schema_version']}")
            return SelectorRecord.model_validate_json(row["record"])
        except (ValueError, ValidationError) as exc:
            logger.warning(
                "postgres record %s is unusable (%s); treating it as a miss",
                key[:12],
                first_problem(exc),
            )
            # Dropped so the re-discovered record (version 1) is not refused as older.
            await self._execute("DELETE FROM selectors WHERE key = $1", key)
            return None

    async def put(self, record: SelectorRecord, reason: str = "discovered") -> None:
        """Upsert the current record unless a newer version is there; always log history."""
        pool = await self.pool()
        try:
            async with pool.acquire() as conn, conn.transaction():
                await conn.execute(
                    """
                    INSERT INTO selectors (key, origin, route, target, selector, strategy, record,
                                           schema_version, version)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    ON CONFLICT (key) DO UPDATE SET
                        selector = EXCLUDED.selector, strategy = EXCLUDED.strategy,
                        record = EXCLUDED.record, schema_version = EXCLUDED.schema_version,
                        version = EXCLUDED.version, updated_at = now()
                    WHERE EXCLUDED.version >= selectors.version
                    """,
                    record.key,
                    record.origin,
                    record.route,
                    record.target,
                    record.selector,
                    record.strategy,
                    record.model_dump_json(),
                    SCHEMA_VERSION,
                    record.version,
                )
                await conn.execute(
                    "INSERT INTO selector_history (key, version, reason, selector, fingerprint)"
                    " VALUES ($1, $2, $3, $4, $5::jsonb)",
                    record.key,
                    record.version,
                    reason,
                    record.selector,
                    record.fingerprint.model_dump_json(),
                )
        except Exception as exc:
            self._drop_pool_after(exc)
            raise

    async def invalidate(self, key: str) -> None:
        await self._execute("DELETE FROM selectors WHERE key = $1", key)

    async def clear(self) -> int:
        status = await self._execute("DELETE FROM selectors")
        return int(status.split()[-1])

    async def count(self) -> int:
        row = await self._fetchrow("SELECT COUNT(*) AS n FROM selectors")
        return int(row["n"])

    async def records(self) -> list[SelectorRecord]:
        """Every current record that still reads (for export)."""
        rows = await self._fetch(
            "SELECT record FROM selectors WHERE schema_version = $1 ORDER BY key", SCHEMA_VERSION
        )
        out: list[SelectorRecord] = []
        for row in rows:
            try:
                out.append(SelectorRecord.model_validate_json(row["record"]))
            except ValidationError:
                continue
        return out

    async def history(self, key: str) -> list[dict[str, object]]:
        """Every version written for a key, oldest first."""
        rows = await self._fetch(
            "SELECT version, reason, selector, fingerprint, created_at FROM selector_history"
            " WHERE key = $1 ORDER BY id",
            key,
        )
        return [
            {
                "version": r["version"],
                "reason": r["reason"],
                "selector": r["selector"],
                "fingerprint": json.loads(r["fingerprint"]),
                "created_at": r["created_at"].isoformat(),
            }
            for r in rows
        ]

    async def incr(self, counters: dict[str, int]) -> None:
        items = [(k, v) for k, v in counters.items() if v]
        if not items:
            return
        try:
            await (await self.pool()).executemany(
                "INSERT INTO cache_stats (name, value) VALUES ($1, $2)"
                " ON CONFLICT (name) DO UPDATE SET value = cache_stats.value + EXCLUDED.value",
                items,
            )
        except Exception as exc:
            self._drop_pool_after(exc)
            raise

    async def counters(self) -> dict[str, int]:
        rows = await self._fetch("SELECT name, value FROM cache_stats")
        return {str(r["name"]): int(r["value"]) for r in rows}

    async def reset_counters(self) -> None:
        await self._execute("DELETE FROM cache_stats")

    async def get_plan(self, key: str) -> dict[str, object] | None:
        row = await self._fetchrow("SELECT plan FROM plans WHERE key = $1", key)
        if row is None:
            return None
        try:
            plan = json.loads(row["plan"])
        except ValueError:
            return None
        return plan if isinstance(plan, dict) else None

    async def put_plan(self, key: str, plan: dict[str, object]) -> None:
        await self._execute(
            "INSERT INTO plans (key, plan) VALUES ($1, $2::jsonb)"
            " ON CONFLICT (key) DO UPDATE SET plan = EXCLUDED.plan, created_at = now()",
            key,
            json.dumps(plan, sort_keys=True),
        )

    async def prune(self, retention_days: int) -> dict[str, int]:
        """Delete runs and past selector versions older than the retention; the current
        version of every selector is kept whatever its age."""
        cutoff = "now() - make_interval(days => $1)"
        history = await self._execute(
            f"DELETE FROM selector_history h WHERE h.created_at < {cutoff} AND NOT EXISTS"
            " (SELECT 1 FROM selectors s WHERE s.key = h.key AND s.version = h.version)",
            retention_days,
        )
        runs = await self._execute(f"DELETE FROM runs WHERE started_at < {cutoff}", retention_days)
        return {"selector_history": int(history.split()[-1]), "runs": int(runs.split()[-1])}

    async def vacuum(self) -> list[str]:
        """`VACUUM ANALYZE` every PACTS table (outside a transaction, as VACUUM requires)."""
        pool = await self.pool()
        done: list[str] = []
        async with pool.acquire() as conn:
            for table in TABLES:
                await conn.execute(f"VACUUM ANALYZE {table}")
                done.append(table)
        return done

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await asyncio.wait_for(pool.close(), timeout=5)
            except (TimeoutError, OSError):
                pool.terminate()
