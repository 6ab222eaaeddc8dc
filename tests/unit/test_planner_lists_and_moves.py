"""Issue 12, second external collection: a list and its entries (planning/lists.py), small
moves in testers' own words (planning/moves.py) and the target readings they need (a quoted
name with a describing noun before the kind word, "next to / for the todo", a bracketed
symbol). Sentences written for these tests; the corpus lines are in
planner_corpus/external/main_b.txt."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.planning.rules import parse_line
from tests.helpers.plans import canon as plan_canon


def canon(line: str) -> list[str]:
    return plan_canon(line, lenient=True)


CASES = [
    # in the list, or no longer in it: the list's text
    ('"Eggs" appears in the list', ["assert_text [list|] 'Eggs' contains"]),
    ('Then the entry "Eggs" is added to my shopping list', ["assert_text [list|] 'Eggs' contains"]),
    ('I should see text "Eggs" in the todo list', ["assert_text [list|] 'Eggs' contains"]),
    ('"Eggs" and "Ham" are still in the list', [
        "assert_text [list|] 'Eggs' contains", "assert_text [list|] 'Ham' contains"]),
    ('"Eggs" shows up in the list without pressing anything',
     ["assert_text [list|] 'Eggs' contains"]),
    ('"Eggs" is removed from the list', ["assert_text [list|] 'Eggs' not_contains"]),
    ('the list should not contain "Eggs"', ["assert_text [list|] 'Eggs' not_contains"]),
    ('"Eggs" should disappear from the filtered list', [
        "assert_text [list|] 'Eggs' not_contains"]),
    # exactly these entries
    ('Only "Eggs" and "Ham" are visible', ["assert_items [list|] 'Eggs|Ham'"]),
    ('only "Ham" should be shown in the list', ["assert_items [list|] 'Ham'"]),
    # an entry by position; a count of what is seen
    ('The entry at position 2 says "Ham"', ["assert_text [listitem||nth=2] 'Ham' contains"]),
    ("I should see 4 items in the list", ["assert_count [listitem|] '4'"]),
    # several entries at once; an entry by its ordinal
    ('Mark "Eggs" and "Ham" as done', [
        "check [checkbox||in=eggs]", "check [checkbox||in=ham]"]),
    ('Click checkboxes for "Eggs" and "Ham"', [
        "click [checkbox||near=eggs]", "click [checkbox||near=ham]"]),
    ("Remove the third item", ["click [any|delete|in=listitem#3]"]),
    # adding
    ('Add "Eggs" to my shopping list', ["fill [focused|] 'Eggs'", "press 'Enter'"]),
    ('Add the "Blue Mug" to the basket', ["click [button|add to cart|in=blue mug]"]),
    # moves in testers' words
    ('Click in the "Full name" input field', ["click [textbox|full name]"]),
    ("Press Tab without changing anything", ["press 'Tab'"]),
    ("Clear all the text", ["clear [focused|]"]),
    ("When I load the page", ["reload"]),
    ('the user goes to the page "https://shop.example/cart"',
     ["navigate 'https://shop.example/cart'"]),
    # targets: a describing noun between the quoted name and the kind; the todo spoken of
    ('Click the "Archived" filter tab', ["click [tab|archived]"]),
    ('Fill "x" into the "Site" search box', ["fill [searchbox|site] 'x'"]),
    ("Click the checkbox next to the todo", ["click [checkbox||in=listitem#1]"]),
    ("Click the remove (×) button for the task", ["click [button|remove|in=listitem#1]"]),
    ("Click the checkbox to mark it as done", ["click [checkbox|]"]),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), CASES)
def test_line_plans_these_steps(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


REFUSED = [
    '"Eggs" appears in the main menu',  # not the list: read elsewhere, never as the list
    "Only some entries are visible",  # no quoted text: nothing to compare
    "Click in the footer",  # a place, not a field
]


@pytest.mark.parametrize("line", REFUSED)
def test_these_are_not_list_or_field_readings(line: str) -> None:
    try:
        steps = [s.canonical() for s in parse_line(line)]
    except PlanningError:
        return  # refused: fine
    targets = [s["target"] or "" for s in steps]
    assert not any(t.startswith(("list|", "textbox|")) for t in targets), steps
