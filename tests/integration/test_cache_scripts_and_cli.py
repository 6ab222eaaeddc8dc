"""The cache scripts and `pacts cache ...` commands, run for real against Redis and Postgres."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import pacts_with_env, run_in_repo, service_env

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def loop_rows(stdout: str) -> list[list[str]]:
    return [line.split() for line in stdout.splitlines() if line.strip()[:1].isdigit()]


@pytest.mark.e2e
@pytest.mark.parametrize("tiers", ["redis+postgres", "embedded"])
def test_validate_cache_reaches_100_percent_from_loop_2(
    tiers: str, tmp_path: Path, redis_url: str, postgres_url: str, clean_services: None
) -> None:
    shared = tiers == "redis+postgres"
    env = service_env(tmp_path, redis_url if shared else None, postgres_url if shared else None)
    result = run_in_repo(
        [sys.executable, "scripts/validate_cache.py", "--loops", "3", "--req", "demo_login"], env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = loop_rows(result.stdout)
    assert [r[1] for r in rows] == ["PASS"] * 3
    # loop, verdict, redis_hits, postgres_hits, misses, drift, hit_rate, time
    assert rows[0][4] == "4" and rows[0][6] == "0.0%"
    for row in rows[1:]:
        assert row[4:7] == ["0", "0", "100.0%"], row
    fast, persistent = (int(rows[1][2]), int(rows[1][3]))
    # a new storage each loop: Redis keeps what loop 1 found; the in-process LRU does not
    assert (fast, persistent) == ((4, 0) if shared else (0, 4))


def test_validate_cache_fails_when_the_cache_does_not_help(tmp_path: Path) -> None:
    env = service_env(tmp_path, None, None)
    result = run_in_repo(
        [sys.executable, "scripts/validate_cache.py", "--loops", "1", "--req", "demo_login"], env
    )
    assert result.returncode == 2 and "--loops must be 2 or more" in result.stderr


def test_infrastructure_script_passes_and_cleans_up(redis_url: str, postgres_url: str) -> None:
    env = service_env(Path("/nonexistent"), redis_url, postgres_url)
    result = run_in_repo([sys.executable, "scripts/test_cache_infrastructure.py"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[FAIL]" not in result.stdout and result.stdout.count("[PASS]") >= 10
    assert "Postgres hit" in result.stdout and "Redis was warmed" in result.stdout


def test_infrastructure_script_says_when_redis_is_down(postgres_url: str) -> None:
    env = service_env(Path("/nonexistent"), "redis://127.0.0.1:1/0", postgres_url)
    result = run_in_repo([sys.executable, "scripts/test_cache_infrastructure.py"], env)
    assert result.returncode == 3
    assert (
        result.stderr.startswith("Error: Redis does not answer")
        and "make services" in result.stderr
    )


def test_cache_cli_export_import_stats_clear(
    tmp_path: Path, redis_url: str, postgres_url: str, clean_services: None
) -> None:
    from tests.helpers.records import make_record

    seed = tmp_path / "seed.jsonl"
    seed.write_text(
        "".join(
            json.dumps({"schema": 1, "record": make_record(f"k{i}").model_dump(mode="json")}) + "\n"
            for i in range(3)
        ),
        encoding="utf-8",
    )
    env = service_env(tmp_path, redis_url, postgres_url)
    imported = pacts_with_env(["cache", "import", str(seed)], env)
    assert imported.returncode == 0 and "3 selector records imported" in imported.stdout
    stats = pacts_with_env(["cache", "stats", "--json"], env)
    payload = json.loads(stats.stdout)
    assert payload["tiers"] == {"fast": "redis", "persistent": "postgres"}
    assert payload["records"] == {"redis": 3, "postgres": 3}
    out = tmp_path / "out.jsonl"
    exported = pacts_with_env(["cache", "export", str(out)], env)
    assert exported.returncode == 0 and "3 selector records written" in exported.stdout
    assert sorted(json.loads(line)["record"]["key"] for line in out.read_text().splitlines()) == [
        "k0",
        "k1",
        "k2",
    ]
    cleared = pacts_with_env(["cache", "clear", "--tier", "redis", "--yes"], env)
    assert cleared.returncode == 0 and "redis: 3 removed" in cleared.stdout
    payload = json.loads(pacts_with_env(["cache", "stats", "--json"], env).stdout)
    assert payload["records"] == {"redis": 0, "postgres": 3}
    cleared = pacts_with_env(["cache", "clear", "--tier", "all", "--yes"], env)
    assert "postgres: 3 removed" in cleared.stdout

    # an embedded cache takes the same file
    embedded = service_env(tmp_path / "embedded", None, None)
    assert pacts_with_env(["cache", "import", str(out)], embedded).returncode == 0
    payload = json.loads(pacts_with_env(["cache", "stats", "--json"], embedded).stdout)
    assert payload["records"] == {"memory": 0, "sqlite": 3}


def test_cache_import_of_a_bad_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"schema": 1, "record": {"key": "k"}}\n', encoding="utf-8")
    result = pacts_with_env(["cache", "import", str(bad)], service_env(tmp_path, None, None))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {bad}:1 is not a PACTS cache record")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cache_stats_with_dead_services_warns_and_answers(tmp_path: Path) -> None:
    env = service_env(tmp_path, "redis://127.0.0.1:1/0", "postgresql://postgres@127.0.0.1:1/x")
    result = pacts_with_env(["cache", "stats"], env)
    assert result.returncode == 0, result.stderr
    assert "unavailable" in result.stderr and "Traceback" not in result.stderr
    assert "hit_rate" in result.stdout
