"""Discovery and execution on the Lightning app (issue 13): checks and evidence that see inside
native shadow roots, equivalent duplicate links, no generated record id in a selector, a row's
controls, and the route after the login's client-side navigation."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.async_api import expect

from backend.browser.evidence import dom_excerpt
from backend.browser.perform import OptionMissing, perform
from backend.browser.settle import settle
from backend.discovery.engine import DiscoveryFailed, discover
from backend.models import Fingerprint, Step, Target
from tests.realworld.apps import lightning

pytestmark = pytest.mark.e2e
TOAST = 'Contact "Ada Lovelace" was created.'


@pytest.fixture(scope="module")
def app() -> Iterator[str]:
    """The built app on 127.0.0.1:8840 (npm install + rollup on the first run)."""
    lightning.install()
    yield lightning.start()
    lightning.stop()  # else the server outlives the session (a ResourceWarning at exit)


async def _log_in(page: Any, app: str) -> None:
    await page.goto(app)
    await page.get_by_label("Username").fill(lightning.USERNAME)
    await page.get_by_label("Password").fill(lightning.PASSWORD)
    await page.get_by_role("button", name="Log In").click()
    await page.wait_for_url("**/lightning/page/home")


async def _open_rose_gonzalez(page: Any, app: str) -> None:
    """Rose Gonzalez's record page, its related lists loaded."""
    await _log_in(page, app)
    await page.get_by_role("link", name="Contacts").click()
    await page.get_by_role("link", name="Rose Gonzalez").click()
    await page.get_by_role("heading", name="Opportunities (1)").wait_for()


async def _new_contact_with_toast(page: Any, app: str) -> None:
    """Ada Lovelace saved from the list view's New modal: the toast is on screen."""
    await _log_in(page, app)
    await page.get_by_role("link", name="Contacts").click()
    await page.get_by_role("button", name="New").click()
    await page.get_by_label("First Name").fill("Ada")
    await page.get_by_label("Last Name").fill("Lovelace")
    await page.get_by_role("dialog").get_by_role("button", name="Save").click()
    await page.get_by_text(TOAST).wait_for()


