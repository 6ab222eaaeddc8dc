"""Discovery on shaped pages, and drift/heal through the cache, in real Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.discovery.engine import DiscoveryFailed, discover
from backend.models import Fingerprint, LocatorCall, LocatorSpec, SelectorRecord, Target
from backend.planning.loader import parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from backend.storage.base import cache_key, route_template
from backend.storage.init import get_storage
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

FORM = """<!doctype html><html lang="en"><body><main>
<section aria-label="Contacts"><h2>Contacts</h2><button id="btn-4821">New</button>
  <a href="#e1">Edit</a> <a href="#e2">Edit</a></section>
<section aria-label="Accounts"><h2>Accounts</h2><button id="btn-9917">New</button></section>
<label for="input-5531">Email</label><input id="input-5531" name="email">
<input id="zipcode" size="5">
<input type="search" placeholder="Search Acme">
</main></body></html>"""


@pytest.fixture(scope="module")
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        yield served


@pytest.fixture
async def page_on(site: PageSite, browser_session):  # type: ignore[no-untyped-def]
    async def go(html: str, path: str = "/") -> object:
        site.pages[path] = html
        await browser_session.page.goto(site.url + path)
        return browser_session.page

    return go


async def test_label_beats_dynamic_id(page_on) -> None:  # type: ignore[no-untyped-def]
    page = await page_on(FORM)
    found = await discover(page, Target(kind="textbox", name="Email"), "fill", 2)
    assert found.locator.expr() == 'page.get_by_role("textbox", name="Email", exact=True)'
    assert "input-5531" not in found.locator.expr()
    assert found.fingerprint.tag == "input" and "id" not in found.fingerprint.attributes
    assert found.fingerprint.attributes["name"] == "email"


async def test_stable_id_when_nothing_names_the_field(page_on) -> None:  # type: ignore[no-untyped-def]
    page = await page_on(FORM)
    found = await discover(page, Target(kind="textbox", name="Zipcode"), "fill", 2)
    assert found.strategy == "stable_id"
    assert found.locator.expr() == 'page.locator("#zipcode")'


async def test_ambiguity_is_an_error_naming_the_candidates(page_on) -> None:  # type: ignore[no-untyped-def]
    page = await page_on(FORM)
    with pytest.raises(DiscoveryFailed) as err:
        await discover(page, Target(kind="button", name="New"), "click", 0.5)
    assert err.value.kind == "ambiguous_target"
    assert len(err.value.candidates) == 2
    # each candidate is listed with the region it sits in, so the user can say which one
    assert sorted(err.value.candidates) == [
        "button 'New' in region 'Accounts'",
        "button 'New' in region 'Contacts'",
    ]


async def test_context_and_ordinal_settle_it(page_on) -> None:  # type: ignore[no-untyped-def]
    page = await page_on(FORM)
    scoped = await discover(page, Target(kind="button", name="New", context="Accounts"), "click", 2)
    assert scoped.locator.expr() == (
        'page.get_by_role("region", name="Accounts", exact=True)'
        '.get_by_role("button", name="New", exact=True)'
    )
    second = await discover(page, Target(kind="link", name="Edit", nth=2), "click", 2)
    assert second.locator.expr().endswith(".nth(1)")
    assert await second.locator.resolve(page).get_attribute("href") == "#e2"


async def test_the_only_search_box_stands_in_for_the_sites_name(page_on) -> None:  # type: ignore[no-untyped-def]
    page = await page_on(FORM)
    found = await discover(page, Target(kind="searchbox", name="Search Wikipedia"), "fill", 2)
    assert found.locator.expr() == 'page.get_by_role("searchbox", name="Search Acme", exact=True)'
    with pytest.raises(DiscoveryFailed) as err:  # but a named button is never "the only one"
        await discover(page, Target(kind="button", name="Launch"), "click", 0.3)
    assert err.value.kind == "selector_not_found"


LOGIN = """<!doctype html><html lang="en"><body><main><h1>Shop</h1>
<button id="old" aria-label="{decoy}" disabled>Go</button>
<button id="real" onclick="document.querySelector('h1').textContent='Done'">Go</button>
</main></body></html>"""


async def seed(
    settings: Settings, url: str, target: Target, spec: LocatorSpec, fp: Fingerprint
) -> str:
    origin, route = route_template(url)
    key = cache_key(origin, route, target.canonical())
    storage = await get_storage(settings)
    record = SelectorRecord(
        key=key,
        origin=origin,
        route=route,
        target=target.canonical(),
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=fp,
    )
    await storage.selector_cache.save(record)
    await storage.close()
    return key


async def test_drift_is_detected_and_rediscovered(site: PageSite, settings: Settings) -> None:
    site.pages["/shop"] = LOGIN.format(decoy="Go (old)")
    target = Target(kind="button", name="Go")
    stale = LocatorSpec(calls=(LocatorCall(method="locator", args=("#gone",)),))
    await seed(
        settings,
        site.url + "/shop",
        target,
        stale,
        Fingerprint(tag="button", role="button", name="Go"),
    )
    req = parse_requirement(
        '1. Click the "Go" button\n2. Verify the heading is "Done"\n', name="drift"
    )
    verdict = await run_requirement(req, settings, url=site.url + "/shop")
    assert verdict.verdict == "PASS", verdict.explanation
    assert verdict.cache["drift"] == 1 and verdict.cache["misses"] == 1  # the heading
    storage = await get_storage(settings)
    hit = await storage.selector_cache.lookup(
        cache_key(*route_template(site.url + "/shop"), target.canonical())
    )
    await storage.close()
    assert hit is not None and hit.record.version == 2
    assert hit.record.selector == 'page.get_by_role("button", name="Go", exact=True)'


async def test_a_stale_element_is_healed_by_rediscovery(site: PageSite, settings: Settings) -> None:
    # The cached selector still finds a "Go" button that looks the same, but it cannot be used.
    site.pages["/shop"] = LOGIN.format(decoy="Go (old)")
    target = Target(kind="button", name="Go")
    decoy = LocatorSpec(calls=(LocatorCall(method="locator", args=("#old",)),))
    fingerprint = Fingerprint(
        tag="button",
        role="button",
        name="Go",
        text="Go",
        attributes={"id": "old", "aria-label": "Go (old)"},
        ancestors=["main", "body", "html"],
    )
    await seed(settings, site.url + "/shop", target, decoy, fingerprint)
    fast = settings.model_copy(update={"step_timeout_s": 1.5})
    req = parse_requirement(
        '1. Click the "Go" button\n2. Verify the heading is "Done"\n', name="heal"
    )
    verdict = await run_requirement(req, fast, url=site.url + "/shop")
    assert verdict.verdict == "PASS", verdict.explanation
    assert verdict.cache["heals"] == 1
    clicked = verdict.steps[1]
    assert clicked.healed and clicked.heal_rounds == 1
    assert clicked.selector == 'page.get_by_role("button", name="Go", exact=True)'
    assert verdict.evidence["heal_events"][0]["failed_selector"] == 'page.locator("#old")'


async def test_whole_run_timeout_is_an_error(site: PageSite, settings: Settings) -> None:
    site.pages["/slow"] = "<h1>Slow</h1>"
    tight = settings.model_copy(update={"run_timeout_s": 0.5})
    req = parse_requirement("1. Wait 3 seconds\n", name="slow")
    verdict = await run_requirement(req, tight, url=site.url + "/slow")
    assert verdict.verdict == "ERROR" and verdict.root_cause == "timeout"
    assert "PACTS_RUN_TIMEOUT_S" in verdict.explanation


STRATEGIES = """<!doctype html><html lang="en"><body><main>
<div data-testid="checkout" onclick="this.textContent='clicked'" style="cursor:pointer">Pay</div>
<input placeholder="Coupon code">
<span onclick="this.textContent='opened'">Show details</span>
<img src="data:," alt="Company logo" width="10" height="10">
</main></body></html>"""


@pytest.mark.parametrize(
    ("target", "action", "expr", "strategy"),
    [
        (Target(name="checkout"), "click", 'page.get_by_test_id("checkout")', "test_id"),
        (
            Target(kind="textbox", name="Coupon code"),
            "fill",
            'page.get_by_role("textbox", name="Coupon code", exact=True)',
            "role",
        ),
        (
            Target(name="Coupon code"),
            "fill",
            'page.get_by_role("textbox", name="Coupon code", exact=True)',
            "role",
        ),
        (
            Target(name="Show details"),
            "click",
            'page.get_by_text("Show details", exact=True)',
            "text",
        ),
        (
            Target(kind="img", name="Company logo"),
            "assert_visible",
            'page.get_by_role("img", name="Company logo", exact=True)',
            "role",
        ),
    ],
)
async def test_each_strategy_finds_its_element(  # type: ignore[no-untyped-def]
    page_on, target: Target, action: str, expr: str, strategy: str
) -> None:
    page = await page_on(STRATEGIES, "/strategies")
    found = await discover(page, target, action, 2)
    assert (found.locator.expr(), found.strategy) == (expr, strategy)
    assert await found.locator.resolve(page).count() == 1


async def test_a_hidden_match_is_reported_as_hidden(page_on) -> None:  # type: ignore[no-untyped-def]
    page = await page_on('<main><button style="display:none">Delete</button></main>', "/hidden")
    with pytest.raises(DiscoveryFailed) as err:
        await discover(page, Target(kind="button", name="Delete"), "click", 0.3)
    assert err.value.kind == "selector_not_found"
    assert "hidden" in err.value.message


PAY_HERE = """<!doctype html><html lang="en"><body><h1>Checkout</h1>
<button onclick="document.querySelector('h1').textContent='Paid'">Pay now</button></body></html>"""
PAY_IN_FRAME = """<!doctype html><html lang="en"><body><h1>Checkout</h1>
<iframe title="Payment" src="/pay-frame"></iframe></body></html>"""
PAY_FRAME = """<!doctype html><html lang="en"><body>
<button onclick="parent.document.querySelector('h1').textContent='Paid'">Pay now</button>
</body></html>"""


async def test_an_element_that_moved_into_an_iframe_is_re_resolved_there(
    site: PageSite, settings: Settings
) -> None:
    req = parse_requirement(
        '1. Click the "Pay now" button\n2. Verify the heading is "Paid"\n', name="pay"
    )
    site.pages["/pay"] = PAY_HERE
    first = await run_requirement(req, settings, url=site.url + "/pay")
    assert first.verdict == "PASS" and first.discoveries == 2
    # the next release embeds the payment button in a payment-provider iframe
    site.pages["/pay"] = PAY_IN_FRAME
    site.pages["/pay-frame"] = PAY_FRAME
    second = await run_requirement(req, settings, url=site.url + "/pay")
    assert second.verdict == "PASS", second.explanation
    assert second.cache["drift"] == 1  # the cached page-level selector no longer finds it
    assert second.steps[1].selector == (
        """page.frame_locator("iframe[title='Payment']")"""
        """.get_by_role("button", name="Pay now", exact=True)"""
    )
