"""Python source for one plan step in the generated test (the twin of browser/actions.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.codegen.literals import one_line_text, py_literal
from backend.models import SelectorRecord, Step, Target

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
        return f"base + {py_literal(path)}"
    return py_literal(url)


def _pattern(expr: str, expect: str | None) -> tuple[str, set[str]]:
    if expect == "equals":
        return expr, set()
    return f"re.compile(re.escape({expr}))", {"re"}


def _direct(target: Target) -> str:
    if target.kind and target.kind != "text":
        from backend.discovery.engine import KIND_ROLES

        role = (KIND_ROLES.get(target.kind) or (target.kind,))[0]
        return f"page.get_by_role({py_literal(role)}, name={py_literal(target.name)}, exact=True)"
    return f"page.get_by_text({py_literal(target.name)}, exact=True)"


def comment_for(step: Step) -> str:
    """The English of the step as one comment line (no newlines can escape it)."""
    text = one_line_text(step.source or step.label())
    # 4 columns of indent and "# ": the line fits ruff's default 88 columns
    return "# " + (text if len(text) <= 82 else text[:79].rstrip() + "...")


def step_code(
    step: Step, record: SelectorRecord | None, base_url: str | None, locator: str | None = None
) -> StepCode:
    """The lines of test code that do what the step does.

    `locator` replaces the record's own expression (a page object's property, with `--pom`).
    """
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
    elif action == "assert_text" and loc is None:
        lines = [f'expect(page.locator("body")).to_contain_text({value}, use_inner_text=True)']
    elif action in ("assert_url", "assert_title"):
        pattern, extra = _pattern(value, step.expect)
        imports |= extra
        method = "to_have_url" if action == "assert_url" else "to_have_title"
        lines = [f"expect(page).{method}({pattern})"]
    elif action == "assert_hidden":
        target = step.target or Target(kind="text", name=raw)
        lines = [f"expect({loc or _direct(target)}).to_be_hidden()"]
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
        method = "to_have_text" if step.expect == "equals" else "to_contain_text"
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
        return [f"expect({loc}).to_have_value({pattern})"]
    if action == "assert_count":
        return [f"expect({loc}).to_have_count({int(raw)})"]
    raise ValueError(f"action {action!r} cannot be generated yet")
