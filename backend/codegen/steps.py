"""Python source for one plan step in the generated test (the twin of browser/actions.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.codegen.literals import one_line_text, py_literal
from backend.models import LocatorSpec, SelectorRecord, Step, Target

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class StepCode:
    """The comment and lines of code for one step, and what they need imported."""

    comment: str
    lines: list[str]
    imports: set[str] = field(default_factory=set)
    env_vars: list[str] = field(default_factory=list)


def value_expr(value: str) -> tuple[str, list[str]]:
    """A Python expression for a value; `${VAR}` parts read `os.environ` at test time."""
    names = _VAR.findall(value)
    if not names:
        return py_literal(value), []
    parts: list[str] = []
    pos = 0
    for match in _VAR.finditer(value):
        if match.start() > pos:
            parts.append(py_literal(value[pos : match.start()]))
        parts.append(f"os.environ[{py_literal(match.group(1))}]")
        pos = match.end()
    if pos < len(value):
        parts.append(py_literal(value[pos:]))
    return " + ".join(parts), list(dict.fromkeys(names))


def url_expr(url: str, base_url: str | None) -> str:
    """`base + "/path"` when the URL is on the run's origin, so `--base-url` can move it."""
    if base_url and (url == base_url or url.startswith(base_url.rstrip("/") + "/")):
        path = url[len(base_url.rstrip("/")) :] or "/"
        return f"base + {value_expr(path)[0]}"
    return value_expr(url)[0]


def _pattern(expr: str, expect: str | None) -> tuple[str, set[str]]:
    if expect in ("equals", "not_equals"):
        return expr, set()
    return f"re.compile(re.escape({expr}))", {"re"}


def _to(expect: str | None) -> str:
    """`to_` or, for a negated check ("the title is not X"), `not_to_`."""
    return "not_to_" if expect and expect.startswith("not_") else "to_"


def _direct(target: Target, root: str = "page") -> str:
    if target.kind and target.kind != "text":
        from backend.discovery.engine import KIND_ROLES

        role = (KIND_ROLES.get(target.kind) or (target.kind,))[0]
        if not target.name:
            return f"{root}.get_by_role({py_literal(role)})"
        return f"{root}.get_by_role({py_literal(role)}, name={py_literal(target.name)}, exact=True)"
    return f"{root}.get_by_text({py_literal(target.name)}, exact=True)"


def _switch_frame(record: SelectorRecord | None) -> list[str]:
    """Entering a frame checks the iframe is there; its elements' locators carry the frame."""
    if record is None:  # back on the page itself: the next locators start at `page` again
        return []
    *outer, last = record.locator.calls
    where = LocatorSpec(calls=tuple(outer)).expr()
    return [f"expect({where}.locator({py_literal(str(last.args[0]))})).to_be_visible()"]


def _switch_tab(step: Step, tab_var: str | None) -> list[str]:
    """The tab the run switched to, found the way the executor found it."""
    if step.target is not None:
        title = py_literal(step.target.name.lower())
        pick = f"next(p for p in page.context.pages if {title} in p.title().lower())"
        return [f"page = {pick}", "page.bring_to_front()"]
    if step.value == "new":
        pick = f"{tab_var}.value" if tab_var else "page.context.pages[-1]"
        return [f"page = {pick}", "page.wait_for_load_state()"]
    n = int(step.value or "1")
    return [f"page = page.context.pages[{n - 1 if n > 0 else n}]", "page.bring_to_front()"]


def comment_for(step: Step) -> str:
    """The English of the step as one comment line (no newlines can escape it)."""
    text = one_line_text(step.source or step.label())
    # 4 columns of indent and "# ": the line fits ruff's default 88 columns
    return "# " + (text if len(text) <= 82 else text[:79].rstrip() + "...")


