"""Runs one requirement through the graph, owning or borrowing the browser and the cache."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
import traceback
import uuid
from collections.abc import Callable, Coroutine, Mapping
from contextlib import AsyncExitStack
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backend.browser.session import BrowserSession, launch
from backend.browser.trace import strip_trace
from backend.browser.trace_scope import untraced
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import Requirement, Retry, Verdict
from backend.planning.loader import start_url_for
from backend.secrets import Redactor, environment, redact_model, secret_names
from backend.settings import Settings
from backend.storage.base import PlanStore
from backend.storage.cache import SelectorCache
from backend.storage.init import get_storage
from backend.telemetry.hooks import paused
from backend.telemetry.phases import phase
from backend.telemetry.run import RunTelemetry
from backend.text import safe_name

logger = logging.getLogger(__name__)


def new_run_id(requirement: str) -> str:
    """`20261124-051233-demo_login-3f9c1a`: sortable, readable, unique."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{safe_name(requirement)[:40]}-{uuid.uuid4().hex[:6]}"


#: Called with (node name, its partial state update) after each node: the progress line.
OnUpdate = Callable[[str, dict[str, Any]], None]


async def run_requirement(
    req: Requirement,
    settings: Settings,
    *,
    url: str | None = None,
    session: BrowserSession | None = None,
    cache: SelectorCache | None = None,
    env: Mapping[str, str] | None = None,
    force_generate: bool = False,
    plan_store: PlanStore | None = None,
    on_update: OnUpdate | None = None,
    later: Later | None = None,
) -> Verdict:
    """Plan, discover, execute, check and judge one requirement; write its run folder.

    A browser session and a cache passed in are borrowed (a suite shares them); otherwise the
    run opens and closes its own. `later` (a suite's, with a borrowed cache): the run folder's
    files and the run's metrics are written there while the browser goes on to the next
    requirement; the caller awaits `later.wait()` before closing the cache.
    """
    if cache is None:
        later = None  # the run's own storage closes when it returns: nothing may outlive it
    with phase("run_requirement (whole)"):
        return await _run_requirement(
            req, settings, url, session, cache, env, force_generate, plan_store, on_update, later
        )


class Later:
    """What a suite lets finish while its browser moves on: each run's files and metrics
    (issue 15: the next requirement's context opens meanwhile). `wait()` raises the first
    failure once every one has ended, so no file is left unwritten behind another's error."""

    def __init__(self) -> None:
        self._tasks: list[asyncio.Future[None]] = []

    async def add(self, work: Coroutine[Any, Any, None]) -> None:
        """Start `work` (it ends on its own; `wait()` collects it)."""
        self._tasks.append(asyncio.ensure_future(work))

    async def wait(self) -> None:
        tasks, self._tasks = self._tasks, []
        for result in await asyncio.gather(*tasks, return_exceptions=True):
            if isinstance(result, BaseException):
                raise result


async def _run_requirement(
    req: Requirement,
    settings: Settings,
    url: str | None,
    session: BrowserSession | None,
    cache: SelectorCache | None,
    env: Mapping[str, str] | None,
    force_generate: bool,
    plan_store: PlanStore | None,
    on_update: OnUpdate | None,
    later: Later | None,
) -> Verdict:
    start_url = start_url_for(req, url, settings)
    run_id = new_run_id(req.name)
    run_dir = settings.runs_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # `files` holds run.log and the log masks: closed once the run's files are written (by
    # `later` in a suite), or here when the run stops before it has any
    async with AsyncExitStack() as files, AsyncExitStack() as stack:
        _RunLog(run_dir).attach(files, stack)
        with phase("telemetry start"):
            telemetry = RunTelemetry.start(settings, run_id, req.name)
        stack.push_async_callback(telemetry.end)
        with phase("fresh context + page (+ trace start)"):
            session = await _session(stack, settings, session)
        if cache is None:
            storage = await get_storage(settings)
            stack.push_async_callback(storage.close)
            cache, plan_store = storage.selector_cache, plan_store or storage.plan_store
        environ = environment() if env is None else dict(env)  # .env under the environment
        ctx = RunContext(
            settings=settings,
            session=session,
            cache=cache,
            run_dir=run_dir,
            env=environ,
            redact=Redactor.for_names(secret_names(req), environ),
            plan_store=plan_store,
        )
        _watch_logs(files, ctx.redact)
        state = RunState(
            run_id=run_id,
            requirement=req,
            start_url=start_url,
            written_url=req.url,
            force_generate=force_generate,
            stats_baseline=cache.counters(),
        )
        logger.info("Run %s: %s", run_id, req.title or req.name)
        verdict = await _run_graph(state, ctx, on_update, telemetry.callbacks)
        verdict.duration_ms = round((time.perf_counter() - started) * 1000, 1)
        if settings.trace == "on-first-retry" and verdict.worth_a_retry():
            with phase("traced re-run (on-first-retry)"):
                verdict = await _with_retry(verdict, state, ctx, on_update)
        verdict = await _end_run(verdict, ctx)
        written = _write_run(verdict, ctx, telemetry, files.pop_all(), later is not None)
        # a suite's `later` writes them while the browser goes on; a lone run waits for them
        await (later.add(written) if later is not None else written)
    return verdict


