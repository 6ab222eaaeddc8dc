"""The real-world suite: install and serve every app in tests/realworld/apps/, run each of its
requirements cold (an empty cache) and then warm (the same cache, a new process) through the
real `pacts test --req PATH --json`, and print the table (also written to RESULTS-latest.md;
RESULTS.md is the measured history, kept by hand).

    python -m tests.realworld.run [--app NAME ...] [--case SUBSTRING ...] [--jobs N]

`--jobs N` runs N apps' cases at once (default 2, for a 2-core machine): each app has its own
port, pid file, data and working folders (`.realworld/work/<app>/<case>/`, each case with its
own cache), so nothing two apps use is shared; installs take turns.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import logging
import os
import pkgutil
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from tests.realworld import apps as apps_pkg
from tests.realworld import service

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "requirements"
#: The latest full run's table (RESULTS.md holds the measured history and is never rewritten).
LATEST = HERE / "RESULTS-latest.md"
#: Where each case's working folders (cache, runs/, generated_tests/) are kept for inspection.
WORK = service.HOME / "work"
#: One `pacts test` process; a run is also bounded by PACTS_RUN_TIMEOUT_S inside.
PROCESS_TIMEOUT_S = 420
#: Settings that would point a case at a shared cache, or its runs, screenshots and generated
#: tests at folders other cases (of another app, running at the same time) write too.
SHARED_TIER_VARS = (
    "PACTS_REDIS_URL",
    "PACTS_DATABASE_URL",
    "PACTS_HOME",
    "PACTS_BASE_URL",
    "PACTS_RUNS_DIR",
    "PACTS_SCREENSHOTS_DIR",
    "PACTS_GENERATED_DIR",
)
#: Apps run at once by default (`--jobs`): two fit this project's 2-core machines.
DEFAULT_JOBS = 2
#: Installs take turns (apt's and pip's locks, one download at a time); servers start at once.
_INSTALLING = threading.Lock()
#: One printed line at a time from the apps' threads.
_PRINTING = threading.Lock()


@dataclass
class Run:
    """One `pacts test` process: its verdict (or why there is none) and its wall time."""

    verdict: str
    root_cause: str | None
    explanation: str
    seconds: float
    discoveries: int | None
    failing_step: int | None = None


@dataclass
class CaseResult:
    """A requirement run cold then warm."""

    app: str
    case: str
    cold: Run
    warm: Run
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """PASS cold and PASS warm."""
        return self.cold.verdict == "PASS" and self.warm.verdict == "PASS"

    @property
    def failed_run(self) -> Run | None:
        """The run to explain: the cold one if it failed, else the warm one if that did."""
        if self.cold.verdict != "PASS":
            return self.cold
        if self.warm.verdict != "PASS":
            return self.warm
        return None


def load_apps(names: Sequence[str] = ()) -> list[ModuleType]:
    """The app modules under tests/realworld/apps/ (all, or those named), sorted by name."""
    folder = Path(apps_pkg.__file__).parent
    found = sorted(
        m.name
        for m in pkgutil.iter_modules(apps_pkg.__path__)
        if not m.name.startswith("_") and not m.ispkg and is_app(folder / f"{m.name}.py")
    )
    unknown = [n for n in names if n not in found]
    if unknown:
        raise SystemExit(
            f"Error: unknown app {', '.join(unknown)}: no such module in tests/realworld/apps. "
            f"Pick from: {', '.join(found)}"
        )
    wanted = list(names) or found
    return [importlib.import_module(f"{apps_pkg.__name__}.{n}") for n in wanted]


def is_app(path: Path) -> bool:
    """Whether a module in apps/ is an app (it assigns NAME and defines install, start and stop)
    rather than a helper such as an app's own server code. Read, not imported: a helper may
    import what only the app's venv has."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        t.id
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    names |= {
        n.target.id
        for n in tree.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }
    funcs = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return "NAME" in names and {"install", "start", "stop"} <= funcs


