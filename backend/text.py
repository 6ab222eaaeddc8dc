"""Small text helpers every layer shares: comparable names, file-safe names, first lines."""

from __future__ import annotations

import re
import unicodedata

_SAFE_NAME = re.compile(r"[^A-Za-z0-9_]+")


def normalise_text(text: str) -> str:
    """Lower-case, accent-folded, whitespace-collapsed text for comparing names."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(folded.lower().split())


def safe_name(name: str) -> str:
    """A requirement name usable in file names and Python identifiers."""
    cleaned = _SAFE_NAME.sub("_", name).strip("_").lower()
    return cleaned or "requirement"


def first_line(text: str) -> str:
    """Playwright's messages carry a call log; a verdict wants the first sentence."""
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith(("Call log", "=")):
            return line[:300]
    return text[:300]
