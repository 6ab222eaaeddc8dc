"""Oracle/Healer node: checks each step's effect; heals drift in bounded rounds, never a bug.

`decide()` is the pure part (what to do with a step's result); the node carries it out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backend.actions import spec_for
from backend.graph.context import RunContext
from backend.graph.state import OracleMarks, Resolved, RunState
from backend.healing.checks import implicit_checks
from backend.healing.events import HealEvent
from backend.healing.rediscover import CandidateRediscoverer, Rediscoverer
from backend.healing.strategies import (
    Attempt,
    rerank_and_retry,
    scroll_and_retry,
    settle_and_retry,
)
from backend.models import RootCause, SelectorRecord, StepResult, expand_variables

if TYPE_CHECKING:
    from langgraph.runtime import Runtime

logger = logging.getLogger(__name__)

#: Failures a fresh element may cure: it moved, was re-rendered, changed, or came late.
HEALABLE = frozenset({"selector_not_found", "timeout"})

#: The default seam: discovery's candidate pass, ranked by fingerprint (healing/rediscover.py).
REDISCOVERER: Rediscoverer = CandidateRediscoverer()


@dataclass(frozen=True)
class Continue:
    """The step did what it should: on to the next one."""


@dataclass(frozen=True)
class Heal:
    """The step failed in a way a fresh element may cure: try heal round `round`."""

    round: int


@dataclass(frozen=True)
class GiveUp:
    """The step failed for good, for this cause."""

    cause: RootCause


Decision = Continue | Heal | GiveUp


def final_cause(result: StepResult, stale: bool) -> RootCause:
    """The root cause a failed step ends with: an element known before that is gone or changed
    beyond the threshold is a stale test (drift_unhealed), not a missing element."""
    cause: RootCause = result.error_kind or "timeout"
    return "drift_unhealed" if cause in HEALABLE and stale else cause


def decide(result: StepResult, heal_round: int, max_rounds: int, *, stale: bool) -> Decision:
    """What to do with a step's result (after its implicit checks): no I/O, no state."""
    if result.status == "passed":
        return Continue()
    element = spec_for(result.step.action).needs_element(result.step.target is not None)
    if result.error_kind in HEALABLE and result.healable and element and heal_round < max_rounds:
        return Heal(heal_round + 1)
    return GiveUp(final_cause(result, stale))


