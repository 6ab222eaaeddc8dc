"""Redis tier: the shared fast tier (SETEX records with a TTL, HINCRBY counters)."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from pydantic import ValidationError

from backend.errors import first_problem
from backend.models import SelectorRecord
from backend.storage.base import KEY_PREFIX, SCHEMA_VERSION, TierKind

logger = logging.getLogger(__name__)

#: The hash every process adds its counters to.
STATS_KEY = "pacts:v1:stats"
#: Single-flight locks, one per selector key (`SET NX PX`; they expire by themselves).
LOCK_PREFIX = "pacts:v1:lock:"
_SCAN_BATCH = 500
# SETEX unless the stored record is newer, atomically: a slow writer never takes a key back
# a version (as Postgres's version check does). An unreadable stored value is replaced.
_SETEX_IF_NOT_OLDER = """
local old = redis.call('GET', KEYS[1])
if old then
  local ok, decoded = pcall(cjson.decode, old)
  if ok and type(decoded) == 'table' and type(decoded['record']) == 'table'
     and type(decoded['record']['version']) == 'number'
     and decoded['record']['version'] > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SETEX', KEYS[1], ARGV[3], ARGV[1])
return 1
"""
# DEL only while the lock still holds our token: a lock that expired and was taken by another
# process is not ours to drop.
_RELEASE_IF_OWNER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisTier:
    """Selector records under `pacts:v1:sel:<hash>`, written with SETEX; shared counters.

    The client is built by the caller (`redis.asyncio.Redis.from_url`), as fastapi-cache's
    `RedisBackend(redis)` is. redis-py connects lazily, so a server that is down when the tier is
    built is noticed on first use, and used again once it is back.
    """

    name = "redis"
    kind: TierKind = "fast"

    def __init__(self, client: Any, ttl_s: int) -> None:
        self._redis = client
        self._ttl = ttl_s
        self._setex_if_not_older = client.register_script(_SETEX_IF_NOT_OLDER)
        self._release_if_owner = client.register_script(_RELEASE_IF_OWNER)

    @classmethod
    def from_url(cls, url: str, ttl_s: int, timeout_s: float = 2.0) -> RedisTier:
        """A tier on a new client for `url`; short timeouts so a dead server costs little."""
        from redis.asyncio import Redis

        client = Redis.from_url(
            url,
            socket_connect_timeout=timeout_s,
            socket_timeout=timeout_s,
            health_check_interval=30,
        )
        return cls(client, ttl_s)

    @property
    def client(self) -> Any:
        """The Redis client (telemetry adds its counters on the same connection pool)."""
        return self._redis

    async def get(self, key: str) -> SelectorRecord | None:
        raw = await self._redis.get(KEY_PREFIX + key)
        if raw is None:
            return None
        try:
            envelope = json.loads(raw)
            if envelope.get("schema") != SCHEMA_VERSION:
                raise ValueError(f"schema {envelope.get('schema')!r}")
            return SelectorRecord.model_validate(envelope["record"])
        except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
            # A corrupt or old record is a miss; dropping it lets discovery write a good one.
            logger.warning(
                "redis record %s is unusable (%s); treating it as a miss",
                key[:12],
                first_problem(exc),
            )
            await self._redis.delete(KEY_PREFIX + key)
            return None

    async def put(self, record: SelectorRecord, reason: str = "discovered") -> None:
        envelope = {"schema": SCHEMA_VERSION, "record": record.model_dump(mode="json")}
        await self._setex_if_not_older(
            keys=[KEY_PREFIX + record.key], args=[json.dumps(envelope), record.version, self._ttl]
        )

    async def invalidate(self, key: str) -> None:
        await self._redis.delete(KEY_PREFIX + key)

    async def keys(self) -> list[str]:
        """Every cached key (without the prefix), listed with SCAN, never KEYS."""
        found: list[str] = []
        async for name in self._redis.scan_iter(match=KEY_PREFIX + "*", count=_SCAN_BATCH):
            text = name.decode() if isinstance(name, bytes) else str(name)
            found.append(text[len(KEY_PREFIX) :])
        return found

    async def records(self) -> list[SelectorRecord]:
        """Every record that still reads (for export)."""
        out: list[SelectorRecord] = []
        for key in await self.keys():
            record = await self.get(key)
            if record is not None:
                out.append(record)
        return out

    async def clear(self) -> int:
        keys = await self.keys()
        removed = 0
        for start in range(0, len(keys), _SCAN_BATCH):
            batch = [KEY_PREFIX + k for k in keys[start : start + _SCAN_BATCH]]
            removed += int(await self._redis.unlink(*batch))
        return removed

    async def ttl(self, key: str) -> int:
        """Seconds left before a record expires (-2 when it is gone)."""
        return int(await self._redis.ttl(KEY_PREFIX + key))

    async def incr(self, counters: dict[str, int]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for name, value in counters.items():
            if value:
                pipe.hincrby(STATS_KEY, name, value)
        await pipe.execute()

    async def counters(self) -> dict[str, int]:
        raw = await self._redis.hgetall(STATS_KEY)
        return {(k.decode() if isinstance(k, bytes) else str(k)): int(v) for k, v in raw.items()}

    async def reset_counters(self) -> None:
        await self._redis.delete(STATS_KEY)

    async def acquire(self, key: str, ttl_ms: int) -> str | None:
        """`SET pacts:v1:lock:<key> <token> NX PX ttl`: the token when we got the lock."""
        token = uuid.uuid4().hex
        got = await self._redis.set(LOCK_PREFIX + key, token, nx=True, px=ttl_ms)
        return token if got else None

    async def release(self, key: str, token: str) -> None:
        await self._release_if_owner(keys=[LOCK_PREFIX + key], args=[token])

    async def held(self, key: str) -> bool:
        return bool(await self._redis.exists(LOCK_PREFIX + key))

    async def ping(self) -> bool:
        return bool(await self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()
