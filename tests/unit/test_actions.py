"""The ActionSpec table: every entry is well formed, renders to Python, and runs through the
interpreter that executes it (tests/e2e/test_action_table.py runs them all in Chromium)."""

from __future__ import annotations

import ast
import string
from typing import Any

import pytest

from backend.actions import ACTIONS, ALIASES, SELECT_CUSTOM, SELECT_NATIVE, check_words, count_of
from backend.browser.perform import run_code
from backend.codegen.steps import step_code
from backend.models import (
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    SelectorRecord,
    Step,
    Target,
)

HOLES = {
    "contains", "loc", "root", "value", "count", "pattern", "url", "ms", "to", "text_check",
    "items", "accept", "dismiss",
}  # fmt: skip
SPEC = LocatorSpec(calls=(LocatorCall(method="get_by_label", args=("Name",)),))


def record(tag: str = "input") -> SelectorRecord:
    return SelectorRecord(
        key="k",
        origin="http://h",
        route="/",
        target="any|name",
        selector=SPEC.expr(),
        locator=SPEC,
        strategy="label",
        fingerprint=Fingerprint(tag=tag),
    )


def all_code() -> list[str]:
    lines: list[str] = [*SELECT_NATIVE, *SELECT_CUSTOM]
    for spec in ACTIONS.values():
        lines += [*spec.code, *spec.page_code]
    return lines


@pytest.mark.parametrize("line", all_code())
def test_every_code_line_uses_known_holes_and_is_one_python_expression(line: str) -> None:
    holes = {name for _, name, _, _ in string.Formatter().parse(line) if name}
    assert holes <= HOLES
    filled = line.format(**{h: "x" for h in HOLES} | check_words(None))
    assert isinstance(ast.parse(filled, mode="eval").body, ast.Call)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_is_declared_consistently(name: str) -> None:
    spec = ACTIONS[name]
    assert spec.name == name
    assert spec.code or spec.special, "an action needs code or a special handler"
    assert bool(spec.page_code) == (spec.element == "optional")
    if spec.element == "none":
        assert not spec.roles and not spec.enabled and not spec.field
    # a step that only looks (no alerts read after it) can neither navigate nor fill
    if spec.looks_only:
        assert not (spec.navigates or spec.new_document or spec.keeps_value or spec.opens_tab)
    assert spec.looks_only == (name.startswith("assert_") or name.endswith("_dialog"))


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_renders_to_python(name: str) -> None:
    spec = ACTIONS[name]
    target = None if spec.element == "none" else Target(kind="textbox", name="Name")
    value = {"wait": "0.5", "assert_count": "3", "switch_tab": "new"}.get(name, "x")
    if name == "switch_frame":
        target, value = Target(name="Pay"), ""
    step = Step(action=name, target=target, value=value or None)
    rec = record("select") if name == "select" else record()
    if name == "switch_frame":
        frame = LocatorSpec(calls=(LocatorCall(method="frame_locator", args=("#pay",)),))
        rec = rec.model_copy(update={"locator": frame})
    code = step_code(
        step, rec if spec.element != "none" or name == "switch_frame" else None, "http://h"
    )
    assert code.lines or name == "switch_frame"
    for line in code.lines:
        ast.parse(line.removeprefix("with ").rstrip(":"))


def test_type_is_read_as_fill() -> None:
    assert ALIASES["type"] == "fill"
    assert Step(action="type", target=Target(name="Name"), value="x").action == "fill"
    with pytest.raises(ValueError, match="unknown action 'tap'"):
        Step(action="tap")


class Recorder:
    """Stands in for Playwright objects: records calls, returns itself (sync or async)."""

    def __init__(self, log: list[str], name: str) -> None:
        self.log, self.name = log, name

    def __getattr__(self, attr: str) -> Recorder:
        return Recorder(self.log, f"{self.name}.{attr}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.log.append(f"{self.name}{args}{sorted(kwargs.items())}")

        async def done() -> Recorder:
            return self

        return done() if self.name.endswith(("click", "fill")) else self


async def test_the_interpreter_runs_calls_and_adds_the_timeout_to_expect() -> None:
    log: list[str] = []
    names = {n: Recorder(log, n) for n in ("page", "loc", "expect")} | {"value": "Ada"}
    await run_code(("{loc}.fill({value})",), names, None, 1234)
    await run_code(("expect({loc}).{to}{text_check}({value})",), names, "not_equals", 1234)
    assert log[0] == "loc.fill('Ada',)[]"
    assert log[-1] == "expect.not_to_have_text('Ada',)[('timeout', 1234)]"


@pytest.mark.parametrize("line", ["loc[0]", "value + value", "(lambda: 1)()", "__import__('os')"])
async def test_the_interpreter_refuses_anything_but_names_calls_and_constants(line: str) -> None:
    names: dict[str, Any] = {"loc": [1], "value": "x"}
    with pytest.raises((ValueError, KeyError)):
        await run_code((line,), names, None, 1)


@pytest.mark.parametrize(
    ("value", "count"),
    [("3", 3), (" 12 ", 12), ("-1", -1), ("²", 0), ("٣", 0), ("3.5", 0), ("", 0)],
)
def test_a_count_is_read_from_ascii_digits_only(value: str, count: int) -> None:
    # "²".isdigit() is true and int("²") raises: Hypothesis found it in step_code (CI, stop 19)
    assert count_of(value) == count
    step = Step(action="assert_count", target=Target(kind="listitem", name=""), value=value)
    lines = step_code(step, None, None, locator="page.locator('li')").lines
    assert f"to_have_count({count})" in "\n".join(lines)


@pytest.mark.parametrize(
    ("tag", "role", "ancestors", "call"),
    [
        ("span", "", ["span", "span", "li"], "dblclick"),  # a file browser entry's name
        ("li", "listitem", ["ul"], "dblclick"),
        ("div", "treeitem", ["div"], "dblclick"),
        ("a", "link", ["li", "ul"], "click"),  # a link in a list opens on one click
        ("button", "button", ["div"], "click"),
        ("span", "", ["div", "div", "body"], "click"),  # plain text in no list entry
    ],
)
def test_open_double_clicks_an_entry_a_click_only_selects(
    tag: str, role: str, ancestors: list[str], call: str
) -> None:
    step = Step(action="open", target=Target(name="reports folder"))
    found = record(tag).model_copy(
        update={"fingerprint": Fingerprint(tag=tag, role=role, ancestors=ancestors)}
    )
    assert step_code(step, found, "http://h").lines == [f'page.get_by_label("Name").{call}()']
