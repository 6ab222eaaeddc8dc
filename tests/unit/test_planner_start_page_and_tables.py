"""Readings the real-app tickets need (issue 13): the first "Open the X page" opens the start
page; "the table shows "A" and "B"" checks texts; sections said once; typing at the end;
"On the Team tab,"; "the header still says"; "empty again"."""

from __future__ import annotations

from backend.agents.planner import named_pages
from backend.graph.state import PlanningFailure
from backend.models import Step, Target
from backend.planning.rules import parse_line

START = "http://127.0.0.1:8861/doku.php?id=handbook"


def _open(name: str) -> Step:
    return Step(action="navigate", target=Target(kind="page", name=name))


def test_the_first_named_page_is_the_start_page_when_no_map_names_it() -> None:
    steps = [_open("Staff handbook"), Step(action="click", target=Target(name="Contacts"))]
    paged = named_pages("handbook", steps, None, START)
    assert not isinstance(paged, PlanningFailure)
    assert paged[0].value == START and paged[1] == steps[1]


def test_a_named_page_later_on_still_needs_a_url() -> None:
    steps = [Step(action="click", target=Target(name="Contacts")), _open("Staff handbook")]
    failed = named_pages("handbook", steps, None, START)
    assert isinstance(failed, PlanningFailure) and "Staff handbook" in failed.message
    # without a start page the first one does too
    assert isinstance(named_pages("handbook", steps[::-1], None, None), PlanningFailure)


def test_a_start_page_that_is_another_page_is_no_stand_in() -> None:
    # "Go to the billing page" on a ticket that starts at /todos: the URL is unknown
    failed = named_pages("x", [_open("billing")], None, "http://127.0.0.1:8861/todos")
    assert isinstance(failed, PlanningFailure) and "pages:" in failed.message


def test_a_mapped_page_keeps_its_path() -> None:
    paged = named_pages("x", [_open("Staff handbook")], {"Staff handbook": "/hb"}, START)
    assert not isinstance(paged, PlanningFailure) and paged[0].value == "/hb"


def test_the_table_shows_two_texts_is_two_text_checks() -> None:
    steps = parse_line('Verify the table shows "Team B" and "10:00"')
    assert [(s.action, s.value) for s in steps] == [
        ("assert_text", "Team B"),
        ("assert_text", "10:00"),
    ]
    # a list still lists its entries
    listed = parse_line('The cart lists exactly two lines: "pen", "ink"')
    assert [(s.action, s.value) for s in listed] == [("assert_items", "pen|ink")]


def test_sections_said_once_for_several_names_are_their_headings() -> None:
    steps = parse_line("The Menu page has a Starters and a Main courses section.")
    assert [(s.action, s.target) for s in steps] == [
        ("assert_visible", Target(kind="heading", name="Starters")),
        ("assert_visible", Target(kind="heading", name="Main courses")),
    ]


def test_typing_at_the_end_appends_to_the_editor() -> None:
    (step,) = parse_line('Type "Late check-in until midnight." in the editor at the end')
    assert (step.action, step.target, step.value) == (
        "append",
        Target(kind="editor", name=""),
        "Late check-in until midnight.",
    )
    (plain,) = parse_line('Type "x" into the Notes field')
    assert plain.action == "fill"


def test_on_a_tab_opens_it_first_on_a_page_sets_the_scene() -> None:
    steps = parse_line('On the Team tab, type "sam@example.com" in the "Invite by email" field')
    assert [(s.action, s.target) for s in steps] == [
        ("click", Target(kind="tab", name="Team")),
        ("fill", Target(kind="textbox", name="Invite by email")),
    ]
    (only,) = parse_line("On the Orders page, click Save")
    assert (only.action, only.target) == ("click", Target(name="Save"))


def test_the_header_still_says_is_a_text_in_the_header() -> None:
    (step,) = parse_line('the header still says "Signed in as Jamie Rivera"')
    assert (step.action, step.target, step.value, step.expect) == (
        "assert_text",
        Target(context="header"),
        "Signed in as Jamie Rivera",
        "contains",
    )
    (empty,) = parse_line('the "Invite by email" field is empty again')
    assert (empty.action, empty.value) == ("assert_value", "")
