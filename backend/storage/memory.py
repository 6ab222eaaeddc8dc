"""In-process LRU tier with a TTL: the fast tier of the embedded default."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from pydantic import ValidationError

from backend.errors import first_problem
from backend.models import SelectorRecord
from backend.storage.base import TierKind

logger = logging.getLogger(__name__)


class MemoryTier:
    """A bounded LRU of SelectorRecords; entries expire after `ttl_s`."""

    name = "memory"
    kind: TierKind = "fast"

    def __init__(self, max_entries: int = 2048, ttl_s: float = 7 * 24 * 3600) -> None:
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._max = max_entries
        self._ttl = ttl_s

    async def get(self, key: str) -> SelectorRecord | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, payload = entry
        if expires < time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        # Stored as JSON so a caller mutating its copy never changes the cache.
        try:
            return SelectorRecord.model_validate_json(payload)
        except ValidationError as exc:  # issue 14: a corrupt record is dropped, like elsewhere
            logger.warning(
                "memory record %s is unusable (%s); treating it as a miss",
                key[:12],
                first_problem(exc),
            )
            del self._entries[key]
            return None

    async def put(self, record: SelectorRecord, reason: str = "discovered") -> None:
        self._entries[record.key] = (time.monotonic() + self._ttl, record.model_dump_json())
        self._entries.move_to_end(record.key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    async def invalidate(self, key: str) -> None:
        self._entries.pop(key, None)

    async def clear(self) -> int:
        count = len(self._entries)
        self._entries.clear()
        return count

    async def records(self) -> list[SelectorRecord]:
        """Every live record (for export)."""
        now = time.monotonic()
        out: list[SelectorRecord] = []
        for expires, payload in self._entries.values():
            if expires >= now:
                try:
                    out.append(SelectorRecord.model_validate_json(payload))
                except ValidationError:
                    continue
        return out

    async def close(self) -> None:
        return None

    def __len__(self) -> int:
        return len(self._entries)
