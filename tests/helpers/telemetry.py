"""A sample verdict for the telemetry tests."""

from __future__ import annotations

from backend.models import Step, StepResult, Verdict


def sample_verdict(verdict: str = "PASS", cause: str | None = None) -> Verdict:
    steps = [
        StepResult(
            index=0, step=Step(action="navigate", value="/"), status="passed", duration_ms=300.0
        ),
        StepResult(
            index=1,
            step=Step(action="click", source="Click Save"),
            status="passed",
            duration_ms=1200.0,
            healed=True,
        ),
        StepResult(index=2, step=Step(action="click"), status="skipped"),
    ]
    return Verdict(
        run_id="r1",
        requirement="req",
        verdict=verdict,
        root_cause=cause,  # type: ignore[arg-type]
        steps=steps,
        evidence={"heal_events": [{"outcome": "accepted"}, {"outcome": "rejected"}]},
        cache={"redis_hits": 1, "postgres_hits": 1, "misses": 2, "drift": 1},
        planner={
            "model": "claude-sonnet-4-5",
            "calls": 1,
            "input_tokens": 120,
            "output_tokens": 40,
            "cost_usd": 0.00096,
        },
    )