def step_code(
    step: Step,
    record: SelectorRecord | None,
    base_url: str | None,
    locator: str | None = None,
    *,
    frame: str | None = None,
    tab_var: str | None = None,
) -> StepCode:
    """The lines of test code that do what the step does.

    `locator` replaces the record's own expression (a page object's property, with `--pom`).
    `frame`: the frame a switch_frame step entered (`page.frame_locator(...)`), where the
    checks of the whole document look. `tab_var`: the `expect_page()` of the step that opened
    the tab a "switch to the new tab" step takes.
    """
    root = frame or "page"
    loc = locator or (record.locator.expr() if record else None)
    tag = record.fingerprint.tag if record else ""
    raw = step.value or ""
    value, env_vars = value_expr(raw)
    imports: set[str] = {"os"} if env_vars else set()
    action = step.action
    lines: list[str]
    if action == "navigate":
        lines = [f"page.goto({url_expr(raw, base_url)})"]
    elif action == "go_back":
        lines = ["page.go_back()"]
    elif action == "reload":
        lines = ["page.reload()"]
    elif action == "wait":
        lines = [f"page.wait_for_timeout({int(float(raw or '1') * 1000)})"]
    elif action == "press" and loc is None:
        lines = [f"page.keyboard.press({value})"]
    elif action == "switch_frame":
        lines = _switch_frame(record)
    elif action == "switch_tab":
        lines = _switch_tab(step, tab_var)
    elif action == "assert_text" and loc is None:
        method = _to(step.expect) + "contain_text"
        lines = [f'expect({root}.locator("body")).{method}({value}, use_inner_text=True)']
    elif action in ("assert_url", "assert_title"):
        pattern, extra = _pattern(value, step.expect)
        imports |= extra
        method = _to(step.expect) + ("have_url" if action == "assert_url" else "have_title")
        lines = [f"expect(page).{method}({pattern})"]
    elif action == "assert_hidden":
        target = step.target or Target(kind="text", name=raw)
        lines = [f"expect({loc or _direct(target, root)}).to_be_hidden()"]
    elif action == "assert_count" and loc is None and step.target is not None:
        lines = [f"expect({_direct(step.target, root)}).to_have_count({int(raw)})"]
    elif loc is None:
        raise ValueError(f"step {step.label()} has no selector to generate code from")
    else:
        lines = _element_lines(step, loc, tag, value, raw, imports)
    return StepCode(comment_for(step), lines, imports, env_vars)


def _element_lines(
    step: Step, loc: str, tag: str, value: str, raw: str, imports: set[str]
) -> list[str]:
    simple = {
        "clear": "clear()",
        "click": "click()",
        "right_click": 'click(button="right")',
        "dblclick": "dblclick()",
        "hover": "hover()",
        "check": "check()",
        "uncheck": "uncheck()",
        "scroll": "scroll_into_view_if_needed()",
    }
    action = step.action
    if action in simple:
        return [f"{loc}.{simple[action]}"]
    if action in ("fill", "type"):
        return [f"{loc}.fill({value})"]
    if action == "press":
        return [f"{loc}.press({value})"]
    if action == "upload":
        return [f"{loc}.set_input_files({value})"]
    if action == "select":
        if tag == "select":
            return [f"{loc}.select_option(label={value})"]
        return [f"{loc}.click()", f'page.get_by_role("option", name={value}, exact=True).click()']
    if action == "assert_text":
        exact = step.expect in ("equals", "not_equals")
        method = _to(step.expect) + ("have_text" if exact else "contain_text")
        return [f"expect({loc}).{method}({value})"]
    if action == "assert_visible":
        return [f"expect({loc}).to_be_visible()"]
    if action in ("assert_enabled", "assert_disabled", "assert_checked"):
        return [f"expect({loc}).to_be_{action.removeprefix('assert_')}()"]
    if action == "assert_unchecked":
        return [f"expect({loc}).to_be_checked(checked=False)"]
    if action == "assert_value":
        pattern, extra = _pattern(value, step.expect)
        imports |= extra
        return [f"expect({loc}).{_to(step.expect)}have_value({pattern})"]
    if action == "assert_count":
        return [f"expect({loc}).to_have_count({int(raw)})"]
    raise ValueError(f"action {action!r} cannot be generated yet")
