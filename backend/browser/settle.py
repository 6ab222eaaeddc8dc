"""Waits after an action until what it started has landed, so the next step sees it.

Event-driven: one animation frame for the action's handlers to run, then as long as a main-frame
navigation is in flight, or a document/fetch/XHR request the action started is (bounded by
REQUEST_BOUND_S: a response handler may navigate), then the new page's load event. An action
that starts nothing costs one frame, not a fixed window.

Playwright hears of a request from the network stack, which under load can come after the
frame's answer; so the frame's answer also says what the page itself knows (PAGE_WATCH_JS in
browser/session.py): a fetch/XHR it began since the action and has not finished, or a navigation
it asked for. Either keeps settle() waiting, as a request Playwright reported does.

The busy check also reads the alerts the page shows (the Oracle's "no alert shown" check), and
settle() returns them; on a page with no busy indicator and no alert at all (shown or not) the
frame's answer is both, and settle() asks the page nothing more: on the page the action left,
or on the new document it loaded when that frame saw it loaded. The start-up look of a step that
opens a page itself (navigate: wait_opened) answers the same way, so the Oracle asks nothing.

A page the action opened (a navigation, or a click that loads a new document) is also let start
up (wait_startup): a single-page app's load event comes with its shell drawn, and it fetches its
state and opens its document after that, in waves; the next step waits until the page has no
fetch/XHR in flight, loads no resource and adds no element for a moment (bounded). A page
with nothing in flight when it is first looked at costs one look.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from backend.browser.session import BrowserSession

logger = logging.getLogger(__name__)

#: The longest wait for requests an action started (a long poll must not hold a run).
REQUEST_BOUND_S = 2.0
#: A frame, then what the page began since the action (`ms` ago): [pending fetch/XHR, leaving,
#: quiet: loaded, and no busy indicator or alert at all, shown or not, in the document or an
#: open shadow root (anything there: the busy check's query looks with Playwright's engine)].
_QUIET_JS = """const quiet = look => {
  const some = root => !!root.querySelector(look)
    || [...root.querySelectorAll('*')].some(e => e.shadowRoot && some(e.shadowRoot));
  return document.readyState === 'complete' && !some(document);
};"""
_FRAME_JS = (
    """([ms, look]) => new Promise(r => requestAnimationFrame(() => setTimeout(() => {"""
    + _QUIET_JS
    + """
  const s = window.__pacts;
  r([...(s ? s.read(ms) : [0, false]), quiet(look)]);
}, 0)))"""
)
_READ_JS = "([ms]) => window.__pacts ? window.__pacts.read(ms) : [0, false]"
#: How much earlier than `since` a request may have begun and still count as the action's
#: (the page's clock and this process's are read a round trip apart).
_CLOCK_SLACK_S = 0.05
#: Without `since`, requests the page began this long before settle() count as the action's.
_LOOKBACK_S = 1.0
#: What a page shows while it works on an action: a spinner, an indeterminate progress bar, a
#: busy region. A single-page app often navigates (history.pushState) only when it is done:
#: the Lightning login spins for half a second, then moves to /lightning/page/home.
BUSY = '[aria-busy="true"], [role="progressbar"]:not([aria-valuenow]), [class*="spinner"]'
#: The alerts a page shows (the Oracle's "no alert shown" check).
ALERTS = '[role="alert"], [role="alertdialog"]'
#: Busy indicators and alerts that are visible, in one query (Playwright's engine: open shadow
#: roots, its own visibility); the script says [busy?, the alerts' texts, loaded?].
_LOOK = ", ".join(f"{part.strip()}:visible" for part in f"{BUSY}, {ALERTS}".split(","))
_LOOK_JS = """(els, [busy, alert]) => [
  els.some(e => e.matches(busy)),
  els.filter(e => e.matches(alert)).map(e => e.innerText),
  document.readyState === 'complete',
]"""
#: What a quiet page has none of, shown or not (the frame's and the start-up look's answer).
_NOTHING = f"{BUSY}, {ALERTS}"
#: The longest wait for a busy indicator to go: a page that always shows one is held up no more.
BUSY_WAIT_S = 5.0
#: A page the action opened (a new document) is starting up while it has fetch/XHR requests in
#: flight: a single-page app draws its shell by its load event, then fetches its state and opens
#: its document (JupyterLab opens the notebook of /lab/tree/X.ipynb 2-4 s after load; a menu
#: opened before that shows the entries of no document, greyed out, and is not redrawn).
#: The start-up is over when none is in flight, no resource (a script chunk) finished loading
#: and no element was added or removed for STARTUP_QUIET_S (its requests come in waves, and
#: between two the app loads code and builds its layout: JupyterLab, restoring its panels
#: before it fetches the notebook, had no request in flight and no element added for up to
#: 0.46 s on an idle machine); it is waited for this long at most.
STARTUP_BOUND_S = 10.0
STARTUP_QUIET_S = 1.0
#: A request pending longer than this is a long poll, not start-up (it stops counting).
STARTUP_POLL_S = 5.0
#: A document opened up to this long before the action's clock says counts as the action's (the
#: page's clock starts with the navigation, which this process reads a round trip later).
_OPENED_SLACK_S = 1.0
#: [whether the document is newer than the action (`ms` ago), its fetch/XHR requests in flight
#: that began within the last `poll` ms, ms since an element was last added or removed, the
#: resources it has loaded, quiet (as the frame's answer says it; only with none in flight, and
#: only when asked: `look` is '' on the looks of a start-up it waits out, so a large page is not
#: walked every 50 ms)].
_STARTUP_JS = (
    """([ms, poll, look]) => {"""
    + _QUIET_JS
    + """
  const s = window.__pacts, now = performance.now();
  const pending = s ? s.read(Math.min(ms, poll))[0] : 0;
  return [now < ms, pending, s ? now - s.changed : now,
    performance.getEntriesByType('resource').length, !pending && !!look && quiet(look)]; }"""
)


async def next_frame(session: BrowserSession, since: float | None = None) -> PageSays:
    """Let the page run one animation frame (the action's handlers, timers of 0 ms); then what
    the page itself says it began since `since` (perf_counter)."""
    return await _page_says(session, _FRAME_JS, since)


@dataclass(frozen=True)
class PageSays:
    """What the page began since the action: fetch/XHR requests still pending, and whether it
    asked for a new document."""

    pending: int = 0
    leaving: bool = False
    #: Loaded, no busy indicator, no alert (a frame's answer; the busy check's, if it is the
    #: last look before settle() returns), on one document from question to answer.
    quiet: bool = False
    #: `session.documents` when the page was asked: the document the answer is about.
    document: int = -1

    def at_rest(self, session: BrowserSession) -> bool:
        """Quiet, and the document it looked at is still the page (nothing navigating)."""
        return self.quiet and self.document == session.documents and not session.navigating


async def _page_says(session: BrowserSession, script: str, since: float | None) -> PageSays:
    ms = (time.perf_counter() - since + _CLOCK_SLACK_S) * 1000 if since is not None else 0.0
    seen = session.documents
    try:
        pending, leaving, *quiet = await session.page.evaluate(script, [ms, _NOTHING])
    except Exception as exc:  # the page is navigating away: settle() waits for it below
        logger.debug("frame wait ended: %s", exc)
        return PageSays()
    return PageSays(
        int(pending), bool(leaving), quiet == [True] and session.documents == seen, seen
    )


def _unheard(says: PageSays, session: BrowserSession, documents: int, navigations: int) -> bool:
    """Whether the page began something Playwright has not reported yet: a fetch/XHR still
    pending, or a navigation while no navigation request has been seen since the action."""
    if session.documents != documents:
        return False
    return says.pending > 0 or (says.leaving and session.navigations_started == navigations)


async def settle(
    session: BrowserSession, timeout_s: float, grace_s: float = 0.0, since: float | None = None
) -> list[str] | None:
    """Return once the action's navigation (if any) has loaded and its requests are done.

    `grace_s`: a minimum wait first, for a healer that wants the page to go quiet.
    `since`: when the action began (perf_counter; _LOOKBACK_S before settle when not given).
    Returns the texts of the alerts the page shows at rest, read with the busy check when that
    was the last look at the loaded page (None: not read, the caller reads them itself).
    """
    started = time.perf_counter()
    since = started - _LOOKBACK_S if since is None else since
    deadline = started + timeout_s
    documents, requests = session.documents, session.requests_started
    navigations = session.navigations_started
    if grace_s:
        await asyncio.sleep(grace_s)
    says = await next_frame(session, since)
    busy_until = started + REQUEST_BOUND_S
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        if now >= busy_until and not session.navigating:
            break  # a page that keeps polling is quiet enough
        started_some = session.requests_started > requests
        if session.navigating or (started_some and session.inflight and now < busy_until):
            await asyncio.sleep(0.01)
            says = PageSays(says.pending, says.leaving)  # no longer the last look
            continue
        if _unheard(says, session, documents, navigations):
            await asyncio.sleep(0.01)
            says = await _page_says(session, _READ_JS, since)
            continue
        if started_some and not session.navigating:
            requests = session.requests_started  # a finished fetch's handler may navigate now
            says = await next_frame(session, since)
            if session.navigating or session.requests_started > requests:
                continue
            if _unheard(says, session, documents, navigations):
                continue
        break
    if says.at_rest(session) and session.documents == documents:
        return []  # the last frame was the busy check and the alerts query: nothing shown
    alerts: list[str] | None = []
    if says.at_rest(session):  # the last frame saw the new document loaded, with nothing shown
        await _loaded(session, deadline)  # Playwright's load event (no round trip)
    else:
        alerts = await _landed(session, documents, deadline)
    if session.documents != documents:  # a new page: let it start up (a single-page app)
        left = deadline - time.perf_counter()
        startup = await _startup(session, since, left) if left > 0 else StartUp()
        if startup.quiet:
            return []
        if startup.waited:
            return None  # read before it finished starting: the Oracle reads them itself
    return alerts


async def wait_startup(session: BrowserSession, since: float, timeout_s: float) -> bool:
    """Wait while the document the action opened (since `since`, perf_counter) has start-up
    requests in flight, until it is quiet for STARTUP_QUIET_S (bounded: STARTUP_BOUND_S and
    `timeout_s`). False at once for a document the action did not open, or one with nothing
    in flight; True if it waited (the page may have changed since it was last read)."""
    return (await _startup(session, since, timeout_s)).waited


async def wait_opened(session: BrowserSession, since: float, timeout_s: float) -> list[str] | None:
    """wait_startup() after a step that loads a document itself (navigate, reload, go back):
    [] when its last look found the page loaded with no busy indicator and no alert at all
    (the Oracle's "no alert shown" query would read nothing); None: the Oracle reads them."""
    return [] if (await _startup(session, since, timeout_s)).quiet else None


@dataclass(frozen=True)
class StartUp:
    """What wait_startup() did: whether it waited, and whether its one look (it did not wait)
    found the page loaded with no busy indicator and no alert at all, on the document that is
    still the page."""

    waited: bool = False
    quiet: bool = False


async def _startup(session: BrowserSession, since: float, timeout_s: float) -> StartUp:
    started = time.perf_counter()
    deadline = started + min(STARTUP_BOUND_S, timeout_s)
    waited, quiet_since, loaded = False, None, -1
    while True:
        ms = (time.perf_counter() - since + _OPENED_SLACK_S) * 1000
        seen = session.documents
        try:
            opened, pending, still_ms, resources, nothing = await session.page.evaluate(
                _STARTUP_JS, [ms, STARTUP_POLL_S * 1000, "" if waited else _NOTHING]
            )
        except Exception as exc:  # navigating again: the next step's discovery waits
            logger.debug("start-up wait ended: %s", exc)
            return StartUp(waited)
        now = time.perf_counter()
        at_rest = bool(nothing) and session.documents == seen and not session.navigating
        if not opened or (not pending and not waited):
            return StartUp(waited, at_rest)
        waited = True
        busy = pending or resources != loaded
        quiet_since, loaded = (None if busy else quiet_since or now), resources
        quiet = quiet_since is not None and now - quiet_since >= STARTUP_QUIET_S
        if (quiet and still_ms >= STARTUP_QUIET_S * 1000) or now >= deadline:
            if not quiet:
                logger.debug("page still starting up after %.1f s", now - started)
            return StartUp(True)  # its looks asked nothing: the Oracle reads the alerts
        await asyncio.sleep(0.05)


async def _landed(session: BrowserSession, documents: int, deadline: float) -> list[str] | None:
    """Wait out a busy indicator, then the load of a new document (both bounded); the alerts
    if the busy check read them on the loaded page that stayed (see settle())."""
    # A single-page app often navigates (pushState) only when its work is done: wait out a
    # spinner or busy region first (bounded), so the next step sees where the page landed.
    seen = session.documents
    busy, alerts, loaded = await _look(session.page)
    if busy:
        alerts = None
        await wait_not_busy(
            session.page, min(BUSY_WAIT_S, max(0.0, deadline - time.perf_counter()))
        )
    if session.documents != documents or session.navigating:
        await _loaded(session, deadline)
    stayed = loaded and session.documents == seen and not session.navigating
    return alerts if stayed else None


async def _loaded(session: BrowserSession, deadline: float) -> None:
    """Wait for the page's load event (bounded)."""
    try:
        await session.page.wait_for_load_state(
            "load", timeout=max(1.0, deadline - time.perf_counter()) * 1000
        )
    except Exception as exc:  # a slow load is the next step's problem, with its own timeout
        logger.debug("page did not finish loading: %s", exc)


async def _look(page: Any) -> tuple[bool, list[str] | None, bool]:
    """One query: whether a busy indicator shows, the alerts' texts, whether the page loaded
    ([True, None, False] while the page is replaced: the busy wait looks again)."""
    try:
        busy, alerts, loaded = await page.locator(_LOOK).evaluate_all(_LOOK_JS, [BUSY, ALERTS])
    except Exception as exc:  # the document was replaced while we looked
        logger.debug("look interrupted: %s", exc)
        return True, None, False
    return bool(busy), [str(a) for a in alerts], bool(loaded)


async def wait_not_busy(page: Any, timeout_s: float) -> bool:
    """Wait until the page shows no busy indicator (CSS locators pierce open shadow roots);
    False if one is still shown after `timeout_s`."""
    busy = page.locator(BUSY).filter(visible=True)
    deadline = time.perf_counter() + timeout_s
    while True:
        try:
            if await busy.count() == 0:
                return True
        except Exception as exc:  # the document was replaced while we looked: look again
            logger.debug("busy check interrupted: %s", exc)
        if time.perf_counter() >= deadline:
            logger.debug("still busy after %.1f s", timeout_s)
            return False
        await asyncio.sleep(0.05)
