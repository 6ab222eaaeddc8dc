"""Shoelace: a settings app of web components with native shadow DOM (npm, static files)."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

try:
    from . import _common2 as common
except ImportError:  # loaded by file path, not as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import _common2 as common  # type: ignore[no-redef]

logger = logging.getLogger(__name__)

NAME = "shoelace"
KIND = "web-components app with native shadow DOM (Shoelace, npm)"
FAST = True
#: The case `make test` runs (tests/realworld/test_fast_subset.py).
FAST_CASE = "sl_team_remove_disabled"
PORT = 8822
BASE_URL = f"http://127.0.0.1:{PORT}"
PACKAGES = ("@shoelace-style/shoelace@2.20.1",)
SITE = common.APPS_DIR / "shoelace_site"


def _www() -> Path:
    return common.DATA / "shoelace-www"


def install() -> None:
    """npm-install Shoelace into `.realworld/node-shoelace` and lay out the site with its dist."""
    prefix = common.ensure_npm(NAME, PACKAGES)
    # cdn/ is the self-contained build; dist/ imports bare "lit" specifiers a browser cannot load.
    dist = prefix / "node_modules" / "@shoelace-style" / "shoelace" / "cdn"
    if not (dist / "shoelace.js").is_file():
        missing = dist / "shoelace.js"
        raise common.AppError(f"Shoelace install: {missing} is missing. Delete {prefix} and retry.")
    www = _www()
    www.mkdir(parents=True, exist_ok=True)
    for page in SITE.iterdir():
        shutil.copy2(page, www / page.name)
    link = www / "shoelace"
    if not link.is_symlink():
        if link.exists():
            shutil.rmtree(link)
        link.symlink_to(dist, target_is_directory=True)


def start() -> str:
    """Serve the settings app on 127.0.0.1:8822 with python's http.server; return its URL."""
    if common.answers(f"{BASE_URL}/shoelace/shoelace.js"):
        return BASE_URL
    install()
    argv = [sys.executable, "-m", "http.server", str(PORT), "--bind", "127.0.0.1"]
    argv += ["--directory", str(_www())]
    common.start_process(NAME, argv, f"{BASE_URL}/shoelace/shoelace.js")
    return BASE_URL


def stop() -> None:
    """Stop the static server."""
    common.stop_process(NAME)
