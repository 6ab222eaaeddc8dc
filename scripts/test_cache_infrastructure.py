#!/usr/bin/env python
"""Check the SelectorCache against real Redis and Postgres, step by step, and say what it saw.

    python scripts/test_cache_infrastructure.py [--redis URL] [--postgres URL]

Defaults: PACTS_REDIS_URL / PACTS_DATABASE_URL, else the local services `make services` starts.
It writes a handful of records under keys of its own and deletes them at the end. Shown:
the fallback order (Redis -> Postgres -> discovery), persistent hits when Redis is flushed of
them, fast hits once Postgres has warmed Redis, versions and history, and both tiers' health.
Exit 0 when every check holds, 1 otherwise, 3 when a service cannot be reached.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from backend.models import Fingerprint, LocatorCall, LocatorSpec, SelectorRecord
from backend.storage.base import cache_key
from backend.storage.cache import SelectorCache
from backend.storage.postgres import PostgresTier
from backend.storage.redis_tier import RedisTier

DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def record(key: str, name: str, version: int = 1) -> SelectorRecord:
    spec = LocatorSpec(
        calls=(LocatorCall(method="get_by_role", args=("button",), kwargs={"name": name}),)
    )
    return SelectorRecord(
        key=key,
        origin="http://infra-check.invalid",
        route="/check",
        target=f"button|{name.lower()}",
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=Fingerprint(tag="button", role="button", name=name),
        version=version,
    )


class Checks:
    def __init__(self) -> None:
        self.failed = 0

    def check(self, ok: bool, text: str) -> None:
        print(f"  [{'PASS' if ok else 'FAIL'}] {text}")
        self.failed += 0 if ok else 1


async def reachable(redis: RedisTier, postgres: PostgresTier) -> str | None:
    try:
        await redis.ping()
    except Exception as exc:
        return f"Redis does not answer ({exc})"
    try:
        await postgres.pool()
    except Exception as exc:
        return f"Postgres does not answer ({exc})"
    return None


async def run(redis_url: str, postgres_url: str) -> int:
    redis = RedisTier.from_url(redis_url, ttl_s=600)
    postgres = PostgresTier(postgres_url)
    checks = Checks()
    run_tag = uuid.uuid4().hex[:8]
    keys = [cache_key("http://infra-check.invalid", "/check", f"{run_tag}-{i}") for i in range(3)]
    try:
        problem = await reachable(redis, postgres)
        if problem:
            print(f"Error: {problem}. Start the services with `make services`.", file=sys.stderr)
            return 3
        cache = SelectorCache(fast=redis, persistent=postgres)
        print(f"Redis {redis_url}, Postgres {postgres_url.split('@')[-1]}")

        print("1. fallback order on a cold key: Redis -> Postgres -> discovery")
        checks.check(await cache.lookup(keys[0]) is None, "cold key: a miss, discovery would run")
        await cache.save(record(keys[0], "Search"))
        checks.check(await postgres.get(keys[0]) is not None, "discovery wrote Postgres first")
        checks.check(await redis.get(keys[0]) is not None, "... then Redis")
        started = time.perf_counter()
        hit = await cache.lookup(keys[0])
        ms = (time.perf_counter() - started) * 1000
        checks.check(
            hit is not None and hit.source == "fast", f"next lookup: Redis hit ({ms:.2f} ms)"
        )

        print("2. Redis loses the record: Postgres serves it and warms Redis")
        await redis.invalidate(keys[0])
        started = time.perf_counter()
        hit = await cache.lookup(keys[0])
        ms = (time.perf_counter() - started) * 1000
        checks.check(hit is not None and hit.source == "persistent", f"Postgres hit ({ms:.2f} ms)")
        checks.check(await redis.get(keys[0]) is not None, "Redis was warmed from Postgres")
        hit = await cache.lookup(keys[0])
        checks.check(hit is not None and hit.source == "fast", "the lookup after: a Redis hit")

        print("3. drift: a new version replaces the old, the history keeps both")
        await cache.save(record(keys[0], "Search articles", version=2), reason="drift")
        await cache.save(record(keys[0], "Search", version=1), reason="discovered")  # a late writer
        current = await postgres.get(keys[0])
        checks.check(
            current is not None and current.version == 2, "Postgres never goes back a version"
        )
        history = await postgres.history(keys[0])
        checks.check(
            [h["reason"] for h in history] == ["discovered", "drift", "discovered"],
            f"history has {len(history)} versions with their reasons",
        )

        print("4. counters: two clients add to one Redis hash atomically")
        other = RedisTier.from_url(redis_url, ttl_s=600)
        hash_key = f"pacts:v1:infra-check:{run_tag}"
        try:
            await asyncio.gather(
                *(c._redis.hincrby(hash_key, "misses", 1) for c in (redis, other) for _ in range(9))
            )
            total = int(await redis._redis.hget(hash_key, "misses"))
            checks.check(total == 18, f"HINCRBY from two clients: {total} of 18 counted")
        finally:
            await redis._redis.delete(hash_key)
            await other.close()
    finally:
        for key in keys:
            for tier in (redis, postgres):
                with contextlib.suppress(Exception):
                    await tier.invalidate(key)
        await redis.close()
        await postgres.close()
    print("all checks passed" if not checks.failed else f"{checks.failed} checks FAILED")
    return 0 if not checks.failed else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", default=os.environ.get("PACTS_REDIS_URL") or DEFAULT_REDIS)
    parser.add_argument(
        "--postgres", default=os.environ.get("PACTS_DATABASE_URL") or DEFAULT_POSTGRES
    )
    args = parser.parse_args(argv)
    return asyncio.run(run(args.redis, args.postgres))


if __name__ == "__main__":
    sys.exit(main())
