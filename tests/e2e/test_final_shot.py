"""A suite's final-page screenshot is taken while the next requirement starts (issue 15): of
its own run's page, before that page's context closes, and in the run's files; one that
cannot be taken leaves no name behind."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest

import backend.browser.evidence
from backend.cli.suite import run_suite
from backend.planning.loader import find_requirement, load_requirement
from backend.settings import Settings

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n"


def _requirements(settings: Settings, *names: str) -> list[Any]:
    return [
        load_requirement(
            find_requirement(name, settings.requirements_dir), settings.max_requirement_bytes
        )
        for name in names
    ]


async def _suite(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, names: tuple[str, str], fail: bool
) -> tuple[list[Any], list[tuple[str, str]]]:
    """The suite of `names`, each capture waiting (up to 3 s: a slow machine) for the session
    to move on to another page, and noting which page it took and which page the session was
    on by then; `fail`: then it raises. The verdicts (both PASS), and what the captures noted."""
    capture, seen = backend.browser.evidence._capture, []

    async def slowed(session: Any, page: Any, path: Path, masks: list[Any]) -> None:
        deadline = time.monotonic() + 3.0
        while session.page is page and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        seen.append((page.url, session.page.url))
        if fail:
            raise RuntimeError("the page crashed")
        await capture(session, page, path, masks)

    monkeypatch.setattr(backend.browser.evidence, "_capture", slowed)
    reqs = _requirements(settings, *names)
    verdicts = await run_suite(settings, reqs, url=None, loops=1, force=False)
    assert [v.verdict for v in verdicts] == ["PASS", "PASS"] and len(seen) == 2
    return verdicts, seen


async def test_the_final_page_is_taken_while_the_next_requirement_starts(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ("demo_search", "demo_search_results")
    verdicts, seen = await _suite(demo_settings, monkeypatch, names, fail=False)
    # the first run's page, taken while the session was already on the second run's page
    first_page, current = seen[0]
    assert first_page.endswith("/wiki/Playwright_(software)")
    assert not current.endswith("/wiki/Playwright_(software)"), seen
    for verdict in verdicts:
        run_dir = Path(verdict.run_dir or "")
        on_disk = json.loads((run_dir / "verdict.json").read_text())
        shot = Path(on_disk["evidence"]["screenshot"])
        assert shot.parent == run_dir and shot.read_bytes().startswith(PNG)
        assert on_disk["steps"][-1]["screenshot"] == str(shot)
        assert "data:image/png;base64," in (run_dir / "report.html").read_text()
        latest = demo_settings.screenshots_dir / f"{verdict.requirement}_{shot.name}"
        assert latest.read_bytes() == shot.read_bytes()


async def test_a_final_page_that_cannot_be_taken_is_named_nowhere(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    verdicts, _ = await _suite(demo_settings, monkeypatch, ("demo_search",) * 2, fail=True)
    for verdict in verdicts:
        run_dir = Path(verdict.run_dir or "")
        on_disk = json.loads((run_dir / "verdict.json").read_text())
        assert on_disk["evidence"].get("screenshot") is None
        assert on_disk["steps"][-1]["screenshot"] is None
        assert not list(run_dir.glob("*.png"))
        assert "data:image/png" not in (run_dir / "report.html").read_text()
