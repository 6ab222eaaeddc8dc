"""The browser `pacts test` launches before its settings are read (backend/browser/driver.py):
taken when launched with the options the settings give, closed otherwise, and the run's browser
then launched with the settings' own options."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from backend.browser.driver import EarlyLaunch, start_driver
from backend.browser.session import launch, launch_options
from backend.errors import BrowserError
from backend.settings import Settings
from tests.helpers.cli import REPO, service_env
from tests.helpers.processes import alive, descendants

pytestmark = pytest.mark.e2e

#: A switch Chromium ignores, marking the processes of a launch the settings did not ask for.
WRONG = "--pacts-not-asked-for"


def _chromium_with(flag: str) -> set[int]:
    """Living Chromium processes under this one whose command line holds `flag`."""
    found = set()
    for pid in alive(descendants()):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if flag.encode() in argv:
            found.add(pid)
    return found


async def test_the_early_browser_is_taken_when_the_options_agree(settings: Settings) -> None:
    before = descendants()
    driver = start_driver()
    early = EarlyLaunch.start(driver, launch_options(settings))
    session = await launch(settings, page=False, driver=driver, early=early)
    try:
        assert session.browser is early.browser.result() and session.browser.is_connected()
        page = await session.fresh_page()
        assert await page.evaluate("1 + 1") == 2
    finally:
        await session.close()
    assert not alive(descendants() - before), "a driver or Chromium process outlived close()"


async def test_an_early_browser_with_other_options_is_closed_and_not_used(
    settings: Settings,
) -> None:
    before = descendants()
    other = launch_options(settings)
    other["args"] = [*other["args"], WRONG]
    driver = start_driver()
    early = EarlyLaunch.start(driver, other)
    first = await early.browser  # launched before the settings are compared
    assert _chromium_with(WRONG)
    session = await launch(settings, page=False, driver=driver, early=early)
    try:
        assert session.browser is not first and not first.is_connected()
        assert not _chromium_with(WRONG), "the wrongly launched Chromium still runs"
        assert _chromium_with("--disable-sync"), "no Chromium with the settings' options"
        page = await session.fresh_page()
        assert await page.evaluate("1 + 1") == 2
    finally:
        await session.close()
    assert not alive(descendants() - before), "a driver or Chromium process outlived close()"


async def test_no_early_browser_is_used_for_a_remote_browser(settings: Settings) -> None:
    remote = settings.model_copy(update={"cdp_url": "http://127.0.0.1:9"})
    before = descendants()
    driver = start_driver()
    early = EarlyLaunch.start(driver, launch_options(settings))
    first = await early.browser
    with pytest.raises(BrowserError, match=r"remote browser at .* is unreachable"):
        await launch(remote, page=False, driver=driver, early=early)
    assert not first.is_connected()
    assert not alive(descendants() - before), "a driver or Chromium process outlived the error"


def test_pacts_test_launches_chromium_once(tmp_path: Path, demo_url: str) -> None:
    # The CLI's match path: the early browser is the run's (DEBUG=pw:api logs each launch).
    from backend.demo.server import DEMO_PASSWORD

    env = {**service_env(tmp_path, None, None), "PACTS_BASE_URL": demo_url}
    env.update(DEMO_PASSWORD=DEMO_PASSWORD, DEBUG="pw:api", PACTS_PROGRESS="off")
    result = subprocess.run(
        [sys.executable, "-m", "backend.cli.main", "-q", "test", "--req", "demo_search"],
        cwd=REPO,
        env={k: v for k, v in env.items() if k != "PACTS_HEADLESS"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert result.stderr.count("BrowserType.launch started") == 1, result.stderr[-2000:]


async def test_bad_input_leaves_no_browser_and_the_collector_on() -> None:
    # run_test turns the garbage collector off for the imports (suite.imports_done() turns it
    # back on); a run stopped by its input must not leave it off, nor a process behind.
    from backend.cli.testrun import run_test
    from backend.errors import UsageError

    def prepare() -> Any:
        raise UsageError("no such requirement", fix="check --req")

    before = descendants()
    with pytest.raises(UsageError):
        await run_test(prepare, url=None, loops=1, force=False)
    assert gc.isenabled()
    assert not alive(descendants() - before), "a driver or Chromium process outlived the error"
