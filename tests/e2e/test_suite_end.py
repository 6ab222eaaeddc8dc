"""A suite's last run's files are written while the browser closes (issue 15): the close starts
before the last report is done, both are done when the suite returns, and a failure in one
loses nothing of the other."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from backend.browser.session import BrowserSession
from backend.cli.suite import run_suite
from backend.planning.loader import find_requirement, load_requirement
from backend.settings import Settings
from tests.helpers.processes import alive, descendants

pytestmark = pytest.mark.e2e


def _requirement(settings: Settings) -> Any:
    path = find_requirement("demo_search", settings.requirements_dir)
    return load_requirement(path, settings.max_requirement_bytes)


def _record(monkeypatch: pytest.MonkeyPatch, events: list[str], fail_report: bool) -> None:
    import backend.runner

    close, write_report = BrowserSession.close, backend.runner._write_report

    async def recorded_close(self: BrowserSession) -> None:
        events.append("close started")
        await close(self)
        events.append("close done")

    def recorded_report(*args: Any) -> None:
        events.append("report")
        if fail_report:
            raise OSError("disk full")
        time.sleep(0.5)  # a slow disk: the close has time to start meanwhile
        write_report(*args)
        events.append("report done")

    monkeypatch.setattr(BrowserSession, "close", recorded_close)
    monkeypatch.setattr(backend.runner, "_write_report", recorded_report)


async def test_the_browser_closes_while_the_last_run_writes(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    _record(monkeypatch, events, fail_report=False)
    before = descendants()
    req = _requirement(demo_settings)
    verdicts = await run_suite(demo_settings, [req, req], url=None, loops=1, force=False)
    assert [v.verdict for v in verdicts] == ["PASS", "PASS"]
    # the first run's report before any close; the last run's still writing when it began
    last_done = len(events) - 1 - events[::-1].index("report done")
    assert events[0] == "report" and events.index("close started") < last_done, events
    assert events.count("close started") == 1 and "close done" in events  # done on return
    assert not alive(descendants() - before), "a driver or Chromium process outlived the suite"
    for verdict in verdicts:
        run_dir = Path(verdict.run_dir)
        assert (run_dir / "verdict.json").is_file() and (run_dir / "report.html").is_file()


async def test_a_failing_write_still_closes_the_browser(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    _record(monkeypatch, events, fail_report=True)
    before = descendants()
    with pytest.raises(OSError, match="disk full"):
        req = _requirement(demo_settings)
        await run_suite(demo_settings, [req], url=None, loops=1, force=False)
    assert "close done" in events
    assert not alive(descendants() - before), "a driver or Chromium process outlived the suite"
