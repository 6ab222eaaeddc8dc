"""Run the Flask-Admin, Datasette and Shoelace cases cold, then warm, with the real CLI.

Usage: python tests/realworld/apps2_measure.py [APP ...] [--case NAME ...] | --table
Each case runs `pacts test --req FILE --json` twice: cold with a fresh embedded cache
(PACTS_HOME in a new temporary folder), then warm with that same cache. App data is reset
before each run where the app has `reset()`. Results go to .realworld/apps2-results.json.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
REQS = ROOT / "tests" / "realworld" / "requirements"
APPS = ("flaskadmin", "datasette", "shoelace")
OUT = ROOT / ".realworld" / "apps2-results.json"


def run_case(req: Path, base_url: str, home: Path) -> dict[str, Any]:
    """One CLI run of `req`; its JSON verdict plus the wall time in seconds."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PACTS_BASE_URL": base_url,
        "PACTS_HOME": str(home),
    }
    pacts = Path(sys.executable).parent / "pacts"
    started = time.monotonic()
    done = subprocess.run(
        [str(pacts), "test", "--req", str(req), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    wall = time.monotonic() - started
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError:
        data = {
            "verdict": "ERROR",
            "root_cause": "no_json",
            "explanation": done.stderr.strip()[-300:],
        }
    failing = data.get("failing_step")
    return {
        "verdict": data.get("verdict"),
        "root_cause": data.get("root_cause"),
        "explanation": data.get("explanation"),
        "failing_step": failing,
        "discoveries": data.get("discoveries"),
        "cache": data.get("cache"),
        "steps": len(data.get("steps") or []),
        "seconds": round(wall, 1),
        "exit": done.returncode,
    }


def _reason(run: dict[str, Any]) -> str:
    text = (run.get("explanation") or "").replace("|", "/").replace("\n", " ")
    return text if len(text) <= 160 else text[:157] + "..."


def table() -> str:
    """The results file as a Markdown table, one row per case, and the closing count line."""
    results = json.loads(OUT.read_text())
    lines = [
        "| app | case | cold | warm | root cause | cold s | warm s | disc cold/warm | reason |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    passed = 0
    for name, row in sorted(results.items(), key=lambda kv: (kv[1]["app"], kv[0])):
        c, w = row["cold"], row["warm"]
        passed += c["verdict"] == "PASS" and w["verdict"] == "PASS"
        cause = c["root_cause"] or w["root_cause"] or "-"
        lines.append(
            f"| {row['app']} | {name} | {c['verdict']} | {w['verdict']} | {cause} | "
            f"{c['seconds']} | {w['seconds']} | {c['discoveries']}/{w['discoveries']} | "
            f"{_reason(c if c['verdict'] != 'PASS' else w)} |"
        )
    apps = len({row["app"] for row in results.values()})
    lines.append("")
    lines.append(f"realworld: {passed}/{len(results)} cases pass cold and warm ({apps} apps)")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the chosen apps' cases (all by default) and write the results file."""
    if "--table" in argv:
        print(table())
        return 0
    apps = [a for a in argv if not a.startswith("--") and a in APPS] or list(APPS)
    only = {argv[i + 1] for i, a in enumerate(argv) if a == "--case"}
    results = json.loads(OUT.read_text()) if OUT.is_file() else {}
    for app in apps:
        module = importlib.import_module(f"tests.realworld.apps.{app}")
        base_url = module.start()
        reset = getattr(module, "reset", None)
        for req in sorted((REQS / app).glob("*.md")):
            if only and req.stem not in only:
                continue
            with tempfile.TemporaryDirectory(prefix="pacts-cold-") as home:
                row: dict[str, Any] = {"app": app}
                for phase in ("cold", "warm"):
                    if reset:
                        reset()
                    row[phase] = run_case(req, base_url, Path(home))
                results[req.stem] = row
                c, w = row["cold"], row["warm"]
                print(
                    f"{app:10} {req.stem:34} {c['verdict']}/{w['verdict']} {c['root_cause']} "
                    f"{c['seconds']}s/{w['seconds']}s disc {c['discoveries']}/{w['discoveries']} "
                    f"| {c['explanation']}",
                    flush=True,
                )
            OUT.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
