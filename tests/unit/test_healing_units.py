"""Heal score limits, JUnit XML, text summary and the progress line's on/off rules."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

from backend.healing.similarity import WEIGHTS, heal_score, text_score
from backend.models import Fingerprint, Plan, Step, StepResult, Target, Verdict
from backend.reports.junit import junit_xml
from backend.reports.summary import summary_lines
from backend.settings import Settings
from backend.telemetry.progress import ProgressLine, wanted

SEARCH = Fingerprint(
    tag="button",
    role="button",
    name="Search",
    text="Search",
    attributes={"id": "search-btn", "type": "submit"},
    ancestors=["form", "main", "body"],
)


def test_a_renamed_moved_button_scores_above_the_threshold() -> None:
    drifted = Fingerprint(
        tag="button",
        role="button",
        name="Search articles",
        text="Search articles",
        attributes={"id": "go-submit-a1", "type": "submit"},
        ancestors=["div", "main", "body"],
    )
    assert heal_score(SEARCH, drifted) >= Settings().fingerprint_threshold


def test_the_only_button_left_scores_below_the_threshold() -> None:
    for name in ("Reset", "Help", "Submit", "Cancel", "Save"):
        other = SEARCH.model_copy(update={"name": name, "text": name, "attributes": {}})
        assert heal_score(SEARCH, other) < Settings().fingerprint_threshold, name


def test_text_score_and_weights() -> None:
    assert text_score("Search", "search") == 1.0
    assert text_score("Search", "Search articles") == 0.8
    assert text_score("Search", "Research") < 0.6  # a substring inside a word is not a match
    assert text_score("", "x") == 0.0
    assert WEIGHTS["name"] > WEIGHTS["tag"] + WEIGHTS["role"]


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
