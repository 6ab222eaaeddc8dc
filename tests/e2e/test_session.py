"""A suite's next run gets a fresh context (issue 15): nothing of the last run (cookies,
console errors, failed requests) reaches the next, and the last context is closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.browser.session import BrowserSession
from backend.settings import Settings
from tests.helpers.pages import PageSite, serve_pages
from tests.helpers.processes import alive, descendants

pytestmark = pytest.mark.e2e

NOISY = """<!doctype html><title>Noisy</title>
<script>document.cookie = 'seen=1; path=/'; console.error('boom from the last run');
fetch('http://127.0.0.1:9/nothing-listens').catch(() => {});</script><p>noisy</p>"""


@pytest.fixture
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/noisy"] = NOISY
        served.pages["/quiet"] = "<!doctype html><title>Quiet</title><p>quiet</p>"
        yield served


async def test_the_next_run_starts_clean_and_the_last_context_is_closed(
    settings: Settings, site: PageSite
) -> None:
    from backend.browser.session import launch

    session: BrowserSession = await launch(settings, trace=True)
    try:
        await session.page.goto(site.url + "/noisy")
        await session.page.wait_for_function("document.cookie.includes('seen')")
        await session.page.wait_for_timeout(200)  # the failed fetch lands in the lists
        assert session.console_errors and session.failed_requests
        last = session.context
        assert last is not None
        page = await session.fresh_page(trace=True)
        assert session.context is not last and session.tracing
        assert last.pages == [] and await page.context.cookies() == []
        await page.goto(site.url + "/quiet")
        assert session.console_errors == [] and session.failed_requests == []
        assert await page.evaluate("document.cookie") == ""
    finally:
        await session.close()


async def test_closing_the_session_leaves_no_chromium_running(
    settings: Settings, site: PageSite
) -> None:
    # close() lets the browser close its context (no context.close() first): every process
    # the launch started (the driver, Chromium's) must still be gone when close() returns.
    from backend.browser.session import launch

    before = descendants()
    session: BrowserSession = await launch(settings, trace=True)
    await session.page.goto(site.url + "/quiet")
    started = descendants() - before
    assert any("chrom" in _name(pid) for pid in started)
    await session.stop_trace(None)
    await session.close()
    assert alive(started) == set()


def _name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().split(b"\0")[0].decode(errors="replace").lower()
    except OSError:
        return ""


async def test_a_suites_spare_context_is_as_fresh_and_a_traced_run_opens_its_own(
    settings: Settings, site: PageSite
) -> None:
    """`spares`: each fresh page starts opening the next run's context while the run goes on
    (issue 15); the next run gets it clean, a run traced from its start opens its own, and a
    spare left unused dies with the browser."""
    from backend.browser.session import launch

    before = descendants()
    session: BrowserSession = await launch(settings, page=False)
    session.spares = True
    try:
        await session.fresh_page()
        spare = session._spare
        assert spare is not None  # opening while the first run goes on
        await session.page.goto(site.url + "/noisy")
        await session.page.wait_for_function("document.cookie.includes('seen')")
        first = session.context
        page = await session.fresh_page()
        assert (session.context, page) == await spare and first is not None and first.pages == []
        assert await page.context.cookies() == [] and session.console_errors == []
        await page.goto(site.url + "/quiet")
        assert await page.evaluate("document.cookie") == ""
        unused = session._spare
        assert unused is not None and unused is not spare
        traced = await session.fresh_page(trace=True)
        assert traced.context is not (await unused)[0] and session._spare is unused
        await session.stop_trace(None)
    finally:
        started = descendants() - before
        await session.close()
    assert session._spare is None and alive(started) == set()
