"""Issue 5b without a browser: which iframe a name means, the frame in the cache key, and the
code generated for frames, tabs, right-clicks, the last of several and negated checks."""

from __future__ import annotations

import ast

import pytest

from backend.agents.pom_builder import cached_target
from backend.browser.frames import choose_frame
from backend.codegen.render import render_test
from backend.codegen.steps import step_code
from backend.models import (
    Fingerprint,
    LocatorCall,
    LocatorSpec,
    Plan,
    SelectorRecord,
    Step,
    Target,
)
from backend.planning.rules import parse_line


def frame(**attrs: str | None) -> dict[str, str | None]:
    return {"title": None, "name": None, "id": None, "aria-label": None, **attrs}


@pytest.mark.parametrize(
    ("frames", "name", "expected"),
    [
        (
            [frame(title="Card details"), frame(title="Ads")],
            "Card details",
            ("title", "Card details"),
        ),
        ([frame(title="Card details")], "card-details", ("title", "Card details")),
        ([frame(name="payment")], "payment", ("name", "payment")),
        ([frame(id="checkout-frame")], "checkout frame", ("id", "checkout-frame")),
        ([frame(**{"aria-label": "Map"})], "map", ("aria-label", "Map")),
        # an exact match beats one that only contains the name
        ([frame(title="Payment form"), frame(title="Payment")], "payment", ("title", "Payment")),
        ([frame(title="Payment form")], "payment", ("title", "Payment form")),
        # a generated id is never used, even when it is the only iframe
        ([frame(id="frame-8f3a9c2e41d7", title="Chat")], "", ("title", "Chat")),
        ([frame(id=":r5:")], ":r5:", None),
        ([frame()], "", ("", "")),
        ([frame(title="A"), frame(title="B")], "", None),
        ([frame(title="Payment form"), frame(title="Payment history")], "payment", None),
        ([frame(title="Ads")], "payment", None),
    ],
)
def test_which_iframe_a_name_means(
    frames: list[dict[str, str | None]], name: str, expected: tuple[str, str] | None
) -> None:
    assert choose_frame(frames, name) == expected


def test_an_element_in_a_frame_and_one_outside_never_share_a_cache_record() -> None:
    step = Step(action="click", target=Target(kind="button", name="Save"))
    inside = (LocatorCall(method="frame_locator", args=("iframe[title='Card details']",)),)
    assert cached_target(step, ()) == "button|save"
    assert cached_target(step, inside) == "button|save|frame=iframe[title='Card details']"


def _record(index: int, spec: LocatorSpec, tag: str = "button") -> SelectorRecord:
    return SelectorRecord(
        key=str(index),
        origin="http://127.0.0.1:1",
        route="/index.html",
        target=str(index),
        selector=spec.expr(),
        locator=spec,
        strategy="role",
        fingerprint=Fingerprint(tag=tag),
    )


def _call(method: str, *args: str | int, **kwargs: str | bool) -> LocatorCall:
    return LocatorCall.model_validate({"method": method, "args": args, "kwargs": kwargs})


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('Verify the heading is not "Log in"', 'not_to_have_text("Log in")'),
        ('Verify the heading does not contain "Log"', 'not_to_contain_text("Log")'),
        ('Verify the Email field is not "x"', 'not_to_have_value("x")'),
        ("Right-click the Notes row", 'click(button="right")'),
    ],
)
def test_element_steps_render_their_check(line: str, code: str) -> None:
    step = parse_line(line)[0]
    spec = LocatorSpec(calls=(_call("get_by_role", "row", name="Notes"),))
    assert code in step_code(step, _record(0, spec), None).lines[0]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('the URL does not contain "/login"', 'not_to_have_url(re.compile(re.escape("/login")))'),
        ('the title is not "Error"', 'expect(page).not_to_have_title("Error")'),
        ('the title does not contain "Err"', 'not_to_have_title(re.compile(re.escape("Err")))'),
        ("Switch to the second tab", "page = page.context.pages[1]"),
        ("Switch to the last tab", "page = page.context.pages[-1]"),
        ("Switch to the new tab", "page = page.context.pages[-1]"),
        (
            'Switch to the tab "Help"',
            'page = next(p for p in page.context.pages if "help" in p.title().lower())',
        ),
    ],
)
def test_page_steps_render_their_check(line: str, code: str) -> None:
    assert step_code(parse_line(line)[0], None, None).lines[0].endswith(code)


def test_nth_minus_one_renders_as_nth_minus_one() -> None:
    spec = LocatorSpec(calls=(_call("get_by_role", "link", name="Edit"), _call("nth", -1)))
    assert spec.expr() == 'page.get_by_role("link", name="Edit").nth(-1)'


def test_a_plan_with_a_frame_and_a_new_tab_renders_plain_playwright() -> None:
    lines = [
        "Go to /index.html",
        'Switch to the frame "Card details"',
        'Verify that text "Card saved" is visible',
        '"Error" is not visible',
        "Switch back to the main page",
        'Verify that text "Page not saved" is visible',
        'Click the "Help centre" link',
        "Switch to the new tab",
        "Switch back to the first tab",
    ]
    steps = [s for line in lines for s in parse_line(line)]
    plan = Plan(requirement="frames", steps=steps, base_url="http://127.0.0.1:1")
    frame_spec = LocatorSpec(calls=(_call("frame_locator", "iframe[title='Card details']"),))
    link = LocatorSpec(calls=(_call("get_by_role", "link", name="Help centre", exact=True),))
    records = {1: _record(1, frame_spec, "iframe"), 6: _record(6, link, "a")}
    code = render_test(plan, records, title="Frames", source="frames.md", formatted=False)
    ast.parse(code)
    frame_expr = "page.frame_locator(\"iframe[title='Card details']\")"
    assert "expect(page.locator(\"iframe[title='Card details']\")).to_be_visible()" in code
    # a text of several words: any whitespace between them (text.contains_pattern)
    text_check = '.get_by_text(re.compile(r"{}")).filter(visible=True).first).to_be_visible()'
    assert f"expect({frame_expr}" + text_check.format(r"Card\s+saved") in code
    assert f'expect({frame_expr}.get_by_text("Error", exact=True)).to_be_hidden()' in code
    # back on the page: the next text check looks at the page's own body
    assert "expect(page" + text_check.format(r"Page\s+not\s+saved") in code
    assert (
        "    with page.context.expect_page() as new_tab:\n"
        '        page.get_by_role("link", name="Help centre", exact=True).click()\n'
    ) in code
    assert "page = new_tab.value\n    page.wait_for_load_state()" in code
    assert "page = page.context.pages[0]\n    page.bring_to_front()" in code
