"""Every action a plan step can take, declared once: what it needs and the Playwright it runs.

The planner produces these names; discovery reads `roles`, `field` and `enabled`; the executor
runs `code` on live objects (browser/perform.py); the healer reads `heals` and `scroll_heal`;
codegen writes the same `code` as source (codegen/steps.py). Adding an action is one entry here
plus its tests (tests/unit/test_actions.py checks that every entry runs and renders).

`code` is one Python expression per line, with holes filled by both sides:
    {loc}    the element's locator            {root}   page, or the frame a step entered
    {value}  the step's value (text)          {count}  the value as a whole number
    {pattern} the value, or a regex of it for a "contains" check
    {contains} a regex of the value (a case-sensitive "contains", whatever the check)
    {url}    the URL to open                  {ms}     the value in seconds, as milliseconds
    {to}     `to_`, or `not_to_` for a negated check ("the title is not X")
    {text_check} `have_text` (equals) or `contain_text` (contains)
    {items}  the value as a list of texts ("pen|ink" -> ["pen", "ink"])
    {accept} / {dismiss}  a handler that accepts / dismisses a JavaScript dialog
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from backend.kinds import KIND_ROLES

#: How a step uses an element:
#: none      no element (navigate, assert_url);
#: one       exactly one element, which discovery finds (click, fill);
#: optional  an element when the step names one, else the page ("press Enter" / "... in Search");
#: direct    located from the description alone: it may be absent, or many (assert_hidden).
ElementUse = Literal["none", "one", "optional", "direct"]

_CLICKABLE = ("button", "link", "menuitem", "tab", "checkbox", "radio", "option", "switch")
_FIELD = KIND_ROLES["textbox"]
#: Roles tried for a kind-less target of an action with no roles of its own.
ANY_ROLES = (*_CLICKABLE, *_FIELD, "heading")


@dataclass(frozen=True)
class ActionSpec:
    """What one action means, for every part of the pipeline."""

    name: str
    element: ElementUse
    #: Lines run with an element (element "one"/"direct", or "optional" with a target), or the
    #: only lines (element "none"). Empty for `special` actions.
    code: tuple[str, ...] = ()
    #: Lines run when an "optional" step names no element.
    page_code: tuple[str, ...] = ()
    #: Roles discovery considers when the target names no kind (empty: any of ANY_ROLES).
    roles: tuple[str, ...] = ()
    #: Labels and placeholders are the natural names of the element (a field).
    field: bool = False
    #: The element must be enabled, not only visible, before the step runs.
    enabled: bool = False
    #: The element must be visible (False: "is hidden" checks find hidden elements too).
    visible: bool = True
    #: May start a navigation or a request the next step depends on: the executor settles.
    navigates: bool = False
    #: May open a new tab (a target=_blank link, a window.open handler).
    opens_tab: bool = False
    #: Loads a new document: a frame the run was in is left.
    new_document: bool = False
    #: The healer may scroll the element into view and retry.
    scroll_heal: bool = True
    #: The Oracle checks that the field kept the value the step gave it.
    keeps_value: bool = False
    #: Handled by name in the executor and codegen (frames, tabs, option lists).
    special: str | None = None
    #: Only looks at the page (a check) or arms a dialog handler: the page is as the step
    #: before left it, so the Oracle reads no alerts after it (that step's check did).
    looks_only: bool = False

    def needs_element(self, has_target: bool) -> bool:
        """Whether a step of this action acts on one element that discovery must find."""
        return self.element == "one" or (self.element == "optional" and has_target)

    def discovery_roles(self) -> tuple[str, ...]:
        """The roles to look for when the target names no kind."""
        return self.roles or ANY_ROLES


def _click(name: str, call: str, navigates: bool = True) -> ActionSpec:
    return ActionSpec(
        name,
        "one",
        (f"{{loc}}.{call}",),
        roles=_CLICKABLE,
        enabled=True,
        navigates=navigates,
        opens_tab=True,
    )


def _state_check(name: str, code: str) -> ActionSpec:
    return ActionSpec(name, "one", (code,), looks_only=True)


_SPECS: tuple[ActionSpec, ...] = (
    ActionSpec("navigate", "none", ("page.goto({url})",), new_document=True),
    ActionSpec("go_back", "none", ("page.go_back()",), new_document=True),
    ActionSpec("reload", "none", ("page.reload()",), new_document=True),
    ActionSpec("wait", "none", ("page.wait_for_timeout({ms})",)),
    # "Wait for the page to load": the document's load event, then no request for 500 ms (an
    # app that fetches its parts after the load event has them); the next step auto-waits too
    ActionSpec(
        "wait_load",
        "none",
        ('page.wait_for_load_state("load")', 'page.wait_for_load_state("networkidle")'),
    ),
    ActionSpec(
        "fill",
        "one",
        ("{loc}.fill({value})",),
        roles=_FIELD,
        field=True,
        enabled=True,
        keeps_value=True,
    ),
    ActionSpec("clear", "one", ("{loc}.clear()",), roles=_FIELD, field=True, enabled=True),
    # "type "x" in the editor at the end": the text goes after what the field holds
    ActionSpec(
        "append",
        "one",
        ('{loc}.press("Control+End")', "{loc}.press_sequentially({value})"),
        roles=_FIELD,
        field=True,
        enabled=True,
    ),
    ActionSpec(
        "press",
        "optional",
        ("{loc}.press({value})",),
        page_code=("page.keyboard.press({value})",),
        navigates=True,
        opens_tab=True,
    ),
    _click("click", "click()"),
    _click("dblclick", "dblclick()"),
    # "Open the reports folder": a click, or a double click on an entry of a list, tree or grid
    # (a click only selects a file browser's row); element_code() picks by the element found
    _click("open", "click()"),
    # a context menu, not a navigation
    _click("right_click", 'click(button="right")', navigates=False),
    ActionSpec("hover", "one", ("{loc}.hover()",), roles=_CLICKABLE),
    ActionSpec(
        "check",
        "one",
        ("{loc}.check()",),
        roles=("checkbox", "radio", "switch"),
        field=True,
        enabled=True,
        navigates=True,
        opens_tab=True,
    ),
    ActionSpec(
        "uncheck",
        "one",
        ("{loc}.uncheck()",),
        roles=("checkbox", "switch"),
        field=True,
        enabled=True,
        navigates=True,
    ),
    ActionSpec(
        "select",
        "one",
        roles=("combobox", "listbox"),
        field=True,
        enabled=True,
        navigates=True,
        opens_tab=True,
        special="select",
    ),
    ActionSpec("upload", "one", ("{loc}.set_input_files({value})",), enabled=True),
    ActionSpec("scroll", "one", ("{loc}.scroll_into_view_if_needed()",)),
    ActionSpec("switch_frame", "none", special="switch_frame"),
    ActionSpec("switch_tab", "none", special="switch_tab"),
    ActionSpec(
        "assert_text",
        "optional",
        ("expect({loc}).{to}{text_check}({value})",),
        # get_by_text pierces open shadow roots at every level (body innerText does not: a
        # toast inside two shadow roots is on screen and never seen), issue 13
        page_code=(
            "expect({root}.get_by_text({contains}).filter(visible=True).first).{to}be_visible()",
        ),
        scroll_heal=False,
        looks_only=True,
    ),
    ActionSpec(
        "assert_visible",
        "one",
        ("expect({loc}).to_be_visible()",),
        scroll_heal=False,
        looks_only=True,
    ),
    ActionSpec(
        "assert_hidden",
        "direct",
        ("expect({loc}).to_be_hidden()",),
        visible=False,
        looks_only=True,
    ),
    ActionSpec("assert_url", "none", ("expect(page).{to}have_url({pattern})",), looks_only=True),
    ActionSpec(
        "assert_title", "none", ("expect(page).{to}have_title({pattern})",), looks_only=True
    ),
    ActionSpec(
        "assert_value",
        "one",
        ("expect({loc}).{to}have_value({pattern})",),
        field=True,
        looks_only=True,
    ),
    ActionSpec(
        "assert_count", "direct", ("expect({loc}).to_have_count({count})",), looks_only=True
    ),
    # "the cart lists exactly "pen", "ink"": the list's entries are these texts, in order
    ActionSpec(
        "assert_items",
        "direct",
        ('expect({loc}.get_by_role("listitem")).to_have_text({items})',),
        looks_only=True,
    ),
    # ""pen" comes before "ink" [in the Fruits list]": these entries, in this order, others
    # may stand between (Playwright's to_contain_text with a list: a subset, in order); with no
    # list named, the page's list entries and table rows (an ordered result is often a table)
    ActionSpec(
        "assert_order",
        "optional",
        ('expect({loc}.get_by_role("listitem")).to_contain_text({items})',),
        page_code=(
            'expect({root}.get_by_role("listitem").or_({root}.get_by_role("row")))'
            ".to_contain_text({items})",
        ),
        roles=("list",),
        scroll_heal=False,
        looks_only=True,
    ),
    # "accept the dialog": the next JavaScript dialog (alert, confirm, prompt) is accepted; the
    # planner puts the step before the click that opens it (Playwright needs the handler first)
    ActionSpec("accept_dialog", "none", ('page.once("dialog", {accept})',), looks_only=True),
    ActionSpec("dismiss_dialog", "none", ('page.once("dialog", {dismiss})',), looks_only=True),
    _state_check("assert_enabled", "expect({loc}).to_be_enabled()"),
    _state_check("assert_disabled", "expect({loc}).to_be_disabled()"),
    _state_check("assert_checked", "expect({loc}).to_be_checked()"),
    _state_check("assert_unchecked", "expect({loc}).to_be_checked(checked=False)"),
)

#: The table, by action name.
ACTIONS: dict[str, ActionSpec] = {spec.name: spec for spec in _SPECS}

#: What `select` runs: a native <select> picks by label; a custom combobox is opened and its
#: option clicked (its options render only once it is open).
SELECT_NATIVE = ("{loc}.select_option(label={value})",)
#: The option a custom list means: named exactly so, or holding an element of exactly that text
#: (a lookup's option card is named "Edge Communications (512) 757-6000": title + subtext).
SELECT_OPTION = (
    'page.get_by_role("option", name={value}, exact=True)'
    '.or_(page.get_by_role("option").filter(has=page.get_by_text({value}, exact=True)))'
)
SELECT_CUSTOM = ("{loc}.click()", SELECT_OPTION + ".click()")

#: Tags of the boxes `fill` types into rather than fills: a code editor shown in place of a
#: hidden <textarea> (CodeMirror's <div class="CodeMirror">, Ace, Monaco), a rich-text box.
EDITOR_TAGS = frozenset({"div"})
#: What `fill` runs on such a box: focus it, select all it holds, type the text over it.
FILL_EDITOR = (
    "{loc}.click()",
    'page.keyboard.press("ControlOrMeta+A")',
    "page.keyboard.insert_text({value})",
)


def fill_code(tag: str) -> tuple[str, ...]:
    """The lines a `fill` runs on an element with this tag."""
    return FILL_EDITOR if tag in EDITOR_TAGS else ACTIONS["fill"].code


#: Roles of an entry in a list, tree or grid: a click selects it, a double click opens it.
ENTRY_ROLES = frozenset({"listitem", "treeitem", "row", "gridcell"})
#: Tags that act on a single click whatever they sit in.
_CONTROL_TAGS = frozenset({"a", "button", "input", "select", "textarea", "summary", "label"})


def opens_on_double_click(tag: str, role: str, ancestors: Sequence[str]) -> bool:
    """Whether "open" on this element is a double click: it is an entry of a list, tree or grid,
    or plain text (no role, no control) inside a list entry (`<li><span>reports</span></li>`)."""
    if role in ENTRY_ROLES:
        return True
    return not role and tag not in _CONTROL_TAGS and "li" in ancestors


def element_code(
    action: str, tag: str, role: str = "", ancestors: Sequence[str] = ()
) -> tuple[str, ...]:
    """The lines a step runs on the element it found (by its tag, role and first ancestors):
    a `fill` into a code editor types, an `open` on a list entry double-clicks."""
    if action == "fill":
        return fill_code(tag)
    if action == "open" and opens_on_double_click(tag, role, ancestors):
        return ACTIONS["dblclick"].code
    return ACTIONS[action].code


def spec_for(action: str) -> ActionSpec:
    """The spec of an action; an unknown name is a bug in the caller (the models validate)."""
    return ACTIONS[action]


#: Other names for an action, read as it ("type" into a field fills it, as Playwright's fill()).
ALIASES: dict[str, str] = {"type": "fill"}


def known_action(action: str) -> str:
    """`action` (or what its alias stands for) if the table has it; else a ValueError naming
    the known ones."""
    action = ALIASES.get(action, action)
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}; known: {', '.join(ACTIONS)}")
    return action


def negated(expect: str | None) -> bool:
    """Whether an assertion is a negated one ("the title is not X")."""
    return bool(expect and expect.startswith("not_"))


def exact(expect: str | None) -> bool:
    """Whether an assertion compares whole values (else: the value is contained)."""
    return expect in ("equals", "not_equals")


def check_words(expect: str | None) -> dict[str, str]:
    """The `{to}` and `{text_check}` holes for an assertion's `expect`."""
    return {
        "to": "not_to_" if negated(expect) else "to_",
        "text_check": "have_text" if exact(expect) else "contain_text",
    }


def items_of(value: str | None) -> list[str]:
    """An `assert_items` / `assert_order` step's value ("pen|ink") as the texts it checks."""
    return (value or "").split("|")


#: The `{accept}` / `{dismiss}` holes as generated source.
DIALOG_SOURCE = {
    "accept": "lambda dialog: dialog.accept()",
    "dismiss": "lambda dialog: dialog.dismiss()",
}


def count_of(value: str | None) -> int:
    """An `assert_count` step's value as a whole number; 0 when it is not one.

    Only ASCII digits count: `"²".isdigit()` is true, yet `int("²")` fails.
    """
    text = (value or "").strip()
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else 0


def seconds_ms(value: str | None) -> int:
    """A `wait` step's seconds (default 1) as whole milliseconds."""
    return int(float(value or "1") * 1000)
