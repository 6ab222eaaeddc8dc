"""More ticket phrasings: form macros, lists and results, pages with content, the issue's own
classes (lists in order, dialogs, both fields, "as", log-in variants). Tried by planning/rules.py
with the tables of planning/tickets.py."""

from __future__ import annotations

from collections.abc import Sequence

from backend.models import Step, Target
from backend.planning.builders import Build, Rule, log_in, one, rule, unnamed_part_text, vague
from backend.planning.discourse import SUBMITTER
from backend.planning.grammar import (
    Bindings,
    Token,
    raw_text,
)
from backend.planning.lexicon import ARTICLES, ENTRY_NOUNS, INPUT_KINDS
from backend.planning.targets import (
    read_number,
    read_target,
    read_url,
    read_value,
)
from backend.planning.tickets import ORDINAL_WORDS, given_url, read_page

# --- more phrasings of tickets: forms, lists, pages with content ---------------------------

_CONNECTORS = frozenset({"with", "to", "in", "the", "and", "a", "an", "of", "for"})


def form_fields(tokens: Sequence[Token]) -> list[Step] | None:
    """`username "x", password "y" and confirm with "z"` -> a fill per (name, quoted value)."""
    steps: list[Step] = []
    name: list[Token] = []
    for token in tokens:
        if not token.quoted:
            name.append(token)
            continue
        words = [t for t in name if t.word not in _CONNECTORS]
        if not words:
            return None
        steps.extend(one("fill", Target(name=raw_text(words).capitalize()), token.text))
        name = []
    return steps if steps and not name else None


def _submit_form(b: Bindings) -> list[Step] | None:
    if len(b["FORM"]) != 1 or b["FORM"][0].quoted:
        return None
    fields = form_fields(b["FIELDS"])
    return [*fields, *one("press", value="Enter")] if fields else None


def _shows(b: Bindings) -> list[Step] | None:
    """`the badge should show 2`: the element's text contains the value."""
    if vague(b["VALUE"]) or b["TARGET"][0].word in ("it", "this", "that", "they"):
        return None
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None or target.name.lower() in ("page", "screen"):
        return None
    if target.name.lower().endswith((" page", " screen")) and not b["VALUE"][0].quoted:
        return None  # "the results page should show Africa as a red link": nothing quoted
    if not target.name and target.kind != "alert":
        return None  # "the toast shows "Saved"": a notice is named by its kind alone
    if target.kind in INPUT_KINDS:
        return one("assert_value", target, value, "contains")  # what a field shows: its value
    return unnamed_part_text(target, value) or one("assert_text", target, value, "contains")


def _element_there(b: Bindings) -> list[Step] | None:
    name = read_value(b["NAME"])
    return one("assert_visible", Target(name=name)) if name else None


def _see_on_page(b: Bindings) -> list[Step] | None:
    page = read_page(b["PAGE"])
    quoted = [t.text for t in b["SUBJECT"] if t.quoted]
    if page is None or len(quoted) != 1:
        return None
    return [
        *one("navigate", Target(kind="page", name=page)),
        *one("assert_text", value=quoted[0], expect="contains"),
    ]


def _result(nth: int | None) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        toks = b["VALUE"]
        quoted = [t for t in toks if t.quoted]
        value = quoted[0].text if len(quoted) == 1 else read_value(toks)
        if value is None or (not quoted and vague(toks)):
            return None
        return one("assert_text", Target(kind="listitem", name="", nth=nth), value, "contains")

    return build


#: "the top result": the first. Only as the rank of an entry (`the top bar` is a region).
RANKS = {**ORDINAL_WORDS, "top": 1}


def _ranked(b: Bindings) -> list[Step] | None:
    """`"milk" should be the second item in the list`, `Main Page is the top result`: the text
    of the entry at that rank."""
    nth = RANKS.get(b["NTH"][0].word) if len(b["NTH"]) == 1 else None
    return _result(nth)(b) if nth is not None else None


def _nth_item(b: Bindings) -> list[Step] | None:
    nth = ORDINAL_WORDS.get(b["NTH"][0].word) if len(b["NTH"]) == 1 else None
    return one("click", Target(kind="listitem", name="", nth=nth)) if nth else None


def _list_visible(b: Bindings) -> list[Step] | None:
    name = read_value([t for t in b["NAME"] if t.word not in ARTICLES])
    return one("assert_visible", Target(kind="list", name=name)) if name else None


