"""`pacts test --junit` and `pacts report latest` in a real subprocess, against the drift site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.drift.site import DriftSite, serve_drift

pytestmark = pytest.mark.e2e

REQ = (
    Path(__file__).resolve().parents[1] / "fixtures" / "drift" / "requirements" / "drift_search.md"
)


@pytest.fixture(scope="module")
def drift() -> Iterator[DriftSite]:
    with serve_drift() as site:
        yield site


def pacts(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli.main", *args],
        cwd=cwd,
        env={**os.environ, "PACTS_STEP_TIMEOUT_S": "2", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_junit_json_and_report_latest(tmp_path: Path, drift: DriftSite) -> None:
    junit = tmp_path / "out" / "junit.xml"
    # Progress forced on: --json still wins, stdout stays one JSON document.
    run = pacts(
        "test",
        "--req",
        str(REQ),
        "--url",
        drift.page("3"),
        "--junit",
        str(junit),
        "--json",
        cwd=tmp_path,
        PACTS_PROGRESS="on",
    )
    assert run.returncode == 1, run.stderr
    verdict = json.loads(run.stdout)
    assert verdict["verdict"] == "FAIL" and verdict["root_cause"] == "selector_not_found"
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    assert suite.find("testcase/failure[@type='selector_not_found']") is not None

    shown = pacts("report", cwd=tmp_path)  # RUN_ID defaults to latest
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == str(Path("runs") / verdict["run_id"] / "report.html")
    assert (tmp_path / lines[0]).is_file()
    assert lines[1].startswith("FAIL  drift_search")
    assert any("cause: selector_not_found" in line and "Next:" in line for line in lines)
    by_id = pacts("report", verdict["run_id"], cwd=tmp_path)
    assert by_id.stdout == shown.stdout
