"""Runs one requirement through the graph, owning or borrowing the browser and the cache."""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from backend.browser.session import BrowserSession, launch
from backend.errors import RequirementError
from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.models import Requirement, Verdict
from backend.redaction import Redactor, secret_names
from backend.settings import Settings
from backend.storage.base import PlanStore
from backend.storage.cache import SelectorCache
from backend.storage.init import get_storage
from backend.text import safe_name

logger = logging.getLogger(__name__)

#: A safety net only: a run is bounded by its plan, its heal rounds and PACTS_RUN_TIMEOUT_S.
RECURSION_LIMIT = 10_000


def new_run_id(requirement: str) -> str:
    """`20261124-051233-demo_login-3f9c1a`: sortable, readable, unique."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{safe_name(requirement)[:40]}-{uuid.uuid4().hex[:6]}"


def start_url_for(req: Requirement, url_override: str | None, settings: Settings) -> str | None:
    """The page a run opens first: --url, else the requirement's url (relative to the base)."""
    url = url_override or req.url
    if not url:
        return None
    if url.startswith("/"):
        if not settings.base_url:
            raise RequirementError(
                f"requirement {req.name} has the relative url {url!r}",
                why="no base URL is known",
                fix="pass --url http://host:port/..., or set PACTS_BASE_URL",
            )
        return urljoin(settings.base_url.rstrip("/") + "/", url.lstrip("/"))
    if "://" not in url:
        raise RequirementError(
            f"--url {url!r} is not a URL",
            fix="give it with its scheme, e.g. http://127.0.0.1:8000/",
        )
    return url


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
) -> Verdict:
    """Plan, discover, execute, check and judge one requirement; write its run folder.

    A browser session and a cache passed in are borrowed (a suite shares them); otherwise the
    run opens and closes its own.
    """
    start_url = start_url_for(req, url, settings)
    run_id = new_run_id(req.name)
    run_dir = settings.runs_dir / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    log_handler = _RunLog(run_dir).attach()
    started = time.perf_counter()
    async with AsyncExitStack() as stack:
        stack.callback(log_handler.detach)
        session = await _session(stack, settings, session)
        if cache is None:
            storage = await get_storage(settings)
            stack.push_async_callback(storage.close)
            cache, plan_store = storage.selector_cache, plan_store or storage.plan_store
        environ = dict(os.environ if env is None else env)
        ctx = RunContext(
            settings=settings,
            session=session,
            cache=cache,
            run_dir=run_dir,
            env=environ,
            redact=Redactor.for_names(secret_names(req), environ),
            plan_store=plan_store,
        )
        _watch_logs(stack, ctx.redact)
        state = RunState(
            run_id=run_id,
            requirement=req,
            start_url=start_url,
            written_url=req.url,
            force_generate=force_generate,
            stats_baseline=cache.counters(),
        )
        logger.info("Run %s: %s", run_id, req.title or req.name)
        verdict = await _run_graph(state, ctx, on_update)
        verdict.duration_ms = round((time.perf_counter() - started) * 1000, 1)
        (run_dir / "verdict.json").write_text(
            ctx.redact(verdict.model_dump_json(indent=2)) + "\n", encoding="utf-8"
        )
        _write_report(verdict, run_dir, ctx)
        if settings.trace:
            await session.stop_trace(str(run_dir / "trace.zip"))
    return verdict


async def _session(
    stack: AsyncExitStack, settings: Settings, session: BrowserSession | None
) -> BrowserSession:
    """A fresh page on the borrowed browser, or a browser of the run's own (closed after)."""
    if session is not None:
        await session.fresh_page(trace=settings.trace)
        return session
    own = await launch(settings, trace=settings.trace)
    stack.push_async_callback(own.close)
    return own


async def _run_graph(state: RunState, ctx: RunContext, on_update: OnUpdate | None) -> Verdict:
    """Stream the graph to its end (node updates feed `on_update`); a run over time is ERROR."""
    from backend.graph.build import build_graph

    graph = build_graph()
    final: dict[str, Any] = {}

    async def stream() -> None:
        async for mode, chunk in graph.astream(
            state,
            context=ctx,
            config={"recursion_limit": RECURSION_LIMIT},
            stream_mode=["updates", "values"],
        ):
            data: dict[str, Any] = dict(chunk)  # type: ignore[arg-type]
            if mode == "values":
                final.update(data)
            elif on_update is not None:
                for node, update in data.items():
                    on_update(node, update or {})

    try:
        await asyncio.wait_for(stream(), timeout=ctx.settings.run_timeout_s)
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
    verdict = final.get("verdict")
    assert isinstance(verdict, Verdict), "the graph ended without a verdict"
    return verdict


def _watch_logs(stack: AsyncExitStack, redact: Redactor) -> None:
    """Mask secrets in every log line while the run lasts."""
    redactor = _Redactor(redact)
    for handler in _handlers():
        handler.addFilter(redactor)

    def remove() -> None:
        for handler in _handlers():
            handler.removeFilter(redactor)

    stack.callback(remove)


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


class _RunLog(logging.FileHandler):
    """`runs/<id>/run.log`: at least the progress lines, whatever the console shows."""

    def __init__(self, run_dir: Path) -> None:
        super().__init__(run_dir / "run.log", encoding="utf-8")
        self.setLevel(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self._logger = logging.getLogger("backend")
        self._previous_level = self._logger.level

    def attach(self) -> _RunLog:
        if self._logger.getEffectiveLevel() > logging.INFO:
            self._logger.setLevel(logging.INFO)
        self._logger.addHandler(self)
        return self

    def detach(self) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._previous_level)
        self.close()
