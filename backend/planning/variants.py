"""Phrasings found in tickets written for real apps (issue 12): "as" with a dropdown, replacing
a field's text, browser dialogs named by their message, pages of a list, log-in with "user",
going to a named tab or page, looking at a section. Tried by planning/rules.py before the
generic tables of planning/phrases.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backend.models import Action, Step, Target
from backend.planning.builders import VAGUE_WORDS, Build, Rule, log_in, one, rule, subject
from backend.planning.grammar import (
    Bindings,
    Token,
    raw_text,
    tokenize,
)
from backend.planning.lexicon import ARTICLES, CONTAINERS
from backend.planning.targets import (
    read_context,
    read_target,
    read_url,
    read_value,
    region_name,
)
from backend.planning.tickets import read_page


def _select_as(b: Bindings) -> list[Step] | None:
    """`Choose "title" as the column`: the option of the dropdown the words name."""
    value, target = b["VALUE"], read_target(b["TARGET"], "combobox")
    if len(value) != 1 or not value[0].quoted or target is None:
        return None
    if target.kind not in ("combobox", "list"):
        return None
    return one("select", target.model_copy(update={"kind": "combobox"}), value[0].text)


def _replace(b: Bindings) -> list[Step] | None:
    """`Replace the SQL with "select 1"`: the field's whole text becomes the value (a fill)."""
    value, target = b["VALUE"], read_target(b["TARGET"])
    if len(value) != 1 or not value[0].quoted or target is None:
        return None
    return one("fill", target, value[0].text)


def _go_to_named(verb: Action) -> Build:
    """`Go to the Notifications tab`, `Go to the Staff handbook`: click what the words name
    (`Open the Reports folder`: an `open`, a double click on a list entry; see actions.py).

    Only a target with a clickable kind word (tab, link, menu item) or a capitalised name (a
    title on the page); "go to the login page" is a named page (planning/tickets.py).
    """

    def build(b: Bindings) -> list[Step] | None:
        toks = b["TARGET"]
        if read_url(toks) or any(t.word in ("page", "homepage", "home", "url") for t in toks):
            return None
        target = read_target(toks)
        if target is None or target.context or target.near:
            return None
        if target.kind in ("tab", "link", "menuitem"):
            return one("click", target)
        words = [t for t in toks if t.word not in ARTICLES]
        if target.kind is None and words and (words[0].quoted or words[0].text[:1].isupper()):
            return one(verb, target)
        return None

    return build


def _page_number(b: Bindings) -> list[Step] | None:
    """`Go to page "2" of the list`: the pager's link for that page."""
    toks = b["N"]
    if len(toks) != 1 or not toks[0].text.isdigit():
        return None
    return one("click", Target(kind="link", name=toks[0].text))


def _answer_with(b: Bindings) -> list[Step] | None:
    """`Confirm with OK in the dialog`: the dialog's button of that name."""
    name = read_value(_plain(b["NAME"]))
    if not name:
        return None
    return one("click", Target(kind="button", name=name, context="dialog"))


def _plain(tokens: Sequence[Token]) -> list[Token]:
    return [t for t in tokens if t.word not in ARTICLES]


def _page_opens(b: Bindings) -> list[Step] | None:
    """`The page "Restaurant opening hours" opens`: the page shows its title."""
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    return one("assert_text", value=value[0].text, expect="contains")


def _shown_in(visible: bool) -> Build:
    """`the brand "Shop" is shown in the top bar`, `"Soup" is listed under Starters`: a text
    inside a region (not) shown."""

    def build(b: Bindings) -> list[Step] | None:
        value, where = b["VALUE"], _where(b["WHERE"])
        quoted = [t for t in value if t.quoted]
        if len(quoted) != 1 or not value[-1].quoted or len(value) > 3 or where is None:
            return None
        if any(t.word not in ARTICLES and not t.quoted and t.word in _NOT_SUBJECT for t in value):
            return None
        text = quoted[0].text
        if visible:
            return one("assert_text", Target(name="", context=where), text, "contains")
        return one("assert_hidden", Target(kind="text", name=text, context=where))

    return build


_NOT_SUBJECT = frozenset({"is", "are", "not", "should", "and", "or", "then"})


