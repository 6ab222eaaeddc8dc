"""A single-page app that opens its document after its load event (issue 13, JupyterLab's
run_welcome_notebook): the shell and its menu bar are drawn by the load event, then the app
fetches its state in waves, builds its layout between them, and opens the document. A menu
opened before that is drawn for no document ("Run All", greyed out) and is not redrawn while
open; a tester opens it once the document is there. A navigation settles when the page's
start-up requests are done."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.browser.settle import STARTUP_QUIET_S, wait_opened, wait_startup
from tests.helpers.cli import cold_then_warm
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

#: The shell (a menu bar, a toolbar) at load; the document opens after two waves of requests.
#: The Run menu is drawn when it opens, for the document open at that moment.
APP = """<!doctype html><title>Lab</title>
<div role="menubar"><span role="menuitem" onclick="openRun()">Run</span></div>
<div id="menu"></div>
<div role="toolbar" aria-label="main area toolbar" id="toolbar"></div>
<main id="doc"><p>Loading...</p></main>
<script>
let opened = false;
function openRun() {
  document.getElementById('menu').innerHTML = opened
    ? '<ul role="menu"><li role="menuitem" onclick="runAll()">Run All Cells</li></ul>'
    : '<ul role="menu"><li role="menuitem" aria-disabled="true">Run All</li></ul>';
}
function runAll() {
  document.getElementById('menu').innerHTML = '';
  document.getElementById('doc').insertAdjacentHTML('beforeend', '<pre>Total nights: 11</pre>');
}
// between the two waves the app builds its layout for a while, with no request in flight
const layout = () => new Promise(done => {
  let panes = 0;
  const add = setInterval(() => {
    document.body.insertAdjacentHTML('beforeend', '<div class="pane"></div>');
    if (++panes === LAYOUT_STEPS) { clearInterval(add); done(); }
  }, 150);
});
const LAYOUT_STEPS = 6;
fetch('/api/state').then(layout).then(() => fetch('/api/contents')).then(() => {
  opened = true;
  document.getElementById('doc').innerHTML = '<h1>Welcome</h1>';
  document.getElementById('toolbar').innerHTML =
    '<button title="Restart the kernel and run all cells">&#9193;</button>';
});
</script>"""
REQUIREMENT = """# Run all cells of the Welcome notebook
1. Open the Run menu
2. Click "Run All Cells"
3. Verify "Total nights: 11" is visible
"""
#: Each wave of the start-up: together longer than settle's bound for an action's requests.
WAVE_S = 1.3
#: The layout between the waves: 6 steps of 150 ms, with no request in flight.
LAYOUT_S = 0.9


@pytest.fixture
def app() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/lab"] = APP
        served.pages["/quiet"] = "<!doctype html><title>Quiet</title><h1>Quiet</h1>"
        served.pages["/api/state"] = served.pages["/api/contents"] = "{}"
        served.delays["/api/state"] = served.delays["/api/contents"] = WAVE_S
        yield served


def test_a_menu_opened_after_navigating_is_the_open_documents_menu(
    app: PageSite, tmp_path: Path
) -> None:
    req = tmp_path / "run_all.md"
    req.write_text(REQUIREMENT)
    cold, warm = cold_then_warm(req, app.url + "/lab", tmp_path)
    for run in (cold, warm):
        clicked = run["steps"][2]
        assert clicked["status"] == "passed", clicked
        assert "menuitem" in clicked["selector"] and "Run All Cells" in clicked["selector"]


async def test_a_new_document_settles_when_its_start_up_requests_are_done(
    browser_session, app: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    acted = time.perf_counter()
    await page.goto(app.url + "/lab")
    assert await wait_startup(browser_session, acted, 10.0)
    assert await page.get_by_role("heading", name="Welcome").count() == 1
    assert time.perf_counter() - acted >= 2 * WAVE_S + LAYOUT_S + STARTUP_QUIET_S


async def test_a_page_with_nothing_in_flight_or_not_opened_by_the_action_costs_one_look(
    browser_session, app: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    acted = time.perf_counter()
    await page.goto(app.url + "/quiet")
    assert not await wait_startup(browser_session, acted, 10.0)
    await page.goto(app.url + "/lab")
    await page.wait_for_timeout(1200)  # still starting up; opened well before this "action"
    later = time.perf_counter()
    assert not await wait_startup(browser_session, later, 10.0)
    assert time.perf_counter() - later < 0.5
    assert await page.get_by_role("heading", name="Welcome").count() == 0


async def test_a_start_up_waited_out_leaves_the_alerts_to_the_oracle(
    browser_session, app: PageSite
) -> None:  # type: ignore[no-untyped-def]
    # Only the one look of a page with nothing in flight answers for the alerts ([]: nothing
    # there); the looks of a start-up waited out do not walk the page for them (None).
    page = browser_session.page
    acted = time.perf_counter()
    await page.goto(app.url + "/quiet")
    assert await wait_opened(browser_session, acted, 10.0) == []
    acted = time.perf_counter()
    await page.goto(app.url + "/lab")
    assert await wait_opened(browser_session, acted, 10.0) is None
    assert await page.get_by_role("heading", name="Welcome").count() == 1
