"""The pure parts of reading a bare-label check as a menu entry or a list's option (issue 13)."""

from __future__ import annotations

from backend.discovery.menus import is_bare_choice, menu_css
from backend.models import Step, Target


def test_an_open_menu_is_named_by_its_tag_and_classes() -> None:
    assert menu_css("div", ["dropdown-menu", "field-filters", "show"]) == (
        "div.dropdown-menu.field-filters.show"
    )
    # a class CSS cannot take as written is left out; no class at all: no name
    assert menu_css("ul", ["menu", "w-1/2"]) == "ul.menu"
    assert menu_css("div", []) is None
    assert menu_css("div", ["1st"]) is None


def test_only_a_check_of_a_bare_label_is_a_choice() -> None:
    assert is_bare_choice(Step(action="check", target=Target(kind="radio", name="City")))
    assert is_bare_choice(Step(action="check", target=Target(name="Yes", context="the filter")))
    assert not is_bare_choice(Step(action="click", target=Target(name="City")))
    assert not is_bare_choice(Step(action="check", target=Target(kind="switch", name="City")))
    assert not is_bare_choice(Step(action="check", target=Target(kind="checkbox", name="")))
    assert not is_bare_choice(Step(action="check", target=Target(name="City", nth=2)))
