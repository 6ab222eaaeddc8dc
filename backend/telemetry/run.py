"""One run's telemetry: the recorder the hooks add to, the verdict's figures, the LangSmith tracer.

The runner calls `RunTelemetry.start()` before the graph, `finish(verdict, cache)` once the
verdict is known and `end()` in its `finally`; nothing else in the run knows about metrics.
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import Token
from typing import Any

from backend.models import Verdict
from backend.settings import Settings
from backend.storage.cache import SelectorCache
from backend.telemetry.hooks import activate, deactivate
from backend.telemetry.metrics import HEALS, LLM_COST, LLM_TOKENS, RUNS, STEP_DURATION, Recorder
from backend.telemetry.store import redis_totals, sql_telemetry
from backend.telemetry.tracing import LangSmithTracing, start_tracing

logger = logging.getLogger(__name__)

#: Seconds the end of a run may spend writing its metrics before giving up on them.
WRITE_TIMEOUT_S = 5.0
#: Steps kept in a run's summary (the slowest), for the dashboard.
SUMMARY_STEPS = 50


def record_verdict(recorder: Recorder, verdict: Verdict) -> None:
    """The run's counters and histograms, from its verdict."""
    recorder.inc(RUNS, {"verdict": verdict.verdict, "root_cause": verdict.root_cause or "none"})
    for step in verdict.steps:
        if step.status != "skipped":
            recorder.observe(STEP_DURATION, step.duration_ms / 1000, {"action": step.step.action})
    for event in verdict.evidence.get("heal_events") or []:
        recorder.inc(HEALS, {"outcome": str(event.get("outcome", "unknown"))})
    usage = verdict.planner
    if usage is not None and usage.calls:
        recorder.inc(LLM_TOKENS, {"kind": "input"}, float(usage.input_tokens))
        recorder.inc(LLM_TOKENS, {"kind": "output"}, float(usage.output_tokens))
        recorder.inc(LLM_COST, None, float(usage.cost_usd))


def run_row(verdict: Verdict) -> dict[str, Any]:
    """The run as the dashboard lists it: verdict, cache figures, its steps' times."""
    cache = verdict.cache
    steps = [
        {
            "index": s.index + 1,
            "action": s.step.action,
            "source": s.step.source or s.step.label(),
            "ms": round(s.duration_ms, 1),
            "status": s.status,
            "cache": s.cache,
        }
        for s in verdict.steps
    ]
    steps.sort(key=lambda s: -float(s["ms"]))
    return {
        "run_id": verdict.run_id,
        "requirement": verdict.requirement,
        "verdict": verdict.verdict,
        "root_cause": verdict.root_cause,
        "started_at": verdict.started_at,
        "duration_ms": verdict.duration_ms,
        "summary": {
            "hits": int(cache.get("redis_hits", 0)) + int(cache.get("postgres_hits", 0)),
            "misses": int(cache.get("misses", 0)),
            "drift": int(cache.get("drift", 0)),
            "heals": sum(1 for s in verdict.steps if s.healed),
            "discoveries": verdict.discoveries,
            "cost_usd": verdict.planner.cost_usd if verdict.planner else 0.0,
            "run_dir": verdict.run_dir,
            "explanation": verdict.explanation[:300],
            "steps": steps[:SUMMARY_STEPS],
        },
    }


class RunTelemetry:
    """What one run reports: started before the graph, finished with the verdict."""

    def __init__(self, recorder: Recorder, token: Token[Recorder | None]) -> None:
        self.recorder = recorder
        self._token: Token[Recorder | None] | None = token
        self.tracing: LangSmithTracing | None = None

    @classmethod
    def start(cls, settings: Settings, run_id: str, requirement: str) -> RunTelemetry:
        """Make a recorder current for this run, and a LangSmith tracer when a key is set."""
        recorder = Recorder()
        telemetry = cls(recorder, activate(recorder))
        telemetry.tracing = start_tracing(settings, run_id, requirement)
        return telemetry

    @property
    def callbacks(self) -> list[Any]:
        """LangChain callbacks for `graph.ainvoke` (the LangSmith tracer, when on)."""
        return self.tracing.callbacks if self.tracing is not None else []

    async def finish(self, verdict: Verdict, cache: SelectorCache) -> None:
        """Write the run's metrics and summary to the shared tier; never raises."""
        record_verdict(self.recorder, verdict)
        batch = self.recorder.take()
        try:
            await asyncio.wait_for(_write(cache, batch, run_row(verdict)), WRITE_TIMEOUT_S)
        except Exception as exc:
            # A tier that is down was already reported once by the cache.
            level = logging.DEBUG if cache.skipped else logging.WARNING
            logger.log(level, "metrics of run %s were not recorded: %s", verdict.run_id, exc)
        if self.tracing is not None:
            tracing, self.tracing = self.tracing, None
            await tracing.close()

    async def end(self) -> None:
        """Stop collecting, and close the tracer if the run ended before its verdict."""
        if self._token is not None:
            deactivate(self._token)
            self._token = None
        if self.tracing is not None:
            tracing, self.tracing = self.tracing, None
            await tracing.close()


async def _write(cache: SelectorCache, batch: dict[str, float], row: dict[str, Any]) -> None:
    """Increments to Redis when it is the fast tier (else the persistent tier); the run's
    summary to the persistent tier."""
    sql = sql_telemetry(cache)
    fast = redis_totals(cache)
    written = False
    if batch and fast is not None and "redis" not in cache.skipped:
        try:
            await fast.add(batch)
            written = True
        except Exception as exc:
            logger.debug("metrics go to the persistent tier: redis failed: %s", exc)
    if batch and not written and sql is not None:
        await sql.add(batch)
    if sql is not None and sql.name not in cache.skipped:
        await sql.add_run(row)
