"""The candidate pass on real pages in real Chromium (backend/discovery/collect.js): one
evaluate per frame through open shadow roots, context across shadow boundaries, frame paths,
fuzzy and non-Latin names, and selectors checked to find exactly the chosen element."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from backend.discovery.candidates import collect
from backend.discovery.engine import DiscoveryFailed, discover
from backend.discovery.stability import is_dynamic
from backend.models import Target
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

WIDGETS = """<!doctype html><html lang="ru"><body>
<form role="search"><input type="search" aria-label="Поиск по сайту"><button>Найти</button></form>
<div class="toolbar-4f2a" id="tb-8812">
<button id="btn-7731" class="css-1q2w3e">Save profile</button>
<button disabled id="publish">Publish</button></div>
<div class="card"><h3>Billing</h3><button>Edit</button></div>
<div class="card"><h3>Shipping</h3><button>Edit</button></div>
<button id="later" style="display:none">Later</button>
<style>.sw input{display:none} .sw label{padding:4px;border:1px solid #888}</style>
<div class="sw"><input type="checkbox" id="cb-5521"><label for="cb-5521">Dark mode</label>
<label><input type="radio" name="size" value="s"> Small</label>
<label><input type="radio" name="size" value="l"> Large</label></div>
<span id="cl">Comment</span>
<div contenteditable="true" aria-labelledby="cl" class="ql-editor"></div>
<script>setTimeout(() => document.getElementById('publish').disabled = false, 400)</script>
</body></html>"""


@pytest.fixture(scope="module")
def pages() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/widgets"] = WIDGETS
        yield served


async def test_one_pass_reaches_into_shadow_roots_with_their_context(
    browser_session,
    site: str,
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(f"{site}/lightning.html")
    collected = await collect(page, ("button",), "Edit")
    edits = [c for c in collected.candidates if c.name == "Edit"]
    assert collected.shadow_roots >= 10 and collected.frames == 1
    assert len(edits) == 4 and all(c.shadow_depth >= 2 for c in edits)
    # the row and card are found across shadow boundaries, from the button inside them
    rows = [next(x for x in c.contexts if x.role == "row") for c in edits]
    assert [r.cells[0] for r in rows] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Acme Renewal",
        "Acme Expansion",
    ]
    articles = [next(x for x in c.contexts if x.role == "article").own_name for c in edits]
    assert articles == ["Contacts", "Contacts", "Opportunities", "Opportunities"]
    # generated ids are collected as data but never make it into a selector
    found = await discover(
        page, Target(kind="button", name="Edit", context="Acme Expansion"), "click", 2
    )
    assert found.locator.short() == (
        'get_by_role("row").filter(has_text="Acme Expansion")'
        '.get_by_role("button", name="Edit", exact=True)'
    )


async def test_candidates_inside_an_iframe_carry_their_frame_path(
    browser_session,
    site: str,
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(f"{site}/checkout.html")
    await page.wait_for_load_state("networkidle")
    collected = await collect(page, ("textbox",), "Card number")
    assert collected.frames == 2
    inside = [c for c in collected.candidates if c.name == "Card number"]
    assert len(inside) == 1 and inside[0].frame[0].method == "frame_locator"
    found = await discover(page, Target(kind="textbox", name="card number"), "fill", 2)
    assert found.locator.calls[0] == inside[0].frame[0]
    await found.locator.resolve(page).fill("4242424242424242")
    assert (
        await page.frame_locator(inside[0].frame[0].args[0])
        .get_by_label("Card number")
        .input_value()
        == "4242424242424242"
    )


async def test_a_typo_and_a_non_latin_name_still_find_the_element(
    browser_session, pages: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(pages.url + "/widgets")
    typo = await discover(page, Target(kind="button", name="Save profle"), "click", 2)
    assert typo.locator.short() == 'get_by_role("button", name="Save profile", exact=True)'
    search = await discover(page, Target(kind="searchbox", name="поиск"), "fill", 2)
    assert search.locator.short() == 'get_by_role("searchbox", name="Поиск по сайту", exact=True)'
    go = await discover(page, Target(kind="button", name="Найти"), "click", 2)
    assert go.locator.short() == 'get_by_role("button", name="Найти", exact=True)'
    for found in (typo, search, go):
        assert not any(
            is_dynamic(str(a))
            for call in found.locator.calls
            for a in call.args
            if call.method == "locator"
        )


async def test_cards_named_by_their_heading_scope_the_choice(
    browser_session, pages: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(pages.url + "/widgets")
    with pytest.raises(DiscoveryFailed) as err:
        await discover(page, Target(kind="button", name="Edit"), "click", 0.3)
    assert err.value.kind == "ambiguous_target"
    assert sorted(err.value.candidates) == [
        "button 'Edit' in card 'Billing'",
        "button 'Edit' in card 'Shipping'",
    ]
    with pytest.raises(DiscoveryFailed) as third:
        await discover(page, Target(kind="button", name="Edit", nth=3), "click", 0.3)
    assert third.value.kind == "selector_not_found"
    assert third.value.message == "2 elements match '#3 Edit button', so there is no #3 one"
    found = await discover(page, Target(kind="button", name="Edit", context="Shipping"), "click", 2)
    assert (
        await found.locator.resolve(page).evaluate("e => e.previousElementSibling.textContent")
        == "Shipping"
    )


async def test_hidden_and_disabled_elements_are_waited_for_then_explained(
    browser_session, pages: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(pages.url + "/widgets")
    with pytest.raises(DiscoveryFailed) as hidden:
        await discover(page, Target(kind="button", name="Later"), "click", 0.3)
    assert hidden.value.kind == "selector_not_found" and "hidden" in hidden.value.message
    await page.reload()
    publish = await discover(
        page, Target(kind="button", name="Publish"), "click", 3
    )  # enabled at 0.4 s
    assert publish.elapsed_ms >= 300
    assert await publish.locator.resolve(page).is_enabled()
    await page.reload()
    await page.evaluate(
        "document.getElementById('publish').remove();"
        "document.body.insertAdjacentHTML('beforeend', '<button disabled>Publish</button>')"
    )
    with pytest.raises(DiscoveryFailed) as stuck:
        await discover(page, Target(kind="button", name="Publish"), "click", 0.3)
    assert stuck.value.kind == "timeout" and "stayed disabled" in stuck.value.message
    # an assertion about the state does not need it enabled
    state = await discover(page, Target(kind="button", name="Publish"), "assert_disabled", 1)
    assert await state.locator.resolve(page).is_disabled()


async def test_a_page_of_ten_thousand_elements_is_one_round_trip_per_frame(
    browser_session, pages: PageSite
) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(
        f"<tr><td>Row {i}</td><td><button>Open {i}</button></td></tr>" for i in range(2500)
    )
    pages.pages["/big"] = f"<!doctype html><html><body><table>{rows}</table></body></html>"
    page = browser_session.page
    await page.goto(pages.url + "/big")
    calls = 0
    original = page.main_frame.evaluate

    async def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return await original(*args, **kwargs)

    page.main_frame.evaluate = counting  # type: ignore[method-assign]
    collected = await collect(page, ("button",), "Open 2417")
    assert calls == 1 and collected.scanned >= 10_000
    assert [c.name for c in collected.candidates] == ["Open 2417"]  # the pre-filter kept one
    found = await asyncio.wait_for(
        discover(page, Target(kind="button", name="Open 2417"), "click", 2), 10
    )
    assert found.locator.short() == 'get_by_role("button", name="Open 2417", exact=True)'


async def test_a_checkbox_hidden_behind_its_styled_label_is_worked_through_the_label(  # type: ignore[no-untyped-def]
    browser_session, pages: PageSite
) -> None:
    page = browser_session.page
    await page.goto(pages.url + "/widgets")
    dark = await discover(page, Target(kind="checkbox", name="Dark mode"), "check", 2)
    assert dark.locator.short() == 'get_by_text("Dark mode", exact=True)'
    assert "cb-5521" not in dark.locator.expr()
    await dark.locator.resolve(page).check()
    assert await page.locator("input[type=checkbox]").is_checked()
    await dark.locator.resolve(page).uncheck()
    assert not await dark.locator.resolve(page).is_checked()
    large = await discover(page, Target(kind="radio", name="Large"), "check", 2)
    await large.locator.resolve(page).check()
    assert await page.locator("input[value=l]").is_checked()
    assert not await page.locator("input[value=s]").is_checked()


async def test_a_contenteditable_editor_is_a_field_named_by_its_label(  # type: ignore[no-untyped-def]
    browser_session, pages: PageSite
) -> None:
    page = browser_session.page
    await page.goto(pages.url + "/widgets")
    assert await page.get_by_role("textbox", name="Comment").count() == 0  # no role for Playwright
    found = await discover(page, Target(kind="textbox", name="Comment"), "fill", 2)
    assert found.candidates  # found by the candidate pass, not the strategy chain
    assert found.locator.short() == 'get_by_label("Comment", exact=True)'
    await found.locator.resolve(page).fill("Looks good")
    assert await page.locator(".ql-editor").inner_text() == "Looks good"
