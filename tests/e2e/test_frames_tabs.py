"""Issue 5b through the real pipeline: a requirement that switches into an iframe and back,
right-clicks a row, clicks the last of several links, opens a second tab and switches to it,
and checks negated headings, URLs and titles; cold, then warm from the cache, then its
generated test under a real pytest subprocess (inline locators and page objects)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.cli import cold_then_warm, pacts, run_pytest
from tests.helpers.pages import serve_directory

pytestmark = pytest.mark.e2e
SITE = Path(__file__).resolve().parents[1] / "fixtures" / "frames_tabs"
REQ = SITE / "requirements" / "frames_tabs.md"
FRAME = "frame_locator(\"iframe[title='Card details']\")"


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_directory(SITE) as url:
        yield url


def _run_generated(path: Path, site: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_pytest(path, "--base-url", site, cwd=cwd)


def _steps(verdict: dict) -> dict[str, dict]:
    return {s["step"]["source"]: s for s in verdict["steps"]}


def test_frames_and_tabs_pass_cold_then_warm_and_the_generated_test_passes(
    site: str, tmp_path: Path
) -> None:
    url = site + "/index.html"
    cold, _ = cold_then_warm(REQ, url, tmp_path)
    steps = _steps(cold)
    # the element steps inside the frame were discovered there, not on the page (which has
    # a Save button of its own, left unclicked: "Page not saved" is checked later)
    assert steps['Switch to the frame "Card details"']["selector"] == "page." + FRAME
    assert steps["Press Save"]["selector"].startswith("page." + FRAME + ".get_by_role")
    assert steps['Fill "Name on card" with "Ada Lovelace"']["selector"].startswith("page." + FRAME)
    assert steps["Click the last Edit link"]["selector"].endswith(".nth(-1)")
    assert steps["Right-click the Globex row"]["step"]["action"] == "right_click"

    generated = tmp_path / "generated_tests" / "test_frames_tabs.py"
    code = generated.read_text()
    assert "with page.context.expect_page() as new_tab:" in code
    assert "page = new_tab.value" in code
    assert "page = page.context.pages[0]" in code
    assert 'click(button="right")' in code
    assert ".nth(-1).click()" in code
    assert 'not_to_have_text("Log in")' in code
    assert 'not_to_have_url(re.compile(re.escape("/login")))' in code
    assert 'not_to_have_title("Orders")' in code
    flat = "".join(code.split())  # ruff wraps long calls
    # a text check while in the frame looks at the frame's document
    assert "".join(FRAME.split()) + '.get_by_text(re.compile(r"Card\\s+saved\\s+for' in flat
    test = _run_generated(generated, site, tmp_path)
    assert test.returncode == 0, test.stdout + test.stderr


def test_frames_and_tabs_with_page_objects(site: str, tmp_path: Path) -> None:
    url = site + "/index.html"
    result = pacts("test", "--req", str(REQ), "--url", url, "--pom", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    generated = tmp_path / "generated_tests" / "test_frames_tabs.py"
    code = generated.read_text()
    # the page objects are made again for the tab the test switched to
    assert code.count("IndexHtmlPage(page)") == 3
    assert "last_edit_link" in code
    test = _run_generated(generated, site, tmp_path)
    assert test.returncode == 0, test.stdout + test.stderr


def test_a_frame_that_is_not_there_fails_with_the_frames_it_saw(site: str, tmp_path: Path) -> None:
    text = 'Switch to the frame "Shipping"'
    # about the cause and the frames listed, not the evidence: no traced re-run (~5 s more)
    no_rerun = {"PACTS_TRACE": "retain-on-failure"}
    result = pacts(
        "test", "--text", text, "--url", site + "/index.html", "--json", cwd=tmp_path, env=no_rerun
    )
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] != "PASS" and verdict["retry"] is None
    assert verdict["root_cause"] == "selector_not_found"
    failing = verdict["steps"][-1]
    assert "Shipping" in failing["error"]
    assert any("Card details" in c for c in failing["candidates"])
