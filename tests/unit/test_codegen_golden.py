"""Golden files: what users get, in full, from a real run's plan and selectors.

`tests/golden/runs/<req>/` holds plan.json and selectors.json as a real `pacts test` run wrote
them. The rendered files must equal the examples committed in `docs/examples/` byte for byte.
After an intended change: PACTS_UPDATE_GOLDEN=1 pytest this file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backend.codegen.regenerate import regenerate
from backend.planning.loader import load_requirement

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden"
EXAMPLES = REPO / "docs" / "examples"
UPDATE = os.environ.get("PACTS_UPDATE_GOLDEN") == "1"


def render(name: str, out: Path, pom: bool) -> Path:
    req = load_requirement(REPO / "requirements" / f"{name}.md")
    return regenerate(
        GOLDEN / "runs" / name, out, title=req.title, source=f"requirements/{name}.md", pom=pom
    )


def compare(produced: Path, expected: Path) -> None:
    if UPDATE:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(produced.read_bytes())
    assert expected.is_file(), f"{expected} is missing: run with PACTS_UPDATE_GOLDEN=1"
    assert produced.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")


def test_golden_generated_test(tmp_path: Path) -> None:
    path = render("demo_login", tmp_path, pom=False)
    compare(path, EXAMPLES / "test_demo_login.py")
    compare(tmp_path / "conftest.py", EXAMPLES / "conftest.py")


@pytest.mark.parametrize("name", ["demo_login", "demo_preferences"])
def test_rendering_is_stable(tmp_path: Path, name: str) -> None:
    first = render(name, tmp_path / "a", pom=False).read_bytes()
    second = render(name, tmp_path / "b", pom=False).read_bytes()
    assert first == second


def test_golden_page_objects(tmp_path: Path) -> None:
    for name in ("demo_login", "demo_preferences"):
        render(name, tmp_path, pom=True)
    produced = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.py"))
    assert [str(p) for p in produced] == [
        "conftest.py",
        "pages/__init__.py",
        "pages/site_127_0_0_1/__init__.py",
        "pages/site_127_0_0_1/account.py",
        "pages/site_127_0_0_1/login.py",
        "pages/site_127_0_0_1/preferences.py",
        "test_demo_login.py",
        "test_demo_preferences.py",
    ]
    for rel in produced:
        compare(tmp_path / rel, EXAMPLES / "pom" / rel)
