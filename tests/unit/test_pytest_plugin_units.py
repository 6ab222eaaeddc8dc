"""The pytest plugin's pure parts: the start URL under --base-url, and the failure text."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.models import Step, StepResult, Target, Verdict
from backend.pytest_plugin import failure_text, is_note, with_base_url


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        (
            "https://en.wikipedia.org/wiki/Main_Page",
            "http://127.0.0.1:8000",
            "http://127.0.0.1:8000/wiki/Main_Page",
        ),
        ("/wiki/Main_Page", "http://127.0.0.1:8000", "http://127.0.0.1:8000/wiki/Main_Page"),
        (
            "https://en.wikipedia.org/wiki/Main_Page?x=1#top",
            "http://127.0.0.1:8000/",
            "http://127.0.0.1:8000/wiki/Main_Page?x=1#top",
        ),
        ("/login", "http://staging.example.com/app/", "http://staging.example.com/app/login"),
        (None, "http://127.0.0.1:8000/start", "http://127.0.0.1:8000/start"),
    ],
)
def test_base_url_replaces_the_origin_and_keeps_the_path(
    url: str | None, base: str, expected: str
) -> None:
    assert with_base_url(url, base) == expected


def test_no_base_url_leaves_the_requirement_url_to_the_runner() -> None:
    assert with_base_url("/wiki/Main_Page", None) is None


def test_failure_text_names_cause_explanation_step_and_report(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("<html></html>", encoding="utf-8")
    step = Step(
        action="assert_text",
        target=Target(kind="heading"),
        value="Nope",
        source='Verify the heading is "Nope"',
    )
    verdict = Verdict(
        run_id="r1",
        requirement="wrong",
        verdict="FAIL",
        root_cause="assertion_failed",
        explanation="the heading says Main Page",
        failing_step=2,
        steps=[StepResult(index=1, step=step, status="failed")],
        evidence={"screenshot": "runs/r1/step02.png"},
        run_dir=str(tmp_path),
    )
    assert failure_text(verdict).splitlines() == [
        "FAIL wrong: assertion_failed",
        "  explanation: the heading says Main Page",
        '  failing step 2: Verify the heading is "Nope"',
        "  screenshot: runs/r1/step02.png",
        f"  report: {tmp_path / 'report.html'}",
    ]


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("README.md", True),
        ("README-lightning.md", True),
        ("RESULTS.md", True),
        ("results-2026.md", True),
        ("index.md", True),
        ("demo_search.md", False),
        ("results_filter.md", False),
        ("readme_steps.md", False),
    ],
)
def test_notes_in_a_requirements_folder_are_not_collected(name: str, note: bool) -> None:
    # `pytest tests/realworld` collected README-lightning.md and RESULTS.md as requirements
    assert is_note(name) is note
