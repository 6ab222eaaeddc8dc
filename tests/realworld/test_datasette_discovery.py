"""Discovery on a real Datasette table page (PyPI's Datasette 0.65): "next to X" where X is
loose text beside a link (no row, list item or label holds both), and a row that holds the
text winning over an element that only has it as its on-screen neighbour (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.discovery.engine import DiscoveryFailed, discover
from backend.models import Target
from tests.realworld.apps import datasette

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    datasette.install()
    yield datasette.start()
    datasette.stop()


async def test_a_link_next_to_loose_text_in_a_paragraph(browser_session: Any, site: str) -> None:
    page = browser_session.page
    await page.goto(site + "/library/authors")
    # <p class="export-links">This data as <a>json</a>, <a>CSV</a> ...: no row, no label
    found = await discover(page, Target(kind="link", name="json", near="This data as"), "click", 5)
    assert await found.locator.resolve(page).get_attribute("href") == "/library/authors.json"
    # The same link is not "next to" a name in the table far below it
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(kind="link", name="json", near="Chinua Achebe"), "click", 1)
    assert failed.value.kind == "selector_not_found"


async def test_the_row_that_holds_the_text_wins_over_a_neighbour(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/library/authors")
    # Sorted by name, "Chinua Achebe" is the first row: the "name" column heading is just above
    # it (its neighbour), but the link in the row for that author is the row's own id link.
    found = await discover(page, Target(kind="link", near="Chinua Achebe"), "click", 5)
    loc = found.locator.resolve(page)
    row = await loc.evaluate("e => e.closest('tr') && e.closest('tr').innerText")
    assert row is not None and "Chinua Achebe" in row
    assert await loc.evaluate("e => e.closest('td') !== null")
