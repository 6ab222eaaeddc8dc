"""Fields and controls named the way manual test cases name them: `Enter username: admin` (a
label, a colon, the value), `Select country "Norway"` (the dropdown's label, then the option),
`Go to Settings > Users` (a menu path: a click per step)."""

from __future__ import annotations

from backend.models import Step, Target
from backend.planning.builders import VAGUE_WORDS, Rule, one, rule
from backend.planning.grammar import Bindings, Token, raw_text
from backend.planning.lexicon import ARTICLES, KINDS
from backend.planning.targets import read_target


def _colon_value(b: Bindings) -> list[Step] | None:
    """`Enter username: admin`: one value after the field's label and a colon. A list after the
    colon (`Fill details: Title, Name, Email`) names fields, not a value."""
    name, value = b["NAME"], b["VALUE"]
    if not name or ":" not in name[-1].trail or any(t.quoted for t in name) or len(value) != 1:
        return None
    words = [t for t in name if t.word not in ARTICLES]
    if not words or len(words) > 3 or words[0].word in VAGUE_WORDS:
        return None
    if words[-1].word in ("details", "detail", "data", "information", "info", "fields"):
        return None
    if value[0].word in VAGUE_WORDS or "," in value[0].trail:
        return None
    return one("fill", Target(name=raw_text(words).rstrip(":")), value[0].text)


_LINKS = frozenset({"for", "in", "on", "of", "from", "as", "to", "with", "by", "all"})


def _select_named(b: Bindings) -> list[Step] | None:
    """`Select country "Norway"`: a dropdown named by an unquoted label, then the option."""
    name, value = [t for t in b["NAME"] if t.word not in ARTICLES], b["VALUE"]
    if not name or len(name) > 2 or any(t.quoted for t in name) or len(value) != 1:
        return None
    if not value[0].quoted or any(t.word in KINDS or t.word in _LINKS for t in name):
        return None  # "Select option "Blue"", "the checkbox for "X"": not a dropdown's label
    return one("select", Target(kind="combobox", name=raw_text(name)), value[0].text)


_PATH_MARKS = frozenset({">", "->", "\u2192", "\u00bb"})


def _menu_path(b: Bindings) -> list[Step] | None:
    """`Go to Settings > Users`, `Click "File" -> "Save as"`: a click on each name in turn."""
    parts: list[list[Token]] = [[]]
    for token in b["PATH"]:
        if not token.quoted and token.text in _PATH_MARKS:
            parts.append([])
        else:
            parts[-1].append(token)
    if len(parts) < 2 or any(not p or len(p) > 4 for p in parts):
        return None
    targets = [read_target(p) for p in parts]
    if any(t is None or t.context or t.near for t in targets):
        return None
    return [step for t in targets for step in one("click", t)]


FIELD_RULES: tuple[Rule, ...] = (
    rule(["{@CLICK|go to|navigate to|open} [on] PATH"], _menu_path, "Go to Settings > Users"),
    rule(["@TYPE NAME VALUE"], _colon_value, "Enter username: admin"),
    rule(["@SELECT NAME VALUE"], _select_named, 'Select country "Norway"'),
)
