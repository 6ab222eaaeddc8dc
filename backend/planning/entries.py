"""One list entry spoken of, or none: the readings of `the todo`, `a contact`, `all checkboxes`
that `targets.read_target` uses (issue 12)."""

from __future__ import annotations

from collections.abc import Sequence

from backend.planning.grammar import Token
from backend.planning.lexicon import LIST_ENTRY_NOUNS

#: "check all checkboxes": a quantifier names many elements, and a step acts on one.
QUANTIFIERS = frozenset({"all", "every", "each", "both"})


def just_any(toks: Sequence[Token]) -> bool:
    """`a contact`, `some product`: an indefinite article and lowercase words only."""
    if len(toks) < 2 or toks[0].text not in ("a", "an", "any", "some"):
        return False
    return all(not t.quoted and t.text.islower() for t in toks[1:])


#: What shows an entry's own text: "the todo label", "the item text" are the entry itself.
ENTRY_TEXT_WORDS = frozenset({"label", "text", "title", "name"})


def the_entry(toks: Sequence[Token]) -> bool:
    """`the todo`, `the item text`: one list entry spoken of with no ordinal and no name; the
    one entry the ticket is about, the first on the page."""
    if not toks or any(t.quoted for t in toks) or toks[0].word not in LIST_ENTRY_NOUNS:
        return False
    return len(toks) == 1 or (len(toks) == 2 and toks[1].word in ENTRY_TEXT_WORDS)


#: `the field with placeholder "X"`, `the input with the label "X"`: the field named X.
_LABEL_WORDS = frozenset({"placeholder", "label", "labels", "caption", "hint"})


def unwrapped(toks: Sequence[Token]) -> list[Token]:
    """The words that name an element without the wrapping people put around a name: a
    leading `my` / `your` (`my email`), `with [the] placeholder/label "X"` after a kind word."""
    out = list(toks)
    if len(out) > 1 and out[0].text in ("my", "your") and not out[1].quoted:
        out = out[1:]
    for i in range(1, len(out) - 1):
        if out[i].word != "with" or not out[-1].quoted:
            continue
        rest = [t for t in out[i + 1 : -1] if t.word not in ("the", "a")]
        if len(rest) == 1 and rest[0].word in _LABEL_WORDS:
            return [out[-1], *out[:i]]
    return out
