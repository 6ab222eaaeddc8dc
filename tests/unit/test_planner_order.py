"""Order between two entries (`"pen" comes before "ink"`), and the ticket that mixes every
class issue 12 names (docs/examples/ticket_every_class.md, built from the issue's own example
sentences): the plan a tester signs off on, lenient steps marked. Examples written for these
tests (none is a corpus line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.planning.loader import load_requirement
from backend.planning.rules import plan_requirement
from tests.helpers.plans import canon

REPO = Path(__file__).resolve().parents[2]

ORDER = [
    ('"pen" comes before "ink"', ["assert_order 'pen|ink'"]),
    ('"ink" comes after "pen"', ["assert_order 'pen|ink'"]),
    ('Then "Oslo" should appear above "Rome" in the list', ["assert_order 'Oslo|Rome'"]),
    ('"b" is listed below "a" on my todo list', ["assert_order 'a|b'"]),
    ('"Apple" comes before "Pear" in the Fruits list', ["assert_order [list|fruits] 'Apple|Pear'"]),
]


@pytest.mark.parametrize(("line", "expected"), ORDER)
def test_order_between_two_entries(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        '"pen" comes before the ink',  # the second is no quoted entry
        '"pen" and "ink" come before "cap"',  # several on one side: not one order
        '"pen" comes before "ink" in the "x" list',  # a quoted list name is no list's label
    ],
)
def test_an_order_that_names_no_two_entries_is_not_read_as_one(line: str) -> None:
    try:
        steps = canon(line)
    except Exception:  # a planning_error is a fine answer too: never an order check
        return
    assert not any(s.startswith("assert_order") for s in steps), steps


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('Click the link for "Help"', ["click [link|help]"]),  # the link named Help
        ('Press the button for "Save"', ["click [button|save]"]),
        ('Click the Edit link for "Ada"', ["click [link|edit|in=ada]"]),  # Ada's Edit link
        ('Click the "Edit" link for "Ada"', ["click [link|edit|in=ada]"]),
        ('Click the checkbox for "Bob"', ["click [checkbox||in=bob]"]),
    ],
)
def test_a_kind_for_a_quoted_text(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


def test_the_ticket_with_every_class_plans_as_a_tester_would_sign_off() -> None:
    req = load_requirement(REPO / "docs" / "examples" / "ticket_every_class.md")
    steps = plan_requirement(req).steps
    got = [(s.action, s.target.describe() if s.target else "", s.value, s.read_as) for s in steps]
    assert got[:3] == [
        ("fill", "Username textbox", "bob", None),
        ("fill", "Password textbox", "${DEMO_PASSWORD}", None),
        ("click", "Sign in button", None, None),
    ]
    actions = [s.action for s in steps]
    assert actions.count("assert_order") == 1 and actions.count("assert_items") == 1
    assert ("fill", "focused", "milk", None) in got and ("press", "", "Enter", None) in got
    assert ("check", "checkbox near milk", None, None) in got
    assert [a for a in actions if a in ("go_back", "reload")] == ["go_back", "reload"]
    assert ("assert_hidden", "Northwind text", None, None) in got
    lenient = [s.value for s in steps if s.read_as == "lenient"]
    assert lenient == ["Invoices", "Jane"]  # the two checks no pattern reads, marked
    assert not any(
        s.action == "click" and s.target and "save" in s.target.name.lower() for s in steps
    )
