"""Frames and tabs: the iframe a `switch_frame` step names, the page a `switch_tab` step picks."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from backend.discovery.stability import css_attr, is_dynamic
from backend.models import LocatorCall, LocatorSpec, Step

#: The attributes an iframe is named by, in the order they are tried; ids and names that look
#: generated are never used (they change between loads).
FRAME_ATTRIBUTES = ("title", "name", "id", "aria-label")

_IFRAMES_JS = """
els => els.map(f => ({
  title: f.getAttribute('title'), name: f.getAttribute('name'), id: f.id || null,
  'aria-label': f.getAttribute('aria-label'),
}))
"""


class FrameNotFound(Exception):
    """No iframe (or no single one) carries the name a step gave: data for the verdict."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _selector(attr: str, value: str) -> str:
    return css_attr(attr, value) if attr == "id" else "iframe" + css_attr(attr, value)


def _usable(attr: str, value: str | None) -> bool:
    return bool(value) and not (attr in ("id", "name") and is_dynamic(value or ""))


def choose_frame(frames: list[dict[str, str | None]], name: str) -> tuple[str, str] | None:
    """The (attribute, value) naming the iframe `name` means; None if none or several fit.

    An exact (case- and punctuation-blind) match on any attribute wins over one that only
    contains the name ("payment" finds title="Payment form" when nothing is called "payment").
    With no name, the page's only iframe, by its most readable stable attribute.
    """
    if not name:
        if len(frames) != 1:
            return None
        attrs = frames[0]
        for attr in FRAME_ATTRIBUTES:
            if _usable(attr, attrs.get(attr)):
                return attr, str(attrs[attr])
        return "", ""  # the only iframe, nameless: `iframe` is unique on this page
    wanted = _norm(name)
    for fits in (lambda v: _norm(v) == wanted, lambda v: wanted in _norm(v)):
        hits: list[tuple[int, str, str]] = []
        for i, attrs in enumerate(frames):
            for attr in FRAME_ATTRIBUTES:
                value = attrs.get(attr)
                if _usable(attr, value) and fits(str(value)):
                    hits.append((i, attr, str(value)))
                    break
        if len({i for i, _, _ in hits}) == 1:
            return hits[0][1], hits[0][2]
        if hits:
            return None
    return None


async def find_frame(
    page: Any, name: str, scope: tuple[LocatorCall, ...], timeout_s: float
) -> LocatorCall:
    """The `frame_locator` call of the iframe named `name` inside `scope` (the page: ())."""
    root = LocatorSpec(calls=scope).resolve(page) if scope else page
    deadline = time.perf_counter() + timeout_s
    described: list[str] = []
    while True:
        frames = await root.locator("iframe").evaluate_all(_IFRAMES_JS)
        described = [
            ", ".join(f"{a}={v!r}" for a, v in f.items() if v) or "an unnamed iframe"
            for f in frames
        ]
        chosen = choose_frame(frames, name)
        if chosen is not None:
            attr, value = chosen
            selector = _selector(attr, value) if attr else "iframe"
            if await root.locator(selector).count() == 1:
                return LocatorCall(method="frame_locator", args=(selector,))
        if time.perf_counter() >= deadline:
            what = f"an iframe named {name!r}" if name else "a single iframe"
            raise FrameNotFound(
                f"no {what} on the page ({len(frames)} iframe(s))"
                if not frames or chosen is None
                else f"{what} is not unique",
                described[:5],
            )
        await asyncio.sleep(0.15)


async def pick_tab(context: Any, current: Any, step: Step, timeout_s: float) -> Any:
    """The page a `switch_tab` step means: the newest, the Nth, or the first whose title
    contains the name (case-blind; the generated test looks it up the same way).

    "new" waits for a page other than the current one to open (a target=_blank link's tab
    can land a moment after the click returns).
    """
    deadline = time.perf_counter() + timeout_s
    wanted = step.target.name.lower() if step.target else ""
    while True:
        pages = list(context.pages)
        found: Any = None
        if step.target is not None:
            for page in pages:
                if wanted and wanted in (await page.title()).lower():
                    found = page
                    break
        elif step.value == "new":
            found = pages[-1] if pages and pages[-1] is not current else None
        elif step.value:
            n = int(step.value)
            index = n - 1 if n > 0 else n
            found = pages[index] if -len(pages) <= index < len(pages) else None
        if found is not None:
            await found.wait_for_load_state("load")
            return found
        if time.perf_counter() >= deadline:
            titles = [await p.title() for p in pages]
            what = step.target.name if step.target else step.value
            raise FrameNotFound(
                f"no tab {what!r} among {len(pages)} open: {titles}", [repr(t) for t in titles]
            )
        await asyncio.sleep(0.1)
