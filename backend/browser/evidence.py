"""Evidence a run keeps: step screenshots under the names users know, DOM excerpts."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from typing import Any

from backend.browser.session import BrowserSession
from backend.models import Step
from backend.text import safe_name

logger = logging.getLogger(__name__)

_SLUG = re.compile(r"[^a-z0-9]+")


def step_slug(step: Step) -> str:
    """A file-name slug from the action and target only: values (secrets) never go in names."""
    words: str = step.action
    if step.target is not None:
        words += " " + (step.target.name or step.target.kind or "")
    return _SLUG.sub("_", words.lower()).strip("_")[:40] or "step"


async def take_screenshot(
    session: BrowserSession,
    run_dir: Path,
    latest_dir: Path,
    requirement: str,
    index: int,
    step: Step,
) -> str | None:
    """`<run_dir>/stepNN_<slug>.png`, copied to `<latest_dir>/<req>_stepNN_<slug>.png`."""
    name = f"step{index + 1:02d}_{step_slug(step)}.png"
    path = run_dir / name
    try:
        await session.page.screenshot(path=str(path), timeout=5000)
    except Exception as exc:  # a screenshot is evidence, not a reason to stop
        logger.debug("screenshot failed: %s", exc)
        return None
    latest_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, latest_dir / f"{safe_name(requirement)}_{name}")
    return str(path)


#: HTML of an element with its open shadow roots written in, at every level, as declarative
#: shadow DOM (`<template shadowrootmode="open">`): outerHTML leaves them out, and in a web
#: components app (Lightning) that is nearly everything on screen. Cut at `limit` characters.
_DEEP_HTML_JS = """
(start, limit) => {
  const VOID = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta',
    'source', 'track', 'wbr']);
  const esc = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  const walk = node => {
    if (out.length > limit) return;
    if (node.nodeType === 3) { out += esc(node.nodeValue.replace(/\\s+/g, ' ')); return; }
    if (node.nodeType !== 1) return;
    const tag = node.localName;
    out += '<' + tag;
    for (const a of node.attributes) out += ` ${a.name}="${esc(a.value).replace(/"/g, '&quot;')}"`;
    out += '>';
    if (VOID.has(tag)) return;
    if (tag !== 'script' && tag !== 'style') {
      if (node.shadowRoot) {
        out += '<template shadowrootmode="open">';
        for (const c of node.shadowRoot.childNodes) walk(c);
        out += '</template>';
      }
      for (const c of node.childNodes) walk(c);
    }
    out += '</' + tag + '>';
  };
  walk(start);
  return out.slice(0, limit);
}
"""
#: The region around an element, walking up through shadow hosts (closest() stops at a shadow
#: root); with no region, its fourth ancestor.
_AROUND_JS = (
    "(e, limit) => { const deep = "
    + _DEEP_HTML_JS.strip()
    + "; const sel = 'form, section, article, [role=dialog], [role=region], main';"
    " const up = n => n.parentElement || (n.getRootNode() && n.getRootNode().host) || null;"
    " let p = e, near = e, n = 0;"
    " while (p && !(p.matches && p.matches(sel))) { p = up(p); if (p && n < 4) { near = p; n++; } }"
    " return deep(p || near, limit); }"
)
_PAGE_JS = (
    "limit => { const deep = "
    + _DEEP_HTML_JS.strip()
    + "; return deep(document.querySelector('main') || document.body"
    " || document.documentElement, limit); }"
)


async def dom_excerpt(page: Any, locator: Any | None = None, limit: int = 2000) -> str:
    """The HTML (shadow roots included) around the element a step used, else the page's main
    content; '' when there is no page left to read."""
    try:
        if locator is not None and await locator.count() >= 1:
            return str(await locator.first.evaluate(_AROUND_JS, limit, timeout=2000))
        return str(await page.evaluate(_PAGE_JS, limit))
    except Exception as exc:  # no page left to read
        logger.debug("no DOM excerpt: %s", exc)
        return ""
