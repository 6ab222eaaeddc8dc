"""The check every cache hit gets (discovery/fingerprints.verify), on real pages in Chromium."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.discovery.fingerprints import fingerprint_of, verify
from backend.discovery.stability import IS_DYNAMIC_JS, is_dynamic
from backend.models import Fingerprint, LocatorCall, LocatorSpec
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

FORM = """<!doctype html><html lang="en"><body><main><h1>Sign up</h1>
<label for="n">Name</label><input id="n">{more}</main>{script}</body></html>"""
NAME = LocatorSpec(calls=(LocatorCall(method="get_by_label", args=("Name",)),))


@pytest.fixture(scope="module")
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        yield served


async def _verify(  # type: ignore[no-untyped-def]
    browser_session, site: PageSite, html: str, spec: LocatorSpec = NAME, digest: bool = False
):
    """Fingerprint the Name field on the plain form, then verify it on `html`; `digest`: with
    the digest of the data read (the cheap check in Playwright's utility world first)."""
    page = browser_session.page
    site.pages["/plain"] = FORM.format(more="", script="")
    await page.goto(site.url + "/plain")
    expected = await fingerprint_of(spec.resolve(page))
    if digest:
        expected = expected.checked(str)
        assert expected.digest
    site.pages["/now"] = html
    await page.goto(site.url + "/now")
    return await verify(page, spec, expected, "fill", 0.8, 0.3)


@pytest.mark.parametrize("digest", [False, True])
@pytest.mark.parametrize(
    ("more", "found"),
    [("", True), ('<label for="m">Name</label><input id="m">', False)],
)
async def test_the_locator_must_find_exactly_one_element(
    browser_session, site: PageSite, more: str, found: bool, digest: bool
) -> None:  # type: ignore[no-untyped-def]
    html = FORM.format(more=more, script="")
    ok, current, _ = await _verify(browser_session, site, html, digest=digest)
    assert ok is found and (current is not None) is found


@pytest.mark.parametrize("digest", [False, True])
async def test_a_gone_element_is_not_verified(
    browser_session, site: PageSite, digest: bool
) -> None:  # type: ignore[no-untyped-def]
    ok, current, score = await _verify(browser_session, site, "<h1>Sign up</h1>", digest=digest)
    assert (ok, current, score) == (False, None, 0.0)


#: The page's own world hides every element from querySelectorAll, as Lightning's Locker hides
#: another namespace's: the digest check looks in Playwright's utility world, where the step's
#: action looks too; the full check (evaluate_all, the page's world) finds nothing.
LOCKER = "<script>document.querySelectorAll = () => [];</script>"


@pytest.mark.parametrize("digest", [False, True])
async def test_the_digest_check_looks_where_the_action_looks(
    browser_session, site: PageSite, digest: bool
) -> None:  # type: ignore[no-untyped-def]
    html = FORM.format(more="", script=LOCKER)
    ok, current, _ = await _verify(browser_session, site, html, digest=digest)
    assert ok is digest and (current is not None) is digest


async def test_a_new_generated_id_reads_the_same_digest(browser_session, site: PageSite) -> None:  # type: ignore[no-untyped-def]
    """The demo's login form makes new ids on every load: left out of the digest, as
    _fingerprint() leaves them out of the fingerprint (in the page's world nothing is found)."""
    page = browser_session.page
    for path, ident in (("/load1", "input-1111"), ("/load2", "input-4490")):
        form = FORM.replace('"n"', f'"{ident}"')
        site.pages[path] = form.format(more="", script=LOCKER if path == "/load2" else "")
    await page.goto(site.url + "/load1")
    expected = (await fingerprint_of(NAME.resolve(page))).checked(str)
    await page.goto(site.url + "/load2")
    ok, current, score = await verify(page, NAME, expected, "fill", 0.8, 0.3)
    assert ok and current == expected and score == 1.0


async def test_a_changed_element_gets_the_full_check(browser_session, site: PageSite) -> None:  # type: ignore[no-untyped-def]
    """A new placeholder: another digest, so the fingerprint is read and scored (still above
    the threshold: the same field)."""
    html = FORM.replace('<input id="n">', '<input id="n" placeholder="Your name">')
    ok, current, score = await _verify(
        browser_session, site, html.format(more="", script=""), digest=True
    )
    assert ok and current is not None and current.attributes["placeholder"] == "Your name"
    assert 0.8 <= score < 1.0


async def test_data_holding_a_secret_keeps_no_digest(browser_session, site: PageSite) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    site.pages["/token"] = FORM.format(more="", script="").replace(
        '<input id="n">', '<input id="n" title="token s3cr3t-value">'
    )
    await page.goto(site.url + "/token")
    read = await fingerprint_of(NAME.resolve(page))
    assert read.checked(lambda text: text.replace("s3cr3t-value", "***")).digest == ""
    assert read.checked(str).digest
    assert Fingerprint.model_validate_json(read.model_dump_json()).checked(str).digest == ""


#: Values around the edges of is_dynamic(): where the script and Python differ, only Python may
#: call a value generated (Unicode digits, a newline at the end, case folding, emoji lengths).
SAMPLES = [
    "",
    "searchInput",
    "input-4490",
    "input-44",
    ":r5:",
    "form:j_id12",
    "ember123",
    "headlessUI-menu",
    "0f8fad5b-d9cb-469f",
    "a1b2c3d4",
    "abcdef",
    "Button__a1B2c",
    "x" * 64,
    "x" * 65,
    "\U0001f600" * 40,
    "input-\u0664\u0664\u0669",
    "a1b2c3d4\n",
    "\u017f1b2c3d4",
    "\u212a1b2c3",
]


async def test_the_script_finds_no_value_generated_that_python_keeps(browser_session) -> None:  # type: ignore[no-untyped-def]
    found = await browser_session.page.evaluate(f"vs => vs.map({IS_DYNAMIC_JS})", SAMPLES)
    python = [is_dynamic(v) for v in SAMPLES]
    assert not [v for v, js, py in zip(SAMPLES, found, python, strict=True) if js and not py]
    ascii_ = [
        (js, py)
        for v, js, py in zip(SAMPLES, found, python, strict=True)
        if v.isascii() and v.isprintable()
    ]
    assert all(js == py for js, py in ascii_) and sum(py for _, py in ascii_) >= 8


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
