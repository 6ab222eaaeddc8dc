"""A list and its entries as testers write about them (issue 12, second external collection).

- In the list or not: `"milk" appears in the list`, `the item "milk" is added to the list`,
  `I should see text "milk" in the todo list`, `"milk" is still in the list`; `"milk" is
  removed from the list`, `the list should not contain "milk"`, `"milk" should disappear from
  the active list` (the list's text contains the value, or not).
- Exactly these: `only "a" and "b" are visible`, `only "a" should be visible in the list`
  (the list's entries are these texts).
- An entry by position: `the item in position 2 has title "b"`; `delete the second todo`.
- Counting what is seen: `I should see 3 items in the list`.
- Several entries at once: `mark "a" and "b" as complete`, `click checkboxes for "a" and "b"`.
- Adding: `add "milk" to my todo list` (typed into the field with focus, then Enter), `add
  the "Backpack" to cart` (its "Add to cart" button).

"The list" is the page's list (kind list, no name); an adjective before it (`the filtered
list`, `my todo list`, `the active list`) says which view it is, not another list.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.models import Action, Match, Step, Target
from backend.planning.builders import Build, Rule, one, rule
from backend.planning.grammar import Bindings, Token
from backend.planning.lexicon import ARTICLES, LIST_ENTRY_NOUNS, ORDINALS
from backend.planning.targets import read_count_target, read_number

#: Words that may stand before "list" and still mean the page's one list.
_LIST_WORDS = frozenset(
    {"todo", "to-do", "filtered", "active", "completed", "shopping", "grocery", "task", "item"}
)
#: Words that may describe the entry before its quoted text: `a new todo item labeled "x"`.
_ENTRY_DESCRIPTION = frozenset(
    {
        "item", "todo", "entry", "task", "new", "labeled", "labelled", "called", "named",
        "titled", "with", "text", "title", "the", "a", "an", "todo's",
    }
)  # fmt: skip
_THE_LIST = Target(kind="list", name="")


_RESULTS = (["results"], ["search", "results"])


def is_the_list(tokens: Sequence[Token]) -> bool:
    """`the list`, `my todo list`, `the filtered list`: the page's list."""
    words = [t for t in tokens if t.word not in ARTICLES and t.word not in ("my", "your")]
    if len(words) in (1, 2) and [t.word for t in words][-2:] in _RESULTS:
        return True  # "the results", "the search results": the list the search shows
    if not words or words[-1].word != "list" or len(words) > 3:
        return False
    return all(not t.quoted and t.word in _LIST_WORDS for t in words[:-1])


def quoted_values(tokens: Sequence[Token]) -> list[str] | None:
    """The quoted texts of `"a"`, `the item "a"`, `"a" and "b"`, `"a", "b"`; None if other
    words are mixed in (a description the list check cannot read)."""
    values: list[str] = []
    for token in tokens:
        if token.quoted:
            values.append(token.text)
        elif token.word not in _ENTRY_DESCRIPTION and token.word not in ("and", ","):
            return None
    return values or None


