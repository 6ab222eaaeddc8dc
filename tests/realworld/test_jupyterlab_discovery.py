"""Checks and discovery on a real JupyterLab page (PyPI's JupyterLab): the CSV viewer paints its
cells on <canvas>, so "Maria Rossi" is on screen and in no element, and a failed check says so
instead of only blaming the app; a menu named by one word of a longer name is not a match
(issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.browser.evidence import canvas_hint
from backend.discovery.engine import DiscoveryFailed, discover
from backend.models import Target
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
