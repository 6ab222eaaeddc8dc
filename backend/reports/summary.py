"""The compact text summary `pacts test` ends with and `pacts report` prints."""

from __future__ import annotations

from backend.models import Verdict


def summary_lines(verdict: Verdict) -> list[str]:
    """A few lines: verdict, cause and next step, heals and drift, cache, where the files are."""
    lines = [
        f"{verdict.verdict}  {verdict.requirement}  ({len(verdict.steps)} steps, "
        f"{verdict.duration_ms / 1000:.2f} s)"
    ]
    if verdict.root_cause:
        lines.append(f"  cause: {verdict.root_cause}: {verdict.explanation}")
        if verdict.failing_step:
            lines.append(f"  failing step: {verdict.failing_step}")
    healed = [s.index + 1 for s in verdict.steps if s.healed]
    if healed:
        lines.append(f"  healed steps: {', '.join(map(str, healed))}")
    c = verdict.cache
    lines.append(
        f"  cache: {c.get('redis_hits', 0)} fast hits, {c.get('postgres_hits', 0)} persistent "
        f"hits, {c.get('misses', 0)} misses, {c.get('drift', 0)} drift, {c.get('heals', 0)} heals"
    )
    if verdict.retry is not None:
        retry = verdict.retry
        lines.append(f"  traced re-run: {retry.verdict}" + (" (flaky)" if retry.passed else ""))
        if retry.trace:
            lines.append(f"  trace: {retry.trace}")
    if verdict.run_dir:
        lines.append(f"  report: {verdict.run_dir}/report.html")
    return lines
