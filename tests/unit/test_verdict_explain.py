"""The one-line explanation of a step that drifted and was not healed: a candidate above the
threshold that was tried and failed is not reported as "below" it (Shoelace's sl-checkbox)."""

from __future__ import annotations

from backend.agents.verdict_rca import explain
from backend.healing.events import Candidate, HealEvent
from backend.models import Step, StepResult, Target

STEP = Step(action="check", target=Target(kind="checkbox", name="Weekly digest"))


def _explained(score: float, threshold: float) -> str:
    result = StepResult(
        index=2,
        step=STEP,
        status="failed",
        error_kind="drift_unhealed",
        error="Locator.check: Timeout 10000ms exceeded.",
    )
    event = HealEvent(
        step=2,
        round=1,
        strategy="fingerprint_rerank",
        outcome="rejected",
        threshold=threshold,
        candidates=[Candidate(selector="page.locator('input')", score=score)],
    )
    return explain(result, "http://127.0.0.1:8822/", 7, [event])


def test_a_candidate_below_the_threshold_is_reported_below_it() -> None:
    assert "matched 0.42 (below 0.50)" in _explained(0.42, 0.5)


def test_a_candidate_above_the_threshold_that_failed_says_what_failed() -> None:
    line = _explained(0.67, 0.5)
    assert "below" not in line
    assert "matched 0.67 but did not work (Locator.check: Timeout 10000ms exceeded.)" in line
