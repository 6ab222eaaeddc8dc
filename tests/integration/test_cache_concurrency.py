"""8 processes resolve the same 50 targets at once against one Redis and one Postgres."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from backend.storage.postgres import PostgresTier
from tests.helpers.cli import REPO
from tests.integration.cache_worker import TARGETS

pytestmark = [pytest.mark.redis, pytest.mark.postgres]
WORKERS = 8


async def test_eight_processes_share_one_cache(
    redis_url: str, postgres_url: str, clean_services: None
) -> None:
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.cache_worker",
                redis_url,
                postgres_url,
                str(n),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    tier = PostgresTier(postgres_url)
    try:
        pool = await tier.pool()
        rows = await pool.fetch("SELECT key, version, record FROM selectors ORDER BY key")
        assert len(rows) == TARGETS  # exactly one current record per key
        for row in rows:
            index = int(row["key"].split("-")[1])
            expected = 2 if index % 2 == 0 else 1
            assert row["version"] == expected, row["key"]  # never went backwards
            assert json.loads(row["record"])["version"] == expected
        history = await pool.fetchval("SELECT COUNT(*) FROM selector_history")
        assert history == sum(r["saves"] for r in results)  # every write is in the history
        first = await pool.fetchval(
            "SELECT COUNT(DISTINCT key) FROM selector_history WHERE version = 1"
        )
        assert first == TARGETS
        counters = await tier.counters()
    finally:
        await tier.close()
    lookups = WORKERS * TARGETS
    per_process = {
        name: sum(r[name] for r in results) for name in ("redis_hits", "postgres_hits", "misses")
    }
    assert sum(per_process.values()) == lookups
    assert {k: counters.get(k, 0) for k in per_process} == per_process  # the stats add up
    assert per_process["misses"] >= TARGETS  # each target was discovered at least once
