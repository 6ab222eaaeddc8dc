"""Pactopedia's articles: loading, MediaWiki's title rules, search and a small wikitext renderer."""

from __future__ import annotations

import functools
import random
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

MAIN_PAGE = "Main Page"

# The wikitext subset the articles use: [[Target]], [[Target|label]], [https://url label],
# '''bold''' and ''italic''.
_MARKUP = re.compile(
    r"\[\[(?P<target>[^\]|]+)(?:\|(?P<label>[^\]]+))?\]\]"
    r"|\[(?P<url>https?://[^\s\]]+) (?P<text>[^\]]+)\]"
    r"|'''(?P<bold>.+?)'''"
    r"|''(?P<italic>.+?)''"
)
_SNIPPET_CHARS = 220


def normalize_title(raw: str) -> str:
    """A page title as MediaWiki stores it: underscores read as spaces, first letter upper case."""
    title = " ".join(raw.replace("_", " ").split())
    return title[:1].upper() + title[1:]


def wiki_path(title: str) -> str:
    """The URL path of a page, with underscores for spaces: `/wiki/Playwright_(software)`."""
    return "/wiki/" + quote(normalize_title(title).replace(" ", "_"), safe="()_,:;!*'/@$-.~")


@dataclass(frozen=True)
class Section:
    """A level-2 section of an article."""

    heading: str
    text: str

    @property
    def anchor(self) -> str:
        """The fragment id MediaWiki gives the heading."""
        return self.heading.replace(" ", "_")


@dataclass(frozen=True)
class Article:
    """One encyclopedia article; prose is in the wikitext subset above."""

    title: str
    short_description: str
    lead: str
    sections: tuple[Section, ...] = ()
    infobox: tuple[tuple[str, str], ...] = ()
    infobox_title: str = ""
    see_also: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The article's URL path."""
        return wiki_path(self.title)

    @cached_property
    def plain_text(self) -> str:
        """The prose without markup, on one line, as search and snippets see it."""
        parts = (self.lead, *(section.text for section in self.sections))
        return " ".join(_strip_markup(part) for part in parts).strip()

    @property
    def word_count(self) -> int:
        """Words of prose, as MediaWiki shows next to a search result."""
        return len(self.plain_text.split())

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Article:
        """Build an article from one `[[article]]` table of articles.toml."""
        return cls(
            title=data["title"],
            short_description=data.get("short_description", ""),
            lead=data["lead"],
            sections=tuple(Section(s["heading"], s["text"]) for s in data.get("section", ())),
            infobox=tuple((label, value) for label, value in data.get("infobox", ())),
            infobox_title=data.get("infobox_title", ""),
            see_also=tuple(data.get("see_also", ())),
        )


@dataclass(frozen=True)
class SearchHit:
    """An article that matched a full-text search, with its score and a highlighted snippet."""

    article: Article
    score: int
    snippet: Markup

    @property
    def size_kb(self) -> int:
        """The article's size as MediaWiki rounds it in result listings."""
        return max(1, round(len(self.article.plain_text.encode()) / 1024))


