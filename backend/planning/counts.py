"""Counts, short lists and list entries as people write them: `the list shows 3 entries`,
`there should be 2 todos in the list`, `the number of items should be 3`, `only one entry
remains, "ink"`, `add todos "a" and "b"`, `"milk" should be completed`, `item 2 reads "b"`.

A count names plural things (`3 entries`, `2 rows`) and, maybe, where they are (`in my cart`);
a generic list or table is the page's list (no context), another place scopes the count.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.models import Action, Step, Target
from backend.planning.builders import Build, Rule, one, rule
from backend.planning.grammar import Bindings, Token, raw_text
from backend.planning.keys import read_key
from backend.planning.lexicon import ARTICLES, ENTRY_NOUNS
from backend.planning.targets import read_count_target, read_number, read_target

#: Places that are "the list" itself: the count needs no context there.
_GENERIC = frozenset({"list", "table", "grid", "page", "screen", "results", "result list"})
#: Nouns for the entries of a list: "the todo list" is the list, not a region named "todo".
_ENTRY_NOUNS = ENTRY_NOUNS | {"search"}
#: Places a count may be in without its things being a kind word ("3 products in the cart").
_PLACES = frozenset(
    {*_GENERIC, "cart", "basket", "inbox", "folder", "section", "panel", "stream", "feed",
     "timeline", "sidebar", "menu", "container", "area", "view", "tab", "dialog", "modal",
     "drawer", "wishlist", "queue", "gallery", "column", "board"}
)  # fmt: skip
_NUMBERS = {"no": 0, "none": 0}
#: Words that make the "place" a clause: a verb that acts, a relative pronoun.
_NOT_A_PLACE = frozenset(
    {"that", "which", "who", "click", "open", "go", "press", "select", "tap", "choose", "check"}
)


def _where(tokens: Sequence[Token]) -> tuple[str | None, bool]:
    """(context, is a known place) of `the cart`, `my todo list`, `the Fruits list`."""
    words = [t for t in tokens if t.word not in ARTICLES and t.word not in ("my", "your")]
    if not words or any(t.quoted for t in words) or len(words) > 3:
        return None, False
    if any(t.word in _NOT_A_PLACE for t in words):
        return None, False  # "Click the button that shows 3 items": an action, not a count
    last = words[-1].word
    rest = [t for t in words[:-1] if t.word.removesuffix("s") not in _ENTRY_NOUNS]
    if last in _GENERIC:
        return (raw_text(rest) if rest else None), True
    return raw_text(words), last in _PLACES


def _counted(things: Sequence[Token], number: str) -> Target | None:
    """The things counted: a plural noun (`entries`, `todos`, `results`)."""
    toks = [t for t in things if t.word not in ARTICLES]
    if not toks or any(t.quoted for t in toks) or len(toks) > 3:
        return None
    last = toks[-1].word
    if number != "1" and not last.endswith("s"):
        return None  # "the badge shows 3 unread": a text, not a count
    return read_count_target(toks)


def _count_where(b: Bindings) -> list[Step] | None:
    """`the list shows 3 entries`, `there should be 2 todos in the list`."""
    number = read_number(b["N"], extra=_NUMBERS)
    if number is None:
        return None
    target = _counted(b["THINGS"], number)
    if target is None or target.context:
        return None
    context, place = _where(b["WHERE"]) if "WHERE" in b else (None, True)
    if "WHERE" in b and context is None and not place:
        return None  # no place could be read: not a count
    if not place and target.kind is None:
        return None  # "the summary shows 3 invoices": a text, not a count
    return one("assert_count", target.model_copy(update={"context": context}), number)


def _only_left(b: Bindings) -> list[Step] | None:
    """`only one entry remains, "ink"`, `only "ink" remains`: the list holds exactly these."""
    values = [t for t in b["VALUES"] if t.word not in ("and",)]
    if not values or not all(t.quoted for t in values):
        return None
    if "N" in b:
        number = read_number(b["N"], extra=_NUMBERS)
        things = _counted(b["THINGS"], number) if number is not None else None
        if things is None or things.kind != "listitem" or int(number or 0) != len(values):
            return None  # "only two customers remain, ...": rows of a table, maybe; lenient
    return one("assert_items", Target(kind="list", name=""), "|".join(t.text for t in values))


def _add_each(b: Bindings) -> list[Step] | None:
    """`add todos "a", "b" and "c"`: each text typed into the field with focus, then Enter."""
    values = [t for t in b["VALUES"] if t.word != "and"]
    if len(values) < 2 or not all(t.quoted for t in values):
        return None
    if "N" in b and read_number(b["N"]) != str(len(values)):
        return None
    box = Target(kind="focused", name="")
    return [
        step for t in values for step in (*one("fill", box, t.text), *one("press", value="Enter"))
    ]


def _entry_done(action: Action) -> Build:
    """`complete "milk"`, `"milk" should be completed`: the checkbox of the entry showing it."""

    def build(b: Bindings) -> list[Step] | None:
        value = [t for t in b["VALUE"] if t.word not in ARTICLES]
        if len(value) != 1 or not value[0].quoted:
            return None
        return one(action, Target(kind="checkbox", name="", context=value[0].text))

    return build


def _entry_n_says(b: Bindings) -> list[Step] | None:
    """`item 2 should be "b"`: the N-th entry's text."""
    number, value = read_number(b["N"]), b["VALUE"]
    if number is None or not number.isdigit() or len(value) != 1 or not value[0].quoted:
        return None
    target = Target(kind="listitem", name="", nth=int(number))
    return one("assert_text", target, value[0].text, "contains")


