"""Tickets and Gherkin as people write them: keywords, scene-setting, named pages, macros.

The rule planner (planning/rules.py) asks this module first about each line: the Gherkin
keyword is taken off (`Given` marks scene-setting), a line that only sets the scene plans no
step (`context_line`), and the phrase table `TICKET_RULES` reads what the generic tables in
planning/phrases.py do not (named pages, Cucumber's web steps, the log-in and search macros).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from backend.models import Step, Target
from backend.planning.builders import Build, Rule, log_in, one, rule, vague
from backend.planning.grammar import (
    Bindings,
    Token,
    mask_quotes,
    raw_text,
    read_target,
    read_number,
    read_url,
    read_value,
)
from backend.planning.lexicon import ARTICLES

_KEYWORD = re.compile(r"^(given|when|then|and|but|steps:)\s+", re.I)


def strip_keyword(text: str) -> tuple[str | None, str]:
    """`Given I am on X` -> ("given", "I am on X"); a line with no keyword -> (None, text)."""
    keyword = None
    while True:
        m = _KEYWORD.match(text)
        if not m:
            return keyword, text
        keyword = keyword or m.group(1).lower()
        text = text[m.end() :]


# --- scene-setting: lines that set up data or the browser, not a step ----------------------

_CONTEXT = [
    r"^(?:that\s+)?(?:i|we)\s+(?:have|had|previously|want|make sure that there are no)\b"
    r"(?!.*\bpassword\b)",
    r"^(?:a|an|one|some|basic)\s+(?!.*\b(?:should|is|are|appears?|will)\b)",
    r"^that \w+'s \w+ is\b",
    r"^the following\b",
    r"^there (?:is|are|exists?) (?:a|an|one|no|\d+)\b",
    r"^this is a pending scenario",
    r"^my (?:\w+ )?(?:is|are)\b",
    r"^my session expires",
    r"^(?:i|we) (?:am|are) (?:logged|signed) (?:in|out)(?!.*\bpassword\b)",
    r"^(?:i\s+)?(?:take|took|capture) (?:a )?screenshots?\b",
    r"^note (?:the|down)\b",
    r"^(?:open|launch|start|close and reopen|close) (?:the |a )?(?:web )?browser(?:\s*\(.*\))?$",
    r"^(?:i|you) should receive (?:an?|\d+|no|one|two|three) e-?mails?\b",
    r"^(?:the |a )?(?:user|person|network|product) \S+ (?:exists|has an account|should exist)",
    r"^leave .* blank$",
    r"^\S+://\S+ (?:exists|has the caption)\b",
    r"^(?:i|he|she) (?:go|goes) to the \S+ page with content\b",
]
_CONTEXT_RE = [re.compile(p, re.I) for p in _CONTEXT]


def context_line(text: str, keyword: str | None) -> bool:
    """Whether a line only sets the scene ("Given the following user record"): no step."""
    masked = mask_quotes(text).strip().rstrip(":").strip()
    plain = re.sub(r"\0+", "X", masked)
    return any(p.search(plain) for p in _CONTEXT_RE)


def scene_line(keyword: str | None) -> bool:
    """A `Given` line that reads as no navigation or log-in sets the scene."""
    return keyword == "given"


# --- named pages: "the login page", "the "register" page for person "Marla"" ---------------

_PAGE_STOP = frozenset(
    {"should", "is", "are", "with", "and", "of", "to", "on", "at", "previous", "last", "any", "for"}
)


def read_page(tokens: Sequence[Token]) -> str | None:
    """The name of a page named in words, or None: `the manage users page` -> "manage users"."""
    toks = [t for t in tokens if t.word not in ARTICLES]
    if len(toks) == 1 and toks[0].word in ("homepage", "home"):
        return "home"
    at = max((i for i, t in enumerate(toks) if t.word in ("page", "homepage")), default=-1)
    if at < 0:
        return None
    before, after = toks[:at], toks[at + 1 :]
    if toks[at].word == "homepage":
        before = [*before, Token("home")]
    if after:
        if after[0].word != "for" or len(after) < 2:
            return None
        after = [t for t in after[1:] if t.word not in ARTICLES]
        if any(t.quoted for t in after):
            after = [t for t in after if t.quoted]
    if any(t.word in _PAGE_STOP for t in [*before, *after]) or not (before or after):
        return None
    words = [t for t in before if not t.quoted] + [t for t in before if t.quoted] + after
    name = " ".join(t.text for t in words)
    return name if not read_url([Token(name)]) else None


def _page(action: str) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        name = read_page(b["PAGE"])
        if name is None:
            return None
        return one(action, Target(kind="page", name=name))

    return build


def _visit_thing(b: Bindings) -> list[Step] | None:
    toks = [t for t in b["PAGE"] if t.word not in ARTICLES]
    if len(toks) == 2 and toks[0].quoted and not toks[1].quoted:
        return one("navigate", Target(kind="page", name=f"{toks[1].text} {toks[0].text}"))
    return None


def _given_url(b: Bindings) -> list[Step] | None:
    url = read_url(b["URL"])
    return one("navigate", value=url) if url else None


# --- Cucumber's web steps and small macros ---------------------------------------------------


def _follow(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    if target is None or target.kind not in (None, "link"):
        return None
    return one("click", target.model_copy(update={"kind": "link"}))


def _choose(b: Bindings) -> list[Step] | None:
    toks = b["VALUE"]
    if len(toks) != 1 or not toks[0].quoted:
        return None
    return one("check", Target(kind="radio", name=toks[0].text))


def _search_submit(b: Bindings) -> list[Step] | None:
    """`When I search for "x"` types and submits; `search the page x` too."""
    if " ".join(t.word for t in b["FOR"]) not in ("for", "the page", "the site for"):
        return None
    value = read_value(b["VALUE"])
    if value is None:
        return None
    box = Target(kind="searchbox", name="")
    if ":" in b["FOR"][-1].trail:
        return one("fill", box, value)  # "I search for: ma": typing, to see the suggestions
    return [*one("fill", box, value), *one("press", box, "Enter")]


def _on_item(verb: str) -> Build:
    """`I delete the action "x"`: the Delete control of the entry that shows "x"."""

    def build(b: Bindings) -> list[Step] | None:
        toks = [t for t in b["ITEM"] if t.word not in ARTICLES]
        quoted = [t for t in toks if t.quoted]
        if len(quoted) == 1 and toks[-1].quoted and len(toks) <= 3:
            return one("click", Target(name=verb, context=quoted[0].text))
        if len(toks) == 2 and toks[0].word in _ORDINAL_WORDS and not toks[1].quoted:
            return one("click", Target(name=verb, nth=_ORDINAL_WORDS[toks[0].word]))
        return None

    return build


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "last": -1}


def _mark(action: str) -> Build:
    def build(b: Bindings) -> list[Step] | None:
        toks = [t for t in b["ITEM"] if t.word not in ARTICLES]
        if not toks or not toks[-1].quoted:
            return None
        return one(action, Target(kind="checkbox", name="", context=toks[-1].text))

    return build


def _see_in(b: Bindings) -> list[Step] | None:
    """`I should see "x" within "#sel"` / `in the completed container`: text in a region."""
    value = read_value(b["VALUE"])
    where = _region(b["WHERE"])
    if value is None or where is None or not b["VALUE"][0].quoted:
        return None
    return one("assert_text", Target(name="", context=where), value, "contains")


def _not_see_in(b: Bindings) -> list[Step] | None:
    value = read_value(b["VALUE"])
    where = _region(b["WHERE"])
    if value is None or where is None or not b["VALUE"][0].quoted:
        return None
    return one("assert_hidden", Target(kind="text", name=value, context=where))


_REGION_NOUNS = ("container", "section", "list", "area", "region", "panel", "box")


def _region(tokens: Sequence[Token]) -> str | None:
    toks = [t for t in tokens if t.word not in ARTICLES]
    quoted = [t for t in toks if t.quoted]
    if len(quoted) == 1 and (len(toks) == 1 or toks[-1].quoted):
        return quoted[0].text
    if quoted or not toks or toks[-1].word not in _REGION_NOUNS:
        return None
    return raw_text(toks[:-1]) or None


def _link_for(b: Bindings) -> list[Step] | None:
    if b["NAME"][0].word in ARTICLES:
        return None  # "a link to a previous version of the page": no name
    toks = [t for t in b["NAME"] if t.word not in ("my", "the")]
    name = read_value(toks)
    return one("assert_visible", Target(kind="link", name=name)) if name else None


def _focused_add(b: Bindings) -> list[Step] | None:
    toks = b["VALUE"]
    if len(toks) != 1 or not toks[0].quoted:
        return None
    box = Target(kind="focused", name="")
    return [*one("fill", box, toks[0].text), *one("press", value="Enter")]


def _focused_type(b: Bindings) -> list[Step] | None:
    toks = b["VALUE"]
    if len(toks) != 1 or not toks[0].quoted:
        return None
    return one("fill", Target(kind="focused", name=""), toks[0].text)


TICKET_RULES: tuple[Rule, ...] = (
    rule(
        [
            "{have logged in|am logged in|have signed in|logged in} as [user] VALUE with [the] "
            "password SECRET",
            "submit the {login|log in|sign in} form as [user] VALUE with [the] password SECRET",
            "{log in|login} as [user] VALUE and [the] password SECRET",
        ],
        log_in("Log in"),
        'Log in as "alice" with password "secret"',
    ),
    rule(
        ["{log in|login|sign in} without entering [any] credentials"],
        lambda b: one("click", Target(kind="button", name="Log in")),
    ),
    rule(
        ["{log out|logout|sign out}", "{log out|logout|sign out} of SITE"],
        lambda b: one("click", Target(name="Log out")),
        "Log out",
    ),
    rule(["submit [the form]"], lambda b: one("press", value="Enter"), "Submit the form"),
    rule(["{follow} TARGET"], _follow, 'Follow "Sign up"'),
    rule(["choose VALUE"], _choose, 'Choose "Express"'),
    rule(
        ["{go|navigate|navigate back|go back|head|browse|come back} to PAGE", "{visit|open} PAGE"],
        _page("navigate"),
        "Go to the login page",
    ),
    rule(["visit PAGE"], _visit_thing),
    rule(
        ["{am|am now} {on|at} PAGE", "that i am {on|at} PAGE"],
        _page("navigate"),
    ),
    rule(
        [
            "{should be|should now be|should land|should end up|am redirected|should be "
            "redirected|are redirected|is redirected|am taken|should be taken|is navigated|"
            "is landed|arrive} {on|to|at} PAGE [successfully]",
            "PAGE {should open|should be opened|opens|is opened|is displayed|is visible|"
            "is shown|should be displayed|should be visible} [successfully]",
            "[the] user {is navigated|is landed|is redirected|is taken} {to|on} PAGE "
            "[successfully]",
            "@SEE PAGE",
        ],
        _page("assert_url"),
        "I should be on the login page",
    ),
    rule(["{delete|remove} ITEM"], _on_item("Delete")),
    rule(["star ITEM"], _on_item("Star")),
    rule(["mark ITEM [as] {complete|completed|done|finished}"], _mark("check")),
    rule(
        ["mark ITEM [as] {active|uncompleted|incomplete|not done|undone|not completed}"],
        _mark("uncheck"),
    ),
    rule(["@SEE VALUE {within|in|inside} WHERE"], _see_in),
    rule(["@NOT_SEE VALUE {within|in|inside} WHERE"], _not_see_in),
    rule(["@SEE {a|the} link {for|to} NAME"], _link_for),
    rule(["{add|add a todo for|add an item for|add a todo} VALUE"], _focused_add),
    rule(["{type|type in|enter}: VALUE", "{type|enter} VALUE"], _focused_type),
)


def given_rules() -> tuple[Rule, ...]:
    """What a `Given` line may still mean as a step: a URL or page to start on, a log-in."""
    return (
        rule(["{am|am now} {on|at} URL"], _given_url),
        rule(["visit NAME"], _visit_named),
    )


def _visit_named(b: Bindings) -> list[Step] | None:
    toks = b["NAME"]
    if len(toks) != 1 or toks[0].quoted or read_url(toks):
        return None
    return one("navigate", Target(kind="page", name=toks[0].text))


def gherkin_rules() -> tuple[Rule, ...]:
    """Cucumber step phrasings read only on a keyword line: `When I search for "x"` submits."""
    return (rule(["search FOR VALUE"], _search_submit),)


# --- the lenient rule: an expectation with quoted text and no pattern ----------------------

_MOOD = re.compile(
    r"\b(should|must|verify|ensure|confirm|see|sees|is shown|are shown|displayed|appears?|"
    r"visible|present|listed|is there|exists?|expect(?:ed)?|will be|is unavailable|"
    r"pops up|at (?:the )?top)\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(not|no longer|never|unavailable|absent|hidden|disappears?|gone)\b|n't\b", re.I
)
_ACTION_START = re.compile(
    r"^(?:i |you |user )?(?:look|click|tap|press|fill|type|enter|select|choose|open|go|navigate|"
    r"visit|submit|upload|check|uncheck|hover|scroll|drag|log|sign|delete|remove|add|edit)\b",
    re.I,
)


def lenient(tokens: Sequence[Token], *, checking: bool = False) -> list[Step] | None:
    """Each quoted text is visible (or, negated, not visible), marked `read_as: lenient`.

    Only for an expectation: a clause in assertion mood (`should`, `is shown`, `appears`...),
    or what follows "Verify" (`checking`), that starts with no action verb.
    """
    quoted = [t.text for t in tokens if t.quoted]
    plain = " ".join("X" if t.quoted else t.text for t in tokens)
    mood = checking or _MOOD.search(plain)
    if not quoted or not mood or _ACTION_START.search(plain):
        return None
    if _NEGATION.search(plain):
        return [
            Step(action="assert_hidden", target=Target(kind="text", name=q), read_as="lenient")
            for q in quoted
        ]
    return [
        Step(action="assert_text", value=q, expect="contains", read_as="lenient") for q in quoted
    ]


# --- more phrasings of tickets: forms, lists, pages with content ---------------------------

_CONNECTORS = frozenset({"with", "to", "in", "the", "and", "a", "an", "of", "for"})


def _form_fields(tokens: Sequence[Token]) -> list[Step] | None:
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
    fields = _form_fields(b["FIELDS"])
    return [*fields, *one("press", value="Enter")] if fields else None


def _shows(b: Bindings) -> list[Step] | None:
    """`the badge should show 2`: the element's text contains the value."""
    if vague(b["VALUE"]) or b["TARGET"][0].word in ("it", "this", "that", "they"):
        return None
    target, value = read_target(b["TARGET"]), read_value(b["VALUE"])
    if target is None or value is None or target.name.lower() in ("page", "screen", ""):
        return None
    return one("assert_text", target, value, "contains")


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


