"""The real-world runner's table, app discovery and scheduling (tests/realworld/run.py), without
servers."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.realworld import run


def _run(verdict: str, cause: str | None, seconds: float, found: int) -> run.Run:
    why = "" if verdict == "PASS" else "the 'Rate card link' was\n not found"
    return run.Run(verdict, cause, why, seconds, found, failing_step=None if cause is None else 2)


def _result(cold: str, warm: str, cause: str | None = None) -> run.CaseResult:
    first = _run(cold, None if cold == "PASS" else cause, 5.0 if cold == "PASS" else 12.34, 3)
    second = _run(warm, None if warm == "PASS" else cause, 2.0, 0)
    return run.CaseResult("wiki", "rate_card", first, second)


def test_a_case_passes_only_when_cold_and_warm_pass() -> None:
    assert _result("PASS", "PASS").passed
    assert not _result("PASS", "FAIL", "drift_unhealed").passed
    assert not _result("ERROR", "ERROR", "planning_error").passed


def test_row_shows_verdicts_cause_times_and_discoveries() -> None:
    assert run.format_row(_result("PASS", "PASS")) == (
        "| wiki | rate_card | PASS |  | 5.0 | 2.0 | 3->0 |"
    )
    row = run.format_row(_result("FAIL", "FAIL", "selector_not_found"))
    assert row == "| wiki | rate_card | FAIL/FAIL | selector_not_found | 12.3 | 2.0 | 3->0 |"


def test_reason_is_one_line_naming_the_run_and_step() -> None:
    assert run.reason(_result("PASS", "PASS")) is None
    line = run.reason(_result("PASS", "FAIL", "drift_unhealed"))
    assert line == (
        "wiki/rate_card (warm step 2, drift_unhealed): the 'Rate card link' was not found"
    )


def test_the_last_line_is_the_summary() -> None:
    results = [_result("PASS", "PASS"), _result("ERROR", "ERROR", "planning_error")]
    text = run.table(results, {"wiki": 1.5}, apps=1)
    assert text.splitlines()[-1] == "realworld: 1/2 cases pass cold and warm (1 apps)"
    assert "- wiki/rate_card (cold step 2, planning_error):" in text


def test_only_modules_with_the_app_interface_are_apps(tmp_path: Path) -> None:
    app = tmp_path / "wiki.py"
    app.write_text('NAME = "wiki"\ndef install(): ...\ndef start(): ...\ndef stop(): ...\n')
    helper = tmp_path / "wiki_server.py"
    helper.write_text("import flask\napp = flask.Flask(__name__)\ndef start(): ...\n")
    assert run.is_app(app) and not run.is_app(helper)
    assert [a.NAME for a in run.load_apps()] == sorted(a.NAME for a in run.load_apps())
    assert {"dokuwiki", "phpmyadmin", "jupyterlab"} <= {a.NAME for a in run.load_apps()}


def test_apps_run_jobs_at_a_time_biggest_first_and_report_in_their_own_order() -> None:
    sizes = {"a": 1, "b": 5, "c": 3, "d": 2}
    started: list[str] = []
    both = threading.Barrier(2, timeout=10)  # b and c must be running at the same time

    def work(name: str) -> str:
        started.append(name)
        if name in ("b", "c"):
            both.wait()
        return name.upper()

    assert run.run_apps(list(sizes), 2, work, sizes.__getitem__) == ["A", "B", "C", "D"]
    assert set(started[:2]) == {"b", "c"} and started[2:] == ["d", "a"]
    # one job: the same outcomes, one app after the other, never two at once
    running: list[str] = []

    def alone(name: str) -> str:
        assert not running, f"{name} started while {running} ran"
        running.append(name)
        time.sleep(0.01)
        running.remove(name)
        return name

    assert run.run_apps(list(sizes), 1, alone, sizes.__getitem__) == list(sizes)
    assert run.run_apps([], 2, alone, sizes.__getitem__) == []


def test_an_app_that_cannot_start_is_an_environment_error_and_is_never_stopped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stopped: list[str] = []

    def install() -> None:
        raise run.service.InstallError("port 1 is taken")

    broken = SimpleNamespace(
        NAME="broken", KIND="x", install=install, start=lambda: "", stop=lambda: stopped.append("x")
    )
    monkeypatch.setattr(run, "load_apps", lambda names: [broken])
    monkeypatch.setattr(run, "requirement_files", lambda app: [Path("case.md")])
    assert run.main(["--app", "broken", "--jobs", "3"]) == 3
    assert (
        "Error: broken could not be installed or started: port 1 is taken"
        in capsys.readouterr().err
    )
    assert stopped == []
    with pytest.raises(SystemExit) as usage:
        run.main(["--jobs", "0"])
    assert usage.value.code == 2


def test_a_case_never_shares_its_cache_or_output_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in run.SHARED_TIER_VARS:
        monkeypatch.setenv(var, "/shared")
    env = run.pacts_env("http://127.0.0.1:1", Path("/work/case/.pacts"))
    assert (
        env["PACTS_HOME"] == "/work/case/.pacts" and env["PACTS_BASE_URL"] == "http://127.0.0.1:1"
    )
    assert not {"PACTS_RUNS_DIR", "PACTS_SCREENSHOTS_DIR", "PACTS_GENERATED_DIR"} & set(env)


def test_an_app_without_requirement_files_is_neither_built_nor_counted() -> None:
    apps = run.load_apps([])
    names = [app.NAME for app in run.with_cases(apps)]
    assert "lightning" in [app.NAME for app in apps] and "lightning" not in names
    assert {"datasette", "dokuwiki", "flaskadmin", "jupyterlab", "phpmyadmin", "shoelace"} == set(
        names
    )
