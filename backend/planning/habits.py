"""Habits of steps written outside this project (issue 12): an unquoted message that runs to
the line's end, `try X`, `view X`, `click submit login`, `the main wiki URL`, a "create a page
titled X with content Y" macro and a Cucumber "I change the title to X" that saves; JDI's
`"Red Button" text equals to "X"` (an element's whole text) and SpecFlow's `I should see the
title "X"` (the page title).

Tried by planning/rules.py: `message_step` before a line is read, `HABIT_RULES` after the
ticket tables (planning/tickets.py), `HABIT_GHERKIN` on a Gherkin "When I ..." line only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from backend.models import Step, Target
from backend.planning.builders import Rule, one, rule
from backend.planning.grammar import (
    Bindings,
    Token,
    mask_quotes,
    raw_text,
    tokenize,
    unquoted_message,
)
from backend.planning.lexicon import ARTICLES, INPUT_KINDS
from backend.planning.macros import form_fields
from backend.planning.rewording import plain_verb
from backend.planning.targets import read_target, read_url, read_value
from backend.planning.tickets import strip_keyword


def message_step(line: str) -> list[Step] | None:
    """`And feedback should be Password entered was blank. Please try again.`: the page shows
    the message, as written up to the line's end (its sentences and final period kept)."""
    _, text = strip_keyword(line.strip())
    start = unquoted_message(text)
    if start is None:
        return None
    return one("assert_text", value=text[start:].strip(), expect="contains")


#: Words after "try" that are no control's name ("try to save", "try again", "try logging in").
_NOT_TRIED = frozenset({"to", "and", "again", "it", "this", "that", "them", "out", "harder"})


def _try(b: Bindings) -> list[Step] | None:
    """`try google` on a page of sign-in choices: click the control named "google"."""
    toks = b["NAME"]
    if len(toks) != 1:
        return None
    word = toks[0]
    if not word.quoted and (word.word in _NOT_TRIED or word.word.endswith("ing")):
        return None
    if not word.quoted and not word.text.isalnum():
        return None
    return one("click", Target(name=word.text))


#: Possessives before a thing of one's own: "view my cart" is the link to the user's cart.
_MINE = frozenset({"my", "your", "our"})
#: Words that make "view X" a description, not a name ("view that product", "view details of").
_NOT_VIEWED = frozenset({"that", "this", "those", "these", "it", "them", "of", "for", "any", "all"})


def _view(b: Bindings) -> list[Step] | None:
    """`View the Orders tab` clicks it; `view my cart` clicks the link to one's own cart;
    `View the shopping cart` opens the page named in words."""
    toks = list(b["TARGET"])
    if read_url(toks) or any(t.word in _NOT_VIEWED for t in toks):
        return None
    if toks[0].word in _MINE:
        target = read_target(toks[1:])
        return one("click", target) if target is not None else None
    target = read_target(toks)
    if target is None or target.kind is not None or target.context or target.nth:
        return one("click", target) if target is not None else None
    words = [t for t in toks if t.word not in ARTICLES]
    if not 1 <= len(words) <= 3 or any(t.quoted for t in words):
        return one("click", target)
    return one("navigate", Target(kind="page", name=raw_text(words)))


def _submit_button(b: Bindings) -> list[Step] | None:
    """`click on submit login`: a name that starts with "submit" is a button's."""
    toks = b["NAME"]
    if len(toks) > 2 or any(t.quoted for t in toks):
        return None
    target = read_target(toks)
    if target is None or target.kind is not None or target.context:
        return None
    return one("click", Target(kind="button", name=f"submit {raw_text(toks)}"))


#: Words that name the site, not a page of it: "the main wiki URL" is the main page.
_SITE_WORDS = frozenset({"wiki", "site", "website", "web", "app", "application", "portal"})


def _page_url(b: Bindings) -> list[Step] | None:
    """`I open the main wiki URL`: the page named in words, without the site's own noun."""
    toks = [t for t in b["NAME"] if t.word not in ARTICLES]
    if not toks or any(t.quoted for t in toks) or read_url(toks) or len(toks) > 3:
        return None
    words = [t for t in toks if t.word not in _SITE_WORDS]
    if not words or any(not t.text.isalpha() for t in words):
        return None
    return one("navigate", Target(kind="page", name=raw_text(words)))


#: "a page entitled "X"": the field that takes the name the new thing is given.
_NAMED_BY = {"entitled": "Title", "titled": "Title", "named": "Name", "called": "Name"}


def _create_titled(b: Bindings) -> list[Step] | None:
    """`I create a page entitled "Test" with content "Test me"`: fill Title and each field
    named after "with", then click Create."""
    thing, title = b["THING"], b["TITLE"]
    if len(thing) > 2 or any(t.quoted for t in thing) or len(title) != 1 or not title[0].quoted:
        return None
    field = _NAMED_BY[b["HOW"][0].word]
    fields = form_fields(b["FIELDS"]) if "FIELDS" in b else []
    if fields is None:
        return None
    return [
        *one("fill", Target(name=field), title[0].text),
        *fields,
        *one("click", Target(kind="button", name="Create")),
    ]


