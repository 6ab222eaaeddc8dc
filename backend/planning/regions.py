"""Regions that scope an element ("in the App Launcher", "under Housekeeping", "of the "Milk"
row") and places that are the whole page or its one list (no region)."""

from __future__ import annotations

from collections.abc import Sequence

from backend.planning.grammar import Token, raw_text
from backend.planning.lexicon import ARTICLES, NOT_FIRST_IN_TARGET, NOT_IN_NAME

#: Last words of a region's name that are part of it ("the top bar", "the App Launcher").
_WHOLE_REGIONS = frozenset(
    {"bar", "menu", "launcher", "sidebar", "navbar", "toolbar", "header", "browser"}
)
#: Last words that say what the region is, not its name ("the Cases related list" -> Cases).
_REGION_WORDS = frozenset({"list", "facet", "column", "tree"})


#: Places that are the page's one list or the page itself: no region to scope an element.
_THE_PAGES = frozenset({"page", "screen", "site"})
_THE_LISTS = (["list"], ["results"], ["search", "results"], ["result", "list"])


def the_scene(preposition: Token, where: Sequence[Token]) -> bool:
    """`on the Settings page`, `in the list`, `in the results`: where everything is."""
    words = [t.word for t in where if not t.quoted]
    if preposition.word == "on":
        return bool(where) and where[-1].word in _THE_PAGES
    return (
        preposition.word == "in"
        and len(where) > 1
        and where[0].word == "the"
        and (words[1:] in _THE_LISTS and len(words) == len(where))
    )


def region_name(tokens: Sequence[Token], *, bare: bool = False) -> str | None:
    """A region named after "in" / "under" that `read_context` does not know: `the App
    Launcher` (a proper name), `the Cases related list` -> "Cases", `the top bar`, `"Settings"`.

    None for anything else (`in the morning`, `in two steps`): the words stay in the name.
    """
    toks = list(tokens)
    if len(toks) == 1 and toks[0].quoted:
        return toks[0].text
    if bare and 0 < len(toks) <= 3 and all(t.text[:1].isupper() and not t.quoted for t in toks):
        return raw_text(toks)  # "under Housekeeping": a heading's words
    if not toks or toks[0].word not in ARTICLES:
        return None
    words = _without_articles(toks)
    if len(words) == 2 and words[0].quoted and not words[1].quoted:
        return words[0].text  # in the "You are here" breadcrumb
    if not words or len(words) > 4 or any(t.quoted for t in words):
        return None
    if any(t.word in NOT_IN_NAME or t.word in NOT_FIRST_IN_TARGET for t in words):
        return None
    last = words[-1].word
    if last in _WHOLE_REGIONS:
        return raw_text(words)
    if last in _REGION_WORDS and len(words) > 1:
        name = words[:-1]
        if len(name) > 1 and name[-1].word == "related":
            name = name[:-1]
        return raw_text(name)
    if all(t.text[:1].isupper() for t in words):
        return raw_text(words)  # "the App Launcher"
    return None


def _without_articles(tokens: Sequence[Token]) -> list[Token]:
    toks = list(tokens)
    while toks and toks[0].word in ARTICLES:
        toks = toks[1:]
    return toks
