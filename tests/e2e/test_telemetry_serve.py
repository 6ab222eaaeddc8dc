"""`pacts serve` over real runs with the embedded tiers: the scrape read back with
prometheus_client's parser, the dashboard in real Chromium (it updates without a reload),
/healthz, LangSmith traces sent to a local recording server, and no warning on exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from backend.planning.loader import load_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from tests.fakes.langsmith_server import serve_langsmith
from tests.fixtures.drift.site import serve_drift
from tests.helpers.cli import REPO, service_env
from tests.helpers.telemetry import pacts_serve, pacts_test, scrape, summed

pytestmark = pytest.mark.e2e

#: The ids of the dashboard's tables whose right edge passes their panel's.
TABLES_OUTSIDE_THEIR_PANEL = """
[...document.querySelectorAll('main section table')]
  .filter(t => t.getBoundingClientRect().right > t.closest('section').getBoundingClientRect().right)
  .map(t => t.id)
"""


async def test_metrics_and_dashboard_show_real_runs_and_update_without_reload(
    tmp_path: Path, demo_url: str, browser_session: Any
) -> None:
    env = {**service_env(tmp_path, None, None), "PACTS_BASE_URL": demo_url}
    cold = pacts_test(env, "--req", "demo_search")
    warm = pacts_test(env, "--req", "demo_search")
    assert cold["verdict"] == warm["verdict"] == "PASS" and warm["discoveries"] == 0
    with pacts_serve(env) as served:
        url = served.url
        samples = scrape(url)
        assert samples[("pacts_runs_total", (("root_cause", "none"), ("verdict", "PASS")))] == 2
        lookups = "pacts_cache_lookups_total"
        # a new process starts with an empty memory tier: the warm run's hits come from SQLite
        sqlite_hit = (lookups, (("result", "hit"), ("tier", "sqlite")))
        assert samples[sqlite_hit] == warm["cache"]["postgres_hits"] == 2
        assert (lookups, (("result", "hit"), ("tier", "memory"))) not in samples
        assert samples[(lookups, (("result", "miss"), ("tier", "memory")))] == 4
        miss = (lookups, (("result", "miss"), ("tier", "sqlite")))
        assert samples[miss] == cold["cache"]["misses"] == cold["discoveries"]
        steps = len(cold["steps"]) + len(warm["steps"])
        assert summed(samples, "pacts_step_duration_seconds_count") == steps
        step_ms = sum(s["duration_ms"] for s in cold["steps"] + warm["steps"])
        assert summed(samples, "pacts_step_duration_seconds_sum") == pytest.approx(step_ms / 1000)
        assert samples[("pacts_discovery_duration_seconds_count", ())] == cold["discoveries"]
        assert samples[("pacts_cache_records", (("tier", "sqlite"),))] == cold["discoveries"]
        assert samples[("pacts_llm_cost_dollars_total", ())] == 0

        health = httpx.get(url + "/healthz", timeout=10)
        assert health.status_code == 200
        checks = health.json()["checks"]
        assert checks["chromium"]["status"] == "up" and "Chromium" in checks["chromium"]["detail"]
        assert checks["redis"]["status"] == checks["postgres"]["status"] == "not configured"

        page = browser_session.page
        await page.goto(url + "/")
        runs = page.locator('[data-figure="runs"] b')
        await page.wait_for_function("document.querySelectorAll('#recent tbody a').length === 2")
        assert await runs.inner_text() == "2"
        assert await page.locator('[data-figure="hit rate"] b').inner_text() == "50.0%"
        assert await page.locator("#hit-chart circle.point").count() == 2
        assert await page.locator("#recent tbody td.PASS").count() == 2
        assert "Search Pactopedia" in await page.locator("#slowest").inner_text()
        await page.evaluate("window.__sameDocument = true")

        failed = pacts_test(
            env, "--text", 'Verify the page heading is "Not this one"', "--url", demo_url + "/"
        )
        assert failed["verdict"] == "FAIL" and failed["root_cause"] == "assertion_failed"
        await page.wait_for_function(
            "document.querySelector('[data-figure=\"runs\"] b').textContent === '3'",
            timeout=20_000,
        )
        assert await page.evaluate("window.__sameDocument === true")  # no reload happened
        first_row = page.locator("#recent tbody tr").first
        assert "FAIL" in await first_row.inner_text()
        assert "assertion_failed" in await first_row.inner_text()
        assert await page.locator('[data-figure="FAIL"] b').inner_text() == "1"
        assert failed["requirement"] in await page.locator("#flakiest").inner_text()
        # an ad-hoc run's long name must not push a table's figures out from under its panel
        # (the slowest steps' mean/max columns were drawn beneath the flakiest panel)
        await page.wait_for_function(
            f"document.querySelector('#slowest').textContent.includes({failed['requirement']!r})"
        )
        assert await page.evaluate(TABLES_OUTSIDE_THEIR_PANEL) == []
        report = await first_row.locator("a").get_attribute("href")
        opened = httpx.get(f"{url}/{report}", timeout=10)
        assert opened.status_code == 200 and failed["run_id"] in opened.text
        assert httpx.get(f"{url}/runs/..%2F..%2Fetc/passwd", timeout=10).status_code == 404
    assert served.stderr == ""  # a clean stop prints nothing


async def test_drift_and_heals_of_real_runs_reach_metrics_and_the_dashboard(
    tmp_path: Path, settings: Settings, browser_session: Any
) -> None:
    requirement = load_requirement(REPO / "tests/fixtures/drift/requirements/drift_search.md")
    with serve_drift() as site:
        baseline = await run_requirement(requirement, settings, url=site.page("1"))
        drifted = await run_requirement(requirement, settings, url=site.page("2"))
    assert baseline.verdict == drifted.verdict == "PASS", drifted.explanation
    events = drifted.evidence["heal_events"]
    accepted = sum(1 for e in events if e["outcome"] == "accepted")
    assert drifted.cache["drift"] >= 1 and accepted >= 1
    with pacts_serve(service_env(tmp_path, None, None)) as served:  # the same .pacts/ as settings
        samples = scrape(served.url)
        drift = sum(
            v
            for (n, labels), v in samples.items()
            if n == "pacts_cache_lookups_total" and ("result", "drift") in labels
        )
        assert drift == drifted.cache["drift"]
        assert samples[("pacts_heals_total", (("outcome", "accepted"),))] == accepted
        assert summed(samples, "pacts_heals_total") == len(events)

        page = browser_session.page
        await page.goto(served.url + "/")
        await page.wait_for_function("document.querySelectorAll('#recent tbody a').length === 2")
        assert await page.locator('[data-figure="drift"] b').inner_text() == str(int(drift))
        assert await page.locator('[data-figure="heals"] b').inner_text() == str(accepted)
        # a drift bar and a heals bar per run, oldest run first
        bars = page.locator("#drift-chart rect.bar")
        heights = [float(await bars.nth(i).get_attribute("height") or 0) for i in range(4)]
        assert heights[:2] == [0, 0] and heights[2] > 0 and heights[3] > 0, heights
    assert served.stderr == ""


def test_langsmith_receives_the_graph_and_never_the_secret(
    tmp_path: Path, demo_url: str, demo_env: dict[str, str]
) -> None:
    from backend.demo.server import DEMO_PASSWORD

    env = {**service_env(tmp_path, None, None), "PACTS_BASE_URL": demo_url}
    env["DEMO_PASSWORD"] = demo_env["DEMO_PASSWORD"]
    with serve_langsmith() as fake:
        traced = {**env, "LANGSMITH_API_KEY": "lsv2-test-key", "LANGSMITH_ENDPOINT": fake.url}
        assert pacts_test(traced, "--req", "demo_login")["verdict"] == "PASS"
    posts = [r for r in fake.requests if r.method == "POST"]
    assert posts and {r.api_key for r in posts} == {"lsv2-test-key"}
    names = fake.run_names()
    assert {"LangGraph", "planner", "pom_builder", "executor", "verdict_rca"} <= names
    assert all(DEMO_PASSWORD.encode() not in r.body for r in fake.requests)


def test_a_langsmith_auth_failure_is_one_warning_and_the_run_passes(
    tmp_path: Path, demo_url: str
) -> None:
    env = {**service_env(tmp_path, None, None), "PACTS_BASE_URL": demo_url}
    with serve_langsmith(status=401) as fake:
        env.update(LANGSMITH_API_KEY="lsv2-wrong", LANGSMITH_ENDPOINT=fake.url)
        result = subprocess.run(
            [sys.executable, "-m", "backend.cli.main", "test", "--req", "demo_search", "--json"],
            cwd=REPO,
            env={**env, "PYTHONWARNINGS": "default"},
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "PASS"
    assert any(r.method == "POST" for r in fake.requests)  # it did try
    warnings = [line for line in result.stderr.splitlines() if "Warning" in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("Warning: LangSmith tracing failed (LangSmithAuthError")
    assert "LANGSMITH_API_KEY" in warnings[0] and "lsv2-wrong" not in result.stderr


def test_an_unreachable_langsmith_is_one_warning_for_a_whole_suite(
    tmp_path: Path, demo_url: str
) -> None:
    """A closed port: the first run says so once; the next runs are not traced (no second
    wait for an endpoint that cannot be reached, no second warning)."""
    from tests.helpers.pages import free_port

    env = {**service_env(tmp_path, None, None), "PACTS_BASE_URL": demo_url}
    env.update(LANGSMITH_API_KEY="lsv2-x", LANGSMITH_ENDPOINT=f"http://127.0.0.1:{free_port()}/")
    reqs = ["--req", "demo_search", "--req", "demo_search_results", "--req", "demo_search"]
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli.main", "-v", "test", *reqs],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
    assert len(warnings) == 1, result.stderr
    assert "LangSmithConnectionError" in warnings[0]
    assert "nor the rest of this process" in warnings[0]
    assert result.stderr.count("LangSmith tracing is off: unreachable earlier") == 2
