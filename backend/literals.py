"""Safe Python literals for values that come from requirement text."""

from __future__ import annotations

import json
import unicodedata


def py_literal(value: object) -> str:
    """A Python source literal that evaluates back to `value` exactly.

    Strings use double quotes (ruff-format style) via JSON escaping, which is also valid
    Python; text that cannot be written as UTF-8 (lone surrogates) falls back to \\u escapes.
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        # Lone surrogates cannot be written as UTF-8: escape each one on its own. (JSON's
        # ensure_ascii would write astral characters as surrogate pairs, which Python reads
        # back as two separate code points.)
        text = "".join(f"\\u{ord(ch):04x}" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
        # U+2028/U+2029 and other line breaks are legal in Python strings, but escape them
        # so that every generated line reads as one line in an editor.
        for ch in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
            text = text.replace(ch, f"\\u{ord(ch):04x}")
        return text
    raise TypeError(f"no literal for {type(value).__name__}")


def one_line_text(text: str) -> str:
    """Text for a comment or docstring line: whitespace folded, control characters escaped."""
    out = []
    for ch in " ".join(text.split()):
        if unicodedata.category(ch) in ("Cc", "Cs", "Cf", "Zl", "Zp"):
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)
