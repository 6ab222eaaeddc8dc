"""A rules plan read again from the plan store: a warm run of an unchanged requirement loads
no grammar (issue 15: the planner's modules are the largest import of a warm run).

The key is the requirement's body, the planner mode and a hash of the planner's own source
(backend/sources.py): a changed requirement, or a changed planner, plans again. Only plans
the rules made alone are kept here; the LLM's (and auto's LLM lines) have their own cache in
backend/planning/modes.py, which needs the grammar to know which lines the rules could not read.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from backend.models import Plan, Requirement, Step
from backend.planning.choice import check_mode, check_size
from backend.settings import Settings
from backend.sources import source_version
from backend.storage.base import PlanStore

logger = logging.getLogger(__name__)

#: The modules whose code decides what the rules planner makes of a body: every planning
#: module and the shared ones they read (tests/unit/test_plan_reuse.py checks the list covers
#: every backend module the planner imports).
PLANNER_SOURCES = (
    "planning/*.py",
    "__init__.py",
    "models.py",
    "actions.py",
    "kinds.py",
    "text.py",
    "literals.py",
    "errors.py",
    "settings.py",
    "chromium.py",  # settings.py's Chromium part (its names and flags)
    "similarity.py",
    "secrets.py",
)
#: The modes whose plan can come from the rules alone (`llm` always asks its own cache).
REUSABLE_MODES = ("rules", "auto")


def reuse_key(req: Requirement, mode: str) -> str | None:
    """The plan-store key of this requirement's rules plan, or None when it is not reused."""
    version = source_version(*PLANNER_SOURCES)
    if version is None or mode not in REUSABLE_MODES:
        return None
    parts = json.dumps(["rules-plan", version, mode, req.body])
    return "rules:" + hashlib.sha256(parts.encode()).hexdigest()


async def plan_for_run(
    req: Requirement, settings: Settings, mode: str, store: PlanStore | None
) -> tuple[Plan, dict[str, Any] | None]:
    """`make_plan`, with the rules plan of an unchanged requirement read from `store`."""
    check_mode(mode, settings)
    key = reuse_key(req, mode) if store is not None else None
    if key is not None and store is not None and not settings.replan:
        stored = await _read(store, key)
        if stored is not None:
            plan = Plan(requirement=req.name, steps=stored[0], planner=stored[1])
            logger.debug("[PLAN CACHE] rules plan of %s reused", req.name)
            return check_size(plan, settings), None
    from backend.planning.modes import make_plan

    plan, usage = await make_plan(req, settings, mode, store)
    if key is not None and store is not None and usage is None:
        payload: dict[str, object] = {
            "steps": [s.model_dump(mode="json") for s in plan.steps],
            "planner": plan.planner,
        }
        try:
            await store.put_plan(key, payload)
        except Exception as exc:  # the next run plans again; this one goes on
            logger.debug("rules plan not saved (%s)", type(exc).__name__)
    return plan, usage


async def _read(store: PlanStore, key: str) -> tuple[list[Step], str] | None:
    """The stored steps and planner name, or None (a miss, a dead store, a bad record)."""
    try:
        stored = await store.get_plan(key)
        if stored is None:
            return None
        steps = [Step.model_validate(s) for s in stored["steps"]]  # type: ignore[attr-defined]
        return steps, str(stored["planner"])
    except Exception as exc:  # a store that fails costs the grammar, never the run
        logger.debug("rules plan not read (%s); planning again", type(exc).__name__)
        return None