async def oracle_healer(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Check the step's effect, then go on, heal (bounded rounds) or give up."""
    ctx = runtime.context
    result = state.results[-1].model_copy(deep=True)
    record, previous = _records(state)
    if result.status == "passed":
        await _check_effect(ctx, state, result, record)
    stale = previous is not None or result.cache in ("fast", "persistent") or state.heal_stale
    decision = decide(result, state.heal_round, ctx.settings.max_heal_rounds, stale=stale)
    if isinstance(decision, Continue):
        return await _passed(ctx, state, result, record, previous)
    events = list(state.heal_events)
    old = record or previous or state.records.get(result.index)
    if isinstance(decision, GiveUp):
        return _give_up(state, result, decision.cause, state.heal_round, old, events)
    attempt = await _heal_round(ctx, result, record, old, decision.round, events)
    if attempt is not None and attempt.ok:
        return await _accept(ctx, state, result, events, old, attempt, decision.round)
    if attempt is not None and _looked_already(attempt, record, old):
        # the heal's own candidate pass saw the page: a re-discovery would wait a full step
        # timeout for the same answer; the very element that failed is no drift
        same = attempt.locator is not None
        cause = final_cause(result, stale and not same)
        return _give_up(state, result, cause, decision.round, old, events)
    if attempt is not None and record is not None and decision.round < ctx.settings.max_heal_rounds:
        # The element was found and then could not be used: a full re-discovery next round.
        logger.info("  step %d: round %d failed; re-discovering", result.index + 1, decision.round)
        return {
            "results": state.results[:-1],
            "heal_round": decision.round,
            "force_discovery": True,
            "heal_events": events,
            "heal_stale": stale,
        }
    rounds = decision.round if attempt is not None else state.heal_round
    return _give_up(state, result, final_cause(result, stale), rounds, old, events)


def _looked_already(
    attempt: Attempt, record: SelectorRecord | None, old: SelectorRecord | None
) -> bool:
    """Whether a failed round's fingerprint re-rank leaves nothing for a re-discovery: no
    element of the old one's role is on the page, or the best one is the element that failed."""
    if attempt.ok or attempt.strategy != "fingerprint_rerank":
        return False
    if old is None or not old.fingerprint.role:
        return False  # the re-rank had no role to look for: it saw nothing
    if not attempt.candidates:
        return True
    return record is not None and attempt.locator == record.locator


def _records(state: RunState) -> tuple[SelectorRecord | None, SelectorRecord | None]:
    """The record the step used, and the one it replaced (drift or a heal's re-discovery)."""
    resolution = state.resolution
    record = resolution.record if isinstance(resolution, Resolved) else None
    previous = resolution.previous if resolution is not None else None
    return record, previous


async def _check_effect(
    ctx: RunContext, state: RunState, result: StepResult, record: SelectorRecord | None
) -> None:
    """The implicit checks of a passed step; a failed one fails the step (never healed)."""
    marks = state.oracle_marks
    checks, problem = await implicit_checks(
        ctx.session,
        ctx.env,
        ctx.redact,
        result,
        record,
        marks.url,
        marks.errors,
        state.settled_alerts,
    )
    result.checks = [*result.checks, *checks]
    if problem:
        result.status, result.error_kind, result.error = "failed", "assertion_failed", problem
        result.healable = False


async def _passed(
    ctx: RunContext,
    state: RunState,
    result: StepResult,
    record: SelectorRecord | None,
    previous: SelectorRecord | None,
) -> dict[str, Any]:
    """On to the next step; a pass after a heal round or a drift re-discovery is a heal."""
    events = list(state.heal_events)
    if state.heal_round or previous is not None:
        result.healed = True
        await ctx.cache.record_heal()
        if previous is not None and record is not None:
            events.append(
                HealEvent(
                    step=result.index,
                    round=max(state.heal_round, 1),
                    strategy="rediscover",
                    outcome="accepted",
                    failed_selector=previous.selector,
                    new_selector=record.selector,
                    old_fingerprint=previous.fingerprint,
                    new_fingerprint=record.fingerprint,
                )
            )
        logger.info("  step %d healed (round %d)", result.index + 1, max(state.heal_round, 1))
    return _next(ctx, state, result, events)


def _give_up(
    state: RunState,
    result: StepResult,
    cause: RootCause,
    rounds: int,
    old: SelectorRecord | None,
    events: list[HealEvent],
) -> dict[str, Any]:
    result.error_kind, result.heal_rounds = cause, rounds
    if result.selector is None and old is not None:  # the selector tried: the one that drifted
        result.selector = old.selector
    return {"results": [*state.results[:-1], result], "gave_up": True, "heal_events": events}


async def _heal_round(
    ctx: RunContext,
    result: StepResult,
    record: SelectorRecord | None,
    old: SelectorRecord | None,
    round_: int,
    events: list[HealEvent],
) -> Attempt | None:
    """One round: settle and retry, scroll into view, then re-rank by the stored fingerprint.
    None: nothing is known about the element, so no strategy applies."""
    step = result.step
    timeout = ctx.settings.heal_retry_timeout_s
    value = expand_variables(step.value, ctx.env) if step.value is not None else None
    tries: list[Attempt] = []
    if record is not None:
        found = record.fingerprint
        tries.append(
            await settle_and_retry(ctx.session, step, record.locator, value, found, timeout)
        )
        if not tries[-1].ok and spec_for(step.action).scroll_heal:
            tries.append(
                await scroll_and_retry(ctx.session, step, record.locator, value, found, timeout)
            )
    if (not tries or not tries[-1].ok) and old is not None:
        tries.append(
            await rerank_and_retry(
                ctx.session,
                REDISCOVERER,
                step,
                old.fingerprint,
                value,
                ctx.settings.fingerprint_threshold,
                timeout,
            )
        )
    events.extend(_event(ctx, result, old, round_, attempt) for attempt in tries)
    return tries[-1] if tries else None


def _event(
    ctx: RunContext, result: StepResult, old: SelectorRecord | None, round_: int, attempt: Attempt
) -> HealEvent:
    return HealEvent(
        step=result.index,
        round=round_,
        strategy=attempt.strategy,
        outcome="retried" if attempt.ok else "rejected",
        failed_selector=result.selector or (old.selector if old else None),
        new_selector=attempt.locator.expr() if attempt.locator else None,
        old_fingerprint=old.fingerprint if old else None,
        new_fingerprint=attempt.fingerprint,
        score=attempt.score,
        threshold=ctx.settings.fingerprint_threshold
        if attempt.strategy == "fingerprint_rerank"
        else None,
        candidates=attempt.candidates or [],
        error=ctx.redact(attempt.error) if attempt.error else None,
    )


def _healed_record(old: SelectorRecord | None, attempt: Attempt) -> SelectorRecord | None:
    """The record a successful heal leaves: the old one, or a new version on a new locator."""
    if old is None or attempt.locator is None or attempt.locator == old.locator:
        return old
    return old.model_copy(
        update={
            "selector": attempt.locator.expr(),
            "locator": attempt.locator,
            "strategy": "healed:" + attempt.strategy,
            "fingerprint": attempt.fingerprint or old.fingerprint,
            "version": old.version + 1,
        }
    )


async def _accept(
    ctx: RunContext,
    state: RunState,
    result: StepResult,
    events: list[HealEvent],
    old: SelectorRecord | None,
    attempt: Attempt,
    round_: int,
) -> dict[str, Any]:
    """A heal counts only when the step's own checks then pass; then it updates the cache."""
    new = _healed_record(old, attempt)
    marks = state.oracle_marks
    checks, problem = await implicit_checks(
        ctx.session, ctx.env, ctx.redact, result, new, marks.url, marks.errors
    )
    result.checks = [*result.checks, *checks]
    result.heal_rounds = round_
    events[-1] = events[-1].model_copy(update={"outcome": "rejected" if problem else "accepted"})
    if problem:
        result.error_kind, result.error, result.healable = "assertion_failed", problem, False
        return {"results": [*state.results[:-1], result], "gave_up": True, "heal_events": events}
    if new is not None and new is not old:
        await ctx.cache.save(new, "healed")
    await ctx.cache.record_heal()
    score = (
        f" -> {new.locator.short()} ({attempt.score:.2f})"
        if attempt.score is not None and new
        else ""
    )
    logger.info(
        "  step %d healed in round %d by %s%s", result.index + 1, round_, attempt.strategy, score
    )
    result.status, result.error_kind, result.error, result.healed = "passed", None, None, True
    if new is not None:
        result.selector, result.strategy = new.selector, new.strategy
    update = _next(ctx, state, result, events)
    if new is not None:
        update["records"] = {**state.records, result.index: new}
    return update


def _next(
    ctx: RunContext, state: RunState, result: StepResult, events: list[HealEvent]
) -> dict[str, Any]:
    page = ctx.session.page
    return {
        "results": [*state.results[:-1], result],
        "heal_events": events,
        "index": state.index + 1,
        "heal_round": 0,
        "force_discovery": False,
        "heal_stale": False,
        "resolution": None,
        "oracle_marks": OracleMarks(url=page.url, errors=len(ctx.session.page_errors)),
        "settled_alerts": None,
    }
