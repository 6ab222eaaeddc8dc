"""The shape the code keeps (issue 18): small functions and modules, layers that import one way,
tests that do not import each other. Checked by reading the source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers.cli import REPO

BACKEND = REPO / "backend"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 600

#: cli -> graph.build/runner -> agents -> run data and dependencies (graph.state/context) ->
#: the working layers -> models/settings/errors. A module may import its own layer or below.
LAYERS: list[tuple[str, ...]] = [
    (
        "backend.models",
        "backend.settings",
        "backend.chromium",
        "backend.errors",
        "backend.text",
        "backend.literals",
        "backend.kinds",
        "backend.actions",
        "backend.secrets",
        "backend.similarity",
        "backend.sources",
    ),
    (
        "backend.planning",
        "backend.discovery",
        "backend.healing",
        "backend.storage",
        "backend.browser",
        "backend.codegen",
        "backend.reports",
        "backend.telemetry",
        "backend.demo",
    ),
    ("backend.graph.state", "backend.graph.context"),
    ("backend.agents",),
    ("backend.graph.build", "backend.runner"),
    ("backend.cli", "backend.mcp", "backend.pytest_plugin"),
]


def _modules(root: Path) -> list[tuple[str, Path]]:
    out = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out.append((name, path))
    return out


def _layer(module: str) -> int | None:
    for level, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return level
    return None


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_every_backend_module_has_a_layer() -> None:
    unplaced = [
        name
        for name, path in _modules(BACKEND)
        if path.name != "__init__.py" and _layer(name) is None
    ]
    assert unplaced == []


def test_layers_import_only_their_own_level_or_below() -> None:
    upward = []
    for name, path in _modules(BACKEND):
        own = _layer(name)
        if own is None:
            continue
        for imported in _imports(path):
            level = _layer(imported)
            if level is not None and level > own:
                upward.append(f"{name} imports {imported}")
    assert sorted(set(upward)) == []


def test_no_function_or_module_is_too_long() -> None:
    long_ones = []
    for name, path in _modules(BACKEND):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_ones.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_ones.append(f"{name}.{node.name}: {length} lines")
    assert long_ones == []


@pytest.mark.parametrize("folder", ["unit", "integration", "e2e"])
def test_no_test_module_imports_another(folder: str) -> None:
    imports = []
    for path in sorted((REPO / "tests" / folder).rglob("test_*.py")):
        for imported in _imports(path):
            leaf = imported.rsplit(".", 1)[-1]
            if imported.startswith("tests.") and leaf.startswith("test_"):
                imports.append(f"{path.name} imports {imported}")
    assert imports == []
