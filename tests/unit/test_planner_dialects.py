"""Readings added from the fourth external collection's main part (issue 12): Behat/Moodle
selectors, bug reports' symptoms, list markers, Given URLs, an unsaid subject, a seen state,
spoken key chords and stricter refusals. Every example is written for these tests (none is a
corpus line); each must plan exactly the canonical steps given."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.planning.grammar import split_sentences
from backend.planning.rules import read_lines
from tests.helpers.plans import canon

CASES = [
    # a quoted locator, then a quoted selector type: an element of that kind
    ('When I click on "Delete" "button"', ["click [button|delete]"]),
    ('And the "Email" "field" should be enabled', ["assert_enabled [textbox|email]"]),
    ('Then "Confirm" "dialogue" should not be visible', ["assert_hidden [dialog|confirm]"]),
    ('I click on ".menu-toggle" "css_element"', ["click [any|.menu-toggle]"]),
    # ... and after in/within, a row, table or region is the place that scopes it
    (
        'Then I should see "Paid" in the "Invoice 7" "table_row"',
        ["assert_text [any||in=invoice 7] 'Paid' contains"],
    ),
    ('I click on "Remove" "link" in the "Cart" "region"', ["click [link|remove|in=cart]"]),
    (
        'And I should not see "Draft" in the "Posts" "table"',
        ["assert_hidden [text|draft|in=posts]"],
    ),
    # list markers written "3-" and "2.click"
    ('3- Click "Save"', ["click [any|save]"]),
    ("2.click Save", ["click [any|save]"]),
    # a Given line on a quoted URL starts there; "directed to" a URL checks it
    ('Given I am on "https://shop.test/cart"', ["navigate 'https://shop.test/cart'"]),
    ('Given the user is on "https://shop.test/"', ["navigate 'https://shop.test/'"]),
    ('Given I am in "https://shop.test/help"', ["navigate 'https://shop.test/help'"]),
    ('Then the user should be directed to "/home"', ["assert_url '/home' contains"]),
    ('And I am directed to "/thanks"', ["assert_url '/thanks' contains"]),
    # the third person with no subject acts
    ('And types "Ada" into the Name field', ["fill [textbox|name] 'Ada'"]),
    ("And presses Enter", ["press 'Enter'"]),
    # "I see" before a clause with a state: the clause is the check
    ('I see the "Pay" button is disabled', ["assert_disabled [button|pay]"]),
    ('I can see that the "Terms" checkbox is checked', ["assert_checked [checkbox|terms]"]),
    ('I see the "Pay" button', ["assert_visible [button|pay]"]),
    # "access" a page, "visualize" a text
    ("Given I access the settings page", ["navigate [page|settings]"]),
    ('Then I visualize "Order placed"', ["assert_text 'Order placed' contains"]),
    # a value added to a field (webdriverio's "inputfield") is typed into it
    ('I add "Ada" to the inputfield "#first"', ["fill [textbox|#first] 'Ada'"]),
    ('Add "Ada" to the Name field', ["fill [textbox|name] 'Ada'"]),
    ('Add "milk" to my todo list', ["fill [focused|] 'milk'", "press 'Enter'"]),
    # the field first, then the value
    ('Enter my email as "a@b.io"', ["fill [any|email] 'a@b.io'"]),
    ('Type the city as "Oslo"', ["fill [any|city] 'Oslo'"]),
    # "From the X page," is the scene
    ('From the Billing page, click "Pay now"', ["click [any|pay now]"]),
    # a key chord said in words, before "key"
    ("press the shift tab key", ["press 'Shift+Tab'"]),
    ("press the control a keys", ["press 'Control+A'"]),
    ("press option 2", ["click [button|option 2]"]),
    # an element (a kind named) seen to appear
    ("See the confirmation dialog appear", ["assert_visible [dialog|confirmation]"]),
    # a text seen in a named column, tab or region, or under a heading: one check, scoped
    ('I should see "Ola" in the "Owner" column', ["assert_text [any||in=owner] 'Ola' contains"]),
    ('I should see "Tea" under "Drinks"', ["assert_text [any||in=drinks] 'Tea' contains"]),
    ('I should see "Ola" listed under "Staff"', ["assert_text [any||in=staff] 'Ola' contains"]),
    ('I should see "Due" on the "Invoices" tab', ["assert_text [any||in=invoices] 'Due' contains"]),
    (
        'the page should contain "Tea" within the "Menu" section',
        ["assert_text [any||in=menu] 'Tea' contains"],
    ),
    ('Click the "Remove" button for the "Ola" row', ["click [button|remove|in=ola]"]),
    # "now" after a call to action's verb is part of its label
    ("Click on buy now", ["click [any|buy now]"]),
    ("Click Save now", ["click [any|save]"]),
    # "Check" ticks what is named as a box (or a capitalised / quoted label)
    ("Check the Terms", ["check [checkbox|terms]"]),
    ("Check the newsletter box", ["check [checkbox|newsletter]"]),
    ('I see the "Share" modal with its title', ["assert_visible [dialog|share]"]),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_reads_as_labelled(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Actual result: the page goes blank", "**Actual behaviour:** nothing happens"],
)
def test_a_bug_reports_symptom_is_no_step(line: str) -> None:
    assert canon(line) == []


def test_a_symptoms_section_plans_no_steps_until_the_next_header() -> None:
    body = """1. Click "Pay"

Actual result:

- The spinner never stops

Expected result:

- "Paid" is shown
"""
    read = [(line, steps) for _, line, steps in read_lines(split_sentences(body))]
    got = {line: None if steps is None else [s.action for s in steps] for line, steps in read}
    assert got["The spinner never stops"] == []  # no step, and no planning_error
    assert got['"Paid" is shown'] == ["assert_text"]
    assert got['Click "Pay"'] == ["click"]


@pytest.mark.parametrize(
    "line",
    [
        'the "Save" button has the class "primary"',  # a CSS class is no check of the page
        'the "Save" element has attribute "disabled"',
        "Choose the plan you want and click Next",  # the tester's choice names no element
        "Open the url",  # no address given
        "Go to the website",
        "Opens the settings page",  # "opens" may report a result: not read as the imperative
        "Check the result",  # no box named, nothing quoted: what to tick (or check) is not said
        "Click on one of the products",  # which one is not said
    ],
)
def test_lines_no_tester_could_run_are_refused(line: str) -> None:
    with pytest.raises(PlanningError):
        canon(line)
