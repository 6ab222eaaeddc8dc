"""A suite writes each run's files and metrics while the browser goes on to the next
requirement (issue 15), and loses none of them: every run folder gets its verdict.json,
report.html and its own run.log, and every run its row in the run history, also when the
suite stops on an error."""

from __future__ import annotations

import json
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from backend import runner
from backend.browser.session import BrowserSession
from backend.cli.suite import run_suite
from backend.demo.server import DEMO_PASSWORD
from backend.errors import BrowserError
from backend.models import Verdict
from backend.planning.loader import load_requirement
from backend.settings import Settings
from backend.storage.init import get_storage
from backend.telemetry.store import sql_telemetry
from tests.conftest import REQUIREMENTS

pytestmark = pytest.mark.e2e

#: demo_login types ${DEMO_PASSWORD}: its files are written with its secret masked.
NAMES = ("demo_login", "demo_search")


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """ "opened" when a run opens its page, "written <run id>" when its files are on disk; each
    run's files take 0.8 s more to write (a slow disk)."""
    seen: list[str] = []
    write_files, open_session = runner._write_files, runner._session

    def slow_write(verdict: Verdict, ctx: Any) -> None:
        time.sleep(0.8)
        write_files(verdict, ctx)
        seen.append(f"written {verdict.run_id}")

    async def session(
        stack: AsyncExitStack, settings: Settings, borrowed: BrowserSession | None
    ) -> BrowserSession:
        seen.append("opened")
        if seen.count("opened") == 3:
            raise BrowserError("the browser died")  # the third run, where a test asks for one
        return await open_session(stack, settings, borrowed)

    monkeypatch.setattr(runner, "_write_files", slow_write)
    monkeypatch.setattr(runner, "_session", session)
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    return seen


async def _history(settings: Settings) -> list[str]:
    storage = await get_storage(settings)
    try:
        sql = sql_telemetry(storage.selector_cache)
        assert sql is not None
        return [row["run_id"] for row in await sql.recent_runs(10)]
    finally:
        await storage.close()


def _check_files(verdict: Verdict, others: list[str]) -> None:
    """The run folder holds the verdict as returned, its report and only its own log lines."""
    run_dir = Path(verdict.run_dir or "")
    assert json.loads((run_dir / "verdict.json").read_text()) == verdict.model_dump(mode="json")
    assert verdict.run_id in (run_dir / "report.html").read_text()
    log = (run_dir / "run.log").read_text()
    assert f"Run {verdict.run_id}" in log and "step 1/" in log
    assert not any(other in log for other in others)
    for name in ("verdict.json", "report.html", "run.log"):
        assert DEMO_PASSWORD not in (run_dir / name).read_text()


async def test_the_next_run_starts_while_the_last_ones_files_are_written(
    demo_settings: Settings, events: list[str]
) -> None:
    reqs = [load_requirement(REQUIREMENTS / f"{name}.md") for name in NAMES]
    verdicts = await run_suite(demo_settings, reqs, url=None, loops=1, force=False)
    assert [v.verdict for v in verdicts] == ["PASS", "PASS"]
    ids = [v.run_id for v in verdicts]
    # the second run's page opened before the first run's files were on disk
    assert events == ["opened", "opened", f"written {ids[0]}", f"written {ids[1]}"]
    for verdict in verdicts:
        _check_files(verdict, [i for i in ids if i != verdict.run_id])
    assert sorted(await _history(demo_settings)) == sorted(ids)


async def test_a_suite_stopped_by_an_error_still_writes_its_runs_files(
    demo_settings: Settings, events: list[str]
) -> None:
    reqs = [load_requirement(REQUIREMENTS / f"{name}.md") for name in (*NAMES, "demo_search")]
    with pytest.raises(BrowserError, match="the browser died"):
        await run_suite(demo_settings, reqs, url=None, loops=1, force=False)
    written = [e.removeprefix("written ") for e in events if e.startswith("written ")]
    assert len(written) == 2  # both runs before the error, though it came while writing
    folders = {p.name: p for p in demo_settings.runs_dir.iterdir()}
    assert len(folders) == 3 and set(written) < set(folders)
    for run_id in written:
        verdict = Verdict.model_validate_json((folders[run_id] / "verdict.json").read_text())
        _check_files(verdict, [i for i in folders if i != run_id])
    (stopped,) = set(folders) - set(written)  # the run the error stopped: its log, no verdict
    assert f"Run {stopped}" not in (folders[stopped] / "run.log").read_text()
    assert not (folders[stopped] / "verdict.json").exists()
    assert sorted(await _history(demo_settings)) == sorted(written)
