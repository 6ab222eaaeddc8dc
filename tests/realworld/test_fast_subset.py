"""The real-world suite's fast subset in `make test`: for each app whose service starts in
seconds (FAST), install it if missing, serve it and run one of its cases cold then warm
through the same functions as `make realworld`."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.realworld import run, service

pytestmark = [pytest.mark.e2e, pytest.mark.realworld]

FAST_APPS = [app for app in run.load_apps() if app.FAST]


def _param(app: ModuleType) -> object:
    """The app as a parameter; a case known to fail because of PACTS (FAST_CASE_XFAIL, the
    root cause) is a strict xfail on its assertion only, so a fix turns it into a failure that
    asks to drop the mark, and an install failure still fails."""
    why = getattr(app, "FAST_CASE_XFAIL", None)
    marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=why)] if why else []
    return pytest.param(app, id=app.NAME, marks=marks)


def fast_case(app: ModuleType) -> str:
    """The app's FAST_CASE, else its first requirement."""
    name = getattr(app, "FAST_CASE", None)
    files = run.requirement_files(app)
    if name is None:
        assert files, f"{app.NAME} has no requirement files"
        return files[0].stem
    return str(name)


@pytest.fixture(params=[_param(app) for app in FAST_APPS])
def served(request: pytest.FixtureRequest) -> Iterator[tuple[ModuleType, str]]:
    """The app installed (a failure, never a skip, when it cannot be) and started."""
    app: ModuleType = request.param
    try:
        base_url, _ = run.prepare(app)
    except service.InstallError as exc:
        pytest.fail(f"{app.NAME} could not be installed or started: {exc}", pytrace=False)
    yield app, base_url
    app.stop()


def test_fast_apps_exist() -> None:
    assert FAST_APPS, "no app in tests/realworld/apps is marked FAST"


def test_one_case_passes_cold_then_warm(served: tuple[ModuleType, str]) -> None:
    app, base_url = served
    req = run.REQUIREMENTS / app.NAME / f"{fast_case(app)}.md"
    assert req.is_file(), f"{req} is missing"
    result = run.run_case(app, req, base_url)
    assert result.passed, run.reason(result)
    assert result.cold.discoveries and result.cold.discoveries > 0
    assert result.warm.discoveries == 0, "the warm run discovered again: the cache missed"
