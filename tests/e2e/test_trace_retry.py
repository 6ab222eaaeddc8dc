"""Issue 15: PACTS_TRACE=on-first-retry (the default). A pass records no trace at all; a failing
requirement is re-run once, traced, and keeps the first attempt's verdict and evidence beside
the re-run's trace.zip; a failure that does not repeat is still a FAIL, marked flaky."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api._generated import Tracing

from backend.models import Verdict
from backend.planning.loader import load_requirement, parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from backend.storage.init import get_storage
from backend.telemetry.store import sql_telemetry
from tests.helpers.cli import REPO, pacts, service_env
from tests.helpers.pages import QuietHandler, serve
from tests.helpers.traces import FAILING_LOGIN, read_trace

pytestmark = pytest.mark.e2e


@pytest.fixture
def trace_starts(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every `context.tracing.start(...)` Playwright is asked for, in this test."""
    starts: list[dict[str, Any]] = []
    real = Tracing.start

    async def start(self: Tracing, **kwargs: Any) -> None:
        starts.append(kwargs)
        await real(self, **kwargs)

    monkeypatch.setattr(Tracing, "start", start)
    return starts


async def test_a_pass_under_the_default_records_no_trace(
    demo_settings: Settings, demo_env: dict[str, str], trace_starts: list[dict[str, Any]]
) -> None:
    assert demo_settings.trace == "on-first-retry"
    req = load_requirement(REPO / "requirements" / "demo_search.md")
    verdict = await run_requirement(req, demo_settings, env=demo_env)
    assert verdict.verdict == "PASS", verdict.explanation
    run_dir = Path(verdict.run_dir or "")
    assert trace_starts == [] and verdict.retry is None
    assert not (run_dir / "trace.zip").exists() and not (run_dir / "retry").exists()
    assert "re-running" not in (run_dir / "run.log").read_text()


async def _runs_and_lookups(settings: Settings) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """The run history and the metrics' counters the stores hold."""
    storage = await get_storage(settings)
    try:
        sql = sql_telemetry(storage.selector_cache)
        assert sql is not None
        return await sql.recent_runs(10), await sql.totals()
    finally:
        await storage.close()


def _counters(totals: dict[str, float], name: str) -> dict[str, float]:
    return {k: v for k, v in totals.items() if k.startswith(name)}


async def test_a_failure_keeps_the_first_attempt_and_the_traced_reruns_trace(
    demo_settings: Settings, demo_env: dict[str, str], trace_starts: list[dict[str, Any]]
) -> None:
    settings = demo_settings.model_copy(update={"step_timeout_s": 1.0})
    verdict = await run_requirement(
        parse_requirement(FAILING_LOGIN, name="retry_fail"), settings, env=demo_env
    )
    # The verdict is the first attempt's; it records the re-run.
    assert (verdict.verdict, verdict.root_cause, verdict.failing_step) == (
        "FAIL",
        "assertion_failed",
        5,
    )
    retry = verdict.retry
    assert retry is not None and not retry.passed
    assert (retry.verdict, retry.root_cause, retry.failing_step) == ("FAIL", "assertion_failed", 5)
    assert verdict.explanation.endswith("The traced re-run failed too at step 5 (assertion_failed)"
                                        "; its trace is trace.zip.")  # fmt: skip
    assert len(trace_starts) == 1  # the re-run only
    run_dir = Path(verdict.run_dir or "")
    on_disk = Verdict.model_validate_json((run_dir / "verdict.json").read_text())
    assert on_disk.retry == retry and on_disk.run_id == verdict.run_id
    # The first attempt's evidence, as today; the re-run's screenshot under retry/.
    assert [p.name for p in run_dir.glob("*.png")] == ["step05_assert_text_heading.png"]
    assert verdict.evidence["screenshot"] == str(run_dir / "step05_assert_text_heading.png")
    assert verdict.evidence["dom_excerpt"]
    assert retry.screenshots == [str(run_dir / "retry" / "step05_assert_text_heading.png")]
    assert Path(retry.screenshots[0]).is_file() and retry.trace == str(run_dir / "trace.zip")
    latest = settings.screenshots_dir / "retry_fail_step05_assert_text_heading.png"
    first_shot = (run_dir / "step05_assert_text_heading.png").read_bytes()
    assert latest.read_bytes() == first_shot  # the latest screenshots stay the first attempt's
    assert sorted(p.name for p in (run_dir / "retry").iterdir()) == [
        "plan.json",
        "step05_assert_text_heading.png",
    ]
    # The trace: the failing step's action and the failure marks, without the secret.
    order, snapshots, groups = read_trace(run_dir / "trace.zip")
    assert [c for c in order if c in ("Frame.goto", "Frame.fill", "Frame.click")] == [
        "Frame.goto",
        "Frame.fill",
        "Frame.fill",
        "Frame.click",
    ]
    assert "Frame.expect" in order and snapshots["Frame.expect"] >= 2
    assert groups[0].startswith("PACTS: step 5 failed (assertion_failed)")
    assert groups[-1].startswith("PACTS: step 5 failed; the page at the verdict")
    assert demo_env["DEMO_PASSWORD"].encode() not in (run_dir / "trace.zip").read_bytes()
    report = (run_dir / "report.html").read_text()
    assert 'href="trace.zip"' in report and 'href="retry/step05_assert_text_heading.png"' in report
    assert "re-running once with the trace on" in (run_dir / "run.log").read_text()
    # One run in the history and in runs_total; the re-run's lookups are not counted.
    runs, totals = await _runs_and_lookups(settings)
    assert [r["run_id"] for r in runs] == [verdict.run_id]
    assert sum(_counters(totals, "pacts_runs_total").values()) == 1
    once = settings.model_copy(update={"trace": "off", "home": settings.home.parent / "once"})
    alone = await run_requirement(
        parse_requirement(FAILING_LOGIN, name="retry_fail"), once, env=demo_env
    )
    assert alone.retry is None and alone.verdict == "FAIL"
    _, once_totals = await _runs_and_lookups(once)
    lookups = "pacts_cache_lookups_total"
    assert _counters(totals, lookups) == _counters(once_totals, lookups)


