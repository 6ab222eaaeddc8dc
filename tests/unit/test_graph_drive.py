"""`drive()` walks the same graph LangGraph compiles (issue 15: no LangGraph import on a run's
critical path), with the same nodes, edges, state updates and step limit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backend.graph import build
from backend.graph.build import END_NAME, FIRST, NEXT, RecursionLimitReached, build_graph, drive
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import Requirement
from tests.helpers.cli import REPO
from tests.helpers.graph import planning_only_context


def _ctx(tmp_path: Path) -> RunContext:
    return planning_only_context(tmp_path)


def test_the_table_is_the_compiled_graph() -> None:
    """Every edge LangGraph draws is one NEXT gives, and the other way round."""
    drawn = build_graph().get_graph()
    edges = {(e.source, e.target) for e in drawn.edges}
    expected = {("__start__", FIRST)}
    for name, after in NEXT.items():
        if callable(after):
            targets = after.__annotations__["return"]
            for target in targets.removeprefix("Literal[").removesuffix("]").split(", "):
                expected.add((name, target.strip("'\"")))
        else:
            expected.add((name, after))
    assert edges == expected
    assert END_NAME == "__end__"


async def test_drive_ends_where_langgraph_ends(tmp_path: Path) -> None:
    """The same run (one that stops at planning: no browser) through both gives the same state."""
    state = RunState(run_id="r", requirement=Requirement(name="r", body="Click Save"))
    walked: list[str] = []
    driven = await drive(state, _ctx(tmp_path), 25, lambda node, _: walked.append(node))
    streamed = await build_graph().ainvoke(state, context=_ctx(tmp_path / "lg"))
    assert walked == ["planner", "verdict_rca", "generator"]
    assert driven.verdict is not None and driven.verdict.verdict == "ERROR"
    assert driven.planning_error == streamed["planning_error"]
    assert driven.verdict.root_cause == streamed["verdict"].root_cause
    assert driven.verdict.explanation == streamed["verdict"].explanation


async def test_drive_stops_at_the_step_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A walk that never reaches the end raises, as LangGraph's recursion limit does."""

    async def loop(state: RunState, runtime: Any) -> dict[str, Any]:
        return {"index": state.index + 1, "not_a_field": 1}

    monkeypatch.setattr(build, "nodes", lambda: {FIRST: loop})
    monkeypatch.setitem(NEXT, FIRST, FIRST)
    with pytest.raises(RecursionLimitReached):
        start = RunState(run_id="r", requirement=Requirement(name="r", body="x"))
        await drive(start, _ctx(tmp_path), 4)


def test_a_run_module_does_not_import_langgraph() -> None:
    """The runner and the agents load without LangGraph (about a second of a warm run)."""
    code = (
        "import sys, backend.runner, backend.cli.suite; from backend.runner import load_nodes; "
        "load_nodes(); print(sorted(m for m in sys.modules if m.startswith('lang')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
