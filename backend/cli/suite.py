"""`pacts test` over one or many requirements: one browser and one cache for all of them, a
fresh browser context for each run (as pytest-playwright shares a browser per session). Each
run's files are written while the browser goes on to the next run (runner.py's `Later`), and
the last ones while the browser closes."""

from __future__ import annotations

import asyncio
import gc
from typing import TYPE_CHECKING, Any

from backend.errors import UsageError
from backend.models import Requirement, Verdict
from backend.settings import Settings

if TYPE_CHECKING:
    from backend.browser.driver import EarlyLaunch


def select_requirements(
    settings: Settings,
    refs: tuple[str, ...],
    text: str | None,
    url: str | None,
    every: bool,
    tags: tuple[str, ...],
    name: str | None = None,
) -> list[Requirement]:
    """The requirements a `pacts test` names: --req (repeatable), --all [--tags], or --text
    (named by --name, else by its words)."""
    from backend.planning.loader import (
        available,
        find_requirement,
        load_requirement,
        requirement_from_text,
        text_name,
    )

    if sum((bool(refs), text is not None, every)) != 1:
        raise UsageError(
            'give exactly one of --req NAME|PATH (repeatable), --all or --text "..."',
            fix="see pacts test --help",
        )
    if text is not None:
        if not url:
            raise UsageError(
                "--text needs --url", fix="pass the page to start on: --url https://..."
            )
        return [
            requirement_from_text(text, url, text_name(text, name), settings.max_requirement_bytes)
        ]
    if name is not None:
        raise UsageError("--name is for --text runs", fix="a requirement file is named by its file")
    if every:
        refs = tuple(available(settings.requirements_dir))
        if not refs:
            raise UsageError(
                f"no requirements in {settings.requirements_dir}", fix="add a .md file there"
            )
    chosen = [
        load_requirement(
            find_requirement(r, settings.requirements_dir), settings.max_requirement_bytes
        )
        for r in refs
    ]
    if tags:
        chosen = [r for r in chosen if set(tags) & set(r.tags)]
        if not chosen:
            raise UsageError(f"no requirement has the tag(s) {', '.join(tags)}", fix="check --tags")
    return chosen


async def run_suite(
    settings: Settings,
    requirements: list[Requirement],
    *,
    url: str | None,
    loops: int,
    force: bool,
    progress: Any = None,
    driver: asyncio.Future[Any] | None = None,
    early: EarlyLaunch | None = None,
) -> list[Verdict]:
    """Each requirement `loops` times, in order, on one browser and one cache.

    Chromium boots while this process imports the runner and agents in a thread and opens
    the cache. `driver`, `early`: Playwright already starting and a browser launched on it
    before the settings were read (cli/testrun.py), stopped or closed on an early stop.
    """
    run_requirement, later, storage, session = await _open(settings, driver, early)
    imports_done()
    verdicts: list[Verdict] = []
    try:
        runs = requirements * loops
        for i, req in enumerate(runs):
            session.spares = i < len(runs) - 1  # the next run's page opens while this one runs
            if progress is not None:
                progress.line.start(req.title or req.name)
            verdicts.append(
                await run_requirement(
                    req,
                    settings,
                    url=url,
                    session=session,
                    cache=storage.selector_cache,
                    force_generate=force,
                    plan_store=storage.plan_store,
                    on_update=progress.line.update if progress is not None else None,
                    later=later,
                )
            )
    finally:
        await _close(later, storage, session)
    return verdicts


async def _open(
    settings: Settings, driver: asyncio.Future[Any] | None, early: EarlyLaunch | None
) -> tuple[Any, Any, Any, Any]:
    """The runner, its `Later`, the storage and the browser session of a suite, opened
    together."""
    from backend.browser.session import launch
    from backend.telemetry.phases import mark_since_start, phase

    mark_since_start("process start to the launch call")
    launching = asyncio.ensure_future(launch(settings, page=False, driver=driver, early=early))
    try:
        with phase("imports + storage open (browser launching)"):
            run_requirement, later = await asyncio.to_thread(_load_runner)
            from backend.storage.init import get_storage

            storage = await get_storage(settings)
    except BaseException:
        await _discard(launching)
        raise
    try:
        with phase("browser launch (the wait left)"):
            session = await launching
    except BaseException:
        await storage.close()
        raise
    return run_requirement, later, storage, session


def imports_done() -> None:
    """The cyclic garbage collector back on, past the objects the imports made (`gc.freeze`):
    `pacts test` runs its imports (pydantic, the runner, the agents: some 100,000 objects and
    next to no garbage) with it off, and later collections need not walk them again."""
    gc.freeze()
    gc.enable()


async def _close(later: Any, storage: Any, session: Any) -> None:
    """The runs' last files and metrics, then the cache, while the browser closes (it has no
    part in them); every file is written, even when the suite stopped on an error."""
    from backend.telemetry.phases import phase

    async def files_then_storage() -> None:
        try:
            with phase("run files still writing"):
                await later.wait()
        finally:
            with phase("storage close"):
                await storage.close()

    async def browser() -> None:
        with phase("browser close"):
            await session.close()

    for result in await asyncio.gather(files_then_storage(), browser(), return_exceptions=True):
        if isinstance(result, BaseException):
            raise result


def _load_runner() -> tuple[Any, Any]:
    """`run_requirement`, with the agents imported (the imports a run needs, in one go), and
    the suite's `Later` (its runs' files, written while the next run goes on)."""
    from backend.runner import Later, load_nodes, run_requirement

    load_nodes()
    return run_requirement, Later()


async def _discard(launching: asyncio.Future[Any]) -> None:
    """Close a browser launched for a suite that stopped before it ran (no stray Chromium)."""
    try:
        session = await launching
    except BaseException:
        return
    await session.close()


def summary_line(verdicts: list[Verdict], seconds: float) -> str:
    """`suite: 18/20 passed (2 failed, 0 errors) in 41.3 s`: `seconds` is the wall time the
    user waited (the browser's start and close, each traced re-run of on-first-retry), not a
    sum of the runs' own durations, which leave those out."""
    passed = sum(v.verdict == "PASS" for v in verdicts)
    failed = sum(v.verdict == "FAIL" for v in verdicts)
    errors = sum(v.verdict == "ERROR" for v in verdicts)
    return (
        f"suite: {passed}/{len(verdicts)} passed ({failed} failed, {errors} errors) "
        f"in {seconds:.1f} s"
    )
