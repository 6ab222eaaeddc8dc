"""Issue 14 through real runs: masked screenshots, faults that end as verdicts, refused input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from backend.models import Verdict
from backend.planning.loader import parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from tests.helpers.cli import pacts
from tests.helpers.images import magenta_pixels, png_uri
from tests.helpers.pages import serve, serve_pages
from tests.helpers.secret_site import PASSWORD, EchoSite

pytestmark = pytest.mark.e2e

LOGIN = """\
# Masked login
1. Go to /reset/abc
2. Fill "Username" with "alice"
3. Fill "Password" with ${USER_PASSWORD}
4. Click the "Sign in" button
5. Verify the page heading is "Welcome"
"""


async def test_a_field_that_received_a_secret_is_masked_in_screenshots_and_the_report(
    settings: Settings, browser_session: Any
) -> None:
    req = parse_requirement(LOGIN, "masked_login")
    settings = settings.with_evidence("full")  # a screenshot of every step, to look at each
    with serve(EchoSite) as url:
        verdict = await run_requirement(
            req, settings, url=url, session=browser_session, env={"USER_PASSWORD": PASSWORD}
        )
    assert verdict.verdict == "PASS", verdict.explanation
    shots = {r.index: Path(r.screenshot or "") for r in verdict.steps}
    page = browser_session.page
    # step 3 typed the secret into a visible text field: its box is painted over
    assert await magenta_pixels(page, png_uri(shots[2])) > 500
    # step 2 (the user name, not a secret) masks nothing
    assert await magenta_pixels(page, png_uri(shots[1])) == 0
    # step 5: the welcome page writes the password back as text ("Signed in with ..."): masked
    assert await magenta_pixels(page, png_uri(shots[4])) > 500
    report = (Path(verdict.run_dir or "") / "report.html").read_text(encoding="utf-8")
    images = re.findall(r"data:image/png;base64,[A-Za-z0-9+/=]+", report)
    counts = [await magenta_pixels(page, uri) for uri in images]
    assert images and max(counts) > 500


async def test_any_fault_inside_the_graph_ends_as_an_error_verdict_with_a_report(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backend.discovery.engine as engine  # the POMBuilder imports `discover` on a miss

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(f"discovery blew up near {PASSWORD}")

    monkeypatch.setattr(engine, "discover", broken)
    req = parse_requirement(LOGIN, "faulty")
    with serve(EchoSite) as url:
        verdict = await run_requirement(req, settings, url=url, env={"USER_PASSWORD": PASSWORD})
    assert verdict.verdict == "ERROR" and verdict.root_cause == "environment_error"
    assert "RuntimeError: discovery blew up near ***" in verdict.explanation
    run_dir = Path(verdict.run_dir or "")
    saved = Verdict.model_validate_json((run_dir / "verdict.json").read_text(encoding="utf-8"))
    assert saved.verdict == "ERROR" and (run_dir / "report.html").is_file()
    assert PASSWORD not in (run_dir / "run.log").read_text(encoding="utf-8")


async def test_a_plan_longer_than_max_steps_is_an_error_verdict(settings: Settings) -> None:
    with serve_pages() as site:
        site.pages["/"] = "<!doctype html><title>T</title><input aria-label='Name'>"
        req = parse_requirement("\n".join(["Press Tab"] * 4), "long_plan")
        short = settings.model_copy(update={"max_steps": 3})
        verdict = await run_requirement(req, short, url=site.url + "/", env={})
    assert verdict.verdict == "ERROR" and verdict.root_cause == "planning_error"
    assert "PACTS_MAX_STEPS=3" in verdict.explanation and verdict.steps == []


async def test_a_file_url_in_the_body_is_refused(settings: Settings) -> None:
    with serve_pages() as site:
        site.pages["/"] = "<!doctype html><title>T</title><h1>Home</h1>"
        req = parse_requirement(
            "Go to file://localhost/etc/passwd\nVerify the text root is visible", "file_url"
        )
        verdict = await run_requirement(req, settings, url=site.url + "/", env={})
    assert verdict.verdict == "ERROR" and verdict.root_cause == "planning_error"
    assert "--allow-file-urls" in verdict.explanation and verdict.steps == []


@pytest.mark.parametrize("url", ["file://localhost/etc/passwd", "file:///etc/passwd"])
def test_a_file_start_url_is_one_correct_message(tmp_path: Path, url: str) -> None:
    result = pacts("test", "--text", "Verify the text root is visible", "--url", url, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "file: URLs" in lines[0] and "--allow-file-urls" in lines[0]
    assert not (tmp_path / "runs").exists()


def test_req_outside_requirements_echoes_only_an_excerpt(tmp_path: Path) -> None:
    private = tmp_path / "private" / "shadow"
    private.parent.mkdir()
    rows = [f"user{i}:$6$hash{i}secret:19000:0:99999:7:::" for i in range(300)]
    private.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = pacts("test", "--req", str(private), "--url", "http://127.0.0.1:9/", cwd=tmp_path)
    assert result.returncode == 1  # an ERROR verdict: planning_error
    assert "hash10secret" not in result.stdout + result.stderr
    assert re.search(r"and \d+ more", result.stdout), result.stdout
    assert len(result.stdout) + len(result.stderr) < 4000


def test_an_oversized_requirement_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("Do the thing with the stuff\n" * 50_000, encoding="utf-8")  # 1.4 MB
    result = pacts("test", "--req", str(big), "--url", "http://127.0.0.1:9/", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "too large" in lines[0] and "PACTS_MAX_REQUIREMENT_BYTES" in lines[0]


def test_text_runs_do_not_overwrite_each_others_tests(tmp_path: Path) -> None:
    with serve_pages() as site:
        site.pages["/"] = (
            "<!doctype html><title>T</title><h1>Home</h1><button>Save</button><button>Send</button>"
        )
        paths = []
        for text in ('Click the "Save" button', 'Click the "Send" button'):
            result = pacts("test", "--text", text, "--url", site.url + "/", "--json", cwd=tmp_path)
            assert result.returncode == 0, result.stderr[-2000:]
            paths.append(json.loads(result.stdout)["generated_test"])
        named = pacts(
            "test", "--text", 'Click the "Save" button', "--name", "save smoke",
            "--url", site.url + "/", "--json", cwd=tmp_path,
        )  # fmt: skip
        assert named.returncode == 0, named.stderr[-2000:]
    assert len(set(paths)) == 2 and all("test_adhoc_click_the_s" in p for p in paths)
    assert json.loads(named.stdout)["generated_test"].endswith("test_save_smoke.py")
    assert len(list((tmp_path / "generated_tests").glob("test_*.py"))) == 3
