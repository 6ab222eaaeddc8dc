"""Performs one plan step on the live page (the generated test's twin is codegen/steps.py)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from backend.models import Step, Target

#: Native form controls whose "select" is `select_option`; anything else is a custom widget.
NATIVE_SELECT_TAG = "select"


class OptionMissing(Exception):
    """The list was found, but it has no option with that label: the app's fault, not drift."""

    def __init__(self, wanted: str, available: list[str]) -> None:
        shown = ", ".join(repr(a) for a in available[:10]) or "none"
        super().__init__(f"the list has no option {wanted!r}; its options: {shown}")


_CONTROLLED_OPTIONS_JS = """
el => {
  const id = el.getAttribute('aria-controls') || el.getAttribute('aria-owns');
  const box = id && document.getElementById(id);
  return box ? Array.from(box.querySelectorAll('[role=option]'), o => o.textContent.trim()) : null;
}
"""


async def _listed_options(page: Any, combobox: Any) -> list[str]:
    """The options an open custom combobox shows: its own listbox's, else every visible one."""
    try:
        own = await combobox.evaluate(_CONTROLLED_OPTIONS_JS)
    except Exception:  # the combobox went away while opening
        own = None
    if own is not None:
        return [str(o) for o in own]
    return [t.strip() for t in await page.locator("[role=option]:visible").all_inner_texts()]


def direct_locator(page: Any, target: Target) -> Any:
    """A locator built from the description alone, for elements that may legitimately be absent."""
    if target.kind and target.kind not in ("text",):
        from backend.discovery.engine import KIND_ROLES

        roles = KIND_ROLES.get(target.kind) or (target.kind,)
        if not target.name:  # "3 rows are shown": every element of the kind
            return page.get_by_role(roles[0])
        return page.get_by_role(roles[0], name=target.name, exact=True)
    return page.get_by_text(target.name, exact=True)


def _pattern(value: str, expect: str | None) -> str | re.Pattern[str]:
    return value if expect in ("equals", "not_equals") else re.compile(re.escape(value))


def negated(expect: str | None) -> bool:
    """Whether an assertion is a negated one ("the title is not X")."""
    return bool(expect and expect.startswith("not_"))


def _check(target: Any, expect: str | None, method: str) -> Any:
    """`expect(target).to_<method>`, or `.not_to_<method>` for a negated check."""
    from playwright.async_api import expect as expect_

    return getattr(expect_(target), ("not_to_" if negated(expect) else "to_") + method)


#: Element-state assertions: the expect() method and its arguments.
STATE_ASSERTIONS: dict[str, tuple[str, dict[str, bool]]] = {
    "assert_enabled": ("to_be_enabled", {}),
    "assert_disabled": ("to_be_disabled", {}),
    "assert_checked": ("to_be_checked", {}),
    "assert_unchecked": ("to_be_checked", {"checked": False}),
}


async def perform(
    page: Any,
    step: Step,
    locator: Any | None,
    value: str | None,
    element_tag: str,
    timeout_s: float,
    *,
    root: Any | None = None,
) -> None:
    """Do what the step says; Playwright raises if the page does not let it.

    `root`: the frame a `switch_frame` step entered (a FrameLocator), for the checks that
    look at the whole document rather than one element; the page otherwise.
    """
    from playwright.async_api import expect

    timeout = timeout_s * 1000
    action = step.action
    text = value or ""
    if action == "navigate":
        await page.goto(text, wait_until="load")
    elif action == "go_back":
        await page.go_back(wait_until="load")
    elif action == "reload":
        await page.reload(wait_until="load")
    elif action == "wait":
        await asyncio.sleep(float(text or "1"))
    elif action == "press" and locator is None:
        await page.keyboard.press(text)
    elif action == "assert_text" and locator is None:
        await _check((root or page).locator("body"), step.expect, "contain_text")(
            text, use_inner_text=True, timeout=timeout
        )
    elif action == "assert_url":
        await _check(page, step.expect, "have_url")(_pattern(text, step.expect), timeout=timeout)
    elif action == "assert_title":
        await _check(page, step.expect, "have_title")(_pattern(text, step.expect), timeout=timeout)
    elif action == "assert_hidden":
        target = step.target or Target(kind="text", name=text)
        hidden = locator or direct_locator(root or page, target)
        await expect(hidden).to_be_hidden(timeout=timeout)
    elif action == "assert_count" and locator is None and step.target is not None:
        counted = direct_locator(root or page, step.target)
        await expect(counted).to_have_count(int(text), timeout=timeout)
    elif locator is None:
        raise ValueError(f"step {action} needs an element and none was found")
    else:
        await _on_element(page, step, locator, text, element_tag, timeout)


async def _on_element(
    page: Any, step: Step, locator: Any, text: str, element_tag: str, timeout: float
) -> None:
    from playwright.async_api import expect

    action = step.action
    if action in ("fill", "type"):
        await locator.fill(text)
    elif action == "clear":
        await locator.clear()
    elif action == "press":
        await locator.press(text)
    elif action == "click":
        await locator.click()
    elif action == "right_click":
        await locator.click(button="right")
    elif action == "dblclick":
        await locator.dblclick()
    elif action == "hover":
        await locator.hover()
    elif action == "check":
        await locator.check()
    elif action == "uncheck":
        await locator.uncheck()
    elif action == "select":
        if element_tag == NATIVE_SELECT_TAG:
            labels = await locator.evaluate("s => Array.from(s.options, o => o.label.trim())")
            if text not in labels:
                raise OptionMissing(text, labels)
            await locator.select_option(label=text)
        else:
            # A custom combobox renders its options only once it is opened.
            await locator.click()
            option = page.get_by_role("option", name=text, exact=True)
            try:
                await option.wait_for(state="visible", timeout=timeout)
            except Exception:
                raise OptionMissing(text, await _listed_options(page, locator)) from None
            await option.click()
    elif action == "upload":
        await locator.set_input_files(text)
    elif action == "scroll":
        await locator.scroll_into_view_if_needed()
    elif action == "assert_text":
        if step.expect in ("equals", "not_equals"):
            await _check(locator, step.expect, "have_text")(text, timeout=timeout)
        else:
            await _check(locator, step.expect, "contain_text")(text, timeout=timeout)
    elif action == "assert_visible":
        await expect(locator).to_be_visible(timeout=timeout)
    elif action in STATE_ASSERTIONS:
        await getattr(expect(locator), STATE_ASSERTIONS[action][0])(
            **STATE_ASSERTIONS[action][1], timeout=timeout
        )
    elif action == "assert_value":
        await _check(locator, step.expect, "have_value")(
            _pattern(text, step.expect), timeout=timeout
        )
    elif action == "assert_count":
        await expect(locator).to_have_count(int(text), timeout=timeout)
    else:
        raise NotImplementedError(f"action {action!r} is not supported yet")
