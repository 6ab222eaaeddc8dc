"""Entries, ranks, holders and quantifiers (issue 12, held-back pass): lists and references read
by general rules. Examples written for these tests (none is a corpus line)."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.planning.rules import parse_line
from tests.helpers.plans import canon

CASES = [
    # one entry spoken of with no ordinal and no name: the first on the page
    ("Hover over the task", ["hover [listitem||nth=1]"]),
    ("Double-click the entry title", ["dblclick [listitem||nth=1]"]),
    ("Right-click on the item label", ["right_click [listitem||nth=1]"]),
    # ...but a count of entries is every entry
    ("There should be 4 tasks", ["assert_count [listitem|] '4'"]),
    ("Only one entry remains", ["assert_count [listitem|] '1'"]),
    # next to an entry with an ordinal: inside that entry
    ("Click the pencil icon next to the third task", ["click [img|pencil|in=listitem#3]"]),
    # a counter is an element of its own, as a badge is
    ('The counter shows "4 tasks left"', ["assert_text [any|counter] '4 tasks left' contains"]),
    # a rank among the entries: "top" is the first
    ('"Oslo" must be the third result', ["assert_text [listitem||nth=3] 'Oslo' contains"]),
    ('"Oslo" is the top entry', ["assert_text [listitem||nth=1] 'Oslo' contains"]),
    (
        '"Oslo" should be the last row in the table',
        ["assert_text [listitem||nth=-1] 'Oslo' contains"],
    ),
    ('The top result says "Oslo"', ["assert_text [listitem||nth=1] 'Oslo' contains"]),
    # a place that holds entries is empty when it holds none
    ("The basket should be empty", ["assert_count [listitem||in=basket] '0'"]),
    ("Then the wishlist is empty", ["assert_count [listitem||in=wishlist] '0'"]),
    ("The Notes field should be empty", ["assert_value [textbox|notes] '' equals"]),
    # the list, in negated and "only" forms
    ('Then I should not see "Oslo" in the list', ["assert_text [list|] 'Oslo' not_contains"]),
    ('The list should only contain "Oslo"', ["assert_items [list|] 'Oslo'"]),
    ('my todo list only shows "a" and "b"', ["assert_items [list|] 'a|b'"]),
    # a count in a place named after "in"
    ("I should see 4 photos in the gallery", ["assert_count [any|photos|in=gallery] '4'"]),
    ("2 orders are listed in the sidebar", ["assert_count [any|orders|in=sidebar] '2'"]),
    # a region named after the whole clause scopes its element
    ('Fill in "City" with "Oslo" within "#billing"', ["fill [any|city|in=#billing] 'Oslo'"]),
    ('I choose "Card" within ".payment"', ["check [radio|card|in=.payment]"]),
    ('Fill in "Qty" with "2" in the third row', ["fill [any|qty|in=listitem#3] '2'"]),
    ('Click "Remove" in the row containing "Oslo"', ["click [any|remove|in=oslo]"]),
    # the wrapping around a field's name
    ('Type "tea" in the box with the placeholder "New task"', ["fill [textbox|new task] 'tea'"]),
    ('Fill in your phone with "555"', ["fill [any|phone] '555'"]),
    ('Insert "tea" into the Notes field', ["fill [textbox|notes] 'tea'"]),
    ("Press the tab key on the keyboard", ["press 'Tab'"]),
    ('the Notes field shows "tea"', ["assert_value [textbox|notes] 'tea' contains"]),
    # presence and absence of an element of a kind
    ('there should not be a "Remove" link', ["assert_hidden [link|remove]"]),
    ('There is no "Remove" button', ["assert_hidden [button|remove]"]),
    ('the "Remove" link should exist', ["assert_visible [link|remove]"]),
    ('the "Remove" link no longer exists', ["assert_hidden [link|remove]"]),
    # the page's title said of the page
    ('The page should have the title "Orders"', ["assert_title 'Orders' equals"]),
    ('the window is titled "Orders"', ["assert_title 'Orders' equals"]),
    # a name given by a title, tooltip or alt text; switches
    ('Click the icon with the tooltip "Edit"', ["click [img|edit]"]),
    ('Click the image with alt text "Logo"', ["click [img|logo]"]),
    ('Switch on the "Dark mode" toggle', ["check [checkbox|dark mode]"]),
    ('Switch off "Wi-Fi"', ["uncheck [checkbox|wi-fi]"]),
    # the field being edited: that box, the box that appears, the text it holds
    ('Type "tea" into that box', ["fill [focused|] 'tea'"]),
    ('Enter "tea" in the edit box that is shown', ["fill [focused|] 'tea'"]),
    ('Replace the text with "tea"', ["fill [focused|] 'tea'"]),
    ("Erase the existing text", ["clear [focused|]"]),
    ("Remove all text from the Notes box", ["clear [textbox|notes]"]),
    # a common noun says what a quoted name is; a quoted name "for" another is in its entry
    ('Click on the invoice "INV-7"', ["click [any|inv-7]"]),
    ('Click "Remove" for "Oslo"', ["click [any|remove|in=oslo]"]),
    # what a field holds, said of the text or of the field
    ('"tea" should be in the Notes field', ["assert_value [textbox|notes] 'tea' contains"]),
    ('"tea" is displayed in the search box', ["assert_value [searchbox|] 'tea' contains"]),
    ('The Notes box should be filled with "tea"', ["assert_value [textbox|notes] 'tea' equals"]),
    ('the Notes field should default to "tea"', ["assert_value [textbox|notes] 'tea' equals"]),
    ('The Notes field should still contain "tea"', ["assert_value [textbox|notes] 'tea' contains"]),
    ("the Notes field is blank", ["assert_value [textbox|notes] '' equals"]),
    ('"tea" is in the list', ["assert_text [list|] 'tea' contains"]),
    # "the text "X"" after a verb of holding is X; a message noun only says what a text is
    (
        'the Notes field should contain the text "tea"',
        ["assert_value [textbox|notes] 'tea' contains"],
    ),
    ('The warning message should read "Low stock"', ["assert_text 'Low stock' contains"]),
    ('the following notice should appear: "Saved"', ["assert_text 'Saved' contains"]),
    # a negated action is no step, the action done after it is; a fronted manner is no step
    ("Do not type anything and press Continue", ["click [button|continue]"]),
    ("Without saving, click Home", ["click [any|home]"]),
    # what these readings must leave alone
    ('Enter "Oslo" as the value', ["fill [textbox|value] 'Oslo'"]),  # a field named Value
    ('Verify the "hotel" database is shown', ["assert_text 'hotel' contains"]),
    (
        'Verify a dialog with the text "Version" is shown',
        ["assert_text 'Version' contains"],
    ),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_reads_as_labelled(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Click on a product",  # which one is not said
        "Open some order",
        "Select a country from the Country list",
        "Tick all checkboxes",  # a quantifier names many elements
        "Then every task should be checked",
        "Delete each entry",
        "Click outside the menu",  # no element named
        "Click anywhere on the page",
        'Then the database should contain "Oslo"',  # nothing a page shows
        'The API should return "201"',
        'the server log should not contain "error"',
    ],
)
def test_no_element_named_is_a_planning_error(line: str) -> None:
    with pytest.raises(PlanningError):
        parse_line(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('Click a "Save" button', ["click [button|save]"]),  # a quoted name is named
        ("Click the All tab", ["click [tab|all]"]),  # "All" is a label, not a quantifier
    ],
)
def test_named_elements_stay_readable(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


@pytest.mark.parametrize("line", ["@javascript", "@wip @slow"])
def test_a_gherkin_tag_line_is_no_step(line: str) -> None:
    assert canon(line) == []


@pytest.mark.parametrize(
    "line",
    [
        'Then an email should be sent to "ann@x.io"',  # mail leaves the browser: no step
        'Then "ann@x.io" should receive an email with subject "Hi"',
        "the customer should get a confirmation email",
    ],
)
def test_mail_is_no_browser_step(line: str) -> None:
    assert canon(line) == []
