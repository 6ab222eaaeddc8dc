"""`pacts mcp` through the official SDK's own clients: in-process, over stdio, over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp import Client, ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from backend.mcp.server import build_server
from backend.settings import Settings
from tests.helpers.cli import REPO
from tests.integration.conftest import free_port

TOOLS = {"plan", "run_test", "get_verdict", "cache_stats", "list_requirements", "generate"}


def answer(result: object) -> dict:  # type: ignore[type-arg]
    """The JSON a tool answered, asserting it is not an error."""
    assert not result.is_error, result.content[0].text  # type: ignore[attr-defined]
    return json.loads(result.content[0].text)  # type: ignore[attr-defined,no-any-return]


def all_text(*results: object) -> str:
    return "\n".join(
        getattr(block, "text", "")
        for result in results
        for block in getattr(result, "content", None) or getattr(result, "contents", [])
    )


@pytest.mark.e2e
async def test_in_process_plan_run_verdict_generate_and_no_secret_comes_back(
    demo_settings: Settings, demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.demo.server import DEMO_PASSWORD

    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    async with Client(build_server(demo_settings)) as client:
        listed = await client.list_tools()
        assert {t.name for t in listed.tools} == TOOLS
        plan = await client.call_tool("plan", {"req": "demo_login"})
        steps = answer(plan)["steps"]
        assert [s["action"] for s in steps][:3] == ["fill", "fill", "click"]
        assert "${DEMO_PASSWORD}" in plan.content[0].text  # the name, never the value
        run = await client.call_tool("run_test", {"req": "demo_login"})
        summary = answer(run)
        assert summary["verdict"] == "PASS", summary
        assert summary["report"] and Path(summary["report"]).is_file()
        verdict = await client.call_tool("get_verdict", {"run_id": summary["run_id"]})
        assert answer(verdict)["verdict"] == "PASS"
        assert len(answer(verdict)["steps"]) == summary["steps"]
        latest = await client.call_tool("get_verdict", {})
        assert answer(latest)["run_id"] == summary["run_id"]
        generated = await client.call_tool("generate", {"req": "demo_login"})
        source = answer(generated)["source"]
        assert "def test_" in source and "os.environ" in source
        stats = answer(await client.call_tool("cache_stats", {}))
        assert stats["overall"]["misses"] > 0 and stats["tiers"]["persistent"] == "sqlite"
        names = [
            r["name"]
            for r in answer(await client.call_tool("list_requirements", {}))["requirements"]
        ]
        assert "demo_login" in names and "demo_search" in names
        report = await client.read_resource(summary["resources"]["report"])
        stored = await client.read_resource(summary["resources"]["verdict"])
        test_file = await client.read_resource("pacts://generated/test_demo_login")
        assert "<html" in all_text(report).lower() and source == all_text(test_file)
        every = all_text(plan, run, verdict, latest, generated, report, stored, test_file)
        assert DEMO_PASSWORD not in every


async def test_errors_are_one_line_tool_errors(settings: Settings) -> None:
    async with Client(build_server(settings)) as client:
        missing = await client.call_tool("run_test", {"req": "no_such_requirement"})
        assert missing.is_error
        text = missing.content[0].text  # type: ignore[union-attr]
        assert "Error: " in text and "no_such_requirement" in text and "\n" not in text
        both = await client.call_tool("plan", {"req": "demo_search", "text": "Click Go"})
        assert both.is_error and "exactly one" in both.content[0].text  # type: ignore[union-attr]
        escape = await client.call_tool("get_verdict", {"run_id": "../../etc"})
        assert escape.is_error and "bad run id" in escape.content[0].text  # type: ignore[union-attr]


def _server_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTS_")}
    env["PYTHONPATH"] = str(REPO)
    env["PACTS_HOME"] = str(workdir / ".pacts")
    return env


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "requirements").symlink_to(REPO / "requirements")
    return tmp_path


@pytest.mark.e2e
async def test_stdio_server_plans_and_runs_a_demo_requirement(workdir: Path, demo_url: str) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "backend.cli.main", "-q", "mcp"],
        env=_server_env(workdir),
        cwd=workdir,
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        listed = await session.list_tools()
        assert {t.name for t in listed.tools} == TOOLS
        plan = answer(await session.call_tool("plan", {"req": "demo_search"}))
        assert len(plan["steps"]) == 5 and plan["hash"]
        url = f"{demo_url}/wiki/Main_Page"
        run = answer(await session.call_tool("run_test", {"req": "demo_search", "url": url}))
        assert run["verdict"] == "PASS", run
        assert (workdir / run["run_dir"] / "report.html").is_file()
        assert (workdir / run["generated_test"]).is_file()


@pytest.fixture
def http_server(workdir: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli.main", "-q", "mcp", "--http", str(port)],
        cwd=workdir,
        env=_server_env(workdir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        import socket

        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the HTTP server did not start"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


async def test_streamable_http_lists_tools_and_requirements(http_server: str) -> None:
    async with Client(http_server) as client:
        assert {t.name for t in (await client.list_tools()).tools} == TOOLS
        listed = answer(await client.call_tool("list_requirements", {}))
        assert "demo_search" in [r["name"] for r in listed["requirements"]]
        plan = answer(await client.call_tool("plan", {"text": "Click the Go button"}))
        assert plan["steps"][-1]["action"] == "click"
