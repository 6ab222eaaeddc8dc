"""The run state is plain data: a LangGraph checkpointer stores it and reads it back whole."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from backend.graph.build import build_graph, checkpoint_serializer
from backend.graph.state import Resolved, RunState, Unresolved
from backend.healing.events import Candidate, HealEvent
from backend.models import (
    CheckResult,
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    Plan,
    PlannerUsage,
    Requirement,
    SelectorRecord,
    Step,
    StepResult,
    Target,
)
from tests.helpers.graph import planning_only_context

GO = Step(action="click", target=Target(kind="button", name="Go", context="Search"), source="x")
SPEC = LocatorSpec(
    calls=(LocatorCall(method="get_by_role", args=("button",), kwargs={"name": "Go"}),)
)
RECORD = SelectorRecord(
    key="k",
    origin="http://127.0.0.1:1",
    route="/",
    target="button|go",
    selector=SPEC.expr(),
    locator=SPEC,
    strategy="role",
    fingerprint=Fingerprint(tag="button", role="button", name="Go"),
)


def full_state() -> RunState:
    """A state with every field set to a non-default value."""
    return RunState(
        run_id="r1",
        requirement=Requirement(name="r", body="Click Go", url="http://127.0.0.1:1/"),
        start_url="http://127.0.0.1:1/",
        plan=Plan(
            requirement="r", steps=[Step(action="navigate", value="http://127.0.0.1:1/"), GO]
        ),
        secret_names=["PASSWORD"],
        planner_usage=PlannerUsage(model="m", calls=1, input_tokens=10),
        index=1,
        results=[
            StepResult(
                index=0,
                step=GO,
                status="passed",
                checks=[CheckResult(check="no alert shown", result="pass")],
            )
        ],
        records={1: RECORD},
        resolution=Resolved(record=RECORD, cache="fast", previous=RECORD),
        frame=[LocatorCall(method="frame_locator", args=("#pay",))],
        heal_round=1,
        heal_events=[
            HealEvent(
                step=1,
                round=1,
                strategy="fingerprint_rerank",
                outcome="accepted",
                candidates=[Candidate(selector="x", score=0.9, accepted=True)],
            )
        ],
        stats_baseline={"misses": 2},
    )


@pytest.mark.parametrize(
    "resolution",
    [Resolved(record=RECORD, cache="discovered"), Unresolved(error_kind="timeout", error="e")],
)
def test_the_state_round_trips_through_the_checkpoint_serializer(
    resolution: Resolved | Unresolved, caplog: pytest.LogCaptureFixture
) -> None:
    serde = checkpoint_serializer()
    state = full_state().model_copy(update={"resolution": resolution})
    with caplog.at_level(logging.WARNING):
        back = serde.loads_typed(serde.dumps_typed(state))
    assert back == state and isinstance(back.resolution, type(resolution))
    assert "unregistered type" not in caplog.text  # every model is allowed explicitly


def test_the_state_has_no_untyped_dicts() -> None:
    untyped = [
        name
        for name, info in RunState.model_fields.items()
        if "Any" in str(info.annotation) or str(info.annotation).startswith("dict[str, Any]")
    ]
    assert untyped == []


async def test_a_checkpointed_run_keeps_its_typed_state(tmp_path: Path) -> None:
    """A run that ends at planning needs no browser: it goes through a real checkpointer."""
    from langgraph.checkpoint.memory import InMemorySaver

    ctx = planning_only_context(tmp_path)
    graph = build_graph(checkpointer=InMemorySaver(serde=checkpoint_serializer()))
    state = RunState(run_id="r", requirement=Requirement(name="r", body="Click Save"))
    config = {"configurable": {"thread_id": "t"}}
    await graph.ainvoke(state, context=ctx, config=config)
    saved = (await graph.aget_state(config)).values
    assert saved["planning_error"].kind == "planning_error"  # no url: nowhere to start
    assert saved["verdict"].verdict == "ERROR"
    assert saved["requirement"] == state.requirement
