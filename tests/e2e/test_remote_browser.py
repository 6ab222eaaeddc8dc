"""Remote browsers: a Playwright browser server (PACTS_BROWSER_WS) and CDP (PACTS_CDP_URL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.settings import CHROMIUM_ARGS, Settings
from tests.helpers.cli import pacts, run_pytest
from tests.integration.conftest import free_port

pytestmark = pytest.mark.e2e
CHROMIUM = Settings(_env_file=None).find_chromium()  # type: ignore[call-arg]


def _wait_http(url: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return str(answer.read().decode())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """End the process and its children (run-server's node driver outlives its Python parent)."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="module")
def browser_server() -> Iterator[str]:
    """`python -m playwright run-server` on loopback. `--unsafe` lets the client name the
    Chromium to launch: this machine has Debian's Chromium, not a Playwright browser build."""
    port = free_port()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "playwright", "run-server"),
            *("--host", "127.0.0.1", "--port", str(port), "--unsafe"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert _wait_http(f"http://127.0.0.1:{port}/") == "Running"
        yield f"ws://127.0.0.1:{port}/"
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def cdp_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chromium started by hand with a DevTools port, as a user's own browser would be."""
    assert CHROMIUM, "no Chromium on this machine"
    port = free_port()
    profile = tmp_path_factory.mktemp("cdp-profile")
    proc = subprocess.Popen(
        [
            *(CHROMIUM, "--headless=new", *CHROMIUM_ARGS),
            *(f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "about:blank"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_http(f"http://127.0.0.1:{port}/json/version")
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)


def _remote_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}
    env.update({"PACTS_CHROMIUM_PATH": str(CHROMIUM), **extra})
    return env


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "requirements").symlink_to(Path(__file__).resolve().parents[2] / "requirements")
    return tmp_path


def test_a_run_through_the_browser_server_passes_and_so_does_its_generated_test(
    workdir: Path, demo_url: str, browser_server: str
) -> None:
    env = _remote_env(PACTS_BROWSER_WS=browser_server)
    url = f"{demo_url}/wiki/Main_Page"
    result = pacts("test", "--req", "demo_search", "--url", url, "--json", cwd=workdir, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "PASS"
    # the generated conftest connects to the same server
    generated = workdir / verdict["generated_test"]
    run = run_pytest(generated, cwd=workdir, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_the_browser_server_is_really_used(workdir: Path, demo_url: str) -> None:
    # the twin of the test above: with no server at PACTS_BROWSER_WS, nothing runs
    env = _remote_env(PACTS_BROWSER_WS=f"ws://127.0.0.1:{free_port()}/")
    url = f"{demo_url}/wiki/Main_Page"
    result = pacts("test", "--req", "demo_search", "--url", url, cwd=workdir, env=env)
    assert result.returncode == 3, result.stderr[-2000:]
    assert "Error: the remote browser at ws://127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
    conftest_dir = workdir / "generated_tests"
    conftest_dir.mkdir()
    from backend.codegen.render import render_conftest

    (conftest_dir / "conftest.py").write_text(render_conftest(), encoding="utf-8")
    (conftest_dir / "test_open.py").write_text(
        "def test_open(page):\n    page.goto('about:blank')\n", encoding="utf-8"
    )
    run = run_pytest(conftest_dir / "test_open.py", cwd=workdir, env=env)
    assert run.returncode != 0 and "connect" in (run.stdout + run.stderr).lower()


def test_a_run_attached_over_cdp_passes(workdir: Path, demo_url: str, cdp_browser: str) -> None:
    env = _remote_env(PACTS_CDP_URL=cdp_browser)
    url = f"{demo_url}/wiki/Main_Page"
    result = pacts("test", "--req", "demo_search", "--url", url, "--json", cwd=workdir, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout)["verdict"] == "PASS"
