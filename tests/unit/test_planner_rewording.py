"""Fresh text says a known step with other words (issue 12, "What fresh text breaks"): the
one verb lexicon, its inflections and the rewordings tried when no template reads a clause.
Every example is written for these tests (none is a corpus line)."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.planning.grammar import tokenize
from backend.planning.rewording import plain_verb, rewordings, third_person
from backend.planning.rules import parse_line
from tests.helpers.plans import canon

CASES = [
    # a verb of a known action that no template says
    ("Proceed to the checkout page", ["navigate [page|checkout]"]),
    ("Head over to the pricing page", ["navigate [page|pricing]"]),
    ("Return to the home page", ["navigate [page|home]"]),
    ('Populate the City field with "Oslo"', ["fill [textbox|city] 'Oslo'"]),
    ('Provide "ada" as the username', ["fill [textbox|username] 'ada'"]),
    ("Mark the Newsletter checkbox", ["check [checkbox|newsletter]"]),
    ("Place the cursor in the Notes field", ["click [textbox|notes]"]),
    # any inflection of a step verb, with no subject said
    ("Unchecks the Newsletter checkbox", ["uncheck [checkbox|newsletter]"]),
    ('Sets the City field to "Oslo"', ["fill [textbox|city] 'Oslo'"]),
    # a state reached ("becomes", "gets", "should become")
    ("The Publish button should become enabled", ["assert_enabled [button|publish]"]),
    ("The Publish button gets disabled", ["assert_disabled [button|publish]"]),
    ("The Newsletter checkbox becomes checked", ["assert_checked [checkbox|newsletter]"]),
    # arriving somewhere said another way
    ("The customer lands on the orders page", ["assert_url [page|orders]"]),
    ("Then the visitor should arrive at the pricing page", ["assert_url [page|pricing]"]),
    ('The user is sent to "/welcome"', ["assert_url '/welcome' contains"]),
    ("The user is redirected to the sign-up screen", ["assert_url [page|sign-up]"]),
    # modal and equality said at length
    ('The grand total should equal "$12.50"', ["assert_text [any|grand total] '$12.50' equals"]),
    # a page that loads is a page that opens; a manner is no part of the step
    ("The invoices page loads correctly", ["assert_url [page|invoices]"]),
    ("Verify the reports page should load", ["assert_url [page|reports]"]),
    # a purpose after the step is no part of it
    ("Click the Apply button in order to continue", ["click [button|apply]"]),
    ("Click the Apply button so that the filter is used", ["click [button|apply]"]),
    # a region after "on" scopes the element; a page after "on" is the scene
    ('Click the "Help" link on the sidebar', ["click [link|help|in=sidebar]"]),
    # an ordinal of any plain noun is that entry of the list; not a part of the page
    ('Click the "Buy" button for the second product', ["click [button|buy|in=listitem#2]"]),
    ("Click the Share link of the first post", ["click [link|share|in=listitem#1]"]),
    ('Mouse hover on "Reports"', ["hover [any|reports]"]),
    # the page's one list is no region; a named row after "of" is one
    ("Click the last entry in the list", ["click [listitem||nth=-1]"]),
    ("Click the first link in the results", ["click [link||nth=1]"]),
    ('Click the "Remove" link of the "Pears" row', ["click [link|remove|in=pears]"]),
    # a list's predicates in every form a step says them; the results are the page's list
    ('Then "Kiwi" should appear in the search results', ["assert_text [list|] 'Kiwi' contains"]),
    (
        '"Kiwi" and "Fig" are listed in the list',
        ["assert_text [list|] 'Kiwi' contains", "assert_text [list|] 'Fig' contains"],
    ),
    ('"Kiwi" should no longer be in my list', ["assert_text [list|] 'Kiwi' not_contains"]),
    ('"Kiwi" vanishes from the list', ["assert_text [list|] 'Kiwi' not_contains"]),
    # the page is where everything is: no part of a check
    ('Then the "Send" button should be visible on the screen', ["assert_visible [button|send]"]),
    # a quoted name said to be an element (of any kind)
    ('Then I expect that widget "#cart-total" is displayed', ["assert_visible [any|#cart-total]"]),
    ('The element ".spinner" should not be visible', ["assert_hidden [any|.spinner]"]),
    ('Then the component "#toast" becomes visible', ["assert_visible [any|#toast]"]),
    # a kind word glued to its noun; set "x" to a field; move to an element; pause
    ("Accept the promptbox", ["accept_dialog"]),
    ('Set "Oslo" into the City field', ["fill [textbox|city] 'Oslo'"]),
    ('Move to element "#avatar"', ["hover [any|#avatar]"]),
    ("Pause for 3 seconds", ["wait '3'"]),
    ("Click the Apply button on the Filters page", ["click [button|apply]"]),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_reads_the_step_said_with_other_words(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Proceed with the rest of the form",  # no page, no element: nothing to act on
        "Provide a valid address",  # a description, not a value
        "Populate the form",  # no value given
        "Changes are saved",  # a noun before a copula: no verb "change"
        "Opens the invoice",  # a report of what the application does, not the tester's step
    ],
)
def test_a_rewording_never_guesses_an_action(line: str) -> None:
    with pytest.raises(PlanningError):
        parse_line(line)


def test_a_modal_said_at_length_is_read_by_a_template_not_leniently() -> None:
    steps = parse_line('Then I am able to see "Order placed"')
    assert [(s.action, s.value, s.read_as) for s in steps] == [
        ("assert_text", "Order placed", None)
    ]


def test_inflections_come_back_to_the_lexicons_verb() -> None:
    assert [plain_verb(w) for w in ("ticks", "goes", "copies", "ticked", "click")] == [
        "tick",
        "go",
        None,
        None,
        "click",
    ]


def test_third_person_leaves_a_subject_of_a_state_alone() -> None:
    words = [t.word for t in third_person(tokenize("Uploads are blocked"))]
    assert words == ["uploads", "are", "blocked"]


def test_rewordings_build_on_each_other() -> None:
    said = tokenize("The Apply button should become enabled in order to continue")
    assert [" ".join(t.word for t in r) for r in rewordings(said)] == [
        "the apply button should become enabled",
        "the apply button should be enabled",
    ]
