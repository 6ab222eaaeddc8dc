"""Checks and discovery on a real JupyterLab page (PyPI's JupyterLab): the CSV viewer paints its
cells on <canvas>, so "Maria Rossi" is on screen and in no element, and a failed check says so
instead of only blaming the app; a menu named by one word of a longer name is not a match
(issue 13)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest

from backend.actions import element_code
from backend.browser.evidence import canvas_hint
from backend.browser.perform import perform
from backend.browser.settle import wait_startup
from backend.discovery.engine import DiscoveryFailed, discover
from backend.discovery.patience import YOUNG_PAGE_S, keep_looking, still_loading
from backend.healing.strategies import wait_for_quiet
from backend.models import Step, Target
from tests.realworld.apps import jupyterlab

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def lab() -> Iterator[str]:
    jupyterlab.install()
    yield jupyterlab.start()
    jupyterlab.stop()


async def test_text_drawn_on_the_csv_grid_canvas_is_named_as_such(
    browser_session: Any, lab: str
) -> None:
    page = browser_session.page
    await page.goto(lab + "/lab/tree/data/guests.csv?reset")
    grid = page.locator(".jp-MainAreaWidget canvas").first
    await grid.wait_for(state="visible", timeout=60_000)
    assert await page.get_by_text("Maria Rossi").count() == 0  # in no element's text
    hint = await canvas_hint(page, "Maria Rossi")
    assert "<canvas>" in hint and "'Maria Rossi' is in no element" in hint
    # Text that is in the page (the tab's label) is not blamed on the canvas
    assert await canvas_hint(page, "guests.csv") == ""


async def test_one_word_of_a_long_name_is_not_a_match(browser_session: Any, lab: str) -> None:
    page = browser_session.page
    await page.goto(lab + "/lab?reset")
    await page.get_by_role("menuitem", name="File", exact=True).wait_for(timeout=60_000)
    # The menu "File" is one word of six, from the middle: it is not the element meant (the
    # file's entry is named "notes.md"; the tester's words around it are the planner's to read)
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(name="notes.md in the file browser"), "dblclick", 2)
    assert failed.value.kind == "selector_not_found"
    found = await discover(page, Target(name="notes.md"), "dblclick", 10)
    assert "notes.md" in found.locator.expr()


async def test_waiting_for_quiet_ends_beside_a_blinking_cursor(
    browser_session: Any, lab: str
) -> None:
    # A notebook cell's editor blinks its cursor with an infinite CSS animation: waiting for
    # every animation to finish hung the healer until the run was killed (300 s)
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/quiet/tree/Welcome.ipynb")
    editor = page.locator(".jp-CodeCell .cm-content").first
    await editor.wait_for(timeout=60_000)
    await editor.click()
    timings = await page.evaluate(
        "() => document.getAnimations().map(a => a.effect.getComputedTiming().endTime)"
    )
    assert float("inf") in timings  # the page does run an endless animation
    started = time.perf_counter()
    await asyncio.wait_for(wait_for_quiet(browser_session, 2.0), 30)
    assert time.perf_counter() - started < 15


async def test_a_cell_to_type_into_is_its_editor_never_the_cell_type_list(
    browser_session: Any, lab: str
) -> None:
    # "Type ... into the first cell": a cell is a <div aria-label="Code Cell Content"> with no
    # role, holding an unnamed CodeMirror textbox; the toolbar's "Cell type" <select> holds the
    # word too but takes no typing. The step types into the cell's one editable element.
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/celltype/tree/Welcome.ipynb")
    await page.get_by_role("combobox", name="Cell type").wait_for(timeout=60_000)
    await page.locator(".jp-CodeCell .cm-content").first.wait_for(timeout=30_000)
    step = Step(action="fill", target=Target(name="cell", nth=-1), value="print(6 * 7)")
    found = await discover(page, step.target, "fill", 10)  # type: ignore[arg-type]
    # the boxes are every cell whose label holds "cell" (a Markdown cell shown as its source
    # holds an editor too); the last of them is the code cell
    expr = found.locator.expr()
    assert "[aria-label='Code Cell Content']" in expr
    assert expr.endswith('.nth(-1).get_by_role("textbox")')
    assert "took the one editable inside the box" in found.note
    await perform(page, step, found.locator.resolve(page), step.value, found.fingerprint, 10.0)
    assert await page.locator(".jp-CodeCell .cm-content").last.inner_text() == "print(6 * 7)"
    found = await discover(page, Target(name="Cell type"), "select", 5)  # it is still a list
    assert "Cell type" in found.locator.expr()
    with pytest.raises(DiscoveryFailed) as failed:  # no box is labelled with this word
        await discover(page, Target(name="spreadsheet", nth=1), "fill", 1)
    assert failed.value.kind == "selector_not_found"


async def test_a_menu_and_a_folder_named_with_what_they_are(browser_session: Any, lab: str) -> None:
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/loosen?reset")
    await page.get_by_role("menuitem", name="File", exact=True).wait_for(timeout=60_000)
    menu = await discover(page, Target(name="File menu"), "click", 10)
    assert menu.locator.expr() == 'page.get_by_role("menuitem", name="File", exact=True)'
    await page.get_by_text("reports", exact=True).wait_for(timeout=30_000)
    folder = await discover(page, Target(name="reports folder"), "dblclick", 10)
    assert "reports" in folder.locator.expr() and "reports folder" in folder.note
    await folder.locator.resolve(page).dblclick()
    await page.get_by_text("weekly.txt", exact=True).wait_for(timeout=10_000)


async def test_the_editor_is_not_the_edit_menu(browser_session: Any, lab: str) -> None:
    # "the editor shows ...": "Edit" is another word, not a typo of "editor"
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/editor?reset")
    await page.get_by_role("menuitem", name="Edit", exact=True).wait_for(timeout=60_000)
    with pytest.raises(DiscoveryFailed):
        await discover(page, Target(name="editor"), "assert_text", 2)


async def test_waiting_for_the_app_to_load_ends_once_its_requests_are_done(
    browser_session: Any, lab: str
) -> None:
    # "Wait for JupyterLab to load": the load event, then network quiet. JupyterLab keeps
    # polling its server (kernels, sessions, contents) and holds a websocket open; the wait
    # still ends, and the app has fetched what draws its file browser by then
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/waitload?reset", wait_until="commit")
    step = Step(action="wait_load")
    started = time.perf_counter()
    await perform(page, step, None, None, None, 30.0)
    assert time.perf_counter() - started < 30
    await page.get_by_text("reports", exact=True).wait_for(timeout=10_000)


async def test_open_on_a_file_browser_entry_double_clicks_it(
    browser_session: Any, lab: str
) -> None:
    # "Open the reports folder": a click only selects the entry; the step double-clicks it, in
    # the run and in the generated test alike (both read the element found)
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/openentry?reset")
    await page.get_by_text("reports", exact=True).wait_for(timeout=60_000)
    step = Step(action="open", target=Target(name="reports folder"))
    found = await discover(page, step.target, "open", 10)  # type: ignore[arg-type]
    fp = found.fingerprint
    assert element_code("open", fp.tag, fp.role, fp.ancestors) == ("{loc}.dblclick()",)
    await perform(page, step, found.locator.resolve(page), None, fp, 10.0)
    await page.get_by_text("weekly.txt", exact=True).wait_for(timeout=10_000)
    # The Launcher's "Python 3 (ipykernel)" card opens on one click: it is no list entry
    card = await discover(page, Target(name="Python 3 (ipykernel)", context="Notebook"), "open", 10)
    card_fp = card.fingerprint
    assert element_code("open", card_fp.tag, card_fp.role, card_fp.ancestors) == ("{loc}.click()",)


async def test_the_editor_is_the_one_code_editor_of_an_open_file(
    browser_session: Any, lab: str
) -> None:
    # "Verify the editor contains ...": the file editor's CodeMirror box has no name; it is the
    # page's one visible multi-line text field (the notebook's, the console's are not open)
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/mdeditor/tree/notes.md?reset")
    await page.locator(".jp-FileEditor .cm-content").wait_for(timeout=60_000)
    step = Step(
        action="assert_text",
        target=Target(kind="editor", name=""),
        value="The late shift ends at 23:00.",
        expect="contains",
    )
    found = await discover(page, step.target, "assert_text", 10)  # type: ignore[arg-type]
    assert "contenteditable" in found.locator.expr()
    await perform(page, step, found.locator.resolve(page), step.value, found.fingerprint, 10.0)
    wrong = step.model_copy(update={"value": "Call Tom for keys."})
    with pytest.raises(AssertionError):
        await perform(page, wrong, found.locator.resolve(page), wrong.value, found.fingerprint, 1.0)


async def test_a_page_still_loading_gets_a_grace_past_the_step_timeout(
    browser_session: Any, lab: str
) -> None:
    # Right after `/lab?reset` the app is still fetching and drawing (its entries sit hidden
    # behind the splash screen for a while): under load its file browser came after the 10 s
    # step timeout. While it loads, discovery looks on, up to the step's timeout again.
    page = browser_session.page
    await page.goto(lab + "/lab/workspaces/grace?reset", wait_until="commit")
    assert await still_loading(page)
    started = time.perf_counter()
    assert await keep_looking(page, started - 1.0, 1.0)  # past a 1 s timeout, within grace
    assert not await keep_looking(page, started - 2.0, 1.0)  # the grace (1 s more) is used up
    found = await discover(page, Target(kind="menuitem", name="File"), "assert_visible", 10.0)
    assert found.locator.expr() == 'page.get_by_role("menuitem", name="File", exact=True)'
    # Once loaded (quiet, and older than a starting page), there is no grace: a missing
    # element fails at the step timeout
    await page.wait_for_load_state("networkidle")
    await page.wait_for_function(f"performance.now() > {YOUNG_PAGE_S * 1000}", timeout=30_000)
    # JupyterLab polls its server now and then (sessions, kernels): under load a poll may be in
    # flight at any one look, so wait for a quiet one (loading itself never stops being seen)
    for _ in range(120):
        if not await still_loading(page):
            break
        await asyncio.sleep(0.25)
    else:
        pytest.fail("JupyterLab never went quiet for 30 s after its load")
    assert not await keep_looking(page, time.perf_counter() - 1.0, 1.0)
    with pytest.raises(DiscoveryFailed):
        await discover(page, Target(name="no-such-file.txt"), "assert_visible", 1.0)


async def test_a_navigation_settles_once_the_notebook_is_the_open_document(
    browser_session: Any, lab: str
) -> None:
    # run_welcome_notebook: the menu bar is drawn by the load event, the notebook opens 2-4 s
    # later (after the layout is restored). A Run menu opened before that offers a greyed "Run
    # All" and is never redrawn; once the start-up is over it offers "Run All Cells".
    page = browser_session.page
    acted = time.perf_counter()
    await page.goto(lab + "/lab/workspaces/startup/tree/Welcome.ipynb?reset")
    assert await wait_startup(browser_session, acted, 30.0)
    await page.get_by_role("menuitem", name="Run", exact=True).click()
    entry = page.get_by_role("menuitem", name="Run All Cells", exact=True)
    assert await entry.count() == 1 and await entry.get_attribute("aria-disabled") != "true"
    await page.keyboard.press("Escape")
