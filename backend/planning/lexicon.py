"""Words the rule planner knows: element kinds, ordinals, containers, keys, numbers, synonyms."""

from __future__ import annotations

ARTICLES: frozenset[str] = frozenset({"the", "a", "an"})

#: Words that may open a line without changing its meaning ("Then I click ...").
FILLERS: frozenset[str] = frozenset(
    {
        "then",
        "and",
        "but",
        "now",
        "please",
        "i",
        "next",
        "finally",
        "also",
        "afterwards",
        "given",
        "when",
        "he",
        "she",
        "we",
        "you",
        "instead",
    }
)

#: Kind words (one to three words) -> Target.kind. Longest phrase wins.
KINDS: dict[str, str] = {
    "button": "button",
    "radio button": "radio",
    "option button": "radio",
    "link": "link",
    "hyperlink": "link",
    "field": "textbox",
    "box": "textbox",
    "input": "textbox",
    "textbox": "textbox",
    "text field": "textbox",
    "text box": "textbox",
    "input field": "textbox",
    "inputfield": "textbox",
    "input box": "textbox",
    "text input": "textbox",
    "text area": "textbox",
    "textarea": "textbox",
    "editor": "editor",  # the page's multi-line text field (a wiki's, a CMS's)
    "text editor": "editor",
    "search box": "searchbox",
    "search field": "searchbox",
    "searchbox": "searchbox",
    "search input": "searchbox",
    "search bar": "searchbox",
    "dropdown": "combobox",
    "drop-down": "combobox",
    "drop down": "combobox",
    "select": "combobox",
    "select box": "combobox",
    "combobox": "combobox",
    "combo box": "combobox",
    "list": "list",  # a dropdown only where an option is selected from it (builders.select)
    "picker": "combobox",
    "checkbox": "checkbox",
    "check box": "checkbox",
    "check-box": "checkbox",
    "tickbox": "checkbox",
    "tick box": "checkbox",
    "radio": "radio",
    "tab": "tab",
    "menu item": "menuitem",
    "menuitem": "menuitem",
    "heading": "heading",
    "title heading": "heading",
    "icon": "img",
    "image": "img",
    "option": "option",
    "row": "row",
    "table row": "row",
    "switch": "checkbox",
    # issue 12: entries of a list ("the first search result", "the second item")
    "search result": "listitem",
    "entry": "listitem",
    "item": "listitem",
    "list item": "listitem",
    "todo": "listitem",
    # "type "x" in the focused field": the field that has focus
    "focused field": "focused",
    "focused input": "focused",
    "active field": "focused",
    "current field": "focused",
    "todo item": "listitem",
    "task": "listitem",
    "toggle": "checkbox",
    "toggle switch": "checkbox",
    # "Verify the dialog is no longer shown": the dialog itself (ARIA role dialog)
    "dialog": "dialog",
    "modal": "dialog",
    "dialog box": "dialog",
    "modal window": "dialog",
    "modal dialog": "dialog",
    "popup window": "dialog",
    "pop-up window": "dialog",
    "pop-up": "dialog",
    "popup": "dialog",
    # "Verify the toast says ...": the one visible alert (discovery/notices.py)
    "toast": "alert",
    "toast message": "alert",
    "toast notification": "alert",
    "snackbar": "alert",
    "notification message": "alert",
    # "Click the row link "5" (Anna Karenina)": a link or button inside a table row
    "row link": "link",
    "row button": "button",
}

#: Kinds whose element holds a value that `assert_value` can read.
INPUT_KINDS: frozenset[str] = frozenset({"textbox", "searchbox", "combobox"})

#: Words that put a name after a leading kind word ("the button labelled Save").
NAMING_WORDS: tuple[tuple[str, ...], ...] = (
    ("with", "the", "label"),
    ("with", "label"),
    ("with", "text"),
    ("labelled",),
    ("labeled",),
    ("called",),
    ("named",),
    ("titled",),
    ("saying",),
)

#: What a to-do list or a cart holds, one at a time ("the second todo", "the first item").
LIST_ENTRY_NOUNS = frozenset({"todo", "item", "entry", "task"})
#: The same, and what a table or a results list holds ("the row for X", "the third result").
ENTRY_NOUNS = LIST_ENTRY_NOUNS | {"row", "result", "line"}

ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
    "7th": 7,
    "8th": 8,
    "9th": 9,
    "10th": 10,
    # the last of several: Playwright's nth(-1)
    "last": -1,
    "final": -1,
}

