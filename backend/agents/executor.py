"""Executor node: performs the current step in the browser and records a StepResult."""

from __future__ import annotations

import logging
import time
from typing import Any

from langgraph.runtime import Runtime

from backend.browser.actions import OptionMissing, perform
from backend.browser.evidence import take_screenshot
from backend.browser.settle import settle
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import (
    LocatorSpec,
    Plan,
    RootCause,
    SelectorRecord,
    Step,
    StepResult,
    expand_variables,
)

logger = logging.getLogger(__name__)

#: Actions after which the page may be on its way somewhere else (a submit, a link, JS).
#: The value is how long to give it to start (s): a form control's onchange navigates rarely.
MAY_NAVIGATE = {
    "click": 0.1,
    "dblclick": 0.1,
    "press": 0.1,
    "select": 0.03,
    "check": 0.03,
    "uncheck": 0.03,
}


def classify(step: Step, exc: BaseException) -> RootCause:
    """The root cause an exception from Playwright stands for."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    if isinstance(exc, AssertionError):
        return "assertion_failed"
    if step.action in ("navigate", "go_back", "reload"):
        return "navigation_error"
    if isinstance(exc, PlaywrightTimeout):
        return "timeout"
    text = str(exc)
    if "net::ERR_" in text:
        return "navigation_error"
    if "Target page, context or browser has been closed" in text:
        return "environment_error"
    return "selector_not_found" if "element" in text.lower() else "timeout"


def first_line(text: str) -> str:
    """Playwright's messages carry a call log; the verdict wants the first sentence."""
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith(("Call log", "=")):
            return line[:300]
    return text[:300]


async def executor(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Run one step; a failure becomes data in the result, never an exception."""
    ctx = runtime.context
    plan = Plan.model_validate(state["plan"])
    index = state["index"]
    step = plan.steps[index]
    resolution = state.get("resolution") or {}
    page = ctx.session.page
    started = time.perf_counter()
    record = (
        SelectorRecord.model_validate(resolution["record"]) if resolution.get("record") else None
    )
    result = StepResult(
        index=index,
        step=step,
        status="passed",
        selector=record.selector if record else None,
        strategy=record.strategy if record else None,
        cache=resolution.get("cache", "none"),
        heal_rounds=state.get("heal_round", 0),
    )
    if resolution.get("error_kind"):
        result.status = "failed"
        result.error_kind = resolution["error_kind"]
        result.error = resolution.get("error")
        result.candidates = resolution.get("candidates", [])
    else:
        try:
            value = expand_variables(step.value, ctx.env) if step.value is not None else None
            locator = record.locator.resolve(page) if record else None
            await perform(
                page,
                step,
                locator,
                value,
                record.fingerprint.tag if record else "",
                ctx.settings.step_timeout_s,
            )
            if step.action in MAY_NAVIGATE:
                await settle(
                    ctx.session, ctx.settings.navigation_timeout_s, MAY_NAVIGATE[step.action]
                )
        except OptionMissing as exc:
            result.status, result.error_kind = "failed", "selector_not_found"
            result.healable = False
            result.error = ctx.redact(str(exc))
        except Exception as exc:
            result.status = "failed"
            result.error_kind = classify(step, exc)
            result.error = ctx.redact(first_line(str(exc)) or type(exc).__name__)
    # The step's time includes finding its element (cache check or discovery).
    result.duration_ms = round(
        (time.perf_counter() - started) * 1000 + resolution.get("resolve_ms", 0.0), 1
    )
    if result.status != "passed" or ctx.settings.screenshots == "every-step":
        result.screenshot = await take_screenshot(ctx, plan.requirement, index, step)
    mark = "ok" if result.status == "passed" else "FAILED"
    logger.info(
        "  step %d/%d %s: %s (%s, %.0f ms)%s",
        index + 1,
        len(plan.steps),
        mark,
        ctx.redact(step.source or step.label()),
        result.cache,
        result.duration_ms,
        f" - {result.error}" if result.error else "",
    )
    return {"results": [*state.get("results", []), result.model_dump(mode="json")]}


def _locator(page: Any, spec: LocatorSpec) -> Any:
    return spec.resolve(page)
