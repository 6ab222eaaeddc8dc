"""Playwright's driver for `pacts test`, started before the settings are read, and Chromium
launched on it as soon as it is up, from the launch options the environment and `.env` give
(read here without pydantic, the settings' import being what the launch overlaps).

That early launch is a guess: `launch()` (session.py) takes its browser only when the settings'
own `launch_options` are equal to the guessed ones, and closes it otherwise (a remote browser
configured, a setting the guess read differently); a run never uses a browser launched with
other options than its settings give.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backend.chromium import CHROMIUM_ARGS, find_chromium

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

logger = logging.getLogger(__name__)

#: The settings a remote browser is named by (Settings' field or its aliases, lower case as
#: pydantic-settings reads the environment): with one set, no local browser is launched early.
REMOTE_NAMES = (
    "pacts_browser_ws",
    "pacts_browser_ws_endpoint",
    "browser_ws_endpoint",
    "pacts_cdp_url",
)
#: pydantic's words for a bool (lower case).
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def start_driver() -> asyncio.Future[Playwright]:
    """Start Playwright's driver (a Node process), with Node's compile cache on: the driver's
    start-up is mostly compiling its JavaScript, which the cache saves from the second run on."""
    from playwright.async_api import async_playwright

    if "NODE_COMPILE_CACHE" not in os.environ and "NODE_DISABLE_COMPILE_CACHE" not in os.environ:
        os.environ["NODE_COMPILE_CACHE"] = str(_cache_home() / "pacts" / "node-compile-cache")
    return asyncio.ensure_future(async_playwright().start())


def _cache_home() -> Path:
    """$XDG_CACHE_HOME, else ~/.cache (where Playwright keeps its browsers too)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def guessed_options(*, headed: bool, env_file: Path = Path(".env")) -> dict[str, Any] | None:
    """The `chromium.launch` options the settings will most likely give (session.py's
    `launch_options`), from the environment over `.env`; None when a remote browser is
    configured or a value is one the guess does not read (the settings will tell)."""
    values = _file_values(env_file)
    values.update((k.lower(), v) for k, v in os.environ.items())
    if any(values.get(name) for name in REMOTE_NAMES):
        return None
    headless = (values.get("pacts_headless") or "true").strip().lower()
    if headless not in _TRUE | _FALSE:
        return None
    path = find_chromium(values.get("pacts_chromium_path"))
    if path is None:
        return None
    return {
        "executable_path": path,
        "headless": headless in _TRUE and not headed,
        "args": list(CHROMIUM_ARGS),
    }


def _file_values(env_file: Path) -> dict[str, str]:
    """`.env`'s values, keys in lower case (pydantic-settings reads it with python-dotenv)."""
    if not env_file.is_file():
        return {}
    from dotenv import dotenv_values

    try:
        values = dotenv_values(env_file, encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}  # the settings will say what is wrong with it
    return {k.lower(): v for k, v in values.items() if v is not None}


@dataclass
class EarlyLaunch:
    """A local Chromium launched on the driver before the settings were read, with `options`."""

    options: dict[str, Any]
    browser: asyncio.Future[Browser]
    #: Whether `launch()` took the browser (then the session closes it, not this).
    taken: bool = field(default=False)

    @classmethod
    def start(cls, driver: asyncio.Future[Playwright], options: dict[str, Any]) -> EarlyLaunch:
        """Launch with `options` as soon as `driver` is up."""

        async def launch() -> Browser:
            playwright = await driver
            return await playwright.chromium.launch(**options)

        return cls(options, asyncio.ensure_future(launch()))

    async def take(self, options: dict[str, Any] | None) -> Browser | None:
        """The browser, when it was launched with exactly `options` (None: a remote browser is
        configured); else it is closed and None returned. A failed launch with the right
        options raises as `chromium.launch` does."""
        if options != self.options:
            logger.debug("the early browser's options differ from the settings': closed")
            await self.discard()
            return None
        self.taken = True
        return await self.browser

    async def discard(self) -> None:
        """Close the browser unless `take()` handed it over (no stray Chromium)."""
        if self.taken:
            return
        self.taken = True
        try:
            browser = await self.browser
        except Exception:  # it never launched: nothing to close
            return
        with contextlib.suppress(Exception):
            await browser.close()
