"""Settings from the environment (prefix `PACTS_`) and `.env`, built once by the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from backend.chromium import (
    CHROMIUM_ARGS,
    CHROMIUM_CANDIDATES,
    CHROMIUM_INSTALL_HINT,
    find_chromium,
)
from backend.similarity import THRESHOLD

#: The Chromium names live in backend/chromium.py (no pydantic), re-exported here.
__all__ = ["CHROMIUM_ARGS", "CHROMIUM_CANDIDATES", "CHROMIUM_INSTALL_HINT", "Settings"]

#: The schemes redis-py's `from_url` reads.
REDIS_SCHEMES = ("redis", "rediss", "unix")
POSTGRES_SCHEMES = ("postgresql", "postgres")


_BOOL_WORDS = {"true": "on", "1": "on", "yes": "on", "false": "off", "0": "off", "no": "off"}


class Settings(BaseSettings):
    """Every knob PACTS reads; see README for what each one does."""

    model_config = SettingsConfigDict(
        env_prefix="PACTS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    redis_url: str | None = None
    database_url: str | None = None
    #: Embedded default: SQLite file here, LRU in memory.
    home: Path = Path(".pacts")
    chromium_path: str | None = None
    #: A Playwright browser server (`python -m playwright run-server`): ws://host:port/.
    browser_ws_endpoint: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "PACTS_BROWSER_WS", "PACTS_BROWSER_WS_ENDPOINT", "browser_ws_endpoint"
        ),
    )
    #: An existing Chromium's DevTools endpoint (http://host:9222), attached over CDP.
    cdp_url: str | None = None
    headless: bool = True
    #: Per step (discovery + action + checks), in seconds.
    step_timeout_s: float = Field(default=10.0, gt=0)
    #: The whole run, in seconds.
    run_timeout_s: float = Field(default=300.0, gt=0)
    #: Navigation (page.goto), in seconds.
    navigation_timeout_s: float = Field(default=15.0, gt=0)
    #: "on-failure" (default): the failing step's screenshot, or the final page's on a pass;
    #: "every-step": one per step (`--evidence full`).
    screenshots: Literal["every-step", "on-failure"] = "on-failure"
    #: The Playwright trace (runs/<id>/trace.zip): "on-first-retry" (default) records none on
    #: the first attempt and re-runs a failing requirement once, traced, keeping the first
    #: attempt's verdict (runner.py); "retain-on-failure" records every run and keeps the trace
    #: only when it does not pass; "on" keeps it always (`--evidence full`); "off" records none.
    #: true/false read as on/off.
    trace: Literal["on", "off", "retain-on-failure", "on-first-retry"] = "on-first-retry"
    #: Heal rounds per failed step (settle/scroll/re-rank, then a full re-discovery).
    max_heal_rounds: int = Field(default=3, ge=0, le=10)
    cache_ttl_s: int = Field(default=7 * 24 * 3600, gt=0)
    lru_size: int = Field(default=2048, gt=0)
    #: Generate page objects under generated_tests/pages/ (`--pom`) instead of inline locators.
    pom: bool = False
    #: Seconds a cache tier that failed is left alone before it is tried again.
    cache_retry_s: float = Field(default=30.0, ge=0)
    #: Fingerprint similarity (backend/similarity.py) a cached element must keep to be used
    #: without re-discovery, and a healed one must reach; the default is argued there.
    fingerprint_threshold: float = Field(default=THRESHOLD, ge=0, le=1)
    #: Base for requirement urls that start with "/" (`url: /login`).
    base_url: str | None = None
    requirements_dir: Path = Path("requirements")
    generated_dir: Path = Path("generated_tests")
    screenshots_dir: Path = Path("screenshots")
    runs_dir: Path = Path("runs")
    #: rules | llm | auto. Unset: `auto` when ANTHROPIC_API_KEY is set (rules first, the LLM
    #: for the lines they cannot read, plan cached), else `rules`.
    planner: str = "rules"
    anthropic_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ANTHROPIC_API_KEY", "PACTS_ANTHROPIC_API_KEY")
    )
    llm_model: str = "claude-sonnet-4-5"
    #: Healer (issue 6): how long one heal retry of a step may take, in seconds. The heal
    #: threshold is `fingerprint_threshold`: no candidate below it is ever used.
    heal_retry_timeout_s: float = Field(default=2.0, gt=0)
    #: Live progress line on a terminal ("auto": only when stderr is a TTY and not -q/--json).
    progress: Literal["auto", "on", "off"] = "auto"
    #: The Messages API endpoint (a proxy, or a local server in tests); None: Anthropic's.
    anthropic_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("ANTHROPIC_BASE_URL", "PACTS_ANTHROPIC_BASE_URL"),
    )
    #: One LLM planner call, in seconds.
    llm_timeout_s: float = Field(default=60.0, gt=0)
    #: Retries on 408/409/429/5xx/overloaded/timeouts, with exponential backoff from llm_backoff_s.
    llm_max_retries: int = Field(default=3, ge=0, le=10)
    llm_backoff_s: float = Field(default=1.0, ge=0)
    llm_max_tokens: int = Field(default=4096, gt=0)
    #: Ignore the plan cache and pay for a new LLM plan (`--replan`).
    replan: bool = False
    #: Set: the LLM planner's calls are traced to LangSmith (off by default, never needed).
    langsmith_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("LANGSMITH_API_KEY", "PACTS_LANGSMITH_API_KEY")
    )

    @field_validator("trace", mode="before")
    @classmethod
    def _trace_bool(cls, value: object) -> object:
        """PACTS_TRACE=true/false (the old switch) still works."""
        if isinstance(value, bool):
            return "on" if value else "off"
        if isinstance(value, str) and value.strip().lower() in _BOOL_WORDS:
            return _BOOL_WORDS[value.strip().lower()]
        return value

    def with_evidence(self, level: str) -> Settings:
        """`--evidence full`: a screenshot of every step, and the trace kept on a pass too."""
        if level == "full":
            return self.model_copy(update={"screenshots": "every-step", "trace": "on"})
        return self

    #: Issue 14 limits on untrusted input. A requirement file larger than this is refused.
    max_requirement_bytes: int = Field(default=256 * 1024, gt=0)
    #: A plan with more steps is refused (the graph's recursion limit is derived from it).
    max_steps: int = Field(default=1000, gt=0, le=100_000)
    #: How many unreadable lines a planning error quotes (the rest are counted).
    max_error_lines: int = Field(default=5, gt=0)
    #: Open `file:` URLs (`--allow-file-urls`); off, they are refused.
    allow_file_urls: bool = False

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        """A Redis URL must name its scheme; redis-py would fail later, with a traceback."""
        if value and urlsplit(value).scheme not in REDIS_SCHEMES:
            raise ValueError(
                f"{value.split('@')[-1]!r} is not a Redis URL (it must start with "
                + ", ".join(f"{s}://" for s in REDIS_SCHEMES)
                + ")"
            )
        if value:
            # A bad port or query option fails in redis-py's from_url, with a traceback.
            from redis.asyncio.connection import parse_url

            host = value.split("@")[-1]  # never the password
            try:
                options = parse_url(value)
            except ValueError as exc:
                raise ValueError(f"{host!r} is not a usable Redis URL: {exc}") from None
            unknown = sorted(set(options) - _redis_options())
            if unknown:  # redis-py would pass it to the connection, a TypeError at connect
                raise ValueError(f"{host!r} has an option Redis does not know: {unknown[0]}")
        return value or None

    @field_validator("database_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        """A Postgres URL with another scheme or a bad port would fail later in asyncpg, or be
        taken as a dead server and skipped with a warning."""
        if not value:
            return None
        parts = urlsplit(value)
        host = value.split("@")[-1]  # never the password
        if parts.scheme not in POSTGRES_SCHEMES:
            raise ValueError(
                f"{host!r} is not a Postgres URL (it must start with postgresql:// or postgres://)"
            )
        try:
            parts.port  # noqa: B018 - urlsplit parses the port only when asked
        except ValueError as exc:
            raise ValueError(f"{host!r} is not a usable Postgres URL: {exc}") from None
        return value

    #: Where LangSmith traces go (None: LangSmith's own endpoint) and under which project.
    langsmith_endpoint: str | None = Field(
        default=None,
        validation_alias=AliasChoices("LANGSMITH_ENDPOINT", "PACTS_LANGSMITH_ENDPOINT"),
    )
    langsmith_project: str = Field(
        default="pacts",
        validation_alias=AliasChoices("LANGSMITH_PROJECT", "PACTS_LANGSMITH_PROJECT"),
    )
    #: `pacts serve`: seconds between two aggregations of every process's metrics.
    metrics_interval_s: float = Field(default=60.0, gt=0)
    #: Runs and past selector versions older than this are pruned by `pacts cache vacuum`.
    retention_days: int = Field(default=90, ge=1)

    @model_validator(mode="after")
    def _auto_with_a_key(self) -> Settings:
        """With an API key and no planner chosen, the default planner is `auto`."""
        if "planner" not in self.model_fields_set and self.anthropic_api_key is not None:
            self.planner = "auto"
        return self

    @property
    def sqlite_path(self) -> Path:
        return self.home / "cache.sqlite3"

    def find_chromium(self) -> str | None:
        """The Chromium executable to launch: the setting, else the first one on PATH."""
        return find_chromium(self.chromium_path)


def _redis_options() -> set[str]:
    """The options a Redis URL may carry: the host part's, then what redis-py's connection
    classes accept as keywords (an unknown one is a TypeError when the first command runs)."""
    import inspect

    from redis.asyncio import connection

    known = {"host", "port", "path", "username", "password", "db", "connection_class"}
    known |= set(connection.URL_QUERY_ARGUMENT_PARSERS)
    for cls in (connection.AbstractConnection, connection.Connection, connection.SSLConnection):
        known |= set(inspect.signature(cls.__init__).parameters) - {"self", "kwargs"}
    return known
