"""What the MCP tools and resources do, as plain async functions over Settings.

Every payload passes through `Scrubber`: the values of the secret `${VAR}`s of the known
requirements never leave the server, whatever a report or verdict holds.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from backend.errors import RequirementError, UsageError
from backend.models import Requirement, Verdict, variables_in
from backend.secrets import environment, redact
from backend.settings import Settings

logger = logging.getLogger(__name__)

#: Run ids and requirement names as the runner writes them; anything else is refused.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$")


class Scrubber:
    """Replaces secret values (from the environment and `.env`), in every encoded form, with
    `***` in whatever is returned."""

    def __init__(self, settings: Settings, env: Mapping[str, str] | None = None) -> None:
        self._settings = settings
        self._env = environment() if env is None else env

    def secrets(self, extra: Sequence[Requirement] = ()) -> list[str]:
        """The values of every secret `${VAR}` of the known requirements (and `extra`)."""
        values: set[str] = set()
        for req in [*_known_requirements(self._settings), *extra]:
            for name in variables_in(req.body) + variables_in(req.url):
                value = self._env.get(name)
                if value and name not in req.public_vars:
                    values.add(value)
        for setting in (self._settings.anthropic_api_key, self._settings.langsmith_api_key):
            if setting is not None and setting.get_secret_value():
                values.add(setting.get_secret_value())
        return sorted(values, key=len, reverse=True)

    def text(self, text: str, extra: Sequence[Requirement] = ()) -> str:
        # the encoded forms too: a payload goes out as JSON, where `"` or `\` are escaped
        return redact(text, self.secrets(extra))

    def payload(self, data: Any, extra: Sequence[Requirement] = ()) -> Any:
        """A JSON-able value with every secret replaced (through its JSON text)."""
        return json.loads(self.text(json.dumps(data), extra))


def _known_requirements(settings: Settings) -> list[Requirement]:
    from backend.planning.loader import load_requirement

    found = []
    folder = Path(settings.requirements_dir)
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            found.append(load_requirement(path, settings.max_requirement_bytes))
        except RequirementError:
            continue
    return found


def load(settings: Settings, req: str | None, text: str | None, url: str | None) -> Requirement:
    """A requirement by name or path, or ad-hoc English (with `url`)."""
    from backend.planning.loader import find_requirement, load_requirement, requirement_from_text

    if bool(req) == bool(text):
        raise UsageError("give exactly one of `req` and `text`", fix="pass a requirement name")
    if text is not None:
        return requirement_from_text(
            text, url or "about:blank", max_bytes=settings.max_requirement_bytes
        )
    assert req is not None
    return load_requirement(
        find_requirement(req, Path(settings.requirements_dir)), settings.max_requirement_bytes
    )


def list_requirements(settings: Settings) -> list[dict[str, Any]]:
    """Name, title, url and tags of each requirement file."""
    return [
        {
            "name": r.name,
            "title": r.title,
            "url": r.url,
            "tags": list(r.tags),
            "path": f"{Path(settings.requirements_dir).name}/{Path(r.path or r.name).name}",
        }
        for r in _known_requirements(settings)
    ]


async def plan(settings: Settings, requirement: Requirement) -> dict[str, Any]:
    """The plan the configured planner makes (no browser)."""
    from backend.planning.modes import make_plan
    from backend.storage.init import get_storage

    if settings.planner == "rules":
        result, usage = await make_plan(requirement, settings, "rules")
    else:
        storage = await get_storage(settings)
        try:
            result, usage = await make_plan(
                requirement, settings, settings.planner, storage.plan_store
            )
        finally:
            await storage.close()
    payload = result.model_dump(mode="json")
    payload["hash"] = result.hash
    payload["lines"] = [step.label() for step in result.steps]
    if usage:
        payload["usage"] = usage
    return payload


async def run_test(settings: Settings, requirement: Requirement, url: str | None) -> dict[str, Any]:
    """Run the requirement in a browser; the verdict as written to its run folder."""
    from backend.runner import run_requirement, start_url_for

    start_url_for(requirement, url, settings)  # a bad url is an error before any browser
    verdict = await run_requirement(requirement, settings, url=url)
    return summary(_read_verdict(Path(verdict.run_dir or "")) or verdict)


def get_verdict(settings: Settings, run_id: str) -> dict[str, Any]:
    """The verdict of a run (`latest` for the newest), with its steps."""
    run_dir = _run_dir(settings, run_id)
    verdict = _read_verdict(run_dir)
    if verdict is None:
        raise UsageError(f"run {run_id} has no readable verdict.json", fix="rerun it")
    return {**summary(verdict), "steps": [_step(s) for s in verdict.steps]}


def summary(verdict: Verdict) -> dict[str, Any]:
    """What a client needs first: verdict, cause, explanation, report and generated test."""
    run_dir = Path(verdict.run_dir) if verdict.run_dir else None
    report = run_dir / "report.html" if run_dir else None
    return {
        "run_id": verdict.run_id,
        "requirement": verdict.requirement,
        "verdict": verdict.verdict,
        "root_cause": verdict.root_cause,
        "explanation": verdict.explanation,
        "failing_step": verdict.failing_step,  # 1-based, as the report numbers steps
        "steps": len(verdict.steps),
        "duration_ms": verdict.duration_ms,
        "discoveries": verdict.discoveries,
        "cache": verdict.cache,
        "report": str(report) if report and report.is_file() else None,
        "run_dir": verdict.run_dir,
        "generated_test": verdict.generated_test,
        # PACTS_TRACE=on-first-retry: what the traced re-run of a failure saw (passed: flaky)
        "retry": verdict.retry.model_dump(mode="json") if verdict.retry else None,
        "resources": {
            "verdict": f"pacts://runs/{verdict.run_id}/verdict",
            "report": f"pacts://runs/{verdict.run_id}/report",
        },
    }


def _step(result: Any) -> dict[str, Any]:
    return {
        "index": result.index + 1,
        "step": result.step.source or result.step.label(),
        "status": result.status,
        "selector": result.selector,
        "cache": result.cache,
        "error_kind": result.error_kind,
        "error": result.error,
        "healed": result.healed,
    }


async def cache_stats(settings: Settings) -> dict[str, Any]:
    """The shared cache's counters (overall) and which tiers are in use."""
    from backend.storage.init import get_storage

    storage = await get_storage(settings)
    try:
        stats = await storage.selector_cache.get_cache_stats()
        records = await storage.selector_cache.record_counts()
    finally:
        await storage.close()
    return {
        "overall": stats["overall"],
        "tiers": stats["tiers"],
        "skipped_tiers": stats["skipped_tiers"],
        "records": records,
    }


