"""Real Redis and real Postgres for the cache tiers (`make test` starts both).

Tests use their own Redis logical database and their own Postgres database, so a user's cache
is never touched. Override with PACTS_TEST_REDIS_URL / PACTS_TEST_POSTGRES_URL.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from backend.storage.postgres import PostgresTier
from backend.storage.redis_tier import RedisTier
from tests.helpers.pages import free_port  # noqa: F401  (used by the tests here)

REDIS_URL = os.environ.get("PACTS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SERVER_URL = os.environ.get("PACTS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
TEST_DB = "pacts_test"


def _with_db(url: str, db: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + db, parts.query, parts.fragment))


POSTGRES_URL = _with_db(SERVER_URL, TEST_DB)


async def _recreate_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(_with_db(SERVER_URL, "postgres"), timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{TEST_DB}"')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh `pacts_test` database for the session (migrations run on first use)."""
    asyncio.run(_recreate_database())
    yield POSTGRES_URL


@pytest.fixture
def redis_url() -> str:
    return REDIS_URL


async def _flush_redis() -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


async def _truncate_postgres(url: str) -> None:
    tier = PostgresTier(url)
    try:
        pool = await tier.pool()
        await pool.execute("TRUNCATE selectors, selector_history, cache_stats, plans")
    finally:
        await tier.close()


@pytest.fixture
async def clean_services(postgres_url: str) -> AsyncIterator[None]:
    """Empty test Redis DB and Postgres tables before a test."""
    await _flush_redis()
    await _truncate_postgres(postgres_url)
    yield


@pytest.fixture
async def redis_tier(clean_services: None) -> AsyncIterator[RedisTier]:
    tier = RedisTier.from_url(REDIS_URL, ttl_s=3600)
    yield tier
    await tier.close()


@pytest.fixture
async def postgres_tier(clean_services: None, postgres_url: str) -> AsyncIterator[PostgresTier]:
    tier = PostgresTier(postgres_url)
    yield tier
    await tier.close()
