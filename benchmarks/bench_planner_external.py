"""How the rule planner reads test steps written outside this project (issue 12's corpus).

Reads every line of tests/unit/planner_corpus/external/{main,heldback}.txt (and the second
collection, {main_b,heldback_b}.txt, the third, {main_c,heldback_c}.txt, the fourth,
{main_d,heldback_d}.txt, and the fifth, {main_e,heldback_e}.txt: each reported apart and
counted into main / held-back) with the rule planner (split into sentences as a requirement
body is, then parse_line per sentence) and compares the canonical steps with the line's label
(`skip`: no step; `error`: a planning_error).

Prints, per part: accuracy over all lines and over the lines that should plan steps; accuracy
per category; then the most common failure classes with one example each. The last line is
`planner-external: main M/N (x%), held-back H/K (y%)` (every collection together), after a line
per part.

Usage: .venv/bin/python benchmarks/bench_planner_external.py [--top 10] [--misses PART]
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers.planner_external import (  # noqa: E402
    PARTS,
    PARTS_B,
    PARTS_C,
    PARTS_D,
    PARTS_E,
    Case,
    Score,
    load,
    score,
)

logger = logging.getLogger(__name__)

NAMES = {
    "main": "main",
    "heldback": "held-back",
    "main_b": "main_b (second collection)",
    "heldback_b": "heldback_b (second collection)",
    "main_c": "main_c (third collection)",
    "heldback_c": "heldback_c (third collection)",
    "main_d": "main_d (fourth collection)",
    "heldback_d": "heldback_d (fourth collection)",
    "main_e": "main_e (fifth collection)",
    "heldback_e": "heldback_e (fifth collection)",
}
#: Which combined figure each part counts into.
SIDE = {
    "main": "main",
    "main_b": "main",
    "main_c": "main",
    "main_d": "main",
    "main_e": "main",
    "heldback": "heldback",
    "heldback_b": "heldback",
    "heldback_c": "heldback",
    "heldback_d": "heldback",
    "heldback_e": "heldback",
}


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} ({right / total:.1%})" if total else "0/0 (-)"


def _show(steps: list[dict[str, object]] | None) -> str:
    if steps is None:
        return "planning_error"
    if not steps:
        return "no steps"
    bits = []
    for s in steps:
        text = str(s["action"])
        if s["target"]:
            text += f" [{s['target']}]"
        if s["value"] is not None:
            text += f" {s['value']!r}"
        if s["expect"]:
            text += f" ({s['expect']})"
        bits.append(text)
    return "; ".join(bits)


def report_part(part: str, cases: list[Case], result: Score) -> None:
    """Accuracy of one part, overall, on the lines with steps, and per category."""
    sources = {c.source for c in cases}
    repos = {c.repo for c in cases}
    actionable = [c for c in cases if c.marker is None]
    wrong_lines = {id(c) for _, c, _ in result.failures}
    right_actionable = sum(1 for c in actionable if id(c) not in wrong_lines)
    print(f"\n== {NAMES[part]}: {len(cases)} lines, ", end="")
    print(f"{len(sources)} files, {len(repos)} repositories")
    print(f"   all lines:               {_pct(result.right, result.total)}")
    print(f"   lines that plan steps:   {_pct(right_actionable, len(actionable))}")
    print("   per category:")
    for cat, total in sorted(result.by_category.items(), key=lambda kv: -kv[1]):
        print(f"     {cat:<24} {_pct(result.right_by_category[cat], total)}")


def report_failures(results: dict[str, Score], top: int) -> None:
    """The most common failure classes over both parts, with one example each."""
    counts: Counter[str] = Counter()
    per_part: dict[str, Counter[str]] = {p: Counter() for p in results}
    example: dict[str, tuple[Case, list[dict[str, object]] | None]] = {}
    for part, result in results.items():
        for cls, case, got in result.failures:
            counts[cls] += 1
            per_part[part][cls] += 1
            example.setdefault(cls, (case, got))
    print(f"\n== top {top} failure classes (every part)")
    for rank, (cls, n) in enumerate(counts.most_common(top), 1):
        case, got = example[cls]
        split = ", ".join(f"{NAMES[p]} {per_part[p][cls]}" for p in results)
        print(f"{rank:>3}. {cls}: {n} ({split})")
        print(f"       e.g. {case.line!r}  [{case.source}]")
        print(f"       want {case.label}")
        print(f"       got  {_show(got)}")


def main() -> None:
    """Score every part and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10, help="failure classes to show")
    parser.add_argument(
        "--misses",
        choices=(*PARTS, "main_b", "main_c", "main_d", "main_e"),
        help="also list every missed line of a part",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    parts = (*PARTS, *PARTS_B, *PARTS_C, *PARTS_D, *PARTS_E)
    cases = {part: load(part) for part in parts}
    results = {part: score(cases[part]) for part in parts}
    for part in parts:
        report_part(part, cases[part], results[part])
    report_failures(results, args.top)
    if args.misses:
        print(f"\n== every miss in {NAMES[args.misses]}")
        for cls, case, got in results[args.misses].failures:
            print(f"  {case.where}: {case.line!r} -> {_show(got)}  [{cls}]")
    print()
    for part in parts:
        print(f"part {NAMES[part]}: {_pct(results[part].right, results[part].total)}")
    side = {
        name: (
            sum(r.right for p, r in results.items() if SIDE[p] == name),
            sum(r.total for p, r in results.items() if SIDE[p] == name),
        )
        for name in PARTS
    }
    print(f"planner-external: main {_pct(*side['main'])}, held-back {_pct(*side['heldback'])}")


if __name__ == "__main__":
    main()
