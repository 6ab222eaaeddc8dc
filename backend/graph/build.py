"""The LangGraph StateGraph: nodes, edges and routing. `build_graph()` compiles on demand.

The only module that imports the agents: cli -> graph.build -> agents -> lower layers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from backend.graph.context import RunContext
from backend.graph.state import RunState

if TYPE_CHECKING:
    from langgraph.graph.state import CompiledStateGraph


def after_planner(state: RunState) -> Literal["pom_builder", "verdict_rca"]:
    """Run the steps when there is a plan with steps; otherwise straight to the verdict."""
    return "pom_builder" if state.step_count() else "verdict_rca"


def after_oracle(state: RunState) -> Literal["pom_builder", "verdict_rca"]:
    """Next (or healed) step, until the plan is done or a step gave up."""
    if state.gave_up or state.index >= state.step_count():
        return "verdict_rca"
    return "pom_builder"


def build_graph(checkpointer: Any = None) -> CompiledStateGraph[Any, Any, Any, Any]:
    """Planner -> (POMBuilder -> Executor -> Oracle/Healer)* -> VerdictRCA -> Generator."""
    from langgraph.graph import END, START, StateGraph

    from backend.agents.executor import executor
    from backend.agents.generator import generator
    from backend.agents.oracle_healer import oracle_healer
    from backend.agents.planner import planner
    from backend.agents.pom_builder import pom_builder
    from backend.agents.verdict_rca import verdict_rca

    builder = StateGraph(RunState, context_schema=RunContext)
    builder.add_node("planner", planner)
    builder.add_node("pom_builder", pom_builder)
    builder.add_node("executor", executor)
    builder.add_node("oracle_healer", oracle_healer)
    builder.add_node("verdict_rca", verdict_rca)
    builder.add_node("generator", generator)
    builder.add_edge(START, "planner")
    builder.add_conditional_edges("planner", after_planner)
    builder.add_edge("pom_builder", "executor")
    builder.add_edge("executor", "oracle_healer")
    builder.add_conditional_edges("oracle_healer", after_oracle)
    builder.add_edge("verdict_rca", "generator")
    builder.add_edge("generator", END)
    return builder.compile(checkpointer=checkpointer)


def checkpoint_serializer() -> Any:
    """LangGraph's serializer, allowed to read back the state's own models (and only those)."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    from backend.graph.state import STATE_MODELS

    allowed = [(model.__module__, model.__name__) for model in STATE_MODELS]
    return JsonPlusSerializer(allowed_msgpack_modules=allowed)


def mermaid() -> str:
    """The graph as a Mermaid diagram (`pacts graph`)."""
    return build_graph().get_graph().draw_mermaid()
