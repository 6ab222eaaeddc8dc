"""`--planner auto` end to end: rules + the LLM (real SDK, local server) on the demo site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.anthropic_server import FakeAnthropic, tool_reply

REQUIREMENT = """---
url: /login
---
# Sign in, with one line the rules cannot read
1. Enter "alice" into the Username field
2. Enter "${DEMO_PASSWORD}" into the Password field
3. Get past the sign-in form
4. Verify the heading is "Welcome, alice"
"""
SIGN_IN = {"action": "click", "target": {"kind": "button", "name": "Sign in"}, "line": 1}


def pacts(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli.main", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def json_documents(text: str) -> list[dict[str, Any]]:
    decoder, docs, i = json.JSONDecoder(), [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        doc, i = decoder.raw_decode(text, i)
        docs.append(doc)
    return docs


@pytest.mark.e2e
def test_auto_merges_the_llm_line_passes_and_pays_once(
    tmp_path: Path, demo_url: str, demo_env: dict[str, str]
) -> None:
    (tmp_path / "signin.md").write_text(REQUIREMENT, encoding="utf-8")
    with FakeAnthropic() as server:
        server.default = tool_reply({"steps": [SIGN_IN]}, tokens=(900, 60))
        env = {
            **demo_env,
            "ANTHROPIC_API_KEY": "sk-test-e2e",
            "ANTHROPIC_BASE_URL": server.url,
            "PACTS_LLM_BACKOFF_S": "0.05",
        }
        run = ("test", "--req", "signin.md", "--planner", "auto", "--url", f"{demo_url}/login")
        result = pacts(*run, "--loops", "2", "--json", cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        first, second = json_documents(result.stdout)
        assert first["verdict"] == second["verdict"] == "PASS"
        assert first["planner"]["calls"] == 1 and not first["planner"]["cached"]
        assert first["planner"]["lines"] == [3]
        assert first["planner"]["input_tokens"] == 900 and first["planner"]["cost_usd"] > 0
        assert second["planner"]["cached"] and second["planner"]["calls"] == 0
        assert len(server.requests) == 1  # loop 2 made 0 LLM calls
        plan = json.loads((tmp_path / first["run_dir"] / "plan.json").read_text())
        assert [s["action"] for s in plan["steps"]] == [
            "navigate",
            "fill",
            "fill",
            "click",
            "assert_text",
        ]
        assert plan["steps"][3]["source"] == "Get past the sign-in form"
        assert "sk-test-e2e" not in result.stdout + result.stderr

        shown = pacts(
            "plan", "--req", "signin.md", "--planner", "auto", "--json", cwd=tmp_path, env=env
        )
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["usage"]["cached"] is True
        assert len(server.requests) == 1  # another process: still the cached plan

        table = pacts(
            "plan", "--req", "signin.md", "--planner", "auto", "--replan", cwd=tmp_path, env=env
        )
        assert table.returncode == 0, table.stderr
        assert "Get past the sign-in form" in table.stdout and "1 LLM call(s)" in table.stdout
        assert len(server.requests) == 2  # --replan paid again
