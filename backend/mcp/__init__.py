"""PACTS as an MCP server: tools and resources for coding agents (`pacts mcp`)."""