def _page_with_content(b: Bindings) -> list[Step] | None:
    title, content = read_value(b["TITLE"]), read_value(b["CONTENT"])
    if title is None or content is None:
        return None
    return [
        *one("assert_text", Target(kind="heading", name=""), title, "equals"),
        *one("assert_text", value=content, expect="contains"),
    ]


def _two_fields(b: Bindings) -> list[Step] | None:
    first, second, value = b["A"], b["B"], read_value(b["VALUE"])
    if value is None or len(first) != 1 or len(second) != 1 or first[0].quoted:
        return None
    return [
        *one("fill", Target(name=first[0].text.capitalize()), value),
        *one("fill", Target(name=second[0].text.capitalize()), value),
    ]


def _set_mine(b: Bindings) -> list[Step] | None:
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    return one("fill", target, value) if target and value is not None else None


def _go_click(b: Bindings) -> list[Step] | None:
    toks = b["NAME"]
    if len(toks) != 1 or toks[0].quoted or not toks[0].text[:1].isupper():
        return None
    if read_url(toks) or toks[0].word in ("home", "homepage"):
        return None
    return one("click", Target(name=toks[0].text))


def _menu_path(b: Bindings) -> list[Step] | None:
    names: list[list[Token]] = [[]]
    for token in b["PATH"]:
        if token.text in ("→", ">", "->", "»"):
            names.append([])
        else:
            names[-1].append(token)
    if len(names) < 2 or not all(names):
        return None
    return [s for n in names for s in one("click", Target(name=raw_text(n)))]


def _scroll_to(b: Bindings) -> list[Step] | None:
    name = read_value([t for t in b["NAME"] if t.word not in ARTICLES])
    return one("scroll", Target(name=name)) if name else None


def _upload_named(b: Bindings) -> list[Step] | None:
    name, value = b["NAME"], b["VALUE"]
    if len(value) != 1 or not value[0].quoted or any(t.quoted for t in name):
        return None
    words = [t for t in name if t.word not in ARTICLES]
    return one("upload", Target(name=raw_text(words)), value[0].text) if words else None


def _edit_of(b: Bindings) -> list[Step] | None:
    item, value = b["ITEM"], read_value(b["VALUE"])
    if len(item) != 1 or not item[0].quoted or value is None:
        return None
    field = raw_text([t for t in b["FIELD"] if t.word not in ARTICLES]).capitalize()
    return [
        *one("click", Target(name="Edit", context=item[0].text)),
        *one("fill", Target(name=field), value),
        *one("press", value="Enter"),
    ]


def _edit_in_place(b: Bindings) -> list[Step] | None:
    value = read_value(b["VALUE"])
    field = raw_text([t for t in b["FIELD"] if t.word not in ARTICLES])
    if value is None or not field:
        return None
    return [*one("fill", Target(name=field), value), *one("press", value="Enter")]


