"""Every action in the ActionSpec table runs in real Chromium and renders into a generated test
that passes under pytest: one requirement uses them all (tests/fixtures/actions)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backend.actions import ACTIONS
from tests.helpers.cli import cold_then_warm, run_pytest
from tests.helpers.pages import serve_directory

pytestmark = pytest.mark.e2e
SITE = Path(__file__).resolve().parents[1] / "fixtures" / "actions"


def test_every_action_runs_cold_and_warm_and_its_generated_test_passes(tmp_path: Path) -> None:
    req = tmp_path / "every_action.md"
    shutil.copyfile(SITE / "requirements" / "every_action.md", req)
    (tmp_path / "notes.txt").write_text("an attachment\n", encoding="utf-8")  # the upload
    with serve_directory(SITE) as url:
        cold, _ = cold_then_warm(req, url + "/actions.html", tmp_path)
        used = {step["step"]["action"] for step in cold["steps"]}
        assert used == set(ACTIONS), f"not exercised: {sorted(set(ACTIONS) - used)}"
        generated = tmp_path / "generated_tests" / "test_every_action.py"
        result = run_pytest(generated, "--base-url", url, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout
