"""`pacts` and `pytest` as real subprocesses, the way a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def pacts(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli.main", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_pytest(
    target: Path | str, *extra: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real pytest on generated tests in a fresh process (outside this repo's pytest config
    unless `extra` passes `-c`); `env` defaults to this process's environment."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(target), "-q", "-p", "no:cacheprovider", *extra],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def cold_then_warm(req: Path, url: str, cwd: Path) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """`pacts test` twice in new processes: both PASS, the second with 0 discoveries, every
    selector a cache hit and no drift. Returns both JSON verdicts."""
    runs = []
    for _ in range(2):  # the second process re-loads the page: new generated ids, same selectors
        result = pacts("test", "--req", str(req), "--url", url, "--json", cwd=cwd)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        runs.append(json.loads(result.stdout))
    cold, warm = runs
    assert cold["verdict"] == warm["verdict"] == "PASS"
    assert cold["discoveries"] > 0 and warm["discoveries"] == 0
    assert warm["cache"]["drift"] == 0 and warm["cache"]["hit_rate"] == 100.0
    return cold, warm


def run_in_repo(
    args: list[str], env: dict[str, str], timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def service_env(tmp_path: Path, redis_url: str | None, postgres_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}
    env.update(
        PACTS_HOME=str(tmp_path / ".pacts"),
        PACTS_RUNS_DIR=str(tmp_path / "runs"),
        PACTS_SCREENSHOTS_DIR=str(tmp_path / "screenshots"),
        PACTS_GENERATED_DIR=str(tmp_path / "generated"),
    )
    if redis_url:
        env["PACTS_REDIS_URL"] = redis_url
    if postgres_url:
        env["PACTS_DATABASE_URL"] = postgres_url
    return env


def pacts_with_env(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_in_repo([sys.executable, "-m", "backend.cli.main", *args], env, timeout=60)
