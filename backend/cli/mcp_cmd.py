"""`pacts mcp`: serve PACTS to MCP clients over stdio, or streamable HTTP with --http PORT."""

from __future__ import annotations

import logging
from typing import Any

import click

logger = logging.getLogger(__name__)


@click.command("mcp")
@click.option(
    "--http",
    "http_port",
    type=click.IntRange(1, 65535),
    default=None,
    metavar="PORT",
    help="Serve streamable HTTP on PORT (endpoint /mcp) instead of stdio.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address for --http.")
@click.pass_obj
def mcp(obj: dict[str, Any], http_port: int | None, host: str) -> None:
    """Serve PACTS as an MCP server: plan, run_test, get_verdict, generate, ..."""
    from backend.mcp.server import serve

    serve(obj["settings"], http_port=http_port, host=host)
