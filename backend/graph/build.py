"""The run graph: nodes, edges and routing. `build_graph()` compiles it as a LangGraph
StateGraph on demand; `drive()` walks the same table directly (a run's default: no LangGraph
import on the critical path).

The only module that imports the agents: cli -> graph.build -> agents -> lower layers.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from backend.graph.context import RunContext
from backend.graph.state import RunState
from backend.telemetry.phases import add as add_phase

if TYPE_CHECKING:
    from langgraph.graph.state import CompiledStateGraph

#: A node: the state and a runtime with `.context` in, a partial update out.
Node = Callable[[RunState, Any], Awaitable[dict[str, Any]]]


def after_planner(state: RunState) -> Literal["pom_builder", "verdict_rca"]:
    """Run the steps when there is a plan with steps; otherwise straight to the verdict."""
    return "pom_builder" if state.step_count() else "verdict_rca"


def after_oracle(state: RunState) -> Literal["pom_builder", "verdict_rca"]:
    """Next (or healed) step, until the plan is done or a step gave up."""
    if state.gave_up or state.index >= state.step_count():
        return "verdict_rca"
    return "pom_builder"


#: The node a run starts at, and the pseudo-node it ends at (LangGraph's END).
FIRST, END_NAME = "planner", "__end__"
#: Where each node goes next: a node's name, or a router on the state. One table for both ways
#: a run is walked: `build_graph()` (LangGraph) and `drive()` (the same walk, without it).
NEXT: dict[str, str | Callable[[RunState], str]] = {
    "planner": after_planner,
    "pom_builder": "executor",
    "executor": "oracle_healer",
    "oracle_healer": after_oracle,
    "verdict_rca": "generator",
    "generator": END_NAME,
}


def nodes() -> dict[str, Node]:
    """The agents, by node name (imported on first use: a plain `pacts --help` needs none)."""
    from backend.agents.executor import executor
    from backend.agents.generator import generator
    from backend.agents.oracle_healer import oracle_healer
    from backend.agents.planner import planner
    from backend.agents.pom_builder import pom_builder
    from backend.agents.verdict_rca import verdict_rca

    return {
        "planner": planner,
        "pom_builder": pom_builder,
        "executor": executor,
        "oracle_healer": oracle_healer,
        "verdict_rca": verdict_rca,
        "generator": generator,
    }


def build_graph(checkpointer: Any = None) -> CompiledStateGraph[Any, Any, Any, Any]:
    """Planner -> (POMBuilder -> Executor -> Oracle/Healer)* -> VerdictRCA -> Generator."""
    from langgraph.graph import END, START, StateGraph

    builder = StateGraph(RunState, context_schema=RunContext)
    for name, node in nodes().items():
        builder.add_node(name, node)  # type: ignore[call-overload]
    builder.add_edge(START, FIRST)
    for name, after in NEXT.items():
        if callable(after):
            builder.add_conditional_edges(name, after)
        else:
            builder.add_edge(name, END if after == END_NAME else after)
    return builder.compile(checkpointer=checkpointer)


@dataclass(frozen=True)
class _Runtime:
    """What a node reads of LangGraph's Runtime: the run's context."""

    context: RunContext


class RecursionLimitReached(RuntimeError):
    """A run took more node steps than its limit (LangGraph's GraphRecursionError)."""


async def drive(
    state: RunState,
    ctx: RunContext,
    limit: int,
    on_update: Callable[[str, dict[str, Any]], None] | None = None,
) -> RunState:
    """Walk NEXT from FIRST to the end, as LangGraph's loop walks this graph, without importing
    LangGraph (about a second of a warm run's start, more than the run itself).

    Same semantics: each node gets the state and a runtime whose `.context` is `ctx`; its update
    (the keys the state has) replaces those fields; the state is validated again; one node is
    one step of `limit`.
    """
    table = nodes()
    runtime = _Runtime(ctx)
    name = FIRST
    for _ in range(limit):
        started = time.perf_counter()
        update = await table[name](state, runtime) or {}
        add_phase(f"graph node {name}", time.perf_counter() - started)
        known = {k: v for k, v in update.items() if k in RunState.model_fields}
        state = RunState(**{**dict(state), **known})
        if on_update is not None:
            on_update(name, update)
        after = NEXT[name]
        name = after(state) if callable(after) else after
        if name == END_NAME:
            return state
    raise RecursionLimitReached(f"Recursion limit of {limit} reached without hitting a stop")


def checkpoint_serializer() -> Any:
    """LangGraph's serializer, allowed to read back the state's own models (and only those)."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    from backend.graph.state import STATE_MODELS

    allowed = [(model.__module__, model.__name__) for model in STATE_MODELS]
    return JsonPlusSerializer(allowed_msgpack_modules=allowed)


def mermaid() -> str:
    """The graph as a Mermaid diagram (`pacts graph`)."""
    return build_graph().get_graph().draw_mermaid()


def recursion_limit(steps: int, heal_rounds: int) -> int:
    """Supersteps a run may take: three nodes per step and per heal round, plus the ends
    (the runner passes PACTS_MAX_STEPS, so a plan within it never hits the limit)."""
    return max(25, 3 * steps * (heal_rounds + 1) + 10)
