"""Renders a plan and its selectors into `generated_tests/test_<name>.py` (DESIGN §7)."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from backend import __version__
from backend.actions import spec_for
from backend.codegen.format import format_source
from backend.codegen.pom import PageObject, page_object_for, property_name, write_page_objects
from backend.codegen.stamp import remember, stamp_name, unchanged
from backend.codegen.steps import StepCode, step_code
from backend.literals import one_line_text, py_literal
from backend.models import Plan, SelectorRecord
from backend.settings import CHROMIUM_ARGS
from backend.text import safe_name

if TYPE_CHECKING:
    import jinja2

_ALLOWED_STDLIB = ("os", "re")


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2  # only when a test is rendered: a warm run with nothing new renders none

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backend.codegen", "templates"),
        bytecode_cache=jinja2.FileSystemBytecodeCache(),  # per-user temp folder: no recompile
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["pyliteral"] = py_literal
    return env


def _short(text: str, limit: int) -> str:
    """At most `limit` characters, so the line stays within 88 columns."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _one_line(text: str, limit: int = 0) -> str:
    # A docstring line: no newlines, no way to close the docstring early; shortened before
    # escaping, so a cut never splits an escape sequence.
    flat = one_line_text(text)
    if limit:
        flat = _short(flat, limit)
    return flat.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def page_objects(
    plan: Plan, records: dict[int, SelectorRecord]
) -> tuple[list[PageObject], dict[int, str]]:
    """The page objects a plan's locators belong to, and each step's `obj.property` expression."""
    objects: dict[tuple[str, str], PageObject] = {}
    expressions: dict[int, str] = {}
    for index, step in enumerate(plan.steps):
        record = records.get(index)
        if record is None or step.target is None or step.action == "switch_frame":
            continue
        found = page_object_for(record)
        obj = objects.setdefault((found.site, found.module), found)
        expr = record.locator.expr(root="self.page")
        base = property_name(step.target)
        name, n = base, 1
        while obj.properties.get(name, expr) != expr:  # same name, another element
            n += 1
            name = f"{base}_{n}"
        obj.properties[name] = expr
        expressions[index] = f"{obj.variable}.{name}"
    return list(objects.values()), expressions


_NEW_TAB = "new_tab"


def _step_codes(
    plan: Plan,
    records: dict[int, SelectorRecord],
    expressions: dict[int, str],
    objects: list[PageObject],
) -> list[StepCode]:
    """Each step's code, knowing the frame it runs in and the step that opened a new tab.

    "Switch to the new tab" wraps the step that opened it in `with page.context.expect_page()`
    (the tab may land after the click returns); page objects are re-made for the new page.
    """
    frame: str | None = None
    codes: list[StepCode] = []
    for i, step in enumerate(plan.steps):
        tab_var = None
        if step.action == "switch_tab" and step.value == "new":
            opener = _opener(plan, codes, i)
            if opener is not None:
                code = codes[opener]
                code.lines = [
                    f"with page.context.expect_page() as {_NEW_TAB}:",
                    *("    " + line for line in code.lines),
                ]
                tab_var = _NEW_TAB
        record = records.get(i)
        code = step_code(
            step, record, plan.base_url, expressions.get(i), frame=frame, tab_var=tab_var
        )
        if step.action == "switch_tab":
            code.lines += [f"{o.variable} = {o.class_name}(page)" for o in objects]
        codes.append(code)
        if step.action == "switch_frame":
            frame = record.locator.expr() if record is not None and step.target else None
        elif spec_for(step.action).new_document or step.action == "switch_tab":
            frame = None
    return codes


def _opener(plan: Plan, codes: list[StepCode], index: int) -> int | None:
    """The last step before `index` that may have opened a tab (none past another switch)."""
    for j in range(index - 1, -1, -1):
        action = plan.steps[j].action
        if action == "switch_tab":
            return None
        if (
            spec_for(action).opens_tab
            and codes[j].lines
            and not codes[j].lines[0].startswith("with ")
        ):
            return j
    return None


