"""The external planner corpus (issue 12): load its labelled lines and score the rule planner.

Used by `tests/unit/test_planner_external_corpus.py` (the corpus is well formed) and by
`benchmarks/bench_planner_external.py` (how well today's planner reads it). The file format and
the proposed labels are described in the header of `planner_corpus/external/main.txt`.
"""

from __future__ import annotations

import hashlib
import logging
import shlex
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backend.actions import ACTIONS
from backend.errors import PlanningError
from backend.models import normalise_text
from backend.planning.grammar import split_sentences
from backend.planning.lexicon import KINDS
from backend.planning.rules import parse_line

logger = logging.getLogger(__name__)

CORPUS = Path(__file__).parents[1] / "unit" / "planner_corpus" / "external"
PARTS = ("main", "heldback")
SPLIT_SEED = "pacts-issue-12:"
HELD_BACK_SHARE = 0.30
#: The second collection (main_b.txt / heldback_b.txt): split by source file, not repository.
PARTS_B = ("main_b", "heldback_b")
SPLIT_SEED_B = "pacts-issue-12b:"
HELD_BACK_SHARE_B = 0.35
#: The third collection (main_c.txt / heldback_c.txt): split by source file, its own seed.
PARTS_C = ("main_c", "heldback_c")
SPLIT_SEED_C = "pacts-issue-12c:"
#: The fourth collection (main_d.txt / heldback_d.txt): split by source file, 40% held back.
PARTS_D = ("main_d", "heldback_d")
SPLIT_SEED_D = "pacts-issue-12d:"
HELD_BACK_SHARE_D = 0.40
#: The fifth collection (main_e.txt / heldback_e.txt): split by source file, 40% held back.
PARTS_E = ("main_e", "heldback_e")
SPLIT_SEED_E = "pacts-issue-12e:"
HELD_BACK_SHARE_E = 0.40
KEYS = frozenset({"kind", "name", "value", "expect", "in", "nth", "near"})
KNOWN_ACTIONS = frozenset(ACTIONS)
#: Labels the current Action set lacks; proposed for issue 12 (see the corpus header).
PROPOSED_ACTIONS = frozenset({"assert_items", "accept_dialog", "dismiss_dialog"})
#: Whole-line labels: `skip` (context, no step) and `error` (a planning_error is right).
MARKERS = frozenset({"skip", "error"})
KNOWN_KINDS = frozenset({*KINDS.values(), "text"})
PROPOSED_KINDS = frozenset({"page", "focused", "list", "listitem"})
MATCHES = frozenset({"equals", "contains", "not_equals", "not_contains"})

Canon = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One English line of the corpus with its label and where it came from."""

    part: str
    source: str
    line: str
    label: str
    expected: tuple[Canon, ...]
    where: str

    @property
    def repo(self) -> str:
        """The `owner/name` of the repository the line was copied from."""
        return self.source.split()[0]

    @property
    def marker(self) -> str | None:
        """`skip` or `error` for a whole-line label, else None."""
        return self.label if self.label in MARKERS else None


def target_canonical(fields: dict[str, str]) -> str | None:
    """The label's target in Target.canonical() form, plus `near=` (a proposed relation)."""
    if not fields.keys() & {"kind", "name", "in", "nth", "near"}:
        return None
    kind = fields.get("kind")
    parts = [kind if kind not in (None, "None") else "any", normalise_text(fields.get("name", ""))]
    if fields.get("in"):
        parts.append("in=" + normalise_text(fields["in"]))
    if fields.get("nth") and int(fields["nth"]):
        parts.append(f"nth={int(fields['nth'])}")
    if fields.get("near"):
        parts.append("near=" + normalise_text(fields["near"]))
    return "|".join(parts)


def expected_steps(spec: str) -> tuple[Canon, ...]:
    """`click kind=button name=Save ; press value=Enter` -> canonical step dicts."""
    if spec in MARKERS:
        return ()
    steps = []
    for chunk in spec.split(" ; "):
        action, *pairs = shlex.split(chunk)
        if action in MARKERS:
            raise ValueError(f"{action!r} must label the whole line, not one step of {spec!r}")
        fields = dict(p.split("=", 1) for p in pairs)
        unknown = set(fields) - KEYS
        if unknown:
            raise ValueError(f"unknown key {sorted(unknown)} in {chunk!r}")
        steps.append(
            {
                "action": action,
                "target": target_canonical(fields),
                "value": fields.get("value"),
                "expect": fields.get("expect"),
            }
        )
    return tuple(steps)


def load(part: str) -> list[Case]:
    """Every English line of one part, with its source block and its `=` label."""
    path = CORPUS / f"{part}.txt"
    cases: list[Case] = []
    source: str | None = None
    label: str | None = None
    expected: tuple[Canon, ...] = ()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if line.startswith("# source: "):
            source, label = line.removeprefix("# source: ").strip(), None
            continue
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        if line.startswith("= "):
            if source is None:
                raise ValueError(f"{where}: a label before any '# source:' line")
            label = line[2:].strip()
            expected = expected_steps(label)
            continue
        if label is None:
            raise ValueError(f"{where}: an English line before any '=' label in its block")
        cases.append(Case(part, source, line, label, expected, where))
    return cases


