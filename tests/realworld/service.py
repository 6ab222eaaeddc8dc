"""Shared plumbing for the real-world apps: where their files live, installing packages,
and starting a server in the background that stop() can end by its pid file."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[2]
#: Everything the suite installs or writes: venvs, copied app trees, data, logs, pid files.
HOME = REPO / ".realworld"
_APT_UPDATED = HOME / ".apt-updated"
#: Servers this process started, so that stop_server() can reap them (no zombies).
_CHILDREN: dict[str, subprocess.Popen[bytes]] = {}


class InstallError(RuntimeError):
    """An app could not be installed or started; the message says what and how to fix it."""


def home() -> Path:
    """The suite's working folder, created on first use."""
    HOME.mkdir(parents=True, exist_ok=True)
    return HOME


def run(cmd: Sequence[str], *, what: str, env: Mapping[str, str] | None = None) -> str:
    """Run an install command; a failure is an InstallError carrying its last output lines."""
    logger.info("realworld: %s", " ".join(cmd))
    proc = subprocess.run(
        list(cmd),
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=1800,
    )
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise InstallError(f"{what} failed (exit {proc.returncode}):\n{tail}")
    return proc.stdout


def apt_install(packages: Sequence[str], *, binaries: Sequence[str] = ()) -> None:
    """Install Debian packages unless every one is already installed (and `binaries` exist)."""
    missing = [p for p in packages if not _dpkg_installed(p)]
    if not missing and all(shutil.which(b) for b in binaries):
        return
    if shutil.which("apt-get") is None:
        raise InstallError(f"cannot install {', '.join(missing)}: apt-get is not on this machine")
    # Another process may hold the dpkg lock (a parallel install): wait for it, don't fail.
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    if not _APT_UPDATED.exists():
        run(["apt-get", *lock, "update", "-qq"], what="apt-get update")
        home()
        _APT_UPDATED.touch()
    run(
        ["apt-get", *lock, "install", "-y", "-q", "--no-install-recommends", *packages],
        what=f"apt-get install {' '.join(packages)}",
        env={"DEBIAN_FRONTEND": "noninteractive"},
    )


def _dpkg_installed(package: str) -> bool:
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return proc.returncode == 0 and "install ok installed" in proc.stdout


def venv(name: str, packages: Sequence[str], *, probe: str) -> Path:
    """A venv under .realworld/ with `packages`, made unless `probe` (a bin/ script) exists."""
    path = home() / f"venv-{name}"
    if (path / "bin" / probe).exists():
        return path
    python = shutil.which("python3") or sys.executable
    run([python, "-m", "venv", "--clear", str(path)], what=f"creating the venv for {name}")
    run(
        [str(path / "bin" / "python"), "-m", "pip", "install", "-q", *packages],
        what=f"pip install {' '.join(packages)}",
    )
    if not (path / "bin" / probe).exists():
        raise InstallError(f"pip installed {', '.join(packages)} but bin/{probe} is missing")
    return path


def answers(url: str, marker: str, timeout: float = 2.0) -> bool:
    """Whether `url` answers (any HTTP status) with a body containing `marker`."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            body = resp.read(400_000).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        body = exc.read(400_000).decode("utf-8", "replace")
    except (OSError, ValueError):
        return False
    return marker in body


def start_server(
    name: str,
    cmd: Sequence[str],
    *,
    probe_url: str,
    marker: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    wait_s: float = 60.0,
) -> None:
    """Start `cmd` in its own process group unless `probe_url` already answers with `marker`;
    wait until it does. The pid goes to .realworld/<name>.pid, output to <name>.log."""
    if answers(probe_url, marker):
        return
    stop_server(name)  # a stale pid file from a server that died
    with (home() / f"{name}.log").open("ab") as log:  # the child keeps its own copy
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (home() / f"{name}.pid").write_text(str(proc.pid))
    _CHILDREN[name] = proc
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if answers(probe_url, marker):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    tail = "\n".join(
        (home() / f"{name}.log").read_text(errors="replace").strip().splitlines()[-10:]
    )
    stop_server(name)
    raise InstallError(
        f"{name} did not answer at {probe_url} with {marker!r} within {wait_s:g}s "
        f"(is the port taken by another program?):\n{tail}"
    )


def stop_server(name: str) -> None:
    """End the process group whose leader's pid is in .realworld/<name>.pid, if any."""
    pid_file = home() / f"{name}.pid"
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text().strip())
        os.killpg(pid, signal.SIGTERM)
        for _ in range(50):
            child = _CHILDREN.get(name)
            if child is not None and child.poll() is not None:
                break
            os.killpg(pid, 0)
            time.sleep(0.1)
        else:
            os.killpg(pid, signal.SIGKILL)
    except (ValueError, ProcessLookupError, PermissionError):
        pass
    pid_file.unlink(missing_ok=True)
    child = _CHILDREN.pop(name, None)
    if child is not None:
        child.wait(timeout=10)


def php_server(name: str, docroot: Path, port: int, *, marker: str, path: str = "/") -> str:
    """Serve `docroot` with PHP's built-in server on 127.0.0.1:`port`; the base URL."""
    base = f"http://127.0.0.1:{port}"
    php = shutil.which("php")
    if php is None:
        raise InstallError(f"{name}: php is not installed; run install() first")
    # Several workers: a page's CSS/JS requests must not queue behind one slow PHP request.
    start_server(
        name,
        [php, "-S", f"127.0.0.1:{port}", "-t", str(docroot)],
        probe_url=base + path,
        marker=marker,
        cwd=docroot,
        env={"PHP_CLI_SERVER_WORKERS": "4"},
    )
    return base
