"""Issue 14: a secret in a URL path never reaches the shared tiers (Redis values, Postgres rows)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.planning.loader import parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from backend.storage.init import get_storage
from tests.helpers.pages import serve
from tests.helpers.secret_site import PASSWORD, TOKEN, EchoSite, encoded_forms
from tests.integration.conftest import REDIS_URL

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.e2e]

REQUIREMENT = """\
1. Go to /reset/${RESET_TOKEN}
2. Fill "Username" with "alice"
3. Fill "Password" with ${USER_PASSWORD}
4. Click the "Sign in" button
5. Verify the page heading is "Welcome"
"""


async def test_shared_tiers_hold_no_secret(
    settings: Settings, postgres_tier: Any, redis_tier: Any, postgres_url: str, tmp_path: Path
) -> None:
    shared = settings.model_copy(update={"redis_url": REDIS_URL, "database_url": postgres_url})
    storage = await get_storage(shared)
    env = {"RESET_TOKEN": TOKEN, "USER_PASSWORD": PASSWORD}
    try:
        with serve(EchoSite) as url:
            verdict = await run_requirement(
                parse_requirement(REQUIREMENT, "shared_secret"),
                shared,
                url=url,
                cache=storage.selector_cache,
                env=env,
            )
    finally:
        await storage.close()
    assert verdict.verdict == "PASS", verdict.explanation
    pool = await postgres_tier.pool()
    rows = await pool.fetch("SELECT key, origin, route, target, selector, record FROM selectors")
    history = await pool.fetch("SELECT selector, fingerprint::text AS fp FROM selector_history")
    assert rows and {r["route"] for r in rows} == {"/reset/{secret}", "/welcome"}
    values = [str(v) for r in [*rows, *history] for v in r.values()]
    async for name in redis_tier._redis.scan_iter(match="pacts:*"):
        if await redis_tier._redis.type(name) == b"string":
            values.append((await redis_tier._redis.get(name)).decode())
    forbidden = encoded_forms(TOKEN) | encoded_forms(PASSWORD)
    leaked = [f for f in forbidden for v in values if f in v]
    assert not leaked, leaked
