"""`pacts serve`: `/metrics` (Prometheus text), `/healthz`, and the live dashboard at `/`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from backend.errors import EnvironmentProblem
from backend.settings import Settings
from backend.telemetry.collector import Aggregator
from backend.telemetry.dashboard import summary
from backend.telemetry.exposition import render
from backend.telemetry.health import health

logger = logging.getLogger(__name__)

#: The dashboard polls at the collector's pace, but at least this often (seconds).
MAX_REFRESH_S = 5.0
#: Files of a run folder the dashboard may link to.
RUN_FILES = frozenset({"report.html", "verdict.json", "plan.json", "run.log"})


def create_app(settings: Settings) -> Starlette:
    """The ASGI app: opens the storage at startup, runs the collector, closes both at exit."""
    from backend.storage.init import get_storage

    state: dict[str, Any] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        storage = await get_storage(settings)
        aggregator = Aggregator(storage.selector_cache)
        await aggregator.collect()
        task = asyncio.create_task(aggregator.run_forever(settings.metrics_interval_s))
        state.update(storage=storage, aggregator=aggregator)
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await storage.close()

    async def metrics(request: Request) -> Response:
        from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

        return Response(render(state["aggregator"].collector), media_type=CONTENT_TYPE_PLAIN_0_0_4)

    async def healthz(request: Request) -> Response:
        ok, report = await health(settings, state["aggregator"].cache)
        return JSONResponse(report, status_code=200 if ok else 503)

    async def api_summary(request: Request) -> Response:
        refresh = min(settings.metrics_interval_s, MAX_REFRESH_S)
        return JSONResponse(summary(state["aggregator"].snapshot, refresh))

    async def index(request: Request) -> Response:
        page = resources.files("backend.telemetry").joinpath("dashboard.html")
        return HTMLResponse(page.read_text(encoding="utf-8"))

    async def run_file(request: Request) -> Response:
        run_id, name = request.path_params["run_id"], request.path_params["name"]
        runs = Path(settings.runs_dir).resolve()
        path = (runs / run_id / name).resolve()
        if name not in RUN_FILES or path.parent.parent != runs or not path.is_file():
            return JSONResponse({"error": "no such run file"}, status_code=404)
        return FileResponse(path)

    return Starlette(
        routes=[
            Route("/", index),
            Route("/metrics", metrics),
            Route("/healthz", healthz),
            Route("/api/summary", api_summary),
            Route("/runs/{run_id}/{name}", run_file),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
        ],
        lifespan=lifespan,
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or a one-line error saying why not (the port is taken, ...)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise EnvironmentProblem(
            f"cannot listen on {host}:{port}",
            why=exc.strerror or str(exc),
            fix="pick another --port, or stop what uses it",
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(settings: Settings, sock: socket.socket) -> None:
    """Serve until SIGINT / SIGTERM, then close the storage and return (exit status 0)."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # uvicorn raises the signal again once it has shut down, so Ctrl-C would end in
            # "Aborted." and exit 130 and SIGTERM in death by signal; a stop asked for is a
            # clean exit here. A second Ctrl-C still forces the exit (handle_exit).
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            handled = (signal.SIGINT, signal.SIGTERM)
            previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    config = uvicorn.Config(
        create_app(settings),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
    Server(config).run(sockets=[sock])
