"""The whole pipeline for real: Chromium, the demo site, SQLite cache, generated pytest files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from backend.models import Requirement, Verdict
from backend.planning.loader import available, load_requirement, parse_requirement
from backend.runner import run_requirement
from backend.settings import Settings
from backend.storage.init import get_storage
from tests.helpers.cli import run_pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
DEMO_NAMES = [n for n in available(REPO / "requirements") if n.startswith("demo_")]


def run_generated(path: Path, env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    """Run a generated test with a real pytest in a fresh process, outside this repo's config."""
    return run_pytest(path, *extra, cwd=path.parent, env=env)


async def run_twice(req: Requirement, settings: Settings, env: dict[str, str]) -> list[Verdict]:
    """Two runs, each with its own storage (as two processes would): the second is warm."""
    verdicts = []
    for _ in range(2):
        storage = await get_storage(settings)
        try:
            verdicts.append(
                await run_requirement(req, settings, cache=storage.selector_cache, env=env)
            )
        finally:
            await storage.close()
    return verdicts


def assert_pass(verdict: Verdict) -> None:
    assert verdict.verdict == "PASS", (verdict.root_cause, verdict.explanation)


@pytest.mark.parametrize("name", DEMO_NAMES)
async def test_demo_requirement_passes_cold_then_warm_and_generates_a_passing_test(
    name: str, demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    req = load_requirement(REPO / "requirements" / f"{name}.md")
    full = demo_settings.with_evidence("full")  # every step's screenshot, the trace kept
    cold, warm = await run_twice(req, full, demo_env)
    assert_pass(cold)
    assert_pass(warm)
    assert cold.discoveries > 0
    assert cold.cache["misses"] == cold.discoveries
    # The second run finds every selector in the persistent tier: no discovery at all.
    assert warm.discoveries == 0
    assert warm.cache["misses"] == 0 and warm.cache["drift"] == 0
    assert warm.cache["postgres_hits"] == cold.discoveries
    assert warm.cache["hit_rate"] == 100.0

    run_dir = Path(warm.run_dir or "")
    on_disk = json.loads((run_dir / "verdict.json").read_text())
    assert on_disk["verdict"] == "PASS" and on_disk["run_id"] == warm.run_id
    assert (run_dir / "plan.json").is_file() and (run_dir / "trace.zip").is_file()
    # every record came back from the cache with the digest of the element it was read from
    # (its check on the warm run: one query where the action looks, fingerprints.verify)
    used = json.loads((run_dir / "selectors.json").read_text())
    assert used and all(record["fingerprint"]["digest"] for record in used.values())
    shots = sorted(full.screenshots_dir.glob(f"{name}_step*.png"))
    assert len(shots) == len(warm.steps)

    generated = Path(warm.generated_test or "")
    assert generated == full.generated_dir / f"test_{name}.py"
    result = run_generated(generated, demo_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


async def test_secret_never_lands_in_files(
    demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    req = load_requirement(REPO / "requirements" / "demo_login.md")
    secret = demo_env["DEMO_PASSWORD"]
    verdict = await run_requirement(req, demo_settings, env=demo_env)
    assert_pass(verdict)
    generated = Path(verdict.generated_test or "").read_text()
    assert 'os.environ["DEMO_PASSWORD"]' in generated
    for path in [*demo_settings.runs_dir.rglob("*"), *demo_settings.generated_dir.rglob("*")]:
        assert secret not in path.name
        if path.is_file() and path.suffix in (".json", ".log", ".py"):
            assert secret not in path.read_text(errors="replace"), path
    # Without the variable the generated test skips with a message, and a run is an ERROR.
    env = {k: v for k, v in demo_env.items() if k != "DEMO_PASSWORD"}
    result = run_generated(Path(verdict.generated_test or ""), env, "-rs")
    assert "1 skipped" in result.stdout and "DEMO_PASSWORD" in result.stdout
    missing = await run_requirement(req, demo_settings, env=env)
    assert missing.verdict == "ERROR" and missing.root_cause == "environment_error"
    assert "DEMO_PASSWORD" in missing.explanation


async def test_missing_element_is_a_fail_with_a_screenshot(
    demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    req = parse_requirement(
        '---\nurl: /login\n---\n1. Enter "alice" into the Username field\n'
        '2. Click the "Launch rockets" button\n',
        name="no_such_button",
    )
    settings = demo_settings.model_copy(update={"step_timeout_s": 2.0})
    verdict = await run_requirement(req, settings, env=demo_env)
    assert verdict.verdict == "FAIL"
    assert verdict.root_cause == "selector_not_found"
    assert verdict.failing_step == 3  # the implicit "open /login" is step 1
    assert "Launch rockets" in verdict.explanation
    shot = Path(verdict.evidence["screenshot"])
    assert shot.is_file() and shot.stat().st_size > 1000
    assert verdict.generated_test is None
    assert not (settings.generated_dir / "test_no_such_button.py").exists()


async def test_failed_assertion_is_a_fail_not_a_heal(
    demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    req = parse_requirement(
        "---\nurl: /wiki/Main_Page\n---\n"
        '1. Search Pactopedia for "Playwright (software)"\n2. Press Enter\n'
        '3. Verify the heading is "Selenium (software)"\n',
        name="wrong_heading",
    )
    settings = demo_settings.model_copy(update={"step_timeout_s": 2.0})
    verdict = await run_requirement(req, settings, env=demo_env)
    assert verdict.verdict == "FAIL" and verdict.root_cause == "assertion_failed"
    assert verdict.failing_step == 4
    assert verdict.evidence["dom_excerpt"]


async def test_url_that_does_not_answer_is_a_navigation_error(settings: Settings) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    req = parse_requirement("Click the Save button\n", name="dead_site")
    verdict = await run_requirement(req, settings, url=f"http://127.0.0.1:{port}/")
    assert verdict.verdict == "ERROR"
    assert verdict.root_cause == "navigation_error"
    assert "ERR_CONNECTION_REFUSED" in verdict.explanation


async def test_wikipedia_requirement_runs_offline_against_the_demo_encyclopedia(
    settings: Settings, demo_url: str, demo_env: dict[str, str]
) -> None:
    req = load_requirement(REPO / "requirements" / "wikipedia_search.md")
    assert req.url == "https://en.wikipedia.org/wiki/Main_Page"
    verdict = await run_requirement(req, settings, url=f"{demo_url}/wiki/Main_Page", env=demo_env)
    assert_pass(verdict)
    generated = Path(verdict.generated_test or "")
    assert "en.wikipedia.org" not in generated.read_text()
    result = run_generated(generated, demo_env, "--base-url", demo_url)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("line", "listed"),
    [
        ('Select "Narnia" from the Country dropdown', "'Norway', 'Sweden'"),
        ('Select "Platinum" from the Plan combobox', "'Free', 'Team', 'Enterprise'"),
    ],
)
async def test_a_missing_option_is_a_fail_that_lists_the_options(
    line: str, listed: str, demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    req = parse_requirement(f"---\nurl: /preferences\n---\n{line}\n", name="no_option")
    settings = demo_settings.model_copy(update={"step_timeout_s": 2.0})
    verdict = await run_requirement(req, settings, env=demo_env)
    assert verdict.verdict == "FAIL" and verdict.root_cause == "selector_not_found"
    assert "no option" in verdict.explanation and listed in verdict.explanation
    assert ("Choose a country" in verdict.explanation) == ("Norway" in listed)
    assert not verdict.steps[-1].healed and verdict.steps[-1].heal_rounds == 0


async def test_run_log_records_progress_without_console_setup(
    demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    req = load_requirement(REPO / "requirements" / "demo_search.md")
    verdict = await run_requirement(req, demo_settings, env=demo_env)
    log = (Path(verdict.run_dir or "") / "run.log").read_text()
    assert "[CACHE] MISS: Search Pactopedia" in log and "step 6/6 ok" in log


async def test_default_evidence_is_the_final_page_on_a_pass_and_everything_on_a_failure(
    demo_settings: Settings, demo_env: dict[str, str]
) -> None:
    """Playwright Test's defaults: screenshot on failure, trace on the first retry; a pass
    keeps one screenshot, of the final page, and no trace."""
    settings = demo_settings.model_copy(update={"step_timeout_s": 1.0})
    assert settings.screenshots == "on-failure" and settings.trace == "on-first-retry"
    passing = await run_requirement(
        load_requirement(REPO / "requirements" / "demo_search.md"), settings, env=demo_env
    )
    assert_pass(passing)
    run_dir = Path(passing.run_dir or "")
    last = len(passing.steps)
    assert [p.name for p in run_dir.glob("*.png")] == [
        Path(passing.steps[-1].screenshot or "").name
    ]
    assert passing.steps[-1].screenshot and passing.steps[-1].index + 1 == last
    assert passing.evidence["screenshot"] == passing.steps[-1].screenshot
    assert not (run_dir / "trace.zip").exists() and passing.retry is None  # never recorded
    failing = await run_requirement(
        parse_requirement('---\nurl: /login\n---\nClick the "Nope" button\n', name="lean_fail"),
        settings,
        env=demo_env,
    )
    assert failing.verdict == "FAIL"
    shots = sorted(p.name for p in Path(failing.run_dir or "").glob("*.png"))
    assert shots == ["step02_click_nope.png"]
    assert failing.evidence["screenshot"].endswith("step02_click_nope.png")
    # the traced re-run's trace, and its own screenshot beside the first attempt's
    assert (Path(failing.run_dir or "") / "trace.zip").is_file()
    assert failing.retry is not None and failing.retry.verdict == "FAIL"
    retry_shots = sorted(p.name for p in (Path(failing.run_dir or "") / "retry").glob("*.png"))
    assert retry_shots == ["step02_click_nope.png"]


async def test_trace_off_records_nothing(demo_settings: Settings, demo_env: dict[str, str]) -> None:
    settings = demo_settings.model_copy(update={"trace": "off", "step_timeout_s": 1.0})
    failing = await run_requirement(
        parse_requirement('---\nurl: /login\n---\nClick the "Nope" button\n', name="no_trace"),
        settings,
        env=demo_env,
    )
    assert failing.verdict == "FAIL" and not (Path(failing.run_dir or "") / "trace.zip").exists()
