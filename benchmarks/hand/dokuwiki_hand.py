"""Three DokuWiki cases of the real-world suite (tests/realworld/requirements/dokuwiki/) written by
hand with Playwright's sync API, as a tester would: what benchmarks/bench_vs_hand.py --app
dokuwiki times against `pacts test`.

`python benchmarks/hand/dokuwiki_hand.py NAME BASE_URL` runs one as a whole process.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from demo_hand import run  # type: ignore[import-not-found]
from playwright.sync_api import expect


def recent_changes(page: Any, base: str) -> None:
    page.goto(base + "/doku.php?id=handbook")
    page.get_by_role("link", name="Recent Changes").click()
    expect(page.get_by_role("heading", name="Recent Changes")).to_be_visible()
    expect(page).to_have_url(re.compile("do=recent"))


def toc_jump_to_pricing(page: Any, base: str) -> None:
    page.goto(base + "/doku.php?id=handbook")
    expect(page.get_by_text("Table of Contents")).to_be_visible()
    page.get_by_role("link", name="Pricing", exact=True).click()
    expect(page).to_have_url(re.compile("#pricing"))


def login_admin(page: Any, base: str) -> None:
    page.goto(base + "/doku.php?id=start")
    page.get_by_role("link", name="Log In").click()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("Wiki-admin-1")
    page.get_by_role("button", name="Log In").click()
    expect(page.get_by_role("link", name="Log Out")).to_be_visible()
    expect(page.get_by_role("link", name="Admin", exact=True)).to_be_visible()


SCRIPTS: dict[str, Callable[[Any, str], None]] = {
    "recent_changes": recent_changes,
    "toc_jump_to_pricing": toc_jump_to_pricing,
    "login_admin": login_admin,
}


if __name__ == "__main__":
    sys.exit(run(SCRIPTS[sys.argv[1]], sys.argv[2].rstrip("/")))
