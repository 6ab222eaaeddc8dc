"""One process of the single-flight test: miss one key at a shared moment, discover or wait.

`python -m tests.integration.flight_worker REDIS_URL START_AT` (a wall-clock time) prints a
JSON line with whether it discovered and its cache counters.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from backend.storage.cache import SelectorCache
from backend.storage.redis_tier import RedisTier
from tests.helpers.records import make_record

KEY = "k-processes"


async def main(redis_url: str, start_at: float) -> dict[str, int]:
    cache = SelectorCache(RedisTier.from_url(redis_url, ttl_s=3600), None)
    try:
        # start together, so every process misses before any saves
        await asyncio.sleep(max(0.0, start_at - time.time()))
        discovered = 0
        if await cache.lookup(KEY) is None:
            await asyncio.sleep(0.5)
            discovered = 1
            await cache.save(make_record(KEY, version=1, name="Search"))
        return {"discovered": discovered, "skipped": len(cache.skipped), **cache.counters()}
    finally:
        await cache.close()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], float(sys.argv[2])))))
