"""`pacts plan` and the planner options, in-process (the LLM path is in test_planner_llm.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli.main import cli, main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "requirements").symlink_to(REPO / "requirements")
    for name in list(os.environ):
        if name.startswith(("PACTS_", "ANTHROPIC_", "LANGSMITH_")):
            monkeypatch.delenv(name)
    return tmp_path


def test_plan_prints_a_table(in_repo: Path) -> None:
    result = CliRunner().invoke(cli, ["plan", "--req", "demo_login"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Plan for demo_login (hash ")
    header = next(line for line in lines if "action" in line)
    for column in ("#", "action", "target", "value", "expect", "from"):
        assert column in header
    row = next(line for line in lines if "Sign in button" in line)
    assert "click" in row and "Click the" in row
    assert sum("│" in line for line in lines) >= 5  # one row per step


def test_plan_json_has_the_steps_and_the_hash(in_repo: Path) -> None:
    result = CliRunner().invoke(cli, ["plan", "--req", "demo_login", "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert len(plan["hash"]) == 16 and plan["planner"] == "rules"
    assert plan["steps"][2]["target"] == {
        "kind": "button",
        "name": "Sign in",
        "context": None,
        "nth": None,
        "near": None,
    }


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["plan", "--req", "demo_login", "--planner", "llm"], "--planner llm needs an Anthropic"),
        (["test", "--req", "demo_login", "--planner", "llm", "--replan"], "ANTHROPIC_API_KEY"),
        (["plan", "--text", "Click Save\nDo the secret handshake", "--planner", "auto"], "line 2"),
    ],
)
def test_planner_usage_errors_are_one_line_exit_2(
    in_repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], text: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert text in err, err
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_plan_marks_a_lenient_reading(in_repo: Path) -> None:
    text = 'Given the following user record\nThen "Saved" is shown in green\nClick Save'
    result = CliRunner().invoke(cli, ["plan", "--text", text])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "assert_text" in line]
    assert len(rows) == 1 and "lenient" in rows[0]
    assert "lenient" not in next(line for line in result.output.splitlines() if "click" in line)
    plan = json.loads(CliRunner().invoke(cli, ["plan", "--text", text, "--json"]).output)
    assert [s["action"] for s in plan["steps"]] == ["assert_text", "click"]  # context: no step
    assert [s["read_as"] for s in plan["steps"]] == ["lenient", None]
