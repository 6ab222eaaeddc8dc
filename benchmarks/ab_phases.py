"""Two trees (or two settings) A/B, per phase: warm `pacts test --all` processes alternating
A B, B A ..., each with PACTS_PROFILE=1; the median of each phase per requirement.

On a shared machine whole-process seconds drift with the load from one minute to the next;
alternating processes and reading in-process phases keeps the two sides in the same minutes.
Each side has its own cache (filled by one process first); the suite is --size copies of the
four demo requirements. The table ends with the median of the per-pair ratios of the whole
requirement, the whole process and the CPU time of its process tree. With --calls, each side
also runs each demo requirement once with DEBUG=pw:api and prints the Playwright API calls
it made (round trips, load-proof; calls left out of the trace are not counted).

Usage: .venv/bin/python benchmarks/ab_phases.py LABEL=TREE[:ENV=V,...] LABEL=TREE[:...]
       [--pairs 7] [--size 4] [--calls]
e.g.   benchmarks/ab_phases.py before=/tmp/base after=. default=. off=.:PACTS_TRACE=off
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.demo.server import DemoServer  # noqa: E402
from benchmarks.isolation import isolated_env  # noqa: E402
from benchmarks.profile_warm import NAMES, suite_folder  # noqa: E402

_ROW = re.compile(r"^  (.+?)\s+(\d+\.\d)(?:  x(\d+))?$")
_CALL = re.compile(r"pw:api => (\S+) started")

Side = tuple[str, Path, dict[str, str]]


def _side(text: str) -> Side:
    label, rest = text.split("=", 1)
    tree, _, extra = rest.partition(":")
    return label, Path(tree).resolve(), dict(kv.split("=", 1) for kv in extra.split(",") if kv)


def _env(home: Path, base: str, tree: Path, extra: dict[str, str]) -> dict[str, str]:
    return isolated_env(home, base, tree, PACTS_PROFILE="1", **extra)


def _run(tree: Path, env: dict[str, str], *target: str) -> str:
    cmd = [sys.executable, "-m", "backend.cli.main", "-q", "test", *target]
    before = _cpu_ms()
    proc = subprocess.run(cmd, env=env, cwd=tree, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"pacts failed in {tree}:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    return proc.stderr + f"\n  {CPU_ROW}  {_cpu_ms() - before:.1f}\n"


#: CPU time (user + sys) of the process and every descendant it waited for (Playwright's
#: driver, Chromium's processes): unlike wall time, it does not grow with other jobs' load.
CPU_ROW = "CPU of the process tree (user+sys)"


def _cpu_ms() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def _phases(stderr: str) -> dict[str, float]:
    rows = {}
    for line in stderr.split("PACTS_PROFILE", 1)[-1].splitlines():
        if found := _ROW.match(line):
            rows[found.group(1)] = float(found.group(2))
    return rows


def _calls(sides: list[Side], envs: dict[str, dict[str, str]]) -> None:
    print("\nPlaywright API calls per warm requirement (DEBUG=pw:api):\n")
    for name in NAMES:
        counts = []
        for label, tree, _ in sides:
            env = {
                **envs[label],
                "DEBUG": "pw:api",
                "PACTS_REQUIREMENTS_DIR": str(REPO / "requirements"),
            }
            _run(tree, env, "--req", name)  # its own cache entry first
            counts.append((label, Counter(_CALL.findall(_run(tree, env, "--req", name)))))
        (a, ca), (b, cb) = counts
        moved = sorted((k, cb[k] - ca[k]) for k in ca | cb if cb[k] != ca[k])
        diff = ", ".join(f"{k} {n:+d}" for k, n in moved)
        print(f"- {name}: {a} {ca.total()}, {b} {cb.total()}" + (f" ({diff})" if diff else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sides", nargs=2, metavar="LABEL=TREE[:ENV=V,...]")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--size", type=int, default=4)
    parser.add_argument("--calls", action="store_true")
    args = parser.parse_args()
    sides = [_side(s) for s in args.sides]
    results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in sides}
    with tempfile.TemporaryDirectory() as tmp, DemoServer() as server:
        folder = suite_folder(Path(tmp), args.size)
        envs = {
            label: {
                **_env(Path(tmp) / label, server.url, tree, extra),
                "PACTS_REQUIREMENTS_DIR": str(folder),
            }
            for label, tree, extra in sides
        }
        for label, tree, _ in sides:
            _run(tree, envs[label], "--all")  # fill its cache
        for i in range(args.pairs):
            for label, tree, _ in sides if i % 2 == 0 else sides[::-1]:
                results[label].append(_phases(_run(tree, envs[label], "--all")))
        if args.calls:
            _calls(sides, envs)
    _table(results, args.pairs, args.size)
    return 0


def _table(results: dict[str, list[dict[str, float]]], pairs: int, size: int) -> None:
    labels = list(results)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{pairs} pairs, a suite of {size}; median ms per requirement; load at the end {load}\n"
    )
    print("| phase | " + " | ".join(labels) + " |\n|---|" + "---:|" * len(labels))
    names = dict.fromkeys(n for runs in results.values() for run in runs for n in run)
    for name in names:
        cells = []
        for label in labels:
            values = [run[name] for run in results[label] if name in run]
            cells.append(f"{statistics.median(values) / size:.0f}" if values else "-")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nPaired ratios {labels[1]}/{labels[0]} (each pair's two processes ran back to back;")
    print("the median over pairs):\n")
    for name in PAIRED:
        ratios = [
            b[name] / a[name]
            for a, b in zip(results[labels[0]], results[labels[1]], strict=False)
            if a.get(name) and b.get(name)
        ]
        if ratios:
            print(
                f"- {name}: {statistics.median(ratios):.3f} (min {min(ratios):.3f}, "
                f"max {max(ratios):.3f}, {len(ratios)} pairs)"
            )


#: The phases whose per-pair ratio the table ends with.
PAIRED = ("run_requirement (whole)", "whole process (to exit)", CPU_ROW)


if __name__ == "__main__":
    sys.exit(main())
