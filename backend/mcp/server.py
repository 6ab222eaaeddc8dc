"""`pacts mcp`: PACTS as a Model Context Protocol server (the official `mcp` SDK's MCPServer).

Tools (their names and arguments are a public interface): `plan`, `run_test`, `get_verdict`,
`cache_stats`, `list_requirements`, `generate`. Resources: `pacts://generated` and
`pacts://generated/{name}` (generated tests), `pacts://runs`, `pacts://runs/{run_id}/verdict`
and `pacts://runs/{run_id}/report` (reports). Secret values never leave: every answer goes
through a Scrubber, and failures come back as one-line `Error: ...` texts.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError

from backend import __version__
from backend.errors import PactsError
from backend.mcp import tools
from backend.settings import Settings

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

INSTRUCTIONS = (
    "PACTS turns a plain-English test requirement into an executed browser test and a pytest "
    "file. list_requirements shows the requirement files; plan shows the steps a requirement "
    "reads as (no browser); run_test runs it in Chromium and returns the verdict (PASS, FAIL or "
    "ERROR with a root cause) and the report path; generate returns the pytest source of the "
    "last passing run."
)


def _answers(
    scrub: tools.Scrubber,
) -> Callable[[Callable[P, Awaitable[T]]], Callable[P, Awaitable[T]]]:
    """Scrub what a tool returns; turn PACTS errors into a one-line tool error."""

    def wrap(fn: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        @functools.wraps(fn)
        async def call(*args: P.args, **kwargs: P.kwargs) -> T:
            try:
                result = await fn(*args, **kwargs)
            except PactsError as exc:
                raise ToolError(scrub.text(f"Error: {exc.one_line()}")) from None
            scrubbed: T = scrub.payload(result)
            return scrubbed

        return call

    return wrap


def build_server(settings: Settings, env: Mapping[str, str] | None = None) -> MCPServer:
    """An MCPServer whose tools and resources work on `settings` (built once by the CLI)."""
    server: MCPServer = MCPServer(
        "pacts",
        title="PACTS",
        instructions=INSTRUCTIONS,
        version=__version__,
        log_level="WARNING",
    )
    scrub = tools.Scrubber(settings, env)
    answers = _answers(scrub)

    @server.tool(name="plan", description="The plan of a requirement (`req`) or English (`text`).")
    @answers
    async def plan_tool(
        req: str | None = None, text: str | None = None, url: str | None = None
    ) -> dict[str, Any]:
        return await tools.plan(settings, tools.load(settings, req, text, url))

    @server.tool(
        name="run_test",
        description="Run a requirement (`req`, or English `text` with `url`) in Chromium; "
        "`url` overrides the start page. Returns the verdict summary and the report path.",
    )
    @answers
    async def run_test_tool(
        req: str | None = None, text: str | None = None, url: str | None = None
    ) -> dict[str, Any]:
        if text is not None and not url:
            raise ToolError("Error: `text` needs `url`: pass the page to start on.")
        return await tools.run_test(settings, tools.load(settings, req, text, url), url)

    @server.tool(name="get_verdict", description="The verdict of a run (`latest` for the newest).")
    @answers
    async def get_verdict_tool(run_id: str = "latest") -> dict[str, Any]:
        return tools.get_verdict(settings, run_id)

    @server.tool(name="cache_stats", description="Selector cache counters and tiers (overall).")
    @answers
    async def cache_stats_tool() -> dict[str, Any]:
        return await tools.cache_stats(settings)

    @server.tool(name="list_requirements", description="The requirement files PACTS knows.")
    @answers
    async def list_requirements_tool() -> dict[str, Any]:
        return {"requirements": tools.list_requirements(settings)}

    @server.tool(
        name="generate",
        description="The pytest source of a requirement, rendered from its last passing run.",
    )
    @answers
    async def generate_tool(req: str) -> dict[str, Any]:
        return tools.generate(settings, req)

    _add_resources(server, settings, scrub)
    return server


def _add_resources(server: MCPServer, settings: Settings, scrub: tools.Scrubber) -> None:
    """Generated tests and run reports, read-only."""

    def read(fn: Callable[[], str]) -> str:
        try:
            return scrub.text(fn())
        except PactsError as exc:
            raise ResourceError(scrub.text(f"Error: {exc.one_line()}")) from None

    @server.resource("pacts://generated", name="generated tests", mime_type="application/json")
    def generated_index() -> str:
        return read(lambda: json.dumps(tools.generated_tests(settings), indent=2))

    @server.resource("pacts://generated/{name}", name="generated test", mime_type="text/x-python")
    def generated_test(name: str) -> str:
        return read(lambda: tools.generated_source(settings, name))

    @server.resource("pacts://runs", name="recent runs", mime_type="application/json")
    def runs_index() -> str:
        return read(lambda: json.dumps(tools.recent_runs(settings), indent=2))

    @server.resource(
        "pacts://runs/{run_id}/verdict", name="run verdict", mime_type="application/json"
    )
    def run_verdict(run_id: str) -> str:
        return read(lambda: tools.run_file(settings, run_id, "verdict.json"))

    @server.resource("pacts://runs/{run_id}/report", name="run report", mime_type="text/html")
    def run_report(run_id: str) -> str:
        return read(lambda: tools.run_file(settings, run_id, "report.html"))


def serve(settings: Settings, *, http_port: int | None = None, host: str = "127.0.0.1") -> None:
    """Serve over stdio, or over streamable HTTP at http://host:port/mcp."""
    server = build_server(settings)
    if http_port is None:
        server.run("stdio")
    else:
        logger.warning("PACTS MCP server on http://%s:%d/mcp", host, http_port)
        server.run("streamable-http", host=host, port=http_port)
