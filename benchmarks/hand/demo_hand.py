"""The demo requirements written by hand with Playwright's sync API, as a tester would.

`python benchmarks/hand/demo_hand.py NAME BASE_URL` runs one as a whole process (what
benchmarks/bench_vs_hand.py times against `pacts test`); test_demo_hand.py runs them under
pytest-playwright for the suite comparison.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect, sync_playwright

PASSWORD = os.environ.get("DEMO_PASSWORD", "")


def demo_search(page: Any, base: str) -> None:
    page.goto(base + "/wiki/Main_Page")
    page.get_by_role("searchbox", name="Search Pactopedia").fill("Playwright (software)")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Playwright (software)")
    expect(page).to_have_title(re.compile(re.escape("Playwright (software)")))
    expect(page).to_have_url(re.compile(re.escape("/wiki/Playwright_(software)")))


def demo_search_results(page: Any, base: str) -> None:
    page.goto(base + "/wiki/Main_Page")
    page.get_by_role("searchbox", name="Search Pactopedia").fill("browser automation")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results")
    expect(page.get_by_text("Playwright (software)").first).to_be_visible()
    page.get_by_role("link", name="Playwright (software)").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Playwright")


def demo_login(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, alice")
    expect(page).to_have_url(re.compile("/account"))


def demo_preferences(page: Any, base: str) -> None:
    page.goto(base + "/preferences")
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Country").select_option(label="Norway")
    page.get_by_label("News").uncheck()
    page.get_by_label("Releases").check()
    page.get_by_label("Events").check()
    page.get_by_role("combobox", name="Plan").click()
    page.get_by_role("option", name="Team", exact=True).click()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Preferences saved for Ada Lovelace")).to_be_visible()
    expect(page.get_by_text("Plan: Team")).to_be_visible()
    expect(page.get_by_text("Country: Norway")).to_be_visible()


SCRIPTS: dict[str, Callable[[Any, str], None]] = {
    "demo_search": demo_search,
    "demo_search_results": demo_search_results,
    "demo_login": demo_login,
    "demo_preferences": demo_preferences,
}


def run(script: Callable[[Any, str], None], base: str) -> int:
    """One script in its own browser, as a hand-written script runs it."""
    chromium = os.environ.get("PACTS_CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_context().new_page()
        script(page, base)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(run(SCRIPTS[sys.argv[1]], sys.argv[2].rstrip("/")))
