"""Tells generated values (ids like `input-1234`, `:r5:`, `ember123`) from stable ones."""

from __future__ import annotations

import re
from typing import Any

_ID_OR_NAME_JS = """
name => {
  const norm = s => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const wanted = norm(name);
  const out = [];
  if (!wanted) return out;
  for (const el of document.querySelectorAll('[id], [name]')) {
    for (const a of ['id', 'name']) {
      const v = el.getAttribute(a);
      if (v && norm(v) === wanted) out.push([a, v]);
    }
  }
  return out.slice(0, 5);
}
"""

_DYNAMIC = (
    re.compile(r"\d{3,}"),  # input-1234, j_id123, ember123, 003XX000...
    re.compile(r"^:r[0-9a-z]+:$"),  # React useId
    re.compile(r"(^|[:_-])j_id\d*"),  # JSF / Visualforce
    re.compile(r"^(ember|ext-gen|ext-comp|yui_|gwt-|mui-|headlessui-|radix-)", re.I),
    re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-", re.I),  # UUIDs
    re.compile(r"(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{6,}$", re.I),  # hashes like a1b2c3d4
    re.compile(r"__[a-zA-Z0-9]{5}$"),  # CSS-module suffixes
)


def _js_pattern(pattern: re.Pattern[str]) -> str:
    flags = "i" if pattern.flags & re.IGNORECASE else ""
    return f"/{pattern.pattern}/{flags}"


#: is_dynamic() in JavaScript, the same patterns (written for both). Where the two differ, the
#: script finds fewer values generated (its `\d` is ASCII only, its `$` is only the end, its
#: case folding is simpler), never more: what it keeps, Python may drop, not the other way.
IS_DYNAMIC_JS = (
    "v => !v || [...v].length > 64 || ["
    + ", ".join(_js_pattern(p) for p in _DYNAMIC)
    + "].some(p => p.test(v))"
)


def is_dynamic(value: str) -> bool:
    """Whether an id/name/class value looks generated and so will change between loads."""
    if not value or len(value) > 64:
        return True
    return any(p.search(value) for p in _DYNAMIC)


#: Runs in a text that look generated: record ids and hashes (letters and 2+ digits, 10+
#: characters: Salesforce's 003XX000004TmiQQAS), long numbers (6+ digits), UUIDs.
_GENERATED_RUNS = (
    re.compile(
        r"(?<![A-Za-z0-9])(?=[A-Za-z]*\d[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{10,}(?![A-Za-z0-9])"
    ),
    re.compile(r"(?<!\d)\d{6,}(?!\d)"),
    re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}", re.I),
)


def holds_generated_id(text: str) -> bool:
    """Whether a title, alt, text or href holds a value generated per record or per load
    (`/lightning/r/Contact/0038d0000n42eqFJaa/view`): a selector on it breaks on the next run."""
    return any(p.search(text) for p in _GENERATED_RUNS)


_CSS_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def css_attr(attr: str, value: str) -> str:
    """A CSS selector for `attr=value`: `#id` when it can be, else a quoted attribute."""
    if attr == "id" and _CSS_IDENT.match(value):
        return f"#{value}"
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\a ")
    return f"[{attr}='{escaped}']"


async def stable_attributes(page: Any, name: str) -> list[tuple[str, str]]:
    """The id / name attributes that spell `name` (case and punctuation aside) and do not look
    generated, each with its CSS selector."""
    found = await page.evaluate(_ID_OR_NAME_JS, name)
    return [(attr, css_attr(attr, value)) for attr, value in found if not is_dynamic(value)]
