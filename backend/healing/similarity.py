"""How alike a live element is to the one a cached selector was made for: one weighted score."""

from __future__ import annotations

from difflib import SequenceMatcher

from backend.models import Fingerprint, normalise_text

#: The weights of the heal score, in one place. Tag and role only make a candidate eligible to be
#: compared; the name and text carry the decision, so "the only button left" scores below 0.6.
WEIGHTS: dict[str, float] = {
    "tag": 1.0,
    "role": 1.0,
    "name": 4.0,
    "text": 2.0,
    "attributes": 1.0,
    "ancestors": 0.5,
    "labels": 1.0,
}


def text_score(a: str, b: str) -> float:
    """0..1: equal -> 1; one name inside the other as whole words -> 0.8; else edit ratio."""
    na, nb = normalise_text(a), normalise_text(b)
    if na == nb:
        return 1.0
    if not na or not nb:
        return 0.0
    short, long = sorted((na.split(), nb.split()), key=len)
    for i in range(len(long) - len(short) + 1):
        if long[i : i + len(short)] == short:
            return 0.8
    return SequenceMatcher(None, na, nb).ratio() * 0.6


def heal_score(old: Fingerprint, new: Fingerprint) -> float:
    """A weighted 0..1 similarity; a part both sides leave empty does not count."""
    score = total = 0.0

    def part(name: str, value: float, present: bool) -> None:
        nonlocal score, total
        if present:
            total += WEIGHTS[name]
            score += WEIGHTS[name] * value

    part("tag", float(old.tag == new.tag), bool(old.tag or new.tag))
    part("role", float(old.role == new.role), bool(old.role or new.role))
    old_name = old.name or old.text
    new_name = new.name or new.text
    part("name", text_score(old_name, new_name), bool(old_name or new_name))
    part("text", text_score(old.text[:80], new.text[:80]), bool(old.text or new.text))
    keys = set(old.attributes) | set(new.attributes)
    if keys:
        same = sum(old.attributes.get(k) == new.attributes.get(k) for k in keys)
        part("attributes", same / len(keys), True)
    part("ancestors", float(old.ancestors == new.ancestors), bool(old.ancestors or new.ancestors))
    part(
        "labels",
        text_score(" ".join(old.labels), " ".join(new.labels)),
        bool(old.labels or new.labels),
    )
    return round(score / total, 3) if total else 0.0
