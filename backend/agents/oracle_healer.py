"""Oracle/Healer node: checks the step's outcome; heals a stale element by re-discovery."""

from __future__ import annotations

import logging
from typing import Any

from langgraph.runtime import Runtime

from backend.agents.pom_builder import needs_discovery
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import LocatorSpec, StepResult, expand_variables

logger = logging.getLogger(__name__)

#: Failures a fresh discovery may cure: the element moved, was re-rendered, or changed.
HEALABLE = frozenset({"selector_not_found", "timeout"})


async def _implicit_check(ctx: RunContext, state: RunState, result: StepResult) -> str | None:
    """The effect a step implies: a fill leaves its value in the field."""
    step = result.step
    if step.action not in ("fill", "type") or step.value is None:
        return None
    record = (state.get("resolution") or {}).get("record")
    if not record:
        return None
    spec = LocatorSpec.model_validate(record["locator"])
    try:
        actual = await spec.resolve(ctx.session.page).input_value(timeout=2000)
    except Exception as exc:  # the field left with a navigation (a form that submits on enter)
        logger.debug("fill check skipped: %s", exc)
        return None
    if actual != expand_variables(step.value, ctx.env):
        return "the field did not keep the value that was filled in"
    return None


async def oracle_healer(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Decide: next step, heal and retry this one, or give up."""
    ctx = runtime.context
    results = list(state.get("results", []))
    result = StepResult.model_validate(results[-1])
    heal_round = state.get("heal_round", 0)
    if result.status == "passed":
        problem = await _implicit_check(ctx, state, result)
        if problem:
            result.status, result.error_kind, result.error = "failed", "assertion_failed", problem
    if result.status == "passed":
        update: dict[str, Any] = {}
        if heal_round:
            result.healed = True
            await ctx.cache.record_heal()
            events = [*state.get("heal_events", [])]
            events.append({"step": result.index, "round": heal_round, "selector": result.selector})
            update["heal_events"] = events
            logger.info("  step %d healed in round %d", result.index + 1, heal_round)
        results[-1] = result.model_dump(mode="json")
        return {
            **update,
            "results": results,
            "index": state["index"] + 1,
            "heal_round": 0,
            "force_discovery": False,
            "resolution": None,
        }
    resolved_record = bool((state.get("resolution") or {}).get("record"))
    if (
        result.error_kind in HEALABLE
        and result.healable
        and needs_discovery(result.step)
        and resolved_record
        and heal_round < ctx.settings.max_heal_rounds
    ):
        # The element was found and then could not be used: it went stale. Try a fresh one.
        logger.info("  step %d failed (%s); healing", result.index + 1, result.error_kind)
        events = [*state.get("heal_events", [])]
        events.append(
            {
                "step": result.index,
                "round": heal_round + 1,
                "failed_selector": result.selector,
                "error": result.error,
            }
        )
        return {
            "results": results[:-1],
            "heal_round": heal_round + 1,
            "force_discovery": True,
            "heal_events": events,
        }
    if heal_round and result.error_kind in HEALABLE:
        result.error_kind = "drift_unhealed"
    results[-1] = result.model_dump(mode="json")
    return {"results": results, "gave_up": True}
