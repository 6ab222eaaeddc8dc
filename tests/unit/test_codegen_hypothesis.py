"""No requirement text can break a generated file: 500+ hypothesis examples per property."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.codegen.render import page_objects, render_test, write_generated
from backend.models import (
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    Plan,
    SelectorRecord,
    Step,
    Target,
)

#: Fragments that have broken code generators: quotes, escapes, template and ${} syntax, code.
HOSTILE = st.sampled_from(
    [
        '"',
        "'",
        '"""',
        "'''",
        "\\",
        "\n",
        "\r\n",
        "\x00",
        "\u2028",
        "{{ x }}",
        "{% if %}",
        "${",
        "${HOME}",
        "}",
        "__import__('os').system('id')",
        "\"); import os; os.system('id'); (\"",
        "#",
        "\ud800",
        "\U0001f600",
        "caf\u00e9",
        "../../etc/passwd",
        "..\\..\\x",
        "/",
    ]
)
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=6).map("".join)
ALLOWED_IMPORTS = {"__future__", "os", "re", "pytest", "playwright.sync_api"}
EXAMPLES = settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PAGES = "pages.site_127_0_0_1"
_VAR = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")


def record(index: int, name: str, context: str) -> SelectorRecord:
    calls = (
        LocatorCall(method="get_by_role", args=("region",), kwargs={"name": context}),
        LocatorCall(method="get_by_role", args=("button",), kwargs={"name": name, "exact": True}),
    )
    spec = LocatorSpec(calls=calls)
    return SelectorRecord(
        key=f"k{index}",
        origin="http://127.0.0.1:8000",
        route="/p/" + str(index),
        target="t",
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=Fingerprint(tag="button", name=name),
    )


def build(
    name: str, value: str, target: str, context: str
) -> tuple[Plan, dict[int, SelectorRecord]]:
    steps = [
        Step(action="navigate", value="http://127.0.0.1:8000/" + value, source=value),
        Step(action="fill", target=Target(kind="textbox", name=target), value=value, source=value),
        Step(
            action="click",
            target=Target(kind="button", name=target, context=context),
            source=target,
        ),
        Step(action="assert_text", value=value, expect="contains", source=value),
        Step(action="assert_url", value=value, expect="equals", source=name),
    ]
    records = {1: record(1, target, context), 2: record(2, target, context)}
    return Plan(requirement=name, steps=steps, base_url="http://127.0.0.1:8000"), records


def imports_of(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
    return found


def call_args(tree: ast.Module, method: str) -> list[ast.expr]:
    return [
        node.args[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
        and node.args
    ]


def kwarg_values(tree: ast.Module, key: str) -> list[object]:
    return [
        ast.literal_eval(kw.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == key
    ]


def check_rendered(
    name: str, value: str, target: str, context: str, title: str, source: str, formatted: bool
) -> None:
    plan, records = build(name, value, target, context)
    text = render_test(plan, records, title=title, source=source, formatted=formatted)
    text.encode("utf-8")  # writable as a source file
    tree = ast.parse(text)
    assert imports_of(tree) <= ALLOWED_IMPORTS
    # the element names come back exactly when the literals are evaluated
    assert kwarg_values(tree, "name").count(target) >= 2
    assert context in kwarg_values(tree, "name")
    if not _VAR.search(value):  # ${VAR} values are read from os.environ instead
        assert value in [ast.literal_eval(a) for a in call_args(tree, "fill")]
        # an element's text check has the value; a page-level one re.escape(value) (one word)
        # or get_by_text(re.compile(pattern)), a pattern that finds the value
        checked = call_args(tree, "to_contain_text") + call_args(tree, "escape")
        checked = [ast.literal_eval(a) for a in checked]
        patterns = [a for a in call_args(tree, "compile") if isinstance(a, ast.Constant)]
        assert value in checked or any(re.search(ast.literal_eval(a), value) for a in patterns)
    else:
        assert "os.environ[" in text
    # only one test function, whatever the name: nothing was injected as code
    functions = [n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    assert len(functions) == 1 and re.fullmatch(r"test_[a-z0-9_]+", functions[0])


@EXAMPLES
@given(name=TEXT, value=TEXT, target=TEXT, context=TEXT, title=TEXT, source=TEXT)
def test_any_text_renders_a_file_that_parses_keeps_values_and_imports_nothing_new(
    name: str, value: str, target: str, context: str, title: str, source: str
) -> None:
    check_rendered(name, value, target, context, title, source, formatted=False)


@settings(max_examples=40, deadline=None)
@given(name=TEXT, value=TEXT, target=TEXT, context=TEXT, title=TEXT, source=TEXT)
def test_the_same_holds_after_ruff_formats_the_file(
    name: str, value: str, target: str, context: str, title: str, source: str
) -> None:
    # ruff runs as a subprocess per file (~0.1 s): fewer examples, the same checks
    check_rendered(name, value, target, context, title, source, formatted=True)


@EXAMPLES
@given(name=TEXT, value=TEXT, target=TEXT, context=TEXT)
def test_any_name_writes_only_inside_generated_tests(
    name: str, value: str, target: str, context: str, tmp_path_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # formatting is checked above and in tests/e2e/test_generated_tests.py; here, the paths
    for module in ("backend.codegen.render", "backend.codegen.pom"):
        monkeypatch.setattr(f"{module}.format_source", lambda text, filename, cache_dir=None: text)
    root = tmp_path_factory.mktemp("gen")
    out = root / "generated_tests"
    plan, records = build(name, value, target, context)
    path = write_generated(out, plan, records, title=name, source=name, pom=True)
    assert path.parent == out and re.fullmatch(r"test_[a-z0-9_]+\.py", path.name)
    written = [p for p in root.rglob("*") if p.is_file()]
    assert all(out in p.parents for p in written)
    for file in written:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        modules = imports_of(tree)
        allowed = (
            {"shutil", "json", "inspect", "dotenv"}  # dotenv: the .env PACTS read
            if file.name == "conftest.py"
            else {f"{PAGES}.p_1", f"{PAGES}.p_2"}
        )
        assert modules <= ALLOWED_IMPORTS | allowed
        assert all(Path(m.replace(".", "/")).parts[0] != ".." for m in modules)


@EXAMPLES
@given(target=TEXT, context=TEXT)
def test_page_object_properties_are_identifiers_and_keep_the_locator(
    target: str, context: str
) -> None:
    plan, records = build("req", "v", target, context)
    objects, expressions = page_objects(plan, records)
    for obj in objects:
        for prop, expr in obj.properties.items():
            assert prop.isidentifier() and not prop.startswith("_")
            call = ast.parse(expr, mode="eval").body
            assert isinstance(call, ast.Call)
            assert ast.literal_eval(call.keywords[0].value) == target
    assert set(expressions) == {1, 2}
