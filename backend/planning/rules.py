"""The rule-based planner: Markdown English -> lines -> phrase templates -> Steps."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, islice, pairwise

from backend.errors import PlanningError
from backend.models import Action, Match, Plan, Requirement, Step, Target
from backend.planning.grammar import (
    Bindings,
    Template,
    Token,
    clean_line,
    compile_template,
    mask_quotes,
    match,
    read_context,
    read_count_target,
    read_key,
    read_number,
    read_option,
    read_target,
    read_url,
    read_value,
    split_compounds,
    split_sentences,
    tokenize,
)
from backend.planning.lexicon import (
    ARTICLES,
    CONTEXT_PREPOSITIONS,
    FILLERS,
    INPUT_KINDS,
    NAMING_WORDS,
    ORDINALS,
)

__all__ = ["parse_line", "plan_requirement", "split_sentences"]

Build = Callable[[Bindings], list[Step] | None]


@dataclass(frozen=True)
class Rule:
    """Phrase templates, what they mean, and examples to suggest when a line fits none."""

    templates: tuple[Template, ...]
    build: Build
    examples: tuple[str, ...]


def _rule(templates: str | Sequence[str], build: Build, *examples: str) -> Rule:
    texts = [templates] if isinstance(templates, str) else list(templates)
    return Rule(tuple(compile_template(t) for t in texts), build, examples)


def _one(
    action: Action,
    target: Target | None = None,
    value: str | None = None,
    expect: Match | None = None,
) -> list[Step]:
    return [Step(action=action, target=target, value=value, expect=expect)]


# --- what each phrase means -----------------------------------------------------------------


def _navigate(b: Bindings) -> list[Step] | None:
    url = read_url(b["URL"])
    return _one("navigate", value=url) if url else None


def _search(b: Bindings) -> list[Step] | None:
    value = read_value(b["VALUE"])
    site = b.get("SITE")
    if site is None:
        name = ""
    elif len(site) == 1 and site[0].quoted:
        name = "Search " + site[0].text
    elif all(not t.quoted and t.text[:1].isupper() for t in site):
        name = "Search " + " ".join(t.text for t in site)
    else:
        return None
    return _one("fill", Target(kind="searchbox", name=name), value) if value is not None else None


def _fill(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    return _one("fill", target, value) if target and value is not None else None


def _set_to(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None:
        return None
    return _one("select" if target.kind == "combobox" else "fill", target, value)


def _select(b: Bindings) -> list[Step] | None:
    as_target = read_target(b["VALUE"])
    if as_target is not None and as_target.kind not in (None, "option"):
        return None  # "select the Save button in the dialog" names no option
    target, value = read_target(b["TARGET"], "combobox"), read_option(b["VALUE"])
    return _one("select", target, value) if target and value is not None else None


def _select_element(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    if target is None:
        return None
    if target.kind in ("checkbox", "radio"):
        return _one("check", target)
    if target.kind in ("tab", "option", "menuitem", "link", "button"):
        return _one("click", target)
    return None


def _on_target(action: Action, default_kind: str | None = None) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        target = read_target(b["TARGET"], default_kind)
        return _one(action, target) if target else None

    return build


def _clear(b: Bindings) -> list[Step] | None:
    """`Clear the X checkbox` unticks it; any other target is emptied."""
    target = read_target(b["TARGET"])
    if target is None:
        return None
    return _one("uncheck" if target.kind == "checkbox" else "clear", target)


def _press_in(b: Bindings) -> list[Step] | None:
    key, target = read_key(b["KEY"]), read_target(b["TARGET"])
    return _one("press", target, key) if key and target else None


def _press(b: Bindings) -> list[Step] | None:
    """press/hit/tap a key is a key press; anything else is a button ("press Save")."""
    key = read_key(b["THING"])
    if key:
        return _one("press", value=key)
    target = read_target(b["THING"], "button")
    return _one("click", target) if target else None


def _open(b: Bindings) -> list[Step] | None:
    if read_url(b["TARGET"]):
        return None
    return _on_target("click")(b)


def _on_page(b: Bindings) -> list[Step] | None:
    url = read_url(b["VALUE"])
    return _one("assert_url", value=url, expect="contains") if url else None


def _on_page_not(b: Bindings) -> list[Step] | None:
    url = read_url(b["VALUE"])
    return _one("assert_url", value=url, expect="not_contains") if url else None


def _wait(b: Bindings) -> list[Step] | None:
    seconds = read_number(b["N"], extra={"a": 1, "an": 1})
    return _one("wait", value=seconds) if seconds else None


def _upload(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    return _one("upload", target, value) if target and value else None


def _name_of(tokens: Sequence[Token]) -> str | None:
    """The name in "the frame titled X", "the tab "Help"", "the payment frame": a value."""
    toks = list(tokens)
    for naming in NAMING_WORDS:
        if len(toks) > len(naming) and all(toks[k].word == w for k, w in enumerate(naming)):
            toks = toks[len(naming) :]
            break
    if any(t.word in ("is", "are", "should", "in", "to") for t in toks):
        return None
    return read_value(toks)


def _frame(b: Bindings) -> list[Step] | None:
    name = _name_of(b["NAME"]) if "NAME" in b else ""
    return _one("switch_frame", Target(name=name)) if name is not None else None


def _tab_named(b: Bindings) -> list[Step] | None:
    name = _name_of(b["NAME"])
    return _one("switch_tab", Target(name=name)) if name else None


def _tab_nth(b: Bindings) -> list[Step] | None:
    toks = b["NTH"]
    if len(toks) != 1 or toks[0].word not in ORDINALS:
        return None
    return _one("switch_tab", value=str(ORDINALS[toks[0].word]))


def _page_value(action: Action, expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        value = read_value(b["VALUE"], state_ok=expect == "contains")
        return _one(action, value=value, expect=expect) if value is not None else None

    return build


def _heading(expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        value = read_value(b["VALUE"], state_ok=expect == "contains")
        if value is None:
            return None
        return _one("assert_text", Target(kind="heading", name=""), value, expect)

    return build


def _count(b: Bindings) -> list[Step] | None:
    number, target = read_number(b["N"], extra={"no": 0}), read_count_target(b["THINGS"])
    return _one("assert_count", target, number) if number and target else None


def _has_value(expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
        return _one("assert_value", target, value, expect) if target and value is not None else None

    return build


def _is_empty(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    return _one("assert_value", target, "", "equals") if target else None


def _target_contains(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None:
        return None
    action: Action = "assert_value" if target.kind in INPUT_KINDS else "assert_text"
    return _one(action, target, value, "contains")


def _target_not(expect: Match) -> Build:
    """`the Email field is not "x"`, `the heading does not contain "x"`: negated checks."""

    def build(b: Bindings) -> list[Step] | None:
        target = read_target(b["TARGET"])
        value = read_value(b["VALUE"], state_ok=False)
        if target is None or value is None:
            return None
        if target.kind in INPUT_KINDS:
            return _one("assert_value", target, value, expect)
        if target.kind == "heading" or expect == "not_contains":
            return _one("assert_text", target, value, expect)
        return None

    return build


def _target_is(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"], state_ok=False)
    if target is None or value is None:
        return None
    if target.kind in INPUT_KINDS:
        return _one("assert_value", target, value, "equals")
    if target.kind == "heading":
        return _one("assert_text", target, value, "equals")
    return None


def _text(action: Action) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        value = read_value(b["VALUE"])
        if value is None:
            return None
        if action == "assert_hidden":
            return _one(action, Target(kind="text", name=value))
        return _one(action, value=value, expect="contains")

    return build


def _subject(visible: bool) -> Build:
    """`X is visible`: an element with a kind word is looked for as an element, else as text."""

    def build(b: Bindings) -> list[Step] | None:
        target, value = read_target(b["SUBJECT"]), read_value(b["SUBJECT"])
        if target is not None and target.kind is not None:
            return _one("assert_visible" if visible else "assert_hidden", target)
        if value is not None:
            if visible:
                return _one("assert_text", value=value, expect="contains")
            return _one("assert_hidden", Target(kind="text", name=value))
        if target is not None:
            return _one("assert_visible" if visible else "assert_hidden", target)
        return None

    return build


def _log_in(button: str) -> Build:
    """The log-in macro: fill Username, fill Password, click the button the verb names."""

    def build(b: Bindings) -> list[Step] | None:
        user, secret = read_value(b["VALUE"]), read_value(b["SECRET"])
        if user is None or secret is None:
            return None
        return [
            *_one("fill", Target(kind="textbox", name="Username"), user),
            *_one("fill", Target(kind="textbox", name="Password"), secret),
            *_one("click", Target(kind="button", name=button)),
        ]

    return build


# --- the pattern tables: the first rule whose template fits a line and whose slots read wins ---

ACTIONS: tuple[Rule, ...] = (
    _rule(
        [
            "{go back|navigate back|go to the previous page|return to the previous page}",
            "{go|navigate} back to the previous page",
            "{press|click|hit|use} the [browser] back button",
        ],
        lambda b: _one("go_back"),
        "Go back",
    ),
    _rule(
        [
            "{log in|login|log on|logon} as VALUE with [the] password SECRET",
            "{log in|login|log on|logon} with [the] username VALUE and [the] password SECRET",
        ],
        _log_in("Log in"),
        "Log in as ${USER} with password ${PASS}",
    ),
    _rule(
        [
            "{sign in|signin|sign on} as VALUE with [the] password SECRET",
            "{sign in|signin|sign on} with [the] username VALUE and [the] password SECRET",
        ],
        _log_in("Sign in"),
        "Sign in as ${USER} with password ${PASS}",
    ),
    _rule(
        [
            "@LEAVE_FRAME [the] [current|inline] @FRAME",
            "@SWITCH {to|into|over to} [the] @MAIN_PAGE",
            "@SWITCH {to|into|over to} [the] @MAIN_PAGE again",
        ],
        lambda b: _one("switch_frame"),
        "Switch back to the main page",
        "Leave the frame",
    ),
    _rule(
        [
            "@SWITCH {to|into|over to} [the] @FRAME",
            "@SWITCH {to|into|over to} [the] @FRAME NAME",
            "@SWITCH {to|into|over to} [the] NAME @FRAME",
        ],
        _frame,
        'Switch to the frame "Card details"',
        "Switch to the payment frame",
    ),
    _rule(
        [
            "@SWITCH {to|over to} [the] {new|newest|latest|other|newly opened|opened|popup|"
            "new popup} [@TAB]",
            "@SWITCH {to|over to} [the] {new|newest|latest|newly opened} @TAB that opened",
        ],
        lambda b: _one("switch_tab", value="new"),
        "Switch to the new tab",
    ),
    _rule(
        "@SWITCH {to|over to} [the] {original|initial|main|starting|opening} @TAB",
        lambda b: _one("switch_tab", value="1"),
        "Switch back to the first tab",
    ),
    _rule("@SWITCH {to|over to} [the] NTH @TAB", _tab_nth, "Switch to the second tab"),
    _rule(
        ["@SWITCH {to|over to} [the] @TAB NAME", "@SWITCH {to|over to} [the] NAME @TAB"],
        _tab_named,
        'Switch to the tab "Help"',
    ),
    _rule(
        "{reload|refresh} [the page|the browser|page]",
        lambda b: _one("reload"),
        "Reload the page",
    ),
    _rule(
        ["@GO_TO [the] [page|url|address] URL", "@GO_TO [the] URL page"],
        _navigate,
        "Go to https://example.com/login",
        "Open /login",
    ),
    _rule(
        ["search the {site|page|website|wiki} for VALUE", "search SITE for VALUE"],
        _search,
        'Search Wikipedia for "Playwright (software)"',
    ),
    _rule("search for VALUE", _search, 'Search for "browser automation"'),
    _rule(
        "@FILL_WITH TARGET with VALUE",
        _fill,
        'Fill the Email field with "ada@example.com"',
    ),
    _rule(
        "@TYPE VALUE @INTO TARGET",
        _fill,
        'Enter "alice" into the Username field',
        'Type "Ada Lovelace" into the Full name field',
    ),
    _rule("{set|change} TARGET to VALUE", _set_to, 'Set the Quantity field to "3"'),
    _rule("{clear|empty} TARGET", _clear, "Clear the Search field"),
    _rule(
        "@SELECT [the] option VALUE {from|in|on} TARGET",
        _select,
        'Choose option "Blue" from the Colour dropdown',
    ),
    _rule(
        "@SELECT VALUE {from|in|on} TARGET",
        _select,
        'Select "Norway" from the Country dropdown',
    ),
    _rule("@SELECT TARGET", _select_element, 'Select the "Express" radio button'),
    _rule("@UNCHECK TARGET", _on_target("uncheck", "checkbox"), 'Uncheck the "News" checkbox'),
    _rule("@CHECK TARGET", _on_target("check", "checkbox"), 'Check the "Releases" checkbox'),
    _rule("@TOGGLE TARGET", _on_target("click", "checkbox"), "Toggle the Dark mode switch"),
    _rule("@DBLCLICK [on] TARGET", _on_target("dblclick"), 'Double-click the "Notes" row'),
    _rule("@RIGHT_CLICK TARGET", _on_target("right_click"), "Right-click the Notes row"),
    _rule("@HOVER TARGET", _on_target("hover"), "Hover over the Help icon"),
    _rule(
        "@PRESS KEY {in|on|into|inside} TARGET",
        _press_in,
        "Press Enter in the search box",
    ),
    _rule("@PRESS [on] THING", _press, "Press Enter", "Press Control+A", "Press the Save button"),
    _rule("@CLICK TARGET", _on_target("click"), 'Click the "Sign in" button', "Click Save"),
    _rule("wait [for] N @SECONDS", _wait, "Wait 2 seconds"),
    _rule(
        "wait {for|until} TARGET @APPEAR",
        _on_target("assert_visible"),
        'Wait for the "Saved" message to appear',
    ),
    _rule(
        "wait {for|until} TARGET @DISAPPEAR",
        _on_target("assert_hidden"),
        "Wait for the Loading spinner to disappear",
    ),
    _rule(
        ["scroll [down|up] to TARGET", "scroll TARGET into view"],
        _on_target("scroll"),
        "Scroll to the Footer links",
    ),
    _rule(
        "{upload|attach} VALUE {to|into|in|using} TARGET",
        _upload,
        'Upload "cv.pdf" to the Resume field',
    ),
    _rule("open TARGET", _open, "Open the Settings tab"),
)

ASSERTIONS: tuple[Rule, ...] = (
    _rule(
        "TARGET {is enabled|should be enabled|must be enabled|to be enabled|is not disabled|"
        "should not be disabled|isn't disabled}",
        _on_target("assert_enabled"),
        'Verify the "Save" button is enabled',
    ),
    _rule(
        "TARGET {is disabled|should be disabled|must be disabled|to be disabled|is not enabled|"
        "should not be enabled|isn't enabled|is greyed out}",
        _on_target("assert_disabled"),
        'Verify the "Save" button is disabled',
    ),
    _rule(
        "TARGET {is not checked|isn't checked|is unchecked|is not ticked|is unticked|"
        "should not be checked|should be unchecked|to be unchecked|not to be checked|"
        "to not be checked|is not selected|should not be selected}",
        _on_target("assert_unchecked"),
        'Verify the "News" checkbox is not checked',
    ),
    _rule(
        "TARGET {is checked|is ticked|is selected|should be checked|should be ticked|"
        "should be selected|must be checked|to be checked|to be ticked|to be selected}",
        _on_target("assert_checked"),
        'Verify the "Releases" checkbox is checked',
    ),
    _rule(
        "[the] [current|page|browser] {url|address|location} @NOT_CONTAINS VALUE",
        _page_value("assert_url", "not_contains"),
        'Verify the URL does not contain "/login"',
    ),
    _rule(
        "[the] [current|page|browser] {url|address|location} @IS_NOT VALUE",
        _page_value("assert_url", "not_equals"),
        'Verify the URL is not "https://example.com/login"',
    ),
    _rule(
        "{am not|am no longer|should not be|shouldn't be|should no longer be|must not be|"
        "am not still|should not still be} on [the page] VALUE",
        _on_page_not,
        "I should not be on /login",
    ),
    _rule(
        "[the] [page|window|tab|browser|document] title @NOT_CONTAINS VALUE",
        _page_value("assert_title", "not_contains"),
        'Verify the title does not contain "Error"',
    ),
    _rule(
        "[the] [page|window|tab|browser|document] title @IS_NOT VALUE",
        _page_value("assert_title", "not_equals"),
        'Verify the title is not "Error"',
    ),
    _rule(
        "[the] [page|main] {heading|h1} @NOT_CONTAINS VALUE",
        _heading("not_contains"),
        'Verify the heading does not contain "Error"',
    ),
    _rule(
        "[the] [page|main] {heading|h1} @IS_NOT VALUE",
        _heading("not_equals"),
        'Verify the heading is not "Log in"',
    ),
    _rule(
        "[the] [current|page|browser] {url|address|location} @CONTAINS VALUE",
        _page_value("assert_url", "contains"),
        'Verify the URL contains "/account"',
    ),
    _rule(
        "[the] [current|page|browser] {url|address|location} @IS VALUE",
        _page_value("assert_url", "equals"),
        'Verify the URL is "https://example.com/account"',
    ),
    _rule(
        "{am|am now|should be|should now be|end up|should end up|land|should land} on [the page] "
        "VALUE",
        _on_page,
        "I should be on /account",
    ),
    _rule(
        "[the] [page|window|tab|browser|document] title @CONTAINS VALUE",
        _page_value("assert_title", "contains"),
        'Verify the title contains "Playwright"',
    ),
    _rule(
        "[the] [page|window|tab|browser|document] title @IS VALUE",
        _page_value("assert_title", "equals"),
        'Verify the page title is "Dashboard"',
    ),
    _rule(
        "[the] [page|main] {heading|h1} @CONTAINS VALUE",
        _heading("contains"),
        'Verify the heading contains "Playwright"',
    ),
    _rule(
        "[the] [page|main] {heading|h1} @IS VALUE",
        _heading("equals"),
        'Verify the heading is "Welcome, alice"',
    ),
    _rule(
        [
            "there @THERE_ARE [exactly|only] N THINGS [@SHOWN]",
            "[exactly|only] N THINGS @ARE_SHOWN",
            "@SEE [exactly|only] N THINGS",
        ],
        _count,
        "Verify 3 results are shown",
        "Verify there are 2 Edit links",
    ),
    _rule(
        "[the] value of TARGET @IS VALUE",
        _has_value("equals"),
        'Verify the value of the Email field is "ada@example.com"',
    ),
    _rule(
        "TARGET @HAS_VALUE VALUE",
        _has_value("equals"),
        'Verify the Username field has value "alice"',
    ),
    _rule(
        "TARGET {is empty|should be empty|to be empty}",
        _is_empty,
        "Verify the Notes field is empty",
    ),
    _rule(
        "[the] text VALUE @HIDDEN",
        _text("assert_hidden"),
        'Verify that text "Loading" is not visible',
    ),
    _rule(
        ["@NOT_SEE [the text|text] SUBJECT", "SUBJECT @HIDDEN"],
        _subject(visible=False),
        'Verify the "Delete" button is hidden',
    ),
    _rule(
        ["[the] text VALUE @VISIBLE", "[the] page @SHOWS [the text|text] VALUE"],
        _text("assert_text"),
        'Verify that text "Preferences saved" is visible',
        'Verify the page shows "Welcome"',
    ),
    _rule(
        ["@SEE [the text|text] SUBJECT", "SUBJECT @VISIBLE"],
        _subject(visible=True),
        'I should see "Welcome back"',
        'Verify the "Save" button is visible',
    ),
    _rule(
        "[the] page @NOT_CONTAINS [the text|text] VALUE",
        _text("assert_hidden"),
        'Verify the page does not contain "Error"',
    ),
    _rule(
        "TARGET @NOT_CONTAINS VALUE",
        _target_not("not_contains"),
        'Verify the Email field does not contain "admin"',
    ),
    _rule(
        "TARGET @IS_NOT VALUE",
        _target_not("not_equals"),
        'Verify the Email field is not "admin"',
    ),
    _rule(
        "TARGET @CONTAINS VALUE",
        _target_contains,
        'Verify the Search field contains "Playwright"',
    ),
    _rule("TARGET @IS VALUE", _target_is, 'Verify the Username field is "alice"'),
)

_INTROS = compile_template("@INTRO [that]")
_EXAMPLES: tuple[str, ...] = tuple(
    dict.fromkeys(e for r in (*ACTIONS, *ASSERTIONS) for e in r.examples)
)


# --- reading lines --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    steps: list[Step]
    rule: Rule
    template: Template
    lead: list[Token]


def _strip_fillers(tokens: Sequence[Token]) -> list[Token]:
    toks = list(tokens)
    while toks and toks[0].word in FILLERS:
        toks = toks[1:]
    return toks


def _first_reading(tokens: list[Token], rules: Sequence[Rule]) -> _Reading | None:
    for rule in rules:
        for template in rule.templates:
            for bindings, lead in match(template, tokens):
                steps = rule.build(bindings)
                if steps:
                    return _Reading(steps, rule, template, tokens[: max(lead, 0)])
    return None


def _read(tokens: Sequence[Token]) -> _Reading | None:
    toks = _strip_fillers(tokens)
    if not toks:
        return None
    if toks[0].word in CONTEXT_PREPOSITIONS:
        # "In the Contacts card, click Edit": the clause before the comma scopes the targets.
        for k, token in enumerate(toks):
            if "," in token.trail:
                context = read_context(toks[1 : k + 1])
                inner = _read(toks[k + 1 :]) if context else None
                if inner is not None:
                    steps = [_in_context(s, context) for s in inner.steps]
                    return _Reading(steps, inner.rule, inner.template, inner.lead)
                break
    for n in range(min(len(toks) - 1, 4), 0, -1):
        if next(match(_INTROS, toks[:n]), None) is not None:
            # "Verify (that) ...", "Check that ...": only assertions may follow.
            reading = _first_reading(_strip_fillers(toks[n:]), ASSERTIONS)
            if reading is not None:
                return reading
            break
    return _first_reading(toks, (*ACTIONS, *ASSERTIONS))


def _in_context(step: Step, context: str | None) -> Step:
    if step.target is None or step.target.context or not context:
        return step
    return step.model_copy(update={"target": step.target.model_copy(update={"context": context})})


def _read_clause(tokens: list[Token]) -> list[Step] | None:
    """One clause; "and" splits it where every piece reads ("fill A with x and B with y")."""
    ands = [i for i, t in enumerate(tokens) if t.word == "and" and 0 < i < len(tokens) - 1]
    cut_sets = (c for size in range(len(ands), 0, -1) for c in combinations(ands, size))
    for cuts in islice(cut_sets, 64):
        steps = _read_pieces(tokens, cuts)
        if steps is not None:
            return steps
    reading = _read(tokens)
    return reading.steps if reading else None


def _read_pieces(tokens: list[Token], cuts: Sequence[int]) -> list[Step] | None:
    bounds = [-1, *cuts, len(tokens)]
    steps: list[Step] = []
    previous: _Reading | None = None
    for start, end in pairwise(bounds):
        piece = tokens[start + 1 : end]
        reading = _read(piece)
        if reading is None and previous is not None and previous.lead:
            # The piece borrows the verb before it: "... and "secret" into the Password field".
            shared = previous.template.shares_verb or bool(piece and _first_quoted(piece))
            borrowed = _read([*previous.lead, *piece]) if shared else None
            if borrowed is not None and borrowed.rule is previous.rule:
                reading = borrowed
        if reading is None:
            return None
        steps.extend(reading.steps)
        previous = reading
    return steps


def _first_quoted(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.word not in ARTICLES]
    return bool(words) and words[0].quoted


#: "As a user I ...", "As an admin, I ...": the ticket's role says nothing about the steps.
_TICKET = re.compile(r"^as an? [\w\s-]{1,40}?,?\s+i\s+", re.I)


def _read_commas(clause: str) -> list[Step] | None:
    """Comma-separated pieces that each read ("fill A, fill B"), else the clause read whole."""
    pieces, start = [], 0
    masked = mask_quotes(clause)
    for m in re.finditer(r",\s*", masked):
        pieces.append(clause[start : m.start()])
        start = m.end()
    pieces.append(clause[start:])
    out: list[Step] = []
    for piece in pieces if len(pieces) > 1 else ():
        piece_steps = _read_clause(tokenize(piece)) if piece.strip() else None
        if piece_steps is None:
            break
        out.extend(piece_steps)
    else:
        if out:
            return out
    return _read_clause(tokenize(clause))


def _parse(line: str) -> list[Step] | None:
    source = line.strip()
    steps: list[Step] = []
    text = _TICKET.sub("", clean_line(source))
    for clause in split_compounds(text):
        clause_steps = _read_commas(clause)
        if clause_steps is None:
            return None
        steps.extend(clause_steps)
    return [s.model_copy(update={"source": source}) for s in steps] or None


def _suggestions(lines: Sequence[str]) -> str:
    # the first few lines, and their first 200 characters, are plenty to suggest a phrasing
    ranked = [_closest(line[:200]) for line in lines[:5]]
    picks: list[str] = []
    for i in range(3):
        for examples in ranked:
            if examples[i] not in picks:
                picks.append(examples[i])
    return "write it like: " + "; ".join(picks[:3])


def _closest(line: str) -> list[str]:
    text = line.lower()
    first = (text.split() or [""])[0]

    def score(example: str) -> float:
        lowered = example.lower()
        verb_bonus = 0.25 if lowered.split()[0] == first else 0.0
        return difflib.SequenceMatcher(None, text, lowered).ratio() + verb_bonus

    return sorted(_EXAMPLES, key=score, reverse=True)[:3]


def parse_line(line: str) -> list[Step]:
    """One English line -> its steps; raises PlanningError when no phrase fits it."""
    steps = _parse(line)
    if steps is None:
        raise PlanningError(
            what="cannot read this line", why=quote_line(line), fix=_suggestions([line])
        )
    return steps


#: How much of one unreadable line an error quotes.
QUOTE_CHARS = 120


def quote_line(line: str) -> str:
    """A line as an error quotes it: in double quotes, cut to QUOTE_CHARS characters."""
    text = " ".join(line.split())
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 3].rstrip() + "..."
    return f'"{text}"'


def unreadable_error(
    name: str, unreadable: Sequence[tuple[int, str]], quoted: int
) -> PlanningError:
    """One short error for the unreadable lines: the first `quoted` of them, then a count.

    A file that is not a requirement at all (`--req /etc/passwd`) is never echoed whole.
    """
    shown = unreadable[:quoted]
    rest = len(unreadable) - len(shown)
    numbers = ", ".join(str(n) for n, _ in shown)
    plural = "s" if len(unreadable) > 1 else ""
    what = f"cannot read line{plural} {numbers}"
    why = "; ".join(quote_line(line) for _, line in shown)
    if rest:
        what += f" and {rest} more"
        why += f"; and {rest} more unreadable line{'s' if rest > 1 else ''}"
    return PlanningError(
        what=f"{what} of {name}",
        why=why,
        fix=_suggestions([line for _, line in shown]),
    )


def plan_requirement(req: Requirement, quoted: int = 5) -> Plan:
    """Every line of a requirement's body as steps; the unreadable lines in one PlanningError."""
    steps: list[Step] = []
    unreadable: list[tuple[int, str]] = []
    for number, line in enumerate(split_sentences(req.body), start=1):
        line_steps = _parse(line)
        if line_steps is None:
            unreadable.append((number, line))
        else:
            steps.extend(line_steps)
    if unreadable:
        raise unreadable_error(req.name, unreadable, quoted)
    return Plan(requirement=req.name, steps=steps, planner="rules")
