"""`pacts test` in separate processes sharing Redis + Postgres, and with a dead Redis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import pacts_with_env as pacts
from tests.helpers.cli import service_env

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.postgres]


def test_second_process_hits_redis_and_a_dead_redis_only_degrades(
    tmp_path: Path, demo_url: str, redis_url: str, postgres_url: str, clean_services: None
) -> None:
    env = {**service_env(tmp_path, redis_url, postgres_url), "PACTS_BASE_URL": demo_url}
    first = pacts(["test", "--req", "demo_search", "--json"], env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["discoveries"] == 2
    assert "[CACHE] SAVED" in first.stderr

    second = pacts(["test", "--req", "demo_search", "--json"], env)
    assert second.returncode == 0, second.stderr
    verdict = json.loads(second.stdout)
    assert verdict["discoveries"] == 0 and verdict["cache"]["redis_hits"] == 2
    assert "[CACHE] HIT redis:" in second.stderr

    # Redis gone: Postgres serves, with one warning; the run still passes
    env["PACTS_REDIS_URL"] = "redis://127.0.0.1:1/0"
    third = pacts(["test", "--req", "demo_search", "--json"], env)
    assert third.returncode == 0, third.stderr
    verdict = json.loads(third.stdout)
    assert verdict["discoveries"] == 0 and verdict["cache"]["postgres_hits"] == 2
    assert "[CACHE] HIT postgres:" in third.stderr
    assert third.stderr.count("cache tier redis is unavailable") == 1
    for run in (first, second, third):  # clean shutdown: no unclosed clients or pools
        assert "Unclosed" not in run.stderr and "event loop" not in run.stderr
