"""Run pytest in a new process with the PACTS plugin loaded through its `pytest11` entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.helpers.cli import REPO

PYPROJECT = REPO / "pyproject.toml"


def entry_point_site(folder: Path) -> Path:
    """A folder holding a dist-info with this checkout's `pytest11` entry points, as an install
    writes them, so pytest loads the plugin by its entry point (not by `-p`)."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    points = project["entry-points"]["pytest11"]
    dist = folder / "pacts_pytest_entry-0.0.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: pacts-pytest-entry\nVersion: 0.0\n", encoding="utf-8"
    )
    lines = ["[pytest11]", *(f"{name} = {module}" for name, module in points.items())]
    (dist / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def plugin_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """This process's environment plus the entry point; the cache and runs stay in the cwd."""
    site = entry_point_site(tmp_path / "site")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(site)])
    env.update(extra)
    return env


def pytest_run(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """pytest in a new process under this repo's config (strict markers, warnings are errors)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(PYPROJECT), "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