def _where(tokens: Sequence[Token]) -> str | None:
    """The region of "in the top bar", "under Starters", "within "#menu"", or None."""
    toks = list(tokens)
    found = read_context(toks) or region_name(toks)
    if found is not None:
        return found
    if toks and len(toks) <= 3 and all(t.text[:1].isupper() and not t.quoted for t in toks):
        return raw_text(toks)  # "under Main courses": a heading's words
    return None


def _fields_in_form(b: Bindings) -> list[Step] | None:
    """`Type the user name "bob" and the password "pw" in the form`: a fill per named value."""
    toks = [t for t in b["FIELDS"] if t.word not in ARTICLES]
    if sum(1 for t in toks if t.quoted) < 2 or not toks[-1].quoted:
        return None
    steps: list[Step] = []
    name: list[Token] = []
    for token in toks:
        if token.quoted:
            if not name or any(t.word in _LINKS for t in name):
                return None
            steps.extend(one("fill", Target(name=raw_text(name).capitalize()), token.text))
            name = []
        elif token.word != "and":
            name.append(token)
    return steps


#: Words that join a field name to its value in other phrasings ("fill in "A" with "x"").
_LINKS = frozenset({"in", "into", "with", "to", "as", "for", "of", "on", "from", "by"})


def _labels(tokens: Sequence[Token]) -> list[str] | None:
    """`A, B and C`, `"A" and "B"`: labels as a list (quoted, or capitalised words)."""
    labels: list[list[Token]] = [[]]
    for token in tokens:
        if token.word in ("and", "or"):
            labels.append([])
            continue
        labels[-1].append(token)
        if "," in token.trail:
            labels.append([])
    names = []
    for words in labels:
        quoted = len(words) == 1 and words[0].quoted
        if not quoted and not (words and all(t.text[:1].isupper() for t in words)):
            return None
        names.append(words[0].text if quoted else raw_text(words))
    return names if len(names) > 1 else None


def _pick_all(b: Bindings) -> list[Step] | None:
    """`Pick A, B and C`, `tick "X" and "Y"`: each option found by its label."""
    names = _labels(b["LABELS"])
    if names is None:
        return None
    return [s for n in names for s in one("check", Target(name=n))]


def _open_region(b: Bindings) -> list[Step] | None:
    """`Open the Advanced panel`, `expand the Filters section`: click the region's header."""
    words = _plain(b["NAME"])
    if not words or any(t.quoted for t in words[1:]) or not words[0].text[:1].isupper():
        return None
    return one("click", Target(name=raw_text(words)))


def _sections(items: Sequence[Token]) -> list[Step] | None:
    """`the Menu page has a Starters and a Main courses section`: a heading for each name (the
    noun said once for all of them); None unless the words end with "section(s)"."""
    if len(items) < 2 or items[-1].word not in ("section", "sections"):
        return None
    names: list[list[Token]] = [[]]
    for token in items[:-1]:
        if token.word in ("and", ",") or token.trail == ",":
            if token.word not in ("and", ","):
                names[-1].append(token)
            names.append([])
        elif token.word not in ARTICLES:
            names[-1].append(token)
    texts = [raw_text(n) for n in names if n]
    if not texts or any(t.lower() in ("section", "sections") for t in texts):
        return None
    return [s for t in texts for s in one("assert_visible", Target(kind="heading", name=t))]


def _append(b: Bindings) -> list[Step] | None:
    """`Type "x" in the editor at the end`: added after the field's text, not replacing it."""
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None or not all(t.quoted for t in b["VALUE"]):
        return None
    return one("append", target, value)


def _offers(b: Bindings) -> list[Step] | None:
    """`the menu offers a "Reports" link and a "Settings" link`: each element is there."""
    sections = _sections(b["ITEMS"])
    if sections is not None:
        return sections
    steps: list[Step] = []
    item: list[Token] = []
    for token in [*b["ITEMS"], Token("and")]:
        if token.word == "and" or (item and token.word in ARTICLES):
            if item:
                target = read_target(item)
                if target is None or target.kind is None or not any(t.quoted for t in item):
                    return None
                steps.extend(one("assert_visible", target))
            item = [] if token.word == "and" else [token]
            continue
        item.append(token)
    return steps if len(steps) > 1 else None


