"""Looser readings of a target that matched nothing: a menu named by its title and what it is."""

from __future__ import annotations

from backend.discovery.loosen import loosened, loosened_note
from backend.models import Target


def test_the_file_menu_is_read_as_its_title() -> None:
    assert loosened(Target(name="File menu"), "click") == [Target(name="File")]
    assert loosened(Target(name="Add Filter dropdown"), "click") == [Target(name="Add Filter")]
    assert loosened(Target(name="reports folder"), "dblclick") == [Target(name="reports")]


def test_a_dropdown_read_as_a_combobox_may_be_a_plain_toggle() -> None:
    written = Target(kind="combobox", name="Add Filter")
    assert loosened(written, "click") == [Target(name="Add Filter")]
    assert "Add Filter combobox" in loosened_note(written, Target(name="Add Filter"))


def test_no_looser_reading_where_it_would_change_the_step() -> None:
    assert loosened(Target(kind="combobox", name="Country"), "select") == []  # choosing a value
    assert loosened(Target(name="menu"), "click") == []  # no title left
    assert loosened(Target(kind="button", name="Save menu"), "click") == []  # kind as written
    assert loosened(Target(name="File menu"), "assert_visible") == []


def test_a_column_heading_is_its_own_control() -> None:
    written = Target(name="Quantity column heading")
    assert loosened(written, "click")[0] == Target(name="Quantity")
    as_planned = Target(kind="heading", name="Quantity column")  # the planner's reading
    assert loosened(as_planned, "click") == [Target(name="Quantity")]


def test_the_row_for_a_text_is_that_row_in_a_check() -> None:
    assert loosened(Target(name="row for Alan Turing"), "assert_text") == [
        Target(name="", context="Alan Turing")
    ]
    assert loosened(Target(name="row for Alan Turing"), "click") == []
