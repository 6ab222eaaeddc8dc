"""Python source for one plan step in the generated test: its ActionSpec code, as source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from backend.actions import (
    DIALOG_SOURCE,
    SELECT_CUSTOM,
    SELECT_NATIVE,
    check_words,
    count_of,
    element_code,
    exact,
    items_of,
    seconds_ms,
    spec_for,
)
from backend.literals import one_line_text, py_literal
from backend.models import LocatorSpec, SelectorRecord, Step, direct_locator
from backend.text import contains_pattern

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


def contains_source(raw: str, value: str, env_vars: list[str]) -> str:
    """The `{contains}` hole as source: the regex `contains_pattern` makes of a literal value (a
    value read from the environment at test time is matched as written)."""
    pattern = contains_pattern(raw)
    if env_vars or pattern == re.escape(raw):
        return f"re.compile(re.escape({value}))"
    return f"re.compile({regex_literal(pattern)})"


def regex_literal(pattern: str) -> str:
    """A regex source as a raw string (`r"20\\s+rows"`, as a tester would write it), or as a
    plain literal when a raw string cannot hold it (a double quote, a trailing backslash, a
    character that does not print)."""
    if '"' in pattern or pattern.endswith("\\") or not pattern.isprintable():
        return py_literal(pattern)
    return f'r"{pattern}"'


def url_expr(url: str, base_url: str | None) -> str:
    """`base + "/path"` when the URL is on the run's origin, so `--base-url` can move it."""
    if base_url and (url == base_url or url.startswith(base_url.rstrip("/") + "/")):
        path = url[len(base_url.rstrip("/")) :] or "/"
        return f"base + {value_expr(path)[0]}"
    return value_expr(url)[0]


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
    """The lines of test code that do what the step does: its ActionSpec code, as source.

    `locator` replaces the record's own expression (a page object's property, with `--pom`).
    `frame`: the frame a switch_frame step entered (`page.frame_locator(...)`), where the
    checks of the whole document look. `tab_var`: the `expect_page()` of the step that opened
    the tab a "switch to the new tab" step takes.
    """
    raw = step.value or ""
    value, env_vars = value_expr(raw)
    root = frame or "page"
    loc = locator or (record.locator.expr() if record else None)
    imports: set[str] = {"os"} if env_vars else set()
    special = _special_lines(step, record, tab_var)
    if special is not None:
        code = special  # already source: never formatted again
    else:
        lines, loc = _code_lines(step, record, loc, root)
        holes = {
            **check_words(step.expect),
            "loc": loc or "",
            "root": root,
            "value": value,
            "count": str(count_of(raw)),
            "pattern": value if exact(step.expect) else f"re.compile(re.escape({value}))",
            "contains": contains_source(raw, value, env_vars),
            "url": url_expr(raw, base_url),
            "ms": str(seconds_ms(raw)) if step.action == "wait" else "0",
            "items": "[" + ", ".join(value_expr(v)[0] for v in items_of(raw)) + "]",
            **DIALOG_SOURCE,
        }
        # Only the table's own lines are templates; the values go in as they are.
        code = [line.format(**holes) for line in lines]
        if any("{contains}" in line for line in lines) or (
            not exact(step.expect) and any("{pattern}" in line for line in lines)
        ):
            imports.add("re")
    return StepCode(comment_for(step), code, imports, env_vars)


def _special_lines(
    step: Step, record: SelectorRecord | None, tab_var: str | None
) -> list[str] | None:
    """The code of a frame or tab switch (None: the step is not one)."""
    special = spec_for(step.action).special
    if special == "switch_frame":
        return _switch_frame(record)
    if special == "switch_tab":
        return _switch_tab(step, tab_var)
    return None


def _code_lines(
    step: Step, record: SelectorRecord | None, loc: str | None, root: str
) -> tuple[tuple[str, ...], str | None]:
    """The spec's code lines for this step, and the locator expression its `{loc}` stands for."""
    spec = spec_for(step.action)
    if spec.element == "direct" and loc is None:
        return spec.code, direct_locator(step.target, step.value or "").expr(root=root)
    if spec.element == "optional" and loc is None:
        return spec.page_code, None
    if loc is None and spec.element == "one":
        raise ValueError(f"step {step.label()} has no selector to generate code from")
    if spec.special == "select":
        tag = record.fingerprint.tag if record else ""
        return (SELECT_NATIVE if tag == "select" else SELECT_CUSTOM), loc
    if record is not None:
        found = record.fingerprint
        return element_code(step.action, found.tag, found.role, found.ancestors), loc
    return spec.code, loc
