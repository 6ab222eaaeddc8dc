"""Discovery on a real DokuWiki page (Debian's package): heading-delimited sections as context,
equivalent duplicate links, the checkbox in a table row, "the heading" beside a logo <h1>, a
breadcrumb named by its caption, "Sign in" for the "Log In" button, the results list its
heading names, and typing at the end of the editor (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.browser.perform import perform
from backend.discovery.engine import DiscoveryFailed, discover
from backend.discovery.fingerprints import verify
from backend.models import Fingerprint, Step, Target
from backend.similarity import THRESHOLD
from tests.realworld.apps import dokuwiki

pytestmark = pytest.mark.e2e
#: The heading a wiki link's section content follows (DokuWiki: <h2> + <div class="level2">).
SECTION_JS = "e => e.closest('div[class^=level]').previousElementSibling.textContent.trim()"
#: The tests' own page (not one of the suite's seeded pages, so no case depends on it).
PAGE = "sections"
#: Three sections that each link "Contacts" (one page: equivalent), two "Opening hours" links
#: to different pages (not equivalent), and a Pricing section with a sub-section.
SECTIONS = """====== Sections ======

This handbook tells every new colleague where to find things.

===== Reception =====

  * [[reception:opening_hours|Opening hours]]
  * [[reception:checkin|Check-in procedure]]
  * [[contacts|Contacts]]

===== Restaurant =====

  * [[restaurant:opening_hours|Opening hours]]
  * [[contacts|Contacts]]

===== Pricing =====

See the [[pricing|Rate card]].

==== Groups ====

Ask for the [[pricing:groups|Rate card]] for groups.

===== Housekeeping =====

  * [[contacts|Contacts]]