def read(line: str) -> list[Canon] | None:
    """The rule planner's canonical steps for a line read as a requirement body would be.

    The line goes through split_sentences (list markers, several sentences) and each sentence
    through parse_line; None when any sentence raises a planning_error.
    """
    steps: list[Canon] = []
    for sentence in split_sentences(line):
        try:
            steps.extend(s.canonical() for s in parse_line(sentence))
        except PlanningError:
            return None
    return steps


def reads_right(case: Case, got: list[Canon] | None) -> bool:
    """Whether the planner's reading `got` (None: planning_error) is what the label expects."""
    if case.marker == "error":
        return got is None
    if case.marker == "skip":
        return got == []
    return got is not None and got == list(case.expected)


def category(case: Case) -> str:
    """The one class a line is reported under (precedence: markers, then the hardest feature)."""
    if case.marker == "skip":
        return "skip/context"
    if case.marker == "error":
        return "error (unplannable)"
    targets = [s["target"] or "" for s in case.expected]
    actions = [s["action"] for s in case.expected]
    if any("near=" in t or "in=listitem#" in t or t.startswith("focused|") for t in targets):
        return "references/near/focus"
    if any(t.startswith("page|") for t in targets):
        return "named pages"
    lists = any(t.startswith(("list|", "listitem|")) for t in targets)
    if lists or {"assert_count", "assert_items"} & set(actions):
        return "lists/counts"
    if len(actions) > 1:
        return "multi-step lines"
    return _family(actions[0])


def _family(action: str) -> str:
    if action in {"navigate", "go_back", "reload"}:
        return "navigation"
    if action in {"fill", "type", "clear", "press", "select", "upload"}:
        return "fill/keys/select"
    if action in {"check", "uncheck"}:
        return "check/choose"
    if action.startswith("assert_"):
        return "assertions"
    return "click/hover/dialogs"


def failure_class(case: Case, got: list[Canon] | None) -> str:
    """A short name for why a line was misread (only meaningful when reads_right is False)."""
    cat = category(case)
    if case.marker == "skip":
        outcome = "rejected (planning_error)" if got is None else "planned as steps"
        return f"context line {outcome}"
    if case.marker == "error":
        return "unplannable line given a guessed plan"
    if got is None:
        return f"rejected: {cat}"
    if len(got) != len(case.expected):
        return f"misread ({len(got)} steps for {len(case.expected)}): {cat}"
    for want, have in zip(case.expected, got, strict=True):
        if want["action"] != have["action"]:
            return f"misread (action {have['action']} for {want['action']}): {cat}"
        if want["target"] != have["target"]:
            return f"misread (target: {_target_diff(want['target'], have['target'])}): {cat}"
        for key in ("value", "expect"):
            if want[key] != have[key]:
                return f"misread ({key} differs): {cat}"
    return f"misread: {cat}"


def _target_diff(want: str | None, have: str | None) -> str:
    if want is None or have is None:
        return "missing" if have is None else "unexpected"
    w_kind, w_name, *w_rest = want.split("|")
    h_kind, h_name, *h_rest = have.split("|")
    if any(r.startswith("in=") for r in w_rest) and not any(r.startswith("in=") for r in h_rest):
        return "context not separated"
    if w_kind != h_kind and w_name == h_name:
        return f"kind {h_kind} for {w_kind}"
    if w_name != h_name:
        return "name differs"
    return "context/ordinal differs"


@dataclass
class Score:
    """Right/total counts of one part, by category, with the failures' classes."""

    total: int = 0
    right: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    right_by_category: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, Case, list[Canon] | None]] = field(default_factory=list)


def score(cases: list[Case]) -> Score:
    """Read every case with the rule planner and count what it gets right."""
    result = Score()
    for case in cases:
        got = read(case.line)
        cat = category(case)
        result.total += 1
        result.by_category[cat] += 1
        if reads_right(case, got):
            result.right += 1
            result.right_by_category[cat] += 1
        else:
            result.failures.append((failure_class(case, got), case, got))
    return result


def split_of(cases: list[Case]) -> set[str]:
    """The repositories the header's rule puts in the held-back part, recomputed from `cases`."""
    return _held_side(Counter(c.repo for c in cases), SPLIT_SEED, HELD_BACK_SHARE)


def split_of_files(
    cases: list[Case], seed: str = SPLIT_SEED_B, share: float = HELD_BACK_SHARE_B
) -> set[str]:
    """The source files a file-split collection's rule puts on its held-back side.

    `seed` picks the collection: SPLIT_SEED_B (heldback_b) or SPLIT_SEED_C (heldback_c) take
    files until 35% of the lines; SPLIT_SEED_D (heldback_d) until HELD_BACK_SHARE_D (40%), and
    SPLIT_SEED_E (heldback_e) until HELD_BACK_SHARE_E (40%).
    """
    return _held_side(Counter(c.source for c in cases), seed, share)


def _held_side(lines: Counter[str], seed: str, share: float) -> set[str]:
    """Units (repositories or files) in sha256(seed + unit) order until `share` of the lines."""
    total = sum(lines.values())
    order = sorted(lines, key=lambda unit: hashlib.sha256((seed + unit).encode()).hexdigest())
    held: set[str] = set()
    taken = 0
    for unit in order:
        if taken / total >= share:
            break
        held.add(unit)
        taken += lines[unit]
    return held
