"""Requirement files as pytest items: a real pytest process, loaded through the entry point."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers.cli import REPO
from tests.helpers.plugin import plugin_env, pytest_run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with this repo's requirements."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "requirements").symlink_to(REPO / "requirements")
    return work


@pytest.mark.e2e
def test_two_requirements_pass_on_two_xdist_workers(
    project: Path, tmp_path: Path, demo_url: str
) -> None:
    junit = tmp_path / "junit.xml"
    result = pytest_run(
        "requirements/demo_search.md",
        "requirements/demo_search_results.md",
        "--base-url",
        demo_url,
        "-n",
        "2",
        f"--junitxml={junit}",
        cwd=project,
        env=plugin_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout
    assert "created: 2/2 workers" in result.stdout  # really spread over two processes
    cases = {c.get("name"): c for c in ET.parse(junit).getroot().iter("testcase")}
    assert set(cases) == {"demo_search", "demo_search_results"}
    for case in cases.values():
        props = {p.get("name"): p.get("value") for p in case.iter("property")}
        assert props["verdict"] == "PASS"
        assert (project / props["run_dir"] / "verdict.json").is_file()
    # each item ran the graph and wrote its generated test
    assert (project / "generated_tests" / "test_demo_search.py").is_file()
    assert (project / "generated_tests" / "test_demo_search_results.py").is_file()


@pytest.mark.e2e
def test_a_failing_requirement_shows_cause_explanation_and_report(
    tmp_path: Path, demo_url: str
) -> None:
    work = tmp_path / "work"
    (work / "requirements").mkdir(parents=True)
    (work / "requirements" / "wrong_heading.md").write_text(
        "---\nurl: https://example.org/wiki/Main_Page\ntags: [smoke]\n---\n"
        "# The heading is not what the page shows\n"
        '1. Verify the page heading is "Not the main page"\n',
        encoding="utf-8",
    )
    junit = tmp_path / "junit.xml"
    result = pytest_run(
        "requirements/",
        "--base-url",
        demo_url,
        f"--junitxml={junit}",
        cwd=work,
        env=plugin_env(tmp_path, PACTS_STEP_TIMEOUT_S="3", PACTS_MAX_HEAL_ROUNDS="0"),
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    out = result.stdout
    assert "1 failed" in out
    assert "FAIL wrong_heading: assertion_failed" in out
    assert "explanation:" in out and "failing step 2: " in out  # step 1 opens the page
    report = next(line for line in out.splitlines() if line.strip().startswith("report:"))
    assert (work / report.split("report:", 1)[1].strip()).is_file()
    assert "Traceback" not in out
    failure = next(ET.parse(junit).getroot().iter("failure"))
    assert "assertion_failed" in (failure.text or "") + (failure.get("message") or "")


def test_tags_are_markers_and_m_selects_them(project: Path, tmp_path: Path) -> None:
    result = pytest_run(
        "requirements/",
        "-m",
        "smoke",
        "--collect-only",
        "-q",
        cwd=project,
        env=plugin_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = sorted(line.split("::")[-1] for line in result.stdout.splitlines() if "::" in line)
    assert collected == ["demo_search", "wikipedia_search"]
    total = len(list((REPO / "requirements").glob("*.md")))
    assert f"2/{total} tests collected ({total - 2} deselected)" in result.stdout


def test_walking_a_tree_collects_no_fixture_requirements(tmp_path: Path) -> None:
    # `pytest tests/` must not run the requirement files of test fixtures below it
    nested = tmp_path / "work" / "tests" / "fixtures" / "requirements"
    nested.mkdir(parents=True)
    (nested / "x.md").write_text('# X\n1. Click the "Go" button\n', encoding="utf-8")
    work = tmp_path / "work"
    walked = pytest_run("tests", "--collect-only", "-q", cwd=work, env=plugin_env(tmp_path))
    assert "x.md" not in walked.stdout
    named = pytest_run(
        "tests/fixtures/requirements", "--collect-only", "-q", cwd=work, env=plugin_env(tmp_path)
    )
    assert "x.md::x" in named.stdout, named.stdout + named.stderr


def test_an_unreadable_requirement_is_a_one_line_collection_error(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "requirements").mkdir(parents=True)
    (work / "requirements" / "empty.md").write_text("---\nurl: /x\n---\n", encoding="utf-8")
    result = pytest_run("requirements/empty.md", cwd=work, env=plugin_env(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Error: " in result.stdout and "Traceback" not in result.stdout
