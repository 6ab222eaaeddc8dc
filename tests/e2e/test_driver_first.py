"""`pacts test` starts Playwright's driver before it reads its settings and requirements
(backend/cli/testrun.py): a run that stops on bad input still gives its one-line error and exit
code, and leaves no driver or browser process behind."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers.cli import REPO, service_env

pytestmark = pytest.mark.e2e


def _marked(mark: str) -> list[int]:
    """Living processes whose environment holds `mark` (children inherit it, orphans too)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark.encode() in (proc / "environ").read_bytes():
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize(
    ("args", "env", "code", "says"),
    [
        (["--req", "no_such_requirement"], {}, 2, "unknown requirement"),
        (["--req", "demo_search"], {"PACTS_MAX_STEPS": "many"}, 2, "PACTS_MAX_STEPS"),
        (["--req", "demo_search"], {"PACTS_DATABASE_URL": "mysql://h/x"}, 3, "Postgres URL"),
        (["--req", "demo_search"], {"PACTS_CHROMIUM_PATH": "/nope/chromium"}, 3, "Chromium"),
    ],
)
def test_bad_input_stops_with_one_line_and_no_process_left(
    tmp_path: Path, args: list[str], env: dict[str, str], code: int, says: str
) -> None:
    mark = f"PACTS_TEST_MARK_{uuid.uuid4().hex}"
    full = {**service_env(tmp_path, None, None), "PACTS_BASE_URL": "http://127.0.0.1:9", **env}
    full[mark] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli.main", "test", *args],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and says in lines[0], lines
    deadline = time.monotonic() + 5
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)  # a process on its way out
    assert not _marked(mark), "a driver or browser process outlived pacts"