async def _end_run(verdict: Verdict, ctx: RunContext) -> Verdict:
    """The verdict as written (redacted, as --json, JUnit and the console print it), with the
    first attempt's trace stopped (and kept, stripped, on failure or always): the browser's
    part of the run's end, before the next run takes the browser."""
    if ctx.redact.values:  # with no secret the verdict is its own redaction
        verdict = redact_model(verdict, ctx.redact)
    trace = ctx.settings.trace
    if _first_traced(ctx.settings):
        keep = trace == "on" or verdict.verdict != "PASS"
        run_dir = ctx.run_dir
        with phase("trace stop (+ save when kept)"):
            await ctx.session.stop_trace(str(run_dir / "trace.zip") if keep else None)
        if keep:
            with phase("trace strip"):
                strip_trace(run_dir / "trace.zip", ctx.redact.values)
    return verdict


async def _write_run(
    verdict: Verdict,
    ctx: RunContext,
    telemetry: RunTelemetry,
    files: AsyncExitStack,
    threaded: bool,
) -> None:
    """verdict.json, report.html (after the trace: it links it), the run's metrics, then
    run.log; `threaded`: the files from a thread, while the event loop drives the browser."""
    async with files:
        if ctx.final_shot is not None and await ctx.final_shot is None:
            _without_final_shot(verdict)  # it could not be taken: the files name none
        with phase("verdict.json + report.html"):
            if threaded:
                await asyncio.to_thread(_write_files, verdict, ctx)
            else:
                _write_files(verdict, ctx)
        with phase("telemetry finish"):
            await telemetry.finish(verdict, ctx.cache)


def _without_final_shot(verdict: Verdict) -> None:
    verdict.evidence.pop("screenshot", None)
    if verdict.steps:
        verdict.steps[-1].screenshot = None


def _write_files(verdict: Verdict, ctx: RunContext) -> None:
    (ctx.run_dir / "verdict.json").write_text(
        verdict.model_dump_json(indent=2) + "\n", encoding="utf-8"
    )
    _write_report(verdict, ctx.run_dir, ctx)


def _first_traced(settings: Settings) -> bool:
    """Whether the first attempt records a trace (on-first-retry traces only the re-run)."""
    return settings.trace in ("on", "retain-on-failure")


#: The folder of the traced re-run's own files, inside the run folder.
RETRY_DIR = "retry"


async def _with_retry(
    verdict: Verdict, state: RunState, ctx: RunContext, on_update: OnUpdate | None
) -> Verdict:
    """The first attempt's verdict, with what its traced re-run saw (the verdict, its cause and
    the exit code stay the first attempt's: a failure is never hidden)."""
    what = f"{verdict.verdict} ({verdict.root_cause})" if verdict.root_cause else verdict.verdict
    logger.info("  %s: re-running once with the trace on (PACTS_TRACE=on-first-retry)", what)
    if on_update is not None:
        on_update("retry", {"retry": True})
    try:
        retry = await _retry(state, ctx, on_update)
    except Exception as exc:  # the browser died between the attempts: keep the first verdict
        logger.warning("the traced re-run could not run: %s", ctx.redact(str(exc)))
        return verdict
    logger.info("  %s", retry.sentence())
    explanation = f"{verdict.explanation} {retry.sentence()}".strip()
    return verdict.model_copy(update={"retry": retry, "explanation": explanation})


async def _retry(state: RunState, ctx: RunContext, on_update: OnUpdate | None) -> Retry:
    """Run the requirement again in a fresh, traced context, as retain-on-failure traces a run:
    its screenshots go to `retry/`, its trace (stripped of secrets) to the run folder's
    trace.zip. It writes no test and is no second run for telemetry or the run history."""
    retry_dir = ctx.run_dir / RETRY_DIR
    retry_dir.mkdir(parents=True, exist_ok=True)
    settings = ctx.settings.model_copy(
        update={"trace": "retain-on-failure", "screenshots_dir": retry_dir}
    )
    rctx = dataclasses.replace(ctx, settings=settings, run_dir=retry_dir)
    again = RunState(
        run_id=state.run_id,
        requirement=state.requirement,
        start_url=state.start_url,
        written_url=state.written_url,
        retry=True,
        stats_baseline=ctx.cache.counters(),
    )
    started = time.perf_counter()
    trace = ctx.run_dir / "trace.zip"
    try:
        await ctx.session.fresh_page(trace=True)
        with paused():
            verdict = await _run_graph(again, rctx, on_update, [])
    finally:
        await ctx.session.stop_trace(str(trace))
    kept = strip_trace(trace, ctx.redact.values)
    shots = [s.screenshot for s in verdict.steps if s.screenshot]
    return Retry(
        verdict=verdict.verdict,
        root_cause=verdict.root_cause,
        explanation=verdict.explanation,
        failing_step=verdict.failing_step,
        passed=verdict.verdict == "PASS",
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
        run_dir=str(retry_dir),
        trace=str(trace) if kept else None,
        screenshots=list(dict.fromkeys(shots)),
    )


async def _session(
    stack: AsyncExitStack, settings: Settings, session: BrowserSession | None
) -> BrowserSession:
    """A fresh page on the borrowed browser, or a browser of the run's own (closed after)."""
    if session is not None:
        await session.fresh_page(trace=_first_traced(settings))
        return session
    own = await launch(settings, trace=_first_traced(settings))
    stack.push_async_callback(own.close)
    return own


_GRAPH: list[Any] = []


def compiled_graph() -> Any:
    """The LangGraph graph, compiled once per process (a suite's runs share it; it holds no
    state). Only a run with LangChain callbacks (LangSmith tracing) streams through it."""
    if not _GRAPH:
        with phase("langgraph import + compile"):
            from backend.graph.build import build_graph

            _GRAPH.append(build_graph())
    return _GRAPH[0]


def load_nodes() -> None:
    """Import what a run loads on first use: the agents, the planner, the report template (a
    suite does it in a thread while the browser launches, off the critical path)."""
    import backend.reports.html
    from backend.graph.build import nodes

    nodes()
    backend.reports.html.preload()


async def _stream_langgraph(
    state: RunState, ctx: RunContext, limit: int, on_update: OnUpdate | None, callbacks: list[Any]
) -> dict[str, Any]:
    """The run through LangGraph's own loop (node updates feed `on_update`): its final values."""
    final: dict[str, Any] = {}
    async for mode, chunk in compiled_graph().astream(
        state,
        context=ctx,
        config={"recursion_limit": limit, "callbacks": callbacks},
        stream_mode=["updates", "values"],
    ):
        data: dict[str, Any] = dict(chunk)
        if mode == "values":
            final.update(data)
        elif on_update is not None:
            for node, update in data.items():
                on_update(node, update or {})
    return final


async def _run_graph(
    state: RunState, ctx: RunContext, on_update: OnUpdate | None, callbacks: list[Any]
) -> Verdict:
    """Walk the graph to its end (node updates feed `on_update`); a run over time is ERROR.

    Without callbacks `drive()` walks it (no LangGraph import); LangSmith tracing needs
    LangGraph's callbacks, so a traced run streams through the compiled graph.
    """
    from backend.graph.build import drive, recursion_limit

    limit = recursion_limit(ctx.settings.max_steps, ctx.settings.max_heal_rounds)
    final: dict[str, Any] = {}

    async def walk() -> None:
        with _trace_scope(ctx.settings):
            await steps()

    async def steps() -> None:
        if callbacks:
            final.update(await _stream_langgraph(state, ctx, limit, on_update, callbacks))
        else:
            final.update(dict(await drive(state, ctx, limit, on_update)))

    ctx.cache.redact = ctx.redact  # nothing the cache logs or stores carries a secret
    try:
        with phase("graph run (all nodes)"):
            await asyncio.wait_for(walk(), timeout=ctx.settings.run_timeout_s)
    except TimeoutError:
        return Verdict(
            run_id=state.run_id,
            requirement=state.requirement.name,
            verdict="ERROR",
            root_cause="timeout",
            explanation="the run took longer than "
            f"PACTS_RUN_TIMEOUT_S={ctx.settings.run_timeout_s:g}s",
            run_dir=str(ctx.run_dir),
        )
    except Exception as exc:  # issue 14: any fault inside the graph still ends as a verdict
        return crashed_verdict(state.run_id, state.requirement.name, ctx.run_dir, exc, ctx.redact)
    finally:
        ctx.cache.redact = None
    verdict = final.get("verdict")
    assert isinstance(verdict, Verdict), "the graph ended without a verdict"
    return verdict