#: "in the Contacts <container>" gives a Target its context.
CONTAINERS: frozenset[str] = frozenset(
    {
        "card",
        "panel",
        "pane",
        "dialog",
        "modal",
        "popup",
        "section",
        "region",
        "form",
        "row",
        "table",
        "sidebar",
        "toolbar",
        "header",
        "footer",
        "navigation",
        "area",
        "group",
    }
)
DIALOG_WORDS: frozenset[str] = frozenset({"dialog", "modal", "popup"})
CONTEXT_PREPOSITIONS: frozenset[str] = frozenset({"in", "inside", "within"})

#: Unquoted words that never belong to an element name: the clause is not a target.
NOT_IN_NAME: frozenset[str] = frozenset({"is", "are", "isn't", "aren't", "should", "must"})
#: Unquoted words that cannot open a target description.
NOT_FIRST_IN_TARGET: frozenset[str] = frozenset(
    {
        "in",
        "into",
        "inside",
        "with",
        "from",
        "to",
        "for",
        "on",
        "of",
        "at",
        "by",
        "that",
        "if",
        "check",
        "verify",
        "look",
        # "click outside the dialog", "click anywhere on the page": no element named
        "outside",
        "anywhere",
        "elsewhere",
        "somewhere",
    }
)
#: Unquoted values that are states, not text ("the heading is visible").
STATE_WORDS: frozenset[str] = frozenset(
    {"visible", "shown", "displayed", "hidden", "present", "invisible", "gone", "not", "empty"}
)

KEYS: dict[str, str] = {
    "enter": "Enter",
    "return": "Enter",
    "tab": "Tab",
    "escape": "Escape",
    "esc": "Escape",
    "space": "Space",
    "spacebar": "Space",
    "space bar": "Space",
    "backspace": "Backspace",
    "back space": "Backspace",
    "delete": "Delete",
    "del": "Delete",
    "home": "Home",
    "end": "End",
    "insert": "Insert",
    "page up": "PageUp",
    "pageup": "PageUp",
    "page down": "PageDown",
    "pagedown": "PageDown",
}
for _direction in ("up", "down", "left", "right"):
    _key = "Arrow" + _direction.capitalize()
    for _spelling in (_direction, f"arrow {_direction}", f"{_direction} arrow", _key.lower()):
        KEYS[_spelling] = _key
for _n in range(1, 13):
    KEYS[f"f{_n}"] = f"F{_n}"

MODIFIERS: dict[str, str] = {
    "ctrl": "Control",
    "control": "Control",
    "cmd": "Meta",
    "command": "Meta",
    "meta": "Meta",
    "alt": "Alt",
    "option": "Alt",
    "shift": "Shift",
}

NUMBER_WORDS: dict[str, int] = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}