MORE_RULES: tuple[Rule, ...] = (
    rule(["submit {a|the} [new] FORM [form] with FIELDS"], _submit_form),
    rule(["edit the FIELD of ITEM to VALUE"], _edit_of),
    rule(["edit the FIELD in place to be VALUE"], _edit_in_place),
    rule(["{edit|change|set|update} my TARGET to VALUE"], _set_mine),
    rule(["{set|change} [the] A and [the] B to VALUE"], _two_fields),
    rule(["upload [the] NAME VALUE"], _upload_named),
    rule(["TARGET {should show|shows|should display|displays|will show} VALUE"], _shows),
    rule(["NAME element @VISIBLE"], _element_there),
    rule(["@SEE SUBJECT on PAGE"], _see_on_page),
    rule(
        [
            "VALUE {should be|is|must be|will be} [the] NTH {result|item|entry|todo|task|row|line}",
            "VALUE {should be|is|must be|will be} [the] NTH {result|item|entry|todo|task|row|line} "
            "{in|on|of} [the] {list|page|table|results}",
        ],
        _ranked,
    ),
    rule(["VALUE should be {a|one of the} {result|results}"], _result(None)),
    rule(["{select|click|choose|open} [the] NTH {item|result|entry}"], _nth_item),
    rule(["[the] NAME list @VISIBLE", "a list of NAME @VISIBLE"], _list_visible),
    rule(["{@SEE|see} a page {entitled|titled} TITLE with content CONTENT"], _page_with_content),
    rule(
        ["[the] page [i arrive on|i land on] {has title|has the title} VALUE"],
        lambda b: (
            one("assert_title", value=read_value(b["VALUE"]), expect="equals")
            if read_value(b["VALUE"])
            else None
        ),
    ),
    rule(["{go to|navigate to|navigate} NAME"], _go_click),
    rule(["open PATH"], _menu_path),
    rule(
        [
            "scroll [down|up] to [the] NAME {section|area|part}",
            "scroll [down|up] to the NAME of [the] {page|homepage}",
        ],
        _scroll_to,
    ),
    rule(["scroll down [the] {scroll bar|page}"], lambda b: one("scroll", Target(name=""))),
    rule(
        [
            "{refresh|reload} the page {multiple|several|a few} times",
            "{refresh|reload} the page {multiple|several|a few} times REST",
        ],
        lambda b: one("reload"),
    ),
    rule(
        ["{open|launch|start} [the] browser and {navigate|go} to URL", "{launch|navigate} URL"],
        given_url,
    ),
    rule(["go to PAGE at URL"], lambda b: one("navigate", value=raw_text(b["URL"]))),
    rule(
        [
            "[the] form {@NOT_SENT} {submitted|sent|posted|saved}",
            "the NAME form {@NOT_SENT} {submitted|sent|posted|saved}",
            "[the] form {does not|did not|doesn't|didn't|should not|must not} submit",
        ],
        lambda b: [Step(action="assert_visible", target=SUBMITTER, read_as="lenient")],
    ),
)


def _click_of_nth(b: Bindings) -> list[Step] | None:
    value, nth = b["VALUE"], ORDINAL_WORDS.get(b["NTH"][0].word)
    if len(value) != 1 or not value[0].quoted or nth is None or len(b["NTH"]) != 1:
        return None
    return one("click", Target(name=value[0].text, nth=nth))


def _count_in(b: Bindings) -> list[Step] | None:
    number = read_number(b["N"])
    thing, where = read_value(b["THING"]), read_value(b["WHERE"])
    if number is None or thing is None or where is None:
        return None
    return one("assert_count", Target(name=thing, context=where), number)


def _add_to_cart(b: Bindings) -> list[Step] | None:
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    return one("click", Target(name="Add to cart", context=value[0].text))


def _named_is(b: Bindings) -> list[Step] | None:
    """`the list summary is "1 item left"`: a named element's whole text (no kind word, or a
    notice: "the toast says "Saved"", the one visible alert)."""
    target, value = read_target(b["TARGET"]), b["VALUE"]
    if target is None or target.kind not in (None, "alert"):
        return None
    if len(value) != 1 or not value[0].quoted:
        return None
    if target.name.lower() in ("title", "page title", "url", "heading", "page"):
        return None
    unnamed = unnamed_part_text(target, value[0].text)  # "the summary says "6 rows""
    if unnamed is not None:
        return unnamed
    if target.name.lower() in _LANDMARKS:
        # "the header still says "Signed in as Jamie"": the text is in that part of the page
        return one("assert_text", Target(context=target.name.lower()), value[0].text, "contains")
    return one("assert_text", target, value[0].text, "equals")


#: Parts of every page a person names by what they are, not by a label.
_LANDMARKS = frozenset({"header", "footer", "sidebar", "navigation", "nav", "top bar"})


LATE_RULES: tuple[Rule, ...] = (
    rule(["@CLICK [on] VALUE of [the] NTH NOUN"], _click_of_nth),
    rule(["should have N THING in my WHERE", "have N THING in my WHERE"], _count_in),
    rule(["add [a|the] {product|item} {called|named} VALUE to [the|my] cart"], _add_to_cart),
    rule(["can {click|press} TARGET"], lambda b: _visible(b["TARGET"])),
    rule(
        ["[the] {page|url} {slug|path} {should be|is|should contain|contains} VALUE"],
        lambda b: (
            one("assert_url", value=read_value(b["VALUE"]), expect="contains")
            if read_value(b["VALUE"])
            else None
        ),
    ),
    rule(
        ["[the] [main] page {should have|has|contains|should contain} text VALUE"],
        lambda b: (
            one("assert_text", value=read_value(b["VALUE"]), expect="contains")
            if read_value(b["VALUE"])
            else None
        ),
    ),
    rule(
        ["[the] NAME page content @CONTAINS VALUE", "[the] page content @CONTAINS VALUE"],
        lambda b: (
            one("assert_text", value=read_value(b["VALUE"]), expect="contains")
            if read_value(b["VALUE"])
            else None
        ),
    ),
    rule(
        ["{delete|clear|remove|erase} the text {from|in} [the] input"],
        lambda b: one("clear", Target(kind="focused", name="")),
    ),
)