def _in_list(expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        values = quoted_values(b["VALUES"])
        if values is None or not is_the_list(b["LIST"]):
            return None
        return [s for v in values for s in one("assert_text", _THE_LIST, v, expect)]

    return build


def _only_these(b: Bindings) -> list[Step] | None:
    """`only "a" and "b" are visible [in the list]`: the list holds exactly these texts."""
    values = quoted_values(b["VALUES"])
    if values is None or ("LIST" in b and not is_the_list(b["LIST"])):
        return None
    return one("assert_items", _THE_LIST, "|".join(values))


def _entry_at(b: Bindings) -> list[Step] | None:
    """`the item in position 2 has title "b"`: the N-th entry shows the text."""
    number, value = read_number(b["N"]), b["VALUE"]
    if number is None or not number.isdigit() or len(value) != 1 or not value[0].quoted:
        return None
    target = Target(kind="listitem", name="", nth=int(number))
    return one("assert_text", target, value[0].text, "contains")


def _seen_count(b: Bindings) -> list[Step] | None:
    """`I should see 3 items in the list`: the list holds that many entries."""
    number = read_number(b["N"], extra={"no": 0})
    if number is None or not is_the_list(b["LIST"]):
        return None
    things = [t for t in b["THINGS"] if t.word not in ARTICLES]
    target = read_count_target(things) if len(things) == 1 and not things[0].quoted else None
    if target is None or target.kind != "listitem":
        return None
    return one("assert_count", target, number)


def _delete_nth(b: Bindings) -> list[Step] | None:
    """`Delete the second todo`: the Delete control inside that entry."""
    words = [t.word for t in b["WHICH"] if t.word not in ARTICLES]
    if len(words) != 2 or words[0] not in ORDINALS or words[1] not in LIST_ENTRY_NOUNS:
        return None
    return one("click", Target(kind=None, name="Delete", context=f"listitem#{ORDINALS[words[0]]}"))


def _each_entry(action: Action, near: bool) -> Build:
    """`mark "a" and "b" as complete` (the checkbox in each entry), `click checkboxes for "a"
    and "b"` (the checkbox next to each text)."""

    def build(b: Bindings) -> list[Step] | None:
        values = quoted_values(b["VALUES"])
        if values is None:
            return None
        boxes = [Target(kind="checkbox", name="", near=v) if near else _box_in(v) for v in values]
        return [s for box in boxes for s in one(action, box)]

    return build


def _box_in(entry: str) -> Target:
    return Target(kind="checkbox", name="", context=entry)


def _add_to_list(b: Bindings) -> list[Step] | None:
    """`add "milk" to my todo list`: typed into the field with focus, then Enter."""
    value = [t for t in b["VALUE"] if t.word not in ARTICLES]
    if len(value) != 1 or not value[0].quoted or not is_the_list(b["LIST"]):
        return None
    return [
        *one("fill", Target(kind="focused", name=""), value[0].text),
        *one("press", None, "Enter"),
    ]


def _add_to_cart(b: Bindings) -> list[Step] | None:
    """`add the "Backpack" to cart`: the product's "Add to cart" button."""
    value = [t for t in b["VALUE"] if t.word not in ARTICLES]
    if len(value) != 1 or not value[0].quoted:
        return None
    return one("click", Target(kind="button", name="Add to cart", context=value[0].text))


def _order(after: bool) -> Build:
    """`"pen" comes before "ink" [in the list]`: both are entries of the list, in this order
    (others may stand between them); `"ink" comes after "pen"` is the same check."""

    def build(b: Bindings) -> list[Step] | None:
        first, second = quoted_values(b["FIRST"]), quoted_values(b["SECOND"])
        if first is None or second is None or len(first) != 1 or len(second) != 1:
            return None
        target = None  # no list named, or `the list`: the page's entries and rows
        if "LIST" in b and not is_the_list(b["LIST"]):
            target = _list_named(b["LIST"])
            if target is None:
                return None
        texts = [*second, *first] if after else [*first, *second]
        return one("assert_order", target, "|".join(texts))

    return build


def _list_named(tokens: Sequence[Token]) -> Target | None:
    """`the Fruits list`: the list named so (None: the words name no list)."""
    words = [t for t in tokens if t.word not in ARTICLES]
    if len(words) < 2 or words[-1].word != "list" or any(t.quoted for t in words[:-1]):
        return None
    return Target(kind="list", name=" ".join(t.text for t in words[:-1]))


_BEFORE = (
    "{comes|is|appears|is listed|is shown|is displayed|should come|should appear|"
    "should be listed|should be shown|must come|must appear}"
)


def _said(be: Sequence[str], verbs: Sequence[str], *more: str) -> str:
    """An alternation of a predicate in the forms a step says it: `be X` as is X / are X /
    should be X / will be X / must be X; a verb `V ...` as V / Vs / should V / will V."""
    forms = [f"{lead} {p}" for p in be for lead in ("is", "are", "should be", "will be", "must be")]
    for verb in verbs:
        head, _, rest = verb.partition(" ")
        third = head + ("es" if head.endswith(("s", "sh", "ch")) else "s")
        forms += [verb, f"{third} {rest}", f"should {verb}", f"will {verb}"]
    return "{" + "|".join([*forms, *more]) + "}"


_IN = _said(
    ("in", "still in", "added to", "appended to", "visible in", "immediately visible in",
     "shown in", "displayed in", "listed in", "present in"),
    ("appear in", "show up in", "remain in"),
)  # fmt: skip
_OUT = _said(
    ("removed from", "deleted from", "gone from", "no longer in", "not in", "no longer listed in",
     "not listed in", "not shown in", "not visible in", "no longer visible in"),
    ("disappear from", "no longer exist in", "no longer appear in", "vanish from"),
    "does not appear in", "do not appear in", "should not appear in", "no longer exists in",
    *(f"{m} {n} be {p}" for m in ("should", "will", "must") for n in ("not", "no longer")
      for p in ("in", "listed in", "shown in", "visible in")),
)  # fmt: skip
_NOT_CONTAIN = (
    "{should not contain|does not contain|doesn't contain|no longer contains|"
    "should no longer contain|must not contain}"
)
#: "I should not see "a" in the list": the list does not hold it.
_NOT_SEE = (
    "{should not see|should no longer see|do not see|don't see|no longer see|cannot see|"
    "can't see|can no longer see}"
)
_SHOWN = (
    "{is visible|are visible|is shown|are shown|is displayed|are displayed|should be visible|"
    "should be shown|should be displayed|are listed|is listed|remain|remains}"
)

LIST_RULES: tuple[Rule, ...] = (
    rule(
        [
            "VALUES " + _IN + " LIST without REST",
            "VALUES " + _IN + " LIST",
            "[i] @SEE [text] VALUES {in|on} LIST",
            "[i] {should have|have|now have} VALUES in LIST",
        ],
        _in_list("contains"),
        '"milk" appears in the list',
    ),
    rule(
        [
            "VALUES " + _OUT + " LIST",
            "LIST " + _NOT_CONTAIN + " VALUES",
            "[i] " + _NOT_SEE + " [text] VALUES {in|on} LIST",
        ],
        _in_list("not_contains"),
        '"milk" is removed from the list',
    ),
    rule(
        [
            "only VALUES " + _SHOWN + " in LIST",
            "only VALUES " + _SHOWN,
            "LIST {should only contain|only contains|should contain only|contains only|"
            "should only show|only shows|should only list|only lists} VALUES",
        ],
        _only_these,
        'Only "a" and "b" are visible',
    ),
    rule(
        [
            "[the] {item|todo|entry|task} {in|at} position N {has title|has the title|has text|"
            "has the text|says|reads|shows|is|contains} VALUE"
        ],
        _entry_at,
        'The item in position 2 has title "b"',
    ),
    rule(["[i] @SEE N THINGS {in|on} LIST"], _seen_count, "I should see 3 items in the list"),
    rule(["{delete|remove} WHICH"], _delete_nth, "Delete the second todo"),
    rule(
        ["mark VALUES as {complete|completed|done}"],
        _each_entry("check", near=False),
        'Mark "a" and "b" as complete',
    ),
    rule(
        ["@CLICK [the] {checkboxes|check boxes} {for|next to|beside} VALUES"],
        _each_entry("click", near=True),
    ),
    rule(
        [
            "FIRST " + _BEFORE + " {before|above|ahead of} SECOND {in|on} LIST",
            "FIRST " + _BEFORE + " {before|above|ahead of} SECOND",
        ],
        _order(after=False),
        '"pen" comes before "ink"',
    ),
    rule(
        [
            "FIRST " + _BEFORE + " {after|below} SECOND {in|on} LIST",
            "FIRST " + _BEFORE + " {after|below} SECOND",
        ],
        _order(after=True),
        '"ink" comes after "pen"',
    ),
    rule(["[i] add VALUE to LIST"], _add_to_list, 'Add "milk" to my todo list'),
    rule(["[i] add VALUE to [the] {cart|basket}"], _add_to_cart, 'Add the "Backpack" to cart'),
)