async def test_a_text_check_sees_the_toast_inside_two_shadow_roots(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _new_contact_with_toast(page, app)
    # the toast is in lightning-toast-container > shadow > lightning-toast > shadow: body
    # innerText, what the check read before, does not hold it
    assert not await page.evaluate("t => document.body.innerText.includes(t)", TOAST)
    check = Step(action="assert_text", value=TOAST, source="Verify the toast text")
    await perform(page, check, None, TOAST, None, 5.0)
    absent = Step(action="assert_text", value="Contact was deleted", expect="not_contains")
    await perform(page, absent, None, "Contact was deleted", None, 5.0)
    with pytest.raises(AssertionError):
        await perform(page, check, None, 'Contact "Grace Hopper" was created.', None, 1.0)
    # the evidence's DOM excerpt around the toast writes its shadow roots in
    html = await dom_excerpt(page, page.get_by_text(TOAST))
    assert 'shadowrootmode="open"' in html and 'Ada Lovelace</a>" was created.' in html
    assert "shadowrootmode" in await dom_excerpt(page)  # the page's excerpt, too


async def test_a_missing_option_lists_the_lookups_option_cards_by_their_shadow_text(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _log_in(page, app)
    await page.get_by_role("link", name="Contacts").click()
    await page.get_by_role("button", name="New").click()
    lookup = page.get_by_role("combobox", name="Account Name")
    step = Step(action="select", target=Target(kind="combobox", name="Account Name"))
    with pytest.raises(OptionMissing) as missing:
        await perform(page, step, lookup, "Edge", Fingerprint(tag="input"), 3.0)
    # the option cards' names live in their shadow roots: before, they read as ''
    assert "'Edge Communications (512) 757-6000'" in str(missing.value)
    # the card's title is the option: "Select 'Edge Communications' from the lookup" picks it
    await perform(page, step, lookup, "Edge Communications", Fingerprint(tag="input"), 5.0)
    await expect(page.get_by_role("dialog")).to_contain_text("Edge Communications")
    await expect(page.get_by_role("option")).to_have_count(0)


async def test_the_toast_link_and_the_list_link_to_one_record_are_one_choice(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _new_contact_with_toast(page, app)
    # the list view shows the new row a moment after the toast
    await expect(page.get_by_role("link", name="Ada Lovelace")).to_have_count(2)
    target = Target(kind="link", name="Ada Lovelace")
    found = await discover(page, target, "click", 5.0)
    # same role, name and href: the first in reading order (the list's), and the choice noted
    assert found.note.startswith("2 equivalent elements (link 'Ada Lovelace', same href ")
    assert len(found.candidates) == 2 and "/lightning/r/Contact/" in found.note
    chosen = found.locator.resolve(page)
    assert await chosen.get_attribute("target") != "_blank"  # not the toast's link
    # lightning-formatted-url titles the link with its URL, a generated record id: never used
    record_id = (await chosen.get_attribute("href") or "").split("/")[-2]
    assert record_id.startswith("003") and record_id not in found.locator.expr()
    assert all(record_id not in spec.expr() for spec in found.fallbacks)


async def test_two_new_buttons_with_different_effects_stay_ambiguous(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _open_rose_gonzalez(page, app)
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(kind="button", name="New"), "click", 1.0)
    assert failed.value.kind == "ambiguous_target"
    # both listed, each with the related list it sits in (buttons outside a form: no effect
    # known, so never taken as one choice)
    assert sorted(c.split("'")[-2] for c in failed.value.candidates) == [
        "Cases (1)",
        "Opportunities (1)",
    ]


async def test_settle_waits_for_the_logins_client_side_navigation(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await page.goto(app)
    await page.get_by_label("Username").fill(lightning.USERNAME)
    await page.get_by_label("Password").fill(lightning.PASSWORD)
    await page.get_by_role("button", name="Log In").click()
    # the app spins for half a second, then history.replaceState()s to the home page: the next
    # step's cache key must be read on the landed route, not on "/"
    await settle(browser_session, 15.0)
    assert page.url == app + "lightning/page/home"
    started = time.perf_counter()
    await settle(browser_session, 15.0)  # nothing busy: no wait beyond the grace
    assert time.perf_counter() - started < 1.0


async def test_a_datatable_rows_own_control_by_row_context(browser_session: Any, app: str) -> None:
    page = browser_session.page
    await _log_in(page, app)
    await page.get_by_role("link", name="Contacts").click()
    await page.get_by_role("link", name="Rose Gonzalez").wait_for()
    # each row has its own "Edit Title" pencil, inside the datatable's shadow root
    found = await discover(
        page, Target(kind="button", name="Edit Title", context="Rose Gonzalez"), "click", 5.0
    )
    row = page.get_by_role("row").filter(has_text="Rose Gonzalez")
    expected = await row.get_by_role("button", name="Edit Title", exact=True).element_handle()
    assert await found.locator.resolve(page).evaluate("(e, x) => e === x", expected)


async def test_new_in_a_related_list_is_scoped_by_its_card(browser_session: Any, app: str) -> None:
    page = browser_session.page
    await _open_rose_gonzalez(page, app)
    found = await discover(page, Target(kind="button", name="New", context="Cases"), "click", 5.0)
    # the card's own name, not "the first New on the page"
    assert found.locator.short() == (
        'locator("lightning-card").filter(has_text="Cases (1)")'
        '.get_by_role("button", name="New", exact=True)'
    )


async def test_a_link_in_the_app_launcher_is_scoped_by_the_modals_heading(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _log_in(page, app)
    await page.get_by_role("button", name="App Launcher").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_role("heading", name="App Launcher").wait_for()
    # the LightningModal's aria-labelledby cannot reach the header's h1 in another shadow root:
    # the dialog has no accessible name, only its heading names it
    assert await page.get_by_role("dialog", name="App Launcher").count() == 0
    target = Target(kind=None, name="Contacts", context="App Launcher")
    found = await discover(page, target, "click", 5.0)
    assert found.locator.short() == (
        'get_by_role("dialog").filter(has_text="App Launcher")'
        '.get_by_role("link", name="Contacts", exact=True)'
    )
    # the launcher's item, not the navigation bar's Contacts tab behind the modal
    expected = await dialog.get_by_role("link", name="Contacts").element_handle()
    assert await found.locator.resolve(page).evaluate("(e, x) => e === x", expected)
    # no dialog open: no box named by that heading, and the failure says so
    await page.get_by_role("button", name="Cancel and close").click()
    await expect(dialog).to_have_count(0)
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, target, "click", 0.5)
    assert "no region, dialog or form named 'App Launcher'" in str(failed.value)


async def test_a_text_check_in_a_related_list_reads_the_whole_card(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _open_rose_gonzalez(page, app)
    # "Verify that text ... is visible in the Cases related list": a check naming only a place
    found = await discover(page, Target(kind=None, name="", context="Cases"), "assert_text", 5.0)
    # the card itself, not its first control (the New button); and its host, since the article
    # inside lightning-card's shadow root shows the table through a <slot>: its own text is
    # "Cases (1)" alone
    assert found.locator.short() == 'locator("lightning-card").filter(has_text="Cases")'
    article = page.get_by_role("article").filter(has_text="Cases")
    assert (await article.text_content() or "").strip() == "Cases (1)"
    await expect(found.locator.resolve(page)).to_contain_text("Generator fails to start")


async def test_the_toast_is_the_one_alert_on_screen_and_says_its_heading(
    browser_session: Any, app: str
) -> None:
    page = browser_session.page
    await _log_in(page, app)
    with pytest.raises(DiscoveryFailed) as failed:  # no toast yet: none taken in its place
        await discover(page, Target(kind=None, name="toast"), "assert_text", 0.5)
    assert "no toast or alert is on screen" in str(failed.value)
    await page.get_by_role("link", name="Contacts").click()
    await page.get_by_role("button", name="New").click()
    await page.get_by_label("First Name").fill("Ada")
    await page.get_by_label("Last Name").fill("Lovelace")
    await page.get_by_role("dialog").get_by_role("button", name="Save").click()
    # "Verify the toast says '...'": discovery polls until the toast shows (a hidden "Loading"
    # status is not it); the check reads the toast's message, not "Success ... Close" around it
    found = await discover(page, Target(kind=None, name="toast"), "assert_text", 5.0)
    assert found.locator.short() == 'get_by_role("alert").get_by_role("heading")'
    toast = page.get_by_role("alert")
    await expect(toast).not_to_have_text(TOAST)
    await expect(found.locator.resolve(page)).to_have_text(TOAST)