LAST_RULES: tuple[Rule, ...] = (
    rule(["TARGET {is|should be|reads|says|should read|should say} VALUE"], _named_is),
)


def _visible(tokens: Sequence[Token]) -> list[Step] | None:
    target = read_target(tokens)
    return one("assert_visible", target) if target else None


# --- the issue's own classes: lists, dialogs, both fields, "as", references -----------------


#: "entrie": what "entries" leaves once its "s" is stripped.
_ENTRY_NOUNS = ENTRY_NOUNS | {"entrie"}
_ORDER = ["in", "that", "order"]
_THIS_ORDER = ["in", "this", "order"]


def _items(b: Bindings) -> list[Step] | None:
    """`the cart lists exactly two lines: "pen", "ink"`: the list holds these texts, in order."""
    values = [t for t in b["VALUES"] if t.word not in ("and", "then")]
    if len(values) > 2 and [t.word for t in values[-3:]] in (_ORDER, _THIS_ORDER):
        values = values[:-3]  # "..., in that order"
    if not values or not all(t.quoted for t in values):
        return None
    number = read_number(b["N"]) if "N" in b else None
    if number is not None and int(number) != len(values):
        return None
    if number is None and len(values) < 2:
        return None  # "the heading contains "x"": one text is a text check, not a list
    words = [t for t in b["NAME"] if t.word not in ARTICLES] if "NAME" in b else []
    if words and words[-1].word == "list":
        words = words[:-1]  # "the Fruits list shows ...": the list named Fruits
    elif words and words[-1].word == "table":
        return None  # "the table shows "Team B" and "10:00"": cells, not a list's entries
    if all(t.word.rstrip("s") in _ENTRY_NOUNS for t in words):
        words = []  # "the todos should be ...", "the todo list ...": the (only) list
    name = raw_text(words)
    joined = "|".join(t.text for t in values)
    return one("assert_items", Target(kind="list", name=name), joined)


def _nth_says(b: Bindings) -> list[Step] | None:
    nth = RANKS.get(b["NTH"][0].word) if len(b["NTH"]) == 1 else None
    value = b["VALUE"]
    if nth is None or len(value) != 1 or not value[0].quoted:
        return None
    return one("assert_text", Target(kind="listitem", name="", nth=nth), value[0].text, "contains")


def _both(b: Bindings) -> list[Step] | None:
    words = list(b["NAME"])
    if words and words[-1].word.endswith("es") and words[-1].word[:-2] in ("box", "input"):
        words[-1] = Token(words[-1].text[:-2])  # "both password boxes"
    elif words and words[-1].word.endswith("s"):
        words[-1] = Token(words[-1].text[:-1])  # "both password fields"
    value, name = b["VALUE"], read_target(words)
    if len(value) != 1 or not value[0].quoted or name is None:
        return None
    box = Target(kind="textbox", name=name.name)
    return [
        *one("fill", box.model_copy(update={"nth": 1}), value[0].text),
        *one("fill", box.model_copy(update={"nth": 2}), value[0].text),
    ]


def _fill_as(b: Bindings) -> list[Step] | None:
    """`Enter "Bob" as the Name`: the value typed as a field's label says (a text field)."""
    value, target = b["VALUE"], read_target(b["TARGET"], "textbox")
    if len(value) != 1 or not value[0].quoted or target is None:
        return None
    return one("fill", target, value[0].text)


def _close_with(b: Bindings) -> list[Step] | None:
    """`Dismiss the popup with its close icon`: a click on that control inside the dialog."""
    target = read_target(b["TARGET"])
    if target is None or target.context:
        return None
    return one("click", target.model_copy(update={"context": "dialog"}))


