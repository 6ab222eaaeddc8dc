"""JUnit XML, text summary and the progress line's on/off rules."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from backend.models import Plan, Retry, Step, StepResult, Target, Verdict
from backend.reports.junit import junit_xml
from backend.reports.summary import summary_lines
from backend.telemetry.progress import ProgressLine, wanted


def verdict(kind: str = "FAIL") -> Verdict:
    step = Step(action="click", source='Click the "Search" button')
    return Verdict(
        run_id="r1",
        requirement="drift_search",
        verdict=kind,  # type: ignore[arg-type]
        root_cause="drift_unhealed" if kind == "FAIL" else None,
        explanation="the 'Search button' was not found. Next: edit the requirement.",
        failing_step=1 if kind == "FAIL" else None,
        steps=[
            StepResult(
                index=0,
                step=step,
                status="failed" if kind == "FAIL" else "passed",
                error_kind="drift_unhealed" if kind == "FAIL" else None,
                error="no element matches",
                healed=kind == "PASS",
                selector="page.get_by_role('button')",
            )
        ],
        duration_ms=1234.0,
        run_dir="runs/r1",
    )


def test_junit_counts_failures_and_names_steps() -> None:
    root = ET.fromstring(junit_xml([verdict("FAIL"), verdict("PASS")]).split("\n", 1)[1])
    fail, ok = root.findall("testsuite")
    assert fail.get("failures") == "1" and ok.get("failures") == "0"
    failure = fail.find("testcase/failure")
    assert failure is not None and failure.get("type") == "drift_unhealed"
    assert "Next:" in (failure.get("message") or "")
    assert ok.find("testcase/system-out") is not None  # the heal is visible in CI


def test_summary_lines() -> None:
    lines = summary_lines(verdict("FAIL"))
    assert lines[0].startswith("FAIL  drift_search  (1 steps, 1.23 s)")
    assert any("cause: drift_unhealed" in line for line in lines)
    assert lines[-1] == "  report: runs/r1/report.html"
    assert any("healed steps: 1" in line for line in summary_lines(verdict("PASS")))


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_without_quiet_or_json() -> None:
    assert wanted("auto", False, False, _Tty())
    assert not wanted("auto", False, False, io.StringIO())  # CI logs, pipes, CliRunner
    assert not wanted("auto", True, False, _Tty())
    assert not wanted("on", False, True, _Tty())  # --json output stays JSON
    assert wanted("on", False, False, io.StringIO())
    assert not wanted("off", False, False, _Tty())


def test_progress_line_follows_the_graph_stream() -> None:
    line = ProgressLine()
    line.start("Article search")
    go = Step(action="click", target=Target(kind="button", name="Go"), source="Click Go")
    fill = Step(action="fill", target=Target(kind="textbox", name="Query"), value="x")
    plan = Plan(requirement="a", steps=[Step(action="navigate", value="http://h/"), fill, go])
    line.update("planner", {"plan": plan, "index": 0})
    line.update("executor", {"results": [StepResult(index=1, step=fill, status="passed")]})
    failed = StepResult(index=2, step=go, status="failed", error_kind="timeout")
    line.update("oracle_healer", {"results": [failed]})
    text = line.render()
    assert text.startswith("Article search | step 3/3 | oracle_healer | ")
    assert text.endswith("timeout: click Go button")


def test_the_retry_shows_in_the_summary_and_the_progress_line() -> None:
    flaky = Retry(verdict="PASS", passed=True, run_dir="runs/r1/retry", trace="runs/r1/trace.zip")
    lines = summary_lines(verdict("FAIL").model_copy(update={"retry": flaky}))
    assert "  traced re-run: PASS (flaky)" in lines and "  trace: runs/r1/trace.zip" in lines
    assert flaky.sentence() == "The traced re-run passed: the failure did not repeat (flaky)."
    again = Retry(verdict="FAIL", root_cause="timeout", failing_step=2)
    assert (
        again.sentence()
        == "The traced re-run failed too at step 2 (timeout); its trace is trace.zip."
    )
    line = ProgressLine()
    line.start("Article search")
    line.update(
        "executor",
        {"results": [StepResult(index=0, step=Step(action="navigate"), status="passed")]},
    )
    line.update("retry", {"retry": True})
    assert line.render().startswith("Article search (re-running once with the trace on) | retry")


def test_only_a_fail_or_an_error_met_in_the_browser_is_worth_a_retry() -> None:
    assert verdict("FAIL").worth_a_retry() and not verdict("PASS").worth_a_retry()
    for cause, retried in (
        ("navigation_error", True),
        ("ambiguous_target", True),
        ("timeout", True),  # the run went over PACTS_RUN_TIMEOUT_S
        ("planning_error", False),
        ("environment_error", False),
    ):
        error = verdict("FAIL").model_copy(update={"verdict": "ERROR", "root_cause": cause})
        assert error.worth_a_retry() is retried, cause
