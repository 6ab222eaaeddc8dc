"""Discovery and planning on a real Flask-Admin back office (PyPI's Flask-Admin 2.2): the "Add
Filter" dropdown is a Bootstrap dropdown-toggle link, not a combobox; the top bar is the page's
one navigation bar; "the row for X" in a check is that row; a column heading is its sort link;
"the form is not submitted" holds while the form is refused (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.agents.planner import named_pages
from backend.browser.perform import perform
from backend.discovery.engine import DiscoveryFailed, discover
from backend.discovery.menus import menu_entry
from backend.models import Requirement, Step, Target
from backend.planning.rules import plan_requirement
from tests.realworld.apps import flaskadmin

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def admin() -> Iterator[str]:
    flaskadmin.install()
    flaskadmin.reset()
    yield flaskadmin.start()
    flaskadmin.stop()


async def test_the_add_filter_dropdown_is_a_toggle_link(browser_session: Any, admin: str) -> None:
    page = browser_session.page
    await page.goto(admin + "/admin/customer/")
    written = Target(kind="combobox", name="Add Filter")  # "Click the "Add Filter" dropdown"
    found = await discover(page, written, "click", 5)
    assert found.locator.expr() == 'page.get_by_role("link", name="Add Filter", exact=True)'
    assert "Add Filter combobox" in found.note  # the looser reading is on record
    await found.locator.resolve(page).click()
    await page.locator(".field-filters").get_by_text("VIP").wait_for(state="visible")
    # choosing a value from a list is never loosened into clicking a link
    with pytest.raises(DiscoveryFailed):
        await discover(page, written, "select", 1)


async def test_the_top_bar_and_the_row_for_a_customer(browser_session: Any, admin: str) -> None:
    page = browser_session.page
    await page.goto(admin + "/admin/")
    bar = await discover(page, Target(name="", context="top bar"), "assert_text", 5)
    assert bar.locator.expr() == 'page.get_by_role("navigation")'
    assert "Shop Back Office" in await bar.locator.resolve(page).inner_text()
    await page.goto(admin + "/admin/customer/")
    row = await discover(page, Target(name="row for Alan Turing"), "assert_text", 5)
    text = await row.locator.resolve(page).inner_text()
    assert "Alan Turing" in text and "Manchester" in text and "Ada Lovelace" not in text


async def test_a_column_heading_is_its_sort_link(browser_session: Any, admin: str) -> None:
    page = browser_session.page
    await page.goto(admin + "/admin/order/")
    planned = Target(kind="heading", name="Quantity column")  # "the "Quantity" column heading"
    found = await discover(page, planned, "click", 5)
    await found.locator.resolve(page).click()
    await page.wait_for_url("**sort=**")


def test_the_first_step_opens_the_start_page_it_names() -> None:
    opened = Step(action="navigate", target=Target(kind="page", name="back office home"))
    start = flaskadmin.BASE_URL + "/admin/"
    steps = named_pages("fa_home_menu", [opened], None, start)
    assert isinstance(steps, list) and steps[0].value == start
    # not the first step: a page the ticket names and maps nowhere is still a planning error
    later = named_pages("x", [Step(action="reload"), opened], None, start)
    assert not isinstance(later, list) and "back office home" in later.message


async def test_choosing_an_entry_of_the_open_dropdown_clicks_it(
    browser_session: Any, admin: str
) -> None:
    page = browser_session.page
    await page.goto(admin + "/admin/customer/")
    choose = Step(action="check", target=Target(kind="radio", name="City"))  # 'choose "City"'
    assert await menu_entry(page, choose) is None  # the menu is closed: the check stands
    await page.get_by_role("link", name="Add Filter", exact=True).click()
    read = await menu_entry(page, choose)
    assert read is not None and read.action == "click" and read.target is not None
    assert read.target.context == "div.dropdown-menu.field-filters.show"
    # the entry in the open menu, not the "City" column's sort link
    found = await discover(page, read.target, "click", 5)
    await found.locator.resolve(page).click()
    await page.locator("table.filters").get_by_text("City").wait_for(state="visible")
    # "Type "London" in the filter value box": the nameless value box the click focused
    box = await discover(page, Target(kind="textbox", name="filter value"), "fill", 5)
    assert await box.locator.resolve(page).evaluate("e => e.classList.contains('filter-val')")
    assert "has focus" in box.note
    # a named field with focus never stands in for another name
    await page.get_by_placeholder("name, email").focus()
    with pytest.raises(DiscoveryFailed):
        await discover(page, Target(kind="textbox", name="filter value"), "fill", 1)


async def test_selecting_yes_in_the_new_filter_picks_from_its_select2_list(
    browser_session: Any, admin: str
) -> None:
    page = browser_session.page
    await page.goto(admin + "/admin/customer/")
    await page.get_by_role("link", name="Add Filter", exact=True).click()
    await page.locator(".field-filters").get_by_text("VIP").click()
    said = Target(kind=None, name="Yes", context="filter that appears")
    read = await menu_entry(page, Step(action="check", target=said))
    assert read is not None and read.action == "select" and read.value == "Yes"
    assert read.target is not None
    found = await discover(page, read.target, "select", 5, value="Yes")
    assert found.strategy.startswith("editor_")  # the select2 box shown for the hidden list
    await found.locator.resolve(page).click()
    await page.get_by_role("option", name="No", exact=True).click()
    assert await page.locator("select.filter-val").input_value() == "0"


async def test_a_select2_box_stands_in_for_its_hidden_select(
    browser_session: Any, admin: str
) -> None:
    page = browser_session.page
    await page.goto(admin + "/admin/product/new/")
    found = await discover(page, Target(kind="combobox", name="Category"), "select", 5)
    assert found.locator.expr().endswith('.locator("xpath=preceding-sibling::*[1]")')
    assert found.fingerprint.tag == "div"  # not a native <select>: opened, then the option
    await found.locator.resolve(page).click()
    await page.get_by_role("option", name="Office", exact=True).click()
    assert await page.locator("select#category").input_value() == "office"


async def test_the_form_is_not_submitted_holds_only_while_the_form_is_refused(
    browser_session: Any, admin: str
) -> None:
    page = browser_session.page
    said = '1. Type "nobody@example.org" into the Email field.\n2. Click the "Save" button.'

    async def run(body: str) -> None:
        req = Requirement(name="t", body=body + "\nExpected: the form is not submitted.")
        seen: dict[Target, Any] = {}  # as the run's cache: the check's target is the click's
        for step in plan_requirement(req).steps:
            assert step.target is not None
            if step.target not in seen:
                seen[step.target] = await discover(page, step.target, step.action, 5)
            found = seen[step.target]
            loc = found.locator.resolve(page)
            await perform(page, step, loc, step.value, found.fingerprint, 3.0)

    await page.goto(admin + "/admin/customer/new/")
    await run(said)  # Name is required: the browser refuses the form, Save is still there
    assert page.url.endswith("/admin/customer/new/")
    await page.goto(admin + "/admin/customer/new/")
    sent = '1. Type "Nobody" into the Name field.\n2. Type "nobody@example.org" into the Email'
    sent += ' field.\n3. Click the "Save" button.'
    try:
        with pytest.raises(AssertionError):  # sent: the list view has no Save button
            await run(sent)
        assert "/admin/customer/new/" not in page.url
    finally:
        flaskadmin.reset()
