"""`runs/<id>/report.html`: one self-contained file (screenshots inlined), rendered with jinja2."""

from __future__ import annotations

import base64
import functools
import logging
from pathlib import Path
from typing import Any

from backend.models import Verdict

logger = logging.getLogger(__name__)

#: Where a step's element came from, in the words the report uses.
TIERS = {
    "fast": "cache (fast tier: Redis / LRU)",
    "persistent": "cache (persistent tier: Postgres / SQLite)",
    "discovered": "discovery",
    "none": "-",
}


def _data_uri(path: str | None) -> str | None:
    if not path or not Path(path).is_file():
        return None
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode()


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    """The report template, compiled once per process (a suite renders one report per run)."""
    from jinja2 import (
        Environment,
        FileSystemBytecodeCache,
        PackageLoader,
        StrictUndefined,
        select_autoescape,
    )

    env = Environment(
        loader=PackageLoader("backend.reports", "templates"),
        bytecode_cache=FileSystemBytecodeCache(),  # a per-user temp folder: no compile per run
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
    )
    return env.get_template("report.html.j2")


def preload() -> None:
    """Compile the template now (a suite does it while the browser launches)."""
    _template()


def render_report(verdict: Verdict) -> str:
    """The report as HTML text (verdict.json holds the same data, already redacted)."""
    events: dict[int, list[dict[str, Any]]] = {}
    for event in verdict.evidence.get("heal_events", []):
        events.setdefault(int(event.get("step", -1)), []).append(event)
    steps = [
        {
            "n": r.index + 1,
            "english": r.step.source or r.step.label(),
            "action": r.step.action,
            "selector": r.selector or "",
            "strategy": r.strategy or "",
            "tier": TIERS.get(r.cache, r.cache),
            "ms": r.duration_ms,
            "status": r.status,
            "healed": r.healed,
            "error": r.error or "",
            "checks": r.checks,
            "shot": _data_uri(r.screenshot),
            "heals": events.get(r.index, []),
        }
        for r in verdict.steps
    ]
    return _template().render(
        v=verdict,
        steps=steps,
        shot=_data_uri(verdict.evidence.get("screenshot")),
        cache=verdict.cache,
        healed=sum(1 for r in verdict.steps if r.healed),
        trace=_trace_link(verdict),
        retry_shots=_retry_links(verdict),
    )


def _trace_link(verdict: Verdict) -> str | None:
    """`trace.zip` when the run folder holds one (the report sits beside it)."""
    if verdict.run_dir and (Path(verdict.run_dir) / "trace.zip").is_file():
        return "trace.zip"
    return None


def _retry_links(verdict: Verdict) -> list[str]:
    """The traced re-run's screenshots, relative to the run folder (`retry/step02_x.png`)."""
    if verdict.retry is None or not verdict.run_dir:
        return []
    root = Path(verdict.run_dir)
    links = []
    for shot in verdict.retry.screenshots:
        path = Path(shot)
        if path.is_file():
            links.append(path.relative_to(root).as_posix() if path.is_relative_to(root) else shot)
    return links


def write_report(verdict: Verdict, run_dir: Path, redact: Any = None) -> Path:
    """Write `report.html` into the run folder; `redact` scrubs secret values from it."""
    text = render_report(verdict)
    if redact is not None:
        text = redact(text)
    path = run_dir / "report.html"
    path.write_text(text, encoding="utf-8")
    return path
