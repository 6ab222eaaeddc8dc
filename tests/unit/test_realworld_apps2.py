"""The Flask-Admin, Datasette and Shoelace real-world apps keep the shared module interface."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from backend.planning.loader import load_requirement

APPS = ("flaskadmin", "datasette", "shoelace")
REQS = Path(__file__).resolve().parents[1] / "realworld" / "requirements"


@pytest.mark.parametrize("name", APPS)
def test_app_module_interface(name: str) -> None:
    """Each module names itself, says its kind and speed, and has install/start/stop."""
    module = importlib.import_module(f"tests.realworld.apps.{name}")
    assert name == module.NAME
    assert isinstance(module.KIND, str) and module.KIND
    assert isinstance(module.FAST, bool)
    for func in ("install", "start", "stop"):
        assert callable(getattr(module, func))
    assert 8810 <= module.PORT <= 8839


def test_app_ports_differ() -> None:
    """No two of the apps share a port."""
    ports = [importlib.import_module(f"tests.realworld.apps.{n}").PORT for n in APPS]
    assert len(set(ports)) == len(ports)


@pytest.mark.parametrize("name", APPS)
def test_requirements_have_relative_url_and_tags(name: str) -> None:
    """Every case of the app has a relative url and the tags [realworld, <app>]."""
    files = sorted((REQS / name).glob("*.md"))
    assert len(files) >= 12
    for path in files:
        req = load_requirement(path)
        assert req.url and req.url.startswith("/"), path.name
        assert req.tags == ["realworld", name], path.name
