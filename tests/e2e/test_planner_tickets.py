"""Tickets and Gherkin read by the issue-12 planner run in Chromium and in the generated test:
named pages (front matter `pages:`), a value with no field named, list entries, the N-th entry
as context, an entry found by its text, a lenient check, ordered items."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.models import Requirement
from backend.runner import run_requirement
from backend.settings import Settings
from tests.helpers.cli import run_pytest
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

TODOS = """<!doctype html><html lang="en"><head><title>Todos</title></head><body><main>
<h1>Todos</h1>
<input aria-label="New todo" autofocus
  onkeydown="if (event.key === 'Enter') { add(this.value); this.value = ''; }">
<input aria-label="Filter"> <!-- two text fields: "add" types into the focused one -->
<ul aria-label="Todos"></ul>
<p id="status"></p>
<div id="links"><a href="/about">About</a></div>
</main><script>
function add(text) {
  const li = document.createElement('li');
  li.innerHTML = '<input type="checkbox" aria-label="Done"> <span></span> ' +
    '<button type="button">Delete</button>';
  li.querySelector('span').textContent = text;
  li.querySelector('button').onclick = () => {
    li.remove(); document.getElementById('status').textContent = 'Removed ' + text;
  };
  document.querySelector('ul').appendChild(li);
}
</script></body></html>"""
GUESTS = """<!doctype html><html lang="en"><head><title>Guests</title></head><body><main>
<nav><ul><li>Tom Berg's profile</li></ul></nav>
<table><tr><th>Name</th><th>City</th></tr><tr><td>Ana Silva</td><td>Oslo</td></tr>
<tr><td>Jan Novak</td><td>Brno</td></tr><tr><td>Tom Berg</td><td>Bergen</td></tr></table>
</main></body></html>"""
ABOUT = "<!doctype html><html lang='en'><head><title>About</title></head><body><h1>About</h1>"


@pytest.fixture
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/todos"] = TODOS
        served.pages["/about"] = ABOUT
        served.pages["/guests"] = GUESTS
        yield served


async def test_a_gherkin_ticket_runs_and_its_generated_test_passes(
    site: PageSite, settings: Settings
) -> None:
    body = "\n".join(
        [
            "Given the following user record",  # scene-setting: no step
            "When I go to the todos page",
            'And I add a todo "Buy milk"',
            'And I add a todo "Walk dog"',
            'And I add a todo "Pay rent"',
            'Then the Todos list shows exactly three items: "Buy milk Delete", '
            '"Walk dog Delete", "Pay rent Delete"',
            'And "Buy milk" comes before "Pay rent" in the list',
            'And the second item says "Walk dog"',
            'Then the checkbox next to "Walk dog" is not checked',
            'When I tick the checkbox next to "Walk dog"',
            'Then the toggle beside "Walk dog" is on',
            "When I click the Delete button of the third item",
            'And I delete the todo "Buy milk"',
            'Then the notice "Removed Buy milk" should pop up',
            'And I should not see "Pay rent"',
            'When I follow "About" within "#links"',
            "Then I should be on the about page",
        ]
    )
    req = Requirement(
        name="todo_ticket",
        body=body,
        url=site.url + "/todos",
        meta={"pages": {"todos": "/todos", "about": "/about"}},
    )
    verdict = await run_requirement(req, settings, env={})
    assert verdict.verdict == "PASS", (verdict.root_cause, verdict.explanation)
    generated = Path(verdict.generated_test or "")
    source = "".join(generated.read_text().split())
    assert 'get_by_role("listitem")).to_have_text([' in source
    assert '.or_(page.get_by_role("row"))).to_contain_text(["Buymilk","Payrent"])' in source
    run = run_pytest(generated, cwd=generated.parent)
    assert run.returncode == 0, run.stdout + run.stderr


async def test_entries_in_the_wrong_order_are_a_fail_that_names_the_order(
    site: PageSite, settings: Settings
) -> None:
    body = "\n".join(
        [
            'Add "Buy milk" to my todo list',
            'Add "Walk dog" to my todo list',
            '"Buy milk" comes before "Walk dog"',
            '"Buy milk" comes after "Walk dog"',
        ]
    )
    req = Requirement(name="todo_order", body=body, url=site.url + "/todos")
    verdict = await run_requirement(req, settings.model_copy(update={"step_timeout_s": 2}), env={})
    assert verdict.verdict == "FAIL", (verdict.root_cause, verdict.explanation)
    done = [s for s in verdict.steps if s.status == "passed"]
    assert len(done) == 6  # the page, two adds (a fill and Enter each), the first order check
    failed = next(s for s in verdict.steps if s.status != "passed")
    assert failed.step.action == "assert_order" and failed.step.value == "Walk dog|Buy milk"
    assert "['Walk dog', 'Buy milk']" in (failed.error or ""), failed.error


async def test_an_order_with_no_list_named_reads_a_tables_rows(
    site: PageSite, settings: Settings
) -> None:
    """An ordered result shown as a table: the rows, in order (the menu's entry that names
    Tom first stands before the table and is an entry too: a subset in order still passes)."""
    body = '"Ana Silva" comes before "Tom Berg"\nThen "Jan Novak" is listed after "Ana Silva"'
    req = Requirement(name="guest_order", body=body, url=site.url + "/guests")
    verdict = await run_requirement(req, settings, env={})
    assert verdict.verdict == "PASS", (verdict.root_cause, verdict.explanation)
    generated = Path(verdict.generated_test or "")
    run = run_pytest(generated, cwd=generated.parent)
    assert run.returncode == 0, run.stdout + run.stderr
    backwards = Requirement(
        name="guest_order_back",
        body='"Tom Berg" comes after "Jan Novak"\n"Ana Silva" comes after "Jan Novak"',
        url=site.url + "/guests",
    )
    quick = settings.model_copy(update={"step_timeout_s": 2})
    failed = await run_requirement(backwards, quick, env={})
    assert failed.verdict == "FAIL" and failed.failing_step == 3, failed.failing_step


async def test_a_page_named_without_a_url_is_a_planning_error(
    site: PageSite, settings: Settings
) -> None:
    req = Requirement(name="no_map", body="Go to the billing page", url=site.url + "/todos")
    verdict = await run_requirement(req, settings, env={})
    assert verdict.verdict == "ERROR" and verdict.root_cause == "planning_error"
    assert "pages:" in (verdict.explanation or "")
