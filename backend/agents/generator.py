"""Generator node: writes `generated_tests/test_<name>.py` for a passing run."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backend.codegen.stamp import SELECTORS_FILE, rendered_before
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import SelectorRecord
from backend.telemetry.phases import phase

if TYPE_CHECKING:
    from langgraph.runtime import Runtime

logger = logging.getLogger(__name__)


async def generator(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Render the test from the plan and the selectors the run used (PASS, or --force)."""
    ctx = runtime.context
    verdict = state.verdict
    if state.plan is None or verdict is None or state.retry:  # a re-run writes no test
        return {"generated_test": None}
    with phase("selectors.json"):
        write_selectors(ctx.run_dir, state.records, ctx.redact)
    if verdict.verdict != "PASS" and not state.force_generate:
        return {"generated_test": None}
    req = state.requirement
    source = source_name(req.path, ctx.settings.requirements_dir)
    inputs: dict[str, Any] = {
        "title": req.title,
        "source": source or f"--text ({req.name})",
        "pom": ctx.settings.pom,
        "format_cache": ctx.settings.home / "format-cache",
    }
    out_dir, plan, records = ctx.settings.generated_dir, state.plan, state.records
    with phase("generated test write (+ ruff format)"):
        path = rendered_before(out_dir, plan, records, **inputs)
        if path is None:  # the renderer (templates, ruff) only for a test that changed
            from backend.codegen.render import write_generated

            path = write_generated(out_dir, plan, records, **inputs)
    verdict = verdict.model_copy(update={"generated_test": str(path)})
    return {"generated_test": str(path), "verdict": verdict}


def source_name(path: str | None, requirements_dir: Path) -> str | None:
    """How the header names the requirement file: `requirements/x.md`, never a machine path."""
    if not path:
        return None
    file = Path(path)
    try:
        return file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        pass
    if file.resolve().parent == requirements_dir.resolve():
        return f"{requirements_dir.name}/{file.name}"
    return file.name


def write_selectors(
    run_dir: Path, records: dict[int, SelectorRecord], redact: Callable[[str], str] = str
) -> None:
    """`runs/<id>/selectors.json`: the selector record each step used, by step index."""
    run_dir.mkdir(parents=True, exist_ok=True)
    ordered = {str(k): records[k].model_dump(mode="json") for k in sorted(records)}
    text = redact(json.dumps(ordered, indent=2))
    (run_dir / SELECTORS_FILE).write_text(text + "\n", encoding="utf-8")
