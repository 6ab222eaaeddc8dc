"""Settings from the environment, and finding Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from backend.browser.session import launch_options
from backend.errors import BrowserError
from backend.settings import CHROMIUM_ARGS, Settings


def test_prefix_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTS_STEP_TIMEOUT_S", "2.5")
    monkeypatch.setenv("PACTS_HEADLESS", "false")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.step_timeout_s == 2.5 and settings.headless is False
    assert settings.anthropic_api_key is not None
    assert "sk-test" not in repr(settings)
    assert settings.redis_url is None and settings.database_url is None
    assert settings.sqlite_path == Path(".pacts/cache.sqlite3")


def test_dotenv_is_read(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("PACTS_MAX_HEAL_ROUNDS=2\n")
    assert Settings(_env_file=env).max_heal_rounds == 2  # type: ignore[call-arg]


def test_chromium_setting_wins_and_is_checked(tmp_path: Path) -> None:
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    settings = Settings(_env_file=None, chromium_path=str(fake))  # type: ignore[call-arg]
    options = launch_options(settings)
    assert options["executable_path"] == str(fake)
    assert options["args"] == list(CHROMIUM_ARGS)
    missing = Settings(_env_file=None, chromium_path=str(tmp_path / "nope"))  # type: ignore[call-arg]
    with pytest.raises(BrowserError) as err:
        launch_options(missing)
    assert err.value.exit_code == 3 and "apt-get install -y chromium" in str(err.value)


def test_chromium_found_on_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path) + os.pathsep + os.environ.get("PATH", ""))
    assert Settings(_env_file=None).find_chromium() == str(fake)  # type: ignore[call-arg]
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert Settings(_env_file=None).find_chromium() is None  # type: ignore[call-arg]


def test_evidence_defaults_are_playwright_tests_and_the_old_trace_switch_still_reads() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.screenshots == "on-failure" and settings.trace == "on-first-retry"
    full = settings.with_evidence("full")
    assert full.screenshots == "every-step" and full.trace == "on"
    assert settings.with_evidence("default") == settings
    for word, mode in (("false", "off"), ("0", "off"), ("true", "on"), ("yes", "on")):
        assert Settings(_env_file=None, trace=word).trace == mode  # type: ignore[call-arg]
    for mode in ("on-first-retry", "retain-on-failure", "on", "off"):
        assert Settings(_env_file=None, trace=mode).trace == mode  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Settings(_env_file=None, trace="on-failure")  # type: ignore[call-arg]


def test_the_planner_is_auto_when_an_api_key_is_set_and_none_was_chosen(monkeypatch) -> None:
    """Issue 12: with ANTHROPIC_API_KEY the default planner reads with rules, then the LLM."""
    from backend.settings import Settings

    for name in ("PACTS_PLANNER", "ANTHROPIC_API_KEY", "PACTS_ANTHROPIC_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert Settings(_env_file=None).planner == "rules"
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    assert Settings(_env_file=None).planner == "auto"
    monkeypatch.setenv("PACTS_PLANNER", "rules")
    assert Settings(_env_file=None).planner == "rules"  # a chosen planner stays chosen
