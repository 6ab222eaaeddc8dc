"""`pacts test` over one or many requirements: one browser and one cache for all of them, a
fresh browser context for each run (as pytest-playwright shares a browser per session). The
last run closes the browser while it writes its run folder's files (runner.py's `release`)."""

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
    from backend.telemetry.phases import phase

    run_requirement, storage, session = await _open(settings, driver, early)
    imports_done()
    runs = [req for _ in range(loops) for req in requirements]
    closing: list[asyncio.Future[None]] = []

    async def release() -> None:
        """The last run is done with the browser: it closes while the run writes its files."""
        closing.append(asyncio.ensure_future(_close(session)))
        await asyncio.sleep(0)  # the close's first message goes out before the writing

    verdicts: list[Verdict] = []
    try:
        for number, req in enumerate(runs, 1):
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
                    release=release if number == len(runs) else None,
                )
            )
    finally:
        try:
            with phase("storage close"):
                await storage.close()
        finally:
            with phase("browser close (the wait left)"):
                await (closing[0] if closing else _close(session))
    return verdicts


async def _open(
    settings: Settings, driver: asyncio.Future[Any] | None, early: EarlyLaunch | None
) -> tuple[Any, Any, Any]:
    """The runner, the storage and the browser session of a suite, opened together."""
    from backend.browser.session import launch
    from backend.telemetry.phases import mark_since_start, phase

    mark_since_start("process start to the launch call")
    launching = asyncio.ensure_future(launch(settings, page=False, driver=driver, early=early))
    try:
        with phase("imports + storage open (browser launching)"):
            run_requirement = await asyncio.to_thread(_load_runner)
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
    return run_requirement, storage, session


def imports_done() -> None:
    """The cyclic garbage collector back on, past the objects the imports made (`gc.freeze`):
    `pacts test` runs its imports (pydantic, the runner, the agents: some 100,000 objects and
    next to no garbage) with it off, and later collections need not walk them again."""
    gc.freeze()
    gc.enable()


async def _close(session: Any) -> None:
    """Close the browser and stop Playwright (a dying browser is no error: session.py)."""
    from backend.telemetry.phases import phase

    with phase("browser close (whole)"):
        await session.close()


def _load_runner() -> Any:
    """`run_requirement`, with the agents imported (the imports a run needs, in one go)."""
    from backend.runner import load_nodes, run_requirement

    load_nodes()
    return run_requirement


async def _discard(launching: asyncio.Future[Any]) -> None:
    """Close a browser launched for a suite that stopped before it ran (no stray Chromium)."""
    try:
        session = await launching
    except BaseException:
        return
    await session.close()


def summary_line(verdicts: list[Verdict]) -> str:
    """`suite: 18/20 passed (2 failed, 0 errors) in 41.3 s`."""
    passed = sum(v.verdict == "PASS" for v in verdicts)
    failed = sum(v.verdict == "FAIL" for v in verdicts)
    errors = sum(v.verdict == "ERROR" for v in verdicts)
    seconds = sum(v.duration_ms for v in verdicts) / 1000
    return (
        f"suite: {passed}/{len(verdicts)} passed ({failed} failed, {errors} errors) "
        f"in {seconds:.1f} s"
    )
