"""Which planners there are, and whether the one asked for can run: checked by the CLI before
anything else starts, so it imports no planner (backend/planning/modes.py runs them)."""

from __future__ import annotations

from backend.errors import PlanningError
from backend.models import Plan
from backend.settings import Settings

MODES = ("rules", "llm", "auto")


def check_mode(mode: str, settings: Settings) -> None:
    """A usage error for an unknown mode, or `llm` without an API key."""
    if mode not in MODES:
        raise PlanningError(what=f"unknown planner {mode!r}", fix="use rules, llm or auto")
    if mode == "llm" and settings.anthropic_api_key is None:
        raise PlanningError(
            what="--planner llm needs an Anthropic API key",
            why="ANTHROPIC_API_KEY is not set",
            fix="export ANTHROPIC_API_KEY, or use --planner rules or auto",
        )


def check_size(plan: Plan, settings: Settings) -> Plan:
    """The plan, unless it has more steps than PACTS_MAX_STEPS (a PlanningError)."""
    if len(plan.steps) > settings.max_steps:
        raise PlanningError(
            what=f"requirement {plan.requirement} has {len(plan.steps)} steps",
            why=f"more than PACTS_MAX_STEPS={settings.max_steps}",
            fix="split it into several requirements, or raise PACTS_MAX_STEPS",
        )
    return plan
