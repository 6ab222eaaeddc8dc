"""Every root cause of the fixed list (DESIGN §6), each produced by a real run in Chromium."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.models import Verdict
from backend.planning.loader import load_requirement, parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from tests.fixtures.drift.site import DriftSite, serve_drift
from tests.helpers.pages import PageSite, serve_pages

pytestmark = pytest.mark.e2e

REQS = Path(__file__).resolve().parents[1] / "fixtures" / "drift" / "requirements"

PAGE = """<!doctype html><html lang="en"><body><main><h1>Contacts</h1>
<button id="a">New</button> <button id="b">New</button>
<button id="late" disabled>Save</button>
</main></body></html>"""


@pytest.fixture(scope="module")
def drift() -> Iterator[DriftSite]:
    with serve_drift() as site:
        yield site


@pytest.fixture(scope="module")
def site() -> Iterator[PageSite]:
    with serve_pages() as served:
        served.pages["/contacts"] = PAGE
        yield served


@pytest.fixture
def quick(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"step_timeout_s": 1.5, "heal_retry_timeout_s": 0.5, "max_heal_rounds": 1}
    )


def adhoc(text: str, name: str) -> object:
    return parse_requirement(text, name=name)


def caused(verdict: Verdict, kind: str, cause: str) -> None:
    assert (verdict.verdict, verdict.root_cause) == (kind, cause), verdict.explanation
    # Planner errors carry their own next step ("Export it ... and run again").
    assert "Next:" in verdict.explanation or cause in ("planning_error", "environment_error")
    assert not any(s.healed for s in verdict.steps)


async def test_selector_not_found(quick: Settings, drift: DriftSite) -> None:
    req = load_requirement(REQS / "drift_search.md")
    caused(await run_requirement(req, quick, url=drift.page("3")), "FAIL", "selector_not_found")


async def test_drift_unhealed_against_assertion_failed(quick: Settings, drift: DriftSite) -> None:
    search = load_requirement(REQS / "drift_search.md")
    subscribe = load_requirement(REQS / "drift_subscribe.md")
    for req in (search, subscribe):
        assert (await run_requirement(req, quick, url=drift.page("1"))).verdict == "PASS"
    caused(await run_requirement(search, quick, url=drift.page("3")), "FAIL", "drift_unhealed")
    caused(await run_requirement(subscribe, quick, url=drift.page("3")), "FAIL", "assertion_failed")


async def test_ambiguous_target(quick: Settings, site: PageSite) -> None:
    req = adhoc('1. Click the "New" button\n', "ambiguous")
    verdict = await run_requirement(req, quick, url=site.url + "/contacts")  # type: ignore[arg-type]
    caused(verdict, "ERROR", "ambiguous_target")
    assert len(verdict.evidence["candidates"]) == 2


async def test_timeout(quick: Settings, site: PageSite) -> None:
    req = adhoc('1. Click the "Save" button\n', "disabled")
    verdict = await run_requirement(req, quick, url=site.url + "/contacts")  # type: ignore[arg-type]
    caused(verdict, "FAIL", "timeout")
    # discovery found the button and waited for it to become enabled: nothing left to heal
    assert "stayed disabled" in verdict.explanation
    assert verdict.steps[-1].heal_rounds == 0


async def test_navigation_error(quick: Settings) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens
    req = adhoc('1. Verify the text "Hello" is shown\n', "unreachable")
    url = f"http://127.0.0.1:{port}/"
    caused(await run_requirement(req, quick, url=url), "ERROR", "navigation_error")  # type: ignore[arg-type]


async def test_planning_error(quick: Settings, site: PageSite) -> None:
    req = adhoc("blorp the frobnicator quickly\n", "gibberish")
    verdict = await run_requirement(req, quick, url=site.url + "/contacts")  # type: ignore[arg-type]
    caused(verdict, "ERROR", "planning_error")


async def test_environment_error(quick: Settings, site: PageSite) -> None:
    req = adhoc('1. Fill the "Name" field with "${PACTS_UNSET_SECRET}"\n', "no_env")
    verdict = await run_requirement(req, quick, url=site.url + "/contacts", env={})  # type: ignore[arg-type]
    caused(verdict, "ERROR", "environment_error")
    assert "PACTS_UNSET_SECRET" in verdict.explanation
