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
from backend.planning.entries import off_page
from backend.planning.grammar import (
    Bindings,
    Token,
    mask_quotes,
    raw_text,
)
from backend.planning.lexicon import ARTICLES, ORDINALS
from backend.planning.targets import (
    read_context,
    read_target,
    read_url,
    read_value,
)

_KEYWORD = re.compile(
    r"^(given|when|then|and|but|steps:|expected(?: results?| outcome)?:|results?:|verify:|"
    r"then:|you should see:)\s+",
    re.I,
)
#: Keywords after which a line holds checks only ("Expected: the page says "x"").
RESULT_KEYWORDS = frozenset(
    {"expected:", "expected result:", "expected results:", "expected outcome:", "result:",
     "results:", "verify:", "then:", "you should see:"}
)  # fmt: skip
_CHECKS_HEADER = re.compile(
    r"^(?:expected(?: results?| outcomes?| behaviou?r)?|results?|then|verify|verification|"
    r"checks?|you should see|afterwards)\s*:$|^expected(?: results?)?$",
    re.I,
)
_STEPS_HEADER = re.compile(
    r"^(?:steps(?: to reproduce)?|test steps|actions?|procedure|scenario|preconditions?)\s*:$", re.I
)


#: Gherkin's own headers ("Scenario: Adding a todo") and notes about a ticket ("Preconditions:
#: the user is logged in", "Test data: ..."): no step, and a new section of steps.
_GHERKIN_HEADER = re.compile(
    r"^(?:feature|background|scenario(?: outline| template)?|rule|examples?|"
    r"pre-?conditions?|prerequisites?|test data|notes?)\s*:",
    re.I,
)

#: A Gherkin tag line ("@javascript @wip"): it marks the scenario below it, no step.
_TAGS = re.compile(r"^@[\w.:-]+(?:\s+@[\w.:-]+)*$")


def section_header(line: str) -> str | None:
    """The section a header line opens: "checks" for a lone results header ("Expected:"),
    "steps" for "Steps:" or a Gherkin header ("Scenario: ..."); None for any other line."""
    text = line.strip().strip("*_ ").strip()
    if _CHECKS_HEADER.match(text):
        return "checks"
    if _STEPS_HEADER.match(text) or _GHERKIN_HEADER.match(text) or _TAGS.match(text):
        return "steps"
    return None


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
    r"(?!.*\bpassword\b)(?!.*\b(?:checkbox(?:es)?|buttons?|links?|fields?|dropdowns?|icons?)$)",
    r"^(?:a|an|one|some|basic)\s+(?!.*\b(?:should|is|are|appears?|will)\b)",
    r"^that (?!(?:row|item|entry|todo|line|result|task)'s)\w+'s \w+ is\b",
    r"^the following\b(?!.*:\s*\S)",
    r"^there exists?\b",
    r"^this is a pending scenario",
    r"^my (?:\w+ )?(?:is|are)\b",
    r"^my session expires",
    r"^(?:i|we) (?:am|are) (?:logged|signed) (?:in|out)(?!.*\bpassword\b)",
    r"^(?:i\s+)?(?:take|took|capture) (?:a )?screenshots?\b",
    r"^note (?:the|down)\b",
    r"^(?:open|launch|start|close and reopen|close) (?:the |a )?(?:web )?browser(?:\s*\(.*\))?$",
    # "Open the application", "Start the app", "Launch Chrome": the run opens the start URL
    r"^(?:open|launch|start|run) (?:the |a |your )?(?:web )?(?:application|app|web app|"
    r"chrome|firefox|safari|edge)$",
    # "Environment: Chrome 120", "Browser: Firefox", "Version: 1.2": facts about the run
    r"^(?:environment|browser|version|os|platform|device|build|priority|severity)\s*:",
    r"^(?:see|refer to) (?:the )?(?:attached )?screenshots?\b|^screenshots? attached\b",
    r"^(?:i|you) should receive (?:an?|\d+|no|one|two|three) e-?mails?\b",
    # mail leaves the browser: "an email should be sent to X", "X should receive an email"
    r"^(?:an?|the|\d+|no) (?:\w+ )?e-?mails? (?:should be|is|was|will be|has been|are|were) sent\b",
    r"^\S+(?: \S+)? should (?:receive|get) (?:an?|\d+|no|one|two|three) (?:\w+ )?e-?mails?\b",
    r"^(?:the |a )?(?:user|person|network|product) \S+ (?:exists|has an account|should exist)",
    r"^leave .* (?:blank|empty)$",
    r"^\S+://\S+ (?:exists|has the caption)\b",
    r"^(?:i|he|she) (?:go|goes) to the \S+ page with content\b",
]
_CONTEXT_RE = [re.compile(p, re.I) for p in _CONTEXT]
#: Scene-setting only when no text is quoted: `You arrive at the rooms table` (where a step
#: lands, nothing to check), `look at the Pricing section`; `You arrive at the list, titled
#: "Invoices"` has a text to check (the lenient rule reads it).
_UNQUOTED_CONTEXT_RE = re.compile(
    r"^(?!.*\b(?:page|homepage)\b)"
    r"(?:(?:you|i|we|the user) (?:arrive|land|end up|are taken)(?: back)? (?:at|on|in|to) |"
    r"(?:i |you )?look at )",
    re.I,
)