class _FirstVisitFails(QuietHandler):
    """A page whose first load shows an error and every later load the welcome heading."""

    visits = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/":
            self.send_html(404, "<h1>Not found</h1>")
            return
        with self.lock:
            type(self).visits += 1
            first = type(self).visits == 1
        heading = "Something went wrong" if first else "Welcome"
        self.send_html(200, f"<!doctype html><title>Home</title><main><h1>{heading}</h1></main>")


@pytest.fixture
def flaky_site() -> Iterator[str]:
    _FirstVisitFails.visits = 0
    with serve(_FirstVisitFails) as url:
        yield url


async def test_a_failure_that_does_not_repeat_is_a_fail_marked_flaky(
    settings: Settings, flaky_site: str, trace_starts: list[dict[str, Any]]
) -> None:
    settings = settings.model_copy(update={"step_timeout_s": 1.0})
    text = f'---\nurl: {flaky_site}/\n---\nVerify the heading is "Welcome"\n'
    req = parse_requirement(text, name="retry_flaky")
    verdict = await run_requirement(req, settings, env={})
    assert verdict.verdict == "FAIL" and verdict.root_cause == "assertion_failed"
    assert verdict.retry is not None and verdict.retry.passed
    assert verdict.retry.verdict == "PASS" and verdict.retry.root_cause is None
    assert "The traced re-run passed: the failure did not repeat (flaky)." in verdict.explanation
    assert _FirstVisitFails.visits == 2 and len(trace_starts) == 1
    run_dir = Path(verdict.run_dir or "")
    assert (run_dir / "trace.zip").is_file()  # the re-run's, kept: the run failed
    assert verdict.generated_test is None and not settings.generated_dir.exists()
    on_disk = json.loads((run_dir / "verdict.json").read_text())
    assert on_disk["verdict"] == "FAIL" and on_disk["retry"]["passed"] is True
    assert "did not repeat (flaky)" in (run_dir / "report.html").read_text()


async def test_a_planning_error_is_not_rerun(
    demo_settings: Settings, trace_starts: list[dict[str, Any]]
) -> None:
    req = parse_requirement("---\nurl: /login\n---\nFrobnicate the gizmo sideways\n", name="bad")
    verdict = await run_requirement(req, demo_settings, env={})
    assert (verdict.verdict, verdict.root_cause) == ("ERROR", "planning_error")
    run_dir = Path(verdict.run_dir or "")
    assert verdict.retry is None and trace_starts == []
    assert not (run_dir / "trace.zip").exists() and not (run_dir / "retry").exists()


def test_a_suite_reruns_each_failing_requirement_right_after_it(
    tmp_path: Path, demo_url: str, demo_env: dict[str, str]
) -> None:
    """`pacts test --req a --req b`: a fails and is re-run before b starts; b passes untraced."""
    failing = tmp_path / "retry_suite_fail.md"
    failing.write_text('---\nurl: /login\n---\nClick the "Nope" button\n', encoding="utf-8")
    env = service_env(tmp_path, None, None)
    env.update(PACTS_BASE_URL=demo_url, PACTS_STEP_TIMEOUT_S="1", **{
        "DEMO_PASSWORD": demo_env["DEMO_PASSWORD"]})  # fmt: skip
    passing = REPO / "requirements" / "demo_search.md"
    result = pacts("test", "--req", str(failing), "--req", str(passing), cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    runs = sorted((tmp_path / "runs").iterdir())
    assert len(runs) == 2  # one run folder per requirement run
    fail_dir, pass_dir = sorted(runs, key=lambda r: "retry_suite_fail" not in r.name)
    assert (fail_dir / "trace.zip").is_file() and (fail_dir / "retry").is_dir()
    assert not (pass_dir / "trace.zip").exists() and not (pass_dir / "retry").exists()
    err = result.stderr
    rerun = err.index("re-running once with the trace on")
    assert err.index(f"Run {fail_dir.name}") < rerun < err.index(f"Run {pass_dir.name}")
    assert "The traced re-run failed too" in result.stdout
    assert "suite: 1/2 passed (1 failed, 0 errors)" in result.stdout
    # the total is the time waited: the first attempts and the traced re-run (issue 15)
    total = float(re.findall(r"suite: .* in ([0-9.]+) s", result.stdout)[-1])
    ran = [json.loads((r / "verdict.json").read_text()) for r in runs]
    retried = sum((v["retry"] or {}).get("duration_ms", 0) for v in ran)
    assert retried > 500
    assert total >= (sum(v["duration_ms"] for v in ran) + retried) / 1000 - 0.05
