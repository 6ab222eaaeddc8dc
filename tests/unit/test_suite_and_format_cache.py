"""Suites pick their requirements once; a warm run's unchanged test costs no ruff process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from backend.cli.suite import select_requirements, summary_line
from backend.codegen import format as format_module
from backend.errors import UsageError
from backend.models import Verdict
from backend.settings import Settings


def _settings(folder: Path) -> Settings:
    return Settings(_env_file=None, requirements_dir=folder)  # type: ignore[call-arg]


def test_all_and_tags_pick_requirements_in_name_order(tmp_path: Path) -> None:
    for name, tags in (("b", "[smoke]"), ("a", "[smoke, nightly]"), ("c", "[]")):
        (tmp_path / f"{name}.md").write_text(f"---\ntags: {tags}\n---\nGo to /x\n")
    settings = _settings(tmp_path)
    assert [r.name for r in select_requirements(settings, (), None, None, True, ())] == [
        "a",
        "b",
        "c",
    ]
    smoke = select_requirements(settings, (), None, None, True, ("smoke",))
    assert [r.name for r in smoke] == ["a", "b"]
    both = select_requirements(settings, ("c", "a"), None, None, False, ())
    assert [r.name for r in both] == ["c", "a"]
    with pytest.raises(UsageError, match="no requirement has the tag"):
        select_requirements(settings, (), None, None, True, ("weekly",))
    with pytest.raises(UsageError, match="exactly one of"):
        select_requirements(settings, ("a",), None, None, True, ())


def test_summary_line_counts_each_verdict() -> None:
    verdicts = [
        Verdict(run_id=str(i), requirement="r", verdict=v, duration_ms=1000.0)  # type: ignore[arg-type]
        for i, v in enumerate(("PASS", "PASS", "FAIL", "ERROR"))
    ]
    line = summary_line(verdicts, 9.26)  # the wall time waited, not the runs' 4 s
    assert line == "suite: 2/4 passed (1 failed, 1 errors) in 9.3 s"


def test_a_formatted_text_is_read_back_instead_of_running_ruff_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = format_module._format

    def counting(text: str, filename: str) -> Any:
        calls.append(filename)
        return real(text, filename)

    monkeypatch.setattr(format_module, "_format", counting)
    source = "def test_x( ):\n    assert 1==1\n"
    first = format_module.format_source(source, "test_x.py", tmp_path)
    second = format_module.format_source(source, "test_x.py", tmp_path)
    assert first == second == "def test_x():\n    assert 1 == 1\n"
    assert calls == ["test_x.py"]  # the second came from the cache folder
    format_module.format_source(source + "\n# changed\n", "test_x.py", tmp_path)
    assert len(calls) == 2  # another text is formatted for real


def test_an_unchanged_plan_and_records_render_nothing_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same plan hash and records as the last render: no render, no ruff (issue 15); a
    generated file edited since, or another plan, renders again."""
    from backend.codegen import render
    from backend.models import Plan, Step

    out, cache = tmp_path / "generated", tmp_path / "format-cache"
    plan = Plan(requirement="r", steps=[Step(action="navigate", value="http://127.0.0.1:1/")])
    path = render.write_generated(out, plan, {}, title="R", source="r.md", format_cache=cache)
    written = path.read_text(encoding="utf-8")
    renders: list[str] = []
    real = render.render_test

    def counting(*args: Any, **kwargs: Any) -> str:
        renders.append("render")
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_test", counting)
    again = render.write_generated(out, plan, {}, title="R", source="r.md", format_cache=cache)
    assert again == path and renders == []
    path.write_text(written + "# edited by hand\n", encoding="utf-8")
    render.write_generated(out, plan, {}, title="R", source="r.md", format_cache=cache)
    assert renders == ["render"] and path.read_text(encoding="utf-8") == written
    other = plan.model_copy(update={"steps": [*plan.steps, Step(action="press", value="Enter")]})
    render.write_generated(out, other, {}, title="R", source="r.md", format_cache=cache)
    assert len(renders) == 2


def test_a_warm_run_finds_its_render_without_the_renderer(tmp_path: Path) -> None:
    """The stamp check needs no renderer, and a record's hit count and timestamps (new on
    every warm run, never rendered) do not make a render new; a changed locator does."""
    from backend.codegen import render
    from backend.codegen.stamp import rendered_before
    from backend.models import Plan, Step, Target
    from tests.helpers.records import make_record

    out, cache = tmp_path / "generated", tmp_path / "format-cache"
    plan = Plan(
        requirement="r",
        steps=[
            Step(action="navigate", value="http://127.0.0.1:1/"),
            Step(action="click", target=Target(kind="button", name="Go")),
        ],
    )
    inputs: dict[str, Any] = {"title": "R", "source": "r.md", "pom": False, "format_cache": cache}
    cold = {1: make_record()}
    assert rendered_before(out, plan, cold, **inputs) is None
    path = render.write_generated(out, plan, cold, **inputs)
    later = "2099-01-01T00:00:00.000+00:00"
    warm = {1: cold[1].model_copy(update={"hits": 7, "last_verified_at": later})}
    assert rendered_before(out, plan, warm, **inputs) == path
    assert render.render_test(plan, warm, title="R", source="r.md", format_cache=cache) == (
        path.read_text(encoding="utf-8")
    )
    moved = {1: make_record(name="Go now")}
    assert rendered_before(out, plan, moved, **inputs) is None
    assert rendered_before(out, plan, warm, **{**inputs, "pom": True}) is None
