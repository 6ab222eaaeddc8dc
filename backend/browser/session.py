"""Launches Chromium through Playwright and holds the page a run drives."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from backend.errors import BrowserError
from backend.settings import CHROMIUM_ARGS, CHROMIUM_INSTALL_HINT, Settings

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Page, Playwright

    from backend.browser.driver import EarlyLaunch

logger = logging.getLogger(__name__)

#: Request types an action may start and the next step may depend on (not images, fonts...).
WATCHED_REQUESTS = frozenset({"document", "fetch", "xhr"})

#: In every document of a run's context: when each fetch/XHR still pending began, and when the
#: page last asked for a new document (the Navigation API's navigate event). Playwright reports
#: a request from the network stack, which under load can arrive after an evaluate's answer;
#: the page knows at once. `window.__pacts.read(ms)`: [fetch/XHR pending that began in the last
#: `ms`, whether a navigation to another document was asked for in that time].
#: `window.__pacts.changed`: when elements were last added to or removed from the page (its
#: clock), for a start-up that builds the page between two waves of requests (settle.py).
PAGE_WATCH_JS = """(() => {
  if (window.__pacts) return;
  const live = new Map();
  let next = 0;
  const s = { leftAt: -1, changed: 0 };
  Object.defineProperty(window, '__pacts', { value: s });
  new MutationObserver(() => { s.changed = performance.now(); })
    .observe(document, { childList: true, subtree: true });
  const track = () => {
    const k = ++next;
    live.set(k, performance.now());
    return () => live.delete(k);
  };
  s.read = ms => {
    const since = performance.now() - ms;
    let n = 0;
    for (const t of live.values()) if (t >= since) n++;
    return [n, s.leftAt >= 0 && s.leftAt >= since];  // a new document's clock starts at 0
  };
  const fetch0 = window.fetch;
  if (fetch0) window.fetch = function (...args) {
    const done = track();
    try {
      const p = fetch0.apply(this, args);
      p.then(done, done);
      return p;
    } catch (e) { done(); throw e; }
  };
  const send0 = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    this.addEventListener('loadend', track(), { once: true });
    return send0.apply(this, args);
  };
  if (window.navigation) window.navigation.addEventListener('navigate', e => {
    if (!e.destination.sameDocument && !e.downloadRequest) s.leftAt = performance.now();
  });
})()"""


@dataclass
class BrowserSession:
    """One browser, one context, one page, plus what the page said on its console."""

    playwright: Playwright
    browser: Browser
    settings: Settings
    context: BrowserContext | None = None
    page: Page = field(default=None)  # type: ignore[assignment]  # set by fresh_page()
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    #: Set while the main frame has a navigation request out and has not yet navigated.
    navigating: bool = False
    #: Main-frame navigations so far (same-document ones included): "the page state" a
    #: verified selector stays verified in.
    documents: int = 0
    #: Document, fetch and XHR requests in flight (what an action's handler may wait for).
    inflight: set[int] = field(default_factory=set)
    #: Such requests started so far, to tell whether an action started one.
    requests_started: int = 0
    #: Main-frame navigation requests started so far.
    navigations_started: int = 0
    #: Whether the current context records a Playwright trace (`fresh_page(trace=True)`).
    tracing: bool = False
    #: ids of the pages whose events are already watched (a tab switched back to).
    _watched: set[int] = field(default_factory=set)
    #: The DevTools session of the page it was opened on (screenshots): (id(page), session).
    _devtools: tuple[int, Any] | None = None
    #: Whether another run follows this one on this browser (a suite sets it): each fresh
    #: page then starts opening the next run's, to overlap this run.
    spares: bool = False
    #: The next run's context and page, opening (`prepare_next()`).
    _spare: asyncio.Future[tuple[BrowserContext, Page]] | None = None
    #: Work still using the current page after its run (a suite's final-page screenshot):
    #: its context closes, and the browser, only once it is done.
    pending: list[asyncio.Future[Any]] = field(default_factory=list)

    def watch_navigation(self) -> None:
        """Track main-frame navigations and the requests in flight, so `settle()` can wait
        for what an action started, and no longer."""
        page = self.page

        def on_request(request: Any) -> None:
            if request.is_navigation_request() and request.frame == page.main_frame:
                self.navigating = True
                self.navigations_started += 1
            if request.resource_type in WATCHED_REQUESTS:
                self.inflight.add(id(request))
                self.requests_started += 1

        def on_done(request: Any) -> None:
            self.inflight.discard(id(request))

        def on_failed(request: Any) -> None:
            on_done(request)
            if request.is_navigation_request() and request.frame == page.main_frame:
                self.navigating = False

        def on_navigated(frame: Any) -> None:
            if frame == page.main_frame:
                self.navigating = False
                self.documents += 1

        page.on("request", on_request)
        page.on("requestfinished", on_done)
        page.on("requestfailed", on_failed)
        page.on("framenavigated", on_navigated)

    async def fresh_page(self, *, trace: bool = False) -> Page:
        """A new context and page for the next run (cookies and storage start empty): the
        spare one `prepare_next()` opened, when the run records no trace from its start."""
        last, self.context = self.context, None
        # the last page's pending work (a final screenshot) goes on; its context closes after
        # it, in the background (close() waits), else while the next one opens
        pending, self.pending = self.pending, []
        closing = asyncio.ensure_future(self._close_after(last, pending)) if last else None
        if closing is not None and pending:
            self.pending, closing = [closing], None
        self.console_errors, self.page_errors, self.failed_requests = [], [], []
        self.navigating = False
        try:
            spare, self._spare = (self._spare, None) if not trace else (None, self._spare)
            self.context, page = await (spare if spare is not None else self._open(trace))
        finally:
            if closing is not None:  # closed while the next one opened: one wait, not two
                await closing
        self.tracing = trace
        self._watched, self._devtools = set(), None
        self.adopt(page)
        if self.spares and not trace:  # a traced next run would not take it
            self.prepare_next()
        return page

    @staticmethod
    async def _close_after(context: BrowserContext, pending: list[asyncio.Future[Any]]) -> None:
        """Close `context` once the work still using its page is done."""
        await _done(pending)
        await context.close()

    async def finish_pending(self) -> None:
        """Wait for the work still using the page."""
        pending, self.pending = self.pending, []
        await _done(pending)

    def prepare_next(self) -> None:
        """Start opening the next run's context and page now, while this run goes on (a suite;
        issue 15): the next `fresh_page()` without a trace takes it, fresh as ever."""
        if self._spare is None:
            self._spare = asyncio.ensure_future(self._open(False))

    async def _open(self, trace: bool) -> tuple[BrowserContext, Page]:
        context = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(PAGE_WATCH_JS)
        if trace:
            await context.tracing.start(screenshots=False, snapshots=True)
        return context, await context.new_page()

    def adopt(self, page: Page) -> None:
        """Make `page` (a tab the run switched to) the one the run drives and watches."""
        self.page = page
        self.navigating = False
        self.inflight = set()
        self.documents += 1
        if id(page) in self._watched:
            return
        self._watched.add(id(page))
        page.set_default_timeout(self.settings.step_timeout_s * 1000)
        page.set_default_navigation_timeout(self.settings.navigation_timeout_s * 1000)
        page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))
        page.on(
            "requestfailed",
            lambda req: self.failed_requests.append(f"{req.method} {req.url}: {req.failure}"),
        )
        self.watch_navigation()

    async def devtools(self, page: Page | None = None) -> Any:
        """A Chrome DevTools Protocol session on `page` (the current page by default), opened
        once per page."""
        page = page or self.page
        if self._devtools is None or self._devtools[0] != id(page):
            self._devtools = (id(page), await page.context.new_cdp_session(page))
        return self._devtools[1]

    async def stop_trace(self, path: str | None) -> None:
        """Save the Playwright trace of the current context to `path` (None: throw it away)."""
        if self.context is None:
            return
        try:
            await self.context.tracing.stop(path=path)
        except Exception as exc:  # no trace running, or the browser died
            logger.debug("no trace saved: %s", exc)

    async def close(self) -> None:
        """Close the browser and stop Playwright (a dying browser is no error). A browser this
        process launched closes its context with it, as a hand-written script's
        `browser.close()` does: Chromium shuts down without closing each page first, a round
        trip fewer (issue 15); a remote browser, which stays up, has the context closed first."""
        closers = [self.finish_pending, self.browser.close, self.playwright.stop]
        if self.context is not None and _remote(self.settings):
            closers.insert(1, self.context.close)
        if self._spare is not None:  # a suite that stopped early: its next context, unused
            spare, self._spare = self._spare, None
            closers.insert(0, lambda: _close_spare(spare, bool(_remote(self.settings))))
        for closer in closers:
            try:
                await closer()
            except Exception as exc:  # a dying browser must not mask the verdict
                logger.debug("browser shutdown: %s", exc)


async def _done(work: list[asyncio.Future[Any]]) -> None:
    """Wait for every one of `work` (their errors are their own to report)."""
    if work:
        await asyncio.gather(*work, return_exceptions=True)


async def _close_spare(spare: asyncio.Future[tuple[BrowserContext, Page]], remote: bool) -> None:
    """Wait for an unused spare context to open (its error is no error) and close it on a
    remote browser, which stays up; a local one goes with the browser."""
    try:
        context, _ = await spare
    except Exception:
        return
    if remote:
        await context.close()


def launch_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `chromium.launch`, the same the generated conftest uses."""
    path = settings.find_chromium()
    if path is None:
        where = settings.chromium_path or "PATH"
        raise BrowserError(f"Chromium not found in {where}", fix=CHROMIUM_INSTALL_HINT)
    return {"executable_path": path, "headless": settings.headless, "args": list(CHROMIUM_ARGS)}


