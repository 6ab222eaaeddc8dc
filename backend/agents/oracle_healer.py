"""Oracle/Healer node: checks each step's effect; heals drift in bounded rounds, never a bug."""

from __future__ import annotations

import logging
from typing import Any

from langgraph.runtime import Runtime

from backend.agents.pom_builder import needs_discovery
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.healing.checks import implicit_checks
from backend.healing.events import HealEvent
from backend.healing.rediscover import CandidateRediscoverer, Rediscoverer
from backend.healing.strategies import (
    Attempt,
    rerank_and_retry,
    scroll_and_retry,
    settle_and_retry,
)
from backend.models import SelectorRecord, StepResult, expand_variables

logger = logging.getLogger(__name__)

#: Failures a fresh element may cure: it moved, was re-rendered, changed, or came late.
HEALABLE = frozenset({"selector_not_found", "timeout"})

#: The default seam: discovery's candidate pass, ranked by fingerprint (healing/rediscover.py).
REDISCOVERER: Rediscoverer = CandidateRediscoverer()


def _record(data: dict[str, Any] | None) -> SelectorRecord | None:
    return SelectorRecord.model_validate(data) if data else None


def _marks(ctx: RunContext) -> dict[str, Any]:
    """Where the page stood when a step ended, for the next step's implicit checks."""
    return {"url": ctx.session.page.url, "errors": len(ctx.session.page_errors)}