def context_line(text: str, keyword: str | None) -> bool:
    """Whether a line only sets the scene ("Given the following user record"): no step."""
    masked = mask_quotes(text).strip().rstrip(":").strip()
    plain = re.sub(r"\0+", "X", masked)
    if keyword == "given" and re.match(r"^there (?:is|are) (?:a|an|one|no|\d+)\b", plain, re.I):
        return True  # "Given there are no todo items": data, where "There are 3 results" checks
    if "\0" not in masked and _UNQUOTED_CONTEXT_RE.search(masked):
        return True
    return any(p.search(plain) for p in _CONTEXT_RE)


# --- named pages: "the login page", "the "register" page for person "Marla"" ---------------

_PAGE_STOP = frozenset(
    {"should", "is", "are", "with", "and", "of", "to", "on", "at", "previous", "last", "any", "for"}
)


_OF_THE_APP = [["of", w] for w in ("application", "app", "site", "website", "portal")]


def _and_in_name(before: Sequence[Token], tokens: Sequence[Token]) -> bool:
    """`the users and groups page`: one page whose name holds "and" (two plain words around
    it); `the cart and the checkout page` names two things."""
    words = [t.word for t in tokens]
    return (
        len(before) == 3
        and before[1].word == "and"
        and all(t.word.isalpha() and not t.quoted for t in (before[0], before[2]))
        and words[words.index("and") + 1] not in ARTICLES
    )


_PAGE_WORDS = frozenset({"page", "homepage", "screen"})


def read_page(tokens: Sequence[Token]) -> str | None:
    """The name of a page named in words, or None: `the manage users page` -> "manage users"."""
    toks = [t for t in tokens if t.word not in ARTICLES]
    while toks and toks[0].word in ("my", "your", "our", "user's", "the user's"):
        toks = toks[1:]  # "the user's home page" is the home page
    if len(toks) == 1 and toks[0].word in ("homepage", "home"):
        return "home"
    # "the login screen" is the login page: a manual test case's word for it
    at = max((i for i, t in enumerate(toks) if t.word in _PAGE_WORDS), default=-1)
    if at < 0:
        return None
    before, after = toks[:at], toks[at + 1 :]
    if toks[at].word == "homepage":
        before = [*before, Token("home")]
    if [t.word for t in after] in _OF_THE_APP:
        after = []  # "the login page of the application" is the login page
    if after:
        if after[0].word != "for" or len(after) < 2:
            return None
        after = [t for t in after[1:] if t.word not in ARTICLES]
        if any(t.quoted for t in after):
            after = [t for t in after if t.quoted]
    joined = not after and _and_in_name(before, tokens)
    if any(t.word in _PAGE_STOP for t in [*before, *after]) and not joined:
        return None
    if not (before or after):
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


def given_url(b: Bindings) -> list[Step] | None:
    url = read_url(b["URL"])
    return one("navigate", value=url) if url else None


# --- Cucumber's web steps and small macros ---------------------------------------------------


def _follow(b: Bindings) -> list[Step] | None:
    target = read_target(b["TARGET"])
    if target is None or target.kind not in (None, "link"):
        return None
    return one("click", target.model_copy(update={"kind": "link"}))


def _upload(value: Sequence[Token], where: Sequence[Token]) -> list[Step] | None:
    path, target = read_value(value), read_target(where)
    return one("upload", target, path) if path and target else None


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
    if value is None or vague(b["VALUE"]):
        return None  # "I search for a product": what to search for is not given
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
        if len(toks) == 2 and toks[0].word in ORDINAL_WORDS and not toks[1].quoted:
            return one("click", Target(name=verb, nth=ORDINAL_WORDS[toks[0].word]))
        return None

    return build


ORDINAL_WORDS = {**ORDINALS, "last": -1}


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