def _trace_scope(settings: Settings) -> contextlib.AbstractContextManager[None]:
    """The trace a run keeps only on failure records the steps' actions, not PACTS's own looks
    at the page (backend/browser/trace_scope.py); `--evidence full` records every call."""
    return untraced() if settings.trace == "retain-on-failure" else contextlib.nullcontext()


def _watch_logs(stack: AsyncExitStack, redact: Redactor) -> None:
    """Mask secrets in every log line until the run's files are written."""
    redactor = _Redactor(redact)
    handlers = _handlers()
    for handler in handlers:
        handler.addFilter(redactor)

    def remove() -> None:
        for handler in handlers:
            handler.removeFilter(redactor)

    stack.callback(remove)


def crashed_verdict(
    run_id: str, requirement: str, run_dir: Path, exc: BaseException, redact: Callable[[str], str]
) -> Verdict:
    """The ERROR verdict of a run that a fault inside the graph stopped (logged with -v)."""
    trace_text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    logger.debug("the run stopped on an unexpected error:\n%s", redact(trace_text))
    first = (redact(str(exc)).strip().splitlines() or [""])[0][:300]
    what = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return Verdict(
        run_id=run_id,
        requirement=requirement,
        verdict="ERROR",
        root_cause="environment_error",
        explanation=redact(
            f"the run stopped on an unexpected error ({what}). Next: rerun with -v to see "
            "where, and report it if it happens again."
        ),
        run_dir=str(run_dir),
    )


def _write_report(verdict: Verdict, run_dir: Path, ctx: RunContext) -> None:
    """`report.html` next to verdict.json; a report that fails to render never fails the run."""
    from backend.reports.html import write_report

    try:
        write_report(verdict, run_dir, ctx.redact)
    except Exception as exc:
        logger.warning("report.html was not written: %s", exc)


class _Redactor(logging.Filter):
    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self._redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self._redact(record.getMessage())
        record.args = None
        return True


def _handlers() -> list[logging.Handler]:
    """Every handler a PACTS log line can reach: the run log and the CLI's console."""
    return [*logging.getLogger("backend").handlers, *logging.getLogger().handlers]


#: The run log of the run a line is logged in: a suite's runs overlap (one's files are still
#: being written while the next runs), and each line goes to its own run's log.
_RUN_LOG: ContextVar[_RunLog | None] = ContextVar("pacts_run_log", default=None)
#: How many run logs are attached, and the `backend` logger's level before the first.
_HELD = {"count": 0, "level": logging.NOTSET}


class _RunLog(logging.FileHandler):
    """`runs/<id>/run.log`: at least the progress lines, whatever the console shows, each on
    disk as it is logged (a run killed mid-way keeps its log), and only this run's lines."""

    def __init__(self, run_dir: Path) -> None:
        super().__init__(run_dir / "run.log", encoding="utf-8")
        self.setLevel(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self._logger = logging.getLogger("backend")

    def emit(self, record: logging.LogRecord) -> None:
        owner = _RUN_LOG.get()
        if owner is None or owner is self:
            super().emit(record)  # else another run's line

    def attach(self, files: AsyncExitStack, run: AsyncExitStack) -> None:
        """Log the run's lines; `run` ends the run's context, `files` closes the log once the
        run's files are written."""
        if _HELD["count"] == 0:
            _HELD["level"] = self._logger.level
        _HELD["count"] += 1
        if self._logger.getEffectiveLevel() > logging.INFO:
            self._logger.setLevel(logging.INFO)
        self._logger.addHandler(self)
        run.callback(_RUN_LOG.reset, _RUN_LOG.set(self))
        files.callback(self._detach)

    def _detach(self) -> None:
        self._logger.removeHandler(self)
        _HELD["count"] -= 1
        if _HELD["count"] == 0:
            self._logger.setLevel(_HELD["level"])
        self.close()
