"""A run context for graph tests that end at planning: no browser, a cache that counts nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend.graph.context import RunContext
from backend.secrets import Redactor
from backend.settings import Settings


@dataclass
class NullCache:
    """What the runner's verdict reads of a SelectorCache when no element was looked up."""

    skipped: set[str] = field(default_factory=set)

    def counters(self) -> dict[str, int]:
        return {}

    def since(self, before: dict[str, int], now: dict[str, int]) -> dict[str, Any]:
        return {"misses": 0}


def planning_only_context(tmp_path: Path) -> RunContext:
    """A context for a run that fails at planning, so it never opens a page."""
    settings = Settings(_env_file=None, home=tmp_path / ".pacts")  # type: ignore[call-arg]
    return RunContext(
        settings=settings,
        session=None,  # type: ignore[arg-type]  # a planning failure never opens a page
        cache=NullCache(),  # type: ignore[arg-type]
        run_dir=tmp_path / "run",
        env={},
        redact=Redactor(),
    )
