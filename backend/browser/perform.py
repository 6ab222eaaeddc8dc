"""Performs one plan step on the live page by running its ActionSpec code (backend/actions.py).

The same code lines are written into the generated test (codegen/steps.py); here each line is
evaluated on live Playwright objects by a small interpreter that knows names, attributes, calls
and constants, and awaits what Playwright returns. Only the table's own lines are evaluated:
values from a requirement enter as bound names, never as source.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
from typing import Any

from backend.actions import (
    SELECT_CUSTOM,
    SELECT_NATIVE,
    SELECT_OPTION,
    check_words,
    count_of,
    element_code,
    exact,
    items_of,
    seconds_ms,
    spec_for,
)
from backend.browser.trace_scope import traced
from backend.models import Fingerprint, Step, direct_locator
from backend.text import contains_pattern

#: Native form controls whose "select" is `select_option`; anything else is a custom widget.
NATIVE_SELECT_TAG = "select"

#: The holes of a code line, as the names the interpreter binds.
_HOLES = {
    "loc": "loc",
    "root": "root",
    "value": "value",
    "count": "count",
    "pattern": "pattern",
    "contains": "contains",
    "url": "value",
    "ms": "ms",
    "items": "items",
    "accept": "accept",
    "dismiss": "dismiss",
}


class OptionMissing(Exception):
    """The list was found, but it has no option with that label: the app's fault, not drift."""

    def __init__(self, wanted: str, available: list[str]) -> None:
        shown = ", ".join(repr(a) for a in available[:10]) or "none"
        super().__init__(f"the list has no option {wanted!r}; its options: {shown}")


@functools.lru_cache(maxsize=512)
def _parsed(line: str) -> ast.expr:
    return ast.parse(line, mode="eval").body


