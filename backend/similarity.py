"""How alike two element fingerprints are: the one score the cache check and the healer use.

`similarity(old, new)` is a weighted mean, 0..1, of parts that each compare one thing the old
fingerprint knows: what the element is (tag, role, accessible name, text, stable attributes,
class names, labels) and where it sits (the texts nearest it, its id-anchored path, the
landmarks on that path, its box). Identical fingerprints score 1.0.

Which parts count:
- what the element is counts when either side has it (a name that vanished is a difference),
  except class names, counted only when the old element had some;
- where it sits counts only when both sides know it, so a record stored before these fields
  existed (issue 18) compares on the rest as it did.

The weights were chosen on the 20 main sites of the Similo relocation data
(`benchmarks/bench_relocation.py`, 289 targets; the 8 held-back sites were never used) and on
the drift fixture site. The name and text carry 5 of 16.5: a person names the element, and
"the only button left" must not pass for the one that was removed. The texts around an element
carry 2 and its path, landmarks, box and size 3 more: on real sites elements are renamed in
place far more often than they are moved, and the data ranks the right element first 266 times
of 289 with them against 259 without them.

THRESHOLD = 0.5, for both the cache check (a cached element below it is drift) and the healer
(no candidate below it is used). On the main Similo sites, with the right element present, it is
ranked first and scores at least 0.5 for 84% of targets; with the right element removed, the
best other element, named differently, reaches 0.5 for 5% of targets (2% at 0.55 but 81%
healed; 14% at 0.45). On the drift site the renamed and moved "Search articles" scores 0.53,
the renamed "Subscribe now" 0.62 and the "Query" field with new id, class and place 0.61, while
the "Reset" button standing where the removed "Search" button was scores 0.40.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from backend.models import Fingerprint, normalise_text

#: Score at or above which two fingerprints are taken for the same element (reasoning above).
THRESHOLD = 0.5

#: The weight of each part, in one place.
WEIGHTS: dict[str, float] = {
    "tag": 1.0,
    "role": 1.0,
    "name": 3.0,
    "text": 2.0,
    "attributes": 1.0,
    "classes": 1.0,
    "ancestors": 0.5,
    "labels": 1.0,
    "neighbours": 2.0,
    "path": 1.0,
    "landmarks": 0.5,
    "position": 1.0,
    "size": 0.5,
}
#: Pixels at which two boxes' corners are far enough apart to score no position at all.
FAR_PX = 200.0
#: Tags on a path that name a region of the page.
LANDMARK_TAGS = frozenset(
    ("header", "footer", "nav", "main", "aside", "form", "section", "article", "dialog", "table")
)


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return normalise_text(text)


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return frozenset(_norm(text).replace("'", " ").split())


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    s = _norm(text).replace(" ", "")
    return frozenset(s[i : i + 2] for i in range(len(s) - 1)) or frozenset((s,))


@lru_cache(maxsize=65536)
def _path_steps(path: str) -> frozenset[str]:
    """Each step with its depth, and each parent>child pair: two paths share what they share."""
    steps = path.split("/")
    return frozenset(f"{i}:{t}" for i, t in enumerate(steps)) | frozenset(
        f"{a}>{b}" for a, b in pairwise(steps)
    )


@lru_cache(maxsize=65536)
def _landmarks(path: str) -> frozenset[str]:
    return frozenset(step.split("[")[0] for step in path.split("/")[:-1]) & LANDMARK_TAGS


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def text_score(a: str, b: str) -> float:
    """0..1: equal -> 1; one inside the other as whole words -> 0.6 to 1 by how much of it; else
    a spelling likeness (shared letter pairs) of at most 0.6."""
    na, nb = _norm(a), _norm(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    short, long = (na, nb) if len(na) <= len(nb) else (nb, na)
    if f" {short} " in f" {long} ":
        return 0.6 + 0.4 * len(short) / len(long)
    return _dice(_bigrams(a), _bigrams(b)) * 0.6


def neighbour_score(old: list[str], new: list[str]) -> float:
    """0..1: the mean of the share of texts found again whole and the share of words in common."""
    a = frozenset(_norm(t) for t in old)
    b = frozenset(_norm(t) for t in new)
    whole = len(a & b) / max(len(a), len(b))
    return (whole + _dice(_words(" ".join(old)), _words(" ".join(new)))) / 2


def path_score(old: str, new: str) -> float:
    """1 for the same path, else up to 0.5 for the steps and parent>child pairs they share."""
    return 1.0 if old == new else _dice(_path_steps(old), _path_steps(new)) * 0.5


def box_scores(old: list[int], new: list[int]) -> tuple[float, float]:
    """(position, size), each 0..1: how near the boxes are, and how alike their areas."""
    ox, oy, ow, oh = old
    nx, ny, nw, nh = new
    distance = ((ox - nx) ** 2 + (oy - ny) ** 2) ** 0.5
    old_area, new_area = ow * oh, nw * nh
    size = min(old_area, new_area) / max(old_area, new_area) if max(old_area, new_area) else 1.0
    return max(0.0, 1.0 - distance / FAR_PX), size


def similarity(old: Fingerprint, new: Fingerprint) -> float:
    """How alike `new` is to `old`, 0..1 (identical: 1.0); the parts are in the module docstring."""
    w = WEIGHTS
    score = total = 0.0
    if old.tag or new.tag:
        total += w["tag"]
        score += w["tag"] * (old.tag == new.tag)
    if old.role or new.role:
        total += w["role"]
        score += w["role"] * (old.role == new.role)
    old_name, new_name = old.name or old.text, new.name or new.text
    if old_name or new_name:
        total += w["name"]
        score += w["name"] * text_score(old_name, new_name)
    if old.text or new.text:
        total += w["text"]
        score += w["text"] * text_score(old.text[:80], new.text[:80])
    keys = old.attributes.keys() | new.attributes.keys()
    if keys:
        same = sum(old.attributes.get(k) == new.attributes.get(k) for k in keys)
        total += w["attributes"]
        score += w["attributes"] * same / len(keys)
    if old.classes:
        total += w["classes"]
        score += w["classes"] * _dice(frozenset(old.classes), frozenset(new.classes))
    if old.ancestors or new.ancestors:
        total += w["ancestors"]
        score += w["ancestors"] * (old.ancestors == new.ancestors)
    if old.labels or new.labels:
        total += w["labels"]
        score += w["labels"] * text_score(" ".join(old.labels), " ".join(new.labels))
    if old.neighbours and new.neighbours:
        total += w["neighbours"]
        score += w["neighbours"] * neighbour_score(old.neighbours, new.neighbours)
    if old.path and new.path:
        total += w["path"]
        score += w["path"] * path_score(old.path, new.path)
        if _landmarks(old.path):
            total += w["landmarks"]
            score += w["landmarks"] * _dice(_landmarks(old.path), _landmarks(new.path))
    if len(old.box) == 4 and len(new.box) == 4:
        position, size = box_scores(old.box, new.box)
        total += w["position"] + w["size"]
        score += w["position"] * position + w["size"] * size
    return round(score / total, 3) if total else 0.0
