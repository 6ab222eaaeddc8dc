"""pytest-playwright on Debian's Chromium for the hand-written suite (no `playwright install`)."""

from __future__ import annotations

import os
from typing import Any

import pytest


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {k: v for k, v in browser_type_launch_args.items() if k != "channel"}
    return {
        **args,
        "executable_path": os.environ.get("PACTS_CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": ["--no-sandbox", "--disable-gpu"],
    }
