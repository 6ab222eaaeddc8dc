"""`/healthz`: is each thing a run needs (Redis, Postgres, Chromium) up right now?"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from backend.settings import Settings
from backend.storage.cache import SelectorCache

logger = logging.getLogger(__name__)

#: Seconds one check may take before it counts as down.
CHECK_TIMEOUT_S = 3.0
UP, DOWN, OFF = "up", "down", "not configured"


async def _timed(check: Any) -> dict[str, Any]:
    try:
        detail = await asyncio.wait_for(check, CHECK_TIMEOUT_S)
    except TimeoutError:
        return {"status": DOWN, "detail": f"no answer in {CHECK_TIMEOUT_S:g} s"}
    except Exception as exc:
        return {"status": DOWN, "detail": str(exc).splitlines()[0][:200] or type(exc).__name__}
    return {"status": UP, "detail": detail}


async def _redis(cache: SelectorCache) -> str:
    await cache.fast.ping()  # type: ignore[union-attr]
    return "PING answered"


async def _postgres(cache: SelectorCache) -> str:
    pool = await cache.persistent.pool()  # type: ignore[union-attr]
    return str(await pool.fetchval("SELECT version()")).split(",")[0]


async def _chromium(settings: Settings) -> str:
    """The configured browser server accepts a connection, or the local binary runs."""
    if settings.browser_ws_endpoint:
        parts = urlsplit(settings.browser_ws_endpoint)
        _, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        writer.close()
        await writer.wait_closed()
        return f"browser server {parts.hostname}:{parts.port} accepts connections"
    path = settings.find_chromium()
    if path is None:
        raise RuntimeError("no Chromium found: set PACTS_CHROMIUM_PATH")
    proc = await asyncio.create_subprocess_exec(
        path,
        "--version",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        out, _ = await proc.communicate()
    except asyncio.CancelledError:
        proc.kill()
        await proc.wait()
        raise
    if proc.returncode != 0:
        raise RuntimeError(f"{path} --version exited with {proc.returncode}")
    return out.decode(errors="replace").strip() or path


async def health(settings: Settings, cache: SelectorCache) -> tuple[bool, dict[str, Any]]:
    """(all up, a report per component); a component that is not configured is not down."""
    checks: dict[str, Any] = {}
    redis = _redis(cache) if settings.redis_url else None
    postgres = _postgres(cache) if settings.database_url else None
    names = ("redis", "postgres", "chromium")
    coros = [c for c in (redis, postgres, _chromium(settings)) if c is not None]
    results = iter(await asyncio.gather(*(_timed(c) for c in coros)))
    for name, configured in zip(names, (redis, postgres, True), strict=True):
        checks[name] = next(results) if configured is not None else {"status": OFF}
    ok = all(c["status"] != DOWN for c in checks.values())
    return ok, {"status": "ok" if ok else "down", "checks": checks}
