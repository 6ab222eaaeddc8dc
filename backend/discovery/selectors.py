"""The most robust unique locator for a chosen candidate, checked through Playwright itself.

Order of preference: test id, role + name, label, placeholder, text, alt/title, stable
attributes; then the same scoped to the candidate's region; then an ordinal. Every option is
checked to resolve to exactly one element, and to the very element that scoring chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.discovery.candidates import Candidate, Context
from backend.discovery.stability import css_attr, holds_generated_id, is_dynamic
from backend.models import LocatorCall, LocatorSpec

#: Roles Playwright's get_by_role accepts that a region can have.
_SCOPE_ROLES = frozenset(
    {
        "dialog",
        "alertdialog",
        "region",
        "form",
        "navigation",
        "article",
        "complementary",
        "group",
        "toolbar",
        "table",
        "grid",
        "tabpanel",
        "menu",
        "list",
        "banner",
        "contentinfo",
        "main",
        "search",
    }
)
#: Roles whose elements get_by_role can find by name.
_NAMED_ROLES = frozenset(
    {
        "button",
        "link",
        "textbox",
        "searchbox",
        "combobox",
        "listbox",
        "checkbox",
        "radio",
        "switch",
        "tab",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "option",
        "heading",
        "img",
        "slider",
        "spinbutton",
        "treeitem",
    }
)
_FIELD_TAGS = frozenset({"input", "textarea", "select"})
#: `els` are the locator's matches; the chosen element is window.__pactsCandidates[i].
_WHICH_JS = "(els, i) => ({count: els.length, at: els.indexOf(window.__pactsCandidates[i])})"


def _call(method: str, *args: str | int, **kwargs: str | int | bool) -> LocatorCall:
    return LocatorCall(method=method, args=args, kwargs=kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Option:
    strategy: str
    calls: tuple[LocatorCall, ...]


def options(c: Candidate) -> list[Option]:
    """Bare (unscoped) locators for the candidate, most robust first."""
    out: list[Option] = []
    for attr, value in c.testids.items():
        if is_dynamic(value):
            continue
        if attr == "data-testid":
            out.append(Option("test_id", (_call("get_by_test_id", value),)))
        else:
            out.append(Option("test_id", (_call("locator", css_attr(attr, value)),)))
    if c.tag == "label" and len(c.proxy_host) == 2 and c.proxy_host[1]:
        # a checkbox's label inside its component (<sl-checkbox>Weekly digest</sl-checkbox>)
        host, text = c.proxy_host
        calls = (_call("locator", host), _call("filter", has_text=text), _call("locator", "label"))
        out.append(Option("host_label", calls))
    if c.heading_before:  # the list the heading just before it names
        heading = _call("get_by_role", "heading", name=c.heading_before, exact=True)
        out.append(Option("heading", (heading, _call("locator", "xpath=following-sibling::*[1]"))))
    if c.name and c.role in _NAMED_ROLES:
        out.append(Option("role", (_call("get_by_role", c.role, name=c.name, exact=True),)))
    is_field = c.tag in _FIELD_TAGS or c.role in ("textbox", "combobox", "searchbox")
    if is_field:
        # get_by_label also reads aria-label / aria-labelledby: a contenteditable editor that
        # Playwright gives no textbox role is still found by the name it is labelled with
        for label in (*c.labels, *([c.name] if c.name and c.name not in c.labels else [])):
            out.append(Option("label", (_call("get_by_label", label, exact=True),)))
        if c.placeholder:
            call = _call("get_by_placeholder", c.placeholder, exact=True)
            out.append(Option("placeholder", (call,)))
    elif c.text and len(c.text) <= 80 and not holds_generated_id(c.text):
        out.append(Option("text", (_call("get_by_text", c.text, exact=True),)))
    # a title or alt that holds a record id (lightning-formatted-url titles a link with its
    # URL) is a different value on the next run: never a selector (issue 13)
    if c.alt and not holds_generated_id(c.alt):
        out.append(Option("alt", (_call("get_by_alt_text", c.alt, exact=True),)))
    if c.title and not holds_generated_id(c.title):
        out.append(Option("title", (_call("get_by_title", c.title, exact=True),)))
    if c.stable_id:
        out.append(Option("stable_id", (_call("locator", css_attr("id", c.stable_id)),)))
    if c.stable_name_attr:
        selector = c.tag + css_attr("name", c.stable_name_attr)
        out.append(Option("stable_name", (_call("locator", selector),)))
    if c.aria_label and not c.name:
        out.append(Option("stable_aria", (_call("locator", css_attr("aria-label", c.aria_label)),)))
    return out


def scopes(c: Candidate) -> list[tuple[LocatorCall, ...]]:
    """Locators for the regions the candidate sits in, nearest first."""
    out: list[tuple[LocatorCall, ...]] = []
    for ctx in c.contexts:
        scope = _scope_of(ctx)
        if scope and scope not in out:
            out.append(scope)
    return out


def _scope_of(ctx: Context) -> tuple[LocatorCall, ...] | None:
    if ctx.role in _SCOPE_ROLES and ctx.own_name:
        return (_call("get_by_role", ctx.role, name=ctx.own_name, exact=True),)
    if ctx.role in ("dialog", "alertdialog"):
        return (_call("get_by_role", ctx.role),)
    if ctx.role == "row" and ctx.cells:
        return (_call("get_by_role", "row"), _call("filter", has_text=ctx.cells[0]))
    if ctx.role == "section" and ctx.tag[:1] == "h" and ctx.tag[1:].isdigit():
        # a heading-delimited section: where the page wraps the section's content in the
        # element after the heading (DokuWiki's <h2> + <div class="level2">)
        heading = _call("get_by_role", "heading", name=ctx.name, exact=True, level=int(ctx.tag[1:]))
        return (heading, _call("locator", "xpath=following-sibling::*[1]"))
    if ctx.role == "card" and ctx.name and "-" in ctx.tag:
        # a card component named by its heading (lightning-card "Cases (0)"): has_text reads
        # its shadow text too
        return (_call("locator", ctx.tag), _call("filter", has_text=ctx.name))
    if ctx.role == "box":  # a role-less box named by its opening label, else by its id
        if ctx.label:
            return (_call("locator", ctx.tag), _call("filter", has_text=ctx.label + ":"))
        return (_call("locator", css_attr("id", ctx.id)),) if ctx.id else None
    if ctx.tag in ("article", "section", "form", "fieldset", "aside") and ctx.name:
        return (_call("locator", ctx.tag), _call("filter", has_text=ctx.name))
    return None


async def _which(page: Any, calls: tuple[LocatorCall, ...], c: Candidate) -> tuple[int, int]:
    """How many elements the locator finds, and where the chosen one is among them (-1: not)."""
    try:
        found = await LocatorSpec(calls=calls).resolve(page).evaluate_all(_WHICH_JS, c.index)
    except Exception:  # a locator Playwright rejects (odd role name, detached frame ...)
        return 0, -1
    return int(found["count"]), int(found["at"])


@dataclass
class Built:
    spec: LocatorSpec
    strategy: str
    fallbacks: list[LocatorSpec]


async def build(
    page: Any, c: Candidate, fallbacks: int = 2, nth: int | None = None
) -> Built | None:
    """The first option that finds exactly the candidate, and up to `fallbacks` more.

    `nth`: the ordinal the person gave ("the last Edit link": -1). It is kept in the locator
    (`.nth(-1)`), so the test means what they wrote, before a region is tried.
    """
    found: list[tuple[str, LocatorSpec]] = []
    bare = options(c)
    # (option, its full calls, how many it finds, where the candidate is among them): each
    # bare option is asked of the page once, and the ordinal passes below reuse the answer
    asked: list[tuple[Option, tuple[LocatorCall, ...], int, int]] = []
    for option in bare:
        calls = c.frame + option.calls
        count, at = await _which(page, calls, c)
        asked.append((option, calls, count, at))
        if count == 1 and at == 0:
            found.append((option.strategy, LocatorSpec(calls=calls)))
            if len(found) > fallbacks:
                break
    if not found and nth:
        index = nth - 1 if nth > 0 else nth
        for option, calls, count, at in asked:
            if at >= 0 and at == (index if index >= 0 else count + index):
                spec = LocatorSpec(calls=(*calls, _call("nth", index)))
                found.append(("nth_" + option.strategy, spec))
                break
    if not found:
        for scope in scopes(c):
            for option in bare:
                calls = c.frame + scope + option.calls
                count, at = await _which(page, calls, c)
                if count == 1 and at == 0:
                    found.append(("scoped_" + option.strategy, LocatorSpec(calls=calls)))
                    break
            if found:
                break
    if not found:
        for option, calls, _, at in asked:  # the last resort: the n-th of what an option finds
            if at >= 0:
                found.append(
                    ("nth_" + option.strategy, LocatorSpec(calls=(*calls, _call("nth", at))))
                )
                break
    if not found:
        return None
    strategy, spec = found[0]
    return Built(spec=spec, strategy=strategy, fallbacks=[s for _, s in found[1:]])


#: From a hidden <textarea> to the code editor shown right after it in its place.
EDITOR_STEP = _call("locator", "xpath=following-sibling::*[1]")


#: From a hidden <select> to the list widget shown right before it (select2 3.x).
WIDGET_BEFORE_STEP = _call("locator", "xpath=preceding-sibling::*[1]")


def editor_of(built: Built, *, before: bool = False) -> Built:
    """The locators of a hidden <textarea> or <select>, turned into those of the editor or list
    widget that stands in for it (CodeMirror keeps the textarea and shows its own box next to
    it; select2 its own box before or after the select): strategy `editor_...`."""
    step = WIDGET_BEFORE_STEP if before else EDITOR_STEP
    return Built(
        spec=LocatorSpec(calls=(*built.spec.calls, step)),
        strategy="editor_" + built.strategy,
        fallbacks=[LocatorSpec(calls=(*f.calls, step)) for f in built.fallbacks],
    )
