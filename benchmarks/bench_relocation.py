"""Relocation on real drift: the healer's similarity ranks each Similo target's candidates.

The data (`similo_dev.json`, see its README) holds 28 real web sites, each captured on an old and a
newer version: for every target element its old property bag, and every candidate element of the
new version. A small adapter turns a property bag into a `Fingerprint` (the same for every site,
no per-site rules); the candidates are ranked by the very similarity the healer and the cache
check use, and a pick is right when its xpath equals the target's `new_xpath` ignoring `[1]`.

Prints the main part (20 sites) and the held-back part (8 sites, never tuned on) apart, each
site's figures, the ms per target (scoring every candidate of the site and taking the best), the
false-match rate of each part (with the right element removed, another element named
differently still reaches the threshold), and as its last line `relocation: K/N (x%)` over the
whole file.

Usage: .venv/bin/python benchmarks/bench_relocation.py [--data FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from backend.discovery.stability import is_dynamic  # noqa: E402
from backend.models import Fingerprint, normalise_text  # noqa: E402
from backend.similarity import THRESHOLD, similarity  # noqa: E402

#: The data lives next to the repository (shared by every worktree), not inside it.
DEFAULT_DATA = REPO.parent / "shared" / "data" / "relocation" / "similo_dev.json"

#: Frozen before any tuning, by a rule fixed up front: `random.Random(18).sample(sorted(apps), 8)`
#: over the 28 site names (18 is the issue number). These 8 sites (138 of the 427 targets) are
#: reported apart and never used to choose a weight or a rule; the other 20 are the main part.
HELD_BACK = frozenset(
    {"Craigslist", "Espn", "Etsy", "Facebook", "Google", "Linkedin", "Live", "Twitch"}
)

Bag = Mapping[str, str]
Score = Callable[[Fingerprint, Fingerprint], float]

_ONE = re.compile(r"\[1\]")
_INDEX = re.compile(r"\[\d+\]")


def same_xpath(a: str, b: str) -> bool:
    """The README's rule: xpaths are equal once every `[1]` index is dropped."""
    return _ONE.sub("", a) == _ONE.sub("", b)


_INPUT_ROLES = {"button": "button", "submit": "button", "reset": "button", "image": "button"}
_INPUT_ROLES |= {"checkbox": "checkbox", "radio": "radio", "search": "searchbox"}


def _role(tag: str, bag: Bag) -> str:
    """The implicit ARIA role of a tag, as the live candidate pass derives it."""
    if tag == "a":
        return "link" if bag.get("href") else ""
    if tag == "input":
        return _INPUT_ROLES.get(bag.get("type", "text").lower(), "textbox")
    return {"button": "button", "select": "combobox", "textarea": "textbox", "img": "img"}.get(
        tag, ""
    )


_NEIGHBOURS = ("neighbor_text_above", "neighbor_text_below", "neighbor_text_left")
_NEIGHBOURS += ("neighbor_text_right", "neighbor_text")
_BOX = ("x", "y", "width", "height")


#: The anchor of an idxpath, written either way the data writes it: `//*[@id='x']`, `id("x")`.
_ANCHOR = re.compile(r"^(?://\*\[@id='([^']*)'\]|id\(\"([^\"]*)\"\))")
_SVG = re.compile(r"\*\[local-name\(\) = \"(\w+)\"\]")


def _path(bag: Bag) -> str:
    """The id-anchored path as the live fingerprint writes it (`*[@id='x']/div[2]/a`)."""
    path = bag.get("idxpath", "")
    anchor = _ANCHOR.match(path)
    ident = anchor and (anchor.group(1) or anchor.group(2))
    if not path or (anchor and is_dynamic(ident or "")):
        path = bag.get("xpath", "")
    elif anchor:
        path = f"*[@id='{ident}']" + path[anchor.end() :]
    return _ONE.sub("", _SVG.sub(r"\1", path)).strip("/")


def _xpath(bag: Bag) -> str:
    """The path from the root as the live fingerprint writes it (`html/body/div[2]/a`)."""
    return _ONE.sub("", _SVG.sub(r"\1", bag.get("xpath", ""))).strip("/").lower()


def to_fingerprint(bag: Bag) -> Fingerprint:
    """A Similo property bag as the fingerprint the live page would give the same element."""
    tag = bag.get("tag", "").lower()
    text = " ".join((bag.get("visible_text") or bag.get("text", "")).split())
    name = text or bag.get("value", "") or bag.get("alt", "") or bag.get("title", "")
    name = name or bag.get("placeholder", "")
    attributes = {
        key: bag[key]
        for key in ("id", "name", "type", "placeholder", "title", "alt", "href")
        if bag.get(key) and not (key in ("id", "name") and is_dynamic(bag[key]))
    }
    steps = [_INDEX.sub("", s).lower() for s in bag.get("xpath", "").split("/") if s]
    box = [int(float(bag[k])) for k in _BOX if bag.get(k)]
    return Fingerprint(
        tag=tag,
        role=_role(tag, bag),
        name=name[:200],
        text=text[:120],
        attributes=attributes,
        ancestors=list(reversed(steps[:-1]))[:3],
        neighbours=[" ".join(bag[k].split())[:80] for k in _NEIGHBOURS if bag.get(k)],
        classes=[c for c in bag.get("class", "").split() if not is_dynamic(c)],
        path=_path(bag),
        xpath=_xpath(bag),
        box=box if len(box) == 4 else [],
    )


