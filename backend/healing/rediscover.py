"""The seam the healer re-finds elements through, and its default: rank by fingerprint."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from backend.models import Fingerprint, LocatorSpec
from backend.similarity import similarity

logger = logging.getLogger(__name__)

#: At most this many of the best-scored elements get a locator built per heal round.
MAX_CANDIDATES = 5


@dataclass
class Ranked:
    """A live element, the locator that names it uniquely, and how like the old one it is."""

    locator: LocatorSpec
    fingerprint: Fingerprint
    score: float


class Rediscoverer(Protocol):
    """Finds the elements that could be the one a stale fingerprint describes, best first.

    A fake can stand in for the default below in unit tests.
    """

    async def ranked(self, page: Any, old: Fingerprint) -> list[Ranked]: ...


class CandidateRediscoverer:
    """Every visible element of the old element's role, from discovery's one candidate pass
    (open shadow roots and frames included), scored against the old fingerprint; the best few
    get a unique locator, checked to find exactly that element."""

    async def ranked(self, page: Any, old: Fingerprint) -> list[Ranked]:
        if not old.role:
            return []
        # discovery's candidate pass, imported by the first heal (a passing run needs none)
        from backend.discovery.candidates import collect
        from backend.discovery.selectors import build

        collected = await collect(page, (old.role,), "")
        scored = []
        for c in collected.candidates:
            if c.usable:
                current = c.fingerprint()
                scored.append((similarity(old, current), c, current))
        scored.sort(key=lambda s: (-s[0], s[1].order))
        out: list[Ranked] = []
        for score, candidate, current in scored[:MAX_CANDIDATES]:
            built = await build(page, candidate.label_proxy() or candidate, fallbacks=0)
            if built is None:
                logger.debug("no unique locator for %s", candidate.describe())
                continue
            out.append(Ranked(built.spec, current, score))
        return out