def requirement_files(app: ModuleType) -> list[Path]:
    """The app's requirement files, sorted."""
    return sorted((REQUIREMENTS / app.NAME).glob("*.md"))


def with_cases(apps: Sequence[ModuleType]) -> list[ModuleType]:
    """The apps that have requirement files: an app without (Lightning, whose 15-step
    regression is test_lightning.py) is neither built nor counted."""
    return [app for app in apps if requirement_files(app)]


def pacts_env(base_url: str, home: Path) -> dict[str, str]:
    """The environment of one `pacts test`: this tree's code, an embedded cache in `home`."""
    env = {k: v for k, v in os.environ.items() if k not in SHARED_TIER_VARS}
    env.update(
        {
            "PACTS_HOME": str(home),
            "PACTS_BASE_URL": base_url,
            "PACTS_PROGRESS": "off",
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(service.REPO), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
    )
    return env


def run_pacts(req: Path, base_url: str, workdir: Path) -> Run:
    """`pacts test --req PATH --json` in a new process whose cache lives in `workdir`."""
    env = pacts_env(base_url, workdir / ".pacts")
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "backend.cli.main", "test", "--req", str(req), "--json"],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=PROCESS_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - started
        why = f"the pacts process ran past {PROCESS_TIMEOUT_S}s"
        return Run("ERROR", "timeout", why, seconds, None)
    seconds = time.perf_counter() - started
    (workdir / "last-stderr.log").write_text(proc.stderr, encoding="utf-8")
    try:
        verdict = json.loads(proc.stdout)
    except json.JSONDecodeError:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        error = next((ln for ln in reversed(lines) if ln.startswith("Error:")), None)
        why = error or (lines[-1] if lines else f"exit {proc.returncode}, no output")
        cause = "planning_error" if "plan" in why.lower() else "environment_error"
        return Run("ERROR", cause, why, seconds, None)
    return Run(
        verdict=verdict["verdict"],
        root_cause=verdict.get("root_cause"),
        explanation=verdict.get("explanation") or "",
        seconds=seconds,
        discoveries=verdict.get("discoveries"),
        failing_step=verdict.get("failing_step"),
    )


def run_case(app: ModuleType, req: Path, base_url: str) -> CaseResult:
    """One requirement cold (a fresh cache folder) then warm (that folder, a new process)."""
    workdir = WORK / app.NAME / req.stem
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    runs = []
    for _ in ("cold", "warm"):
        reset = getattr(app, "reset", None)
        if reset is not None:  # cases that add, edit or delete data start from the seed
            reset()
        runs.append(run_pacts(req, base_url, workdir))
    return CaseResult(app.NAME, req.stem, runs[0], runs[1])


def prepare(app: ModuleType) -> tuple[str, float]:
    """Install and start one app; its base URL and the seconds that took."""
    started = time.perf_counter()
    with _INSTALLING:
        app.install()
    url: str = app.start()
    return url, time.perf_counter() - started


@dataclass
class AppRun:
    """One app's part of the suite: its cases' results and set-up seconds, or why it could not
    be installed or started."""

    name: str
    results: list[CaseResult] = field(default_factory=list)
    setup: float | None = None
    error: str | None = None


def say(line: str) -> None:
    """Print one whole line (apps run in threads)."""
    with _PRINTING:
        print(line, flush=True)


def run_app(app: ModuleType, cases: Sequence[str], keep: bool) -> AppRun:
    """Install and start one app, run its cases (those whose name contains one of `cases`, or
    all) cold then warm, and stop it unless `keep`."""
    out = AppRun(app.NAME)
    try:
        base_url, out.setup = prepare(app)
    except service.InstallError as exc:
        out.error = str(exc)
        return out
    say(f"== {app.NAME} ({app.KIND}) at {base_url}, ready in {out.setup:.1f}s")
    try:
        for req in requirement_files(app):
            if cases and not any(part in req.stem for part in cases):
                continue
            result = run_case(app, req, base_url)
            out.results.append(result)
            say(format_row(result))
    finally:
        if not keep:
            app.stop()
    return out


