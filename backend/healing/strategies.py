"""Heal strategies for a failed step: settle and retry, scroll into view, fingerprint re-rank."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from backend.browser.perform import perform
from backend.browser.session import BrowserSession
from backend.browser.settle import settle
from backend.healing.events import Candidate
from backend.healing.rediscover import Rediscoverer
from backend.models import Fingerprint, LocatorSpec, Step
from backend.text import first_line

logger = logging.getLogger(__name__)

#: Selectors that show spinners and loaders, waited out before a retry.
SPINNERS = '[aria-busy="true"], [role="progressbar"], .spinner, .loading, .loader'
#: The page's finite animations, finished or cut off after `ms` (an infinite one, a blinking
#: cursor or a kernel's busy ring, never finishes: awaiting it hung the run until the process
#: was killed, 300 s on JupyterLab).
ANIMATIONS_DONE_JS = """
ms => Promise.race([
  Promise.all(document.getAnimations()
    .filter(a => {
      const t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
      return Number.isFinite(t.endTime) && a.playState !== "paused";
    })
    .map(a => a.finished.catch(() => null))),
  new Promise(done => setTimeout(done, ms)),
]).then(() => true)
"""


@dataclass
class Attempt:
    """What one strategy did: the locator it acted on, and whether the step then went through."""

    strategy: str
    ok: bool
    locator: LocatorSpec | None = None
    fingerprint: Fingerprint | None = None
    score: float | None = None
    candidates: list[Candidate] | None = None
    error: str | None = None


async def wait_for_quiet(session: BrowserSession, timeout_s: float) -> None:
    """Network idle, spinners gone, animations done (each bounded; none is a failure)."""
    page = session.page
    await settle(session, timeout_s, grace_s=0.0)
    for wait in (
        lambda: page.wait_for_load_state("networkidle", timeout=timeout_s * 1000),
        lambda: page.locator(SPINNERS).first.wait_for(state="hidden", timeout=timeout_s * 1000),
        lambda: asyncio.wait_for(
            page.evaluate(ANIMATIONS_DONE_JS, timeout_s * 1000), timeout_s + 1
        ),
    ):
        try:
            await wait()
        except Exception as exc:
            logger.debug("settle wait ended: %s", exc)


async def _run(
    page: Any, step: Step, spec: LocatorSpec, value: str | None, found: Fingerprint, t: float
) -> None:
    await perform(page, step, spec.resolve(page), value, found, t)


async def settle_and_retry(
    session: BrowserSession,
    step: Step,
    spec: LocatorSpec,
    value: str | None,
    found: Fingerprint,
    t: float,
) -> Attempt:
    """A timing problem: wait for the page to go quiet, then do the step again as it was."""
    await wait_for_quiet(session, t)
    try:
        await _run(session.page, step, spec, value, found, t)
    except Exception as exc:
        return Attempt("settle_retry", False, spec, error=_short(exc))
    return Attempt("settle_retry", True, spec)


async def scroll_and_retry(
    session: BrowserSession,
    step: Step,
    spec: LocatorSpec,
    value: str | None,
    found: Fingerprint,
    t: float,
) -> Attempt:
    """An element out of view (lazy lists, sticky headers): scroll it in, then do the step."""
    try:
        await spec.resolve(session.page).scroll_into_view_if_needed(timeout=t * 1000)
        await _run(session.page, step, spec, value, found, t)
    except Exception as exc:
        return Attempt("scroll_into_view", False, spec, error=_short(exc))
    return Attempt("scroll_into_view", True, spec)


async def rerank_and_retry(
    session: BrowserSession,
    rediscoverer: Rediscoverer,
    step: Step,
    old: Fingerprint,
    value: str | None,
    threshold: float,
    t: float,
) -> Attempt:
    """Drift: the element most like the stored fingerprint, if it scores at least the threshold."""
    page = session.page
    await wait_for_quiet(session, t / 2)
    ranked = await rediscoverer.ranked(page, old)
    candidates = [Candidate(selector=r.locator.expr(), score=r.score) for r in ranked[:5]]
    best = ranked[0] if ranked else None
    if best is None or best.score < threshold:
        return Attempt(
            "fingerprint_rerank",
            False,
            score=best.score if best else None,
            candidates=candidates,
            error="no candidate reached the threshold",
        )
    candidates[0].accepted = True
    try:
        await _run(page, step, best.locator, value, best.fingerprint, t)
    except Exception as exc:
        return Attempt(
            "fingerprint_rerank",
            False,
            best.locator,
            best.fingerprint,
            best.score,
            candidates,
            _short(exc),
        )
    return Attempt(
        "fingerprint_rerank", True, best.locator, best.fingerprint, best.score, candidates
    )


def _short(exc: BaseException) -> str:
    return first_line(str(exc)) or type(exc).__name__