def _there_is(b: Bindings) -> list[Step] | None:
    if b["TARGET"] and b["TARGET"][0].text in ("no", "not"):
        return None  # "there is no "Delete" link": _there_is_not
    target = read_target(b["TARGET"])
    return one("assert_visible", target) if target and target.kind else None


def _there_is_not(b: Bindings) -> list[Step] | None:
    """`there should not be a "Delete" button`: that element is not shown."""
    target = read_target(b["TARGET"])
    return one("assert_hidden", target) if target and target.kind else None


def _pick(b: Bindings) -> list[Step] | None:
    value = b["VALUE"]
    if len(value) != 1 or not value[0].quoted:
        return None
    return one("check", Target(name=value[0].text))


def _log_in_plain(b: Bindings) -> list[Step] | None:
    """`Log in as bob / s3cret`: the log-in macro with the two values split on "/"."""
    words = [t.text for t in b["PAIR"]]
    if "/" not in words or words.count("/") != 1:
        return None
    at = words.index("/")
    if at != 1 or len(words) != 3:
        return None
    return log_in("Log in")({"VALUE": [b["PAIR"][0]], "SECRET": [b["PAIR"][2]]})


ISSUE_RULES: tuple[Rule, ...] = (
    rule(
        [
            "[the] NAME {lists|shows|contains|holds} [exactly|only] N THINGS VALUES",
            "[the] NAME {lists|shows|contains|holds} [exactly|only] VALUES",
            "[the] NAME {should list|should show|should contain} [exactly|only] VALUES",
            "[the] NAME {should be|are|should read|read} [exactly|only] VALUES",
            "[the] NAME {are listed|are shown|appear} in {that|this} order VALUES",
        ],
        _items,
        'The cart lists exactly two lines: "pen", "ink"',
    ),
    rule(
        [
            "[the] NTH {entry|item|result|search result|row|line|todo|task} {says|reads|shows|"
            "is|contains|"
            "should be|should say|should read|should show|should contain} VALUE"
        ],
        _nth_says,
    ),
    rule(["@TYPE VALUE {in|into} both NAME"], _both),
    rule(
        ["@TYPE VALUE as TARGET", "@TYPE VALUE for [the] TARGET"],
        _fill_as,
        'Enter "Bob" as the Name',
    ),
    rule(
        [
            "{close|dismiss} [the] {dialog|modal|popup|pop-up|modal window|modal dialog} "
            "{with|using|via|by clicking} its TARGET"
        ],
        _close_with,
        "Dismiss the popup with its close icon",
    ),
    rule(
        ["close [the] {dialog|modal|popup|pop-up|modal window|modal dialog}"],
        lambda b: one("click", Target(kind="button", name="Close", context="dialog")),
        "Close the dialog",
    ),
    rule(["there {is|should be|must be} TARGET"], _there_is),
    rule(
        ["there {is no|should be no|should not be|must not be|is not|isn't|is no longer} TARGET"],
        _there_is_not,
    ),
    rule(["{pick|select|choose} VALUE"], _pick, 'Pick "Express"'),
    rule(
        [
            "{accept|confirm|ok} the {alert|dialog|confirmation|confirm|prompt|popup}",
        ],
        lambda b: one("accept_dialog"),
        "Accept the dialog",
    ),
    rule(
        [
            "{dismiss|reject|cancel|decline} the {alert|dialog|confirmation|confirm|prompt|popup}",
        ],
        lambda b: one("dismiss_dialog"),
        "Dismiss the dialog",
    ),
    rule(
        [
            "{log in|login} using [the] username VALUE and [the] password SECRET",
        ],
        log_in("Log in"),
    ),
    rule(
        ["{sign in|signin} using [the] username VALUE and [the] password SECRET"],
        log_in("Sign in"),
    ),
    rule(["{log in|login|sign in} as PAIR"], _log_in_plain),
    rule(
        ["put the {cursor|caret|focus} {in|into|on} TARGET", "{focus|focus on} TARGET"],
        lambda b: _click(b["TARGET"]),
    ),
    rule(
        ["{change|set} its {text|value} to VALUE"],
        lambda b: (
            one("fill", Target(name="it"), read_value(b["VALUE"]))
            if read_value(b["VALUE"]) is not None
            else None
        ),
    ),
)


def _click(tokens: Sequence[Token]) -> list[Step] | None:
    target = read_target(tokens)
    return one("click", target) if target else None
