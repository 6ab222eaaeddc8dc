"""Ways whole communities of testers write steps, put plainly before the grammar reads them.

Issue 12, fourth collection: Moodle's Behat selectors (`I click on "Save" "button"`), bug
reports' "Actual result:" lines, the third person with no subject (`And clicks "Sign Up"`),
`I see the "X" button is enabled`, and refusals for checks no browser step makes (a CSS class,
"the product you want").
"""

from __future__ import annotations

import re

from backend.models import Step, Target
from backend.planning.builders import Rule, fill, one, rule
from backend.planning.grammar import Bindings, Token, mask_quotes, quote_spans
from backend.planning.rewording import third_person
from backend.planning.targets import read_target, read_url
from backend.planning.tickets import given_url

#: Behat/Moodle selector types after a quoted locator (`"Save" "button"`) -> the kind word the
#: grammar knows ("" when the locator alone names the element: a text, a CSS selector).
SELECTOR_KINDS: dict[str, str] = {
    "link": "link",
    "button": "button",
    "link_or_button": "",
    "field": "field",
    "checkbox": "checkbox",
    "radio": "radio button",
    "select": "dropdown",
    "icon": "icon",
    "dialogue": "dialog",
    "dialog": "dialog",
    "menuitem": "menu item",
    "option": "option",
    "text": "",
    "table_row": "row",
    "list_item": "",
    "region": "",
    "block": "",
    "section": "",
    "table": "",
    "fieldset": "",
    "form_row": "",
    "css_element": "",
    "xpath_element": "",
}
#: Selector types that, after "in"/"within"/"of", name a region that scopes the element.
_PLACES = frozenset(
    {"table_row", "table", "region", "block", "section", "fieldset", "form_row", "dialogue",
     "dialog", "list_item", "css_element", "xpath_element"}
)  # fmt: skip
_PLACE_LEAD = re.compile(r"\b(?:in|within|inside|of|from)\s+(?:the\s+)?$", re.I)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.I)


def behat_selectors(text: str) -> str:
    """`I click on "Edit" "icon" in the "MIT" "table_row"` -> `I click on the "Edit" icon
    within "MIT"`: a quoted locator followed by a quoted selector type is an element of that
    kind; after in/within/of, a row, table, region or CSS element is the place that scopes it."""
    spans = quote_spans(text)
    out: list[str] = []
    start = 0
    i = 0
    while i < len(spans) - 1:
        (s1, e1), (s2, e2) = spans[i], spans[i + 1]
        kind = text[s2 + 1 : e2 - 1].strip().lower()
        if kind not in SELECTOR_KINDS or text[e1:s2].strip():
            i += 1
            continue
        before = text[start:s1]
        lead = _PLACE_LEAD.search(before)
        if lead is not None and kind in _PLACES:
            out.append(before[: lead.start()] + "within " + text[s1:e1])
        else:
            word = SELECTOR_KINDS[kind]
            article = "" if not word or _ARTICLE_BEFORE.search(before) or not before else "the "
            out.append(before + article + text[s1:e1] + (f" {word}" if word else ""))
        start = e2
        i += 2
    out.append(text[start:])
    return "".join(out)


_SYMPTOM = re.compile(
    r"^\W*(?:actual|current|observed)\s+(?:results?|behaviou?r|outcome)\s*:|^\W*actual\s*:", re.I
)


def symptom(line: str) -> bool:
    """`Actual result: the cart stays empty`: a bug report's symptom, no step of the test."""
    return bool(_SYMPTOM.match(line.strip().strip("*_").strip()))


def symptom_header(line: str) -> bool:
    """A lone `Actual result:` / `Actual behaviour:` header: the lines after it are symptoms."""
    text = line.strip().strip("*_# ").strip()
    return symptom(text) and not text.split(":", 1)[1].strip(" *_")


