"""What each English phrase means: the builders that turn a phrase's slots into Steps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backend.models import Action, Match, Step, Target
from backend.planning.grammar import (
    Bindings,
    Template,
    Token,
    compile_template,
)
from backend.planning.keys import read_key
from backend.planning.lexicon import (
    ARTICLES,
    INPUT_KINDS,
    LIST_ENTRY_NOUNS,
    NAMING_WORDS,
    ORDINALS,
)
from backend.planning.targets import (
    read_count_target,
    read_number,
    read_option,
    read_target,
    read_url,
    read_value,
)

Build = Callable[[Bindings], list[Step] | None]


@dataclass(frozen=True)
class Rule:
    """Phrase templates, what they mean, and examples to suggest when a line fits none."""

    templates: tuple[Template, ...]
    build: Build
    examples: tuple[str, ...]


def rule(templates: str | Sequence[str], build: Build, *examples: str) -> Rule:
    texts = [templates] if isinstance(templates, str) else list(templates)
    return Rule(tuple(compile_template(t) for t in texts), build, examples)


def one(
    action: Action,
    target: Target | None = None,
    value: str | None = None,
    expect: Match | None = None,
) -> list[Step]:
    return [Step(action=action, target=target, value=value, expect=expect)]


# --- what each phrase means -----------------------------------------------------------------


def navigate(b: Bindings) -> list[Step] | None:
    url = read_url(b["URL"])
    return one("navigate", value=url) if url else None


def search(b: Bindings) -> list[Step] | None:
    toks = _without_box(b["VALUE"])
    if vague(toks):
        return None  # "search for something": no value given
    value = read_value(toks)
    site = b.get("SITE")
    if site is None:
        name = ""
    elif len(site) == 1 and site[0].quoted:
        name = "Search " + site[0].text
    elif all(not t.quoted and t.text[:1].isupper() for t in site):
        name = "Search " + " ".join(t.text for t in site)
    else:
        return None
    return one("fill", Target(kind="searchbox", name=name), value) if value is not None else None


def _without_box(tokens: Sequence[Token]) -> list[Token]:
    """`shoes in the search bar` -> `shoes`: where the search is typed is no part of it."""
    toks = list(tokens)
    for i in range(1, len(toks) - 1):
        rest = [t.word for t in toks[i + 1 :] if t.word not in ("the", "a")]
        if toks[i].word in ("in", "into", "using") and rest and rest[0] == "search":
            return toks[:i]
    return toks


#: First words of an unquoted value that describe data rather than give it ("a valid email").
VAGUE_WORDS = frozenset(
    {
        "a", "an", "the", "all", "any", "some", "my", "your", "his", "her", "their", "its",
        "that", "this", "valid", "invalid", "random", "wrong", "correct", "special",
        "registered", "required", "appropriate", "proper", "existing", "new", "something",
        "anything", "nothing", "it",
    }
)  # fmt: skip


#: Last words of an unquoted phrase that describe a value instead of giving it ("product
#: name", "description", "email and password").
DESCRIPTION_NOUNS = frozenset(
    {
        "name", "names", "email", "password", "description", "text", "value", "values",
        "details", "number", "title", "comment", "message", "username", "review", "data",
        "info", "information", "address", "credentials", "query", "keyword", "term",
    }
)  # fmt: skip


def vague(tokens: Sequence[Token]) -> bool:
    """An unquoted description of a value ("a random email", "the note text", "product
    name"): not a value."""
    if not tokens or any(t.quoted for t in tokens):
        return False
    if tokens[0].word in VAGUE_WORDS:
        return True
    return all(t.text.islower() for t in tokens) and tokens[-1].word in DESCRIPTION_NOUNS


def fill(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if vague(b["VALUE"]):
        return None
    return one("fill", target, value) if target and value is not None else None


def set_to(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None:
        return None
    return one("select" if target.kind == "combobox" else "fill", target, value)


def select(b: Bindings) -> list[Step] | None:
    as_target = read_target(b["VALUE"])
    if b["VALUE"] and b["VALUE"][0].text in ("a", "an", "any", "some"):
        return None  # "select a category from ...": which one is not said
    if as_target is not None and as_target.kind not in (None, "option"):
        return None  # "select the Save button in the dialog" names no option
    target, value = read_target(b["TARGET"], "combobox"), read_option(b["VALUE"])
    if target is not None and target.kind == "list":
        target = target.model_copy(update={"kind": "combobox"})  # "from the Country list"
    return one("select", target, value) if target and value is not None else None


def select_element(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    if target is None:
        return None
    if target.kind in ("checkbox", "radio"):
        return one("check", target)
    if target.kind in ("tab", "option", "menuitem", "link", "button"):
        return one("click", target)
    return None


def on_target(action: Action, default_kind: str | None = None) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        target = read_target(b["TARGET"], default_kind)
        if target is not None and target.kind == "textbox" and action in _TICKS:
            target = target.model_copy(update={"kind": "checkbox"})  # "tick the box beside X"
        return one(action, target) if target else None

    return build


#: Actions on something ticked: "the box" they name is a checkbox, not a text box.
_TICKS = frozenset({"check", "uncheck", "assert_checked", "assert_unchecked"})


def clear(b: Bindings) -> list[Step] | None:
    """`Clear the X checkbox` unticks it; any other target is emptied ("Clear the text in the
    Notes field" empties the field)."""
    target = read_target(_what_is_in(b["TARGET"]))
    if target is None:
        return None
    return one("uncheck" if target.kind == "checkbox" else "clear", target)


#: "the text in", "the contents of", "the value of": what a field holds, not another element.
_HELD = frozenset({"text", "contents", "content", "value", "input", "everything", "entry"})


def _what_is_in(tokens: Sequence[Token]) -> list[Token]:
    toks = [t for t in tokens if t.word not in ("the", "all")]
    if len(toks) > 2 and toks[0].word in _HELD and toks[1].word in ("in", "of", "from"):
        return list(tokens)[[t.word for t in tokens].index(toks[1].word) + 1 :]
    return list(tokens)


def press_in(b: Bindings) -> list[Step] | None:
    key, target = read_key(b["KEY"]), read_target(b["TARGET"])
    if key and [t.word for t in b["TARGET"] if t.word not in ARTICLES] == ["keyboard"]:
        return one("press", value=key)  # "press Enter on the keyboard": where every key is
    return one("press", target, key) if key and target else None


def press(b: Bindings) -> list[Step] | None:
    """press/hit/tap a key is a key press; anything else is a button ("press Save"). A purpose
    after a key is no part of it: "Hit Escape to close the dialog", "Press Enter to submit"."""
    key = read_key(b["THING"]) or read_key(_before_purpose(b["THING"]))
    if key:
        return one("press", value=key)
    target = read_target(b["THING"], "button")
    return one("click", target) if target else None


def _before_purpose(tokens: Sequence[Token]) -> list[Token]:
    toks = list(tokens)
    for i in range(1, len(toks) - 1):
        if toks[i].word in ("to", "so") and not toks[i + 1].quoted:
            return toks[:i]
    return toks


def open(b: Bindings) -> list[Step] | None:
    """ "Open the Settings tab" clicks it; "Open the reports folder" (no kind said) is an `open`:
    a click, or a double click when the element is an entry of a list (a file browser's row)."""
    if read_url(b["TARGET"]):
        return None
    steps = on_target("click")(b)
    if steps and steps[0].target is not None and steps[0].target.kind is None:
        return one("open", steps[0].target)
    return steps


def on_page(b: Bindings) -> list[Step] | None:
    url = read_url(b["VALUE"])
    return one("assert_url", value=url, expect="contains") if url else None


def on_page_not(b: Bindings) -> list[Step] | None:
    url = read_url(b["VALUE"])
    return one("assert_url", value=url, expect="not_contains") if url else None


def wait(b: Bindings) -> list[Step] | None:
    seconds = read_number(b["N"], extra={"a": 1, "an": 1})
    return one("wait", value=seconds) if seconds else None


def upload(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    return one("upload", target, value) if target and value else None


def name_of(tokens: Sequence[Token]) -> str | None:
    """The name in "the frame titled X", "the tab "Help"", "the payment frame": a value."""
    toks = list(tokens)
    for naming in NAMING_WORDS:
        if len(toks) > len(naming) and all(toks[k].word == w for k, w in enumerate(naming)):
            toks = toks[len(naming) :]
            break
    if any(t.word in ("is", "are", "should", "in", "to") for t in toks):
        return None
    return read_value(toks)


def frame(b: Bindings) -> list[Step] | None:
    name = name_of(b["NAME"]) if "NAME" in b else ""
    return one("switch_frame", Target(name=name)) if name is not None else None


def tab_named(b: Bindings) -> list[Step] | None:
    name = name_of(b["NAME"])
    return one("switch_tab", Target(name=name)) if name else None


def tab_nth(b: Bindings) -> list[Step] | None:
    toks = b["NTH"]
    if len(toks) != 1 or toks[0].word not in ORDINALS:
        return None
    return one("switch_tab", value=str(ORDINALS[toks[0].word]))


def page_value(action: Action, expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        value = read_value(b["VALUE"], state_ok=expect == "contains")
        return one(action, value=value, expect=expect) if value is not None else None

    return build


def heading(expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        value = read_value(b["VALUE"], state_ok=expect == "contains")
        if value is None:
            return None
        return one("assert_text", Target(kind="heading", name=""), value, expect)

    return build


def count(b: Bindings) -> list[Step] | None:
    number, target = read_number(b["N"], extra={"no": 0}), read_count_target(b["THINGS"])
    return one("assert_count", target, number) if number and target else None


def has_value(expect: Match) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
        if target is not None and target.kind is None and not b["VALUE"][0].quoted:
            return None  # "the changed value is saved": a state, not a value
        return one("assert_value", target, value, expect) if target and value is not None else None

    return build


def field_holds(b: Bindings) -> list[Step] | None:
    """`"alice" should be in the Username field`: the field's value contains it (only a field
    named with a field kind word; `"x" is in the list` is the list readers')."""
    target, value = read_target(b["TARGET"]), b["VALUE"]
    if target is None or target.kind not in INPUT_KINDS or len(value) != 1 or not value[0].quoted:
        return None
    return one("assert_value", target, value[0].text, "contains")


#: "the todo list": the list of todos, not a region named "todo".
_ENTRY_NAMES = LIST_ENTRY_NOUNS | {"todos", "items", "tasks", "entries"}


#: Places that hold entries, not a value: "the cart is empty" counts none in it.
HOLDERS = frozenset({"cart", "basket", "bag", "shopping cart", "inbox", "wishlist", "results"})


def is_empty(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    if target is not None and target.kind == "list":  # "the list should be empty": no entries
        name = target.name if target.name.lower() not in _ENTRY_NAMES else ""
        return one("assert_count", Target(kind="listitem", name="", context=name or None), "0")
    holder = target.name.lower().removeprefix("my ").removeprefix("your ") if target else ""
    if target is not None and target.kind is None and holder in HOLDERS:
        # "the cart should be empty": no entries in it (a field that is empty holds no value)
        return one("assert_count", Target(kind="listitem", name="", context=holder), "0")
    return one("assert_value", target, "", "equals") if target else None


#: What a text is, said without naming an element: "the summary", "the status". Not "the
#: counter": like "the badge", a counter is a widget of its own ("the counter shows "1 item
#: left"" is that element's text, as the external corpus labels it).
UNNAMED_PARTS = frozenset({"summary", "status", "count", "total", "caption"})


def unnamed_part_text(target: Target, value: str) -> list[Step] | None:
    """`the summary says "6 rows"`: no element is named, so the text is a lenient page text
    check (it contains the value); None when the target names an element."""
    if target.kind is not None or target.context:
        return None
    name = target.name.lower()
    if name in UNNAMED_PARTS:
        return [Step(action="assert_text", value=value, expect="contains", read_as="lenient")]
    words = name.split()
    if words and all(w in DESCRIPTORS for w in words) and name != "text":
        # "the error message should say "Required"": the noun only says what the text is
        return [Step(action="assert_text", value=value, expect="contains")]
    return None


def target_contains(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None:
        return None
    unnamed = unnamed_part_text(target, value)
    if unnamed is not None:
        return unnamed
    action: Action = "assert_value" if target.kind in INPUT_KINDS else "assert_text"
    return one(action, target, value, "contains")


def target_not(expect: Match) -> Build:
    """`the Email field is not "x"`, `the heading does not contain "x"`: negated checks."""

    def build(b: Bindings) -> list[Step] | None:
        target = read_target(b["TARGET"])
        value = read_value(b["VALUE"], state_ok=False)
        if target is None or value is None:
            return None
        if target.kind in INPUT_KINDS:
            return one("assert_value", target, value, expect)
        if target.kind == "heading" or expect == "not_contains":
            return one("assert_text", target, value, expect)
        return None

    return build


def target_is(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"], state_ok=False)
    if target is None or value is None:
        return None
    first = b["VALUE"][0]
    if not first.quoted and first.word.endswith("ed"):
        if value.lower() in ("cleared", "emptied", "blank"):
            return one("assert_value", target, "", "equals")
        return None  # "the input should be trimmed", "is highlighted in red": a state
    if target.kind in INPUT_KINDS and not target.name and not first.quoted:
        return None  # "an input will be brought forward": no field named, no value quoted
    if target.kind in INPUT_KINDS:
        return one("assert_value", target, value, "equals")
    if target.kind == "heading":
        return one("assert_text", target, value, "equals")
    return None


def text(action: Action) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        value = read_value(b["VALUE"])
        if value is None or vague(b["VALUE"]):
            return None  # "the page should show an error": no text given
        if action == "assert_hidden":
            return one(action, Target(kind="text", name=value))
        return one(action, value=value, expect="contains")

    return build


def subject(visible: bool) -> Build:
    """`X is visible`: an element with a kind word is looked for as an element, else as text."""

    def build(b: Bindings) -> list[Step] | None:
        toks = described_text(b["SUBJECT"])
        target, value = read_target(toks), read_value(toks)
        if target is not None and target.kind is None and _an_element(toks):
            return one("assert_visible" if visible else "assert_hidden", target)
        if target is None or target.kind is None:
            if vague(toks) or (not any(t.quoted for t in toks) and _lower(toks)):
                return None  # "the note text", "product categories": nothing to look for
            if any(t.quoted for t in toks) and not all(t.quoted for t in toks):
                return None  # "a starred "x"": the lenient reading checks the quoted text
        if target is not None and target.kind is not None:
            return one("assert_visible" if visible else "assert_hidden", target)
        if value is not None:
            if visible:
                return one("assert_text", value=value, expect="contains")
            return one("assert_hidden", Target(kind="text", name=value))
        if target is not None:
            return one("assert_visible" if visible else "assert_hidden", target)
        return None

    return build


#: Nouns that say a quoted name is an element of any kind ("the element "#msg" is shown").
_ELEMENT_NOUNS = frozenset({"element", "control", "widget", "component"})


def _an_element(toks: Sequence[Token]) -> bool:
    words = [t for t in toks if t.word not in ("the", "a", "an")]
    return len(words) == 2 and words[0].word in _ELEMENT_NOUNS and words[1].quoted


#: Nouns that say what a quoted text is ("the error message "Invalid email"", "the "Welcome"
#: message", "a pop-up with text "Saved""): the check is for the text.
DESCRIPTORS = frozenset(
    {
        "message", "error", "warning", "notice", "notification", "text", "toast", "alert",
        "banner", "hint", "tooltip", "caption", "label", "confirmation", "prompt", "status",
        "success", "info", "information", "feedback", "flash", "error message",
        "success message", "validation", "with", "pop-up", "popup", "saying",
    }
)  # fmt: skip


def described_text(tokens: Sequence[Token]) -> list[Token]:
    """`an error message "X"`, `the "X" message` -> the quoted token alone; else `tokens`."""
    toks = [t for t in tokens if t.word not in ("the", "a", "an")]
    quoted = [t for t in toks if t.quoted]
    if len(quoted) != 1 or len(toks) == 1:
        return list(tokens)
    if all(t.quoted or t.word in DESCRIPTORS for t in toks):
        return quoted
    return list(tokens)


def _lower(tokens: Sequence[Token]) -> bool:
    """Only lower-case words (a capital on the first word only): a description, not a text."""
    words = [t.text for t in tokens if t.text.isalpha()]
    return (
        bool(words)
        and all(w[1:].islower() or len(w) == 1 for w in words[:1])
        and all(w.islower() for w in words[1:])
    )


def log_in(button: str) -> Build:
    """The log-in macro: fill Username, fill Password, click the button the verb names."""

    def build(b: Bindings) -> list[Step] | None:
        user, secret = read_value(b["VALUE"]), read_value(b["SECRET"])
        if user is None or secret is None:
            return None
        return [
            *one("fill", Target(kind="textbox", name="Username"), user),
            *one("fill", Target(kind="textbox", name="Password"), secret),
            *one("click", Target(kind="button", name=button)),
        ]

    return build