def render_test(
    plan: Plan,
    records: dict[int, SelectorRecord],
    *,
    title: str | None,
    source: str,
    objects: list[PageObject] | None = None,
    expressions: dict[int, str] | None = None,
    formatted: bool = True,
    format_cache: Path | None = None,
) -> str:
    """The generated test module's source; the same inputs give the same bytes.

    With page objects (`--pom`), element steps use `expressions` instead of inline locators.
    """
    expressions = expressions or {}
    variables = {e.split(".", 1)[0] for e in expressions.values()}
    used = [o for o in objects or [] if o.variable in variables]
    codes = _step_codes(plan, records, expressions, used)
    imports = sorted({m for c in codes for m in c.imports} & set(_ALLOWED_STDLIB))
    env_vars = list(dict.fromkeys(v for c in codes for v in c.env_vars))
    uses_expect = any("expect(" in line for c in codes for line in c.lines)
    name = safe_name(plan.requirement)
    text = (
        _environment()
        .get_template("test_module.py.j2")
        .render(
            title_line=_one_line(title or f"Requirement {plan.requirement}", 80),
            version=__version__,
            source_line=_one_line(source),
            req_arg=_one_line(plan.requirement),
            plan_hash=plan.hash,
            stdlib_imports=imports,
            from_imports=sorted(
                [f"from playwright.sync_api import {'Page, expect' if uses_expect else 'Page'}"]
                + [o.import_line for o in used]
            ),
            page_objects=used,
            base_url=plan.base_url or "",
            env_vars=env_vars,
            test_name=f"test_{name}",
            steps=codes,
        )
    )
    text = re.sub(r"\n{3,}(?=    )", "\n\n", text).rstrip() + "\n"
    ast.parse(text)
    return format_source(text, f"test_{name}.py", format_cache) if formatted else text


@functools.lru_cache(maxsize=2)
def render_conftest(format_cache: Path | None = None) -> str:
    """`generated_tests/conftest.py`: points pytest-playwright at the configured Chromium."""
    text = (
        _environment()
        .get_template("conftest.py.j2")
        .render(version=__version__, chromium_args=list(CHROMIUM_ARGS))
    )
    ast.parse(text)
    return format_source(text, "conftest.py", format_cache)


_SOURCE_LINE = re.compile(r"^Generated by PACTS \S+ from (.*);$", re.MULTILINE)


def free_path(out_dir: Path, name: str, source_line: str) -> Path:
    """`test_<name>.py`, unless it holds another requirement's test: then `test_<name>_2.py`...

    A generated file names its requirement in its header; a file PACTS did not write, or
    wrote from another requirement, is never overwritten (issue 14).
    """
    for n in range(1, 1000):
        path = out_dir / (f"test_{name}.py" if n == 1 else f"test_{name}_{n}.py")
        if not path.exists():
            return path
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            continue
        found = _SOURCE_LINE.search(head)
        if found is not None and found.group(1) == source_line:
            return path
    raise ValueError(f"no free file name for test_{name}.py in {out_dir}")


def write_generated(
    out_dir: Path,
    plan: Plan,
    records: dict[int, SelectorRecord],
    *,
    title: str | None,
    source: str,
    pom: bool = False,
    format_cache: Path | None = None,
) -> Path:
    """Write the test (and with `pom` its page objects) and the conftest; return the test path.

    Every path is inside `out_dir`: the file name comes from `safe_name`, never the raw name.
    A file that already holds the bytes is not written again.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = stamp_name(out_dir, plan, records, title, source) if format_cache and not pom else None
    if stamp is not None and format_cache is not None:
        done = unchanged(format_cache / stamp)
        if done is not None:
            return done
    objects: list[PageObject] = []
    expressions: dict[int, str] = {}
    if pom:
        objects, expressions = page_objects(plan, records)
        write_page_objects(out_dir, objects, __version__)
    path = free_path(out_dir, safe_name(plan.requirement), _one_line(source))
    text = render_test(
        plan,
        records,
        title=title,
        source=source,
        objects=objects,
        expressions=expressions,
        format_cache=format_cache,
    )
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    conftest = out_dir / "conftest.py"
    wanted = render_conftest(format_cache)
    if not conftest.exists() or conftest.read_text(encoding="utf-8") != wanted:
        conftest.write_text(wanted, encoding="utf-8")
    if stamp is not None and format_cache is not None:
        remember(format_cache / stamp, {path: text, conftest: wanted})
    return path
