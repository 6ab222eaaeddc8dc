"""Run dependencies (browser, cache, settings): live objects that never go into state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend.browser.session import BrowserSession
from backend.secrets import redact
from backend.settings import Settings
from backend.storage.base import PlanStore
from backend.storage.cache import SelectorCache


@dataclass
class RunContext:
    """What every node may use; built by the runner, handed in as LangGraph's runtime context."""

    settings: Settings
    session: BrowserSession
    cache: SelectorCache
    run_dir: Path
    #: Where `${VAR}` values come from (the process environment, normally).
    env: Mapping[str, str]
    #: Resolved start URL (after --url / base url) and the origin generated code rebases on.
    start_url: str | None = None
    #: The requirement url as written, so body URLs on its origin follow a --url override.
    written_url: str | None = None
    #: Write the generated test even when the verdict is not PASS.
    force_generate: bool = False
    #: The cache's counters when the run started, so the verdict reports this run alone.
    stats_baseline: dict[str, int] = field(default_factory=dict)
    #: Values never to print: the secrets' values, filled in by the planner node.
    secrets: list[str] = field(default_factory=list)
    #: Where LLM plans are cached (the persistent tier); None: no plan cache.
    plan_store: PlanStore | None = None
    #: The LLM planner's accounting (tokens, cost, cache hit), set by the planner node.
    planner_usage: dict[str, Any] | None = None

    def redact(self, text: str) -> str:
        """Text with every secret value (and its escaped/encoded forms) replaced by `***`."""
        return redact(text, self.secrets)
