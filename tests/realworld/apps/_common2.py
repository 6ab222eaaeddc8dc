"""Shared helpers of the Flask-Admin, Datasette and Shoelace apps: venvs, processes, ports."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

#: The repository root (tests/realworld/apps/ is three levels down).
ROOT = Path(__file__).resolve().parents[3]
#: Everything installed or written by the real-world apps lives here (git-ignored).
DATA = ROOT / ".realworld"
#: The directory that holds the apps' own source files (Flask app, HTML pages).
APPS_DIR = Path(__file__).resolve().parent


class AppError(RuntimeError):
    """An app could not be installed or started; the message says what to do."""


def data_dir(*parts: str) -> Path:
    """A directory under .realworld/, created if missing."""
    path = DATA.joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _base_python() -> str:
    """A Python to build app venvs from: the interpreter behind the running one."""
    return getattr(sys, "_base_executable", None) or sys.executable


def venv_python(name: str) -> Path:
    """The python of the app venv `.realworld/venv-<name>`."""
    return DATA / f"venv-{name}" / "bin" / "python"


def ensure_venv(name: str, packages: Sequence[str]) -> Path:
    """Create `.realworld/venv-<name>` with `packages`; a no-op when they are already in it."""
    venv = DATA / f"venv-{name}"
    stamp = venv / ".pacts-installed"
    wanted = hashlib.sha256("\n".join(packages).encode()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == wanted and venv_python(name).is_file():
        return venv_python(name)
    DATA.mkdir(parents=True, exist_ok=True)
    if not venv_python(name).is_file():
        run_quiet([_base_python(), "-m", "venv", str(venv)], f"create venv-{name}")
    pip = [str(venv_python(name)), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run_quiet([*pip, *packages], f"pip install into venv-{name}")
    stamp.write_text(wanted + "\n")
    return venv_python(name)


def ensure_npm(name: str, packages: Sequence[str]) -> Path:
    """Install npm `packages` into `.realworld/node-<name>`; a no-op when already there."""
    prefix = data_dir(f"node-{name}")
    stamp = prefix / ".pacts-installed"
    wanted = hashlib.sha256("\n".join(packages).encode()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == wanted:
        return prefix
    if not (prefix / "package.json").is_file():
        manifest = {"name": f"pacts-realworld-{name}", "private": True}
        (prefix / "package.json").write_text(json.dumps(manifest) + "\n")
    argv = ["npm", "install", "--no-audit", "--no-fund", "--silent", *packages]
    run_quiet(argv, f"npm install into node-{name}", cwd=prefix)
    stamp.write_text(wanted + "\n")
    return prefix


def run_quiet(argv: Sequence[str], what: str, cwd: Path | None = None) -> None:
    """Run an install command; a failure raises AppError with the tail of its output."""
    logger.info("%s: %s", what, " ".join(argv))
    try:
        done = subprocess.run(list(argv), cwd=cwd, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        hint = "Check that the tool is installed and the registry answers."
        raise AppError(f"{what}: {exc}. {hint}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        why = " | ".join(tail)
        raise AppError(f"{what}: exit {done.returncode}: {why}. Fix the install and retry.")


def answers(url: str, timeout: float = 2.0) -> bool:
    """True when an HTTP GET of `url` gets any status below 500."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except (urllib.error.URLError, OSError):
        return False


def wait_until_answers(url: str, timeout_s: float = 60.0, name: str = "app") -> None:
    """Poll `url` until it answers; raise AppError (with the log path) after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if answers(url):
            return
        pid = _read_pid(name)
        if pid is not None and not _alive(pid):
            break
        time.sleep(0.25)
    raise AppError(f"{name} did not answer at {url} within {timeout_s:.0f}s. See {log_path(name)}.")


def pid_path(name: str) -> Path:
    """The pid file of app `name`."""
    return DATA / f"{name}.pid"


def log_path(name: str) -> Path:
    """The log file of app `name`."""
    return DATA / f"{name}.log"


def _read_pid(name: str) -> int | None:
    try:
        return int(pid_path(name).read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        return True


#: Servers this process started, so that stop_process() can reap them (no zombies, and no
#: ResourceWarning from a Popen collected while its server runs).
_CHILDREN: dict[str, subprocess.Popen[bytes]] = {}


def start_process(
    name: str,
    argv: Sequence[str],
    url: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> str:
    """Start `argv` in its own session with a pid file, unless `url` answers; return `url`."""
    if answers(url):
        return url
    stop_process(name)
    DATA.mkdir(parents=True, exist_ok=True)
    full_env = {**os.environ, **(env or {})}
    with log_path(name).open("ab") as log:
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_path(name).write_text(f"{proc.pid}\n")
    _CHILDREN[name] = proc  # held (and reaped by stop_process), never garbage-collected running
    wait_until_answers(url, name=name)
    return url


def stop_process(name: str, timeout_s: float = 10.0) -> None:
    """Stop the process group recorded in the pid file of `name`, if it runs."""
    pid = _read_pid(name)
    if pid is None:
        return
    if _alive(pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
    child = _CHILDREN.pop(name, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=timeout_s)
    pid_path(name).unlink(missing_ok=True)
