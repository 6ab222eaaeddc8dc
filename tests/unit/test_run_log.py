"""`runs/<id>/run.log` (backend/runner.py): each line is on disk as it is logged, so a run
killed mid-way (a CI timeout) keeps its log, and overlapping runs of a suite each log only
their own lines."""

from __future__ import annotations

import logging
from contextlib import AsyncExitStack
from pathlib import Path

from backend.runner import _RunLog


async def test_a_line_is_on_disk_before_the_run_ends(tmp_path: Path) -> None:
    async with AsyncExitStack() as files, AsyncExitStack() as run:
        _RunLog(tmp_path).attach(files, run)
        logging.getLogger("backend.test").info("step 1 of 3")
        assert "step 1 of 3" in (tmp_path / "run.log").read_text(encoding="utf-8")
    assert not any(isinstance(h, _RunLog) for h in logging.getLogger("backend").handlers)


async def test_each_run_logs_only_its_own_lines(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    async with AsyncExitStack() as files:
        async with AsyncExitStack() as run:  # the first run ends; its files are still open
            _RunLog(first).attach(files, run)
            logging.getLogger("backend.test").info("first run's line")
        async with AsyncExitStack() as run:  # the second runs while the first's log is open
            _RunLog(second).attach(files, run)
            logging.getLogger("backend.test").info("second run's line")
    assert (first / "run.log").read_text(encoding="utf-8").count("line") == 1
    assert "second run's line" in (second / "run.log").read_text(encoding="utf-8")
    assert "first" not in (second / "run.log").read_text(encoding="utf-8")
