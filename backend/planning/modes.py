"""Which planner reads a requirement (rules, llm, auto), with the LLM's plans cached."""

from __future__ import annotations

import logging
from typing import Any

from backend.models import Plan, Requirement, Step
from backend.planning.choice import MODES, check_mode, check_size
from backend.planning.discourse import resolve
from backend.planning.grammar import split_sentences
from backend.planning.llm import LlmPlanner, Usage, cache_key
from backend.planning.rules import plan_requirement, read_lines
from backend.settings import Settings
from backend.storage.base import PlanStore

logger = logging.getLogger(__name__)

__all__ = ["MODES", "check_mode", "make_plan"]


async def _llm_steps(
    lines: list[str], mode: str, settings: Settings, store: PlanStore | None
) -> tuple[list[Step], Usage]:
    """LLM steps for the lines: from the plan cache unless --replan, else one paid call."""
    key = cache_key("\n".join(lines), mode, settings.llm_model)
    if store is not None and not settings.replan:
        try:
            cached = await store.get_plan(key)
        except Exception as exc:  # a dead plan store costs money, not the run
            logger.warning("plan cache unavailable (%s); asking the LLM", type(exc).__name__)
            cached = None
        if cached is not None:
            logger.info("[PLAN CACHE] HIT: %d line(s), 0 LLM calls", len(lines))
            usage = Usage(model=settings.llm_model, cached=True, lines=list(cached["lines"]))  # type: ignore[call-overload]
            return [Step.model_validate(s) for s in cached["steps"]], usage  # type: ignore[attr-defined]
    planner = LlmPlanner(settings)
    usage = Usage(model=settings.llm_model)
    try:
        steps = await planner.plan_lines(lines, usage)
    finally:
        await planner.close()
    logger.info(
        "[LLM PLANNER] %d line(s) -> %d step(s): %d call(s), %d+%d tokens, $%.4f",
        len(lines),
        len(steps),
        usage.calls,
        usage.input_tokens,
        usage.output_tokens,
        usage.cost_usd,
    )
    if store is not None:
        payload: dict[str, Any] = {
            "steps": [s.model_dump(mode="json") for s in steps],
            "lines": usage.lines,
        }
        try:
            await store.put_plan(key, payload)
        except Exception as exc:
            logger.warning("plan cache unavailable (%s); plan not saved", type(exc).__name__)
    return steps, usage


async def make_plan(
    req: Requirement, settings: Settings, mode: str, store: PlanStore | None = None
) -> tuple[Plan, dict[str, Any] | None]:
    """The plan and, when the LLM took part, its accounting (tokens, cost, cache hit)."""
    check_mode(mode, settings)
    plan, usage = await _make_plan(req, settings, mode, store)
    return check_size(plan, settings), usage


async def _make_plan(
    req: Requirement, settings: Settings, mode: str, store: PlanStore | None
) -> tuple[Plan, dict[str, Any] | None]:
    if mode == "rules":
        return plan_requirement(req, settings.max_error_lines), None
    lines = split_sentences(req.body)
    if mode == "llm":
        steps, usage = await _llm_steps(lines, mode, settings, store)
        usage.lines = list(range(1, len(lines) + 1))
        return Plan(requirement=req.name, steps=steps, planner="llm"), usage.as_dict()
    by_line: dict[int, list[Step]] = {}
    unread: list[int] = []
    for number, _line, line_steps in read_lines(lines):
        if line_steps is None:
            unread.append(number)
        else:
            by_line[number] = line_steps
    if not unread:
        steps = resolve([s for n in sorted(by_line) for s in by_line[n]])
        return Plan(requirement=req.name, steps=steps), None
    if settings.anthropic_api_key is None:
        # raises the rules planner's error, quoting the first unreadable lines
        plan_requirement(req, settings.max_error_lines)
    llm_steps, usage = await _llm_steps([lines[n - 1] for n in unread], mode, settings, store)
    usage.lines = unread
    for step in llm_steps:
        number = next(n for n in unread if lines[n - 1] == step.source)
        by_line.setdefault(number, []).append(step)
    steps = resolve([s for n in sorted(by_line) for s in by_line[n]])
    return Plan(requirement=req.name, steps=steps, planner="auto"), usage.as_dict()