async def oracle_healer(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Decide: next step, heal this one (bounded rounds), or give up."""
    ctx = runtime.context
    results = list(state.get("results", []))
    result = StepResult.model_validate(results[-1])
    heal_round = state.get("heal_round", 0)
    resolution = state.get("resolution") or {}
    record = _record(resolution.get("record"))
    previous = _record(resolution.get("previous"))
    events = [*state.get("heal_events", [])]
    marks = state.get("oracle_marks") or {}
    if result.status == "passed":
        checks, problem = await implicit_checks(
            ctx, result, record, marks.get("url"), marks.get("errors", 0)
        )
        result.checks = [*result.checks, *checks]
        if problem:
            result.status, result.error_kind, result.error = "failed", "assertion_failed", problem
            result.healable = False
    if result.status == "passed":
        if heal_round or previous is not None:
            result.healed = True
            await ctx.cache.record_heal()
            if previous is not None and record is not None:
                events.append(
                    HealEvent(
                        step=result.index,
                        round=max(heal_round, 1),
                        strategy="rediscover",
                        outcome="accepted",
                        failed_selector=previous.selector,
                        new_selector=record.selector,
                        old_fingerprint=previous.fingerprint,
                        new_fingerprint=record.fingerprint,
                    ).dump()
                )
            logger.info("  step %d healed (round %d)", result.index + 1, max(heal_round, 1))
        results[-1] = result.model_dump(mode="json")
        return _next(state, results, events, ctx)
    old = record or previous or _record(state.get("records", {}).get(str(result.index)))
    # Stale: this step's element was known before (a cache hit, or a record that drifted).
    stale = (
        previous is not None
        or result.cache in ("fast", "persistent")
        or bool(state.get("heal_stale"))
    )
    if (
        result.error_kind in HEALABLE
        and result.healable
        and needs_discovery(result.step)
        and heal_round < ctx.settings.max_heal_rounds
    ):
        round_ = heal_round + 1
        attempt = await _heal_round(ctx, result, record, old, round_, events)
        if attempt is None:  # nothing known about the element: no strategy applies
            round_ = heal_round
        elif attempt.ok:
            return await _accept(ctx, state, result, results, events, old, attempt, round_)
        if attempt is not None and record is not None and round_ < ctx.settings.max_heal_rounds:
            # The element was found and then could not be used: a full re-discovery next round.
            logger.info("  step %d: round %d failed; re-discovering", result.index + 1, round_)
            return {
                "results": results[:-1],
                "heal_round": round_,
                "force_discovery": True,
                "heal_events": events,
                "heal_stale": stale,
            }
        heal_round = round_
    if result.error_kind in HEALABLE and stale:
        # An element this step used before is gone or changed beyond the threshold: stale test.
        result.error_kind = "drift_unhealed"
    result.heal_rounds = heal_round
    if result.selector is None and old is not None:  # the selector tried: the one that drifted
        result.selector = old.selector
    results[-1] = result.model_dump(mode="json")
    return {"results": results, "gave_up": True, "heal_events": events}


async def _heal_round(
    ctx: RunContext,
    result: StepResult,
    record: SelectorRecord | None,
    old: SelectorRecord | None,
    round_: int,
    events: list[dict[str, Any]],
) -> Attempt | None:
    """One round: settle and retry, scroll into view, then re-rank by the stored fingerprint."""
    step = result.step
    settings = ctx.settings
    timeout = settings.heal_retry_timeout_s
    value = expand_variables(step.value, ctx.env) if step.value is not None else None
    tries: list[Attempt] = []
    if record is not None:
        tag = record.fingerprint.tag
        tries.append(await settle_and_retry(ctx.session, step, record.locator, value, tag, timeout))
        if not tries[-1].ok and step.action not in ("assert_text", "assert_visible"):
            tries.append(
                await scroll_and_retry(ctx.session, step, record.locator, value, tag, timeout)
            )
    if (not tries or not tries[-1].ok) and old is not None:
        tries.append(
            await rerank_and_retry(
                ctx.session,
                REDISCOVERER,
                step,
                old.fingerprint,
                value,
                settings.fingerprint_threshold,
                timeout,
            )
        )
    for attempt in tries:
        events.append(
            HealEvent(
                step=result.index,
                round=round_,
                strategy=attempt.strategy,
                outcome="retried" if attempt.ok else "rejected",
                failed_selector=result.selector or (old.selector if old else None),
                new_selector=attempt.locator.expr() if attempt.locator else None,
                old_fingerprint=old.fingerprint if old else None,
                new_fingerprint=attempt.fingerprint,
                score=attempt.score,
                threshold=settings.fingerprint_threshold
                if attempt.strategy == "fingerprint_rerank"
                else None,
                candidates=attempt.candidates or [],
                error=ctx.redact(attempt.error) if attempt.error else None,
            ).dump()
        )
    return tries[-1] if tries else None


async def _accept(
    ctx: RunContext,
    state: RunState,
    result: StepResult,
    results: list[dict[str, Any]],
    events: list[dict[str, Any]],
    old: SelectorRecord | None,
    attempt: Attempt,
    round_: int,
) -> dict[str, Any]:
    """A heal counts only when the step's own checks then pass; then it updates the cache."""
    marks = state.get("oracle_marks") or {}
    new = old
    if old is not None and attempt.locator is not None and attempt.locator != old.locator:
        new = old.model_copy(
            update={
                "selector": attempt.locator.expr(),
                "locator": attempt.locator,
                "strategy": "healed:" + attempt.strategy,
                "fingerprint": attempt.fingerprint or old.fingerprint,
                "version": old.version + 1,
            }
        )
    checks, problem = await implicit_checks(
        ctx, result, new, marks.get("url"), marks.get("errors", 0)
    )
    events[-1]["outcome"] = "rejected" if problem else "accepted"
    if problem:
        result.error_kind, result.error, result.healable = "assertion_failed", problem, False
        result.checks = [*result.checks, *checks]
        result.heal_rounds = round_
        results[-1] = result.model_dump(mode="json")
        return {"results": results, "gave_up": True, "heal_events": events}
    if new is not None and new is not old:
        await ctx.cache.save(new, "healed")
    await ctx.cache.record_heal()
    logger.info(
        "  step %d healed in round %d by %s%s",
        result.index + 1,
        round_,
        attempt.strategy,
        f" -> {new.locator.short()} ({attempt.score:.2f})"
        if attempt.score is not None and new
        else "",
    )
    result.status, result.error_kind, result.error = "passed", None, None
    result.healed, result.heal_rounds = True, round_
    result.checks = [*result.checks, *checks]
    if new is not None:
        result.selector, result.strategy = new.selector, new.strategy
    results[-1] = result.model_dump(mode="json")
    update = _next(state, results, events, ctx)
    if new is not None:
        update["records"] = {
            **state.get("records", {}),
            str(result.index): new.model_dump(mode="json"),
        }
    return update


def _next(
    state: RunState, results: list[dict[str, Any]], events: list[dict[str, Any]], ctx: RunContext
) -> dict[str, Any]:
    return {
        "results": results,
        "heal_events": events,
        "index": state["index"] + 1,
        "heal_round": 0,
        "force_discovery": False,
        "heal_stale": False,
        "resolution": None,
        "oracle_marks": _marks(ctx),
    }
