"""Scores collected candidates against the planner's Target: kind, name, context, ordinal."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from backend.discovery.candidates import Candidate, Context
from backend.models import Target

#: How much a match on each of an element's names counts (the accessible name is the best).
SOURCE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("name", 1.0),
    ("label", 1.0),
    ("placeholder", 0.95),
    ("text", 0.95),
    ("alt", 0.95),
    ("title", 0.9),
    ("testid", 0.9),
    ("attribute", 0.85),
)
#: Below this a candidate is not a match at all.
THRESHOLD = 0.5
#: Scores this close to the best are a tie: only an ordinal or a context may choose among them.
TIE = 0.02
#: A best match that is not exact must beat the next one by this much, or it is ambiguous.
MARGIN = 0.1
#: Context words that name a kind of region rather than a region's name.
GENERIC_CONTEXTS: dict[str, tuple[str, ...]] = {
    "dialog": ("dialog", "alertdialog"),
    "modal": ("dialog", "alertdialog"),
    "popup": ("dialog", "alertdialog", "menu"),
    "form": ("form",),
    "table": ("table", "grid"),
    "grid": ("table", "grid"),
    "toolbar": ("toolbar",),
    "navigation": ("navigation",),
    "nav": ("navigation",),
    "menu": ("menu", "navigation"),
    "sidebar": ("complementary",),
    "header": ("banner", "header"),
    # the bar across the top of every page: a banner, or the site's one navigation bar
    "top bar": ("banner", "navigation"),
    "navbar": ("navigation", "banner"),
    "nav bar": ("navigation", "banner"),
    "navigation bar": ("navigation", "banner"),
    "menu bar": ("menubar", "navigation"),
    "footer": ("contentinfo", "footer"),
    "main": ("main",),
}


def key(text: str) -> str:
    """Case, accents and punctuation folded away: "E-mail address *" -> "e mail address"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def squash(text: str) -> str:
    return " ".join(text.split())


#: Words for one act that sites use interchangeably: a tester who says "Sign in" on a page
#: whose button reads "Log in" means that button (phpMyAdmin; the log-in macro says the verb the
#: tester used). Folded text -> the same canonical words.
SYNONYMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:sign ?in|log ?on|sign on|login)\b"), "log in"),
    (re.compile(r"\b(?:sign ?out|log ?off|logout)\b"), "log out"),
)


def canonical(folded: str) -> str:
    """Folded text (`key`) with synonymous phrasings of one act made the same words."""
    for pattern, words in SYNONYMS:
        folded = pattern.sub(words, folded)
    return folded


def name_match(wanted: str, have: str) -> float:
    """1.0 exact, 0.95 normalised, then token containment, then fuzzy (typos); 0 is no match."""
    if not have or not wanted:
        return 0.0
    if squash(have) == squash(wanted):
        return 1.0
    a, b = key(wanted), key(have)
    if not a or not b:
        return 0.0
    if a == b:
        return 0.95
    if canonical(a) == canonical(b):
        return 0.9  # "Sign in" for "Log in"
    wanted_tokens, have_tokens = a.split(), b.split()
    if set(wanted_tokens) <= set(have_tokens):  # "Search" in "Search Wikipedia"
        return 0.6 + 0.3 * len(wanted_tokens) / len(have_tokens)
    if set(have_tokens) <= set(wanted_tokens) and (
        wanted_tokens[: len(have_tokens)] == have_tokens
        or 2 * len(have_tokens) > len(wanted_tokens)
    ):
        # "Email" for "Email address", "Sitemap" for "Sitemap from the site tools": the name
        # then more words, or most of what the tester said; not the menu "File" for
        # "notes.md in the file browser" (one word of six, from the middle)
        return 0.5 + 0.3 * len(have_tokens) / len(wanted_tokens)
    if re.findall(r"\d+", a) != re.findall(r"\d+", b):
        return 0.0  # "Field 44" is not a typo of "Field 448"
    if abs(len(a) - len(b)) > 1 and (a.startswith(b) or b.startswith(a)):
        return 0.0  # "editor" is another word than the menu "Edit", not a typo of it
    ratio = SequenceMatcher(None, a, b).ratio()
    return 0.75 * ratio if ratio >= 0.8 else 0.0  # "Save profle" for "Save profile"


def _sources(c: Candidate) -> list[tuple[str, str]]:
    out = [("name", c.name), ("placeholder", c.placeholder), ("text", c.text)]
    out += [("label", label) for label in (*c.labels, c.heading_before) if label]
    out += [("alt", c.alt), ("title", c.title)]
    out += [("testid", value.replace("-", " ").replace("_", " ")) for value in c.testids.values()]
    for value in (c.stable_id, c.stable_name_attr):
        if value:
            out.append(("attribute", re.sub(r"[-_.]+", " ", value)))
    return out


def name_score(target: Target, c: Candidate) -> tuple[float, str]:
    """The best weighted match of the target's name on any of the element's names."""
    weights = dict(SOURCE_WEIGHTS)
    best, source = 0.0, ""
    for kind, value in _sources(c):
        score = name_match(target.name, value) * weights[kind]
        if score > best:
            best, source = score, kind
    return best, source


