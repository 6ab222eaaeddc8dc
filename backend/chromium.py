"""Which Chromium a local launch starts and with which flags, readable without pydantic: the
settings use it, and so does the launch `pacts test` starts before its settings are read
(backend/browser/driver.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

#: Where Chromium is looked for when PACTS_CHROMIUM_PATH is unset, in order.
CHROMIUM_CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
)
CHROMIUM_INSTALL_HINT = (
    "install it with `sudo apt-get install -y chromium` or set PACTS_CHROMIUM_PATH"
)

#: Flags every headless launch needs on a locked-down machine (no network but loopback).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def find_chromium(setting: str | None) -> str | None:
    """The Chromium executable to launch: `setting` (a file or a name on PATH), else the first
    of CHROMIUM_CANDIDATES on PATH."""
    if setting:
        if Path(setting).is_file():
            return str(Path(setting))
        return shutil.which(setting)
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None
