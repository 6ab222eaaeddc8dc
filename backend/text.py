"""Small text helpers every layer shares: comparable names, file-safe names, first lines."""

from __future__ import annotations

import re
import unicodedata

#: What a file name or identifier may not hold.
UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9_]+")


def normalise_text(text: str) -> str:
    """Lower-case, accent-folded, whitespace-collapsed text for comparing names."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(folded.lower().split())


def safe_name(name: str) -> str:
    """A requirement name usable in file names and Python identifiers."""
    cleaned = UNSAFE_NAME_CHARS.sub("_", name).strip("_").lower()
    return cleaned or "requirement"


def first_line(text: str) -> str:
    """Playwright's messages carry a call log; a verdict wants the first sentence."""
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith(("Call log", "=")):
            return line[:300]
    return text[:300]


#: Quotation marks a page may put around a value (`3 rows where country = "United States"`).
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_OPTIONAL_QUOTE = "[" + re.escape(QUOTE_MARKS) + "]?"
#: A comparison sign: the text summarises a filter or query, whose values pages quote.
_COMPARISON = re.compile(r"[=<>\u2260\u2264\u2265]")


def contains_pattern(text: str) -> str:
    """A regex source for "the page shows `text`": its words in order, with any run of
    whitespace between them. Playwright tests a regex against an element's raw text, where a
    page may break a line or indent between two words (Datasette's summary holds "20 rows", a
    line break, then "sorted by pages"); a string match would normalise that, a regex must
    allow it. In a filter or query summary (a text with a comparison sign) a quotation mark
    the page puts around a word is optional too: an expectation written in quotes cannot hold
    the quotes the page shows (`"3 rows where country = United States"` is what a tester
    writes for `3 rows where country = "United States"`). A text that holds quotation marks of
    its own keeps them (its whitespace loose). A text of one word is `re.escape(text)`."""
    words = text.split()
    if not words:
        return re.escape(text)
    if not _COMPARISON.search(text) or any(mark in text for mark in QUOTE_MARKS):
        return r"\s+".join(re.escape(w) for w in words)
    gap = _OPTIONAL_QUOTE + r"\s+" + _OPTIONAL_QUOTE
    return gap.join(re.escape(w) for w in words)
