"""VerdictRCA node: PASS / FAIL / ERROR with a root cause and evidence."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from backend.browser.evidence import dom_excerpt, screenshot_path, take_screenshot
from backend.browser.trace_scope import mark
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.healing.events import HealEvent
from backend.models import Plan, RootCause, SelectorRecord, StepResult, Verdict, VerdictKind
from backend.telemetry.phases import phase

if TYPE_CHECKING:
    from langgraph.runtime import Runtime

logger = logging.getLogger(__name__)

#: Causes that mean the app did not do what the requirement says; the rest mean we could not test.
FAIL_CAUSES: frozenset[str] = frozenset(
    {"selector_not_found", "assertion_failed", "timeout", "drift_unhealed"}
)


def verdict_for(cause: RootCause | None) -> VerdictKind:
    """PASS without a cause, FAIL for the app's faults, ERROR when the test could not run."""
    if cause is None:
        return "PASS"
    return "FAIL" if cause in FAIL_CAUSES else "ERROR"


#: What to do next, per root cause: the second half of the one-line explanation.
NEXT_STEP: dict[str, str] = {
    "selector_not_found": "if the element was renamed or moved, edit the requirement; "
    "if it should be there, the app regressed",
    "drift_unhealed": "the test is stale: if the element was renamed, edit the requirement "
    "(or clear its cache entry); if it should be there, the app regressed",
    "ambiguous_target": "say which one (e.g. 'the second ...' or 'in the X section')",
    "assertion_failed": "the app did not do what the requirement says; check the screenshot, "
    "or update the requirement if the change is intended",
    "timeout": "the page did not respond in time; check it by hand, or raise PACTS_STEP_TIMEOUT_S",
    "navigation_error": "check that the site is up and the URL is right (--url)",
    "environment_error": "check the browser and the environment, then rerun",
    "planning_error": "rephrase the step (see `pacts plan --text ...`)",
}


def _closest(heal_events: list[HealEvent], step: int) -> dict[str, Any] | None:
    """The best candidate the healer considered for this step, with the threshold it missed."""
    best: dict[str, Any] | None = None
    for event in heal_events:
        if event.step != step:
            continue
        for cand in event.candidates:
            if best is None or cand.score > best["score"]:
                best = {
                    "selector": cand.selector,
                    "score": cand.score,
                    "threshold": event.threshold,
                }
    return best


def explain(
    result: StepResult, url: str, total: int, heal_events: list[HealEvent] | None = None
) -> str:
    """One line a person can act on: what failed, where, what was close, what to do next."""
    what = result.step.source or result.step.label()
    path = urlsplit(url).path or url
    cause = result.error_kind or "timeout"
    if cause in ("selector_not_found", "drift_unhealed") and result.step.target is not None:
        target = result.step.target
        line = f"Step {result.index + 1}/{total}: the {target.describe()!r} was not found on {path}"
        closest = _closest(heal_events or [], result.index)
        if closest is not None and closest.get("threshold") is not None:
            score, threshold = closest["score"], closest["threshold"]
            line += f"; the closest candidate, {closest['selector']}, matched {score:.2f} "
            # One above the threshold was tried and failed the step's own checks: say so,
            # with the error, rather than "0.67 (below 0.50)"
            line += (
                f"(below {threshold:.2f})"
                if score < threshold
                else f"but did not work ({result.error or 'the step still failed'})"
            )
        elif result.error:
            line += f" ({result.error})"
    else:
        error = result.error or cause
        line = f"Step {result.index + 1}/{total} ({what}) failed on {path}: {error}"
    return f"{line}. Next: {NEXT_STEP.get(cause, 'see the evidence in the run folder')}."


#: Characters of HTML an excerpt keeps; the page sends ten times more, so the cut is made after
#: redaction and cannot split a secret past the redactor (issue 14).
EXCERPT_CHARS = 2000


async def _dom_excerpt(ctx: RunContext, record: SelectorRecord | None = None) -> str:
    """The HTML around the element the step used, else the page's main content (shadow roots
    included)."""
    page = ctx.session.page
    locator = record.locator.resolve(page) if record is not None else None
    html = await dom_excerpt(page, locator, limit=10 * EXCERPT_CHARS)
    return ctx.redact.excerpt(html, EXCERPT_CHARS)


