"""Discovery on a real Shoelace page (npm's Shoelace web components, native shadow DOM): a
name that is one word of the tester's, not at its start, is no match ("Save profile" is the
button, never the tab "Profile") (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from backend.discovery.candidates import collect
from backend.discovery.engine import discover, roles_for
from backend.discovery.score import rank
from backend.models import Target
from tests.realworld.apps import shoelace

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    shoelace.install()
    yield shoelace.start()
    shoelace.stop()


async def test_save_profile_is_the_button_not_the_profile_tab(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/")
    assert await page.get_by_role("tab", name="Profile").count() == 1  # the word is on a tab too
    found = await discover(page, Target(name="Save profile"), "click", 10)
    assert found.locator.expr() == 'page.get_by_role("button", name="Save profile", exact=True)'
    # The tab is not a candidate at all (it was one at 0.61 and won: the <sl-button>'s inner
    # button, named by slotted text, is not among the scored candidates; the role chain finds it)
    target = Target(name="Save profile")
    roles = roles_for(target, "click")
    ranked = rank(target, roles, (await collect(page, roles, target.name)).candidates)
    assert all(s.candidate.role != "tab" for s in ranked)
