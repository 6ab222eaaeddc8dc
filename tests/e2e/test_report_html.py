"""report.html opened in real Chromium: verdict, cause, steps, heals and cache are visible."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.planning.loader import load_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from backend.similarity import THRESHOLD
from tests.fixtures.drift.site import DriftSite, serve_drift

pytestmark = pytest.mark.e2e

REQS = Path(__file__).resolve().parents[1] / "fixtures" / "drift" / "requirements"


@pytest.fixture(scope="module")
def drift() -> Iterator[DriftSite]:
    with serve_drift() as site:
        yield site


async def test_report_shows_heals_failure_cause_and_cache(
    settings: Settings, drift: DriftSite, browser_session, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = settings.with_evidence("full")  # the report shows every step's screenshot
    search = load_requirement(REQS / "drift_search.md")
    subscribe = load_requirement(REQS / "drift_subscribe.md")
    for req in (search, subscribe):
        assert (await run_requirement(req, settings, url=drift.page("1"))).verdict == "PASS"
    healed = await run_requirement(subscribe, settings, url=drift.page("2"))
    failed = await run_requirement(search, settings, url=drift.page("3"))
    assert healed.verdict == "PASS" and failed.verdict == "FAIL"

    page = browser_session.page
    await page.set_viewport_size({"width": 1280, "height": 900})
    healed_html = Path(str(healed.run_dir)) / "report.html"
    html = healed_html.read_text(encoding="utf-8")
    assert "<script" not in html and 'src="data:image/png;base64,' in html  # self-contained
    await page.goto(healed_html.as_uri())
    assert await page.locator("#verdict").inner_text() == "PASS · drift_subscribe"
    healed_row = page.locator("tr.healed")
    assert await healed_row.count() == 1 and await healed_row.is_visible()
    assert "HEALED" in await healed_row.inner_text()
    assert await page.get_by_alt_text("step 2 screenshot").is_visible()

    failed_html = Path(str(failed.run_dir)) / "report.html"
    await page.goto(failed_html.as_uri())
    header = page.locator("header")
    assert await header.is_visible()
    assert "FAIL" in await page.locator("#verdict").inner_text()
    assert "drift_unhealed" in await page.locator("#cause").inner_text()
    assert f"below {THRESHOLD:.2f}" in await page.locator("#explanation").inner_text()
    assert await page.locator("tr.failed").is_visible()
    assert await page.locator("#heals").get_by_text("fingerprint_rerank").first.is_visible()
    cache = page.locator("#cache")
    await cache.scroll_into_view_if_needed()
    assert await cache.is_visible() and "hit rate" in await cache.inner_text()
    # The cache section comes last, the verdict first.
    boxes = [await page.locator(s).bounding_box() for s in ("header", "#steps", "#cache")]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # type: ignore[index]
    shot = tmp_path / "report.png"
    await page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    if os.environ.get("PACTS_SAVE_REPORT_PNG"):  # `make report-png` refreshes docs/report.png
        shutil.copyfile(shot, os.environ["PACTS_SAVE_REPORT_PNG"])