def _entry_box(action: Action) -> Build:
    """`toggle the first todo`, `the todo "milk" should be completed`: the entry's checkbox."""

    def build(b: Bindings) -> list[Step] | None:
        toks = b["ENTRY"]
        target = read_target(toks)
        if target is None or target.kind != "listitem" or target.context or target.near:
            return None
        quoted = [t for t in toks if t.quoted]
        if target.nth and not target.name:
            where = f"listitem#{target.nth}"
        elif len(quoted) == 1 and toks[-1].quoted:
            where = quoted[0].text
        else:
            return None
        return one(action, Target(kind="checkbox", name="", context=where))

    return build


def _dialog_shown(visible: bool) -> Build:
    """`The dialog closes`, `the "Sign in" modal window is opened`: it is (no longer) shown."""

    def build(b: Bindings) -> list[Step] | None:
        target = read_target(b["TARGET"])
        if target is None or target.kind != "dialog":
            return None
        return one("assert_visible" if visible else "assert_hidden", target)

    return build


def _text_named(b: Bindings) -> list[Step] | None:
    """`Verify success message 'Thank you'`, `Verify text 'SUBSCRIPTION'`: the text is shown."""
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    return one("assert_text", value=value[0].text, expect="contains")


def _brought_to(b: Bindings) -> list[Step] | None:
    """`Clicking X should bring the user to the sign in page`: the browser ends on that page."""
    name = read_page(b["PAGE"])
    return one("assert_url", Target(kind="page", name=name)) if name else None


def _named_value(b: Bindings) -> list[Step] | None:
    """`Enter password "x"`, `Enter valid email "x" in the Email field`: the quoted text is the
    value; the words before it name the field unless a field is named after it."""
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    words = [t for t in b["NAME"] if t.word not in ARTICLES]
    if not words or any(t.quoted or t.word in _LINKS for t in words):
        return None
    if "TARGET" in b:
        target = read_target(b["TARGET"])
    else:
        named = [t for t in words if t.word not in VAGUE_WORDS]
        if not named or named[-1].word in ("text", "value", "something", "it", "this"):
            return None
        target = Target(name=raw_text(named).capitalize())
    return one("fill", target, value[0].text) if target else None


def _dialog(action: Action) -> Build:
    """`Confirm the deletion dialog`: one word may say which dialog; the message is not read."""

    def build(b: Bindings) -> list[Step] | None:
        word = b.get("WORD", [])
        if len(word) > 1 or any(t.quoted for t in word):
            return None
        return one(action)

    return build


_DIALOG = "{alert|dialog|confirmation|confirm|prompt|popup|confirmation dialog|message}"

_DONE = "{completed|complete|done|checked|ticked|finished|marked as completed|marked as done}"


def _message_is(b: Bindings) -> list[Step] | None:
    """`feedback should be You have not specified a valid username.`: the message's own words,
    unquoted but written as a sentence (a capital, three words or more), are shown."""
    toks = b["TEXT"]
    if len(toks) < 3 or any(t.quoted for t in toks) or not toks[0].text[:1].isupper():
        return None
    return one("assert_text", value=raw_text(toks), expect="contains")


