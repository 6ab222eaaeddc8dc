"""`pacts serve` over runs sharing Redis + Postgres: every process adds up, /healthz reports a
dead Redis with a 503, and `pacts test` exits without a warning in that tier mix too."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.helpers.cli import service_env
from tests.helpers.telemetry import pacts_serve, pacts_test, scrape, summed
from tests.integration.conftest import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.redis, pytest.mark.postgres]


def test_shared_tiers_add_up_and_healthz_reports_a_dead_redis(
    tmp_path: Path, demo_url: str, redis_url: str, postgres_url: str, clean_services: None
) -> None:
    env = {**service_env(tmp_path, redis_url, postgres_url), "PACTS_BASE_URL": demo_url}
    cold = pacts_test(env, "--req", "demo_search")
    warm = pacts_test(env, "--req", "demo_search")
    with pacts_serve(env) as served:
        url = served.url
        samples = scrape(url)  # the first collection is made before the server answers
        assert summed(samples, "pacts_runs_total") == 2
        assert samples[("pacts_runs_total", (("root_cause", "none"), ("verdict", "PASS")))] == 2
        hits = ("pacts_cache_lookups_total", (("result", "hit"), ("tier", "redis")))
        assert samples[hits] == warm["cache"]["redis_hits"] == 2
        misses = ("pacts_cache_lookups_total", (("result", "miss"), ("tier", "postgres")))
        assert samples[misses] == cold["discoveries"]
        assert samples[("pacts_cache_records", (("tier", "postgres"),))] == cold["discoveries"]
        assert samples[("pacts_cache_lookup_duration_seconds_count", (("tier", "redis"),))] == 4
        health = httpx.get(url + "/healthz", timeout=10)
        assert health.status_code == 200, health.text
        assert {c["status"] for c in health.json()["checks"].values()} == {"up"}
    assert served.stderr == ""

    dead = {**env, "PACTS_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    with pacts_serve(dead) as served:
        url = served.url
        health = httpx.get(url + "/healthz", timeout=15)
        assert health.status_code == 503
        checks = health.json()["checks"]
        assert checks["redis"]["status"] == "down" and checks["redis"]["detail"]
        assert checks["postgres"]["status"] == checks["chromium"]["status"] == "up"
        # the durable totals still answer while Redis is down
        assert summed(scrape(url), "pacts_runs_total") == 2
    # one warning per source that went away, however many collections failed meanwhile
    assert served.stderr.count("Warning:") == 1, served.stderr
    assert "metrics collection: redis: Error 111 connecting" in served.stderr
    assert "Traceback" not in served.stderr

    dead_pg = {**env, "PACTS_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/x"}
    with pacts_serve(dead_pg) as served:
        health = httpx.get(served.url + "/healthz", timeout=15)
        assert health.status_code == 503
        checks = health.json()["checks"]
        assert checks["postgres"]["status"] == "down" and "Connect call failed" in str(checks)
        assert checks["redis"]["status"] == checks["chromium"]["status"] == "up"
        assert httpx.get(served.url + "/", timeout=10).status_code == 200  # still serves
    assert "Traceback" not in served.stderr


@pytest.mark.parametrize("mix", ["redis+sqlite", "memory+postgres"])
def test_no_warning_on_exit_in_the_mixed_tiers_either(
    mix: str, tmp_path: Path, demo_url: str, redis_url: str, postgres_url: str, clean_services: None
) -> None:
    # memory+sqlite is test_metrics_and_dashboard..., redis+postgres the test above
    fast, persistent = mix.split("+")
    env = service_env(
        tmp_path,
        redis_url if fast == "redis" else None,
        postgres_url if persistent == "postgres" else None,
    )
    env["PACTS_BASE_URL"] = demo_url
    for _ in range(2):  # cold, then warm from the cache; pacts_test fails on any warning
        assert pacts_test(env, "--req", "demo_search")["verdict"] == "PASS"
