"""A text check on a real JupyterLab page (PyPI's JupyterLab): the CSV viewer paints its cells on
<canvas>, so "Maria Rossi" is on screen and in no element. A failed check says so instead of
only blaming the app (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.browser.evidence import canvas_hint
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
