"""The demo site's scripted widgets in real Chromium: typeahead, Plan combobox, generated ids."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Page, async_playwright, expect

from backend.browser.session import launch_options
from backend.demo.server import DemoServer
from backend.settings import Settings

# One Chromium for the module: the browser fixture and the tests share the module's event loop.
pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def chromium() -> AsyncIterator[Browser]:
    options = launch_options(Settings(_env_file=None))  # type: ignore[call-arg]
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(**options)
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="module")
async def tab(chromium: Browser) -> AsyncIterator[Page]:
    context = await chromium.new_context()
    page = await context.new_page()
    page.set_default_timeout(10_000)
    yield page
    await context.close()


async def test_enter_in_the_search_box_submits_despite_suggestions(
    tab: Page, server: DemoServer
) -> None:
    await tab.goto(server.url + "/wiki/Main_Page")
    search = tab.get_by_role("searchbox", name="Search Pactopedia")
    await search.fill("Playwright (software)")
    await expect(
        tab.get_by_role("option", name="Playwright (software)", exact=True)
    ).to_be_visible()
    # The suggestions neither hide the Go button nor take its name.
    await expect(tab.get_by_role("button", name="Go", exact=True)).to_have_count(1)
    await tab.get_by_role("button", name="Go", exact=True).click(trial=True)
    await search.press("Enter")
    await tab.wait_for_url(re.compile(r"/wiki/Playwright_\(software\)$"))
    await expect(tab.get_by_role("heading", level=1)).to_have_text("Playwright (software)")
    await expect(tab).to_have_title("Playwright (software) - Pactopedia")


async def test_enter_before_the_suggestions_arrive_still_submits(
    tab: Page, server: DemoServer
) -> None:
    await tab.goto(server.url + "/wiki/Main_Page")
    search = tab.get_by_role("searchbox")
    await search.fill("browser automation")
    await search.press("Enter")
    await tab.wait_for_url(re.compile(r"/w/index\.php\?"))
    await expect(tab.get_by_role("heading", level=1)).to_have_text("Search results")
    await tab.get_by_role("link", name="Playwright (software)", exact=True).click()
    await expect(tab.get_by_role("heading", level=1)).to_contain_text("Playwright")


async def test_arrow_keys_pick_a_suggestion_and_escape_closes(
    tab: Page, server: DemoServer
) -> None:
    await tab.goto(server.url + "/wiki/Main_Page")
    search = tab.get_by_role("searchbox")
    await search.fill("sel")
    suggestions = tab.get_by_role("listbox", name="Search suggestions")
    await expect(suggestions).to_be_visible()
    await search.press("Escape")
    await expect(suggestions).to_have_count(0)
    await expect(search).to_have_value("sel")  # Escape closed the list without clearing the box
    await search.press("ArrowDown")
    await expect(suggestions).to_be_visible()
    await search.press("ArrowDown")
    await expect(tab.get_by_role("option", name="Selenium (software)")).to_have_attribute(
        "aria-selected", "true"
    )
    await search.press("Enter")
    await tab.wait_for_url(re.compile(r"/wiki/Selenium_\(software\)$"))


async def test_plan_combobox_renders_options_only_when_open(tab: Page, server: DemoServer) -> None:
    await tab.goto(server.url + "/preferences")
    plan = tab.get_by_role("combobox", name="Plan")
    team = tab.get_by_role("option", name="Team")
    await expect(plan).to_have_text("Select a plan")
    await expect(tab.get_by_role("listbox")).to_have_count(0)
    await expect(team).to_have_count(0)

    await plan.click()
    await expect(plan).to_have_attribute("aria-expanded", "true")
    await expect(team).to_be_visible()
    await expect(tab.get_by_role("option", name="Free")).to_be_visible()
    await expect(tab.get_by_role("option", name="Enterprise")).to_be_visible()
    await team.click()

    await expect(plan).to_have_text("Team")
    await expect(plan).to_have_attribute("aria-expanded", "false")
    await expect(tab.get_by_role("listbox")).to_have_count(0)
    await expect(tab.locator("input[name=plan]")).to_have_value("team")


async def test_plan_combobox_keyboard(tab: Page, server: DemoServer) -> None:
    await tab.goto(server.url + "/preferences")
    plan = tab.get_by_role("combobox", name="Plan")
    await plan.focus()
    await plan.press("ArrowDown")  # opens, and highlights the first option once loaded
    await expect(tab.get_by_role("option", name="Free")).to_be_visible()
    await plan.press("ArrowDown")
    await plan.press("ArrowDown")
    await plan.press("Enter")
    await expect(plan).to_have_text("Enterprise")
    await expect(tab.locator("input[name=plan]")).to_have_value("enterprise")
    await plan.press("Enter")
    await expect(tab.get_by_role("option", name="Enterprise")).to_have_attribute(
        "aria-selected", "true"
    )
    await plan.press("Escape")
    await expect(tab.get_by_role("listbox")).to_have_count(0)
    await expect(plan).to_have_text("Enterprise")


async def test_preferences_requirement_end_to_end(tab: Page, server: DemoServer) -> None:
    await tab.goto(server.url + "/preferences")
    await tab.get_by_label("Full name").fill("Ada Lovelace")
    await tab.get_by_role("combobox", name="Country").select_option(label="Norway")
    await tab.get_by_role("checkbox", name="News").uncheck()
    await tab.get_by_role("checkbox", name="Releases").check()
    await tab.get_by_role("checkbox", name="Events").check()
    await tab.get_by_role("combobox", name="Plan").click()
    await tab.get_by_role("option", name="Team").click()
    await tab.get_by_role("button", name="Save preferences").click()
    body = tab.locator("body")
    for text in [
        "Preferences saved for Ada Lovelace",
        "Plan: Team",
        "Country: Norway",
        "Topics: Releases, Events",
    ]:
        await expect(body).to_contain_text(text)


async def test_login_ids_change_between_loads(tab: Page, server: DemoServer) -> None:
    await tab.goto(server.url + "/login")
    first = await tab.get_by_label("Username").get_attribute("id")
    first_password = await tab.get_by_label("Password").get_attribute("id")
    await tab.reload()
    second = await tab.get_by_label("Username").get_attribute("id")
    assert first is not None
    assert re.fullmatch(r"input-\d+", first)
    assert first_password is not None
    assert second is not None
    assert len({first, first_password, second}) == 3
