"""Values from requirements enter generated Python only as safe literals."""

from __future__ import annotations

import ast

import pytest

from backend.codegen.render import render_conftest, render_test
from backend.codegen.steps import value_expr
from backend.literals import py_literal
from backend.models import (
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    Plan,
    SelectorRecord,
    Step,
    Target,
)
from backend.text import contains_pattern

NASTY = [
    "",
    "plain",
    'double "quotes"',
    "single 'quotes'",
    "back\\slash\\",
    "new\nline\r\n",
    '"""triple"""',
    "'''triple'''",
    "{{ jinja }} {% raw %}",
    "${NOT_A_VAR_HERE",
    "__import__('os').system('rm -rf /')",
    "\x00\x07\x1b[31m",
    "line\u2028sep\u2029para",
    "\ud800 lone surrogate",
    "emoji \U0001f600 and accents café",
    "# not a comment",
    "\\N{BULLET}",
]


@pytest.mark.parametrize("value", NASTY)
def test_literal_round_trips(value: str) -> None:
    source = py_literal(value)
    assert "\n" not in source
    assert ast.literal_eval(source) == value


def test_value_expr_reads_secrets_from_environ() -> None:
    expr, names = value_expr("user ${DEMO_USER} pw ${DEMO_PASSWORD}!")
    assert names == ["DEMO_USER", "DEMO_PASSWORD"]
    assert expr == '"user " + os.environ["DEMO_USER"] + " pw " + os.environ["DEMO_PASSWORD"] + "!"'


def _record(name: str) -> SelectorRecord:
    spec = LocatorSpec(
        calls=(LocatorCall(method="get_by_role", args=("button",), kwargs={"name": name}),)
    )
    return SelectorRecord(
        key="k",
        origin="http://127.0.0.1:1",
        route="/",
        target="button|x",
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=Fingerprint(tag="button"),
    )


@pytest.mark.parametrize("value", NASTY)
def test_rendered_test_parses_and_keeps_values(value: str) -> None:
    plan = Plan(
        requirement='evil"""\nname',
        base_url="http://127.0.0.1:1",
        steps=[
            Step(action="navigate", value="http://127.0.0.1:1/", source='Open """x"""\nimport os'),
            Step(
                action="click",
                target=Target(kind="button", name=value),
                source=value,
            ),
            Step(action="assert_text", value=value, expect="contains", source=value),
        ],
    )
    source = render_test(plan, {1: _record(value)}, title=value, source=value)
    tree = ast.parse(source)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"annotations", "re", "os", "pytest", "Page", "expect"}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    # the locator's name, and the asserted text as written (re.escape) or, in a filter summary,
    # as the regex that finds it
    assert strings.count(value) >= 2 or (value in strings and contains_pattern(value) in strings)
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert functions == ["test_evil_name"]


def test_same_plan_renders_same_bytes() -> None:
    plan = Plan(
        requirement="r",
        base_url="http://127.0.0.1:1",
        steps=[
            Step(action="navigate", value="http://127.0.0.1:1/a"),
            Step(action="press", value="Enter"),
        ],
    )
    first = render_test(plan, {}, title="t", source="s")
    assert first == render_test(plan, {}, title="t", source="s")
    assert 'page.goto(base + "/a")' in first
    assert 'page.keyboard.press("Enter")' in first


def test_secret_values_never_rendered() -> None:
    plan = Plan(
        requirement="login",
        base_url="http://127.0.0.1:1",
        steps=[Step(action="fill", target=Target(kind="textbox", name="Password"), value="${PW}")],
    )
    source = render_test(plan, {0: _record("Password")}, title="t", source="s")
    assert 'os.environ["PW"]' in source
    assert "REQUIRED_ENV" in source and "pytest.skip" in source


def test_conftest_parses() -> None:
    text = render_conftest()
    ast.parse(text)
    assert "executable_path" in text and "--no-sandbox" in text


def test_committed_conftest_is_the_rendered_one() -> None:
    from pathlib import Path

    committed = Path(__file__).resolve().parents[2] / "generated_tests" / "conftest.py"
    assert committed.read_text(encoding="utf-8") == render_conftest()