VARIANT_RULES: tuple[Rule, ...] = (
    rule(
        [
            "[the] {feedback|message|error message|error|warning|notice|response|"
            "confirmation|status message} {should be|is|says|reads|should say|should read} TEXT"
        ],
        _message_is,
        "The feedback should be You have not specified a valid username",
    ),
    rule(["@TOGGLE ENTRY"], _entry_box("click"), "Toggle the first todo"),
    rule(["{complete|finish|@CHECK} ENTRY"], _entry_box("check")),
    rule(["@UNCHECK ENTRY"], _entry_box("uncheck")),
    rule(["mark ENTRY [as] {complete|completed|done|finished}"], _entry_box("check")),
    rule(
        ["mark ENTRY [as] {active|uncompleted|incomplete|not done|undone|not completed}"],
        _entry_box("uncheck"),
    ),
    rule(
        ["ENTRY {is|should be|must be|will be|gets} " + _DONE],
        _entry_box("assert_checked"),
        'The todo "milk" should be completed',
    ),
    rule(
        [
            "ENTRY {is not|should not be|must not be|isn't|will not be} " + _DONE,
            "ENTRY {is|should be} {active|uncompleted|incomplete|not done|open|unchecked}",
        ],
        _entry_box("assert_unchecked"),
    ),
    rule(["@TYPE FIELDS {in|into|on} [the] {form|dialog|page}"], _fields_in_form),
    rule(["@TYPE FIELDS"], _fields_in_form, 'Type the user name "bob" and the password "pw"'),
    rule(["{pick|tick|check|choose} LABELS"], _pick_all, "Pick A, B and C"),
    rule(
        [
            "@TYPE VALUE @INTO TARGET at the end",
            "@TYPE VALUE at the end of TARGET",
            "{add|append} VALUE {to|at} the end of TARGET",
        ],
        _append,
        'Type " more" in the Notes field at the end',
    ),
    rule(
        ["{open|expand|collapse} [the] NAME {panel|section|accordion|menu|drawer|dropdown}"],
        _open_region,
        "Open the Advanced panel",
    ),
    rule(
        [
            "[the] NAME {offers|has|shows|contains|lists|includes|provides|should offer|"
            "should have} ITEMS"
        ],
        _offers,
        'The menu offers a "Reports" link and a "Settings" link',
    ),
    rule(
        [
            "TARGET {closes|is closed|should close|should be closed|gets closed|is dismissed|"
            "goes away}"
        ],
        _dialog_shown(visible=False),
        "The dialog closes",
    ),
    rule(
        ["TARGET {opens|is opened|is open|should open|should be opened|appears|is shown}"],
        _dialog_shown(visible=True),
    ),
    rule(
        [
            "THING {should bring|should take|brings|takes|should lead|leads|should redirect|"
            "redirects|should send|sends} [the user|you|me|us|user|them] {to|back to} PAGE"
        ],
        _brought_to,
    ),
    rule(
        [
            "[the] [success|error|warning|confirmation|info|validation] {text|message|error|"
            "warning|notice|notification|alert|toast|banner} VALUE"
        ],
        _text_named,
        "Verify success message 'Thank you'",
    ),
    rule(["[the] {user|customer|visitor} @SEE SUBJECT"], subject(visible=True)),
    rule(["[the] {user|customer|visitor} @NOT_SEE SUBJECT"], subject(visible=False)),
    rule(["@TYPE NAME VALUE {in|into} TARGET"], _named_value),
    rule(["@TYPE NAME VALUE"], _named_value, 'Enter password "Qwerty123!"'),
    rule(
        ["VALUE @VISIBLE {in|within|inside|under|on} WHERE"],
        _shown_in(visible=True),
        'Check the brand "Shop" is shown in the top bar',
    ),
    rule(["VALUE @HIDDEN {in|within|inside|under|on} WHERE"], _shown_in(visible=False)),
    rule(["@SELECT VALUE as TARGET"], _select_as, 'Choose "title" as the column'),
    rule(
        ["replace [the text of|the contents of|the content of] TARGET with VALUE"],
        _replace,
        'Replace the SQL with "select 1"',
    ),
    rule(
        [
            "{accept|confirm|ok} the {browser|javascript|js} " + _DIALOG,
            "{accept|confirm|ok} the WORD " + _DIALOG,
            "{accept|confirm|ok} the " + _DIALOG + " VALUE",
            "{accept|confirm|ok} the {browser|javascript|js} " + _DIALOG + " VALUE",
        ],
        _dialog("accept_dialog"),
        "Confirm the browser dialog",
    ),
    rule(
        [
            "{dismiss|reject|cancel|decline} the {browser|javascript|js} " + _DIALOG,
            "{dismiss|reject|cancel|decline} the WORD " + _DIALOG,
            "{dismiss|reject|cancel|decline} the " + _DIALOG + " VALUE",
        ],
        _dialog("dismiss_dialog"),
    ),
    rule(
        ["{confirm|answer|accept|reply} with NAME {in|on} the {dialog|popup|modal|prompt}"],
        _answer_with,
        "Confirm with OK in the dialog",
    ),
    rule(
        [
            "{go back|navigate back} {using|with|via|by using|by clicking} the [browser|browser's] "
            "back button",
            "{click|press|use} the back button of the browser",
        ],
        lambda b: one("go_back"),
        "Go back using the browser's back button",
    ),
    rule(
        ["{go|navigate|move|skip} to page N [of the list|of the results|of the table]"],
        _page_number,
        'Go to page "2" of the list',
    ),
    rule(
        [
            "[the] page [titled|called|named] VALUE {opens|is opened|is open|loads|is loaded|"
            "is shown|is displayed|appears|should open}"
        ],
        _page_opens,
        'The page "Restaurant opening hours" opens',
    ),
    rule(["{go to|navigate to} TARGET"], _go_to_named("click"), "Go to the Notifications tab"),
    rule(["open TARGET"], _go_to_named("open"), "Open the Staff handbook"),
)


