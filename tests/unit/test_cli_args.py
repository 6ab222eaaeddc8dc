"""CLI argument handling in-process: click's CliRunner, and `main()`'s error mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from backend.cli.main import cli, main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "requirements").symlink_to(REPO / "requirements")
    for name in list(__import__("os").environ):
        if name.startswith("PACTS_"):
            monkeypatch.delenv(name)
    return tmp_path


def test_plan_from_text(in_repo: Path) -> None:
    result = CliRunner().invoke(
        cli, ["plan", "--text", 'Fill "x" into the Name field, then click Save', "--json"]
    )
    assert result.exit_code == 0, result.output
    steps = json.loads(result.output)["steps"]
    assert [s["action"] for s in steps] == ["fill", "click"]


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("test", "plan", "demo", "cache", "report", "graph"):
        assert command in result.output


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["test"], 2, "exactly one of --req"),
        (["test", "--req", "a", "--text", "b"], 2, "exactly one of --req"),
        (["test", "--req", "nope"], 2, "Known requirements:"),
        (["test", "--req", "wikipedia_search", "--planner", "llm"], 2, "--planner llm"),
        (["test", "--req", "wikipedia_search", "--loops", "0"], 2, "--loops"),
        (["test", "--req", "demo_login"], 2, "relative url '/login'"),
        (["report", "no-such-run"], 2, "no run 'no-such-run'"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    in_repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, text: str
) -> None:
    assert main(argv) == code
    err = capsys.readouterr().err
    assert text in err, err
    assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1


def test_cache_clear_asks_first(in_repo: Path) -> None:
    result = CliRunner().invoke(cli, ["cache", "clear"], input="n\n")
    assert result.exit_code != 0
    result = CliRunner().invoke(cli, ["cache", "clear", "--yes"])
    assert result.exit_code == 0, result.output
    assert "removed" in result.output or "nothing" in result.output