def context_score(wanted: str, contexts: tuple[Context, ...]) -> float:
    """How well the element's regions match "in the X ..." (0: not in such a region)."""
    want = key(wanted)
    want = re.sub(r"^(the|a|an) ", "", want)
    generic = GENERIC_CONTEXTS.get(want)
    best = 0.0
    for depth, ctx in enumerate(contexts):
        near = 1.0 - min(depth, 5) * 0.01  # the nearest region wins a tie
        if generic is not None and (ctx.role in generic or ctx.tag in generic):
            best = max(best, near)
            continue
        names = ((ctx.own_name, 1.0), (ctx.name, 0.95), *((cell, 0.95) for cell in ctx.cells))
        for name, weight in names:
            have = key(name)
            if not have:
                continue
            if have == want:
                best = max(best, weight * near)
            elif want and set(want.split()) <= set(have.split()):
                best = max(best, 0.85 * weight * near)
    return best


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float
    source: str


#: Regions a "next to X" text is looked for in: the row or item that holds the control.
NEAR_ROLES = ("row", "listitem", "group", "option", "treeitem")


def near_text(target: Target) -> str:
    """The Target's "next to X" text, when the planner gives one (a `near` field)."""
    return str(getattr(target, "near", None) or "")


def place_score(target: Target, c: Candidate) -> float:
    """How well the element's regions fit the target's context and "next to" text (1.0: the
    target asks for neither; 0: it is not there)."""
    fit = 1.0
    if target.context:
        fit *= context_score(target.context, c.contexts)
    near = near_text(target)
    if near and fit:
        rows = tuple(x for x in c.contexts if x.role in NEAR_ROLES or x.cells)
        labelled = max((name_match(near, x) for x in (c.proxy_text, *c.labels)), default=0.0)
        fit *= max(context_score(near, rows), 0.95 * labelled, NEIGHBOUR_WEIGHT * beside(near, c))
    return fit


#: A "next to X" text that is only the element's on-screen neighbour (the nearest text left,
#: right, above or below it) weighs less than the row or label that holds it, so a row's own
#: control wins over the next row's, whose neighbour the text may also be.
NEIGHBOUR_WEIGHT = 0.9


def beside(near: str, c: Candidate) -> float:
    """How well "next to X" names the text beside the element on screen: `This data as json,
    CSV` is a paragraph with links and loose text, no row or label, and "the json link next to
    'This data as'" means the link whose neighbour that text is."""
    return max((name_match(near, text) for text in c.neighbours), default=0.0)


def rank(target: Target, roles: tuple[str, ...], candidates: list[Candidate]) -> list[Scored]:
    """Candidates that match the target at all, best first (document order breaks ties). A
    nameless target ("the checkbox in the row for maria") is any element of its roles that
    its context or "next to" text places."""
    out: list[Scored] = []
    nameless = not target.name.strip() and bool(target.context or near_text(target))
    for c in candidates:
        if c.role not in roles:
            continue
        score, source = (1.0, "place") if nameless else name_score(target, c)
        if score < THRESHOLD:
            continue
        score *= 1.0 - 0.02 * roles.index(c.role)  # the kind's first role is the likeliest
        fit = place_score(target, c)
        if fit == 0.0:
            continue
        score *= fit
        out.append(Scored(c, round(score, 4), source))
    out.sort(key=lambda s: (-s.score, s.candidate.order))
    return out


@dataclass(frozen=True)
class Choice:
    """What scoring decided: one candidate, or the tied ones that make the target ambiguous."""

    chosen: Scored | None
    tied: tuple[Scored, ...] = ()
    #: The tied candidates are one choice (same role, name and effect): the first was taken.
    equivalent: bool = False


def equivalent(group: list[Scored]) -> bool:
    """Whether tied candidates are the same choice: one role, one name, one known effect (the
    same href, or the same form and submit value)."""
    first = group[0].candidate
    return bool(first.effect) and all(
        (s.candidate.role, s.candidate.name, s.candidate.effect)
        == (first.role, first.name, first.effect)
        for s in group[1:]
    )


def choose(target: Target, ranked: list[Scored]) -> Choice:
    """The one candidate the target means, using the ordinal among equally good matches."""
    if not ranked:
        return Choice(None)
    best = ranked[0].score
    group = [s for s in ranked if s.score >= best - TIE]
    if target.nth:
        ordered = sorted(group, key=lambda s: s.candidate.order)
        index = target.nth - 1 if target.nth > 0 else target.nth
        if -len(ordered) <= index < len(ordered):
            return Choice(ordered[index])
        return Choice(None, tuple(ordered))
    if len(group) > 1:
        if equivalent(group):
            ordered = sorted(group, key=lambda s: s.candidate.order)
            return Choice(ordered[0], tuple(ordered), equivalent=True)
        return Choice(None, tuple(group))
    if best < 0.95 and len(ranked) > 1 and ranked[1].score >= best - MARGIN:
        # Two loose matches ("Search" for "Search articles" and "Search help") are a guess.
        return Choice(None, tuple(ranked[:2]))
    return Choice(ranked[0])


def equivalent_note(choice: Choice) -> str:
    """What the step result records when equivalent duplicates were one choice ('' if not)."""
    if not choice.equivalent or choice.chosen is None:
        return ""
    c = choice.chosen.candidate
    return (
        f"{len(choice.tied)} equivalent elements ({c.role} {c.name[:60]!r}, same "
        f"{c.effect.split(' ', 1)[0]} {c.effect.split(' ', 1)[-1][:100]}): took the first in "
        "reading order"
    )
