"""Discovery on a real Datasette table page (PyPI's Datasette 0.65): "next to X" where X is
loose text beside a link (no row, list item or label holds both), a row that holds the text
winning over an element that only has it as its on-screen neighbour, and text checks on the
page's own summaries, in the run and in the generated test (issue 13)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend.browser.perform import perform
from backend.codegen.render import render_conftest, render_test
from backend.discovery.engine import DiscoveryFailed, discover
from backend.models import Plan, Step, Target
from tests.helpers.cli import run_pytest
from tests.realworld.apps import datasette

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    datasette.install()
    yield datasette.start()
    datasette.stop()


async def test_a_link_next_to_loose_text_in_a_paragraph(browser_session: Any, site: str) -> None:
    page = browser_session.page
    await page.goto(site + "/library/authors")
    # <p class="export-links">This data as <a>json</a>, <a>CSV</a> ...: no row, no label
    found = await discover(page, Target(kind="link", name="json", near="This data as"), "click", 5)
    assert await found.locator.resolve(page).get_attribute("href") == "/library/authors.json"
    # The same link is not "next to" a name in the table far below it
    with pytest.raises(DiscoveryFailed) as failed:
        await discover(page, Target(kind="link", name="json", near="Chinua Achebe"), "click", 1)
    assert failed.value.kind == "selector_not_found"


async def test_the_row_that_holds_the_text_wins_over_a_neighbour(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/library/authors")
    # Sorted by name, "Chinua Achebe" is the first row: the "name" column heading is just above
    # it (its neighbour), but the link in the row for that author is the row's own id link.
    found = await discover(page, Target(kind="link", near="Chinua Achebe"), "click", 5)
    loc = found.locator.resolve(page)
    row = await loc.evaluate("e => e.closest('tr') && e.closest('tr').innerText")
    assert row is not None and "Chinua Achebe" in row
    assert await loc.evaluate("e => e.closest('td') !== null")


async def test_a_facet_box_is_named_by_its_id_and_a_link_list_by_its_label(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/library/books")
    # <div class="facet-info" id="facet-genre">: no role, no heading; "the genre facet"
    found = await discover(page, Target(name="Science fiction", context="genre"), "click", 5)
    href = await found.locator.resolve(page).get_attribute("href")
    assert href is not None and href.endswith("?genre=Science+fiction")
    with pytest.raises(DiscoveryFailed) as failed:  # no such link in the language facet
        await discover(page, Target(name="Science fiction", context="language"), "click", 1)
    assert failed.value.kind == "selector_not_found"
    # <p>Suggested facets: <a>author_id</a>, <a>year</a>, <a>available</a></p>: the column
    # heading "available" (a sort link) is not in it
    found = await discover(page, Target(name="available", context="Suggested facets"), "click", 5)
    href = await found.locator.resolve(page).get_attribute("href")
    assert href is not None and "_facet=available" in href
    await found.locator.resolve(page).click()
    await page.wait_for_url("**_facet=available**")
    found = await discover(page, Target(name="0", context="available"), "click", 5)
    href = await found.locator.resolve(page).get_attribute("href")
    assert href is not None and href.endswith("available=0")


async def test_a_list_with_no_readable_name_is_the_one_offering_the_option(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/library/books")
    # <select name="_filter_op">: "the operator dropdown" is the one list that offers ">"
    target = Target(kind="combobox", name="operator")
    found = await discover(page, target, "select", 5, value=">")
    assert await found.locator.resolve(page).get_attribute("name") == "_filter_op"
    assert "offering" in found.note
    with pytest.raises(DiscoveryFailed):  # no list offers it: still not found
        await discover(page, target, "select", 1, value="approximately")
    with pytest.raises(DiscoveryFailed):  # and without the value, there is no guess
        await discover(page, target, "select", 1)


async def test_fill_types_into_the_codemirror_editor_that_hides_the_sql_textarea(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/library?sql=select+1")
    # <textarea id="sql-editor" name="sql" style="display: none"> + <div class="CodeMirror">
    found = await discover(page, Target(name="SQL"), "fill", 5)
    assert found.strategy.startswith("editor_")
    editor = found.locator.resolve(page)
    assert "CodeMirror" in (await editor.get_attribute("class") or "")
    sql = "select title from books where year < 1816"
    step = Step(action="fill", target=Target(name="SQL"), value=sql)
    await perform(page, step, editor, sql, found.fingerprint, 5.0)
    assert await page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()") == sql
    await page.get_by_role("button", name="Run SQL").click()
    await page.get_by_text("Pride and Prejudice").wait_for()
    assert await page.get_by_text("Persuasion").count() == 0


async def test_a_text_check_reads_the_quotes_the_page_puts_around_a_value(
    browser_session: Any, site: str
) -> None:
    page = browser_session.page
    await page.goto(site + "/library/authors?country=United+States")
    # the page: 3 rows where country = "United States" sorted by name
    check = Step(action="assert_text", value="3 rows where country = United States")
    await perform(page, check, None, check.value, None, 5.0)
    wrong = Step(action="assert_text", value="3 rows where country = Canada")
    with pytest.raises(AssertionError):
        await perform(page, wrong, None, wrong.value, None, 1.0)


async def test_a_text_check_reads_a_line_break_between_words_as_a_space(
    browser_session: Any, site: str, tmp_path: Path
) -> None:
    page = browser_session.page
    await page.goto(site + "/library/books?_sort=pages")
    # <h3>20 rows\n        sorted by pages\n    </h3>: a regex is tested on that raw text
    said = "20 rows sorted by pages"
    assert await page.get_by_text(re.compile(re.escape(said))).count() == 0
    check = Step(action="assert_text", value=said)
    await perform(page, check, None, said, None, 5.0)
    wrong = Step(action="assert_text", value="20 rows sorted by title")
    with pytest.raises(AssertionError):
        await perform(page, wrong, None, wrong.value, None, 1.0)
    # the generated test makes the same check, under a real pytest
    (tmp_path / "conftest.py").write_text(render_conftest(), encoding="utf-8")
    for name, text, code in (("right", said, 0), ("wrong", "20 rows sorted by title", 1)):
        steps = [Step(action="navigate", value=site + "/library/books?_sort=pages")]
        steps.append(Step(action="assert_text", value=text, expect="contains"))
        plan = Plan(requirement=name, base_url=site, steps=steps)
        path = tmp_path / f"test_{name}.py"
        path.write_text(render_test(plan, {}, title=name, source=name), encoding="utf-8")
        run = run_pytest(path, cwd=tmp_path, env=dict(os.environ))
        assert run.returncode == code, run.stdout[-2000:] + run.stderr[-2000:]
