"""Evidence a run keeps: step screenshots under the names users know, DOM excerpts."""

from __future__ import annotations

import asyncio
import base64
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
    secrets: list[str] | None = None,
    page: Any = None,
) -> str | None:
    """`<run_dir>/stepNN_<slug>.png`, copied to `<latest_dir>/<req>_stepNN_<slug>.png` (not
    when latest_dir is run_dir: a traced re-run keeps the first attempt's latest screenshots);
    the fields holding a secret are masked. `page`: that page (by default the session's
    current page when this starts)."""
    secrets = secrets or []
    path = screenshot_path(run_dir, index, step)
    name = path.name
    page = page or session.page
    masks: list[Any] = []
    try:
        masks = await mark_secret_fields(page, secrets)
        await _capture(session, page, path, masks)
    except Exception as exc:  # a screenshot is evidence, not a reason to stop
        logger.debug("screenshot failed: %s", exc)
        return None
    finally:
        if masks:  # nothing marked: no second walk of every frame
            await _unmark(page, secrets)
    if latest_dir != run_dir:
        latest_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, latest_dir / f"{safe_name(requirement)}_{name}")
    return str(path)


def screenshot_path(run_dir: Path, index: int, step: Step) -> Path:
    """Where take_screenshot() puts the screenshot of step `index` (0-based)."""
    return run_dir / f"step{index + 1:02d}_{step_slug(step)}.png"


async def _capture(session: BrowserSession, page: Any, path: Path, masks: list[Any]) -> None:
    """The viewport as a PNG at `path`. Without masks, one DevTools call with Chromium's fast
    PNG encoder (Playwright's screenshot also waits on every frame's fonts and hides the caret
    first: about twice the time, per requirement, for the final page); with masks, or where no
    DevTools session opens (a browser that is not Chromium), Playwright's own."""
    if not masks:
        try:
            devtools = await session.devtools(page)
            shot = await asyncio.wait_for(
                devtools.send(
                    "Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True}
                ),
                timeout=5.0,
            )
            path.write_bytes(base64.b64decode(shot["data"]))
            return
        except Exception as exc:  # no DevTools here: Playwright's screenshot below
            logger.debug("DevTools screenshot failed, using Playwright's: %s", exc)
    await page.screenshot(path=str(path), timeout=5000, mask=masks)


#: The attribute that marks, for one screenshot, the elements that show a secret: a field whose
#: value holds one, and the element around a text that does (a page echoing it back).
MASK_ATTR = "data-pacts-mask"
_MARK_JS = """([secrets, attr]) => {
  let n = 0;
  const holds = (text) => text && secrets.some(s => text.includes(s));
  const mark = (el) => { if (!el.hasAttribute(attr)) { el.setAttribute(attr, ''); n++; } };
  const visit = (root) => {
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = texts.nextNode(); t; t = texts.nextNode()) {
      const el = t.parentElement;
      if (el && !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(el.tagName) && holds(t.data)) mark(el);
    }
    for (const el of root.querySelectorAll('*')) {
      const value = ('value' in el && typeof el.value === 'string') ? el.value
        : (el.isContentEditable ? el.innerText : null);
      if (holds(value)) mark(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return n;
}"""
_UNMARK_JS = """(attr) => {
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      el.removeAttribute(attr);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
}"""


async def mark_secret_fields(page: Any, secrets: list[str]) -> list[Any]:
    """Locators for every element (in every frame) that shows a secret, for `mask=`."""
    values = [s for s in secrets if s]
    if not values:
        return []
    masks: list[Any] = []
    for frame in page.frames:
        try:
            if await frame.evaluate(_MARK_JS, [values, MASK_ATTR]):
                masks.append(frame.locator(f"[{MASK_ATTR}]"))
        except Exception as exc:  # a frame that navigates away has nothing left to hide
            logger.debug("secret fields of a frame not marked: %s", exc)
    return masks


async def _unmark(page: Any, secrets: list[str]) -> None:
    if not any(secrets):
        return
    for frame in page.frames:
        try:
            await frame.evaluate(_UNMARK_JS, MASK_ATTR)
        except Exception as exc:
            logger.debug("secret-field marks not removed: %s", exc)


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


#: Visible canvases big enough to hold a table's or a chart's text, when the text wanted is in
#: no element's text (innerText walks only the light DOM, so open shadow roots are read too).
_CANVAS_JS = """(wanted) => {
  const squash = s => s.replace(/\\s+/g, " ").trim().toLowerCase();
  const texts = [document.body ? document.body.innerText : ""];
  const canvases = [];
  const walk = root => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) { texts.push(el.shadowRoot.textContent || ""); walk(el.shadowRoot); }
      if (el.localName !== "canvas") continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width >= 100 && r.height >= 40 && style.visibility !== "hidden") canvases.push(el);
    }
  };
  walk(document);
  if (texts.some(t => squash(t).includes(squash(wanted)))) return 0;
  return canvases.length;
}"""


async def canvas_hint(page: Any, wanted: str) -> str:
    """Why a text check may fail although the text is on screen: it is in no element, and the
    page paints canvases (JupyterLab's CSV grid, charts), whose text PACTS cannot read. '' when
    the text is in the page or no canvas is shown."""
    if not wanted.strip():
        return ""
    try:
        count = int(await page.evaluate(_CANVAS_JS, wanted))
    except Exception:  # the page is gone or navigating: no hint, the failure stands
        return ""
    if not count:
        return ""
    return (
        f"{wanted!r} is in no element of the page, which paints {count} visible <canvas> "
        "element(s): text drawn on a canvas cannot be read from the page, so it may be on "
        "screen there (see the screenshot)"
    )
