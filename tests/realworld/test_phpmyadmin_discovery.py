"""Discovery and execution on real phpMyAdmin pages (Debian's package on MariaDB): the navigation
panel, a role-less <div id="pma_navigation">, as the context "navigation"; "Sign in" for the
"Log in" button; the same table linked twice with its URL's parameters in another order (one
choice); the SQL box, a CodeMirror editor over a hidden <textarea>; and the Delete link that
removes its row by AJAX instead of leaving the page (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.browser.perform import perform
from backend.discovery.engine import DiscoveryFailed, discover
from backend.healing.checks import acted_in_place
from backend.models import Fingerprint, LocatorCall, LocatorSpec, SelectorRecord, Step, Target
from tests.realworld.apps import phpmyadmin

pytestmark = pytest.mark.e2e
USER, PASSWORD = phpmyadmin.DB_USER
#: Where an element sits: inside the navigation panel or not.
IN_NAVIGATION_JS = "e => e.closest('#pma_navigation') !== null"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    phpmyadmin.install()
    phpmyadmin.reset()
    yield phpmyadmin.start()
    phpmyadmin.stop()
    phpmyadmin.reset()  # the tests delete a guest


async def _log_in(page: Any, site: str, route: str = "/") -> None:
    await page.goto(f"{site}/index.php?route={route}")
    await page.get_by_role("textbox", name="Username:").fill(USER)
    await page.get_by_role("textbox", name="Password:").fill(PASSWORD)
    # "Sign in" (the log-in macro says the tester's verb) is the button that reads "Log in"
    found = await discover(page, Target(kind="button", name="Sign in"), "click", 5)
    assert await found.locator.resolve(page).get_attribute("value") == "Log in"
    await found.locator.resolve(page).click()
    await page.get_by_role("link", name="Log out").first.wait_for(state="attached")


async def test_the_navigation_panel_is_the_box_named_by_its_id(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await _log_in(page, site)
    found = await discover(page, Target(name="hotel", context="navigation"), "click", 5)
    assert await found.locator.resolve(page).evaluate(IN_NAVIGATION_JS)
    logout = Target(kind="img", name="Log out", context="navigation")
    found = await discover(page, logout, "click", 5)
    assert await found.locator.resolve(page).evaluate(IN_NAVIGATION_JS)


async def test_one_table_linked_twice_with_its_parameters_reordered_is_one_choice(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await _log_in(page, site, "/database/structure&db=hotel")
    # where the log-in lands depends on where the last session was: open the table list, and
    # wait for the navigation tree, which loads its table links after the page
    await page.goto(f"{site}/index.php?route=/database/structure&db=hotel")
    await page.locator("#pma_navigation").get_by_role("link", name="guests").first.wait_for()
    # the navigation tree: ?route=/sql&pos=0&db=hotel&table=guests; the table list:
    # ?route=/sql&db=hotel&table=guests&pos=0
    found = await discover(page, Target(name="guests"), "click", 5)
    assert "2 equivalent elements" in found.note
    # links to different tables are still told apart (rooms is not guests)
    other = await discover(page, Target(name="rooms"), "click", 5)
    assert await other.locator.resolve(page).get_attribute("href") != await found.locator.resolve(
        page
    ).get_attribute("href")


async def test_the_sql_box_is_filled_through_its_codemirror_editor(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await _log_in(page, site, "/database/sql&db=hotel")
    # phpMyAdmin lands on the database's Structure page, whatever route the login interrupted:
    # no SQL box there, and the SQL tab's icon (<img alt="SQL">) is no field
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(kind="textbox", name="SQL"), "fill", 1)
    assert failed.value.kind == "selector_not_found"
    await page.goto(f"{site}/index.php?route=/database/sql&db=hotel")
    # <textarea name="sql_query" aria-label="SQL query" style="display: none"> + CodeMirror
    found = await discover(page, Target(kind="textbox", name="SQL query"), "fill", 5)
    assert found.strategy.startswith("editor_")
    sql = "SELECT COUNT(*) AS guest_count FROM guests"
    editor = found.locator.resolve(page)
    step = Step(action="fill", target=Target(kind="textbox", name="SQL query"), value=sql)
    await perform(page, step, editor, sql, found.fingerprint, 5.0)
    value = await page.evaluate(
        "document.querySelector('#sqlquery + .CodeMirror').CodeMirror.getValue()"
    )
    assert value == sql
    await page.locator("#button_submit_query").click()
    await page.get_by_text("guest_count").first.wait_for()


async def test_a_delete_link_that_removes_its_row_in_place_did_its_work(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await _log_in(page, site, "/sql&db=hotel&table=guests&pos=0")  # lands on Browse
    row = page.get_by_role("row").filter(has_text="Jan Novak")
    spec = LocatorSpec(
        calls=(
            LocatorCall(method="get_by_role", args=("row",)),
            LocatorCall(method="filter", kwargs={"has_text": "Jan Novak"}),
            LocatorCall(method="get_by_role", args=("link",), kwargs={"name": "Delete"}),
        )
    )
    record = SelectorRecord(
        key="k",
        origin=site,
        route="/index.php",
        target="Delete",
        selector=spec.expr(),
        locator=spec,
        strategy="scoped_role",
        fingerprint=Fingerprint(tag="a", name="Delete"),
    )
    assert not await acted_in_place(page, record)  # on screen, no dialog: nothing done yet
    url = page.url
    await spec.resolve(page).click()  # no navigation: the row goes by AJAX
    await row.wait_for(state="detached")
    assert page.url == url
    assert await acted_in_place(page, record)
