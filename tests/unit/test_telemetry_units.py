"""Telemetry without services: sample keys, the exposition (read back with prometheus_client's
own parser), what a verdict records, the dashboard's tables, and the CLI's error lines."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from backend.cli.main import cli, main
from backend.settings import Settings
from backend.storage.cache import SelectorCache
from backend.storage.memory import MemoryTier
from backend.telemetry import hooks
from backend.telemetry.collector import Snapshot
from backend.telemetry.dashboard import summary
from backend.telemetry.exposition import PactsCollector, render
from backend.telemetry.metrics import (
    CACHE_LOOKUPS,
    METRICS,
    Recorder,
    parse_key,
    sample_key,
    total,
)
from backend.telemetry.run import record_verdict, run_row
from tests.helpers.telemetry import sample_verdict

ISSUE_NAMES = {
    "pacts_cache_lookups_total": ("counter", ("tier", "result")),
    "pacts_heals_total": ("counter", ("outcome",)),
    "pacts_runs_total": ("counter", ("verdict", "root_cause")),
    "pacts_step_duration_seconds": ("histogram", ("action",)),
    "pacts_discovery_duration_seconds": ("histogram", ()),
    "pacts_cache_lookup_duration_seconds": ("histogram", ("tier",)),
    "pacts_llm_tokens_total": ("counter", ("kind",)),
    "pacts_llm_cost_dollars_total": ("counter", ()),
    "pacts_cache_records": ("gauge", ("tier",)),
}


def test_the_metric_names_are_the_issues_public_interface() -> None:
    assert {n: (s.kind, s.labels) for n, s in METRICS.items()} == ISSUE_NAMES


def test_a_run_does_not_import_prometheus_client() -> None:
    import subprocess
    import sys

    code = "import sys, backend.runner; print('prometheus_client' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_sample_keys_round_trip_with_awkward_label_values() -> None:
    labels = {"b": 'say "hi"\\n', "a": "x,y=z}"}
    key = sample_key("pacts_runs_total", labels)
    assert key.startswith('pacts_runs_total{a="')  # sorted, so every process writes one key
    assert parse_key(key) == ("pacts_runs_total", labels)
    assert parse_key("not a key") is None


def test_a_verdict_becomes_counters_and_histograms_that_prometheus_parses() -> None:
    recorder = Recorder()
    record_verdict(recorder, sample_verdict("FAIL", "assertion_failed"))
    collector = PactsCollector()
    collector.update(recorder.take(), {sample_key("pacts_cache_records", {"tier": "redis"}): 7})
    families = {f.name: f for f in text_string_to_metric_families(render(collector).decode())}
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for f in families.values()
        for s in f.samples
    }
    runs = ("pacts_runs_total", (("root_cause", "assertion_failed"), ("verdict", "FAIL")))
    assert samples[runs] == 1
    assert samples[("pacts_heals_total", (("outcome", "accepted"),))] == 1
    assert samples[("pacts_llm_tokens_total", (("kind", "input"),))] == 120
    assert samples[("pacts_llm_cost_dollars_total", ())] == pytest.approx(0.00096)
    assert samples[("pacts_cache_records", (("tier", "redis"),))] == 7
    click = (("action", "click"),)
    assert samples[("pacts_step_duration_seconds_count", click)] == 1  # the skipped one is not
    assert samples[("pacts_step_duration_seconds_sum", click)] == pytest.approx(1.2)
    assert samples[("pacts_step_duration_seconds_bucket", (*click, ("le", "1.0")))] == 0
    assert samples[("pacts_step_duration_seconds_bucket", (*click, ("le", "2.5")))] == 1
    assert samples[("pacts_step_duration_seconds_bucket", (*click, ("le", "+Inf")))] == 1
    assert families["pacts_step_duration_seconds"].type == "histogram"
    assert families["pacts_cache_records"].type == "gauge"


async def test_lookups_are_observed_per_tier_only_inside_a_run() -> None:
    cache = SelectorCache(MemoryTier(), MemoryTier())
    cache.persistent.name = "second"  # type: ignore[union-attr]
    await cache.lookup("k")  # no run: nothing to add to, nothing raised
    recorder = Recorder()
    token = hooks.activate(recorder)
    try:
        await cache.lookup("k")
        await cache.record_drift()
    finally:
        hooks.deactivate(token)
    await cache.lookup("k")
    counts = {k: v for k, v in recorder.pending.items() if k.startswith(CACHE_LOOKUPS)}
    assert counts == {
        sample_key(CACHE_LOOKUPS, {"tier": "memory", "result": "miss"}): 1,
        sample_key(CACHE_LOOKUPS, {"tier": "second", "result": "miss"}): 1,
        sample_key(CACHE_LOOKUPS, {"tier": "unknown", "result": "drift"}): 1,
    }
    assert recorder.pending['pacts_cache_lookup_duration_seconds_count{tier="memory"}'] == 1


def test_dashboard_tables_from_runs() -> None:
    rows = []
    for i, verdict in enumerate(["PASS", "FAIL", "PASS", "PASS"]):
        row = run_row(sample_verdict(verdict, None if verdict == "PASS" else "assertion_failed"))
        row.update(run_id=f"r{i}", started_at=f"2026-01-0{i + 1}T00:00:00+00:00")
        rows.insert(0, row)  # newest first, as the store returns them
    steady = run_row(sample_verdict())
    steady.update(requirement="steady", run_id="s", started_at="2026-01-01T00:00:00+00:00")
    data = summary(Snapshot(runs=[*rows, steady]), refresh_s=1)
    assert [r["requirement"] for r in data["flakiest"]] == ["req"]
    assert data["flakiest"][0]["flips"] == 2 and data["flakiest"][0]["failed"] == 1
    assert data["slowest"][0]["step"] == "Click Save" and data["slowest"][0]["mean_ms"] == 1200
    assert data["recent"][0]["report"] == "runs/r3/report.html"
    assert data["figures"]["hit_rate"] == 50.0
    assert [p["run_id"] for p in data["trend"]] == ["s", "r0", "r1", "r2", "r3"]


def test_serve_on_a_taken_port_is_one_line_and_exit_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 3
    assert err.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ") and "--port" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_serve_help_names_port_and_host() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "--host" in result.output


def test_recorder_take_empties_it() -> None:
    recorder = Recorder()
    recorder.inc("pacts_llm_cost_dollars_total", None, 0.5)
    recorder.inc("pacts_llm_cost_dollars_total", None, 0)
    assert recorder.take() == {"pacts_llm_cost_dollars_total": 0.5}
    assert recorder.take() == {}


@pytest.mark.parametrize("chromium", ["false", "/nonexistent/chromium"])
def test_healthz_is_503_naming_chromium_when_it_cannot_run(
    chromium: str, settings: Settings
) -> None:
    from starlette.testclient import TestClient

    from backend.telemetry.server import create_app

    path = shutil.which(chromium) or chromium  # `false`: a real binary whose --version fails
    app = create_app(settings.model_copy(update={"chromium_path": path}))
    with TestClient(app) as client:
        health = client.get("/healthz")
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["chromium"]["status"] == "down" and checks["chromium"]["detail"]
    assert checks["redis"]["status"] == checks["postgres"]["status"] == "not configured"


def test_the_collector_runs_every_60_s_by_default_and_the_setting_changes_it() -> None:
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert defaults.metrics_interval_s == 60 and defaults.retention_days == 90
    picked = Settings(_env_file=None, metrics_interval_s="0.5")  # type: ignore[call-arg]
    assert picked.metrics_interval_s == 0.5


async def test_the_collector_picks_up_what_a_run_adds_at_the_next_interval(
    settings: Settings,
) -> None:
    import asyncio
    import contextlib

    from backend.storage.init import get_storage
    from backend.telemetry.collector import Aggregator
    from backend.telemetry.store import sql_telemetry

    storage = await get_storage(settings)
    try:
        aggregator = Aggregator(storage.selector_cache)
        assert total((await aggregator.collect()).totals, "pacts_runs_total") == 0
        task = asyncio.create_task(aggregator.run_forever(0.1))
        store = sql_telemetry(storage.selector_cache)
        assert store is not None
        recorder = Recorder()
        record_verdict(recorder, sample_verdict())
        await store.add(recorder.take())  # another process's run, written meanwhile
        for _ in range(50):
            await asyncio.sleep(0.05)
            if total(aggregator.snapshot.totals, "pacts_runs_total") == 1:
                break
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert total(aggregator.snapshot.totals, "pacts_runs_total") == 1
        served = render(aggregator.collector).decode()
        assert 'pacts_runs_total{root_cause="none",verdict="PASS"} 1.0' in served
    finally:
        await storage.close()