"""


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    dokuwiki.install()
    dokuwiki.write_page(PAGE, SECTIONS)
    yield dokuwiki.start()
    dokuwiki.stop()


async def test_a_heading_section_is_the_content_up_to_the_next_heading_of_its_level(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + f"/doku.php?id={PAGE}")
    for section in ("Reception", "Restaurant", "Housekeeping"):
        found = await discover(
            page, Target(kind="link", name="Contacts", context=section), "click", 5
        )
        assert await found.locator.resolve(page).evaluate(SECTION_JS) == section
        assert ".nth(" not in found.locator.expr()  # scoped by its heading, not counted
    # Pricing holds its Groups sub-section: both "Rate card" links are in it (two pages)
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(kind="link", name="Rate card", context="Pricing"), "click", 1)
    assert failed.value.kind == "ambiguous_target" and len(failed.value.candidates) == 2
    groups = await discover(
        page, Target(kind="link", name="Rate card", context="Groups"), "click", 5
    )
    assert await groups.locator.resolve(page).get_attribute("href") == "/doku.php?id=pricing:groups"


async def test_links_to_one_page_are_one_choice_links_to_two_pages_are_ambiguous(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + f"/doku.php?id={PAGE}")
    found = await discover(page, Target(kind="link", name="Contacts"), "click", 5)
    assert found.note.startswith("3 equivalent elements (link 'Contacts', same href ")
    assert await found.locator.resolve(page).evaluate(SECTION_JS) == "Reception"  # the first
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(kind="link", name="Opening hours"), "click", 1)
    assert failed.value.kind == "ambiguous_target" and len(failed.value.candidates) == 2


async def _user_manager(page: Any, site: str) -> None:
    await page.goto(site + "/doku.php?id=start&do=login")
    await page.get_by_label("Username").fill(dokuwiki.ADMIN[0])
    await page.get_by_label("Password").fill(dokuwiki.ADMIN[1])
    await page.get_by_role("button", name="Log In").click()
    await page.goto(site + "/doku.php?id=start&do=admin&page=usermanager")


async def test_the_checkbox_in_the_row_for_a_user_and_next_to_a_name(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await _user_manager(page, site)
    in_row = Target(kind="checkbox", context="maria")
    found = await discover(page, in_row, "check", 5)
    await perform(
        page,
        Step(action="check", target=in_row),
        found.locator.resolve(page),
        None,
        Fingerprint(tag="input"),
        5,
    )
    assert await page.locator("input[name='delete[maria]']").is_checked()
    assert not await page.locator("input[name='delete[tom]']").is_checked()
    near = await discover(page, Target(kind="checkbox", near="Tom Berg"), "check", 5)
    assert await near.locator.resolve(page).get_attribute("name") == "delete[tom]"


async def test_the_heading_is_the_main_contents_not_the_site_logo(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + f"/doku.php?id={PAGE}")
    assert await page.get_by_role("heading", level=1).count() == 2  # the logo is an <h1> too
    found = await discover(page, Target(kind="heading"), "assert_text", 5)
    assert (await found.locator.resolve(page).inner_text()).strip() == "Sections"


async def test_the_heading_found_on_one_page_is_the_heading_of_the_next(
    browser_session: Any, site: str
) -> None:
    """Every DokuWiki page is `doku.php`: one cache record serves "the heading" on all of them.
    Its text is what a step checks, not which element it is (a warm run re-discovered it on
    every page it read after the first)."""
    page = browser_session.page
    await page.goto(site + f"/doku.php?id={PAGE}")
    found = await discover(page, Target(kind="heading"), "assert_text", 5)
    await page.goto(site + "/doku.php?id=start")
    check = (found.locator, found.fingerprint, "assert_text", THRESHOLD, 2)
    ok, current, _ = await verify(page, *check, nameless=True)
    assert ok and current is not None and current.text != found.fingerprint.text
    # a named element whose text changed is drift, as before
    assert not (await verify(page, *check))[0]


async def test_a_box_led_by_its_caption_is_a_context_the_breadcrumb(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/doku.php?id=reception:checkin")
    # "You are here: start » reception » checkin": a <div> led by a caption <span>, no role,
    # no heading; the "Trace:" box beside it is led by its own caption
    found = await discover(
        page, Target(kind="link", name="start", context="You are here"), "click", 5
    )
    element = found.locator.resolve(page)
    assert await element.get_attribute("href") == "/doku.php?id=start"
    assert await element.evaluate("e => !!e.closest('.youarehere')")
    trace = await discover(page, Target(kind="link", name="checkin", context="Trace"), "click", 5)
    assert await trace.locator.resolve(page).evaluate("e => !!e.closest('.trace')")
    with pytest.raises(DiscoveryFailed):  # nothing is captioned so
        await discover(page, Target(kind="link", name="start", context="Tags"), "click", 1)


async def test_sign_in_is_the_log_in_button(browser_session: Any, site: str) -> None:
    page = browser_session.page
    await page.goto(site + "/doku.php?id=start&do=login")
    found = await discover(page, Target(kind="button", name="Sign in"), "click", 5)
    assert found.locator.expr() == 'page.get_by_role("button", name="Log In", exact=True)'


async def test_text_under_a_heading_is_looked_for_in_that_section(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + f"/doku.php?id={PAGE}")
    box = await discover(page, Target(context="Reception"), "assert_text", 5)
    text = await box.locator.resolve(page).inner_text()
    assert "Check-in procedure" in text and "Rate card" not in text  # not the next section


async def test_the_results_list_is_the_list_its_heading_names(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/doku.php?id=start&do=search&q=breakfast")
    # DokuWiki's results: <h2>Fulltext results:</h2> then a nameless <dl>
    found = await discover(page, Target(kind="list", name="results"), "assert_text", 5)
    element = found.locator.resolve(page)
    assert await element.evaluate("e => e.className") == "search_results"
    assert "handbook" in await element.inner_text()


async def test_text_typed_at_the_end_of_the_editor_keeps_what_was_there(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/doku.php?id=start&do=login")
    await page.get_by_label("Username").fill(dokuwiki.ADMIN[0])
    await page.get_by_label("Password").fill(dokuwiki.ADMIN[1])
    await page.get_by_role("button", name="Log In").click()
    await page.goto(site + f"/doku.php?id={PAGE}&do=edit")
    # one-line fields (search, edit summary) and one multi-line field: "the editor"
    found = await discover(page, Target(kind="editor"), "append", 5)
    editor = found.locator.resolve(page)
    before = await editor.input_value()
    step = Step(action="append", target=Target(kind="editor"))
    await perform(page, step, editor, "Appended line.", Fingerprint(tag="textarea"), 5)
    assert await editor.input_value() == before + "Appended line."
