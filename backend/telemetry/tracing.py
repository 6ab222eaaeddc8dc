"""LangSmith tracing of a run's graph, when LANGSMITH_API_KEY is set.

The tracer is handed to `graph.ainvoke` as a callback, so every node shows as a child run. The
LangSmith client sends from a thread of its own; whatever goes wrong there (a bad key, an
endpoint that is down) is collected and reported as one warning when the run ends, and never
fails the run.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from backend.settings import Settings

logger = logging.getLogger(__name__)

#: Seconds the end of a run waits for the traces to be sent.
FLUSH_TIMEOUT_S = 10.0
#: Retries of one request to LangSmith (its client's default is 3, with back-off: an endpoint
#: that cannot be reached held the end of every run for about 15 s).
RETRIES = 1
#: Why LangSmith could not be reached in this process: later runs (a suite) are not traced and
#: do not wait for it again.
_unreachable: list[str] = []


class _Collect(logging.Handler):
    """Holds the LangSmith client's own log lines instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0][:300])


class LangSmithTracing:
    """One run's tracer: `callbacks` for the graph, `close()` when the run is over."""

    def __init__(self, settings: Settings, run_id: str, requirement: str) -> None:
        from langchain_core.tracers.langchain import LangChainTracer
        from langsmith import Client

        assert settings.langsmith_api_key is not None
        self.errors: list[str] = []
        self._collect = _Collect()
        self._logger = logging.getLogger("langsmith")
        self._propagate = self._logger.propagate
        self._logger.addHandler(self._collect)
        self._logger.propagate = False
        self.client = Client(
            retry_config=_retry_config(),
            api_url=settings.langsmith_endpoint,
            api_key=settings.langsmith_api_key.get_secret_value(),
            tracing_error_callback=lambda exc: self.errors.append(_first_line(exc)),
        )
        self.tracer = LangChainTracer(
            project_name=settings.langsmith_project,
            client=self.client,
            tags=["pacts"],
            metadata={"pacts_run_id": run_id, "requirement": requirement},
        )

    @property
    def callbacks(self) -> list[Any]:
        return [self.tracer]

    async def close(self) -> None:
        """Send what is left, then report any failure as one warning."""
        try:
            await asyncio.to_thread(self._close_sync)
        finally:
            self._logger.removeHandler(self._collect)
            self._logger.propagate = self._propagate
        for message in self._collect.messages:  # the client's own notes, not failures
            logger.debug("langsmith: %s", message)
        if self.errors:
            logger.warning(
                "LangSmith tracing failed (%s); this run is not traced%s. "
                "Check LANGSMITH_API_KEY and LANGSMITH_ENDPOINT",
                self.errors[0],
                " (nor the rest of this process's)" if _down(self.errors) else "",
            )
            if _down(self.errors):
                _unreachable.append(self.errors[0])

    def _close_sync(self) -> None:
        self.tracer.wait_for_futures()
        self.client.close(timeout=FLUSH_TIMEOUT_S)


def _down(errors: list[str]) -> bool:
    """Whether LangSmith could not be reached at all (not a refusal of this run's data)."""
    return any(e.startswith("LangSmithConnectionError") for e in errors)


def _retry_config() -> Any:
    """The client's own retry policy (statuses, back-off), with fewer retries; None (the
    client's default) where its private default is not there to copy."""
    from langsmith import client

    default = getattr(client, "_default_retry_config", None)
    return default().new(total=RETRIES) if default is not None else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:160]}" if text else type(exc).__name__


def start_tracing(settings: Settings, run_id: str, requirement: str) -> LangSmithTracing | None:
    """A tracer when LANGSMITH_API_KEY is set; None otherwise, or when it cannot start."""
    if settings.langsmith_api_key is None:
        return None
    if _unreachable:
        logger.debug("LangSmith tracing is off: unreachable earlier (%s)", _unreachable[0])
        return None
    try:
        return LangSmithTracing(settings, run_id, requirement)
    except Exception as exc:  # tracing is optional: a run never fails because of it
        logger.warning("LangSmith tracing is off: %s", _first_line(exc))
        return None