def run_apps(
    apps: Sequence[T], jobs: int, work: Callable[[T], R], size: Callable[[T], int]
) -> list[R]:
    """`work` on every app, `jobs` of them at once, the biggest (`size`) first so that the
    longest app does not start last; the outcomes in the order of `apps`."""
    if not apps:
        return []
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(apps)))) as pool:
        ordered = sorted(range(len(apps)), key=lambda i: -size(apps[i]))
        futures = {i: pool.submit(work, apps[i]) for i in ordered}
        return [futures[i].result() for i in range(len(apps))]


def format_row(result: CaseResult) -> str:
    """One Markdown table row."""
    bad = result.failed_run
    verdict = "PASS" if bad is None else f"{result.cold.verdict}/{result.warm.verdict}"
    cause = "" if bad is None else (bad.root_cause or "")
    disc = f"{_n(result.cold.discoveries)}->{_n(result.warm.discoveries)}"
    return (
        f"| {result.app} | {result.case} | {verdict} | {cause} | "
        f"{result.cold.seconds:.1f} | {result.warm.seconds:.1f} | {disc} |"
    )


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def reason(result: CaseResult) -> str | None:
    """A one-line reason for a failed case, naming the run and the step."""
    bad = result.failed_run
    if bad is None:
        return None
    which = "cold" if bad is result.cold else "warm"
    step = f" step {bad.failing_step}" if bad.failing_step is not None else ""
    text = " ".join(bad.explanation.split())[:300]
    return f"{result.app}/{result.case} ({which}{step}, {bad.root_cause}): {text}"


def summary(results: Sequence[CaseResult], apps: int) -> str:
    """The suite's last line."""
    passed = sum(r.passed for r in results)
    return f"realworld: {passed}/{len(results)} cases pass cold and warm ({apps} apps)"


def table(results: Sequence[CaseResult], setup: dict[str, float], apps: int) -> str:
    """The whole report: the table, the reasons for failures, the app set-up times and the
    summary line last."""
    lines = [
        "| app | case | verdict (cold/warm) | root cause | cold s | warm s | discoveries |",
        "| --- | --- | --- | --- | ---: | ---: | --- |",
        *(format_row(r) for r in results),
    ]
    failures = [line for r in results if (line := reason(r))]
    if failures:
        lines += ["", "Failures:", *(f"- {line}" for line in failures)]
    lines += ["", "Install + start (s): " + ", ".join(f"{k} {v:.1f}" for k, v in setup.items())]
    lines += ["", summary(results, apps)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite; exit 0 when every case passes cold and warm."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", action="append", default=[], help="Only this app (repeatable).")
    parser.add_argument(
        "--case",
        action="append",
        default=[],
        help="Only cases whose name contains this (repeatable: any of them).",
    )
    parser.add_argument("--keep", action="store_true", help="Leave the servers running.")
    parser.add_argument(
        "--jobs",
        type=int,
        default=DEFAULT_JOBS,
        help=f"Apps whose cases run at once (default {DEFAULT_JOBS}).",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    apps = with_cases(load_apps(args.app))
    runs = run_apps(
        apps,
        args.jobs,
        lambda app: run_app(app, args.case, args.keep),
        lambda app: len(requirement_files(app)),
    )
    results = [r for app_run in runs for r in app_run.results]
    setup = {a.name: a.setup for a in runs if a.setup is not None}
    failed = [a for a in runs if a.error is not None]
    for app_run in failed:
        print(
            f"Error: {app_run.name} could not be installed or started: {app_run.error}",
            file=sys.stderr,
        )
    if failed:
        return 3
    report = table(results, setup, len(apps))
    # A filtered run must not overwrite the full suite's table.
    out = LATEST if not (args.app or args.case) else service.home() / "RESULTS-partial.md"
    out.write_text(
        "# Real-world suite results\n\nWritten by `make realworld` (tests/realworld/run.py).\n\n"
        + report
        + "\n",
        encoding="utf-8",
    )
    print()
    print(report)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
