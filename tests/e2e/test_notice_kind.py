"""`Verify the toast says "..."` plans kind alert; discovery finds the one visible notice on a
real page (not the spinner's status, not a hidden alert), narrowed to its heading."""

from __future__ import annotations

import pytest

from backend.discovery.engine import discover
from backend.planning.rules import parse_line

pytestmark = pytest.mark.e2e


async def test_the_toast_is_the_visible_notice(browser_session) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.set_content(
        "<main><h1>Contacts</h1><button>Save</button>"
        '<div role="status" class="slds-spinner">Loading</div>'
        '<p role="alert" hidden>old</p>'
        '<div role="alert"><h2>Contact "Ada" was created</h2>'
        "<span>Press Control + F6</span><button>Close</button></div></main>"
    )
    (step,) = parse_line("""Verify the toast says 'Contact "Ada" was created'""")
    assert step.target is not None and step.target.kind == "alert"
    found = await discover(page, step.target, step.action, timeout_s=1.0)
    text = await found.locator.resolve(page).inner_text()
    assert text.strip() == 'Contact "Ada" was created'
