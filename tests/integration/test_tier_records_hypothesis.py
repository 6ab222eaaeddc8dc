"""Issue 14: any stored record, arbitrary JSON included, resolves or is dropped as corrupt.

One body per tier (memory LRU, SQLite, real Redis, real Postgres), as in test_tier_contract.py.
First at the tier: `get` returns a record that validates and renders as a Python expression, or
None with the entry gone, never an exception. Then through a real run (Chromium, a local page)
with the junk stored under the very key the run looks up: the run ends with a verdict, and the
cache then holds a good record.
"""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from backend.models import LOCATOR_SIGNATURES, SelectorRecord, Target
from backend.planning.loader import parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from backend.storage.base import KEY_PREFIX, SCHEMA_VERSION, cache_key, route_template
from backend.storage.cache import SelectorCache
from backend.storage.memory import MemoryTier
from backend.storage.postgres import PostgresTier
from backend.storage.redis_tier import RedisTier
from backend.storage.sqlite import SQLiteTier
from tests.helpers.pages import serve_pages
from tests.helpers.records import make_record
from tests.integration.conftest import ALL

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))
)
ANY_JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
METHODS = list(LOCATOR_SIGNATURES)  # every method a LocatorCall may name
KWARG_NAMES = st.sampled_from(
    ["name", "exact", "level", "has_text", "visible", "bogus", "name) or (1", "__class__"]
)


@st.composite
def tampered_records(draw: st.DrawFn) -> Any:
    """A good record with its locator call changed: method, arguments, keyword arguments."""
    record = make_record().model_dump(mode="json")
    call = record["locator"]["calls"][0]
    call["method"] = draw(st.sampled_from([*METHODS, "evaluate", "__init__"]))
    call["args"] = draw(st.lists(JSON_SCALARS, max_size=2))
    call["kwargs"] = draw(
        st.dictionaries(KWARG_NAMES | st.text(max_size=6), JSON_SCALARS, max_size=3)
    )
    if draw(st.booleans()):
        record["fingerprint"] = draw(ANY_JSON)
    return record


STORED = ANY_JSON | tampered_records() | st.just(make_record().model_dump(mode="json"))
#: Bytes that are not JSON at all, for the tiers that store text.
NOT_JSON = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40
).filter(lambda t: not _is_json(t))


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


async def store_raw(tier: Any, key: str, raw: str, record: Any = None) -> None:
    """Write `raw` (a record's JSON text) where the tier keeps the record for `key`."""
    if isinstance(tier, MemoryTier):
        tier._entries[key] = (time.monotonic() + 3600, raw)
    elif isinstance(tier, SQLiteTier):
        await tier._db.execute(
            "INSERT OR REPLACE INTO selectors (key, origin, route, target, record, schema_version,"
            " version, updated_at) VALUES (?, '', '', '', ?, ?, 1, '')",
            (key, raw, SCHEMA_VERSION),
        )
        await tier._db.commit()
    elif isinstance(tier, RedisTier):
        envelope = (
            raw if record is None else json.dumps({"schema": SCHEMA_VERSION, "record": record})
        )
        await tier._redis.set(KEY_PREFIX + key, envelope)
    else:
        assert isinstance(tier, PostgresTier)
        await (await tier.pool()).execute(
            "INSERT INTO selectors (key, origin, route, target, selector, strategy, record,"
            " schema_version, version) VALUES ($1, '', '', '', '', '', $2, $3, 1)"
            " ON CONFLICT (key) DO UPDATE SET record = EXCLUDED.record,"
            " schema_version = EXCLUDED.schema_version, version = 1",
            key,
            raw,
            SCHEMA_VERSION,
        )


async def stored(tier: Any, key: str) -> bool:
    """Whether the tier still holds anything for `key`."""
    if isinstance(tier, MemoryTier):
        return key in tier._entries
    if isinstance(tier, SQLiteTier):
        async with tier._db.execute("SELECT 1 FROM selectors WHERE key = ?", (key,)) as cur:
            return await cur.fetchone() is not None
    if isinstance(tier, RedisTier):
        return bool(await tier._redis.exists(KEY_PREFIX + key))
    row = await (await tier.pool()).fetchrow("SELECT 1 FROM selectors WHERE key = $1", key)
    return row is not None


@pytest.fixture(params=ALL)
def tier(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(request.param)


def check_usable(record: SelectorRecord) -> None:
    """A record that came back validates again and renders as one Python expression."""
    again = SelectorRecord.model_validate_json(record.model_dump_json())
    tree = ast.parse(again.locator.expr(), mode="eval")
    assert isinstance(tree.body, ast.Call)


@hsettings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=STORED, junk=NOT_JSON, as_text=st.booleans())
async def test_any_stored_record_resolves_or_is_dropped(
    tier: Any, value: Any, junk: str, as_text: bool
) -> None:
    raw = junk if as_text else json.dumps(value)
    await store_raw(tier, "k1", raw, None if as_text else value)
    got = await tier.get("k1")
    if got is None:
        assert not await stored(tier, "k1"), "a corrupt record was left in place"
    else:
        check_usable(got)


PAGE = (
    "<!doctype html><title>Go</title><main><h1>Start</h1>"
    "<button onclick=\"document.querySelector('#out').textContent='Done'\">Go</button>"
    "<p id='out'></p></main>"
)
REQUIREMENT = 'Click the "Go" button\nVerify the text "Done" is visible'


@hsettings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=STORED)
@pytest.mark.e2e
async def test_a_run_over_any_stored_record_ends_with_a_verdict(
    tier: Any, value: Any, settings: Settings, browser_session: Any, tmp_path: Path
) -> None:
    cache = (
        SelectorCache(fast=tier, persistent=None)
        if tier.kind == "fast"
        else SelectorCache(fast=None, persistent=tier)
    )
    with serve_pages() as site:
        site.pages["/"] = PAGE
        origin, route = route_template(site.url + "/")
        key = cache_key(origin, route, Target(kind="button", name="Go").canonical())
        await store_raw(tier, key, json.dumps(value), value)
        req = parse_requirement(REQUIREMENT, "junk_record", None)
        fast = settings.model_copy(
            update={"step_timeout_s": 2.0, "trace": False, "screenshots": "on-failure"}
        )
        verdict = await run_requirement(
            req, fast, url=site.url + "/", session=browser_session, cache=cache, env={}
        )
    assert verdict.verdict in ("PASS", "FAIL", "ERROR")
    assert Path(verdict.run_dir or "", "verdict.json").is_file()
    assert verdict.verdict == "PASS", (verdict.root_cause, verdict.explanation)
    got = await tier.get(key)
    assert got is not None  # the junk was replaced by a record that works
    check_usable(got)
