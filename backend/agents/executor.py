"""Executor node: performs the current step in the browser and records a StepResult."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from backend.actions import spec_for
from backend.browser.evidence import canvas_hint, take_screenshot
from backend.browser.frames import FrameNotFound, find_frame, pick_tab
from backend.browser.perform import OptionMissing, perform
from backend.browser.settle import settle, wait_opened
from backend.browser.trace_scope import mark
from backend.graph.context import RunContext
from backend.graph.state import Resolved, RunState, Unresolved
from backend.models import (
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    RootCause,
    SelectorRecord,
    Step,
    StepResult,
    expand_variables,
)
from backend.storage.base import cache_key, route_template
from backend.telemetry.phases import phase
from backend.text import first_line

if TYPE_CHECKING:
    from langgraph.runtime import Runtime

logger = logging.getLogger(__name__)


def classify(step: Step, exc: BaseException) -> RootCause:
    """The root cause an exception from Playwright stands for."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    if isinstance(exc, AssertionError):
        return "assertion_failed"
    if spec_for(step.action).new_document:
        return "navigation_error"
    if isinstance(exc, PlaywrightTimeout):
        return "timeout"
    text = str(exc)
    if "net::ERR_" in text:
        return "navigation_error"
    if "Target page, context or browser has been closed" in text:
        return "environment_error"
    return "selector_not_found" if "element" in text.lower() else "timeout"


