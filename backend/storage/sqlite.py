"""SQLite tier: the persistent tier of the embedded default (a file under `.pacts/`)."""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
from pydantic import ValidationError

from backend.errors import first_problem
from backend.models import SelectorRecord, now_utc
from backend.storage.base import SCHEMA_VERSION, TierKind

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS selectors (
    key TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    route TEXT NOT NULL,
    target TEXT NOT NULL,
    record TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS selector_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    reason TEXT NOT NULL,
    selector TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_stats (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS plans (
    key TEXT PRIMARY KEY,
    plan TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS metric_totals (
    name TEXT PRIMARY KEY,
    value REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    requirement TEXT NOT NULL,
    verdict TEXT NOT NULL,
    root_cause TEXT,
    started_at TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_started_at ON runs (started_at);
"""


def _is_corruption(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "disk image"))


def quarantine(path: Path) -> Path:
    """Move a corrupt database (and its WAL and shared-memory files) aside; return its new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    moved = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.replace(moved)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(moved.with_name(moved.name + suffix))
    return moved


async def _connect(path: Path) -> aiosqlite.Connection:
    """A connection with WAL, a busy timeout and the schema; reads the file to prove it sound."""
    db = await aiosqlite.connect(path, timeout=30)
    try:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA busy_timeout=30000")
        await db.executescript(_SCHEMA)
        await db.commit()
        async with db.execute("PRAGMA quick_check(1)") as cur:
            row = await cur.fetchone()
        if row is None or row[0] != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed ({row and row[0]})")
    except BaseException:
        await db.close()
        raise
    return db


class SQLiteTier:
    """Selector records, their history and shared counters in one SQLite file."""

    name = "sqlite"
    kind: TierKind = "persistent"

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: Path) -> SQLiteTier:
        """Open (creating if needed) the database file and its schema.

        A file that is not a database, or a damaged one, is moved aside to
        `<name>.corrupt-<timestamp>` with one warning naming it, and a fresh file is started
        (issue 14): a bad cache costs re-discovery, never every run's warning.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return cls(await _connect(path))
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _is_corruption(exc):
                raise  # locked, read-only, out of space: not the file's fault
            moved = quarantine(path)
            logger.warning(
                "cache file %s is corrupt (%s); moved it to %s and started a new one",
                path,
                " ".join(str(exc).split()),  # quick_check's report has several lines
                moved,
            )
            return cls(await _connect(path))

    @property
    def db(self) -> aiosqlite.Connection:
        """The open connection (telemetry keeps its totals and runs in the same file)."""
        return self._db

    async def prune(self, retention_days: int) -> dict[str, int]:
        """Delete runs and past selector versions older than the retention (ISO times)."""
        cutoff = (datetime.now(UTC) - timedelta(days=retention_days)).isoformat(
            timespec="milliseconds"
        )
        history = await self._db.execute(
            "DELETE FROM selector_history WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM"
            " selectors s WHERE s.key = selector_history.key"
            " AND s.version = selector_history.version)",
            (cutoff,),
        )
        runs = await self._db.execute("DELETE FROM runs WHERE started_at < ?", (cutoff,))
        await self._db.commit()
        return {"selector_history": history.rowcount, "runs": runs.rowcount}

    async def vacuum(self) -> list[str]:
        """`VACUUM` the file and `ANALYZE` its tables."""
        await self._db.execute("VACUUM")
        await self._db.execute("ANALYZE")
        await self._db.commit()
        return ["(database file)"]

    async def get(self, key: str) -> SelectorRecord | None:
        async with self._db.execute(
            "SELECT record, schema_version FROM selectors WHERE key = ?", (key,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        payload, schema = row
        try:
            if schema != SCHEMA_VERSION:
                raise ValueError(f"schema {schema}")
            return SelectorRecord.model_validate_json(payload)
        except (ValueError, ValidationError) as exc:
            logger.warning(
                "sqlite record %s is unusable (%s); treating it as a miss",
                key[:12],
                first_problem(exc),
            )
            # Dropped so the re-discovered record (version 1) is not refused as older.
            await self.invalidate(key)
            return None

    async def put(self, record: SelectorRecord, reason: str = "discovered") -> None:
        # The version check keeps a slower writer from replacing a newer record.
        await self._db.execute(
            """
            INSERT INTO selectors (key, origin, route, target, record, schema_version, version,
                                   updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET
                record = excluded.record, schema_version = excluded.schema_version,
                version = excluded.version, updated_at = excluded.updated_at
            WHERE excluded.version >= selectors.version
            """,
            (
                record.key,
                record.origin,
                record.route,
                record.target,
                record.model_dump_json(),
                SCHEMA_VERSION,
                record.version,
                now_utc(),
            ),
        )
        await self._db.execute(
            "INSERT INTO selector_history (key, version, reason, selector, fingerprint, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                record.key,
                record.version,
                reason,
                record.selector,
                record.fingerprint.model_dump_json(),
                now_utc(),
            ),
        )
        await self._db.commit()

    async def invalidate(self, key: str) -> None:
        await self._db.execute("DELETE FROM selectors WHERE key = ?", (key,))
        await self._db.commit()

    async def clear(self) -> int:
        async with self._db.execute("SELECT COUNT(*) FROM selectors") as cur:
            row = await cur.fetchone()
        await self._db.execute("DELETE FROM selectors")
        await self._db.commit()
        return int(row[0]) if row else 0

    async def records(self) -> list[SelectorRecord]:
        """Every current record that still reads (for export)."""
        async with self._db.execute(
            "SELECT record FROM selectors WHERE schema_version = ? ORDER BY key", (SCHEMA_VERSION,)
        ) as cur:
            rows = await cur.fetchall()
        out: list[SelectorRecord] = []
        for (payload,) in rows:
            try:
                out.append(SelectorRecord.model_validate_json(payload))
            except ValidationError:
                continue
        return out

    async def history(self, key: str) -> list[dict[str, object]]:
        """Every version written for a key, oldest first."""
        async with self._db.execute(
            "SELECT version, reason, selector, fingerprint, created_at FROM selector_history"
            " WHERE key = ? ORDER BY id",
            (key,),
        ) as cur:
            rows = await cur.fetchall()
        return [
            {
                "version": r[0],
                "reason": r[1],
                "selector": r[2],
                "fingerprint": json.loads(r[3]),
                "created_at": r[4],
            }
            for r in rows
        ]

    async def incr(self, counters: dict[str, int]) -> None:
        await self._db.executemany(
            "INSERT INTO cache_stats (name, value) VALUES (?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            [(k, v) for k, v in counters.items() if v],
        )
        await self._db.commit()

    async def counters(self) -> dict[str, int]:
        async with self._db.execute("SELECT name, value FROM cache_stats") as cur:
            rows = await cur.fetchall()
        return {str(name): int(value) for name, value in rows}

    async def reset_counters(self) -> None:
        await self._db.execute("DELETE FROM cache_stats")
        await self._db.commit()

    async def get_plan(self, key: str) -> dict[str, object] | None:
        async with self._db.execute("SELECT plan FROM plans WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        try:
            plan = json.loads(row[0])
        except ValueError:
            logger.warning("cached plan %s is corrupt; treating it as a miss", key[:12])
            return None
        return plan if isinstance(plan, dict) else None

    async def put_plan(self, key: str, plan: dict[str, object]) -> None:
        await self._db.execute(
            "INSERT INTO plans (key, plan, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(key) DO UPDATE SET plan = excluded.plan,"
            " created_at = excluded.created_at",
            (key, json.dumps(plan, sort_keys=True), now_utc()),
        )
        await self._db.commit()

    async def count(self) -> int:
        """How many selector records are stored."""
        async with self._db.execute("SELECT COUNT(*) FROM selectors") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def close(self) -> None:
        await self._db.close()
