"""PACTS against the hand-written Playwright script, as whole processes (issue 15).

For each requirement: `pacts test --req NAME` and `python benchmarks/hand/demo_hand.py NAME URL`
alternate A B A B; each pair gives a ratio; the median ratio over --pairs pairs is printed, warm
(the cache filled by one earlier run) and cold (an empty cache for every PACTS run), with the
default settings and with lean ones. Then a suite: --suite requirements (copies of the demo
ones) in one `pacts test --all` process against the same tests hand-written in one
pytest-playwright session.

`--app dokuwiki`: three cases of the real-world suite on DokuWiki (Debian's package served by
PHP's built-in server on 127.0.0.1:8871, a tree of its own under .realworld/), against
benchmarks/hand/dokuwiki_hand.py; no suite.

The suite's rounds alternate too (--suite-rounds, 5 by default); each round's ratio is printed,
then the ratio of the medians. `--pairs 0`: the suite only.

Usage: .venv/bin/python benchmarks/bench_vs_hand.py [--app demo|dokuwiki] [--pairs 5]
       [--suite 20] [--suite-rounds 5] [--only NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.demo.server import DemoServer  # noqa: E402
from benchmarks.isolation import isolated_env  # noqa: E402

HAND = REPO / "benchmarks" / "hand"
NAMES = ("demo_search", "demo_login", "demo_preferences", "demo_search_results")
LEAN = {"PACTS_SCREENSHOTS": "on-failure", "PACTS_TRACE": "off"}
DOKUWIKI_CASES = REPO / "tests" / "realworld" / "requirements" / "dokuwiki"
DOKUWIKI_PORT = 8871


@dataclass(frozen=True)
class App:
    """Where the cases come from: their names, the --req of each, the hand-written script."""

    names: tuple[str, ...]
    hand: Path
    folder: Path | None = None  # requirement files outside requirements/

    def req(self, name: str) -> str:
        return str(self.folder / f"{name}.md") if self.folder else name


APPS = {
    "demo": App(NAMES, HAND / "demo_hand.py"),
    "dokuwiki": App(
        ("recent_changes", "toc_jump_to_pricing", "login_admin"),
        HAND / "dokuwiki_hand.py",
        DOKUWIKI_CASES,
    ),
}


@contextlib.contextmanager
def _served(app: str) -> Iterator[str]:
    """The base URL of the app, served for the benchmark's length."""
    if app == "demo":
        with DemoServer() as server:
            yield server.url
        return
    from tests.realworld import service
    from tests.realworld.apps import dokuwiki

    dokuwiki.install()
    name = "dokuwiki-bench"
    try:
        yield service.php_server(
            name, dokuwiki.WWW, DOKUWIKI_PORT, marker="Seaside Hotel Wiki", path="/doku.php"
        )
    finally:
        service.stop_server(name)


def _timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:5])} failed:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    return elapsed


def _env(home: Path, base: str, extra: dict[str, str]) -> dict[str, str]:
    return isolated_env(home, base, REPO, **extra)


def _pacts(*args: str) -> list[str]:
    return [sys.executable, "-m", "backend.cli.main", "-q", "test", *args]


def _pairs(
    app: App, name: str, base: str, root: Path, pairs: int, extra: dict[str, str], cold: bool
) -> list[float]:
    """PACTS / hand ratios of `pairs` alternating pairs (the order flips every pair)."""
    home = root / f"{name}-{'cold' if cold else 'warm'}-{len(extra)}"
    env = _env(home, base, extra)
    hand = [sys.executable, str(app.hand), name, base]
    req = app.req(name)
    if not cold:
        _timed(_pacts("--req", req), env, REPO)  # fill the cache once
    ratios = []
    for i in range(pairs):
        if cold:
            shutil.rmtree(home / ".pacts", ignore_errors=True)
        runs = [("pacts", _pacts("--req", req)), ("hand", hand)]
        times = {
            label: _timed(cmd, env, REPO) for label, cmd in (runs if i % 2 == 0 else runs[::-1])
        }
        ratios.append(times["pacts"] / times["hand"])
    return ratios


def _suite(base: str, root: Path, size: int, rounds: int) -> tuple[float, float, float]:
    """Median seconds of `size` requirements in one pacts process and in one pytest session."""
    folder = root / "suite" / "requirements"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(size):
        source = REPO / "requirements" / f"{NAMES[i % len(NAMES)]}.md"
        shutil.copyfile(source, folder / f"suite_{i:02d}.md")
    env = _env(root / "suite", base, {"PACTS_REQUIREMENTS_DIR": str(folder)})
    env["HAND_COPIES"] = str(max(1, size // len(NAMES)))
    pacts = _pacts("--all")
    hand = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        str(HAND),
        "--base-url",
        base,
        "-c",
        os.devnull,
        "--rootdir",
        str(HAND),
    ]
    _timed(pacts, env, REPO)  # cold: fills the cache
    pacts_s, hand_s = [], []
    for i in range(rounds):
        order = [(pacts_s, pacts), (hand_s, hand)]
        for bucket, cmd in order if i % 2 == 0 else order[::-1]:
            bucket.append(_timed(cmd, env, HAND if cmd is hand else REPO))
    ratios = " ".join(f"{p / h:.2f}" for p, h in zip(pacts_s, hand_s, strict=True))
    print(f"suite rounds (pacts/hand, in order): {ratios}", flush=True)
    p, h = statistics.median(pacts_s), statistics.median(hand_s)
    return p, h, p / h


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--suite", type=int, default=20)
    parser.add_argument("--suite-rounds", type=int, default=5, metavar="N")
    parser.add_argument("--app", choices=sorted(APPS), default="demo")
    parser.add_argument("--only", metavar="NAME")
    args = parser.parse_args()
    app = APPS[args.app]
    names = [args.only] if args.only else list(app.names)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load {load:.1f}; pairs: {args.pairs}; {args.app}")
    print(f"{'requirement':22s} {'settings':8s} {'warm/hand':>10s} {'cold/hand':>10s}")
    with tempfile.TemporaryDirectory() as tmp, _served(args.app) as url:
        root = Path(tmp)
        for label, extra in (("default", {}), ("lean", LEAN)) if args.pairs else ():
            for name in names:
                warm = statistics.median(_pairs(app, name, url, root, args.pairs, extra, False))
                cold = statistics.median(_pairs(app, name, url, root, args.pairs, extra, True))
                print(f"{name:22s} {label:8s} {warm:10.2f} {cold:10.2f}", flush=True)
        if args.suite and args.app == "demo":
            p, h, ratio = _suite(url, root, args.suite, args.suite_rounds)
            print(
                f"suite of {args.suite} warm requirements: pacts {p:.1f} s, "
                f"pytest-playwright {h:.1f} s, ratio {ratio:.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
