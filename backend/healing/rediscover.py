"""The seam the healer re-finds elements through, and its default: rank by fingerprint."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Protocol

from backend.discovery.engine import fingerprint_of
from backend.healing.similarity import heal_score
from backend.models import Fingerprint, LocatorCall, LocatorSpec

logger = logging.getLogger(__name__)

#: At most this many elements of the stored role are fingerprinted per heal round.
MAX_CANDIDATES = 25
_SNAPSHOT_LINE = re.compile(r'^- (?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


@dataclass
class Ranked:
    """A live element, the locator that names it uniquely, and how like the old one it is."""

    locator: LocatorSpec
    fingerprint: Fingerprint
    score: float


class Rediscoverer(Protocol):
    """Finds the elements that could be the one a stale fingerprint describes, best first.

    The discovery engine's single in-page candidate pass can stand in for the default below.
    """

    async def ranked(self, page: Any, old: Fingerprint) -> list[Ranked]: ...


def _role_spec(role: str, name: str) -> LocatorSpec:
    return LocatorSpec(
        calls=(
            LocatorCall(method="get_by_role", args=(role,), kwargs={"name": name, "exact": True}),
        )
    )


class FingerprintRediscoverer:
    """Every visible element of the old element's role (open shadow roots included), scored."""

    async def ranked(self, page: Any, old: Fingerprint) -> list[Ranked]:
        if not old.role:
            return []
        every = page.get_by_role(old.role)
        out: list[Ranked] = []
        seen: set[str] = set()
        for i in range(min(await every.count(), MAX_CANDIDATES)):
            loc = every.nth(i)
            try:
                if not await loc.is_visible():
                    continue
                snapshot = (await loc.aria_snapshot(timeout=1000)).strip().splitlines()
                match = _SNAPSHOT_LINE.match(snapshot[0] if snapshot else "")
                name = (match.group("name") or "").replace('\\"', '"') if match else ""
                if not name or name in seen:
                    continue
                seen.add(name)
                spec = _role_spec(old.role, name)
                if await spec.resolve(page).count() != 1:
                    continue
                current = await fingerprint_of(loc, role=old.role, name=name)
            except Exception as exc:  # the element went away while we looked
                logger.debug("candidate %d skipped: %s", i, exc)
                continue
            out.append(Ranked(spec, current, heal_score(old, current)))
        return sorted(out, key=lambda r: r.score, reverse=True)
