"""What the dashboard shows, computed from a collector snapshot: a pure function, JSON out."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from backend.telemetry.collector import Snapshot
from backend.telemetry.metrics import (
    CACHE_LOOKUPS,
    HEALS,
    LLM_COST,
    LLM_TOKENS,
    RUNS,
    label_values,
    parse_key,
    total,
)

#: Rows in each of the dashboard's tables.
TOP = 10


def summary(snapshot: Snapshot, refresh_s: float) -> dict[str, Any]:
    """Headline figures, trends and tables for the page at `/`."""
    runs = snapshot.runs
    totals = snapshot.totals
    hits = sum(r["summary"].get("hits", 0) for r in runs)
    misses = sum(r["summary"].get("misses", 0) for r in runs)
    return {
        "collected_at": snapshot.collected_at,
        "refresh_s": refresh_s,
        "errors": snapshot.errors,
        "figures": {
            "runs": total(totals, RUNS),
            "pass": total(totals, RUNS, verdict="PASS"),
            "fail": total(totals, RUNS, verdict="FAIL"),
            "error": total(totals, RUNS, verdict="ERROR"),
            "hit_rate": round(100.0 * hits / (hits + misses), 1) if hits + misses else None,
            "drift": total(totals, CACHE_LOOKUPS, result="drift"),
            # a heal counts when its step then passed ("accepted"); the table lists every round
            "heals": total(totals, HEALS, outcome="accepted"),
            "llm_tokens": total(totals, LLM_TOKENS),
            "llm_cost": round(total(totals, LLM_COST), 4),
        },
        "lookups": _by_labels(totals, CACHE_LOOKUPS, ("tier", "result")),
        "heals": {
            o: total(totals, HEALS, outcome=o)
            for o in sorted(label_values(totals, HEALS, "outcome"))
        },
        "records": {
            (parse_key(k) or ("", {}))[1].get("tier", ""): v for k, v in snapshot.gauges.items()
        },
        "trend": _trend(runs),
        "recent": [_recent(r) for r in runs[:20]],
        "slowest": _slowest(runs),
        "flakiest": _flakiest(runs),
    }


def _by_labels(
    totals: dict[str, float], name: str, labels: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key, value in sorted(totals.items()):
        parsed = parse_key(key)
        if parsed and parsed[0] == name:
            rows.append({**{label: parsed[1].get(label, "") for label in labels}, "value": value})
    return rows


def _trend(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Oldest first: each run's hit rate, drift and heals."""
    points = []
    for run in reversed(runs):
        s = run["summary"]
        lookups = s.get("hits", 0) + s.get("misses", 0)
        points.append(
            {
                "run_id": run["run_id"],
                "at": run["started_at"],
                "hit_rate": round(100.0 * s.get("hits", 0) / lookups, 1) if lookups else None,
                "drift": s.get("drift", 0),
                "heals": s.get("heals", 0),
            }
        )
    return points


def _recent(run: dict[str, Any]) -> dict[str, Any]:
    s = run["summary"]
    lookups = s.get("hits", 0) + s.get("misses", 0)
    return {
        "run_id": run["run_id"],
        "requirement": run["requirement"],
        "verdict": run["verdict"],
        "root_cause": run["root_cause"],
        "at": run["started_at"],
        "duration_s": round(run["duration_ms"] / 1000, 2),
        "hit_rate": round(100.0 * s.get("hits", 0) / lookups, 1) if lookups else None,
        "drift": s.get("drift", 0),
        "heals": s.get("heals", 0),
        "report": f"runs/{run['run_id']}/report.html",
    }


def _slowest(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Steps by mean time over the recent runs, slowest first."""
    times: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for run in runs:
        for step in run["summary"].get("steps", []):
            times[(run["requirement"], step["source"], step["action"])].append(float(step["ms"]))
    rows: list[dict[str, Any]] = [
        {
            "requirement": req,
            "step": source,
            "action": action,
            "mean_ms": round(sum(ms) / len(ms), 1),
            "max_ms": round(max(ms), 1),
            "runs": len(ms),
        }
        for (req, source, action), ms in times.items()
    ]
    rows.sort(key=lambda r: -r["mean_ms"])
    return rows[:TOP]


def _flakiest(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Requirements whose verdict changes from run to run, most changes first."""
    history: dict[str, list[str]] = defaultdict(list)
    for run in reversed(runs):
        history[run["requirement"]].append(run["verdict"])
    rows: list[dict[str, Any]] = []
    for req, verdicts in history.items():
        flips = sum(1 for a, b in itertools.pairwise(verdicts) if a != b)
        failed = sum(1 for v in verdicts if v != "PASS")
        if flips == 0 and failed == 0:
            continue
        rows.append(
            {
                "requirement": req,
                "runs": len(verdicts),
                "failed": failed,
                "flips": flips,
                "flip_rate": round(flips / (len(verdicts) - 1), 2) if len(verdicts) > 1 else 0.0,
                "last": verdicts[-1],
            }
        )
    rows.sort(key=lambda r: (-r["flips"], -r["failed"]))
    return rows[:TOP]
