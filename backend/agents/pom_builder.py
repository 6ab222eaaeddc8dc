"""POMBuilder node: a verified selector for the current step's target (cache, then discovery)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backend.actions import spec_for
from backend.discovery.fingerprints import verify
from backend.discovery.menus import menu_entry
from backend.graph.context import RunContext
from backend.graph.state import Resolved, RunState, Unresolved
from backend.models import Fingerprint, LocatorCall, SelectorRecord, Step, Target
from backend.storage.base import cache_key, route_template
from backend.storage.cache import CacheHit
from backend.telemetry.phases import phase

if TYPE_CHECKING:
    from langgraph.runtime import Runtime

logger = logging.getLogger(__name__)


def needs_discovery(step: Step) -> bool:
    """Whether the step acts on one element that discovery must find."""
    return spec_for(step.action).needs_element(step.target is not None)


def cached_target(step: Step, scope: tuple[LocatorCall, ...]) -> str:
    """The target part of the cache key: inside a frame, the frame's selector is part of it,
    so an element in a frame and one of the same description outside never share a record."""
    assert step.target is not None
    target = step.target.canonical()
    if scope:
        target += "|frame=" + " >> ".join(str(c.args[0]) for c in scope)
    return target


@dataclass
class Lookup:
    """Where the step's element is looked up: the cache key and its parts."""

    step: Step
    scope: tuple[LocatorCall, ...]
    origin: str
    route: str
    target: str
    key: str
    label: str
    started: float

    def elapsed_ms(self) -> float:
        return round((time.perf_counter() - self.started) * 1000, 1)


async def pom_builder(state: RunState, runtime: Runtime[RunContext]) -> dict[str, Any]:
    """Resolve the target of the step about to run, on the page as it is now."""
    ctx = runtime.context
    assert state.plan is not None
    step = state.plan.steps[state.index]
    as_tab = await page_tab(ctx.session.page, step)
    if as_tab is None:  # 'choose "City"' after opening a dropdown: a click on its entry
        as_tab = await menu_entry(ctx.session.page, step)
    if as_tab is not None:  # the step is read again as what it means on this page
        steps = [*state.plan.steps[: state.index], as_tab, *state.plan.steps[state.index + 1 :]]
        plan = state.plan.model_copy(update={"steps": steps})
        logger.info("[PLAN] %s -> %s", step.label(), as_tab.label())
        return {**await pom_builder(state.model_copy(update={"plan": plan}), runtime), "plan": plan}
    if not needs_discovery(step):
        return {"resolution": None}
    lookup = _lookup(ctx, step, tuple(state.frame))
    previous: SelectorRecord | None = None
    reason = "discovered"
    if state.force_discovery:
        previous, reason = state.records.get(state.index), "healed"
        logger.info("[CACHE] HEAL: %s -> re-discovering", lookup.label)
    else:
        page_state = ctx.session.documents
        hit = await _cached(ctx, lookup, state.verified.get(lookup.key) == page_state)
        if isinstance(hit, Resolved):
            return {
                "resolution": hit,
                "records": {**state.records, state.index: hit.record},
                "verified": {**state.verified, lookup.key: page_state},
            }
        if hit is not None:
            previous, reason = hit, "drift"
    resolution = await _discover(ctx, lookup, previous, reason)
    update: dict[str, Any] = {"resolution": resolution}
    if isinstance(resolution, Resolved):
        update["records"] = {**state.records, state.index: resolution.record}
        update["discoveries"] = state.discoveries + 1
        update["verified"] = {**state.verified, lookup.key: ctx.session.documents}
    return update


async def page_tab(page: Any, step: Step) -> Step | None:
    """`Switch to the Team tab` with one window open and a tab widget on the page that has a
    "Team" tab: a click on that tab (the planner cannot tell a window's tab from a widget's)."""
    target = step.target
    if step.action != "switch_tab" or target is None or not target.name.strip():
        return None
    if len(page.context.pages) != 1:
        return None
    if await page.get_by_role("tab", name=target.name, exact=True).count() != 1:
        return None
    return step.model_copy(
        update={"action": "click", "target": Target(kind="tab", name=target.name)}
    )


def _lookup(ctx: RunContext, step: Step, scope: tuple[LocatorCall, ...]) -> Lookup:
    assert step.target is not None
    origin, route = route_template(ctx.session.page.url, ctx.redact.values)
    target = cached_target(step, scope)
    label = step.target.name or step.target.describe()
    key = cache_key(origin, route, target)
    return Lookup(step, scope, origin, route, target, key, label, time.perf_counter())