async def _evaluate(node: ast.expr, names: dict[str, Any], timeout_ms: float) -> Any:
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Attribute):
        return getattr(await _evaluate(node.value, names, timeout_ms), node.attr)
    if isinstance(node, ast.Call):
        func = await _evaluate(node.func, names, timeout_ms)
        args = [await _evaluate(a, names, timeout_ms) for a in node.args]
        kwargs = {str(k.arg): await _evaluate(k.value, names, timeout_ms) for k in node.keywords}
        if isinstance(node.func, ast.Attribute) and node.func.attr.startswith(("to_", "not_to_")):
            kwargs.setdefault("timeout", timeout_ms)  # expect() waits the step's timeout
        result = func(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result
    raise ValueError(f"action code may not use {type(node).__name__}")


async def run_code(
    lines: tuple[str, ...], names: dict[str, Any], expect: str | None, timeout_ms: float
) -> Any:
    """Evaluate a spec's code lines with its holes bound to `names`; the last line's value."""
    holes = {**_HOLES, **check_words(expect)}
    result = None
    for line in lines:
        result = await _evaluate(_parsed(line.format(**holes)), names, timeout_ms)
    return result


def live_names(page: Any, root: Any, locator: Any, value: str | None, expect: str | None) -> dict:
    """The objects a code line's names stand for, on the live page."""
    from playwright.async_api import expect as expect_

    text = value or ""
    pattern: Any = text if exact(expect) else re.compile(re.escape(text))
    return {
        "page": page,
        "root": root or page,
        "loc": locator,
        "expect": expect_,
        "value": text,
        "count": count_of(text),
        "pattern": pattern,
        "contains": re.compile(contains_pattern(text)),
        "ms": seconds_ms(value) if _is_number(value) else 0,
        "items": items_of(value),
        "accept": _accept,
        "dismiss": _dismiss,
    }


async def _accept(dialog: Any) -> None:
    await dialog.accept()


async def _dismiss(dialog: Any) -> None:
    await dialog.dismiss()


def _is_number(value: str | None) -> bool:
    try:
        float(value or "1")
    except ValueError:
        return False
    return True


async def perform(
    page: Any,
    step: Step,
    locator: Any | None,
    value: str | None,
    element: Fingerprint | None,
    timeout_s: float,
    *,
    root: Any | None = None,
) -> None:
    """Do what the step says; Playwright raises if the page does not let it.

    `element`: what the found element looked like (None: the step acts on no element): a `fill`
    into a code editor types, an `open` on a list entry double-clicks, a `select` on a native
    list picks.
    `root`: the frame a `switch_frame` step entered (a FrameLocator), for the checks that look
    at the whole document rather than one element; the page otherwise.
    """
    with traced():  # the trace records the action, even where PACTS's own looks are left out
        await _perform(page, step, locator, value, element, timeout_s, root)


async def _perform(
    page: Any,
    step: Step,
    locator: Any | None,
    value: str | None,
    element: Fingerprint | None,
    timeout_s: float,
    root: Any | None,
) -> None:
    spec = spec_for(step.action)
    timeout = timeout_s * 1000
    found = element or Fingerprint(tag="")
    element_tag = found.tag
    if spec.special == "select":
        if locator is None:
            raise ValueError("step select needs an element and none was found")
        await _select(page, locator, value or "", element_tag, timeout)
        return
    if spec.special:
        raise ValueError(f"{step.action} is carried out by the executor, not on the page")
    lines = element_code(step.action, element_tag, found.role, found.ancestors)
    if spec.element == "direct" and locator is None:
        locator = direct_locator(step.target, value or "").resolve(root or page)
    elif spec.element == "optional" and locator is None:
        lines = spec.page_code
    elif spec.element == "one" and locator is None:
        raise ValueError(f"step {step.action} needs an element and none was found")
    await run_code(lines, live_names(page, root, locator, value, step.expect), step.expect, timeout)


#: An element's text with the text of open shadow roots at every level (textContent and
#: innerText stop at a shadow root: a lookup's option cards read as '').
DEEP_TEXT_JS = """
const deepText = node => {
  let out = '';
  for (const child of (node.shadowRoot || node).childNodes) {
    if (child.nodeType === 3) out += child.nodeValue;
    else if (child.nodeType === 1 && !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(child.tagName)) {
      out += ' ' + deepText(child) + ' ';
    }
  }
  return out.replace(/\\s+/g, ' ').trim();
};
"""
_CONTROLLED_OPTIONS_JS = (
    """
el => {"""
    + DEEP_TEXT_JS
    + """
  const id = el.getAttribute('aria-controls') || el.getAttribute('aria-owns');
  const root = el.getRootNode();
  const box = id && (root.getElementById ? root.getElementById(id) : document.getElementById(id));
  return box ? Array.from(box.querySelectorAll('[role=option]'), deepText) : null;
}
"""
)
_OPTION_TEXTS_JS = "els => {" + DEEP_TEXT_JS + " return els.map(deepText); }"


async def _listed_options(page: Any, combobox: Any) -> list[str]:
    """The options an open custom combobox shows (their shadow text included): its own
    listbox's, else every visible one on the page."""
    try:
        own = await combobox.evaluate(_CONTROLLED_OPTIONS_JS)
    except Exception:  # the combobox went away while opening
        own = None
    if own is not None:
        return [str(o) for o in own]
    # a CSS locator pierces open shadow roots; innerText would not read inside them
    return [
        str(t) for t in await page.locator("[role=option]:visible").evaluate_all(_OPTION_TEXTS_JS)
    ]


_LABELS_JS = "s => Array.from(s.options || [], o => o.label.trim())"


async def _option_labels(locator: Any) -> list[str]:
    """The labels of a native list's options: one query when the list is there (a locator's
    `evaluate` is three: wait for it, evaluate on its handle, let the handle go); else
    `evaluate`, which waits for it (and raises as the step would)."""
    found = await locator.evaluate_all(f"lists => lists.map({_LABELS_JS})")
    if len(found) == 1:
        return [str(label) for label in found[0]]
    return [str(label) for label in await locator.evaluate(_LABELS_JS)]


async def _select(page: Any, locator: Any, text: str, element_tag: str, timeout: float) -> None:
    """SELECT_NATIVE or SELECT_CUSTOM, raising OptionMissing (with what there is) when the list
    has no such option: a missing option is the app's fault, not something to heal."""
    names = live_names(page, None, locator, text, "equals")
    if element_tag == NATIVE_SELECT_TAG:
        labels = await _option_labels(locator)
        if text not in labels:
            raise OptionMissing(text, labels)
        await run_code(SELECT_NATIVE, names, "equals", timeout)
        return
    opener, choose = SELECT_CUSTOM
    await run_code((opener,), names, "equals", timeout)
    option = await run_code((SELECT_OPTION,), names, "equals", timeout)
    try:
        await option.wait_for(state="visible", timeout=timeout)
    except Exception:
        raise OptionMissing(text, await _listed_options(page, locator)) from None
    await run_code((choose,), names, "equals", timeout)
