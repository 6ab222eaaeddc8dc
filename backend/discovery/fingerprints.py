"""The fingerprint of a live element, and the check every cache hit gets before it is used."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from backend.actions import spec_for
from backend.discovery.placement import CONTEXT_JS, placement
from backend.discovery.stability import IS_DYNAMIC_JS, is_dynamic
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
#: Whether an element shows (the full check's and the digest check's one definition).
_VISIBLE_JS = """el => {
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
}"""
#: Count, visibility and fingerprint of a cached locator's matches in one round trip: the
#: check every cache hit gets (three separate calls cost 3x on a large page).
_VERIFY_JS = (
    """
els => {
  if (els.length !== 1) return {count: els.length};
  const el = els[0];
  const visible = ("""
    + _VISIBLE_JS
    + """)(el);
  const fingerprint = """
    + _FINGERPRINT_JS.strip()
    + """;
  return {count: 1, visible, data: fingerprint(el)};
}
"""
)


#: A digest of a string: cyrb53 (53 bits) in base 36, computed alike in every world of a page.
_DIGEST_JS = """s => {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}"""
#: The digest of a fingerprint's data without what _fingerprint() and placement() leave out as
#: generated (ids, names, classes, the ids on its path: a page may make new ones on every load,
#: as the demo's login form does), so an element that reads the same digest has the same
#: fingerprint. All else is digested as read (whole neighbour texts, unrounded box): a script
#: that left out more than Python does could call changed data the same.
_STABLE_DIGEST_JS = (
    "data => { const dynamic = "
    + IS_DYNAMIC_JS
    + """;
  const attributes = {...data.attributes};
  for (const a of ['id', 'name']) {
    if (a in attributes && dynamic(attributes[a])) delete attributes[a];
  }
  const where = {...data.where, classes: data.where.classes.filter(c => !dynamic(c)),
    path: data.where.path.map(([tag, index, id]) => [tag, index, dynamic(id) ? '' : id])};
  return ("""
    + _DIGEST_JS
    + ")(JSON.stringify({...data, attributes, where})); }"
)
#: The fingerprint's data and its digest.
_READ_JS = (
    "el => { const data = ("
    + _FINGERPRINT_JS.strip()
    + ")(el); return [data, ("
    + _STABLE_DIGEST_JS
    + ")(data)]; }"
)
#: The selector engine of the cheap check (ENGINE=<v or a><digest>, chained after a cached
#: locator): each element the locator found whose data reads that digest (and, after `v`, is
#: visible as _VERIFY_JS tells it). A content script: it runs in Playwright's utility world,
#: where the step's action and expect() resolve the locator too. The verify's evaluate_all
#: resolves it in the page's own world, where Playwright builds its injected script once more
#: in each new document: 25-45 ms of a first check on a page (issue 15).
ENGINE = "pacts_fp"
_ENGINE_JS = (
    "({ fingerprint: "
    + _FINGERPRINT_JS.strip()
    + ", digest: "
    + _STABLE_DIGEST_JS
    + ", visible: "
    + _VISIBLE_JS
    + """,
  queryAll(root, body) {
    if (root.nodeType !== 1 || (body[0] === 'v' && !this.visible(root))) return [];
    return this.digest(this.fingerprint(root)) === body.slice(1) ? [root] : [];
  },
  query(root, body) { return this.queryAll(root, body)[0] || null; },
})"""
)


async def register_engine(playwright: Any) -> None:
    """Register the cheap check's selector engine on a started Playwright (its contexts, and
    every context opened after); a second session on the same driver finds it there."""
    try:
        await playwright.selectors.register(ENGINE, script=_ENGINE_JS, content_script=True)
    except Exception as exc:  # already registered on this driver
        logger.debug("selector engine %s: %s", ENGINE, exc)


async def fingerprint_of(loc: Any, role: str = "", name: str = "") -> Fingerprint:
    """A snapshot of what the element looks like now (dynamic ids left out), with the digest
    of the data it was read from kept aside (`Fingerprint.checked()` sets it)."""
    data, digest = await loc.evaluate(_READ_JS)
    fingerprint = _fingerprint(data, role, name)
    fingerprint._read = (json.dumps(data), str(digest))
    return fingerprint


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
    cheap = _digest_check(loc, expected, need_visible)
    while True:
        count, same = 1, 0
        if cheap is not None:
            try:
                count, same = await asyncio.gather(loc.count(), cheap.count())
            except Exception as exc:  # no such engine on this driver, or the page moved on
                logger.debug("digest check unavailable: %s", exc)
                cheap = None
            else:
                if count == 1 and same == 1:
                    return True, expected, 1.0  # the data it was read from: the same element
        try:
            found: dict[str, Any] = {"count": count}
            if count == 1:
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


def _digest_check(loc: Any, expected: Fingerprint, need_visible: bool) -> Any | None:
    """The locator of the elements `loc` finds that read `expected`'s digest (None: the
    fingerprint has none, e.g. a record stored before digests)."""
    if not expected.digest:
        return None
    return loc.locator(f"{ENGINE}={'v' if need_visible else 'a'}{expected.digest}")