def _nth_item(b: Bindings) -> list[Step] | None:
    nth = _ORDINAL_WORDS.get(b["NTH"][0].word) if len(b["NTH"]) == 1 else None
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
    rule(["VALUE should be [the] {first|top} result"], _result(1)),
    rule(["VALUE should be {a|one of the} {result|results}"], _result(None)),
    rule(["{select|click|choose|open} [the] NTH {item|result|entry}"], _nth_item),
    rule(["[the] NAME list @VISIBLE", "a list of NAME @VISIBLE"], _list_visible),
    rule(
        ["{@SEE|see} a page {entitled|titled} TITLE with content CONTENT"], _page_with_content
    ),
    rule(
        ["[the] page [i arrive on|i land on] {has title|has the title} VALUE"],
        lambda b: one("assert_title", value=read_value(b["VALUE"]), expect="equals")
        if read_value(b["VALUE"])
        else None,
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
        _given_url,
    ),
    rule(["go to PAGE at URL"], lambda b: one("navigate", value=raw_text(b["URL"]))),
)


def _click_of_nth(b: Bindings) -> list[Step] | None:
    value, nth = b["VALUE"], _ORDINAL_WORDS.get(b["NTH"][0].word)
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
    """`the list summary is "1 item left"`: a named element's whole text (no kind word)."""
    target, value = read_target(b["TARGET"]), b["VALUE"]
    if target is None or target.kind is not None or len(value) != 1 or not value[0].quoted:
        return None
    if target.name.lower() in ("title", "page title", "url", "heading", "page"):
        return None
    return one("assert_text", target, value[0].text, "equals")