def _times(tokens: Sequence[Token]) -> int:
    """`twice`, `3 times`, `three times` -> 2, 3, 3; 0 for anything else."""
    words = [t.word for t in tokens]
    if words == ["twice"]:
        return 2
    if len(words) == 2 and words[1] in ("times", "time"):
        number = read_number(tokens[:1])
        return int(number) if number and number.isdigit() and 1 < int(number) <= 10 else 0
    return 0


def _repeated(b: Bindings) -> list[Step] | None:
    """`Click "Next" twice`, `Click the Next button three times`: that many clicks."""
    times, target = _times(b["TIMES"]), read_target(b["TARGET"])
    if target is None or not times:
        return None
    return [step for _ in range(times) for step in one("click", target)]


def _pressed(b: Bindings) -> list[Step] | None:
    """`Press Tab twice`: that many key presses."""
    times, key = _times(b["TIMES"]), read_key(b["KEY"])
    if key is None or not times:
        return None
    return [step for _ in range(times) for step in one("press", value=key)]


_ENTRY = "{todo|item|entry|task|result|row|line}"
_ENTRIES = "{todos|items|entries|tasks}"
_DONE = "{completed|complete|done|finished|marked as completed|marked as complete|marked as done}"

_HAS = (
    "{contains|has|shows|lists|holds|includes|displays|should contain|should have|should show|"
    "should list|should hold|should include|should display|must contain|must have|now has|"
    "now shows|now contains}"
)
_LEFT = "{remain|remains|is left|are left|is listed|are listed|is shown|are shown}"

COUNT_RULES: tuple[Rule, ...] = (
    rule(["@CLICK TARGET TIMES"], _repeated, 'Click "Next" twice'),
    rule(["@PRESS KEY TIMES"], _pressed, "Press Tab twice"),
    rule(
        ["add [the] [new] " + _ENTRIES + " VALUES", "add N [new] " + _ENTRIES + " VALUES"],
        _add_each,
        'Add todos "a", "b" and "c"',
    ),
    rule(["{complete|finish} [the] VALUE"], _entry_done("check")),
    rule(
        ["VALUE {is|should be|must be|gets|is now|should now be} " + _DONE],
        _entry_done("assert_checked"),
        '"milk" should be completed',
    ),
    rule(
        ["VALUE {is not|should not be|must not be|isn't|is no longer} " + _DONE],
        _entry_done("assert_unchecked"),
    ),
    rule(
        [
            "[the] " + _ENTRY + " [number|no.|#] N {says|reads|shows|is|contains|should be|"
            "should say|should read|should show|should contain} VALUE"
        ],
        _entry_n_says,
    ),
    rule(
        [
            "only N THINGS " + _LEFT + " VALUES",
            "only VALUES " + _LEFT,
            "[the] {list|todo list} {contains|shows|lists|holds} only VALUES",
        ],
        _only_left,
        'Only one entry remains, "ink"',
    ),
    rule(
        [
            "[the] WHERE " + _HAS + " [exactly|only] N THINGS",
            "there @THERE_ARE [exactly|only] N THINGS {in|on|inside|within} WHERE",
            "[the] {number|count|total number} of THINGS {in|on} WHERE {is|should be|equals|"
            "is now|should equal} N",
            "[the] {number|count|total number} of THINGS {is|should be|equals|is now|"
            "should equal} N",
            "[only|exactly] N THINGS {remain|remains|is left|are left} [in WHERE]",
            "[i] @SEE [exactly|only] N THINGS {in|on|inside|within} WHERE",
            "[exactly|only] N THINGS {are|is|should be} {shown|visible|displayed|listed} "
            "{in|on|inside|within} WHERE",
        ],
        _count_where,
        "The list shows 3 entries",
        "There should be 2 todos in the list",
    ),
)
