"""The check every cache hit gets (discovery/fingerprints.verify), on real pages in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.discovery.fingerprints import fingerprint_of, verify
from backend.models import LocatorCall, LocatorSpec
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

FORM = """<!doctype html><html lang="en"><body><main><h1>Sign up</h1>
<label for="n">Name</label><input id="n">{more}</main>{script}</body></html>"""
NAME = LocatorSpec(calls=(LocatorCall(method="get_by_label", args=("Name",)),))


@pytest.fixture(scope="module")
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        yield served


async def _verify(browser_session, site: PageSite, html: str, spec: LocatorSpec = NAME):  # type: ignore[no-untyped-def]
    page = browser_session.page
    site.pages["/plain"] = FORM.format(more="", script="")
    await page.goto(site.url + "/plain")
    expected = await fingerprint_of(spec.resolve(page))
    site.pages["/now"] = html
    await page.goto(site.url + "/now")
    return await verify(page, spec, expected, "fill", 0.8, 0.3)


@pytest.mark.parametrize(
    ("more", "found"),
    [("", True), ('<label for="m">Name</label><input id="m">', False)],
)
async def test_the_locator_must_find_exactly_one_element(
    browser_session, site: PageSite, more: str, found: bool
) -> None:  # type: ignore[no-untyped-def]
    ok, current, _ = await _verify(browser_session, site, FORM.format(more=more, script=""))
    assert ok is found and (current is not None) is found


async def test_a_gone_element_is_not_verified(browser_session, site: PageSite) -> None:  # type: ignore[no-untyped-def]
    ok, current, score = await _verify(browser_session, site, "<h1>Sign up</h1>")
    assert (ok, current, score) == (False, None, 0.0)


async def test_an_element_in_a_frame_is_verified_in_its_frame(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    site.pages["/inner"] = FORM.format(more="", script="")
    spec = LocatorSpec(
        calls=(
            LocatorCall(method="frame_locator", args=("iframe",)),
            LocatorCall(method="get_by_label", args=("Name",)),
        )
    )
    html = f'<h1>Outer</h1><iframe src="{site.url}/inner"></iframe>'
    page = browser_session.page
    site.pages["/outer"] = html
    await page.goto(site.url + "/outer")
    expected = await fingerprint_of(spec.resolve(page))
    await page.reload()
    ok, current, _ = await verify(page, spec, expected, "fill", 0.8, 2.0)
    assert ok and current is not None and current.tag == "input"
