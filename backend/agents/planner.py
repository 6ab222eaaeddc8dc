"""Planner node: English requirement -> Plan, with the start URL and secrets resolved."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from langgraph.runtime import Runtime

from backend.errors import PlanningError
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import Plan, Requirement, Step, variables_in
from backend.planning.loader import url_problem

logger = logging.getLogger(__name__)


def origin_of(url: str | None) -> str | None:
    """`scheme://host:port` of a URL, or None."""
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def resolve_url(value: str, start_url: str | None, written_url: str | None) -> str:
    """An absolute URL for a navigate step; body URLs on the written origin follow --url."""
    if start_url and value.startswith("/"):
        return urljoin(start_url, value)
    written, start = origin_of(written_url), origin_of(start_url)
    if written and start and written != start and origin_of(value) == written:
        return start + value[len(written) :]
    return value


async def planner(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Plan the requirement; unreadable English or missing variables end the run as ERROR."""
    from backend.planning.modes import make_plan

    ctx = runtime.context
    req = Requirement.model_validate(state["requirement"])
    try:
        plan, usage = await make_plan(req, ctx.settings, ctx.settings.planner, ctx.plan_store)
        ctx.planner_usage = usage
    except PlanningError as exc:
        return {
            "plan": None,
            "planning_error": {"kind": "planning_error", "message": exc.one_line()},
        }
    steps: list[Step] = []
    for step in plan.steps:
        if step.action == "navigate" and step.value:
            step = step.model_copy(
                update={"value": resolve_url(step.value, ctx.start_url, ctx.written_url)}
            )
        steps.append(step)
    if not steps or steps[0].action != "navigate":
        if not ctx.start_url:
            return {
                "plan": None,
                "planning_error": {
                    "kind": "planning_error",
                    "message": f"requirement {req.name} says nowhere which page to open: add "
                    "`url: https://...` to its front matter, or pass --url.",
                },
            }
        shown = urlsplit(ctx.start_url).path or "/"
        steps.insert(0, Step(action="navigate", value=ctx.start_url, source=f"Open {shown}"))
    for step in steps:
        problem = url_problem(step.value or "", ctx.settings.allow_file_urls)
        if step.action == "navigate" and problem:
            return {"plan": None, "planning_error": {"kind": "planning_error", "message": problem}}
        if step.action == "navigate" and step.value and not origin_of(step.value):
            return {
                "plan": None,
                "planning_error": {
                    "kind": "planning_error",
                    "message": f"cannot open {step.value!r}: it is not an absolute URL and no "
                    "base URL is known. Pass --url, or set PACTS_BASE_URL.",
                },
            }
    names = list(dict.fromkeys(n for s in steps for n in variables_in(s.value)))
    missing = [n for n in names if n not in ctx.env]
    if missing:
        return {
            "plan": None,
            "planning_error": {
                "kind": "environment_error",
                "message": f"environment variable(s) {', '.join(missing)} not set: the requirement "
                f"uses ${{{missing[0]}}}. Export it (or put it in .env) and run again.",
            },
        }
    ctx.secrets.extend(ctx.env[n] for n in names if n not in req.public_vars)
    full = Plan(
        requirement=req.name,
        steps=steps,
        planner=plan.planner,
        base_url=origin_of(ctx.start_url) or origin_of(steps[0].value),
    )
    logger.info("Plan for %s: %d steps (hash %s)", req.name, len(full.steps), full.hash)
    for i, step in enumerate(full.steps, 1):
        logger.debug("  %2d. %s", i, step.label())
    return {"plan": full.model_dump(mode="json"), "index": 0}