def remote_launch_options(settings: Settings) -> dict[str, Any]:
    """What a browser server is asked to launch (`x-playwright-launch-options`).

    A server started without `--unsafe` ignores `args` and `executablePath` and launches its own
    Playwright build; one started with `--unsafe` (needed where the only browser is a distro
    Chromium) launches PACTS_CHROMIUM_PATH with the same flags as a local launch.
    """
    options: dict[str, Any] = {"headless": settings.headless, "args": list(CHROMIUM_ARGS)}
    if settings.chromium_path:
        options["executablePath"] = settings.chromium_path
    return options


async def _open_browser(playwright: Playwright, settings: Settings) -> Browser:
    """A local launch (the default), a browser server (PACTS_BROWSER_WS) or CDP (PACTS_CDP_URL)."""
    if settings.browser_ws_endpoint:
        logger.debug("connecting to the browser server %s", settings.browser_ws_endpoint)
        headers = {"x-playwright-launch-options": json.dumps(remote_launch_options(settings))}
        return await playwright.chromium.connect(
            settings.browser_ws_endpoint,
            headers=headers,
            timeout=settings.navigation_timeout_s * 1000,
        )
    if settings.cdp_url:
        logger.debug("attaching over CDP to %s", settings.cdp_url)
        return await playwright.chromium.connect_over_cdp(
            settings.cdp_url, timeout=settings.navigation_timeout_s * 1000
        )
    return await playwright.chromium.launch(**launch_options(settings))