class Encyclopedia:
    """All of Pactopedia's articles, looked up and searched the way MediaWiki does."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._by_title = {article.title: article for article in articles}

    @property
    def articles(self) -> list[Article]:
        """Every article, in title order."""
        return sorted(self._by_title.values(), key=lambda article: article.title)

    def get(self, title: str) -> Article | None:
        """The article with this title; only the first letter is case-insensitive."""
        return self._by_title.get(normalize_title(title))

    def random_article(self) -> Article:
        """Any one article, for Special:Random."""
        return random.choice(list(self._by_title.values()))

    def suggest(self, query: str, limit: int = 10) -> list[Article]:
        """Titles that start with the query, then titles with a word that does (the typeahead)."""
        needle = " ".join(query.replace("_", " ").split()).casefold()
        if not needle:
            return []
        articles = self.articles
        starts = [a for a in articles if a.title.casefold().startswith(needle)]
        inner = [
            a
            for a in articles
            if a not in starts and f" {needle}" in a.title.casefold().replace("(", " ")
        ]
        return (starts + inner)[:limit]

    def search(self, query: str) -> list[SearchHit]:
        """Full-text search: articles whose title or prose contains any query word, best first."""
        words = _query_words(query)
        if not words:
            return []
        pattern = _words_pattern(words)
        hits = []
        for article in self._by_title.values():
            title, body = article.title.casefold(), article.plain_text.casefold()
            score = sum(10 * title.count(word) + body.count(word) for word in words)
            if score:
                hits.append(SearchHit(article, score, _snippet(article.plain_text, pattern)))
        hits.sort(key=lambda hit: (-hit.score, hit.article.title))
        return hits

    def exists(self, title: str) -> bool:
        """Whether a link to this title is blue (the page exists) or red."""
        return normalize_title(title) == MAIN_PAGE or self.get(title) is not None

    def link(self, target: str, label: str | None = None) -> Markup:
        """An internal link; red (class "new") when the page does not exist, as in MediaWiki."""
        title = normalize_title(target)
        text = label or target
        if self.exists(title):
            return Markup('<a href="{}" title="{}">{}</a>').format(wiki_path(title), title, text)
        return Markup('<a href="{}" class="new" title="{} (page does not exist)">{}</a>').format(
            wiki_path(title), title, text
        )

    def render(self, text: str) -> Markup:
        """Wikitext to HTML paragraphs; all text is escaped."""
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return Markup("\n").join(
            Markup("<p>{}</p>").format(self.render_inline(p)) for p in paragraphs
        )

    def render_inline(self, text: str) -> Markup:
        """Wikitext to inline HTML (links, bold, italic); all text is escaped."""
        out: list[Markup] = []
        position = 0
        for match in _MARKUP.finditer(text):
            out.append(escape(text[position : match.start()]))
            out.append(self._render_markup(match))
            position = match.end()
        out.append(escape(text[position:]))
        return Markup("").join(out)

    def _render_markup(self, match: re.Match[str]) -> Markup:
        if match["target"] is not None:
            return self.link(match["target"], match["label"])
        if match["url"] is not None:
            return Markup('<a class="external text" href="{}" rel="nofollow">{}</a>').format(
                match["url"], match["text"]
            )
        if match["bold"] is not None:
            return Markup("<b>{}</b>").format(match["bold"])
        return Markup("<i>{}</i>").format(match["italic"])


@functools.cache
def load_encyclopedia() -> Encyclopedia:
    """Pactopedia as shipped in site/articles.toml (parsed once per process)."""
    source = resources.files("backend.demo").joinpath("site", "articles.toml").read_text("utf-8")
    return Encyclopedia(Article.from_mapping(entry) for entry in tomllib.loads(source)["article"])


def _strip_markup(text: str) -> str:
    def plain(match: re.Match[str]) -> str:
        return next(
            group
            for group in (
                match["label"],
                match["target"],
                match["text"],
                match["bold"],
                match["italic"],
            )
            if group is not None
        )

    return " ".join(_MARKUP.sub(plain, text).split())


def _query_words(query: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"\w+", query.casefold())))


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    longest_first = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in longest_first), re.IGNORECASE)


def _snippet(text: str, pattern: re.Pattern[str]) -> Markup:
    """About two lines of text around the first match, matches wrapped as MediaWiki does."""
    first = pattern.search(text)
    lead_in = _SNIPPET_CHARS // 3
    start = 0
    if first is not None and first.start() > lead_in:
        start = text.rfind(" ", 0, first.start() - lead_in) + 1
    end = text.find(" ", start + _SNIPPET_CHARS)
    excerpt = text[start:] if end == -1 else text[start:end]
    out: list[Markup] = [Markup("… ")] if start else []
    position = 0
    for match in pattern.finditer(excerpt):
        out.append(escape(excerpt[position : match.start()]))
        out.append(Markup('<span class="searchmatch">{}</span>').format(match.group()))
        position = match.end()
    out.append(escape(excerpt[position:]))
    if end != -1:
        out.append(Markup(" …"))
    return Markup("").join(out)
