"""`pacts demo`: serve the bundled demo site and run the demo requirements cold, then warm."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import Any

import click

from backend.errors import RequirementError
from backend.models import Requirement, Verdict
from backend.settings import Settings

logger = logging.getLogger(__name__)

DEMO_GLOB = "demo_*.md"


def demo_requirements(settings: Settings) -> list[Requirement]:
    """The demo requirement files, in name order."""
    from backend.planning.loader import load_requirement

    paths = sorted(settings.requirements_dir.glob(DEMO_GLOB))
    if not paths:
        raise RequirementError(
            f"no demo requirements in {settings.requirements_dir}/",
            why=f"nothing matches {DEMO_GLOB}",
            fix="run pacts demo from the repository root, or set PACTS_REQUIREMENTS_DIR",
        )
    return [load_requirement(p) for p in paths]


def serve_forever(port: int) -> int:
    """Serve the demo site in the foreground until Ctrl-C."""
    from backend.demo.server import main as serve

    return serve(["--port", str(port)])


async def _run_all(
    settings: Settings, reqs: list[Requirement], loops: int
) -> list[tuple[int, Verdict]]:
    from backend.browser.session import launch
    from backend.runner import run_requirement
    from backend.storage.init import get_storage

    session = await launch(settings)
    storage = await get_storage(settings)
    cache = storage.selector_cache
    rows: list[tuple[int, Verdict]] = []
    try:
        # The demo measures cold then warm: start from an empty cache every time.
        await cache.clear("all")
        await cache.reset_stats()
        for loop in range(1, loops + 1):
            for req in reqs:
                click.echo(f"--- loop {loop}: {req.name}", err=True)
                verdict = await run_requirement(req, settings, session=session, cache=cache)
                rows.append((loop, verdict))
        return rows
    finally:
        await storage.close()
        await session.close()


def _table(rows: list[tuple[int, Verdict]]) -> Any:
    from rich.table import Table

    table = Table(title="PACTS demo", show_lines=False)
    for col, justify in (
        ("requirement", "left"),
        ("loop", "right"),
        ("verdict", "left"),
        ("steps", "right"),
        ("discoveries", "right"),
        ("cache hits", "right"),
        ("hit rate", "right"),
        ("time", "right"),
    ):
        table.add_column(col, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    style = {"PASS": "green", "FAIL": "red", "ERROR": "yellow"}
    for loop, v in rows:
        hits = v.cache.get("redis_hits", 0) + v.cache.get("postgres_hits", 0)
        lookups = hits + v.cache.get("misses", 0)
        rate = f"{100.0 * hits / lookups:.0f}%" if lookups else "-"
        table.add_row(
            v.requirement,
            str(loop),
            f"[{style[v.verdict]}]{v.verdict}[/]" + (f" {v.root_cause}" if v.root_cause else ""),
            str(len(v.steps)),
            str(v.discoveries),
            str(hits),
            rate,
            f"{v.duration_ms / 1000:.2f} s",
        )
    return table


def run_demo(settings: Settings, *, loops: int, port: int) -> int:
    """Serve the site, run every demo requirement `loops` times, print the table; 0 if all pass."""
    from rich.console import Console

    from backend.demo.server import DEMO_PASSWORD, DemoServer

    reqs = demo_requirements(settings)
    # The demo login's secret: a real run reads it from the environment like any other.
    os.environ.setdefault("DEMO_PASSWORD", DEMO_PASSWORD)
    with DemoServer(port=port) as server:
        demo_settings = settings.model_copy(
            update={"base_url": server.url, "home": settings.home / "demo"}
        )
        click.echo(f"Demo site on {server.url}; {len(reqs)} requirements x {loops} loops", err=True)
        rows = asyncio.run(_run_all(demo_settings, reqs, loops))
    # Not a terminal (CI, a pipe): rich would squeeze the table into 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 120)
    console.print(_table(rows))
    per_loop: dict[int, list[Verdict]] = {}
    for loop, v in rows:
        per_loop.setdefault(loop, []).append(v)
    for loop, verdicts in per_loop.items():
        total = sum(v.duration_ms for v in verdicts) / 1000
        discoveries = sum(v.discoveries for v in verdicts)
        console.print(f"loop {loop}: {total:.2f} s, {discoveries} discoveries")
    generated = sorted({v.generated_test for _, v in rows if v.generated_test})
    if generated:
        console.print(
            "Generated tests (to run them: `pacts demo --serve`, then "
            "`pytest generated_tests --base-url <its URL>`):"
        )
        for path in generated:
            console.print(f"  {path}")
    ok = all(v.verdict == "PASS" for _, v in rows)
    console.print(
        "[green]all demo requirements PASS[/]" if ok else "[red]some demo requirements failed[/]"
    )
    return 0 if ok else 1