async def executor(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Run one step; a failure becomes data in the result, never an exception."""
    ctx = runtime.context
    assert state.plan is not None
    step = state.plan.steps[state.index]
    resolution = state.resolution
    started = time.perf_counter()
    result = _new_result(state, step)
    update: dict[str, Any] = {}
    if spec_for(step.action).special in ("switch_frame", "switch_tab"):
        update = await _switch(ctx, state, step, result)
    elif isinstance(resolution, Unresolved):
        result.status, result.error_kind = "failed", resolution.error_kind
        result.error, result.candidates = resolution.error, resolution.candidates
    else:
        record = resolution.record if isinstance(resolution, Resolved) else None
        update = await _act(ctx, state, step, record, result)
    # The step's time includes finding its element (cache check or discovery).
    resolve_ms = resolution.resolve_ms if resolution is not None else 0.0
    result.duration_ms = round((time.perf_counter() - started) * 1000 + resolve_ms, 1)
    if result.status != "passed":
        await mark(ctx.session, f"PACTS: step {state.index + 1} failed ({result.error_kind})")
    if result.status != "passed" or ctx.settings.screenshots == "every-step":
        with phase("step screenshot"):
            result.screenshot = await take_screenshot(
                ctx.session,
                ctx.run_dir,
                ctx.settings.screenshots_dir,
                state.requirement.name,
                state.index,
                step,
                ctx.redact.values,
            )
    _log(ctx, state, step, result)
    return {**update, "results": [*state.results, result]}


def _new_result(state: RunState, step: Step) -> StepResult:
    resolution = state.resolution
    record = resolution.record if isinstance(resolution, Resolved) else None
    return StepResult(
        index=state.index,
        step=step,
        status="passed",
        selector=record.selector if record else None,
        strategy=record.strategy if record else None,
        cache=resolution.cache if isinstance(resolution, Resolved) else "none",
        heal_rounds=state.heal_round,
        note=resolution.note if isinstance(resolution, Resolved) else "",
        candidates=resolution.candidates if isinstance(resolution, Resolved) else [],
    )


async def _act(
    ctx: RunContext,
    state: RunState,
    step: Step,
    record: SelectorRecord | None,
    result: StepResult,
) -> dict[str, Any]:
    """Perform the step on its element (or the page); let a navigation it starts land."""
    page = ctx.session.page
    spec = spec_for(step.action)
    scope = tuple(state.frame)
    value: str | None = None
    alerts: list[str] | None = None
    try:
        value = expand_variables(step.value, ctx.env) if step.value is not None else None
        acted = time.perf_counter()
        with phase("perform (the browser action)"):
            await perform(
                page,
                step,
                record.locator.resolve(page) if record else None,
                value,
                record.fingerprint if record else None,
                ctx.settings.step_timeout_s,
                root=LocatorSpec(calls=scope).resolve(page) if scope else None,
            )
        if spec.navigates:
            with phase("settle"):
                alerts = await settle(ctx.session, ctx.settings.navigation_timeout_s, since=acted)
        elif spec.new_document:  # loaded by the load event: a single-page app still starts up
            with phase("settle"):
                alerts = await wait_opened(ctx.session, acted, ctx.settings.navigation_timeout_s)
    except OptionMissing as exc:
        result.status, result.error_kind = "failed", "selector_not_found"
        result.healable = False
        result.error = ctx.redact(str(exc))
    except Exception as exc:
        result.status = "failed"
        result.error_kind = classify(step, exc)
        result.error = first_line(ctx.redact(str(exc))) or type(exc).__name__  # redact, then cut
        if result.error_kind == "assertion_failed":
            hint = await canvas_hint(page, _expected_text(step, value))
            result.error += f"; {ctx.redact(hint)}" if hint else ""
    if spec.new_document and scope:
        return {"frame": [], "settled_alerts": None}  # a new document: back on the page itself
    return {"settled_alerts": alerts}


def _expected_text(step: Step, value: str | None) -> str:
    """The text a failed text check looked for ('' for other checks)."""
    if step.action == "assert_text" and value:
        return value
    target = step.target
    if step.action == "assert_visible" and target is not None and target.kind == "text":
        return target.name
    return ""


async def _switch(
    ctx: RunContext, state: RunState, step: Step, result: StepResult
) -> dict[str, Any]:
    """A switch_frame / switch_tab step: the state update it makes, or a failed result."""
    page = ctx.session.page
    timeout = ctx.settings.step_timeout_s
    try:
        if step.action == "switch_tab":
            tab = await pick_tab(page.context, page, step, timeout)
            await tab.bring_to_front()
            ctx.session.adopt(tab)
            return {"frame": []}
        if step.target is None:
            return {"frame": []}
        inside = await _enter_frame(page, step.target.name, tuple(state.frame), timeout)
    except FrameNotFound as exc:
        result.status, result.error_kind, result.error = "failed", "selector_not_found", str(exc)
        result.candidates = exc.candidates
        return {}
    record = _frame_record(page.url, step, inside, ctx.redact.values)
    result.selector, result.strategy = record.selector, record.strategy
    logger.info("[FRAME] %s -> %s", step.target.name or "the only iframe", record.locator.short())
    return {"frame": list(inside), "records": {**state.records, state.index: record}}


async def _enter_frame(
    page: Any, name: str, scope: tuple[LocatorCall, ...], timeout: float
) -> tuple[LocatorCall, ...]:
    """The frame path a switch leads to: a child of the current frame, else a top-level one."""
    try:
        call = await find_frame(page, name, scope, timeout if not scope else 1.0)
        return (*scope, call)
    except FrameNotFound:
        if not scope:
            raise
        return (await find_frame(page, name, (), timeout),)


def _frame_record(
    url: str, step: Step, inside: tuple[LocatorCall, ...], secrets: list[str]
) -> SelectorRecord:
    assert step.target is not None
    spec = LocatorSpec(calls=inside)
    origin, route = route_template(url, secrets)
    target = "frame|" + step.target.canonical()
    return SelectorRecord(
        key=cache_key(origin, route, target),
        origin=origin,
        route=route,
        target=target,
        selector=spec.expr(),
        locator=spec,
        strategy="frame",
        fingerprint=Fingerprint(tag="iframe", name=step.target.name),
    )


def _log(ctx: RunContext, state: RunState, step: Step, result: StepResult) -> None:
    mark = "ok" if result.status == "passed" else "FAILED"
    logger.info(
        "  step %d/%d %s: %s (%s, %.0f ms)%s",
        state.index + 1,
        state.step_count(),
        mark,
        ctx.redact(step.source or step.label()),
        result.cache,
        result.duration_ms,
        f" - {result.error}" if result.error else "",
    )