_REFUSED = re.compile(
    # a CSS class, an attribute or a style is no check of what the page shows
    r"\bhas (?:the )?(?:css )?class(?:es)?\b|\bhas (?:the |an )?attribute\b|"
    # "the product you want to buy": the tester's choice names no element
    r"\b(?:you|they|the user|user) (?:want|wants|wish|wishes|like|likes|prefer|prefers)\b|"
    # "Check the result": no checkbox named, nothing quoted (`Check that ...` is a check)
    r"^check (?:the |an? )?+(?!that\b|if\b|whether\b)(?![^\0]*\b(?:check ?box|box|tickbox|toggle|"
    r"switch|radio|option)\b)(?-i:[a-z])[^\0]*$|"
    # "Click on one of the products": which one is not said
    r"^(?:click|tap|select|choose|open|hover)(?: on| over)? one of\b|"
    # "Open url", "go to the website": no address given
    r"^(?:open|visit|load|go to|navigate to) (?:the |an? )?(?:url|link|address|website|web ?site|"
    r"web ?page)$",
    re.I,
)


def refused(text: str) -> bool:
    """Lines a tester could not run as written, though a phrase would read them."""
    return bool(_REFUSED.search(mask_quotes(text).strip()))


def unsaid_subject(tokens: list[Token]) -> list[Token]:
    """`clicks "Sign Up"` -> `click "Sign Up"` (the tester, unnamed, acts): any step verb of the
    one lexicon (planning/rewording.py), unless a copula follows ("Changes are saved")."""
    return third_person(tokens)


#: States a seen element is said to be in ("I see the "Save" button is enabled").
_STATES = frozenset(
    {"enabled", "disabled", "checked", "unchecked", "selected", "visible", "displayed", "shown",
     "hidden", "active", "inactive", "empty", "open", "opened", "closed", "expanded", "collapsed"}
)  # fmt: skip


def seen_state(tokens: list[Token]) -> list[Token]:
    """`I see the "Save" button is enabled` -> `the "Save" button is enabled`: what is seen is
    a clause of its own (a state after is/are), not the name of the element."""
    words = [t.word for t in tokens]
    lead = 2 if words[:2] in (["can", "see"], ["should", "see"]) else 1
    if not words or words[lead - 1] not in ("see", "sees") or len(tokens) < lead + 3:
        return tokens
    if tokens[lead].word == "that" and not tokens[lead].quoted:
        lead += 1
    rest = tokens[lead:]
    for k, t in enumerate(rest[1:-1], 1):
        if not t.quoted and t.word in ("is", "are") and rest[k + 1].word.rstrip(".") in _STATES:
            return rest
    return tokens


def given_rules() -> tuple[Rule, ...]:
    """What a `Given` line may still mean as a step: a URL or page to start on, a log-in."""
    return (
        rule(["[the user] {am|am now|is} {on|at|in} [the] URL"], given_url),
        rule(["visit NAME"], _visit_named),
    )


def _visit_named(b: Bindings) -> list[Step] | None:
    toks = b["NAME"]
    if len(toks) != 1 or toks[0].quoted or read_url(toks):
        return None
    return one("navigate", Target(kind="page", name=toks[0].text))


def _add_to_field(b: Bindings) -> list[Step] | None:
    """`I add "bob" to the inputfield "#name"`: a value added to a field is typed into it."""
    target = read_target(b["TARGET"])
    if target is None or target.kind not in ("textbox", "searchbox", "editor"):
        return None
    return fill(b)


def _seen_appear(b: Bindings) -> list[Step] | None:
    """`See the login dialog appear`, `I see the "Add" modal with its heading`: the element
    (a kind named) is visible."""
    target = read_target(b["TARGET"])
    if target is None or target.kind in (None, "page", "text"):
        return None
    return one("assert_visible", target)


def _named_as(b: Bindings) -> list[Step] | None:
    """`Enter my username as "bob"`: the field first, then the value typed into it."""
    value, field = b["VALUE"], b["TARGET"]
    if len(value) != 1 or not value[0].quoted or any(t.quoted for t in field):
        return None
    target = read_target(field)
    return one("fill", target, value[0].text) if target is not None else None


#: Phrasings read before the general tables.
DIALECT_RULES: tuple[Rule, ...] = (
    rule("add VALUE to TARGET", _add_to_field, 'Add "bob" to the inputfield "#name"'),
    rule(
        [
            "@SEE TARGET {appear|appears|show up|shows up|pop up|pops up|open|opens}",
            "@SEE TARGET with its {heading|title}",
        ],
        _seen_appear,
        "See the login dialog appear",
    ),
    rule("{enter|type|input|fill in} TARGET as VALUE", _named_as, 'Enter my username as "bob"'),
)
