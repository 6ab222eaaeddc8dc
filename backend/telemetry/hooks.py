"""The two call sites inside a run (cache lookups, discoveries) report here; nothing else does.

The runner makes a `Recorder` current for the length of a run (a ContextVar, so graph nodes
see it in their tasks); outside a run these functions do nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar, Token

from backend.telemetry.metrics import (
    CACHE_LOOKUPS,
    DISCOVERY_DURATION,
    LOOKUP_DURATION,
    Recorder,
)

logger = logging.getLogger(__name__)

_CURRENT: ContextVar[Recorder | None] = ContextVar("pacts_recorder", default=None)


def activate(recorder: Recorder) -> Token[Recorder | None]:
    """Make `recorder` the one the hooks add to, until `deactivate(token)`."""
    return _CURRENT.set(recorder)


def deactivate(token: Token[Recorder | None]) -> None:
    """Undo `activate`."""
    _CURRENT.reset(token)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Nothing inside is recorded: a traced re-run of a failed requirement is not a second run."""
    token = _CURRENT.set(None)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def observe_lookup(tier: str, result: str, seconds: float | None = None) -> None:
    """One lookup in one tier: result is hit, miss or drift; seconds is how long it took."""
    recorder = _CURRENT.get()
    if recorder is None:
        return
    recorder.inc(CACHE_LOOKUPS, {"tier": tier, "result": result})
    if seconds is not None:
        recorder.observe(LOOKUP_DURATION, seconds, {"tier": tier})


def observe_discovery(seconds: float) -> None:
    """One discovery, found or not, and how long it took."""
    recorder = _CURRENT.get()
    if recorder is not None:
        recorder.observe(DISCOVERY_DURATION, seconds)
