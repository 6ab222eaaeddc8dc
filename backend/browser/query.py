"""One script on the one element a locator finds, in one round trip, where actions look.

Playwright resolves a selector in one of two worlds of a document: its utility world (actions,
expect(), count()) or the page's own (`locator.evaluate_all`). Each world gets Playwright's
injected script, built on the first query there in each new document: a query in the page's
world next to actions costs that build a second time (the largest part of a cache hit's verify
on a page just loaded, issue 15). A strict `$eval` resolves in the utility world and runs the
script on the element in the page's world without it; it also sees the browser's own DOM
methods where a page wraps them in its world (Lightning's Locker).
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


async def eval_one(page: Any, locator: Any, script: str) -> Any | None:
    """`script(element)` when `locator` finds exactly one element; None for none or several."""
    from playwright.async_api import Error as PlaywrightError

    impl, frame = getattr(locator, "_impl_obj", None), page.main_frame
    selector = getattr(impl, "_selector", None)
    if not isinstance(selector, str) or getattr(impl, "_frame", None) is not frame._impl_obj:
        # not a locator on the page's main frame as this Playwright builds them: in the
        # page's world, as evaluate_all does
        return await locator.evaluate_all(f"els => els.length === 1 ? ({script})(els[0]) : null")
    try:
        return await frame.eval_on_selector(selector, script, strict=True)
    except PlaywrightError as exc:  # none yet, or several (a strict-mode violation)
        logger.debug("no single element: %s", str(exc).split("\n", 1)[0])
        return None