_REGION_NOUNS = ("container", "section", "list", "area", "region", "panel", "box", "column", "tab")
_ENTRY_WORDS = ("row", "item", "entry", "todo", "task", "result", "line")


def _region(tokens: Sequence[Token]) -> str | None:
    toks = [t for t in tokens if t.word not in ARTICLES]
    quoted = [t for t in toks if t.quoted]
    if len(quoted) == 1 and (len(toks) == 1 or toks[-1].quoted):
        return quoted[0].text
    if len(toks) == 2 and toks[0].quoted and toks[1].word in _REGION_NOUNS:
        return toks[0].text  # in the "Todos" list
    if len(toks) == 2 and toks[0].word in ORDINAL_WORDS and toks[1].word in _ENTRY_WORDS:
        return f"listitem#{ORDINAL_WORDS[toks[0].word]}"  # in the first row
    if quoted or not toks:
        return None
    if toks[-1].word not in _REGION_NOUNS:
        return read_context(tokens)  # in the header, in the users table, in the dialog
    return raw_text(toks[:-1]) or None


def _link_for(b: Bindings) -> list[Step] | None:
    if b["NAME"][0].word in ARTICLES:
        return None  # "a link to a previous version of the page": no name
    toks = [t for t in b["NAME"] if t.word not in ("my", "the")]
    name = read_value(toks)
    return one("assert_visible", Target(kind="link", name=name)) if name else None


def _url_has(b: Bindings) -> list[Step] | None:
    """`I am redirected to "/login"`, `the URL ends with "/users"`: the URL contains it."""
    value = b["VALUE"]
    if len(value) != 1 or not (value[0].quoted or read_url(value)):
        return None
    return one("assert_url", value=value[0].text, expect="contains")


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
    rule(
        ["attach the file VALUE {to|into|in} TARGET"],
        lambda b: _upload(b["VALUE"], b["TARGET"]),
        'Attach the file "cv.pdf" to "Resume"',
    ),
    rule(["choose VALUE"], _choose, 'Choose "Express"'),
    rule(
        [
            "{go|navigate|navigate back|go back|head|browse|come back} to PAGE",
            "{visit|open|access} PAGE",
        ],
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
            "is shown|should be displayed|should be visible|is open} [successfully]",
            "[the] user {is navigated|is landed|is redirected|is taken|is logged in and "
            "navigated|is logged in and redirected} {to|on} PAGE [successfully]",
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
    rule(["@SEE VALUE [listed|shown|displayed] {within|in|inside|under|on} WHERE"], _see_in),
    rule(["@NOT_SEE VALUE {within|in|inside} WHERE"], _not_see_in),
    rule(
        ["@SEE {a|the} link {for|to} NAME", "there @THERE_ARE {a|the} link {for|to} NAME"],
        _link_for,
    ),
    rule(
        [
            "[the user] {am|is|are|get|gets|should be|should get|will be} {redirected|directed} "
            "to VALUE",
            "[the] [current|page|browser] {url|address} {ends with|should end with|starts with|"
            "should start with|ends in|should end in} VALUE",
        ],
        _url_has,
        'I should be redirected to "/login"',
    ),
    rule(
        [
            "{add|create} [a|an|the] [new] {todo|item|task|entry|note} [item] [for|called|named] "
            "VALUE",
            "add VALUE",
        ],
        _focused_add,
    ),
    rule(["{type|type in|enter|fill in|write|input|key in} [the text|text] VALUE"], _focused_type),
)


def gherkin_rules() -> tuple[Rule, ...]:
    """Cucumber step phrasings read only on a keyword line: `When I search for "x"` submits."""
    return (rule(["search FOR VALUE"], _search_submit),)


# --- the lenient rule: an expectation with quoted text and no pattern ----------------------

