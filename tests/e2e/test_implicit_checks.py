"""The Oracle's implicit checks on a real page: what each step is checked for, and that a step
that only looks asks the page nothing (healing/checks.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.healing.checks import implicit_checks
from backend.models import (
    SelectorRecord,
    Step,
    StepResult,
    Target,
)
from backend.secrets import Redactor
from tests.helpers.pages import PageSite, serve_pages
from tests.helpers.records import make_record

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><title>Form</title>
<input aria-label="Name"><input aria-label="Code" oninput="this.value = ''">
<div role="alert">Saved for Ada</div>"""


@pytest.fixture
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/form"] = PAGE
        yield served


def _field(name: str) -> SelectorRecord:
    return make_record(key=name, name=name, role="textbox", tag="input", route="/form")


async def _checks(
    session, step: Step, record: SelectorRecord | None, settled: list[str] | None = None
) -> tuple[dict[str, str], str | None]:  # type: ignore[no-untyped-def]
    result = StepResult(index=0, step=step, status="passed")
    checks, problem = await implicit_checks(
        session, {}, Redactor(), result, record, session.page.url, 0, settled
    )
    return {c.check: f"{c.result} {c.detail}".strip() for c in checks}, problem


async def test_a_fill_is_checked_for_its_value_and_the_alerts_it_left(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(site.url + "/form")
    await page.get_by_label("Name").fill("Ada")
    step = Step(action="fill", target=Target(kind="textbox", name="Name"), value="Ada")
    checks, problem = await _checks(browser_session, step, _field("Name"))
    assert problem is None
    assert checks == {
        "field keeps the value": "pass",
        "no uncaught page error": "pass",
        "no alert shown": "warn Saved for Ada",
    }


async def test_the_alerts_settle_read_stand_in_for_the_query(
    browser_session, site: PageSite
) -> None:  # type: ignore[no-untyped-def]
    # A click that settled read the alerts with its busy check: the Oracle asks the page no
    # more (the page still shows its alert: the answer given is the one recorded, redacted).
    page = browser_session.page
    await page.goto(site.url + "/form")
    step = Step(action="click", target=Target(kind="button", name="Save"))
    for settled, shown in (([], "pass"), (["Saved for Ada", "x"], "warn Saved for Ada; x")):
        checks, problem = await _checks(browser_session, step, None, settled)
        assert problem is None and checks["no alert shown"] == shown
    checks, _ = await _checks(browser_session, step, None, None)  # not read: the page is asked
    assert checks["no alert shown"] == "warn Saved for Ada"


async def test_a_field_that_drops_the_value_fails_the_step(browser_session, site: PageSite) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(site.url + "/form")
    await page.get_by_label("Code").fill("1234")
    step = Step(action="fill", target=Target(kind="textbox", name="Code"), value="1234")
    checks, problem = await _checks(browser_session, step, _field("Code"))
    assert problem == "the field did not keep the value that was filled in"
    assert checks["field keeps the value"] == "fail" and checks["no alert shown"].startswith("warn")


@pytest.mark.parametrize(
    "step",
    [
        Step(action="assert_text", value="Saved for Ada"),
        Step(action="assert_title", value="Form"),
        Step(action="accept_dialog"),
    ],
    ids=lambda s: s.action,
)
async def test_a_step_that_only_looks_reads_no_alerts(
    browser_session, site: PageSite, step: Step
) -> None:  # type: ignore[no-untyped-def]
    page = browser_session.page
    await page.goto(site.url + "/form")
    checks, problem = await _checks(browser_session, step, None)
    assert problem is None and checks == {"no uncaught page error": "pass"}
