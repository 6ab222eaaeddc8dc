"""The rule planner on classes found in tickets written for real apps (issue 12): results
sections, "Check ... is shown" as a check, regions named after "in" / "under", fronted scenes,
references ("its", "that row's", "the input that appears"), lists in order, dialogs, "as"."""

from __future__ import annotations

import pytest

from backend.errors import PlanningError
from backend.models import Requirement, Target
from backend.planning.rules import parse_line, plan_requirement


def _read(line: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [
        (s.action, s.target.canonical() if s.target else None, s.value, s.expect)
        for s in parse_line(line)
    ]


def _plan(body: str) -> list[tuple[str, str | None, str | None, str | None]]:
    plan = plan_requirement(Requirement(name="t", body=body, url="about:blank"))
    return [
        (s.action, s.target.canonical() if s.target else None, s.value, s.expect)
        for s in plan.steps
    ]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        # Lightning: the region after "in" is context, not part of the name
        ('Click "Contacts" in the App Launcher', "any|contacts|in=app launcher"),
        ("Click New in the Cases related list", "any|new|in=cases"),
        # JupyterLab's "File Browser": "browser" is part of the name, not what the region is
        ('Click "notes.md" in the file browser', "any|notes.md|in=file browser"),
        ('Click the "start" link in the "You are here" breadcrumb', "link|start|in=you are here"),
        ('Click "Cleaning schedule" under Housekeeping', "any|cleaning schedule|in=housekeeping"),
        (
            'Click "Python 3 (ipykernel)" under Notebook in the Launcher',
            "any|python 3 (ipykernel)|in=notebook",
        ),
        ('Click the "hotel" database in the navigation panel', "any|hotel|in=navigation"),
        ('Click "Send invite" without typing anything', "any|send invite"),
        ("Click Save again", "any|save"),
        ("Click Save in the dialog", "any|save|in=dialog"),
        ("Click the Open in New Tab button", "button|open in new tab"),
        ("Click Log in", "any|log in"),
    ],
)
def test_a_region_after_in_or_under_scopes_the_click(line: str, want: str) -> None:
    assert _read(line) == [("click", want, None, None)]


def test_check_that_something_is_shown_is_a_check_not_a_checkbox() -> None:
    assert _read('Check the brand "Shop Back Office" is shown in the top bar.') == [
        ("assert_text", "any||in=top bar", "Shop Back Office", "contains")
    ]
    steps = parse_line('Check that "Ana Silva" and "Housekeeping lead" are listed')
    assert [(s.action, s.value) for s in steps] == [
        ("assert_text", "Ana Silva"),
        ("assert_text", "Housekeeping lead"),
    ]
    assert _read('Check the "Remember me" checkbox') == [
        ("check", "checkbox|remember me", None, None)
    ]


def test_a_lone_results_header_opens_a_section_of_checks() -> None:
    body = (
        '1. Click "Science fiction" in the genre facet.\n\n'
        "Expected:\n"
        '- the URL contains "genre=Science+fiction"\n'
        '- "Foundation" is listed\n'
        '- "Emma" is not listed\n'
        '- "Single" costs "80 EUR"\n'
    )
    assert _plan(body) == [
        ("click", "any|science fiction|in=genre", None, None),
        ("assert_url", None, "genre=Science+fiction", "contains"),
        ("assert_text", None, "Foundation", "contains"),
        ("assert_hidden", "text|emma", None, None),
        ("assert_text", None, "Single", "contains"),
        ("assert_text", None, "80 EUR", "contains"),
    ]
    steps = plan_requirement(Requirement(name="t", body=body, url="about:blank")).steps
    assert [s.read_as for s in steps][-2:] == ["lenient", "lenient"]


@pytest.mark.parametrize("header", ["Expected:", "Expected result:", "Then:", "**Expected:**"])
def test_every_results_header_plans_no_step(header: str) -> None:
    assert _plan(f'{header}\n- "Saved" is shown\n') == [("assert_text", None, "Saved", "contains")]


def test_steps_header_closes_the_results_section_and_actions_still_read() -> None:
    body = 'Steps:\n1. Click Save\n\nExpected:\n- "Saved" is shown\n- click Close\n'
    assert _plan(body) == [
        ("click", "any|save", None, None),
        ("assert_text", None, "Saved", "contains"),
        ("click", "any|close", None, None),
    ]


