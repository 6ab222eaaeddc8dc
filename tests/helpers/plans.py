"""A plan's steps as short comparable strings, for the planner's unit tests."""

from __future__ import annotations

from backend.planning.grammar import split_sentences
from backend.planning.rules import parse_line


def canon(line: str, *, lenient: bool = False) -> list[str]:
    """`action [target] 'value' expect` per step of a line (plus ` (lenient)` when asked and
    the step was read leniently), the way the corpus labels compare them."""
    out = []
    for sentence in split_sentences(line):
        for s in parse_line(sentence):
            c = s.canonical()
            text = f"{c['action']} [{c['target']}]" if c["target"] else c["action"]
            if c["value"] is not None:
                text += f" {c['value']!r}"
            if c["expect"]:
                text += f" {c['expect']}"
            if lenient and s.read_as:
                text += f" ({s.read_as})"
            out.append(text)
    return out
