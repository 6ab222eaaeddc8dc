"""`pacts generate`: render a test again from the last passing run, without a browser."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from backend.codegen.render import write_generated
from backend.codegen.stamp import SELECTORS_FILE
from backend.errors import UsageError, first_problem
from backend.models import Plan, SelectorRecord, Verdict


def last_passing_run(runs_dir: Path, requirement: str) -> Path:
    """The newest `runs/<id>/` of this requirement whose verdict is PASS."""
    candidates = sorted((p for p in runs_dir.glob("*") if p.is_dir()), reverse=True)
    for run_dir in candidates:  # run ids start with a UTC stamp: newest first
        try:
            verdict = Verdict.model_validate_json((run_dir / "verdict.json").read_text("utf-8"))
        except (OSError, ValueError, ValidationError):
            continue
        mine = verdict.requirement == requirement and verdict.verdict == "PASS"
        if mine and (run_dir / "plan.json").is_file() and (run_dir / SELECTORS_FILE).is_file():
            return run_dir
    raise UsageError(
        f"no passing run of {requirement} in {runs_dir}/",
        why="pacts generate renders from a passing run's plan and selectors",
        fix=f"run `pacts test --req {requirement}` first",
    )


def regenerate(run_dir: Path, out_dir: Path, *, title: str | None, source: str, pom: bool) -> Path:
    """Render the test of `run_dir` into `out_dir` (and its page objects with `pom`)."""
    try:
        plan = Plan.model_validate_json((run_dir / "plan.json").read_text("utf-8"))
        raw = json.loads((run_dir / SELECTORS_FILE).read_text("utf-8"))
        records = {int(k): SelectorRecord.model_validate(v) for k, v in raw.items()}
    except (OSError, ValueError, ValidationError) as exc:
        raise UsageError(
            f"run folder {run_dir} cannot be read",
            why=first_problem(exc),
            fix="rerun the requirement with pacts test",
        ) from exc
    return write_generated(out_dir, plan, records, title=title, source=source, pom=pom)
