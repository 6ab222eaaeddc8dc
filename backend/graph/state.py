"""The run state: typed, JSON-serialisable data that flows between the graph's nodes.

Nodes read it and return partial updates; nothing live (browser, pools, clients) goes in here,
so a LangGraph checkpointer can persist a run (tests/unit/test_graph_state.py round-trips it).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from backend.healing.events import Candidate, HealEvent
from backend.models import (
    CheckResult,
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    Plan,
    PlannerUsage,
    Requirement,
    Retry,
    RootCause,
    SelectorRecord,
    Step,
    StepResult,
    Target,
    Verdict,
)


class Resolved(BaseModel):
    """The POMBuilder found the step's element: from a cache tier, or by discovery."""

    kind: Literal["resolved"] = "resolved"
    record: SelectorRecord
    cache: Literal["fast", "persistent", "discovered"]
    #: Time spent finding it (cache check or discovery), in ms.
    resolve_ms: float = 0.0
    #: The record this one replaced (it drifted, or a heal round re-discovered it).
    previous: SelectorRecord | None = None
    #: A choice discovery made for the person (equivalent duplicates), and the candidates.
    note: str = ""
    candidates: list[str] = Field(default_factory=list)


class Unresolved(BaseModel):
    """The POMBuilder found no usable element: why, and what it saw."""

    kind: Literal["unresolved"] = "unresolved"
    error_kind: RootCause
    error: str
    candidates: list[str] = Field(default_factory=list)
    resolve_ms: float = 0.0
    previous: SelectorRecord | None = None


Resolution = Annotated[Resolved | Unresolved, Field(discriminator="kind")]


class PlanningFailure(BaseModel):
    """Why a requirement produced no plan (unreadable English, a missing ${VAR}, no URL)."""

    kind: RootCause
    message: str


class OracleMarks(BaseModel):
    """Where the page stood when the last step ended: the next step's implicit checks' baseline."""

    url: str | None = None
    errors: int = 0


class RunState(BaseModel):
    """Everything a run knows."""

    run_id: str
    requirement: Requirement
    #: The page the run opens first (after --url / base URL), and the url as the file wrote it,
    #: so URLs in the body on the written origin follow a --url override.
    start_url: str | None = None
    written_url: str | None = None
    #: Write the generated test even when the verdict is not PASS (--force).
    force_generate: bool = False
    #: None until the planner ran; stays None when planning failed.
    plan: Plan | None = None
    planning_error: PlanningFailure | None = None
    #: The `${VAR}` names whose values must never be printed (values stay in the environment).
    secret_names: list[str] = Field(default_factory=list)
    planner_usage: PlannerUsage | None = None
    #: Index of the step about to run.
    index: int = 0
    #: One per finished step (a healed step keeps only its final result).
    results: list[StepResult] = Field(default_factory=list)
    #: The selector record each step used, by step index.
    records: dict[int, SelectorRecord] = Field(default_factory=dict)
    #: What the POMBuilder resolved for the current step (None: the step needs no element).
    resolution: Resolution | None = None
    #: The frame a `switch_frame` step entered (`frame_locator` calls); empty on the page.
    frame: list[LocatorCall] = Field(default_factory=list)
    heal_round: int = 0
    #: The next POMBuilder pass skips the cache: a heal round wants a fresh discovery.
    force_discovery: bool = False
    heal_events: list[HealEvent] = Field(default_factory=list)
    oracle_marks: OracleMarks = Field(default_factory=OracleMarks)
    #: The alerts settle() read as the current step's page came to rest (None: not read; the
    #: Oracle reads them itself).
    settled_alerts: list[str] | None = None
    #: The step being healed used an element known before this step (drift, not a new bug).
    heal_stale: bool = False
    #: True once a step failed for good: the run goes straight to the verdict.
    gave_up: bool = False
    discoveries: int = 0
    #: Cache keys whose element was verified (or discovered) in this run, with the page state
    #: (BrowserSession.documents) it was on: a hit on the same page state is not verified again.
    verified: dict[str, int] = Field(default_factory=dict)
    #: The cache's counters when the run started, so the verdict reports this run alone.
    stats_baseline: dict[str, int] = Field(default_factory=dict)
    verdict: Verdict | None = None
    generated_test: str | None = None
    #: The traced re-run of a failed first attempt (runner): it writes no test.
    retry: bool = False

    def step_count(self) -> int:
        """How many steps the plan has (0 without a plan)."""
        return len(self.plan.steps) if self.plan else 0


#: Every model a checkpoint of RunState may hold (graph.build.checkpoint_serializer allows them).
STATE_MODELS: tuple[type[BaseModel], ...] = (
    RunState,
    Resolved,
    Unresolved,
    PlanningFailure,
    OracleMarks,
    Requirement,
    Plan,
    Step,
    Target,
    PlannerUsage,
    StepResult,
    CheckResult,
    SelectorRecord,
    LocatorSpec,
    LocatorCall,
    Fingerprint,
    HealEvent,
    Candidate,
    Verdict,
    Retry,
)
