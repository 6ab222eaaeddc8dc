"""A clause said with other words than the templates': one lexicon of the verbs a step starts
with, their inflections, and the rewordings tried when no template reads a clause as written.

Every round of corpus work taught the grammar a reading learned from one corpus line; fresh
text mostly broke on the same few things said differently (issue 12, docs/planner.md "What
fresh text breaks"): a verb the templates do not know for an action they do know ("proceed to
the checkout page", "populate the Name field with "Bob""), an inflection ("Navigates to ..."),
a state said with another copula ("should become enabled"), an arrival said another way ("the
user lands on the home page"), a purpose after the step ("... in order to continue"). These
are rewritten to the templates' words; the rewritten clause must then read by a template (never
by the lenient rule), so a clause nothing reads is still a planning_error.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.planning.grammar import Token

#: Every verb a step may start with, in its plain form (the templates' verbs and the verbs
#: reworded to them below). "clicks", "goes", "copies" are read as "click", "go", "copy".
STEP_VERBS: frozenset[str] = frozenset(
    {
        "click", "double-click", "right-click", "enter", "type", "fill", "input", "select",
        "choose", "pick", "open", "go", "navigate", "visit", "press", "hit", "tap", "check",
        "uncheck", "tick", "untick", "hover", "scroll", "search", "submit", "upload", "clear",
        "reload", "refresh", "switch", "close", "wait", "log", "sign", "follow", "add",
        "delete", "remove", "toggle", "mark", "edit", "change", "set", "view", "put", "write",
        "paste", "empty", "dismiss", "accept", "expand", "collapse", "browse", "return",
        "access", "proceed", "head", "populate", "deselect", "provide", "supply",
        "specify", "unmark", "place", "move", "key", "insert", "complete", "pause",
    }
)  # fmt: skip

#: Words after a verb-looking first word that make it a noun, the subject of a state ("Changes
#: are saved", "Logs should show ..."): no step verb.
_COPULAS = frozenset({"is", "are", "was", "were", "should", "will", "must", "can", "have", "has"})


def plain_verb(word: str) -> str | None:
    """`clicks` -> `click`, `goes` -> `go`, `copies` -> `copy`; None when it is no step verb."""
    if word in STEP_VERBS:
        return word
    if not word.endswith("s"):
        return None
    bases = [word[:-1]]
    if word.endswith("es"):
        bases.append(word[:-2])
    if word.endswith("ies"):
        bases.append(word[:-3] + "y")
    return next((b for b in bases if b in STEP_VERBS), None)


#: Verbs that also report what the application does ("Opens the login page", "Shows ..." in a
#: results section): said with no subject, they are no step of the tester's.
_REPORTS = frozenset(
    {"open", "go", "navigate", "load", "return", "proceed", "head", "launch", "view", "close",
     "expand", "collapse", "switch", "refresh", "reload", "wait", "log", "sign", "browse",
     "access", "visit", "complete", "move", "place"}
)  # fmt: skip


def third_person(tokens: list[Token]) -> list[Token]:
    """`Selects "Blue" from the Color list` -> `select ...` (the tester, unsaid, acts); `Changes
    are saved` stays (a noun before a copula is the subject of a state), and so does a verb that
    also reports what the application does (`Opens the login page`)."""
    if len(tokens) < 2 or tokens[0].quoted or not tokens[0].word.endswith("s"):
        return tokens
    if tokens[1].word in _COPULAS and not tokens[1].quoted:
        return tokens
    base = plain_verb(tokens[0].word)
    if base is None or base == tokens[0].word or base in _REPORTS:
        return tokens
    return [Token(base, trail=tokens[0].trail), *tokens[1:]]


#: A clause's first words said another way -> the words the templates read.
_LEADS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("proceed", "to"), ("go", "to")),
    (("head", "over", "to"), ("go", "to")),
    (("head", "to"), ("go", "to")),
    (("return", "to"), ("go", "to")),
    (("populate",), ("fill",)),
    (("provide",), ("enter",)),
    (("supply",), ("enter",)),
    (("specify",), ("enter",)),
    (("place", "the", "cursor", "in"), ("click", "in")),
    (("put", "the", "cursor", "in"), ("click", "in")),
    (("move", "the", "cursor", "to"), ("click", "in")),
    (("set", "focus", "on"), ("click",)),
    (("set", "the", "focus", "on"), ("click",)),
    (("put", "focus", "on"), ("click",)),
    (("move", "focus", "to"), ("click",)),
    (("move", "to", "element"), ("hover", "over", "element")),
    (("move", "the", "mouse", "over"), ("hover", "over")),
    (("move", "the", "mouse", "to"), ("hover", "over")),
    (("pause", "for"), ("wait", "for")),
    (("mouse", "hover", "on"), ("hover", "over")),
    (("mouse", "hover", "over"), ("hover", "over")),
)

#: Arriving somewhere, said another way: what follows is where the user should be.
_ARRIVALS: tuple[tuple[str, ...], ...] = (
    ("land", "on"),
    ("lands", "on"),
    ("arrive", "at"),
    ("arrives", "at"),
    ("arrive", "on"),
    ("arrives", "on"),
    ("end", "up", "on"),
    ("ends", "up", "on"),
    ("is", "taken", "to"),
    ("be", "taken", "to"),
    ("is", "brought", "to"),
    ("be", "brought", "to"),
    ("is", "sent", "to"),
    ("be", "sent", "to"),
    ("is", "directed", "to"),
    ("be", "directed", "to"),
    ("gets", "redirected", "to"),
    ("get", "redirected", "to"),
    ("is", "redirected", "back", "to"),
    ("be", "redirected", "back", "to"),
)
_SUBJECTS = frozenset({"user", "customer", "visitor", "tester", "admin", "administrator"})
_MODALS = frozenset({"should", "will", "must", "shall"})

#: Copulas of a change of state ("becomes enabled", "should get disabled") -> "is", "be".
_BECOMING = {"becomes": "is", "gets": "is", "turns": "is", "become": "be", "get": "be",
             "turn": "be"}  # fmt: skip
#: States a becoming copula may lead to (the states the grammar reads after "is").
STATES = frozenset(
    {"enabled", "disabled", "checked", "unchecked", "selected", "visible", "displayed", "shown",
     "hidden", "active", "inactive", "empty", "open", "opened", "closed", "expanded", "collapsed",
     "invisible", "available", "unavailable"}
)  # fmt: skip

#: Where a purpose or a consequence starts after the step: not part of the step.
_PURPOSES: tuple[tuple[str, ...], ...] = (
    ("in", "order", "to"),
    ("in", "order", "for"),
    ("so", "as", "to"),
    ("so", "that"),
)


def _words(tokens: Sequence[Token]) -> list[str]:
    return [t.word if not t.quoted else "\0" for t in tokens]


#: Verbs that tick a box only when the box is named ("Mark the Terms checkbox"; "mark "x" as
#: complete" is a to-do list's own frame).
_TICKS = {"mark": "tick", "unmark": "untick", "select": "tick", "deselect": "untick"}
_BOXES = frozenset({"checkbox", "box", "tickbox", "check-box"})
_INTO = frozenset({"to", "into", "in"})


def _lead(tokens: list[Token]) -> list[Token] | None:
    words = _words(tokens)
    if words[0] in _TICKS and words[-1].rstrip(".") in _BOXES and len(tokens) > 2:
        return [Token(_TICKS[words[0]]), *tokens[1:]]
    if words[0] == "set" and len(tokens) > 3 and tokens[1].quoted and words[2] in _INTO:
        return [Token("enter"), tokens[1], Token("into"), *tokens[3:]]  # set "x" to the field
    for said, meant in _LEADS:
        if tuple(words[: len(said)]) == said and len(tokens) > len(said):
            trail = tokens[len(said) - 1].trail
            new = [Token(w) for w in meant[:-1]] + [Token(meant[-1], trail=trail)]
            return [*new, *tokens[len(said) :]]
    return None


def _arrival(tokens: list[Token]) -> list[Token] | None:
    """`the user lands on the home page`, `should be directed to "/x"` -> `should be on ...`."""
    words = _words(tokens)
    start = 1 if words[:1] == ["the"] else 0
    if words[start : start + 1] and words[start] in _SUBJECTS:
        start += 1
    if words[start : start + 1] and words[start] in _MODALS:
        start += 1
    for said in _ARRIVALS:
        end = start + len(said)
        if tuple(words[start:end]) == said and len(tokens) > end:
            return [Token("should"), Token("be"), Token("on"), *tokens[end:]]
    return None


def _becoming(tokens: list[Token]) -> list[Token] | None:
    """`the Save button should become enabled` -> `the Save button should be enabled`."""
    for i, token in enumerate(tokens[1:-1], 1):
        plain = _BECOMING.get(token.word)
        if plain and not token.quoted and tokens[i + 1].word.rstrip(".") in STATES:
            return [*tokens[:i], Token(plain, trail=token.trail), *tokens[i + 1 :]]
    return None


#: A modal said at length, and a copula said as equality -> the templates' words.
_PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("should", "be", "able", "to"), ("should",)),
    (("will", "be", "able", "to"), ("should",)),
    (("am", "able", "to"), ("can",)),
    (("is", "able", "to"), ("can",)),
    (("are", "able", "to"), ("can",)),
    (("should", "be", "equal", "to"), ("should", "be")),
    (("is", "equal", "to"), ("is",)),
    (("should", "equal"), ("should", "be")),
    (("loads",), ("opens",)),
    (("should", "load"), ("should", "open")),
    (("has", "loaded"), ("is", "displayed")),
    (("is", "loaded"), ("is", "displayed")),
    (("should", "be", "loaded"), ("should", "be", "displayed")),
)
#: How a step or a state came about ("logs in successfully", "loads correctly"): no part of it.
_MANNERS = frozenset({"successfully", "correctly", "properly", "automatically", "immediately"})


def _manner(tokens: list[Token]) -> list[Token] | None:
    kept = [t for t in tokens if t.quoted or t.word.rstrip(".") not in _MANNERS]
    return kept if 1 < len(kept) < len(tokens) else None


def _phrase(tokens: list[Token]) -> list[Token] | None:
    """`I should be able to see "X"` -> `I should see "X"`; `the total should equal "$3"` ->
    `the total should be "$3"` (the first such phrase only)."""
    words = _words(tokens)
    for i in range(len(words)):
        for said, meant in _PHRASES:
            if tuple(words[i : i + len(said)]) == said and len(tokens) > len(said):
                if sum(t.quoted for t in tokens[:i]) > 1:
                    return None  # `"A" css "b" equals to "c"`: no one thing said to be equal
                return [*tokens[:i], *(Token(w) for w in meant), *tokens[i + len(said) :]]
    return None


#: Nouns glued to a kind word ("the alertbox", "the confirmbox", "the textfield").
_GLUED = ("box", "field", "button")
_SCENES = frozenset({"page", "screen", "site", "website", "webpage"})


def _glued(tokens: list[Token]) -> list[Token] | None:
    """`accept the confirmbox` -> `accept the confirm box` (the first glued word only)."""
    for i, token in enumerate(tokens):
        word = token.word
        kind = next((k for k in _GLUED if word.endswith(k) and len(word) > len(k) + 3), None)
        if kind and word[: -len(kind)].isalpha() and word not in _KNOWN_GLUED:
            head = Token(word[: -len(kind)])
            return [*tokens[:i], head, Token(kind, trail=token.trail), *tokens[i + 1 :]]
    return None


#: Glued words that are words of their own (kind words the lexicon knows as they are).
_KNOWN_GLUED = frozenset({"checkbox", "textbox", "searchbox", "tickbox", "inputfield", "combobox"})


def _purpose(tokens: list[Token]) -> list[Token] | None:
    """`Click the Save button in order to continue` -> `Click the Save button`; `... is shown
    on the page` -> `... is shown` (the page is where everything is)."""
    words = _words(tokens)
    tail = [w.rstrip(".") for w in words[-3:]]
    if len(words) > 4 and tail[-1] in _SCENES and tail[0] in ("on", "in") and tail[1] == "the":
        return tokens[:-3]
    for i in range(2, len(words)):
        if any(tuple(words[i : i + len(p)]) == p for p in _PURPOSES):
            return tokens[:i]
    return None


def rewordings(tokens: list[Token]) -> list[list[Token]]:
    """The clause said with the templates' words, one rewording after another (each applied to
    the clause the previous ones made); [] when no rewording applies."""
    out: list[list[Token]] = []
    current = tokens
    for reword in (_purpose, _manner, _glued, _phrase, _becoming, _arrival, _lead):
        changed = reword(current)
        if changed is not None:
            current = changed
            out.append(current)
    return out