def _create(b: Bindings) -> list[Step] | None:
    how = [t for t in b["REST"] if t.word in _NAMED_BY]
    if len(how) != 1:
        return None
    k = b["REST"].index(how[0])
    parts: Bindings = {"THING": b["REST"][:k], "HOW": [how[0]]}
    rest = b["REST"][k + 1 :]
    parts["TITLE"] = rest[:1]
    if len(rest) > 1:
        if rest[1].word != "with":
            return None
        parts["FIELDS"] = rest[2:]
    return _create_titled(parts)


def _change_and_save(b: Bindings) -> list[Step] | None:
    """Cucumber's `When I change the title to "X"`: the user edits the field and saves."""
    toks = _plain_field(b["FIELD"])
    value = b["VALUE"]
    if toks is None or len(value) != 1 or not value[0].quoted:
        return None
    target = read_target(toks)
    if target is None or target.kind is not None or target.context:
        return None
    return [
        *one("fill", target, read_value(value)),
        *one("click", Target(kind="button", name="Save")),
    ]


def _plain_field(tokens: Sequence[Token]) -> list[Token] | None:
    toks = [t for t in tokens if t.word not in ARTICLES]
    if not toks or len(toks) > 2 or any(t.quoted or t.word in _MINE for t in toks):
        return None
    return toks


#: "Verify that if X is left blank and Login is hit, the system displays "...": the conditions
#: are steps before the check.
_CONDITIONAL = re.compile(
    r"^(?:(?:verify|check|ensure|confirm|make sure)\s+(?:that\s+)?(?:if|when|once|after)|if)\s+"
    r"(?P<cond>[^,]+?),\s*(?:then\s+)?(?P<result>\S.*)$",
    re.I,
)
_LEFT_BLANK = re.compile(r"\s(?:is|are)\s+(?:left\s+)?(?:blank|empty|unfilled)$", re.I)


def conditional(text: str) -> tuple[list[str], str] | None:
    """A check under a condition: (the condition's pieces, split at "and"; the result)."""
    masked = mask_quotes(text)
    m = _CONDITIONAL.match(masked)
    if m is None:
        return None
    pieces, start = [], m.start("cond")
    for sep in re.finditer(r"\s+and\s+", masked[: m.end("cond")]):
        if sep.start() > start:
            pieces.append(text[start : sep.start()])
            start = sep.end()
    pieces.append(text[start : m.end("cond")])
    return pieces, text[m.start("result") :]


def condition_steps(piece: str) -> list[Step] | None:
    """One condition: `the fields are left blank` sets the scene (no step); `Login button is
    hit` is a click; None for any other condition (read as a step, if it reads)."""
    if _LEFT_BLANK.search(mask_quotes(piece.strip())):
        return []
    m = re.match(
        r"^(?P<what>.+?)\s+(?:is|gets|was)\s+(?:hit|clicked|pressed|tapped)$", piece.strip(), re.I
    )
    if m is None:
        return None
    target = read_target(tokenize(m.group("what")))
    return one("click", target) if target is not None else None


#: Who a manual test case says acts ("The user clicks Save", "User enters "bob" in ...").
_SUBJECTS = frozenset({"user", "customer", "visitor", "tester", "admin", "he", "she"})


def imperative(tokens: list[Token]) -> list[Token]:
    """`The user clicks on the Login button` -> `click on the Login button`: a manual test
    case's third person is the step's imperative (only for the verbs a step starts with)."""
    toks = tokens[1:] if tokens[:1] and tokens[0].word == "the" else tokens
    if len(toks) < 2 or toks[0].word not in _SUBJECTS or toks[1].quoted:
        return tokens
    base = plain_verb(toks[1].word) if toks[1].word.endswith("s") else None
    if base is None:
        return tokens
    return [Token(base, trail=toks[1].trail), *toks[2:]]


def _element_text_is(b: Bindings) -> list[Step] | None:
    """`"Red Button" text equals to "Big Red Button"`: the element's whole text (a field's
    value); only a quoted text, so `the text is shown` stays a state."""
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    target = read_target(b["TARGET"])
    if target is None or target.kind in ("page", "text"):
        return None
    action = "assert_value" if target.kind in INPUT_KINDS else "assert_text"
    return one(action, target, value[0].text, "equals")


def _page_title(b: Bindings) -> list[Step] | None:
    """`I should see the title "X"`: the page title, as `the title is "X"` reads it."""
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    return one("assert_title", value=value[0].text, expect="equals")


HABIT_RULES: tuple[Rule, ...] = (
    rule(
        ["TARGET text {equals to|equals|is equal to|should equal|should be|is} VALUE"],
        _element_text_is,
        '"Red Button" text equals to "Big Red Button"',
    ),
    rule(
        [
            "@SEE the [page|window|browser] title VALUE",
            "the {page|window|browser|tab} {should have|has|must have} {the|a} title VALUE",
            "the {page|window|browser|tab} {should be|is} titled VALUE",
        ],
        _page_title,
        'I should see the title "Dashboard"',
    ),
    rule(["try NAME"], _try, "Try google"),
    rule(["view TARGET"], _view, "View the shopping cart"),
    rule(["{click|click on|press|hit} [the] submit NAME"], _submit_button, "Click submit login"),
    rule(
        ["{open|visit|load|go to|navigate to|browse to} [the] NAME {url|address}"],
        _page_url,
        "Open the main wiki URL",
    ),
    rule(["{create|add} {a|an|the} [new] REST"], _create, 'Create a page titled "Test"'),
)

HABIT_GHERKIN: tuple[Rule, ...] = (rule(["change FIELD to VALUE"], _change_and_save),)
