"""Graph routing, the Oracle/Healer's pure decision, and its node with a fake run context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backend.agents import oracle_healer as oracle_healer_module
from backend.agents.oracle_healer import Continue, GiveUp, Heal, decide, oracle_healer
from backend.agents.verdict_rca import verdict_for
from backend.graph.build import after_oracle, after_planner
from backend.graph.state import Resolved, RunState, Unresolved
from backend.healing.strategies import Attempt
from backend.models import (
    LocatorCall,
    LocatorSpec,
    Plan,
    Requirement,
    SelectorRecord,
    Step,
    StepResult,
    Target,
)
from backend.secrets import Redactor
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
    redact: Redactor = field(default_factory=Redactor)


@dataclass
class FakeRuntime:
    context: Any


CLICK = Step(action="click", target=Target(kind="button", name="Go"), source="Click Go")
OPEN = Step(action="navigate", value="http://127.0.0.1/")
RECORD = SelectorRecord(
    key="k",
    origin="http://127.0.0.1",
    route="/",
    target="button|go",
    selector='page.locator("#go")',
    locator=LocatorSpec(calls=(LocatorCall(method="locator", args=("#go",)),)),
    strategy="role",
)
RESOLVED = Resolved(record=RECORD, cache="discovered")


def result(status: str, kind: str | None = None, step: Step = CLICK) -> StepResult:
    return StepResult(index=0, step=step, status=status, error_kind=kind)  # type: ignore[arg-type]


def state(**extra: Any) -> RunState:
    base: dict[str, Any] = {
        "run_id": "r",
        "requirement": Requirement(name="r", body="Click Go"),
        "plan": Plan(requirement="r", steps=[CLICK, CLICK]),
    }
    return RunState(**{**base, **extra})


def test_routing() -> None:
    assert after_planner(state(plan=None)) == "verdict_rca"
    assert after_planner(state()) == "pom_builder"
    assert after_oracle(state(index=1)) == "pom_builder"
    assert after_oracle(state(index=2)) == "verdict_rca"
    assert after_oracle(state(index=0, gave_up=True)) == "verdict_rca"


def test_decide_passes_heals_within_the_rounds_and_gives_up_after() -> None:
    assert decide(result("passed"), 0, 1, stale=False) == Continue()
    assert decide(result("failed", "timeout"), 0, 2, stale=False) == Heal(1)
    assert decide(result("failed", "selector_not_found"), 1, 2, stale=False) == Heal(2)
    assert decide(result("failed", "timeout"), 2, 2, stale=False) == GiveUp("timeout")
    # an element known before that is gone after the last round: the test is stale
    assert decide(result("failed", "timeout"), 2, 2, stale=True) == GiveUp("drift_unhealed")


def test_decide_never_heals_an_assertion_a_page_step_or_an_app_fault() -> None:
    assertion = result("failed", "assertion_failed")
    assert decide(assertion, 0, 3, stale=True) == GiveUp("assertion_failed")
    assert decide(result("failed", "timeout", OPEN), 0, 3, stale=False) == GiveUp("timeout")
    missing_option = result("failed", "selector_not_found")
    missing_option.healable = False  # the list is there; the option is not (the app's fault)
    assert decide(missing_option, 0, 3, stale=False) == GiveUp("selector_not_found")


async def test_a_passed_step_moves_on() -> None:
    update = await oracle_healer(state(results=[result("passed")]), FakeRuntime(FakeContext()))  # type: ignore[arg-type]
    assert update["index"] == 1 and update["heal_round"] == 0
    assert update["oracle_marks"].url == "http://127.0.0.1/"


async def test_a_stale_element_gets_bounded_rounds_then_gives_up(monkeypatch: Any) -> None:
    tried: list[int] = []

    async def no_luck(
        ctx: Any, result: Any, record: Any, old: Any, round_: int, events: Any
    ) -> Any:
        tried.append(round_)
        return Attempt("settle_retry", False, error="still disabled")

    monkeypatch.setattr(oracle_healer_module, "_heal_round", no_luck)
    ctx = FakeContext(settings=Settings(_env_file=None, max_heal_rounds=2))  # type: ignore[call-arg]
    failed = [result("failed", "timeout")]
    first = await oracle_healer(state(results=failed, resolution=RESOLVED), FakeRuntime(ctx))  # type: ignore[arg-type]
    assert first["force_discovery"] is True and first["heal_round"] == 1
    assert first["results"] == []  # the failed try is replaced by the retry
    assert first["heal_stale"] is False  # found fresh by discovery: not drift
    second = await oracle_healer(
        state(results=failed, resolution=RESOLVED, heal_round=1),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert second["gave_up"] is True and tried == [1, 2]
    assert second["results"][-1].error_kind == "timeout"
    assert second["results"][-1].heal_rounds == 2
    stale = await oracle_healer(
        state(results=failed, resolution=RESOLVED, heal_round=1, heal_stale=True),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert stale["results"][-1].error_kind == "drift_unhealed"


async def test_a_heal_that_passes_is_counted() -> None:
    ctx = FakeContext()
    update = await oracle_healer(
        state(results=[result("passed")], heal_round=1),
        FakeRuntime(ctx),  # type: ignore[arg-type]
    )
    assert ctx.cache.heals == 1
    assert update["results"][-1].healed is True


async def test_assertions_and_discovery_failures_are_never_healed() -> None:
    assertion = Step(action="assert_text", value="x", source="Verify x")
    update = await oracle_healer(
        state(results=[result("failed", "assertion_failed", assertion)], resolution=RESOLVED),
        FakeRuntime(FakeContext()),  # type: ignore[arg-type]
    )
    assert update["gave_up"] is True
    # discovery already searched for the full step timeout: no element to heal from
    unresolved = Unresolved(error_kind="selector_not_found", error="no element")
    update = await oracle_healer(
        state(results=[result("failed", "selector_not_found")], resolution=unresolved),
        FakeRuntime(FakeContext()),  # type: ignore[arg-type]
    )
    assert update["gave_up"] is True
    assert update["results"][-1].error_kind == "selector_not_found"


def test_verdict_kinds() -> None:
    assert verdict_for(None) == "PASS"
    for cause in ("selector_not_found", "assertion_failed", "timeout", "drift_unhealed"):
        assert verdict_for(cause) == "FAIL"  # type: ignore[arg-type]
    for cause in ("navigation_error", "planning_error", "environment_error", "ambiguous_target"):
        assert verdict_for(cause) == "ERROR"  # type: ignore[arg-type]
