"""Executor node: performs the current step in the browser and records a StepResult."""

from __future__ import annotations

import logging
import time
from typing import Any

from langgraph.runtime import Runtime

from backend.browser.actions import OptionMissing, perform
from backend.browser.evidence import take_screenshot
from backend.browser.frames import FrameNotFound, find_frame, pick_tab
from backend.browser.settle import settle
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import (
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    Plan,
    RootCause,
    SelectorRecord,
    Step,
    StepResult,
    expand_variables,
)
from backend.storage.base import cache_key, route_template

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


def frame_scope(state: RunState) -> tuple[LocatorCall, ...]:
    """The frame a `switch_frame` step entered, as `frame_locator` calls (the page: ())."""
    return tuple(LocatorCall.model_validate(c) for c in state.get("frame") or [])


async def _switch(
    ctx: RunContext, state: RunState, index: int, step: Step, result: StepResult
) -> dict[str, Any]:
    """A switch_frame / switch_tab step: the state update it makes, or a failed result."""
    page = ctx.session.page
    timeout = ctx.settings.step_timeout_s
    update: dict[str, Any] = {}
    try:
        if step.action == "switch_tab":
            tab = await pick_tab(page.context, page, step, timeout)
            await tab.bring_to_front()
            ctx.session.adopt(tab)
            return {"frame": []}
        if step.target is None:
            return {"frame": []}
        scope = frame_scope(state)
        try:
            call = await find_frame(page, step.target.name, scope, timeout if not scope else 1.0)
            inside = (*scope, call)
        except FrameNotFound:
            if not scope:
                raise
            inside = (await find_frame(page, step.target.name, (), timeout),)
    except FrameNotFound as exc:
        result.status, result.error_kind, result.error = "failed", "selector_not_found", str(exc)
        result.candidates = exc.candidates
        return update
    spec = LocatorSpec(calls=inside)
    origin, route = route_template(page.url, ctx.secrets)
    target = "frame|" + step.target.canonical()
    record = SelectorRecord(
        key=cache_key(origin, route, target),
        origin=origin,
        route=route,
        target=target,
        selector=spec.expr(),
        locator=spec,
        strategy="frame",
        fingerprint=Fingerprint(tag="iframe", name=step.target.name),
    )
    result.selector, result.strategy = record.selector, record.strategy
    logger.info("[FRAME] %s -> %s", step.target.name or "the only iframe", spec.short())
    return {
        "frame": [c.model_dump(mode="json") for c in inside],
        "records": {**state.get("records", {}), str(index): record.model_dump(mode="json")},
    }


async def executor(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Run one step; a failure becomes data in the result, never an exception."""
    ctx = runtime.context
    plan = Plan.model_validate(state["plan"])
    index = state["index"]
    step = plan.steps[index]
    update: dict[str, Any] = {}
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
    if step.action in ("switch_frame", "switch_tab"):
        update = await _switch(ctx, state, index, step, result)
    elif resolution.get("error_kind"):
        result.status = "failed"
        result.error_kind = resolution["error_kind"]
        result.error = resolution.get("error")
        result.candidates = resolution.get("candidates", [])
    else:
        try:
            value = expand_variables(step.value, ctx.env) if step.value is not None else None
            locator = record.locator.resolve(page) if record else None
            scope = frame_scope(state)
            await perform(
                page,
                step,
                locator,
                value,
                record.fingerprint.tag if record else "",
                ctx.settings.step_timeout_s,
                root=LocatorSpec(calls=scope).resolve(page) if scope else None,
            )
            if step.action in ("navigate", "go_back", "reload") and scope:
                update["frame"] = []  # a new document: back on the page itself
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
            result.error = first_line(ctx.redact(str(exc))) or type(exc).__name__
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
    return {**update, "results": [*state.get("results", []), result.model_dump(mode="json")]}


def _locator(page: Any, spec: LocatorSpec) -> Any:
    return spec.resolve(page)
