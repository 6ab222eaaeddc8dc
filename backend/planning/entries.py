"""Words around a target that `targets.read_target` reads apart (issue 12): one list entry
spoken of or none (`the todo`, `a contact`, `all checkboxes`), the wrapping of a name (`with
placeholder "X"`, a bracketed aside), the field being edited, things no page shows."""

from __future__ import annotations

from collections.abc import Sequence

from backend.planning.grammar import Token, raw_text
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
#: Not "text": "a dialog with the text "Version"" is a dialog showing it, not its name.
_LABEL_WORDS = frozenset({"placeholder", "label", "caption", "hint", "title", "tooltip", "name"})


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
        words = [t.word for t in rest]
        if (len(words) == 1 and words[0] in _LABEL_WORDS) or words in (["alt"], ["alt", "text"]):
            return [out[-1], *out[:i]]
    return out


#: Things a test names that no page shows: a check on them is no browser step.
OFF_PAGE = frozenset(
    {"database", "db", "log", "logs", "server log", "console", "browser console", "api",
     "response", "server", "status code", "http status", "request"}
)  # fmt: skip


def off_page(tokens: Sequence[Token]) -> bool:
    """`the database should contain "bob"`, `the API should return "200"`: the clause speaks
    of something no page shows (its subject, after an article, is one of OFF_PAGE)."""
    toks = list(tokens[:3])
    toks = toks[1:] if toks and toks[0].word in ("the", "a", "an") else toks
    words = []
    for token in toks:  # the subject's own words: "the "hotel" database" is a page's text
        if token.quoted:
            break
        words.append(token.word)
    return any(" ".join(words[:n]) in OFF_PAGE for n in (1, 2))


#: "the input that appears", "the box that is shown": a field just shown (it has the focus).
_APPEARING = frozenset({"appears", "appeared", "opens", "opened", "shows", "pops up"})
_SHOWN = frozenset({"shown", "displayed", "opened", "visible"})


def appearing(toks: Sequence[Token]) -> bool:
    """The words after "that": `appears`, `opens`, `is shown`, `is now displayed`."""
    words = [t.word for t in toks]
    if len(words) == 1:
        return words[0] in _APPEARING or words[0] == "is"
    if words[:1] in (["is"], ["gets"]) and words[-1] in _SHOWN:
        return len(words) <= 3
    return " ".join(words) in _APPEARING


#: What an entry being edited holds: "its text", "the existing text", "the current value".
#: Not "value": "Enter "x" as the value" names a field called Value.
_HELD_WORDS = frozenset({"text", "contents", "content"})
_HOLDERS = frozenset({"its", "the", "existing", "current", "old", "whole", "all"})


def held_text(toks: Sequence[Token]) -> bool:
    """`its text`, `the existing text`: the text of the field being edited (it has focus)."""
    words = [t.word for t in toks if not t.quoted]
    if len(words) != len(toks) or not 1 <= len(words) <= 3 or words[-1] not in _HELD_WORDS:
        return False
    return all(w in _HOLDERS for w in words[:-1])


#: Words that open an aside without naming a place: "(for example on Portal.settings)".
ASIDE_LEADS = (("for", "example"), ("e.g.",), ("eg",), ("i.e.",), ("ie",), ("say",))


def aside_of(toks: list[Token]) -> tuple[list[Token], str | None]:
    """A trailing bracketed aside after a name: the tokens before it and the place it names."""
    if len(toks) < 2 or not (toks[-1].trail.startswith(")") or toks[-1].text.endswith(")")):
        return toks, None
    start = next((i for i in range(len(toks) - 1, 0, -1) if toks[i].text.startswith("(")), None)
    if start is None:
        return toks, None
    inner = [*toks[start:-1], Token(toks[-1].text.removesuffix(")"), toks[-1].quoted)]
    inner[0] = Token(inner[0].text.removeprefix("("), inner[0].quoted, inner[0].trail)
    inner = [t for t in inner if t.text]
    for lead in ASIDE_LEADS:
        if [t.word.rstrip(",") for t in inner[: len(lead)]] == list(lead):
            inner = inner[len(lead) :]
            break
    while inner and inner[0].word in ("on", "in", "for", "of", "at", "the", "row"):
        inner = inner[1:]
    where = raw_text(inner).strip(" ,")
    named = all(t.quoted or t.text[:1].isupper() or t.text[:1].isdigit() for t in inner)
    return (toks[:start], where) if where and named else (toks, None)