def test_results_without_anything_to_check_stay_unreadable() -> None:
    with pytest.raises(PlanningError):
        _plan("Expected:\n- the form is not submitted\n")
    with pytest.raises(PlanningError):
        parse_line("Check that the form is valid")


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ('In the available facet, click "0".', [("click", "any|0|in=available", None, None)]),
        (
            'Under Quick links, click "Room rates"',
            [("click", "any|room rates|in=quick links", None, None)],
        ),
        (
            'On the Order list, click "Add Filter" and type "shipped" in the filter box',
            [
                ("click", "any|add filter", None, None),
                ("fill", "textbox|filter", "shipped", None),
            ],
        ),
        ("On the Staff handbook page, look at the Pricing section.", []),
        (
            'On the Register form, click "Sign in"',
            [("click", "any|sign in|in=register form", None, None)],
        ),
        (
            'you arrive back at the order list; the URL contains "/admin/order/"',
            [("assert_url", None, "/admin/order/", "contains")],
        ),
    ],
)
def test_a_fronted_scene_scopes_the_steps_or_plans_nothing(
    line: str, want: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    assert _read(line) == want


def test_references_inside_a_line_and_across_lines() -> None:
    assert _read("Hover over the first todo and click its delete button") == [
        ("hover", "listitem||nth=1", None, None),
        ("click", "button|delete|in=listitem#1", None, None),
    ]
    assert _plan('Click the "Ada" row.\nThat row\'s toggle is off.') == [
        ("click", "row|ada", None, None),
        ("assert_unchecked", "checkbox||in=ada", None, None),
    ]
    assert _read('Type "x" into the input that appears') == [("fill", "focused|", "x", None)]
    assert _read("the first todo's checkbox should be checked") == [
        ("assert_checked", "checkbox||in=listitem#1", None, None)
    ]


@pytest.mark.parametrize(
    ("line", "want"),
    [
        ("Toggle the first todo", [("click", "checkbox||in=listitem#1", None, None)]),
        (
            'The todo "milk" should be completed',
            [("assert_checked", "checkbox||in=milk", None, None)],
        ),
        (
            'The list contains "a" and "b" in that order',
            [("assert_items", "list|", "a|b", None)],
        ),
        ('The todos should be "a", "b", "c"', [("assert_items", "list|", "a|b|c", None)]),
        (
            'The menu offers a "Reports" link and a "Settings" link',
            [
                ("assert_visible", "link|reports", None, None),
                ("assert_visible", "link|settings", None, None),
            ],
        ),
        (
            "Pick Red, Green and Blue",
            [
                ("check", "any|red", None, None),
                ("check", "any|green", None, None),
                ("check", "any|blue", None, None),
            ],
        ),
        ("Open the Advanced panel", [("click", "any|advanced", None, None)]),
        ("Verify the dialog is no longer shown", [("assert_hidden", "dialog|", None, None)]),
        ("The dialog closes", [("assert_hidden", "dialog|", None, None)]),
        ("Confirm the browser dialog.", [("accept_dialog", None, None, None)]),
        ("Confirm the deletion dialog", [("accept_dialog", None, None, None)]),
        (
            'Accept the confirmation "Are you sure you want to delete this record?".',
            [("accept_dialog", None, None, None)],
        ),
        ("Confirm with OK in the dialog", [("click", "button|ok|in=dialog", None, None)]),
        (
            'Choose "title" as the column',
            [("select", "combobox|column", "title", None)],
        ),
        (
            'Replace the SQL with "select 1"',
            [("fill", "any|sql", "select 1", None)],
        ),
        ('Go to page "2" of the list.', [("click", "link|2", None, None)]),
        ("Go to the Notifications tab", [("click", "tab|notifications", None, None)]),
        ("Go back using the browser's back button", [("go_back", None, None, None)]),
        (
            'Type the user name "bob" and the password "pw" in the form',
            [("fill", "any|user name", "bob", None), ("fill", "any|password", "pw", None)],
        ),
        (
            'Sign in with user "hotel" and password "pw".',
            [
                ("fill", "textbox|username", "hotel", None),
                ("fill", "textbox|password", "pw", None),
                ("click", "button|sign in", None, None),
            ],
        ),
        ("Leave the Name field empty.", []),
        ('The page "Opening hours" opens.', [("assert_text", None, "Opening hours", "contains")]),
        ('Type "x" in the focused field', [("fill", "focused|", "x", None)]),
        (
            'Verify that an error message "Invalid email" is displayed',
            [("assert_text", None, "Invalid email", "contains")],
        ),
        (
            'The user should see the error "Wrong password"',
            [("assert_text", None, "Wrong password", "contains")],
        ),
        (
            'The "Sign in" modal window is opened',
            [("assert_visible", "dialog|sign in", None, None)],
        ),
        ('The "Save" button becomes active', [("assert_enabled", "button|save", None, None)]),
        (
            'Enter valid email "a@b.io" in the Email field',
            [("fill", "textbox|email", "a@b.io", None)],
        ),
        ('Enter password "Qwerty123!"', [("fill", "any|password", "Qwerty123!", None)]),
        (
            "Enter a test email address (e.g., t@a.com) in the subscription field.",
            [("fill", "textbox|subscription", "t@a.com", None)],
        ),
        (
            "Click on user avatar in the top right corner",
            [("click", "any|user avatar", None, None)],
        ),
        (
            'Click "Log out" from the dropdown menu',
            [("click", "any|log out|in=dropdown menu", None, None)],
        ),
        ("Verify text 'SUBSCRIPTION'", [("assert_text", None, "SUBSCRIPTION", "contains")]),
        (
            "Verify success message 'Thank you.'",
            [("assert_text", None, "Thank you.", "contains")],
        ),
        (
            "Click 'X' button corresponding to particular product",
            [("click", "button|x", None, None)],
        ),
        (
            "Click on 'View Product' for any product on home page",
            [("click", "any|view product", None, None)],
        ),
        (
            "Clicking this option should bring the user to the sign in page.",
            [("assert_url", "page|sign in", None, None)],
        ),
    ],
)
def test_issue_classes(
    line: str, want: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    assert _read(line) == want


def test_a_negated_action_is_no_step_and_instead_is_not_a_name() -> None:
    assert _plan("Don't save yet; instead click the page title.") == [
        ("click", "any|page title", None, None)
    ]
    assert _read('Do not submit; click "Cancel" instead') == [("click", "any|cancel", None, None)]


def test_fill_in_a_field_with_a_value_is_still_one_fill() -> None:
    assert _read('I fill in "Login" with "jdoe"') == [("fill", "any|login", "jdoe", None)]


@pytest.mark.parametrize(
    "line",
    [
        "The field is highlighted in red",
        "Modify something so the Submit button becomes active",
        "Enter product name in search input and click search button",
        "Enter description in the comment box",
        'Click on the "Up" or "Down" button',
    ],
)
def test_states_and_descriptions_are_not_read_as_values_or_names(line: str) -> None:
    with pytest.raises(PlanningError):
        parse_line(line)


def test_gherkin_headers_and_ticket_notes_plan_no_step_and_close_a_results_section() -> None:
    body = (
        "Feature: Todo list\n"
        "Scenario: Adding a todo\n"
        "Preconditions: the user is logged in\n"
        "Expected:\n"
        '- "Saved" is shown\n'
        "Scenario: Removing a todo\n"
        "Given I'm on the login page\n"
        'When I log in with "bob" and "secret"\n'
    )
    assert _plan(body) == [
        ("assert_text", None, "Saved", "contains"),
        ("navigate", "page|login", None, None),
        ("fill", "textbox|username", "bob", None),
        ("fill", "textbox|password", "secret", None),
        ("click", "button|log in", None, None),
    ]
    with pytest.raises(PlanningError):
        parse_line("Log in with admin and secret")  # no quotes: not a user and a password


def test_the_url_still_contains_is_a_url_check() -> None:
    # Flask-Admin's "Save and Add Another" ticket: "still" before the verb (issue 13)
    assert _read('Verify the URL still contains "/admin/customer/new/"') == [
        ("assert_url", None, "/admin/customer/new/", "contains")
    ]


def test_dismissing_a_dialog_already_on_the_page_presses_escape() -> None:
    # JupyterLab's About box is on the page: no JavaScript dialog can come after the step
    body = '1. Click "About"\n2. Verify "Version" is shown\n3. Dismiss the dialog'
    assert _plan(body)[-1] == ("press", None, "Escape", None)
    # before the click that opens a JavaScript confirm, it is still the handler
    actions = [a for a, *_ in _plan('1. Dismiss the dialog\n2. Click "Delete"')]
    assert actions[-2:] == ["dismiss_dialog", "click"]


@pytest.mark.parametrize(
    "said",
    [
        "the form is not submitted",
        "The customer form was not submitted",
        "the form isn't saved",
        "the form does not submit",
    ],
)
def test_the_form_is_not_submitted_checks_its_submit_button_is_still_shown(said: str) -> None:
    # Flask-Admin's "Name is mandatory" ticket: a refused form keeps its Save button on screen
    # (read leniently: a form that is sent leaves the page or replaces it)
    body = (
        f'1. Type "x@y.org" into the Email field.\n2. Click the "Save" button.\nExpected: {said}.'
    )
    plan = plan_requirement(Requirement(name="t", body=body, url="about:blank"))
    check = plan.steps[-1]
    assert (check.action, check.read_as) == ("assert_visible", "lenient")
    assert check.target == plan.steps[1].target == Target(kind="button", name="Save")
    # a key press with no element: the field it was pressed in
    body = '1. Type "x" into the Email field.\n2. Press Enter.\n3. The form is not submitted.'
    assert _plan(body)[-1] == ("assert_visible", "textbox|email", None, None)
    with pytest.raises(PlanningError, match="no click or key press before it"):
        plan_requirement(Requirement(name="t", body=f"1. {said}.", url="about:blank"))
