"""`pacts` as a user runs it: a real subprocess, real exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import REPO, pacts, run_pytest


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A project folder with the repo's requirements and nothing else."""
    (tmp_path / "requirements").symlink_to(REPO / "requirements")
    return tmp_path


@pytest.mark.e2e
def test_wikipedia_search_via_cli_then_generated_test(
    workdir: Path, demo_url: str, demo_env: dict[str, str]
) -> None:
    args = ("test", "--req", "wikipedia_search", "--url", f"{demo_url}/wiki/Main_Page", "--json")
    result = pacts(*args, cwd=workdir)
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "PASS"
    assert "[CACHE] MISS" in result.stderr and "[CACHE] SAVED" in result.stderr
    generated = workdir / verdict["generated_test"]
    assert generated.is_file() and (workdir / "generated_tests" / "conftest.py").is_file()
    # under this repo's own pytest config: strict markers, warnings are errors
    run = run_pytest(generated, "-c", str(REPO / "pyproject.toml"), cwd=workdir, env=demo_env)
    assert run.returncode == 0, run.stdout + run.stderr
    # A second process: every lookup is a persistent-tier hit, nothing is discovered.
    again = pacts(*args, cwd=workdir)
    warm = json.loads(again.stdout)
    assert warm["verdict"] == "PASS" and warm["discoveries"] == 0
    assert "[CACHE] HIT sqlite" in again.stderr
    stats = pacts("cache", "stats", "--json", cwd=workdir)
    overall = json.loads(stats.stdout)
    # Two targets (the search box, the heading): missed once, then found in SQLite.
    assert (overall["misses"], overall["postgres_hits"], overall["hit_rate"]) == (2, 2, 50.0)


def test_unknown_requirement_lists_known_ones(workdir: Path) -> None:
    result = pacts("test", "--req", "no_such_thing", cwd=workdir)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: unknown requirement 'no_such_thing'")
    assert "wikipedia_search" in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "is empty"), (b"---\nurl: /x\n---\n", "is empty"), (b"\xff\xfe\x00bad", "not UTF-8")],
)
def test_empty_or_unreadable_requirement(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    result = pacts("test", "--req", str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_chromium_is_an_environment_error(workdir: Path, demo_url: str) -> None:
    result = pacts(
        "test",
        "--req",
        "wikipedia_search",
        "--url",
        demo_url,
        cwd=workdir,
        env={"PACTS_CHROMIUM_PATH": "/nonexistent/chromium"},
    )
    assert result.returncode == 3
    assert "apt-get install -y chromium" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(workdir: Path) -> None:
    neither = pacts("test", cwd=workdir)
    assert neither.returncode == 2 and "exactly one of --req" in neither.stderr
    text_without_url = pacts("test", "--text", "Click Save", cwd=workdir)
    assert text_without_url.returncode == 2 and "--url" in text_without_url.stderr
    bad_option = pacts("test", "--bogus", cwd=workdir)
    assert bad_option.returncode == 2 and "--bogus" in bad_option.stderr
    bad_setting = pacts("cache", "stats", cwd=workdir, env={"PACTS_STEP_TIMEOUT_S": "soon"})
    assert bad_setting.returncode == 2 and "PACTS_STEP_TIMEOUT_S" in bad_setting.stderr


def test_help_does_not_import_the_heavy_stack() -> None:
    code = (
        "import sys; from backend.cli.main import main; rc = main(['--help']);"
        "heavy = [m for m in ('playwright', 'langgraph', 'langchain_core', 'aiosqlite') "
        "if m in sys.modules]; print('HEAVY', heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
    assert "demo" in result.stdout and "test" in result.stdout


def test_graph_prints_mermaid_with_the_six_nodes(workdir: Path) -> None:
    result = pacts("graph", cwd=workdir)
    assert result.returncode == 0
    for node in ("planner", "pom_builder", "executor", "oracle_healer", "verdict_rca", "generator"):
        assert node in result.stdout


def test_plan_prints_steps(workdir: Path) -> None:
    result = pacts("plan", "--req", "wikipedia_search", "--json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    steps = json.loads(result.stdout)["steps"]
    assert [s["action"] for s in steps] == ["fill", "press", "assert_text"]


@pytest.mark.e2e
def test_pacts_demo_runs_cold_then_warm(workdir: Path) -> None:
    result = pacts("demo", cwd=workdir)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "all demo requirements PASS" in result.stdout
    assert "loop 2:" in result.stdout and ", 0 discoveries" in result.stdout.split("loop 2:")[1]
    for name in ("demo_login", "demo_preferences", "demo_search", "demo_search_results"):
        assert (workdir / "generated_tests" / f"test_{name}.py").is_file()
    assert "FAIL" not in result.stdout and "ERROR" not in result.stdout


@pytest.mark.e2e
def test_a_suite_runs_many_requirements_in_one_process(workdir: Path, demo_url: str) -> None:
    from backend.demo.server import DEMO_PASSWORD

    env = {"PACTS_BASE_URL": demo_url, "DEMO_PASSWORD": DEMO_PASSWORD}
    # one process, one browser, a fresh context for each of the four demo requirements
    result = pacts("test", "--all", "--tags", "demo", cwd=workdir, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("suite: 4/4 passed (0 failed, 0 errors)")
    assert sum(line.startswith("PASS") for line in lines) == 4


#: What `pacts test` runs, with the backend modules it loaded written to argv[1] at exit.
_DUMP_MODULES = (
    "import atexit, json, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted(sys.modules))))\n"
    "runpy.run_module('backend.cli.main', run_name='__main__', alter_sys=True)\n"
)


@pytest.mark.e2e
def test_a_warm_run_loads_no_grammar_discovery_or_renderer(
    workdir: Path, demo_url: str, demo_env: dict[str, str]
) -> None:
    """Issue 15: the plan, every selector and the generated file come from the first run, so
    the second imports neither the planner's grammar, nor discovery's candidate pass, nor the
    renderer (their import CPU is on the critical path of a warm start)."""
    args = ["test", "--req", "demo_search", "--url", f"{demo_url}/wiki/Main_Page"]
    cold = pacts(*args, cwd=workdir, env=demo_env)
    assert cold.returncode == 0, cold.stdout[-2000:] + cold.stderr[-2000:]
    dump = workdir / "modules.json"
    warm = subprocess.run(
        [sys.executable, "-c", _DUMP_MODULES, str(dump), *args],
        cwd=workdir,
        env=demo_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert warm.returncode == 0, warm.stdout[-2000:] + warm.stderr[-2000:]
    assert "discoveries: 0" in warm.stdout and "generated test:" in warm.stdout
    loaded = set(json.loads(dump.read_text(encoding="utf-8")))
    assert "backend.agents.pom_builder" in loaded and "backend.planning.reuse" in loaded
    heavy = [
        "backend.planning.rules",
        "backend.planning.grammar",
        "backend.planning.modes",
        "backend.planning.llm",
        "backend.discovery.engine",
        "backend.discovery.candidates",
        "backend.discovery.score",
        "backend.codegen.render",
    ]
    assert [m for m in heavy if m in loaded] == []
