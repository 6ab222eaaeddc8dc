"""Shared fixtures: isolated settings, the demo site on 127.0.0.1, a real browser session."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from backend.settings import Settings

REPO = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO / "requirements"

# Subprocesses (`python -m backend.cli.main`) import this checkout's backend, not the tree an
# editable install points at: a git worktree's e2e tests would otherwise run another tree.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose every output (cache, runs, screenshots, generated tests) is in tmp_path."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        home=tmp_path / ".pacts",
        runs_dir=tmp_path / "runs",
        screenshots_dir=tmp_path / "screenshots",
        generated_dir=tmp_path / "generated_tests",
        requirements_dir=REQUIREMENTS,
        step_timeout_s=5,
        redis_url=None,
        database_url=None,
    )


@pytest.fixture(scope="session")
def demo_url() -> Iterator[str]:
    """The bundled demo site, served for the whole session."""
    from backend.demo.server import DemoServer

    with DemoServer() as server:
        yield server.url


@pytest.fixture
def demo_settings(settings: Settings, demo_url: str) -> Settings:
    return settings.model_copy(update={"base_url": demo_url})


@pytest.fixture
def demo_env() -> dict[str, str]:
    """The environment a demo run reads `${VAR}` from."""
    from backend.demo.server import DEMO_PASSWORD

    return {**os.environ, "DEMO_PASSWORD": DEMO_PASSWORD}


@pytest.fixture
async def browser_session(settings: Settings) -> AsyncIterator[object]:
    """One real Chromium for a test."""
    from backend.browser.session import launch

    session = await launch(settings)
    try:
        yield session
    finally:
        await session.close()
