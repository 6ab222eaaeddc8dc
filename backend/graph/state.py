"""The run state: plain JSON-serialisable data that flows between the graph's nodes."""

from __future__ import annotations

from typing import Any, TypedDict


class RunState(TypedDict, total=False):
    """Everything a run knows, as dicts of the pydantic models in backend.models."""

    run_id: str
    requirement: dict[str, Any]
    #: None until the planner ran; stays None when planning failed.
    plan: dict[str, Any] | None
    planning_error: dict[str, Any] | None
    #: Index of the step about to run.
    index: int
    #: StepResult dicts, one per finished step (a healed step keeps only its final result).
    results: list[dict[str, Any]]
    #: SelectorRecord dicts by step index (as strings, for JSON).
    records: dict[str, dict[str, Any]]
    #: What the POMBuilder resolved for the current step: record, cache source, or failure.
    resolution: dict[str, Any] | None
    #: The frame a `switch_frame` step entered: LocatorCall dicts (`frame_locator(...)`);
    #: empty on the page itself. Element steps are discovered inside it.
    frame: list[dict[str, Any]]
    heal_round: int
    force_discovery: bool
    heal_events: list[dict[str, Any]]
    #: Page URL and uncaught-error count when the last step ended (the Oracle's baseline).
    oracle_marks: dict[str, Any]
    #: The step being healed used an element known before this step (drift, not a new bug).
    heal_stale: bool
    #: True once a step failed for good: the run goes straight to the verdict.
    gave_up: bool
    discoveries: int
    verdict: dict[str, Any] | None
    generated_test: str | None
