"""Graph routing and the Oracle/Healer's decisions, with a fake run context (no browser)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.agents import oracle_healer as oracle_healer_module
from backend.agents.oracle_healer import oracle_healer
from backend.agents.verdict_rca import verdict_for
from backend.graph.build import after_oracle, after_planner
from backend.healing.strategies import Attempt
from backend.models import Step, StepResult, Target
from backend.settings import Settings


@dataclass
class FakeCache:
    heals: int = 0

    async def record_heal(self) -> None:
        self.heals += 1


class FakeLocator:
    async def all_inner_texts(self) -> list[str]:
        return []


@dataclass
class FakePage:
    url: str = "http://127.0.0.1/"

    def locator(self, selector: str) -> FakeLocator:
        return FakeLocator()


@dataclass
class FakeSession:
    page: FakePage = field(default_factory=FakePage)
    page_errors: list[str] = field(default_factory=list)


@dataclass
class FakeContext:
    settings: Settings = field(default_factory=lambda: Settings(_env_file=None))  # type: ignore[call-arg]
    cache: FakeCache = field(default_factory=FakeCache)
    env: dict[str, str] = field(default_factory=dict)
    session: FakeSession = field(default_factory=FakeSession)

    def redact(self, text: str) -> str:
        return text


@dataclass
class FakeRuntime:
    context: Any


CLICK = Step(action="click", target=Target(kind="button", name="Go"), source="Click Go")
RECORD = {
    "record": {
        "key": "k",
        "origin": "http://127.0.0.1",
        "route": "/",
        "target": "button|go",
        "selector": 'page.locator("#go")',
        "locator": {"calls": [{"method": "locator", "args": ["#go"]}]},
        "strategy": "role",
    }
}


def result(status: str, kind: str | None = None, step: Step = CLICK) -> dict[str, Any]:
    return StepResult(index=0, step=step, status=status, error_kind=kind).model_dump(mode="json")  # type: ignore[arg-type]


def state(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"index": 0, "plan": {"steps": [{}, {}]}, "heal_round": 0}
    return {**base, **extra}


def test_routing() -> None:
    assert after_planner({"plan": None}) == "verdict_rca"
    assert after_planner({"plan": {"steps": []}}) == "pom_builder"
    assert after_oracle({"plan": {"steps": [{}, {}]}, "index": 1}) == "pom_builder"
    assert after_oracle({"plan": {"steps": [{}, {}]}, "index": 2}) == "verdict_rca"
    assert after_oracle({"plan": {"steps": [{}, {}]}, "index": 0, "gave_up": True}) == "verdict_rca"


async def test_a_passed_step_moves_on() -> None:
    update = await oracle_healer(state(results=[result("passed")]), FakeRuntime(FakeContext()))  # type: ignore[arg-type]
    assert update["index"] == 1 and update["heal_round"] == 0


async def test_a_stale_element_gets_bounded_rounds_then_gives_up(monkeypatch: Any) -> None:
    tried: list[int] = []

    async def no_luck(
        ctx: Any, result: Any, record: Any, old: Any, round_: int, events: Any
    ) -> Any:
        tried.append(round_)
        return Attempt("settle_retry", False, error="still disabled")

    monkeypatch.setattr(oracle_healer_module, "_heal_round", no_luck)
    ctx = FakeContext(settings=Settings(_env_file=None, max_heal_rounds=2))  # type: ignore[call-arg]
    first = await oracle_healer(
        state(results=[result("failed", "timeout")], resolution=RECORD),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert first["force_discovery"] is True and first["heal_round"] == 1
    assert first["results"] == []  # the failed try is replaced by the retry
    assert first["heal_stale"] is False  # found fresh by discovery: not drift
    second = await oracle_healer(
        state(results=[result("failed", "timeout")], resolution=RECORD, heal_round=1),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert second["gave_up"] is True and tried == [1, 2]
    assert second["results"][-1]["error_kind"] == "timeout"
    assert second["results"][-1]["heal_rounds"] == 2
    stale = await oracle_healer(
        state(
            results=[result("failed", "timeout")], resolution=RECORD, heal_round=1, heal_stale=True
        ),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert stale["results"][-1]["error_kind"] == "drift_unhealed"


async def test_a_heal_that_passes_is_counted() -> None:
    ctx = FakeContext()
    update = await oracle_healer(
        state(results=[result("passed")], heal_round=1),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert ctx.cache.heals == 1
    assert update["results"][-1]["healed"] is True


async def test_assertions_and_discovery_failures_are_never_healed() -> None:
    assertion = Step(action="assert_text", value="x", source="Verify x")
    update = await oracle_healer(
        state(results=[result("failed", "assertion_failed", assertion)], resolution=RECORD),
        FakeRuntime(FakeContext()),  # type: ignore[arg-type]
    )
    assert update["gave_up"] is True
    # discovery already searched for the full step timeout: no element to heal from
    update = await oracle_healer(
        state(results=[result("failed", "selector_not_found")], resolution={"error_kind": "x"}),
        FakeRuntime(FakeContext()),  # type: ignore[arg-type]
    )
    assert update["gave_up"] is True
    assert update["results"][-1]["error_kind"] == "selector_not_found"


def test_verdict_kinds() -> None:
    assert verdict_for(None) == "PASS"
    for cause in ("selector_not_found", "assertion_failed", "timeout", "drift_unhealed"):
        assert verdict_for(cause) == "FAIL"  # type: ignore[arg-type]
    for cause in ("navigation_error", "planning_error", "environment_error", "ambiguous_target"):
        assert verdict_for(cause) == "ERROR"  # type: ignore[arg-type]
