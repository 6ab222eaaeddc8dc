"""How long discovery keeps looking: the step's timeout, and a bounded grace while the page is
still loading (issue 13: right after `/lab?reset` under load, JupyterLab drew its file browser
after the 10 s step timeout). Loading is a document still being parsed, a fetch/XHR in flight,
or a document opened less than YOUNG_PAGE_S ago: a single-page app fetches and draws its parts
after its load event, with gaps between requests (JupyterLab's entries are in the DOM, hidden,
until its splash screen goes). A page that is done loading and lacks the element fails at the
step timeout as before."""

from __future__ import annotations

import time
from typing import Any

#: The longest discovery looks past the step's timeout while the page is still loading (and
#: never longer than the timeout itself: a 2 s look gets 2 s more at most).
LOADING_GRACE_S = 10.0
#: A document opened this recently is still starting up.
YOUNG_PAGE_S = 15.0
#: The document is young or still being parsed, or the page has a fetch/XHR in flight that it
#: began within the last 30 s (browser/session.py PAGE_WATCH_JS counts them; a request older
#: than that is a long poll, not loading).
_LOADING_JS = """young => performance.now() < young || document.readyState !== 'complete'
  || !!(window.__pacts && window.__pacts.read(30000)[0] > 0)"""


async def still_loading(page: Any) -> bool:
    """Whether the page is still loading what it shows (a navigating page is)."""
    try:
        return bool(await page.evaluate(_LOADING_JS, YOUNG_PAGE_S * 1000))
    except Exception:  # the page navigated between two looks
        return True


async def keep_looking(page: Any, started: float, timeout_s: float) -> bool:
    """Past the step's timeout: whether to look again (the page is still loading and the
    grace, at most the step's timeout again, is not used up)."""
    if time.perf_counter() >= started + timeout_s + min(LOADING_GRACE_S, timeout_s):
        return False
    return await still_loading(page)