def _log_in_with(verbs: str, button: str) -> tuple[Rule, Rule]:
    return (
        rule(
            [verbs + " {with|using} [the] {user|user name|login} VALUE and [the] password SECRET"],
            log_in(button),
        ),
        rule([verbs + " {with|using} VALUE and SECRET"], _quoted_pair(log_in(button))),
    )


def _quoted_pair(build: Build) -> Build:
    """`Log in with "bob" and "secret"`: only two quoted values make a user and a password."""

    def checked(b: Bindings) -> list[Step] | None:
        pair = (b["VALUE"], b["SECRET"])
        if not all(len(v) == 1 and (v[0].quoted or v[0].text.startswith("${")) for v in pair):
            return None
        return build(b)

    return checked


#: `Sign in with user "hotel" and password "x"`: the log-in macro (the verb names the button).
LOG_IN_RULES: tuple[Rule, ...] = (
    *_log_in_with("{sign in|signin}", "Sign in"),
    *_log_in_with("{log in|login}", "Log in"),
)


# --- scene-setting before a comma: "On the Checkout page, ...", "Under Quick links, ..." ------


@dataclass(frozen=True)
class Scene:
    """What a fronted phrase says about the steps after its comma: a scope, or nothing."""

    context: str | None
    #: A step the phrase itself asks for: "On the Team tab," is a click on that tab first.
    first: tuple[Step, ...] = ()


#: "On the Orders page/list/tab, ...": where the steps happen, no region to scope them to.
_SCENE_NOUNS = frozenset({"page", "screen", "site", "tab", "list", "view", "window", "homepage"})
#: Nouns after a region's name that are not part of it ("the available facet" -> "available").
_REGION_NOUNS = frozenset({*CONTAINERS, "facet", "list", "menu", "column"})


def scene_of(piece: str) -> Scene | None:
    """The scene a fronted phrase sets (`On the Orders page`, `In the available facet`, `Under
    Quick links`), or None when the piece is not one."""
    toks = tokenize(piece.strip())
    if len(toks) < 2 or toks[0].word not in ("on", "in", "inside", "within", "under", "from"):
        return None
    words = _plain(toks[1:])
    if toks[0].word == "from":  # "From the Overview page, click X": only a page is a scene
        return Scene(None) if words and words[-1].word in ("page", "screen") else None
    if not words or any(t.word in ("i", "you", "we", "user", "should", "is", "are") for t in words):
        return None
    if toks[0].word == "on":  # "On the Orders page," sets the scene; "On the Register form," scopes
        if words[-1].word == "tab" and len(words) > 1:  # a tab widget's tab: open it first
            return Scene(None, tuple(one("click", Target(kind="tab", name=raw_text(words[:-1])))))
        return Scene(None if words[-1].word in _SCENE_NOUNS else raw_text(words))
    known = read_context(toks[1:])
    if known is not None:
        return Scene(known)
    if len(words) > 1 and words[-1].word in _REGION_NOUNS:
        words = words[:-1]
        if len(words) > 1 and words[-1].word == "related":  # "the Cases related list"
            words = words[:-1]
    if len(words) > 4:
        return None
    return Scene(raw_text(words))
