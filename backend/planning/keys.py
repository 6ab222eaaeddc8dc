"""Keys and chords as testers name them: `Enter`, `Control+A`, `the shift tab key`."""

from __future__ import annotations

from collections.abc import Sequence

from backend.planning.grammar import Token
from backend.planning.lexicon import ARTICLES, KEYS, MODIFIERS


def read_key(tokens: Sequence[Token]) -> str | None:
    """A key or chord in Playwright's spelling ("Enter", "Control+A"), or None."""
    toks = list(tokens)
    while toks and toks[0].word in ARTICLES:
        toks = toks[1:]
    said_key = bool(toks) and toks[-1].word in ("key", "keys")
    if said_key:
        toks = toks[:-1]
    elif any(t.quoted for t in toks):
        return None
    text = " ".join(t.text.lower() for t in toks)
    if not text:
        return None
    if "+" not in text:
        # "the shift tab key"; without "key", "press option 2" stays a button's name
        return KEYS.get(text) or (_spoken_chord(text.split()) if said_key else None)
    *mods, key = [part.strip() for part in text.split("+")]
    return _chord(mods, key)


def _spoken_chord(words: list[str]) -> str | None:
    """`shift tab`, `ctrl a`, `control shift end` (before "key"): modifiers, then a key."""
    mods = [w for w in words if w in MODIFIERS]
    if not mods or words[: len(mods)] != mods or len(mods) == len(words):
        return None
    return _chord(mods, " ".join(words[len(mods) :]))


def _chord(mods: list[str], key: str) -> str | None:
    if not all(m in MODIFIERS for m in mods):
        return None
    if len(key) == 1 and key.isalnum():
        name = key.upper()
    elif key in KEYS:
        name = KEYS[key]
    else:
        return None
    return "+".join([*(MODIFIERS[m] for m in mods), name])
