"""settle() waits for what an action started (a navigation, a fetch whose handler navigates,
a same-document route change) and for nothing else (tests/unit has no timing tests)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from backend.browser.session import BrowserSession
from backend.browser.settle import settle, wait_opened
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

START = """<!doctype html><title>Start</title>
<button id="submit" onclick="location.href='/next'">Submit</button>
<button id="warned" onclick="location.href='/warned'">Warned</button>
<button id="alerts" onclick="location.href='/alerts'">Alerts</button>
<button id="later" onclick="fetch('/api').then(() => { location.href = '/next' })">Later</button>
<button id="route" onclick="history.pushState({}, '', '/routed')">Route</button>
<button id="nothing" onclick="document.title = 'clicked'">Nothing</button>
<button id="shade" onclick="const h = document.createElement('div'); document.body.append(h);
  h.attachShadow({mode: 'open'}).innerHTML = '<p role=progressbar>...</p>';
  setTimeout(() => { h.remove(); document.title = 'done' }, 300)">Shade</button>"""
#: Alerts as a page shows them: plain, in an open shadow root, hidden (not shown: not read), and
#: one a button adds; a spinner a button shows for a while.
ALERTS_PAGE = """<!doctype html><title>Alerts</title>
<div role="alert">Saved for Ada</div><div role="alert" hidden>Hidden</div><div id="host"></div>
<script>document.getElementById('host').attachShadow({mode: 'open'}).innerHTML =
  '<p role="alertdialog">In the shadow</p>'</script>
<button id="add" onclick="document.body.insertAdjacentHTML('beforeend',
  '<p role=alert>Added</p>')">Add</button>
<button id="spin" onclick="const s = document.createElement('div'); s.className = 'spinner';
  s.textContent = '...'; document.body.append(s); setTimeout(() => s.remove(), 300)">
  Spin</button>"""

#: A page that loads with an alert only a shadow root holds, and a hidden one.
WARNED = """<!doctype html><title>Warned</title><h1>Warned</h1><div role="alert" hidden>Hidden</div>
<div id="host"></div><script>document.getElementById('host').attachShadow({mode: 'open'})
  .innerHTML = '<p role="alert">Session expires soon</p>'</script>"""


@pytest.fixture
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/start"] = START
        served.pages["/next"] = "<!doctype html><title>Next</title><h1>Next</h1>"
        served.pages["/api"] = "{}"
        served.pages["/alerts"] = ALERTS_PAGE
        served.pages["/warned"] = WARNED
        yield served


