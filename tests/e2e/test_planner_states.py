"""Element-state assertions read from English run in Chromium and in the generated test."""

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

FORM = """<!doctype html><html lang="en"><head><title>States</title></head><body><main>
<h1>States</h1>
<button type="button">Save</button> <button type="button" disabled>Publish</button>
<label><input type="checkbox" checked> Releases</label>
<label><input type="checkbox"> News</label>
</main></body></html>"""


@pytest.fixture
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/states"] = FORM
        yield served


async def test_state_assertions_pass_and_the_generated_test_passes(
    site: PageSite, settings: Settings
) -> None:
    body = "\n".join(
        [
            '1. Verify the "Save" button is enabled',
            "2. The Publish button should be disabled",
            '3. Verify the "Releases" checkbox is checked',
            "4. The News checkbox should not be checked",
        ]
    )
    req = Requirement(name="states", body=body, url=site.url + "/states")
    verdict = await run_requirement(req, settings, env={})
    assert verdict.verdict == "PASS", (verdict.root_cause, verdict.explanation)
    generated = Path(verdict.generated_test or "")
    source = "".join(generated.read_text().split())  # ruff may wrap a long call
    assert "to_be_enabled()" in source and "to_be_disabled()" in source
    assert "to_be_checked()" in source and "to_be_checked(checked=False)" in source
    run = run_pytest(generated, cwd=generated.parent)
    assert run.returncode == 0, run.stdout + run.stderr


async def test_a_wrong_state_is_a_fail(site: PageSite, settings: Settings) -> None:
    req = Requirement(
        name="wrong_state", body="Verify the Publish button is enabled", url=site.url + "/states"
    )
    verdict = await run_requirement(req, settings, env={})
    assert verdict.verdict == "FAIL"
    assert verdict.root_cause == "assertion_failed", verdict.explanation