async def _cached(ctx: RunContext, lookup: Lookup, fresh: bool) -> Resolved | SelectorRecord | None:
    """A verified cache hit; the record that drifted (to re-discover); or None on a miss.
    `fresh`: this run verified the record on the page as it is (no navigation since)."""
    with phase("cache lookup"):
        hit = await ctx.cache.lookup(lookup.key)
    if hit is None:
        logger.info("[CACHE] MISS: %s -> running discovery", lookup.label)
        return None
    if fresh:
        return _hit(ctx, lookup, hit)
    with phase("verify round trip (cache hit)"):
        ok, current, score = await _verify_hit(ctx, lookup, hit)
    if not ok:
        await ctx.cache.record_drift()
        logger.warning(
            "[CACHE] DRIFT: %s -> %s no longer matches (score %.2f); old %s, new %s",
            lookup.label,
            hit.record.selector,
            score,
            hit.record.fingerprint.model_dump_json(),
            current.model_dump_json() if current else "no unique element",
        )
        return hit.record
    return _hit(ctx, lookup, hit)


async def _verify_hit(
    ctx: RunContext, lookup: Lookup, hit: CacheHit
) -> tuple[bool, Fingerprint | None, float]:
    """Check the cached element on the page, for half the step's time. When nothing matched
    while the page kept fetching (a single-page app still filling its lists: JupyterLab's
    file browser on a loaded machine), the element is late, not drifted: the other half too."""
    settings, session = ctx.settings, ctx.session
    requests = session.requests_started
    assert lookup.step.target is not None
    nameless = not lookup.step.target.name.strip()
    check = (
        hit.record.locator,
        hit.record.fingerprint,
        lookup.step.action,
        settings.fingerprint_threshold,
        settings.step_timeout_s / 2,
    )
    ok, current, score = await verify(session.page, *check, nameless=nameless)
    if not ok and current is None and session.requests_started > requests:
        logger.info("[CACHE] LATE: %s -> the page is still loading; waiting", lookup.label)
        ok, current, score = await verify(session.page, *check, nameless=nameless)
    return ok, current, score


def _hit(ctx: RunContext, lookup: Lookup, hit: CacheHit) -> Resolved:
    tier = ctx.cache.tier_name(hit.source)
    short = hit.record.locator.short()
    logger.info("[CACHE] HIT %s: %s -> %s (%.1f ms)", tier, lookup.label, short, hit.elapsed_ms)
    record = hit.record.model_copy(update={"hits": hit.record.hits + 1})
    return Resolved(record=record, cache=hit.source, resolve_ms=lookup.elapsed_ms())


async def _discover(
    ctx: RunContext, lookup: Lookup, previous: SelectorRecord | None, reason: str
) -> Resolved | Unresolved:
    """Discovery on the live page; the record is saved to every tier before it is used."""
    # imported here: a warm run whose every selector is a verified cache hit needs no
    # discovery, and its import is on the critical path of the start (issue 15)
    from backend.discovery.engine import DiscoveryFailed, discover

    step = lookup.step
    assert step.target is not None
    timeout = ctx.settings.step_timeout_s
    page = ctx.session.page
    try:
        found = await discover(
            page, step.target, step.action, timeout, scope=lookup.scope, value=step.value
        )
    except DiscoveryFailed as failed:
        return Unresolved(
            error_kind=failed.kind,
            error=failed.message,
            candidates=failed.candidates,
            resolve_ms=lookup.elapsed_ms(),
            previous=previous,
        )
    record = SelectorRecord(
        key=lookup.key,
        origin=lookup.origin,
        route=lookup.route,
        target=lookup.target,
        selector=found.locator.expr(),
        locator=found.locator,
        strategy=found.strategy,
        fallbacks=found.fallbacks,
        fingerprint=found.fingerprint.checked(ctx.redact),
        version=previous.version + 1 if previous else 1,
    )
    await ctx.cache.save(record, reason)
    logger.info(
        "[CACHE] SAVED: %s -> %s (strategy: %s, %.0f ms)",
        lookup.label,
        found.locator.short(),
        found.strategy,
        found.elapsed_ms,
    )
    if found.note:
        logger.info("[DISCOVERY] %s: %s", lookup.label, found.note)
    return Resolved(
        record=record,
        cache="discovered",
        resolve_ms=lookup.elapsed_ms(),
        previous=previous,
        note=found.note,
        candidates=found.candidates if found.note else [],
    )