@dataclass
class SiteResult:
    """One site's relocations: right picks, targets, and the ranking time per target."""

    app: str
    right: int
    targets: int
    candidates: int
    ms_per_target: float
    cpu_ms_per_target: float
    #: Targets for which, with the right element removed, another element named differently
    #: scores at least THRESHOLD: what the healer would take for a removed element.
    false_matches: int = 0


def relocate_site(
    app: Mapping[str, object], score: Score = similarity, repeats: int = 3
) -> SiteResult:
    """Rank every candidate of one site for each of its targets; count the right top picks.

    Times are per target, for scoring every candidate and taking the top one, the best of
    `repeats` passes (on a shared machine the best pass is the one least slowed by other work):
    wall-clock, and this process's CPU time (what the scoring costs, whatever else runs).
    """
    candidates: list[Bag] = app["candidates"]  # type: ignore[assignment]
    targets: list[Mapping[str, object]] = app["targets"]  # type: ignore[assignment]
    prints = [to_fingerprint(c) for c in candidates]
    olds = [to_fingerprint(t["old"]) for t in targets]  # type: ignore[arg-type]
    best_ms = best_cpu = float("inf")
    for _ in range(max(repeats, 1)):
        started, cpu = time.perf_counter(), time.process_time()
        picks = [max(range(len(prints)), key=lambda i: score(old, prints[i])) for old in olds]
        best_ms = min(best_ms, (time.perf_counter() - started) * 1000 / len(targets))
        best_cpu = min(best_cpu, (time.process_time() - cpu) * 1000 / len(targets))
    right = sum(
        same_xpath(candidates[pick].get("xpath", ""), str(target["new_xpath"]))
        for pick, target in zip(picks, targets, strict=True)
    )
    false = sum(
        _false_match(old, prints, candidates, str(target["new_xpath"]), score)
        for old, target in zip(olds, targets, strict=True)
    )
    return SiteResult(
        str(app["app"]), right, len(targets), len(candidates), best_ms, best_cpu, false
    )


def _false_match(
    old: Fingerprint, prints: list[Fingerprint], bags: list[Bag], new_xpath: str, score: Score
) -> bool:
    """Whether, with the right element removed, an element named differently from the old one
    still reaches the threshold (the healer would take it for the removed element)."""
    name = normalise_text(old.name)
    return any(
        score(old, fp) >= THRESHOLD
        for fp, bag in zip(prints, bags, strict=True)
        if not same_xpath(bag.get("xpath", ""), new_xpath) and normalise_text(fp.name) != name
    )


def load(path: Path) -> list[dict[str, object]]:
    """The sites of a Similo JSON file, sorted by name."""
    return sorted(json.loads(path.read_text("utf-8"))["apps"], key=lambda a: str(a["app"]))


def _total(results: Iterable[SiteResult]) -> tuple[int, int]:
    rows = list(results)
    return sum(r.right for r in rows), sum(r.targets for r in rows)


def _line(label: str, right: int, total: int) -> str:
    return f"{label}: {right}/{total} ({100 * right / total:.1f}%)" if total else f"{label}: 0/0"


def report(results: list[SiteResult]) -> list[str]:
    """The printed lines, the `relocation: K/N (x%)` line last."""
    lines = [
        f"{'site':<16}{'part':<10}{'right':>7}{'targets':>9}{'cands':>7}{'ms/target':>11}"
        f"{'cpu ms':>8}"
    ]
    for r in results:
        part = "held-back" if r.app in HELD_BACK else "main"
        lines.append(
            f"{r.app:<16}{part:<10}{r.right:>7}{r.targets:>9}{r.candidates:>7}"
            f"{r.ms_per_target:>11.3f}{r.cpu_ms_per_target:>8.3f}"
        )
    largest = max(results, key=lambda r: r.candidates)
    slowest = max(results, key=lambda r: r.ms_per_target)
    slowest_cpu = max(results, key=lambda r: r.cpu_ms_per_target)
    lines.append(
        f"ms per target (wall / cpu): largest site {largest.app} ({largest.candidates} "
        f"candidates) {largest.ms_per_target:.2f} / {largest.cpu_ms_per_target:.2f}; max over "
        f"sites {slowest.ms_per_target:.2f} ({slowest.app}) / {slowest_cpu.cpu_ms_per_target:.2f}"
        f" ({slowest_cpu.app})"
    )
    main = [r for r in results if r.app not in HELD_BACK]
    held = [r for r in results if r.app in HELD_BACK]
    lines.append(
        f"false matches (right element removed, another named differently >= {THRESHOLD}): "
        + "; ".join(
            _line(label, sum(r.false_matches for r in rows), sum(r.targets for r in rows))
            for label, rows in (("main", main), ("held-back", held))
        )
    )
    lines.append(_line("main (20 sites)", *_total(main)))
    lines.append(_line("held-back (8 sites)", *_total(held)))
    lines.append(_line("relocation", *_total(results)))
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on `--data` and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="a Similo JSON file")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(
            f"Error: relocation data not found: {args.data} is not a file. "
            "Pass --data PATH to similo_dev.json.",
            file=sys.stderr,
        )
        return 2
    print("\n".join(report([relocate_site(app) for app in load(args.data)])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
