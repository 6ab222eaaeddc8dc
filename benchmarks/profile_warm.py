"""Where a warm `pacts test` process spends its time, per phase (issue 15): the median of
PACTS_PROFILE=1 tables over --runs whole processes on the demo site, as a Markdown table.

One process fills the cache first; each timed run then reads the table PACTS prints on stderr at
exit (backend/telemetry/phases.py). Phases nest: "graph run" holds perform, settle, verify...

`--suite N`: one `pacts test --all` process over N copies of the four demo requirements (the
suite of benchmarks/bench_vs_hand.py); the table then also gives each phase per requirement.

Usage: .venv/bin/python benchmarks/profile_warm.py [--req demo_search] [--runs 5] [--lean]
       [--suite N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.demo.server import DemoServer  # noqa: E402
from benchmarks.isolation import isolated_env  # noqa: E402

NAMES = ("demo_search", "demo_login", "demo_preferences", "demo_search_results")
_ROW = re.compile(r"^  (.+?)\s+(\d+\.\d)(?:  x(\d+))?$")


def _profile(env: dict[str, str], target: list[str]) -> dict[str, tuple[float, int]]:
    cmd = [sys.executable, "-m", "backend.cli.main", "-q", "test", *target]
    proc = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"pacts failed:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    rows: dict[str, tuple[float, int]] = {}
    for line in proc.stderr.split("PACTS_PROFILE", 1)[-1].splitlines():
        found = _ROW.match(line)
        if found:
            rows[found.group(1)] = (float(found.group(2)), int(found.group(3) or 1))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--req", default="demo_search")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lean", action="store_true", help="PACTS_TRACE=off too")
    parser.add_argument("--suite", type=int, default=0, metavar="N")
    args = parser.parse_args()
    target = ["--all"] if args.suite else ["--req", args.req]
    with tempfile.TemporaryDirectory() as tmp, DemoServer() as server:
        home = Path(tmp)
        env = isolated_env(home, server.url, REPO, PACTS_PROFILE="1")
        if args.lean:
            env["PACTS_TRACE"] = "off"
        if args.suite:
            env["PACTS_REQUIREMENTS_DIR"] = str(suite_folder(home, args.suite))
        _profile(env, target)  # fill the cache
        runs = [_profile(env, target) for _ in range(args.runs)]
    what = f"a suite of {args.suite}" if args.suite else args.req
    _print(runs, f"{what}, {args.runs} warm runs", args.suite)
    return 0


def suite_folder(home: Path, size: int) -> Path:
    """`size` copies of the demo requirements, as bench_vs_hand.py's suite has them."""
    folder = home / "requirements"
    folder.mkdir(parents=True)
    for i in range(size):
        source = REPO / "requirements" / f"{NAMES[i % len(NAMES)]}.md"
        shutil.copyfile(source, folder / f"suite_{i:02d}.md")
    return folder


def _print(runs: list[dict[str, tuple[float, int]]], what: str, suite: int) -> None:
    names = list(dict.fromkeys(name for run in runs for name in run))
    load = os.getloadavg()[0]
    print(f"{what}, median ms; load average at the end {load:.1f}\n")
    extra = " per requirement |" if suite else ""
    print(f"| phase | ms | times |{extra}\n|---|---:|---:|{'---:|' if suite else ''}")
    for name in names:
        value = statistics.median(run[name][0] for run in runs if name in run)
        count = max(run[name][1] for run in runs if name in run)
        per = f" {value / suite:.0f} |" if suite else ""
        print(f"| {name} | {value:.0f} | {count} |{per}")


if __name__ == "__main__":
    sys.exit(main())
