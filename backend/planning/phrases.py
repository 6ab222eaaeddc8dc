"""The rule planner's pattern tables: the first rule whose template fits a line and whose slots
read wins (the builders are in planning/builders.py)."""

from __future__ import annotations

from backend.planning.builders import (
    Rule,
    clear,
    count,
    field_holds,
    fill,
    frame,
    has_value,
    heading,
    is_empty,
    log_in,
    navigate,
    on_page,
    on_page_not,
    on_target,
    one,
    open,
    page_value,
    press,
    press_in,
    rule,
    search,
    select,
    select_element,
    set_to,
    subject,
    tab_named,
    tab_nth,
    target_contains,
    target_is,
    target_not,
    text,
    upload,
    wait,
)
from backend.planning.grammar import compile_template

# --- the pattern tables: the first rule whose template fits a line and whose slots read wins ---

ACTION_RULES: tuple[Rule, ...] = (
    rule(
        [
            "{go back|navigate back|go to the previous page|return to the previous page}",
            "{go|navigate} back to the previous page",
            "{press|click|hit|use} the [browser|browser's] back button",
            "[go] back again",
        ],
        lambda b: one("go_back"),
        "Go back",
    ),
    rule(
        [
            "{log in|login|log on|logon} as VALUE with [the] password SECRET",
            "{log in|login|log on|logon} with [the] username VALUE and [the] password SECRET",
        ],
        log_in("Log in"),
        "Log in as ${USER} with password ${PASS}",
    ),
    rule(
        [
            "{sign in|signin|sign on} as VALUE with [the] password SECRET",
            "{sign in|signin|sign on} with [the] username VALUE and [the] password SECRET",
        ],
        log_in("Sign in"),
        "Sign in as ${USER} with password ${PASS}",
    ),
    rule(
        [
            "@LEAVE_FRAME [the] [current|inline] @FRAME",
            "@SWITCH {to|into|over to} [the] @MAIN_PAGE",
            "@SWITCH {to|into|over to} [the] @MAIN_PAGE again",
        ],
        lambda b: one("switch_frame"),
        "Switch back to the main page",
        "Leave the frame",
    ),
    rule(
        [
            "@SWITCH {to|into|over to} [the] @FRAME",
            "@SWITCH {to|into|over to} [the] @FRAME NAME",
            "@SWITCH {to|into|over to} [the] NAME @FRAME",
        ],
        frame,
        'Switch to the frame "Card details"',
        "Switch to the payment frame",
    ),
    rule(
        [
            "@SWITCH {to|over to} [the] {new|newest|latest|other|newly opened|opened|popup|"
            "new popup} [@TAB]",
            "@SWITCH {to|over to} [the] {new|newest|latest|newly opened} @TAB that opened",
        ],
        lambda b: one("switch_tab", value="new"),
        "Switch to the new tab",
    ),
    rule(
        "@SWITCH {to|over to} [the] {original|initial|main|starting|opening} @TAB",
        lambda b: one("switch_tab", value="1"),
        "Switch back to the first tab",
    ),
    rule("@SWITCH {to|over to} [the] NTH @TAB", tab_nth, "Switch to the second tab"),
    rule(
        ["@SWITCH {to|over to} [the] @TAB NAME", "@SWITCH {to|over to} [the] NAME @TAB"],
        tab_named,
        'Switch to the tab "Help"',
    ),
    rule(
        "{reload|refresh} [the page|the browser|page]",
        lambda b: one("reload"),
        "Reload the page",
    ),
    rule(
        ["@GO_TO [the] [page|url|address] URL", "@GO_TO [the] URL page"],
        navigate,
        "Go to https://example.com/login",
        "Open /login",
    ),
    rule(
        ["search the {site|page|website|wiki} for VALUE", "search SITE for VALUE"],
        search,
        'Search Wikipedia for "Playwright (software)"',
    ),
    rule("search for VALUE", search, 'Search for "browser automation"'),
    rule(
        "search VALUE",
        lambda b: search(b) if len(b["VALUE"]) == 1 and b["VALUE"][0].quoted else None,
        'Search "shoes"',
    ),
    rule(
        "@FILL_WITH TARGET with VALUE",
        fill,
        'Fill the Email field with "ada@example.com"',
    ),
    rule(
        "@TYPE VALUE @INTO TARGET",
        fill,
        'Enter "alice" into the Username field',
        'Type "Ada Lovelace" into the Full name field',
    ),
    rule("{set|change} TARGET to VALUE", set_to, 'Set the Quantity field to "3"'),
    rule("{clear|empty} TARGET", clear, "Clear the Search field"),
    rule(
        "{erase|delete|remove} [all] [the] {text|contents|content|value} {in|from|of} TARGET",
        clear,
        "Delete the text in the Notes field",
    ),
    rule(
        "@SELECT [the] option VALUE {from|in|on} TARGET",
        select,
        'Choose option "Blue" from the Colour dropdown',
    ),
    rule(
        "@SELECT VALUE {from|in|on} TARGET",
        select,
        'Select "Norway" from the Country dropdown',
    ),
    rule("@SELECT TARGET", select_element, 'Select the "Express" radio button'),
    rule("@UNCHECK TARGET", on_target("uncheck", "checkbox"), 'Uncheck the "News" checkbox'),
    rule("@CHECK TARGET", on_target("check", "checkbox"), 'Check the "Releases" checkbox'),
    rule("@TOGGLE TARGET", on_target("click", "checkbox"), "Toggle the Dark mode switch"),
    rule("@DBLCLICK [on] TARGET", on_target("dblclick"), 'Double-click the "Notes" row'),
    rule("@RIGHT_CLICK TARGET", on_target("right_click"), "Right-click the Notes row"),
    rule("@HOVER TARGET", on_target("hover"), "Hover over the Help icon"),
    rule(
        "@PRESS KEY {in|on|into|inside} TARGET",
        press_in,
        "Press Enter in the search box",
    ),
    rule("@PRESS [on] THING", press, "Press Enter", "Press Control+A", "Press the Save button"),
    rule("@CLICK TARGET", on_target("click"), 'Click the "Sign in" button', "Click Save"),
    rule("wait [for] N @SECONDS", wait, "Wait 2 seconds"),
    rule(
        ["wait {for|until} THING @LOAD", "wait {for|until} @LOAD_DONE"],
        lambda b: one("wait_load"),
        "Wait for the page to load",
    ),
    rule(
        "wait {for|until} TARGET @APPEAR",
        on_target("assert_visible"),
        'Wait for the "Saved" message to appear',
    ),
    rule(
        "wait {for|until} TARGET @DISAPPEAR",
        on_target("assert_hidden"),
        "Wait for the Loading spinner to disappear",
    ),
    rule(
        ["scroll [down|up] to TARGET", "scroll TARGET into view"],
        on_target("scroll"),
        "Scroll to the Footer links",
    ),
    rule(
        "{upload|attach} VALUE {to|into|in|using} TARGET",
        upload,
        'Upload "cv.pdf" to the Resume field',
    ),
    rule("open TARGET", open, "Open the Settings tab"),
)