#: Synonym groups, referred to as @NAME in rule templates. Alternatives are separated by |.
PHRASES: dict[str, str] = {
    "INTRO": "verify|assert|ensure|confirm|expect|validate|check|make sure|double-check",
    "IS": (
        "is|equals|is equal to|should be|should equal|should read|should say|must be|will be|"
        "reads|says|to be|to equal|=|=="
    ),
    "CONTAINS": (
        "contains|includes|has|mentions|should contain|should include|should have|"
        "should mention|must contain|to contain|to include|to have|"
        "still contains|still includes|still has"
    ),
    "HAS_VALUE": (
        "has value|has the value|has a value of|should have value|should have the value|"
        "must have value|to have value|to have the value|value is|value should be|value equals"
    ),
    "VISIBLE": (
        "is visible|is shown|is displayed|is present|is showing|appears|shows up|exists|"
        "are visible|are shown|are displayed|are present|should be visible|should be shown|"
        "should be displayed|should be present|should appear|should show up|must be visible|"
        "to be visible|to be shown|to be displayed|to appear|becomes visible|is on the page|"
        "should be there|is there|will be visible|will be shown|will be displayed|is listed|"
        "are listed|should be listed|pops up|pop up|should exist|must exist|still exists"
    ),
    "HIDDEN": (
        "is not visible|is not shown|is not displayed|is not present|is hidden|is invisible|"
        "is gone|is absent|is no longer visible|isn't visible|isn't shown|isn't displayed|"
        "disappears|are not visible|are not shown|are hidden|should not be visible|"
        "should not be shown|should not be displayed|should be hidden|should not appear|"
        "should disappear|must not be visible|to be hidden|not to be visible|to not be visible|"
        "to disappear|does not appear|doesn't appear|will be hidden|will not be visible|"
        "will not be shown|is unavailable|should be unavailable|should not be there|"
        "is no longer listed|is not listed|are no longer listed|should not be listed|"
        "is no longer shown|is no longer displayed|should not exist|does not exist|"
        "no longer exists|doesn't exist"
    ),
    "SHOWS": (
        "shows|displays|contains|includes|has|should show|should display|should contain|"
        "should include|should have"
    ),
    "SEE": "see|can see|should see|will see|must see|to see|expect to see|sees|visualize",
    # "the form is not submitted": a form the page refused (planning/discourse.SUBMITTER)
    "NOT_SENT": (
        "is not|was not|isn't|wasn't|should not be|must not be|shouldn't be|is never|"
        "has not been|hasn't been|does not get|doesn't get|never gets"
    ),
    "NOT_SEE": (
        "do not see|don't see|cannot see|can't see|can not see|should not see|shouldn't see|"
        "must not see|will not see"
    ),
    "ARE_SHOWN": (
        "are shown|are visible|are displayed|are listed|are present|are returned|are found|"
        "appear|is shown|is visible|is displayed|is listed|should be shown|should be visible|"
        "should be displayed|should be listed|should appear"
    ),
    "SHOWN": "shown|visible|displayed|listed|present|on the page|on screen|in the list",
    "THERE_ARE": "are|is|should be|must be|will be",
    "APPEAR": (
        "to appear|to be visible|to show|to show up|to be shown|to be displayed|appears|"
        "is visible|is shown|is displayed|shows up"
    ),
    "DISAPPEAR": (
        "to disappear|to be hidden|to vanish|to go away|to be gone|to close|disappears|"
        "is hidden|is gone|vanishes|goes away|closes|is not visible|is no longer visible"
    ),
    "SECONDS": "seconds|second|secs|sec|s",
    # "Wait for JupyterLab to load": whatever is named, the page is what loads (a part of it is
    # waited for by "wait for X to appear")
    "LOAD": (
        "to load|to finish loading|to be loaded|to be fully loaded|to fully load|loads|"
        "has loaded|is loaded|is fully loaded|finishes loading|has finished loading|to be ready|"
        "is ready|to start|to start up|has started"
    ),
    "LOAD_DONE": (
        "page load|the page load|page loading|the page loading|loading to finish|"
        "the loading to finish|loading to complete|the loading to complete"
    ),
    "CLICK": "click|click on|follow|left-click|left click|left-click on|left click on",
    "RIGHT_CLICK": (
        "right-click|right click|rightclick|right-click on|right click on|context-click|"
        "context click|context-click on|open the context menu of|open the context menu on|"
        "open the context menu for"
    ),
    "DBLCLICK": "double-click|double click|doubleclick|dblclick|double-tap|double tap",
    "HOVER": (
        "hover over|hover on|hover|mouse over|mouseover|move the mouse over|move the mouse to|"
        "hover the mouse over"
    ),
    #: press/hit/tap + a key is a key press; + a name, a button ("press Save").
    "PRESS": "press|hit|push|tap|tap on",
    "TYPE": "fill|fill in|type|type in|enter|input|put|write|key in|paste|insert",
    "INTO": "into|in|in to|inside",
    "FILL_WITH": "fill|fill in|fill out|complete",
    "SELECT": "select|choose|pick",
    "CHECK": "check|tick|check off|tick off|turn on|enable|switch on",
    "UNCHECK": "uncheck|untick|deselect|un-check|un-tick|turn off|disable|switch off",
    "TOGGLE": "toggle|flip",
    "GO_TO": "go to|navigate to|browse to|open|visit|load|head to",
    "IS_NOT": (
        "is not|isn't|is not equal to|does not equal|doesn't equal|should not be|shouldn't be|"
        "should not equal|must not be|will not be|won't be|not to be|to not be|not to equal|"
        "does not read|doesn't read|does not say|doesn't say|should not read|should not say|!="
    ),
    "NOT_CONTAINS": (
        "does not contain|doesn't contain|does not include|doesn't include|does not have|"
        "doesn't have|does not mention|doesn't mention|should not contain|shouldn't contain|"
        "should not include|shouldn't include|should not have|should not mention|"
        "must not contain|must not include|not to contain|to not contain|not to include|"
        "to not include|not to have"
    ),
    "SWITCH": "switch|switch back|jump|jump back|change",
    "FRAME": "frame|iframe|inline frame",
    "TAB": "tab|browser tab|window|browser window|page",
    "LEAVE_FRAME": (
        "leave|exit|get out of|step out of|switch out of|come out of|go out of|move out of"
    ),
    "MAIN_PAGE": (
        "main page|main document|main content|default content|top page|top frame|"
        "top-level page|parent page|parent frame|page itself|outer page|main frame|page"
    ),
}