def generate(settings: Settings, req: str) -> dict[str, Any]:
    """Render the pytest file of the requirement's last passing run; return path and source."""
    from backend.codegen.regenerate import last_passing_run, regenerate

    requirement = load(settings, req, None, None)
    run_dir = last_passing_run(Path(settings.runs_dir), requirement.name)
    source = f"{Path(settings.requirements_dir).name}/{Path(requirement.path or req).name}"
    path = regenerate(
        run_dir,
        Path(settings.generated_dir),
        title=requirement.title,
        source=source,
        pom=settings.pom,
    )
    return {
        "path": str(path),
        "from_run": run_dir.name,
        "source": path.read_text(encoding="utf-8"),
        "resource": f"pacts://generated/{path.stem}",
    }


def generated_tests(settings: Settings) -> list[dict[str, str]]:
    """The generated test files, with their resource URIs."""
    folder = Path(settings.generated_dir)
    return [
        {"name": p.stem, "path": str(p), "uri": f"pacts://generated/{p.stem}"}
        for p in sorted(folder.glob("test_*.py"))
    ]


def generated_source(settings: Settings, name: str) -> str:
    """The source of `generated_tests/<name>.py` (`test_x` or `x`)."""
    _check_id(name, "generated test")
    stem = name if name.startswith("test_") else f"test_{name}"
    path = Path(settings.generated_dir) / f"{stem}.py"
    if not path.is_file():
        raise UsageError(f"no generated test {stem}", fix="run the requirement first (run_test)")
    return path.read_text(encoding="utf-8")


def recent_runs(settings: Settings, limit: int = 50) -> list[dict[str, Any]]:
    """The newest runs first: id, requirement, verdict."""
    folder = Path(settings.runs_dir)
    runs: list[dict[str, Any]] = []
    for run_dir in sorted(folder.glob("*"), reverse=True) if folder.is_dir() else []:
        verdict = _read_verdict(run_dir)
        if verdict is not None:
            runs.append(
                {"run_id": run_dir.name, "requirement": verdict.requirement, **_verdict(verdict)}
            )
        if len(runs) >= limit:
            break
    return runs


def run_file(settings: Settings, run_id: str, name: str) -> str:
    """A text file of a run folder (`verdict.json`, `report.html`)."""
    path = _run_dir(settings, run_id) / name
    if not path.is_file():
        raise UsageError(f"run {run_id} has no {name}", fix="see the runs resource")
    return path.read_text(encoding="utf-8")


def _verdict(verdict: Verdict) -> dict[str, Any]:
    return {"verdict": verdict.verdict, "root_cause": verdict.root_cause}


def _run_dir(settings: Settings, run_id: str) -> Path:
    folder = Path(settings.runs_dir)
    if run_id == "latest":
        runs = sorted(p for p in folder.glob("*") if (p / "verdict.json").is_file())
        if not runs:
            raise UsageError("no runs yet", fix="run a requirement first (run_test)")
        return runs[-1]
    _check_id(run_id, "run id")
    run_dir = folder / run_id
    if not run_dir.is_dir():
        raise UsageError(f"no run {run_id!r}", fix="see the runs resource for the run ids")
    return run_dir


def _read_verdict(run_dir: Path) -> Verdict | None:
    try:
        return Verdict.model_validate_json((run_dir / "verdict.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _check_id(value: str, what: str) -> None:
    if not _SAFE_ID.match(value) or ".." in value:
        raise UsageError(f"bad {what} {value!r}", fix="use a name the server listed")