_MOOD = re.compile(
    r"\b(should|must|verify|ensure|confirm|see|sees|is shown|are shown|displayed|appears?|"
    r"visible|present|listed|is there|exists?|expect(?:ed)?|will be|is unavailable|"
    r"pops up|at (?:the )?top|says|reads|asks|shows|displays|states|lists|remains?|"
    r"comes? (?:before|after)|precedes|is (?:above|below)|includes?|titled|entitled)\b",
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


def asserts(tokens: Sequence[Token]) -> bool:
    """Whether a clause is in assertion mood ("the brand "X" is shown in the top bar")."""
    plain = " ".join("X" if t.quoted else t.text for t in tokens)
    return bool(_MOOD.search(plain)) or bool(_STATE.search(plain))


_STATE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:still\s+)?(?:not\s+)?(?:shown|visible|displayed|listed|present|"
    r"hidden|gone)\b|\b(?:reads|says|shows|contains|includes|remains?)\b",
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
    if not quoted or not mood or _ACTION_START.search(plain) or off_page(tokens):
        return None
    steps = []
    for texts, negated in _clauses(list(tokens), bool(_NEGATION.search(plain))):
        for q in texts:
            if negated:
                steps.append(
                    Step(
                        action="assert_hidden",
                        target=Target(kind="text", name=q),
                        read_as="lenient",
                    )
                )
            else:
                steps.append(
                    Step(action="assert_text", value=q, expect="contains", read_as="lenient")
                )
    return steps


def _plain(tokens: Sequence[Token]) -> str:
    return " ".join("X" if t.quoted else t.text for t in tokens)


def _clauses(tokens: list[Token], negated: bool) -> list[tuple[list[str], bool]]:
    """The quoted texts of each clause (split at commas, "and", "but") and whether that clause
    is negated: `"A" listed, and "B" not shown` negates only "B". A clause with no verb of its
    own (`"A", "B" and "C" are not shown`) takes the next clause's, else the one before; in
    `"A" or the text "B"` only the first alternative is checked (no check takes either one)."""
    pieces: list[list[Token]] = [[]]
    for token in tokens:
        if token.word in ("and", "but") and pieces[-1]:
            pieces.append([])
        pieces[-1].append(token)
        if "," in token.trail:
            pieces.append([])
    said: list[bool | None] = []
    for piece in pieces:
        plain = _plain(piece)
        verb = _MOOD.search(plain) or _STATE.search(plain) or _NEGATION.search(plain)
        said.append(bool(_NEGATION.search(plain)) if verb else None)
    out = []
    for i, piece in enumerate(pieces):
        later = [s for s in said[i:] if s is not None]
        earlier = [s for s in said[:i] if s is not None]
        own = later[0] if later else earlier[-1] if earlier else negated
        out.append((_first_alternatives(piece), own))
    return out


def _first_alternatives(tokens: list[Token]) -> list[str]:
    """The quoted texts, without those after an "or" ("X" or the text "Y" -> X)."""
    texts: list[str] = []
    alternative = False
    for token in tokens:
        if token.word == "or" and texts:
            alternative = True
        elif token.quoted:
            if not alternative:
                texts.append(token.text)
            alternative = False
    return texts


# --- what a line says before it is read -------------------------------------------------------

_OPEN_BROWSER = re.compile(
    r"^(?:open|launch|start)\s+(?:the\s+|a\s+)?(?:web\s+)?browser,?\s+and\s+(?:then\s+)?", re.I
)
_URL_ASIDE = re.compile(r"\(\s*(url should contain [^)]*)\)", re.I)


#: "a test email address (e.g., test@automation.com)": the example is the value to type.
_EXAMPLE = re.compile(
    r"\b(?:an?|the|some)\s+[\w\s-]{1,40}?\s*\(\s*(?:e\.g\.?|for example|for instance|such as|"
    r"like)\s*,?\s*([^\s()]+)\s*\)",
    re.I,
)


def focus(text: str) -> str:
    """The part of a line that is the step: `Open browser and navigate to X` -> `navigate to X`;
    `Verify you are redirected (URL should contain "x")` -> `URL should contain "x"`;
    `Enter a test email (e.g., a@b.c) in X` -> `Enter "a@b.c" in X`."""
    masked = mask_quotes(text)
    aside = _URL_ASIDE.search(masked)
    if aside:
        return text[aside.start(1) : aside.end(1)]
    example = _EXAMPLE.search(masked)
    if example and re.match(r"^(?:enter|type|input|fill in|put|write)\b", masked, re.I):
        text = f'{text[: example.start()]}"{example.group(1)}"{text[example.end() :]}'
        masked = mask_quotes(text)
    opened = _OPEN_BROWSER.match(masked)
    return text[opened.end() :] if opened else text


_UNPLANNABLE = re.compile(
    r"\b(?:open|read) (?:the|an?|that) e-?mail\b|"
    r"\b(?:in|from) the e-?mail\b(?!\s+(?:address|field|box|input))|"
    r"\be-?mail subject\b|\bbe able to\b|\bdownload (?:a|the)\b",
    re.I,
)


def unplannable(text: str) -> bool:
    """E-mail steps, abilities ("should be able to comment"), downloads: no browser check."""
    return bool(_UNPLANNABLE.search(mask_quotes(text)))
