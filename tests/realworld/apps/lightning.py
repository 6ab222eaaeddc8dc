"""The Lightning app: Salesforce's lightning-base-components compiled with LWC, served on 8840.

`install()` copies the sources under `tests/realworld/lightning/` into `.realworld/node-lightning/`,
runs `npm install` there when the pinned versions changed, and rebuilds the bundle with rollup when
any source is newer than it. `start()` serves the built site (a history-API single-page app: every
path without a file answers with index.html) from a detached process and returns its base URL.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

NAME = "lightning"
KIND = "web components with native shadow DOM (Salesforce lightning-base-components, LWC, SLDS)"
FAST = False  # the first build takes a minute or more (npm install + rollup of the base components)

HOST = "127.0.0.1"
PORT = 8840
REPO = Path(__file__).resolve().parents[3]
SOURCE = REPO / "tests" / "realworld" / "lightning"
WORK = REPO / ".realworld" / "node-lightning"
DIST = WORK / "dist"
PID_FILE = WORK / "server.pid"
LOG_FILE = WORK / "server.log"

# The app's one user; the requirement reads them from ${SF_USER} / ${SF_PASSWORD}.
USERNAME = "admin@pacts-lightning.test"
PASSWORD = "Lightning#2026"

# The server this process started: kept so it is reaped here (a dropped Popen of a live child
# warns), while another process can still stop it through PID_FILE.
_server: subprocess.Popen[bytes] | None = None


def base_url() -> str:
    """The URL the app answers on."""
    return f"http://{HOST}:{PORT}/"


def _sources() -> list[Path]:
    """Every file the build reads from the source tree."""
    return [p for p in SOURCE.rglob("*") if p.is_file() and "node_modules" not in p.parts]


def _sync_sources() -> None:
    """Mirror the source tree into the build folder (sources stay in git, builds stay out)."""
    target_src = WORK / "src"
    if target_src.exists():
        shutil.rmtree(target_src)
    for path in _sources():
        dest = WORK / path.relative_to(SOURCE)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)


def _run(cmd: list[str]) -> None:
    """Run a build command in the build folder; a failure raises with its output's tail."""
    logger.info("lightning: %s", " ".join(cmd))
    done = subprocess.run(cmd, cwd=WORK, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-2000:]
        raise RuntimeError(f"{' '.join(cmd)} failed (exit {done.returncode}):\n{tail}")


def _installed_matches() -> bool:
    """Whether node_modules holds the exact versions package.json pins."""
    wanted = json.loads((SOURCE / "package.json").read_text())["devDependencies"]
    for name, version in wanted.items():
        manifest = WORK / "node_modules" / name / "package.json"
        if not manifest.exists() or json.loads(manifest.read_text()).get("version") != version:
            return False
    return True


def _stale() -> bool:
    """Whether the bundle is missing or older than a source file."""
    bundle = DIST / "app.js"
    if not bundle.exists() or not (DIST / "index.html").exists():
        return True
    built = bundle.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _sources())


def install() -> None:
    """Install the npm packages and build the bundle, when missing or stale (idempotent)."""
    if shutil.which("npm") is None:
        raise RuntimeError("npm is not on PATH: install Node.js 18+ with npm")
    WORK.mkdir(parents=True, exist_ok=True)
    need_build = _stale()
    _sync_sources()
    if not _installed_matches():
        _run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"])
        need_build = True
    if need_build:
        started = time.monotonic()
        _run(["npx", "rollup", "-c", "rollup.config.js", "--silent"])
        logger.info("lightning: built in %.1f s", time.monotonic() - started)


def _answers(url: str) -> bool:
    """Whether the app serves its page at `url`."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and b"/app.js" in response.read()
    except (urllib.error.URLError, OSError):
        return False


def start() -> str:
    """Serve the built app on 127.0.0.1:8840 (idempotent); returns the base URL once it answers."""
    global _server
    url = base_url()
    if _answers(url):
        return url
    if not (DIST / "app.js").exists():
        install()
    with open(LOG_FILE, "ab") as log:
        process = subprocess.Popen(  # detached, so the app outlives the process that started it
            [sys.executable, str(Path(__file__).resolve()), "serve"],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
    PID_FILE.write_text(str(process.pid))
    _server = process
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _answers(url):
            return url
        if process.poll() is not None:
            raise RuntimeError(f"lightning server exited ({process.returncode}); see {LOG_FILE}")
        time.sleep(0.2)
    raise RuntimeError(f"lightning server did not answer on {url} within 20 s")


def stop() -> None:
    """Stop the server this module started (by the pid it recorded), if it runs."""
    global _server
    if _server is not None:
        _server.terminate()
        _server.wait(timeout=10)
        _server = None
        PID_FILE.unlink(missing_ok=True)
        return
    if not PID_FILE.exists():
        return
    pid = int(PID_FILE.read_text().strip() or 0)
    PID_FILE.unlink()
    if pid <= 0:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


class _SpaHandler(SimpleHTTPRequestHandler):
    """Static files from dist/; any other path is the single-page app's index.html."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if not path.exists():
            self.path = "/index.html"
        return super().send_head()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


def serve_forever() -> None:
    """Serve dist/ until killed (the body of the detached server process)."""
    handler = functools.partial(_SpaHandler, directory=str(DIST))
    server = ThreadingHTTPServer((HOST, PORT), handler)
    server.serve_forever()


if __name__ == "__main__" and sys.argv[1:] == ["serve"]:
    serve_forever()
