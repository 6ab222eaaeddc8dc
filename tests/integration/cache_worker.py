"""One process of the concurrency test: resolve 50 targets against shared Redis + Postgres.

`python -m tests.integration.cache_worker REDIS_URL POSTGRES_URL WORKER_NO` prints a JSON line
with how many saves it made.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys

from backend.settings import Settings
from backend.storage.init import get_storage
from tests.helpers.records import make_record

TARGETS = 50


async def main(redis_url: str, postgres_url: str, worker: int) -> dict[str, int]:
    settings = Settings(_env_file=None, redis_url=redis_url, database_url=postgres_url)  # type: ignore[call-arg]
    storage = await get_storage(settings)
    cache = storage.selector_cache
    order = list(range(TARGETS))
    random.Random(worker).shuffle(order)
    saves = 0
    try:
        for i in order:
            key = f"target-{i:02d}"
            if await cache.lookup(key) is None:
                await cache.save(make_record(key, version=1, name=f"T{i}"))
                saves += 1
            if worker < 4 and i % 2 == 0:
                # half the workers see these targets drift: version 2 must win, whatever the order
                await cache.save(make_record(key, version=2, name=f"T{i} v2"), reason="drift")
                saves += 1
        return {"saves": saves, **cache.counters()}
    finally:
        await storage.close()


if __name__ == "__main__":
    result = asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
    print(json.dumps(result))
