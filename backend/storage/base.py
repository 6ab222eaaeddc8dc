"""The seam every cache tier implements, and the cache key."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Literal, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

from backend.models import SelectorRecord
from backend.secrets import holds_secret

TierKind = Literal["fast", "persistent"]
KEY_PREFIX = "pacts:v1:sel:"
SCHEMA_VERSION = 1

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_HEX = re.compile(r"^[0-9a-f]{12,}$", re.I)
_SALESFORCE_ID = re.compile(r"^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$")


def _is_id(segment: str) -> bool:
    """Whether a path segment is an id (number, UUID, hash, Salesforce id) rather than a route."""
    if not segment:
        return False
    if segment.isdigit() or _UUID.match(segment) or _HEX.match(segment):
        return True
    digits = sum(c.isdigit() for c in segment)
    if _SALESFORCE_ID.match(segment) and digits >= 3:
        return True
    # a slug ending in a long number ("order-20240117", "item_98765")
    return bool(re.search(r"[-_]\d{4,}$", segment))


def route_template(url: str, secrets: Iterable[str] = ()) -> tuple[str, str]:
    """`(origin, route template)` of a URL; ids and numbers in the path become `{id}`.

    A path segment that holds a secret (in any encoding) becomes `{secret}`, so the value
    never reaches a cache key, a stored record or a page-object name (issue 14).
    """
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]  # never user:password@
    origin = f"{parts.scheme}://{netloc}" if parts.netloc else parts.scheme or ""
    secrets = [s for s in secrets if s]
    segments = []
    for seg in parts.path.split("/"):
        if secrets and (holds_secret(seg, secrets) or holds_secret(unquote(seg), secrets)):
            segments.append("{secret}")
        else:
            segments.append("{id}" if _is_id(seg) else seg)
    return origin, "/".join(segments) or "/"


def cache_key(origin: str, route: str, target: str) -> str:
    """The sha256 that names one (origin, route template, canonical target) everywhere."""
    return hashlib.sha256(f"{origin}\n{route}\n{target}".encode()).hexdigest()


@runtime_checkable
class CacheTier(Protocol):
    """One storage tier of the SelectorCache."""

    name: str
    kind: TierKind

    async def get(self, key: str) -> SelectorRecord | None: ...

    async def put(self, record: SelectorRecord, reason: str = "discovered") -> None: ...

    async def invalidate(self, key: str) -> None: ...

    async def clear(self) -> int: ...

    async def close(self) -> None: ...


@runtime_checkable
class StatsStore(Protocol):
    """Counters that several processes add to (the persistent tier keeps them)."""

    async def incr(self, counters: dict[str, int]) -> None: ...

    async def counters(self) -> dict[str, int]: ...

    async def reset_counters(self) -> None: ...


@runtime_checkable
class PlanStore(Protocol):
    """Plans the LLM planner paid for, keyed by (requirement text hash, planner version, model).

    The persistent tier implements it (SQLite in the embedded default, Postgres otherwise), so
    a second run of the same requirement makes no LLM call.
    """

    async def get_plan(self, key: str) -> dict[str, object] | None: ...

    async def put_plan(self, key: str, plan: dict[str, object]) -> None: ...


@runtime_checkable
class FlightLock(Protocol):
    """A short lock per key, so that of several processes missing one key only one discovers.

    The shared fast tier implements it (Redis `SET NX PX`); the lock expires by itself, so an
    owner that dies or fails to discover holds the others up for at most its time to live.
    """

    async def acquire(self, key: str, ttl_ms: int) -> str | None:
        """A token when this caller now holds the lock, None when another caller does."""
        ...

    async def release(self, key: str, token: str) -> None:
        """Drop the lock if `token` still holds it (never another holder's)."""
        ...

    async def held(self, key: str) -> bool:
        """Whether anyone holds the lock on `key`."""
        ...
