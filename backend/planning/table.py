"""`pacts plan` output: the plan as a readable table (rich), with the LLM's accounting."""

from __future__ import annotations

from typing import Any

from backend.models import Plan


def plan_table(plan: Plan, usage: dict[str, Any] | None = None) -> None:
    """Print one row per step: number, action, target, value, expectation, reading, source.

    The "read as" column marks a lenient reading ("each quoted text is visible").
    """
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Plan for {plan.requirement} (hash {plan.hash}, planner {plan.planner})",
        title_justify="left",
    )
    for column in ("#", "action", "target", "value", "expect", "read as", "from"):
        table.add_column(column, overflow="fold")
    for i, step in enumerate(plan.steps, 1):
        table.add_row(
            str(i),
            step.action,
            step.target.describe() if step.target else "",
            "" if step.value is None else step.value,
            step.expect or "",
            step.read_as or "",
            step.source,
        )
    console = Console(soft_wrap=False, width=max(Console().width, 120), highlight=False)
    console.print(table)
    if usage:
        how = "plan cache hit, 0 LLM calls" if usage["cached"] else f"{usage['calls']} LLM call(s)"
        console.print(
            f"LLM {usage['model']}: {how}, {usage['input_tokens']} in + "
            f"{usage['output_tokens']} out tokens, ${usage['cost_usd']:.4f}, "
            f"lines {usage['lines']}"
        )