@pytest.mark.parametrize("button", ["submit", "later"])
async def test_a_navigation_the_action_starts_has_landed_when_settle_returns(
    browser_session, site: PageSite, button: str
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(site.url + "/start")
    await page.click(f"#{button}")
    await settle(browser_session, 10.0)
    assert page.url == site.url + "/next"
    assert await page.title() == "Next"  # loaded, not only committed


async def test_a_same_document_route_change_counts_as_a_new_page_state(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(site.url + "/start")
    before = browser_session.documents
    await page.click("#route")
    await settle(browser_session, 10.0)
    assert page.url.endswith("/routed") and browser_session.documents > before


async def test_an_action_that_starts_nothing_leaves_the_page_as_it_is(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(site.url + "/start")
    before = browser_session.documents
    await page.click("#nothing")
    await settle(browser_session, 10.0)
    assert await page.title() == "clicked" and browser_session.documents == before


async def test_a_fetch_playwright_has_not_reported_yet_still_holds_settle(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    # Under load Playwright's request event can come after the frame settle() waits for; a
    # session that hears no request or navigation event at all is that, made certain. The
    # page's own count of the fetch, then its ask for /next, must keep settle() waiting.
    page = browser_session.page
    await page.goto(site.url + "/start")
    site.delays["/api"] = 0.3
    unheard = BrowserSession(
        browser_session.playwright,
        browser_session.browser,
        browser_session.settings,
        context=browser_session.context,
        page=page,
    )
    acted = time.perf_counter()
    await page.click("#later")
    await settle(unheard, 10.0, since=acted)
    assert page.url == site.url + "/next"


async def test_a_new_document_has_not_asked_to_leave_whatever_the_window_asked(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    # A new document's clock starts at 0: a window reaching back before it (the action began
    # before the navigation) must not read its "never left" mark (-1) as a navigation asked
    # for, or settle() waits its whole bound on every navigating step (demo_login: 2 s).
    page = browser_session.page
    await page.goto(site.url + "/start")
    await page.click("#submit")
    await page.wait_for_url(site.url + "/next")
    assert await page.evaluate("window.__pacts.read(60000)") == [0, False]
    await page.evaluate("location.href = '/start'")
    await page.wait_for_url(site.url + "/start")
    assert await page.evaluate("window.__pacts.read(60000)") == [0, False]


#: The Oracle's alerts query (healing/checks.py), which settle()'s answer stands in for.
_QUERY = '[role="alert"]:visible, [role="alertdialog"]:visible'


@pytest.mark.parametrize("button", ["add", "submit"])
async def test_settle_reads_the_alerts_the_page_shows_at_rest(
    browser_session, site: PageSite, button: str
) -> None:  # type: ignore[no-untyped-def]
    # The busy check and the alerts go out in one query: its texts are the Oracle's query's,
    # shadow roots and visibility included, on the page where the action landed.
    page = browser_session.page
    await page.goto(site.url + ("/alerts" if button == "add" else "/start"))
    if button == "submit":
        await page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p role=alert>Left behind</p>')"
        )
    await page.click(f"#{button}")
    alerts = await settle(browser_session, 10.0)
    expected = ["Saved for Ada", "Added", "In the shadow"] if button == "add" else []
    assert alerts is not None and sorted(alerts) == sorted(expected)
    assert sorted(await page.locator(_QUERY).all_inner_texts()) == sorted(expected)


async def test_after_a_busy_wait_settle_leaves_the_alerts_to_the_caller(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    # Alerts read while a spinner showed are not the page at rest: None, the Oracle reads them.
    page = browser_session.page
    await page.goto(site.url + "/alerts")
    await page.click("#spin")
    assert await settle(browser_session, 10.0) is None
    assert await page.locator(".spinner").count() == 0


@pytest.mark.parametrize("button", ["nothing", "shade"])
async def test_a_page_with_nothing_to_show_answers_in_the_frame(
    browser_session, site: PageSite, button: str
) -> None:  # type: ignore[no-untyped-def]
    # No busy indicator and no alert anywhere: the frame's answer is the busy check and the
    # alerts ([]). A spinner in a shadow root is not nothing: settle() waits it out.
    page = browser_session.page
    await page.goto(site.url + "/start")
    await page.click(f"#{button}")
    alerts = await settle(browser_session, 10.0)
    assert await page.title() == ("clicked" if button == "nothing" else "done")
    assert alerts == ([] if button == "nothing" else None)  # after a busy wait: not read


@pytest.mark.parametrize("path", ["/next", "/warned", "/alerts"])
async def test_a_new_document_at_rest_answers_in_the_frame_and_hides_no_alert(
    browser_session, site: PageSite, path: str
) -> None:  # type: ignore[no-untyped-def]
    # After a navigation the frame that saw the new page loaded with no busy indicator and no
    # alert at all stands for the look: []. An alert anywhere (a shadow root), or a hidden
    # one, is not nothing: the look reads what is shown, as the Oracle's query does.
    page = browser_session.page
    await page.goto(site.url + "/start")
    await page.click({"/next": "#submit"}.get(path, "#" + path[1:]))
    alerts = await settle(browser_session, 10.0)
    assert page.url == site.url + path and await page.title() != "Start"
    shown = sorted(await page.locator(_QUERY).all_inner_texts())
    assert alerts is not None and sorted(alerts) == shown
    assert shown == {"/next": [], "/warned": ["Session expires soon"]}.get(path, shown)


@pytest.mark.parametrize("path", ["/next", "/warned", "/alerts"])
async def test_a_step_that_opens_a_page_hands_over_no_alerts_only_when_there_are_none(
    browser_session, site: PageSite, path: str
) -> None:  # type: ignore[no-untyped-def]
    # navigate/reload/go back: [] stands for the Oracle's alerts query only on a page with no
    # alert at all, shown or not; None otherwise (the Oracle reads them).
    page = browser_session.page
    acted = time.perf_counter()
    await page.goto(site.url + path)
    alerts = await wait_opened(browser_session, acted, 10.0)
    assert alerts == ([] if path == "/next" else None)
    assert (await page.locator(_QUERY).all_inner_texts() == []) == (path == "/next")
