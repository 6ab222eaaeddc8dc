"""The fingerprint of a live element, and the check every cache hit gets before it is used."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from backend.actions import spec_for
from backend.discovery.placement import CONTEXT_JS, placement
from backend.discovery.stability import is_dynamic
from backend.models import Fingerprint, LocatorSpec
from backend.similarity import similarity

logger = logging.getLogger(__name__)

_FINGERPRINT_JS = (
    """
el => {
  const where = """
    + CONTEXT_JS
    + """;
  const attrs = {};
  for (const a of ['id', 'name', 'type', 'placeholder', 'data-testid', 'data-test', 'data-qa',
                   'data-cy', 'aria-label', 'role', 'title', 'alt', 'href']) {
    const v = el.getAttribute(a);
    if (v !== null) attrs[a] = v.slice(0, 200);
  }
  const ancestors = [];
  for (let p = el.parentElement; p && ancestors.length < 3; p = p.parentElement) {
    ancestors.push(p.tagName.toLowerCase());
  }
  const labels = el.labels ? Array.from(el.labels).map(l => l.innerText.trim().slice(0, 80)) : [];
  // Never the value of a field: it may be a password typed a moment ago.
  const field = ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
  const text = field ? '' : (el.innerText || '').trim().replace(/\\s+/g, ' ').slice(0, 120);
  return {tag: el.tagName.toLowerCase(), text, attributes: attrs, ancestors, labels,
          where: where(el)};
}
"""
)
#: Count, visibility and fingerprint of a cached locator's matches in one round trip: the
#: check every cache hit gets (three separate calls cost 3x on a large page).
_VERIFY_JS = (
    """
els => {
  if (els.length !== 1) return {count: els.length};
  const el = els[0];
  const box = el.getBoundingClientRect();
  const visible = box.width > 0 && box.height > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const fingerprint = """
    + _FINGERPRINT_JS.strip()
    + """;
  return {count: 1, visible, data: fingerprint(el)};
}
"""
)


async def fingerprint_of(loc: Any, role: str = "", name: str = "") -> Fingerprint:
    """A snapshot of what the element looks like now (dynamic ids left out)."""
    return _fingerprint(await loc.evaluate(_FINGERPRINT_JS), role, name)


def _fingerprint(data: dict[str, Any], role: str, name: str) -> Fingerprint:
    attrs = {
        k: v for k, v in data["attributes"].items() if not (k in ("id", "name") and is_dynamic(v))
    }
    return Fingerprint(
        tag=data["tag"],
        role=role or attrs.get("role", ""),
        name=name,
        text=data["text"],
        attributes=attrs,
        ancestors=data["ancestors"],
        labels=data["labels"],
        **placement(data["where"]),
    )


#: Pauses between looks for a cached element not there yet (a page still rendering): short
#: first, as Playwright's own polling, so an element that shows a moment later costs no 100 ms.
_VERIFY_PAUSES_S = (0.02, 0.05, 0.1)


async def verify(
    page: Any,
    spec: LocatorSpec,
    expected: Fingerprint,
    action: str,
    threshold: float,
    timeout_s: float,
    nameless: bool = False,
) -> tuple[bool, Fingerprint | None, float]:
    """Whether a cached locator still finds one element like the one it was made for.

    `nameless`: the step names no element, only its kind ("the heading is ...", "the editor
    shows ..."). Its text, the id a wiki derives from that text and its neighbours are what
    the page says, not which element it is: the one element of the same tag and role that the
    locator finds is the element, on every page the route serves (DokuWiki's pages are all
    `doku.php`: the heading of the last page read drifted on the next).
    """
    need_visible = spec_for(action).visible
    try:
        loc = spec.resolve(page)
    except Exception as exc:  # issue 14: a record that does not resolve is re-discovered
        logger.warning("cached locator %s does not resolve (%s); re-discovering", spec.short(), exc)
        return False, None, 0.0
    deadline = time.perf_counter() + timeout_s
    pauses = iter(_VERIFY_PAUSES_S)
    while True:
        try:
            found = await loc.evaluate_all(_VERIFY_JS)
            if found["count"] == 1 and (found["visible"] or not need_visible):
                current = _fingerprint(found["data"], expected.role, expected.name)
                score = similarity(expected, current)
                same_kind = (current.tag, current.role) == (expected.tag, expected.role)
                return score >= threshold or (nameless and same_kind), current, score
        except Exception as exc:
            logger.debug("verification pass interrupted: %s", exc)
        if time.perf_counter() >= deadline:
            return False, None, 0.0
        await asyncio.sleep(next(pauses, _VERIFY_PAUSES_S[-1]))
