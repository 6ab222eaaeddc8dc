"""POMBuilder node: a verified selector for the current step's target (cache, then discovery)."""

from __future__ import annotations

import logging
import time
from typing import Any

from langgraph.runtime import Runtime

from backend.discovery.engine import DiscoveryFailed, discover, verify
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import ELEMENT_ACTIONS, LocatorCall, Plan, SelectorRecord, Step
from backend.storage.base import cache_key, route_template

logger = logging.getLogger(__name__)

#: Steps whose element may legitimately be absent or many: located directly, not discovered.
DIRECT_ACTIONS = frozenset({"assert_hidden", "assert_count"})


def _since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def needs_discovery(step: Step) -> bool:
    """Whether the step acts on one element that discovery must find."""
    if step.target is None or step.action in DIRECT_ACTIONS:
        return False
    return step.action in ELEMENT_ACTIONS or step.action in ("assert_text", "press")


def cached_target(step: Step, scope: tuple[LocatorCall, ...]) -> str:
    """The target part of the cache key: inside a frame, the frame's selector is part of it,
    so an element in a frame and one of the same description outside never share a record."""
    assert step.target is not None
    target = step.target.canonical()
    if scope:
        target += "|frame=" + " >> ".join(str(c.args[0]) for c in scope)
    return target


async def pom_builder(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Resolve the target of the step about to run, on the page as it is now."""
    ctx = runtime.context
    plan = Plan.model_validate(state["plan"])
    index = state["index"]
    step = plan.steps[index]
    if not needs_discovery(step):
        return {"resolution": None}
    assert step.target is not None
    page = ctx.session.page
    settings = ctx.settings
    origin, route = route_template(page.url, ctx.secrets)
    scope = tuple(LocatorCall.model_validate(c) for c in state.get("frame") or [])
    target = cached_target(step, scope)
    key = cache_key(origin, route, target)
    label = step.target.name or step.target.describe()
    started = time.perf_counter()
    previous: SelectorRecord | None = None
    reason = "discovered"
    if state.get("force_discovery"):
        prior = state.get("records", {}).get(str(index))
        previous = SelectorRecord.model_validate(prior) if prior else None
        reason = "healed"
        logger.info("[CACHE] HEAL: %s -> re-discovering", label)
    else:
        hit = await ctx.cache.lookup(key)
        if hit is not None:
            ok, current, score = await verify(
                page,
                hit.record.locator,
                hit.record.fingerprint,
                step.action,
                settings.fingerprint_threshold,
                settings.step_timeout_s / 2,
            )
            tier = ctx.cache.tier_name(hit.source)
            if ok:
                logger.info(
                    "[CACHE] HIT %s: %s -> %s (%.1f ms)",
                    tier,
                    label,
                    hit.record.locator.short(),
                    hit.elapsed_ms,
                )
                record = hit.record.model_copy(update={"hits": hit.record.hits + 1})
                return {
                    "resolution": {
                        "record": record.model_dump(mode="json"),
                        "cache": hit.source,
                        "resolve_ms": _since(started),
                    },
                    "records": {
                        **state.get("records", {}),
                        str(index): record.model_dump(mode="json"),
                    },
                }
            await ctx.cache.record_drift()
            logger.warning(
                "[CACHE] DRIFT: %s -> %s no longer matches (score %.2f); old %s, new %s",
                label,
                hit.record.selector,
                score,
                hit.record.fingerprint.model_dump_json(),
                current.model_dump_json() if current else "no unique element",
            )
            previous, reason = hit.record, "drift"
        else:
            logger.info("[CACHE] MISS: %s -> running discovery", label)
    try:
        found = await discover(page, step.target, step.action, settings.step_timeout_s, scope=scope)
    except DiscoveryFailed as failed:
        return {
            "resolution": {
                "error_kind": failed.kind,
                "error": failed.message,
                "candidates": failed.candidates,
                "resolve_ms": _since(started),
                **_previous(previous),
            }
        }
    record = SelectorRecord(
        key=key,
        origin=origin,
        route=route,
        target=target,
        selector=found.locator.expr(),
        locator=found.locator,
        strategy=found.strategy,
        fallbacks=found.fallbacks,
        fingerprint=found.fingerprint,
        version=previous.version + 1 if previous else 1,
    )
    await ctx.cache.save(record, reason)
    logger.info(
        "[CACHE] SAVED: %s -> %s (strategy: %s, %.0f ms)",
        label,
        found.locator.short(),
        found.strategy,
        found.elapsed_ms,
    )
    dumped = record.model_dump(mode="json")
    return {
        "resolution": {
            "record": dumped,
            "cache": "discovered",
            "resolve_ms": _since(started),
            **_previous(previous),
        },
        "records": {**state.get("records", {}), str(index): dumped},
        "discoveries": state.get("discoveries", 0) + 1,
    }


def _previous(previous: SelectorRecord | None) -> dict[str, Any]:
    """The record that drifted (or went stale), for the healer's fingerprint and heal event."""
    return {"previous": previous.model_dump(mode="json")} if previous else {}