def _remote(settings: Settings) -> str | None:
    return settings.browser_ws_endpoint or settings.cdp_url


async def launch(
    settings: Settings,
    *,
    trace: bool = False,
    page: bool = True,
    driver: asyncio.Future[Playwright] | None = None,
    early: EarlyLaunch | None = None,
) -> BrowserSession:
    """Start Playwright and a page on the configured Chromium (or a remote browser).

    `page=False`: no context yet; the caller opens one with `fresh_page()` (a suite does, per
    run, so a first context would only be opened to be closed).
    `driver`: Playwright already starting; it is stopped if no browser can be launched on it.
    `early`: a browser launched on `driver` before the settings were read: used only when
    launched with the options these settings give, else closed (backend/browser/driver.py).
    """
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    options = None
    if not _remote(settings):
        try:  # no Chromium is an environment error before Playwright starts
            options = launch_options(settings)
        except BrowserError:
            await _stop(driver, early)
            raise
    playwright = await (driver if driver is not None else async_playwright().start())
    try:
        browser = await early.take(options) if early is not None else None
        if browser is None:
            browser = await _open_browser(playwright, settings)
    except PlaywrightError as exc:
        await playwright.stop()
        raise _launch_error(settings, exc) from None
    from backend.discovery.fingerprints import register_engine

    await register_engine(playwright)  # before the first context: it is in its options
    session = BrowserSession(playwright, browser, settings)
    if page:
        await session.fresh_page(trace=trace)
    return session


async def _stop(driver: asyncio.Future[Playwright] | None, early: EarlyLaunch | None) -> None:
    """Close the early browser and stop the driver a launch will not use."""
    if early is not None:
        await early.discard()
    if driver is not None:
        await (await driver).stop()


def _launch_error(settings: Settings, exc: Exception) -> BrowserError:
    """The one-line error of a browser that could not be launched or reached."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    remote = _remote(settings)
    if remote:
        return BrowserError(
            f"the remote browser at {remote} is unreachable",
            why=first,
            fix="start it (python -m playwright run-server --port N), or unset "
            "PACTS_BROWSER_WS / PACTS_CDP_URL to launch Chromium locally",
        )
    return BrowserError("Chromium failed to start", why=first, fix=CHROMIUM_INSTALL_HINT)
