"""The launch options `pacts test` guesses from the environment and `.env` before its settings
are read (backend/browser/driver.py) are the ones the settings then give, or no guess at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from backend.browser.driver import guessed_options
from backend.browser.session import launch_options
from backend.settings import Settings


@pytest.fixture(autouse=True)
def no_pacts_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("PACTS_") or name.lower() == "browser_ws_endpoint":
            monkeypatch.delenv(name)


def _fake_chromium(tmp_path: Path) -> str:
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    return str(fake)


@pytest.mark.parametrize(
    ("environ", "dotenv", "headed"),
    [
        ({}, "", False),
        ({}, "", True),
        ({"PACTS_HEADLESS": "false"}, "", False),
        ({"pacts_headless": "Off"}, "", False),
        ({"PACTS_HEADLESS": "yes"}, "PACTS_HEADLESS=0\n", False),
        ({}, "PACTS_HEADLESS=0\n", False),
        ({}, "PACTS_CHROMIUM_PATH={fake}\n", False),
        ({"PACTS_CHROMIUM_PATH": "{fake}"}, "PACTS_CHROMIUM_PATH=/nope\n", False),
        ({"PACTS_CHROMIUM_PATH": "chromium"}, "", False),
        ({"PACTS_CHROMIUM_PATH": ""}, "", False),
    ],
)
def test_the_guess_is_what_the_settings_give(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    dotenv: str,
    headed: bool,
) -> None:
    fake = _fake_chromium(tmp_path)
    env_file = tmp_path / ".env"
    env_file.write_text(dotenv.replace("{fake}", fake))
    for name, value in environ.items():
        monkeypatch.setenv(name, value.replace("{fake}", fake))
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    if headed:  # as `pacts test --headed` does
        settings = settings.model_copy(update={"headless": False})
    guess = guessed_options(headed=headed, env_file=env_file)
    assert guess is not None and guess == launch_options(settings)


@pytest.mark.parametrize(
    ("environ", "dotenv"),
    [
        ({"PACTS_BROWSER_WS": "ws://127.0.0.1:9/"}, ""),
        ({"PACTS_BROWSER_WS_ENDPOINT": "ws://127.0.0.1:9/"}, ""),
        ({}, "PACTS_CDP_URL=http://127.0.0.1:9\n"),
    ],
)
def test_no_guess_when_a_remote_browser_is_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], dotenv: str
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(dotenv)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.browser_ws_endpoint or settings.cdp_url
    assert guessed_options(headed=False, env_file=env_file) is None


def test_no_guess_on_a_value_it_cannot_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PACTS_HEADLESS", "maybe")
    assert guessed_options(headed=False, env_file=tmp_path / ".env") is None
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("PACTS_HEADLESS", "true")
    monkeypatch.setenv("PACTS_CHROMIUM_PATH", "/nope/chromium")
    assert guessed_options(headed=False, env_file=tmp_path / ".env") is None
