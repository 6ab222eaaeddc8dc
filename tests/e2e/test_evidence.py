"""Screenshots on a real page: Chromium's own capture without masks, Playwright's with them
(tests/e2e/test_security_runs.py covers the masks) or where DevTools does not answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.browser.evidence import take_screenshot
from backend.models import Step
from tests.helpers.images import magenta_pixels, png_uri
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

PAGE = "<!doctype html><style>html, body { margin: 0; background: #ff00ff; }</style><p>&nbsp;"
VIEWPORT = 1280 * 900  # BrowserSession.fresh_page's viewport


@pytest.fixture
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/magenta"] = PAGE
        yield served


async def _shot(session: Any, site: PageSite, tmp_path: Path) -> tuple[Path, int]:
    await session.page.goto(site.url + "/magenta")
    step = Step(action="assert_title", value="x")
    shot = await take_screenshot(session, tmp_path / "run", tmp_path / "latest", "req", 2, step)
    assert shot is not None
    path = Path(shot)
    assert path.name == "step03_assert_title.png"
    assert (tmp_path / "latest" / "req_step03_assert_title.png").read_bytes() == path.read_bytes()
    return path, await magenta_pixels(session.page, png_uri(path))


async def test_a_screenshot_is_the_viewport_as_a_png(
    browser_session: Any, site: PageSite, tmp_path: Path
) -> None:
    (tmp_path / "run").mkdir()
    path, magenta = await _shot(browser_session, site, tmp_path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and magenta == VIEWPORT
    devtools = browser_session._devtools
    await _shot(browser_session, site, tmp_path)
    assert devtools is not None and browser_session._devtools is devtools  # opened once a page


async def test_without_devtools_playwright_takes_the_same_screenshot(
    browser_session: Any, site: PageSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def none() -> Any:
        raise RuntimeError("no DevTools on this browser")

    monkeypatch.setattr(browser_session, "devtools", none)
    (tmp_path / "run").mkdir()
    _, magenta = await _shot(browser_session, site, tmp_path)
    assert magenta == VIEWPORT
