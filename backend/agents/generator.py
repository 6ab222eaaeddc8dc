"""Generator node: writes `generated_tests/test_<name>.py` for a passing run."""

from __future__ import annotations

import logging
from typing import Any

from langgraph.runtime import Runtime

from backend.codegen.render import write_generated
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import Plan, SelectorRecord, Verdict

logger = logging.getLogger(__name__)


async def generator(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Render the test from the plan and the selectors the run used (PASS, or --force)."""
    ctx = runtime.context
    verdict = Verdict.model_validate(state["verdict"])
    if not state.get("plan") or (verdict.verdict != "PASS" and not ctx.force_generate):
        return {"generated_test": None}
    plan = Plan.model_validate(state["plan"])
    records = {
        int(k): SelectorRecord.model_validate(v) for k, v in state.get("records", {}).items()
    }
    req = state["requirement"]
    path = write_generated(
        ctx.settings.generated_dir,
        plan,
        records,
        title=req.get("title"),
        source=req.get("path") or f"--text ({req['name']})",
    )
    verdict.generated_test = str(path)
    return {"generated_test": str(path), "verdict": verdict.model_dump(mode="json")}