LATE_RULES: tuple[Rule, ...] = (
    rule(["@CLICK [on] VALUE of [the] NTH NOUN"], _click_of_nth),
    rule(["should have N THING in my WHERE", "have N THING in my WHERE"], _count_in),
    rule(["add [a|the] {product|item} {called|named} VALUE to [the|my] cart"], _add_to_cart),
    rule(["can {click|press} TARGET"], lambda b: _visible(b["TARGET"])),
    rule(
        ["[the] {page|url} {slug|path} {should be|is|should contain|contains} VALUE"],
        lambda b: one("assert_url", value=read_value(b["VALUE"]), expect="contains")
        if read_value(b["VALUE"])
        else None,
    ),
    rule(
        ["[the] [main] page {should have|has|contains|should contain} text VALUE"],
        lambda b: one("assert_text", value=read_value(b["VALUE"]), expect="contains")
        if read_value(b["VALUE"])
        else None,
    ),
    rule(
        ["[the] NAME page content @CONTAINS VALUE", "[the] page content @CONTAINS VALUE"],
        lambda b: one("assert_text", value=read_value(b["VALUE"]), expect="contains")
        if read_value(b["VALUE"])
        else None,
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


# --- what a line says before it is read -------------------------------------------------------

_OPEN_BROWSER = re.compile(
    r"^(?:open|launch|start)\s+(?:the\s+|a\s+)?(?:web\s+)?browser,?\s+and\s+(?:then\s+)?", re.I
)
_URL_ASIDE = re.compile(r"\(\s*(url should contain [^)]*)\)", re.I)


def focus(text: str) -> str:
    """The part of a line that is the step: `Open browser and navigate to X` -> `navigate to X`;
    `Verify you are redirected (URL should contain "x")` -> `URL should contain "x"`."""
    masked = mask_quotes(text)
    aside = _URL_ASIDE.search(masked)
    if aside:
        return text[aside.start(1) : aside.end(1)]
    opened = _OPEN_BROWSER.match(masked)
    return text[opened.end() :] if opened else text


_UNPLANNABLE = re.compile(
    r"\b(?:the|an?|that) e-?mail\b(?!\s+(?:address|field|box|input))|\bbe able to\b|"
    r"\bdownload (?:a|the)\b",
    re.I,
)


def unplannable(text: str) -> bool:
    """E-mail steps, abilities ("should be able to comment"), downloads: no browser check."""
    return bool(_UNPLANNABLE.search(mask_quotes(text)))
