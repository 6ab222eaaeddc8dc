"""The Salesforce regression (issue 13) on the nearest real thing to a Lightning org: an app built
from Salesforce's lightning-base-components with the LWC compiler, native shadow DOM and SLDS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from backend.browser.session import launch_options
from backend.settings import Settings
from tests.realworld.apps import lightning

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
REQUIREMENT = REPO / "requirements" / "salesforce_new_contact.md"
# What PACTS gets wrong on this app today (tests/realworld/README-lightning.md has the table).
DEFECTS = (
    'FAIL selector_not_found at step 6/18: the planner now reads \'Click "Contacts" in the App '
    "Launcher' as Contacts scoped to the App Launcher (issue 12; 'Click New in the Cases related "
    "list' likewise scopes New to Cases), but discovery finds no region or dialog named 'App "
    "Launcher' (the LightningModal takes its label from lightning-modal-header; why discovery "
    "misses it is not yet investigated). Measured 2026-11-29 with --runxfail"
)


@pytest.fixture(scope="module")
def app() -> Iterator[str]:
    """The built app, served on 127.0.0.1:8840 (npm install + rollup on the first run)."""
    lightning.install()
    url = lightning.start()
    yield url
    lightning.stop()


def _pacts_test(url: str, cwd: Path) -> dict:  # type: ignore[type-arg]
    """One `pacts test` process on the requirement; its JSON verdict."""
    env = {**os.environ, "SF_USER": lightning.USERNAME, "SF_PASSWORD": lightning.PASSWORD}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backend.cli.main",
            "test",
            *("--req", str(REQUIREMENT)),
            *("--url", url),
            "--json",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stdout.strip(), result.stderr[-3000:]
    return json.loads(result.stdout)


def test_the_app_is_lightning_base_components_in_native_shadow_dom(app: str) -> None:
    """The page under test is what the requirement claims: base components with their own open
    shadow roots (no synthetic shadow), SLDS loaded, the login guarding the org."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(Settings()))
        page = browser.new_page()
        page.goto(app + "lightning/o/Contact/list")
        page.wait_for_url("**/")  # not logged in: back to the login page
        page.get_by_label("Username").fill(lightning.USERNAME)
        page.get_by_label("Password").fill(lightning.PASSWORD)
        page.get_by_role("button", name="Log In").click()
        page.wait_for_url("**/lightning/page/home")
        facts = page.evaluate(
            """() => ({
                // native: a real ShadowRoot, and the inner <button> is out of the document's reach
                nativeShadow: document.querySelector('lightning-button-icon').shadowRoot
                    instanceof ShadowRoot,
                innerButtonHidden: document.querySelector('lightning-button-icon button') === null,
                slds: [...document.styleSheets].some(
                    s => (s.href || '').includes('salesforce-lightning-design-system')),
            })"""
        )
        browser.close()
    assert facts == {"nativeShadow": True, "innerButtonHidden": True, "slds": True}


def _logged_in_page(browser: Any, app: str) -> Any:
    """A page of the app after a wrong password (the error shows) and then the right one."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(app)
    page.get_by_label("Username").fill(lightning.USERNAME)
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log In").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check your username and password")
    page.get_by_label("Password").fill(lightning.PASSWORD)
    page.get_by_role("button", name="Log In").click()
    page.wait_for_url("**/lightning/page/home")
    return page


def _list_view_inline_edit_and_delete(page: Any) -> None:
    """The datatable's inline edit (pencil, type, Save bar) and a row delete after a confirm."""
    page.get_by_role("link", name="Contacts").click()
    row = page.get_by_role("row").filter(has_text="Rose Gonzalez")
    row.get_by_role("gridcell").nth(2).hover()
    row.get_by_role("button", name="Edit Title").click()
    page.keyboard.type("CEO")
    page.get_by_text("Recently Viewed").click()  # leaving the cell closes its edit panel
    page.get_by_role("button", name="Save", exact=True).click()
    expect(row).to_contain_text("CEO")
    page.get_by_role("row").filter(has_text="Edna Frank").get_by_role("button").last.click()
    page.get_by_role("menuitem", name="Delete").click()
    expect(page.get_by_text("Are you sure you want to delete this contact?")).to_be_visible()
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(page.get_by_role("link", name="Edna Frank")).to_have_count(0)


def _record_page(page: Any) -> None:
    """Inline edit on the record page, New in the Opportunities related list, delete."""
    page.get_by_role("link", name="Rose Gonzalez").click()
    page.get_by_role("button", name="Edit Phone").click()
    page.get_by_label("Phone").fill("(512) 555-0100")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("(512) 555-0100")).to_be_visible()
    opportunities = page.locator("c-related-list").filter(has_text="Opportunities")
    opportunities.get_by_role("button", name="New").click()
    page.get_by_label("Opportunity Name").fill("Edge Upgrade")
    page.get_by_label("Close Date").fill("Dec 31, 2026")
    page.get_by_role("combobox", name="Stage").click()
    page.get_by_role("option", name="Qualification").click()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(opportunities).to_contain_text("Edge Upgrade")
    expect(page.get_by_role("heading", name="Opportunities (2)")).to_be_visible()
    page.get_by_role("button", name="Delete", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Delete", exact=True).click()
    page.wait_for_url("**/lightning/o/Contact/list")
    # the list's rows (a toast from the earlier save may still link to the record)
    expect(page.get_by_role("row").filter(has_text="Rose Gonzalez")).to_have_count(0)


def test_the_app_has_what_the_regression_needs(app: str) -> None:
    """Login, list view inline edit, delete with a confirmation, record page inline edit and a
    related list's own New, driven by hand-written Playwright (the app works without PACTS)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(Settings()))
        try:
            page = _logged_in_page(browser, app)
            _list_view_inline_edit_and_delete(page)
            _record_page(page)
        finally:
            browser.close()


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=DEFECTS)
def test_salesforce_new_contact_passes_cold_then_warm(app: str, tmp_path: Path) -> None:
    cold = _pacts_test(app, tmp_path)
    assert cold["verdict"] == "PASS", (cold.get("root_cause"), cold.get("explanation"))
    warm = _pacts_test(app, tmp_path)
    assert warm["verdict"] == "PASS", (warm.get("root_cause"), warm.get("explanation"))
    assert cold["discoveries"] > 0 and warm["discoveries"] == 0
    assert warm["cache"]["drift"] == 0
