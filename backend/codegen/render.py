"""Renders a plan and its selectors into `generated_tests/test_<name>.py` (DESIGN §7)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jinja2

from backend import __version__
from backend.codegen.literals import one_line_text, py_literal
from backend.codegen.steps import StepCode, step_code
from backend.models import Plan, SelectorRecord
from backend.planning.loader import safe_name
from backend.settings import CHROMIUM_ARGS

_ALLOWED_STDLIB = ("os", "re")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backend.codegen", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["pyliteral"] = py_literal
    return env


def _one_line(text: str) -> str:
    # A docstring line: no newlines, no way to close the docstring early.
    flat = one_line_text(text)
    return flat.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def render_test(
    plan: Plan,
    records: dict[int, SelectorRecord],
    *,
    title: str | None,
    source: str,
) -> str:
    """The generated test module's source; the same inputs give the same bytes."""
    codes: list[StepCode] = [
        step_code(step, records.get(i), plan.base_url) for i, step in enumerate(plan.steps)
    ]
    imports = sorted({m for c in codes for m in c.imports} & set(_ALLOWED_STDLIB))
    env_vars = list(dict.fromkeys(v for c in codes for v in c.env_vars))
    name = safe_name(plan.requirement)
    text = (
        _environment()
        .get_template("test_module.py.j2")
        .render(
            title_line=_one_line(title or f"Requirement {plan.requirement}"),
            version=__version__,
            source_line=_one_line(source),
            req_arg=_one_line(plan.requirement),
            plan_hash=plan.hash,
            stdlib_imports=imports,
            base_url=plan.base_url or "",
            env_vars=env_vars,
            test_name=f"test_{name}",
            steps=codes,
        )
    )
    text = re.sub(r"\n{3,}(?=    )", "\n\n", text).rstrip() + "\n"
    ast.parse(text)
    return text


def render_conftest() -> str:
    """`generated_tests/conftest.py`: points pytest-playwright at the configured Chromium."""
    text = (
        _environment()
        .get_template("conftest.py.j2")
        .render(version=__version__, chromium_args=list(CHROMIUM_ARGS))
    )
    ast.parse(text)
    return text


def write_generated(
    out_dir: Path, plan: Plan, records: dict[int, SelectorRecord], *, title: str | None, source: str
) -> Path:
    """Write the test and the conftest; return the test's path (always inside `out_dir`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"test_{safe_name(plan.requirement)}.py"
    path.write_text(render_test(plan, records, title=title, source=source), encoding="utf-8")
    conftest = out_dir / "conftest.py"
    wanted = render_conftest()
    if not conftest.exists() or conftest.read_text(encoding="utf-8") != wanted:
        conftest.write_text(wanted, encoding="utf-8")
    return path