ASSERTION_RULES: tuple[Rule, ...] = (
    rule(
        "TARGET {is enabled|should be enabled|must be enabled|to be enabled|is not disabled|"
        "should not be disabled|isn't disabled|becomes enabled|becomes active|is active|"
        "should be active|is clickable|should be clickable|becomes clickable}",
        on_target("assert_enabled"),
        'Verify the "Save" button is enabled',
    ),
    rule(
        "TARGET {is disabled|should be disabled|must be disabled|to be disabled|is not enabled|"
        "should not be enabled|isn't enabled|is greyed out|is not active|is inactive|"
        "should not be active|is not clickable|should not be clickable|becomes disabled|"
        "becomes inactive}",
        on_target("assert_disabled"),
        'Verify the "Save" button is disabled',
    ),
    rule(
        "TARGET {is not checked|isn't checked|is unchecked|is not ticked|is unticked|is off|"
        "should be off|is switched off|is turned off|"
        "should not be checked|should be unchecked|to be unchecked|not to be checked|"
        "to not be checked|is not selected|should not be selected}",
        on_target("assert_unchecked"),
        'Verify the "News" checkbox is not checked',
    ),
    rule(
        "TARGET {is checked|is ticked|is selected|should be checked|should be ticked|is on|"
        "should be on|is switched on|is turned on|"
        "should be selected|must be checked|to be checked|to be ticked|to be selected}",
        on_target("assert_checked"),
        'Verify the "Releases" checkbox is checked',
    ),
    rule(
        "[the] [current|page|browser] {url|address|location} @NOT_CONTAINS VALUE",
        page_value("assert_url", "not_contains"),
        'Verify the URL does not contain "/login"',
    ),
    rule(
        "[the] [current|page|browser] {url|address|location} @IS_NOT VALUE",
        page_value("assert_url", "not_equals"),
        'Verify the URL is not "https://example.com/login"',
    ),
    rule(
        "{am not|am no longer|should not be|shouldn't be|should no longer be|must not be|"
        "am not still|should not still be} on [the page] VALUE",
        on_page_not,
        "I should not be on /login",
    ),
    rule(
        "[the] [page|window|tab|browser|document] title @NOT_CONTAINS VALUE",
        page_value("assert_title", "not_contains"),
        'Verify the title does not contain "Error"',
    ),
    rule(
        "[the] [page|window|tab|browser|document] title @IS_NOT VALUE",
        page_value("assert_title", "not_equals"),
        'Verify the title is not "Error"',
    ),
    rule(
        "[the] [page|main] {heading|h1} @NOT_CONTAINS VALUE",
        heading("not_contains"),
        'Verify the heading does not contain "Error"',
    ),
    rule(
        "[the] [page|main] {heading|h1} @IS_NOT VALUE",
        heading("not_equals"),
        'Verify the heading is not "Log in"',
    ),
    rule(
        "[the] [current|page|browser] {url|address|location} @CONTAINS VALUE",
        page_value("assert_url", "contains"),
        'Verify the URL contains "/account"',
    ),
    rule(
        "[the] [current|page|browser] {url|address|location} @IS VALUE",
        page_value("assert_url", "equals"),
        'Verify the URL is "https://example.com/account"',
    ),
    rule(
        "{am|am now|should be|should now be|end up|should end up|land|should land} on [the page] "
        "VALUE",
        on_page,
        "I should be on /account",
    ),
    rule(
        "[the] [page|window|tab|browser|document] title @CONTAINS VALUE",
        page_value("assert_title", "contains"),
        'Verify the title contains "Playwright"',
    ),
    rule(
        "[the] [page|window|tab|browser|document] title @IS VALUE",
        page_value("assert_title", "equals"),
        'Verify the page title is "Dashboard"',
    ),
    rule(
        "[the] [page|main] {heading|h1} @CONTAINS VALUE",
        heading("contains"),
        'Verify the heading contains "Playwright"',
    ),
    rule(
        "[the] [page|main] {heading|h1} @IS VALUE",
        heading("equals"),
        'Verify the heading is "Welcome, alice"',
    ),
    rule(
        [
            "there @THERE_ARE [exactly|only] N THINGS [@SHOWN]",
            "[exactly|only] N THINGS @ARE_SHOWN",
            "@SEE [exactly|only] N THINGS",
        ],
        count,
        "Verify 3 results are shown",
        "Verify there are 2 Edit links",
    ),
    rule(
        "[the] value of TARGET @IS VALUE",
        has_value("equals"),
        'Verify the value of the Email field is "ada@example.com"',
    ),
    rule(
        [
            "TARGET @HAS_VALUE VALUE",
            "TARGET {is|should be|must be} {filled|filled in|prefilled|pre-filled|populated|"
            "pre-populated|prepopulated} with VALUE",
            "TARGET {is|should be|must be} set to VALUE",
            "TARGET {defaults|should default} to VALUE",
        ],
        has_value("equals"),
        'Verify the Username field has value "alice"',
    ),
    rule(
        "VALUE {is|should be|must be|appears|is displayed|is shown|should be displayed|"
        "should be shown|is entered|should be entered} {in|inside} TARGET",
        field_holds,
        '"alice" should be in the Username field',
    ),
    rule(
        "TARGET {is empty|should be empty|to be empty|is blank|should be blank}",
        is_empty,
        "Verify the Notes field is empty",
    ),
    rule(
        "[the] text VALUE @HIDDEN",
        text("assert_hidden"),
        'Verify that text "Loading" is not visible',
    ),
    rule(
        ["@NOT_SEE [the text|text] SUBJECT", "SUBJECT @HIDDEN"],
        subject(visible=False),
        'Verify the "Delete" button is hidden',
    ),
    rule(
        ["[the] text VALUE @VISIBLE", "[the] page @SHOWS [the text|text] VALUE"],
        text("assert_text"),
        'Verify that text "Preferences saved" is visible',
        'Verify the page shows "Welcome"',
    ),
    rule(
        ["@SEE [the text|text] SUBJECT", "SUBJECT @VISIBLE"],
        subject(visible=True),
        'I should see "Welcome back"',
        'Verify the "Save" button is visible',
    ),
    rule(
        "[the] page @NOT_CONTAINS [the text|text] VALUE",
        text("assert_hidden"),
        'Verify the page does not contain "Error"',
    ),
    rule(
        "TARGET @NOT_CONTAINS VALUE",
        target_not("not_contains"),
        'Verify the Email field does not contain "admin"',
    ),
    rule(
        "TARGET @IS_NOT VALUE",
        target_not("not_equals"),
        'Verify the Email field is not "admin"',
    ),
    rule(
        "TARGET @CONTAINS VALUE",
        target_contains,
        'Verify the Search field contains "Playwright"',
    ),
    rule("TARGET @IS VALUE", target_is, 'Verify the Username field is "alice"'),
)

INTROS = compile_template("@INTRO [that]")
EXAMPLES: tuple[str, ...] = tuple(
    dict.fromkeys(e for r in (*ACTION_RULES, *ASSERTION_RULES) for e in r.examples)
)