async def _screenshot(
    ctx: RunContext, state: RunState, result: StepResult, page: Any = None
) -> str | None:
    return await take_screenshot(
        ctx.session,
        ctx.run_dir,
        ctx.settings.screenshots_dir,
        state.requirement.name,
        result.index,
        result.step,
        ctx.redact.values,
        page=page,
    )


async def _final_page(ctx: RunContext, state: RunState, result: StepResult) -> str | None:
    """The final page's screenshot. In a suite (the next requirement's page is opening) it is
    taken while the next requirement starts (issue 15): its path now, the file once
    `ctx.final_shot` is done; the run's files wait for it, and the page's context closes
    only after it."""
    session = ctx.session
    if not session.spares:
        with phase("final-page screenshot"):
            return await _screenshot(ctx, state, result)
    shot = asyncio.ensure_future(_screenshot(ctx, state, result, page=session.page))
    session.pending.append(shot)
    ctx.final_shot = shot
    return str(screenshot_path(ctx.run_dir, result.index, result.step))


async def _failure_evidence(ctx: RunContext, state: RunState, failed: StepResult) -> dict[str, Any]:
    """What a failed step leaves behind: screenshot, DOM excerpt, console and network errors."""
    session = ctx.session
    await mark(session, f"PACTS: step {failed.index + 1} failed; the page at the verdict")
    if failed.screenshot is None:  # PACTS_SCREENSHOTS=on-failure, or the oracle failed it
        failed.screenshot = await _screenshot(ctx, state, failed)
    return {
        "url": session.page.url,
        "screenshot": failed.screenshot,
        "selector": failed.selector,
        "candidates": failed.candidates,
        "dom_excerpt": await _dom_excerpt(ctx, state.records.get(failed.index)),
        "console_errors": [ctx.redact(e) for e in session.console_errors[-20:]],
        "page_errors": [ctx.redact(e) for e in session.page_errors[-20:]],
        "failed_requests": [ctx.redact(e) for e in session.failed_requests[-20:]],
    }


async def verdict_rca(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Build the verdict from the step results and write the plan to the run folder."""
    ctx = runtime.context
    results = [r.model_copy() for r in state.results]
    failed = next((r for r in results if r.status != "passed"), None)
    cause: RootCause | None = None
    explanation = "All steps passed."
    evidence: dict[str, Any] = {}
    if state.planning_error is not None:
        cause, explanation = state.planning_error.kind, ctx.redact(state.planning_error.message)
    elif failed is not None:
        evidence = await _failure_evidence(ctx, state, failed)
        cause = failed.error_kind or "timeout"
        url = ctx.session.page.url
        line = explain(failed, url, state.step_count(), state.heal_events)
        explanation = ctx.redact(line)
    elif results and results[-1].screenshot is None:  # a pass keeps the final page
        results[-1].screenshot = await _final_page(ctx, state, results[-1])
        evidence = {"screenshot": results[-1].screenshot}
    if state.heal_events:
        evidence["heal_events"] = [e.dump() for e in state.heal_events]
    verdict = Verdict(
        run_id=state.run_id,
        requirement=state.requirement.name,
        verdict=verdict_for(cause),
        root_cause=cause,
        explanation=explanation,
        failing_step=failed.index + 1 if failed is not None and cause else None,
        steps=results,
        evidence=evidence,
        plan_hash=state.plan.hash if state.plan else None,
        discoveries=state.discoveries,
        cache={
            **ctx.cache.since(state.stats_baseline, ctx.cache.counters()),
            "skipped_tiers": sorted(ctx.cache.skipped),
        },
        run_dir=str(ctx.run_dir),
        planner=state.planner_usage,
    )
    if state.plan is not None:
        write_plan(ctx.run_dir, state.plan)
    return {"verdict": verdict}


def write_plan(run_dir: Path, plan: Plan) -> None:
    """`runs/<run-id>/plan.json` (the runner writes verdict.json once the run is over)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "plan.json").write_text(
        json.dumps(plan.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8"
    )
