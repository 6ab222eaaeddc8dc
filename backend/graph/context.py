"""Run dependencies: the live objects every node may use, never part of the state."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backend.browser.session import BrowserSession
from backend.secrets import Redactor
from backend.settings import Settings
from backend.storage.base import PlanStore
from backend.storage.cache import SelectorCache


@dataclass
class RunContext:
    """Built by the runner, handed to each node as LangGraph's runtime context."""

    settings: Settings
    session: BrowserSession
    cache: SelectorCache
    #: Where this run's files go (`runs/<run-id>/`).
    run_dir: Path
    #: Where `${VAR}` values come from (the process environment, normally).
    env: Mapping[str, str]
    #: Masks the requirement's secret values in everything the run prints or writes.
    redact: Redactor = field(default_factory=Redactor)
    #: Where LLM plans are cached (the persistent tier); None: no plan cache.
    plan_store: PlanStore | None = None
    #: A suite's final-page screenshot, taken while the next requirement starts: its path,
    #: or None when it could not be taken (the run's files wait for it).
    final_shot: asyncio.Future[str | None] | None = None
