"""The issue-12 classes of English written by others, with examples written for these tests
(none is a corpus line): each line must plan exactly the canonical steps given."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.planning.grammar import split_sentences
from backend.planning.rules import parse_line
from tests.helpers.plans import canon

CASES = [
    # notices: the toast is the one visible alert (discovery/notices.py)
    (
        """Verify the toast says 'Contact "Ada" was created'""",
        ["""assert_text [alert|] 'Contact "Ada" was created' equals"""],
    ),
    ('The snackbar reads "Undo"', ["assert_text [alert|] 'Undo' equals"]),
    ('Verify the toast contains "created"', ["assert_text [alert|] 'created' contains"]),
    ('the toast message shows "Saved"', ["assert_text [alert|] 'Saved' contains"]),
    ("Verify the toast is visible", ["assert_visible [alert|]"]),
    # a bracketed aside names where the element is
    ('Click the row link "5" (Anna Karenina)', ["click [link|5|in=anna karenina]"]),
    ('Click the row button "Edit" (Order 1042)', ["click [button|edit|in=order 1042]"]),
    ("Click Delete (for example on Draft.txt)", ["click [any|delete|in=draft.txt]"]),
    ('Click "Save" (the green one)', ["click [any|save (the green one)]"]),
    # what a field holds is the field
    ("Clear the text in the Notes field", ["clear [textbox|notes]"]),
    ("Empty the contents of the Comment box", ["clear [textbox|comment]"]),
    # a value typed "as" a label fills that text field
    ('Enter "bob@x.io" as the Email', ["fill [textbox|email] 'bob@x.io'"]),
    # counts: plural things, maybe where they are
    ("The basket shows 3 entries", ["assert_count [listitem||in=basket] '3'"]),
    ("There should be 2 tasks in the list", ["assert_count [listitem|] '2'"]),
    ("The orders table has 4 rows", ["assert_count [row||in=orders] '4'"]),
    ("The number of todos should be 5", ["assert_count [listitem|] '5'"]),
    ("Only one task remains", ["assert_count [listitem|] '1'"]),
    ('the badge shows "3 unread"', ["assert_text [any|badge] '3 unread' contains"]),
    # only these remain: the list holds exactly them
    ('Only one task remains, "ink"', ["assert_items [list|] 'ink'"]),
    ('Then only "ink" is left', ["assert_items [list|] 'ink'"]),
    # order: both entries of the list, in this order (assert_order)
    ('"pen" comes before "ink"', ["assert_order 'pen|ink'"]),
    # entries and the box next to a text
    ("Mark the second task as done", ["check [checkbox||in=listitem#2]"]),
    ('Tick the box beside "milk"', ["check [checkbox||near=milk]"]),
    ('The first search result should be "Docs"', ["assert_text [listitem||nth=1] 'Docs' contains"]),
    ('Then entry 3 should read "Tea"', ["assert_text [listitem||nth=3] 'Tea' contains"]),
    ('The 2nd task says "Tea"', ["assert_text [listitem||nth=2] 'Tea' contains"]),
    ("The task list should be empty", ["assert_count [listitem|] '0'"]),
    # several entries added: each typed into the field with focus, then Enter
    (
        'When I add tasks "tea" and "jam"',
        ["fill [focused|] 'tea'", "press 'Enter'", "fill [focused|] 'jam'", "press 'Enter'"],
    ),
    ('I enter the text "tea"', ["fill [focused|] 'tea'"]),
    # an entry named by its text is done when its checkbox is
    ('When I complete "tea"', ["check [checkbox||in=tea]"]),
    ('Then "tea" should be marked as done', ["assert_checked [checkbox||in=tea]"]),
    ('Then "tea" is not completed', ["assert_unchecked [checkbox||in=tea]"]),
    # keys with a purpose, values for a field, closing a dialog
    ("Hit Escape to close the menu", ["press 'Escape'"]),
    ("Press Enter to submit", ["press 'Enter'"]),
    ('Enter "ada" for the username', ["fill [textbox|username] 'ada'"]),
    ('Paste "hello" into the Notes box', ["fill [textbox|notes] 'hello'"]),
    ("Close the modal", ["click [button|close|in=dialog]"]),
    # checks in a region, links, the URL
    ('Then I should see "Ada" in the header', ["assert_text [any||in=header] 'Ada' contains"]),
    ('I should see "Ada" in the second row', ["assert_text [any||in=listitem#2] 'Ada' contains"]),
    ('There should be a link to "Help"', ["assert_visible [link|help]"]),
    ('I should be redirected to "/login"', ["assert_url '/login' contains"]),
    ('The URL should end with "/users"', ["assert_url '/users' contains"]),
    # the row or entry an element is in; a purpose or a place on the form is no part of a name
    ('Click the "Edit" link for "Ada"', ["click [link|edit|in=ada]"]),
    ("Click Edit on the Ada row", ["click [any|edit|in=ada]"]),
    ('Click "Delete" on the row with "Ada"', ["click [any|delete|in=ada]"]),
    ('Select the checkbox for "Ada"', ["check [checkbox||in=ada]"]),
    ("Click the site logo to go home", ["click [any|site logo]"]),
    ('Click the "Join" button at the bottom of the form', ["click [button|join]"]),
    # repeated clicks
    ('Click "Next" twice', ["click [any|next]", "click [any|next]"]),
    ("Click the Next button 3 times", ["click [button|next]"] * 3),
    # a control of the popup named by "its"
    ("Dismiss the popup with its close icon", ["click [img|close|in=dialog]"]),
    ('Close the dialog using its "Done" button', ["click [button|done|in=dialog]"]),
    # a scene with a title to check: the lenient reading
    ('You arrive at the invoice list, titled "Invoices".', ["assert_text 'Invoices' contains"]),
    # a label, a colon, the value; a dropdown named by its label, then the option
    ("Enter username: ada", ["fill [any|username] 'ada'"]),
    ('Select country "Norway"', ["select [combobox|country] 'Norway'"]),
    # a menu path: a click per step
    ("Go to Settings > Users", ["click [any|settings]", "click [any|users]"]),
    ('Click "File" -> "Save as"', ["click [any|file]", "click [any|save as]"]),
    # searches and repeated keys
    ("Search for shoes in the search bar", ["fill [searchbox|] 'shoes'"]),
    ('Search "shoes"', ["fill [searchbox|] 'shoes'"]),
    ("Press Tab twice", ["press 'Tab'", "press 'Tab'"]),
    # a message's own words, unquoted, written as sentences up to the line's end: the message
    # as the page shows it, its final period and the sentences after the first one kept
    (
        "The feedback should be Your basket is empty.",
        ["assert_text 'Your basket is empty.' contains"],
    ),
    (
        "And the error message should say Name is required. Please try again!",
        ["assert_text 'Name is required. Please try again!' contains"],
    ),
    (
        'Then the warning reads The file "a.txt" is too big. Pick a smaller one.',
        ["""assert_text 'The file "a.txt" is too big. Pick a smaller one.' contains"""],
    ),
    # an unquoted message with no final stop is read as before (no period to keep)
    (
        "The feedback should be Your basket is empty",
        ["assert_text 'Your basket is empty' contains"],
    ),
    # "try X" on a page of choices clicks X; "try to ...", "try again" name no control
    ("try google", ["click [any|google]"]),
    ('Try "Sign in with GitHub"', ["click [any|sign in with github]"]),
    # "view": a control by its kind, one's own thing by its link, else a page named in words
    ("View the Orders tab", ["click [tab|orders]"]),
    ("When I view my basket", ["click [any|basket]"]),
    ("View the order history", ["navigate [page|order history]"]),
    # a name that starts with "submit" is a button's
    ("And I click on submit order", ["click [button|submit order]"]),
    # "the X URL": the page named X (the site's own noun is not part of the name)
    ("Given I open the main site URL", ["navigate [page|main]"]),
    ("Open the billing app address", ["navigate [page|billing]"]),
    # "create a X titled T with F V": fill the title and the fields, then Create
    (
        'And I create a post titled "Hello" with body "First post" and tags "news"',
        [
            "fill [any|title] 'Hello'",
            "fill [any|body] 'First post'",
            "fill [any|tags] 'news'",
            "click [button|create]",
        ],
    ),
    ('Create a project named "Apollo"', ["fill [any|name] 'Apollo'", "click [button|create]"]),
    # a check under a condition: the fields left blank set the scene, "X is hit" clicks X
    (
        "Verify that if the Name field is left blank and the Save button is clicked, "
        'the page shows "Name is required"',
        ["click [button|save]", "assert_text 'Name is required' contains"],
    ),
    (
        'If the Send button is hit, "Sent" is shown',
        ["click [button|send]", "assert_text 'Sent' contains"],
    ),
    # a manual test case's third person is the step's imperative
    ("User clicks on the Login button", ["click [button|login]"]),
    ('The user enters "bob" in the Username field', ["fill [textbox|username] 'bob'"]),
    ('The customer selects "Blue" from the Colour dropdown', ["select [combobox|colour] 'Blue'"]),
    ("She presses Enter", ["press 'Enter'"]),
    # Cucumber's "When I change the <field> to "X"": edit the field, then save
    ('When I change the summary to "Short"', ["fill [any|summary] 'Short'", "click [button|save]"]),
    # JDI's element text: the whole text; a kind word inside the quotes names the kind
    (
        'Then "Save Button" text equals to "Save all"',
        ["assert_text [button|save] 'Save all' equals"],
    ),
    ('"Home Link" text contains "Home"', ["assert_text [link|home] 'Home' contains"]),
    ('the "Email" field text is "a@b.io"', ["assert_value [textbox|email] 'a@b.io' equals"]),
    ('Click "Help Link" in the footer', ["click [link|help|in=footer]"]),
    # SpecFlow's "I should see the title": the page title
    ('Then I should see the title "Orders | Shop"', ["assert_title 'Orders | Shop' equals"]),
    # a page "of the application" is that page
    ("Open the settings page of the application", ["navigate [page|settings]"]),
    ("I should be on the search page of the site", ["assert_url [page|search]"]),
    # "and" inside one page's name
    ("Go to the terms and conditions page", ["navigate [page|terms and conditions]"]),
]


@pytest.mark.parametrize(
    "line",
    [
        "Open the application",
        "Launch Firefox",
        "Environment: Chrome 120 on Linux",
        "See screenshot",
        'Given I have a project called "Apollo" with 2 notes',  # data: still set-up
    ],
)
def test_scene_setting_is_no_step(line: str) -> None:
    assert canon(line) == []


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_reads_as_labelled(line: str, expected: list[str]) -> None:
    assert canon(line) == expected


def test_a_bold_step_number_is_a_list_marker() -> None:
    assert split_sentences('**4.** Click "Save"') == ['Click "Save"']


def test_only_these_of_things_no_list_holds_stays_lenient() -> None:
    """ "only two customers remain" may be table rows: each name visible, marked lenient."""
    steps = parse_line('Only two customers remain, "Ada" and "Tim"')
    assert [(s.action, s.value, s.read_as) for s in steps] == [
        ("assert_text", "Ada", "lenient"),
        ("assert_text", "Tim", "lenient"),
    ]


def test_an_order_check_is_no_lenient_reading() -> None:
    steps = parse_line('"pen" comes before "ink"')
    assert [(s.action, s.read_as) for s in steps] == [("assert_order", None)]


@pytest.mark.parametrize(
    "line",
    [
        "Try the other way",
        "Enter valid email",
        "Search for something",  # what to search for is not given
        "The page should show an error",  # no text given
        "Fill details: Title, Name, Email",  # names fields, gives no value
        "Click the button that shows 3 items",  # an action, not a count
        'Type "hello" in the editor and save',  # "save" alone names nothing
        "The warning box should be visible",  # a message box with no text to check
        "An input will be brought forward",  # no field named, nothing quoted
        "The results page should show Paris as a blue link",
        'Click "Next" again and sign in with the new account',  # the second step is unreadable
        "Try to save the page",  # "try" + a purpose or a manner names no control
        "try again",
        "Try logging in twice",
        "When I view that product",  # a reference to an unnamed thing
        "View the details of any order",
        "And I have filter checkboxes",  # what the page offers, unnamed: no data set up
        "Then we have sort buttons",
        "When he logs in",  # no credentials given
        "The user likes the page",  # not a step's verb
        "The title should be shown",  # nothing quoted: no title to check
        'The "Save Button" text is bold',  # a style, no text quoted
        "When I sign in as manager",  # a log-in with no password
        "Go to the cart and the checkout page",  # two pages
    ],
)
def test_an_unreadable_action_stays_a_planning_error(line: str) -> None:
    with pytest.raises(PlanningError):
        canon(line)
