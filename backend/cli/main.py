"""The `pacts` command line: the only place errors become messages and exit codes."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import time
import traceback
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click

from backend import __version__
from backend.errors import ConfigError, PactsError, StorageUnavailable, UsageError

T = TypeVar("T")
EXIT_PASS, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _ConsoleFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if record.levelno >= logging.ERROR:
            return f"Error: {text}"
        if record.levelno >= logging.WARNING:
            return f"Warning: {text}"
        return text


def setup_logging(verbose: int, quiet: bool) -> None:
    """Progress and [CACHE] lines on stderr; -v for debug, -q for warnings only."""
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ConsoleFormatter("%(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("backend").setLevel(level)
    if verbose > 1:
        root.setLevel(logging.DEBUG)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on a fresh event loop."""
    return asyncio.run(coro)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pacts")
@click.option("-v", "--verbose", count=True, help="More output (-vv: libraries too); tracebacks.")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings, errors and the result.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """PACTS: plain-English requirements in, executed browser tests and pytest files out."""
    setup_logging(verbose, quiet)
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    ctx.obj["quiet"] = quiet
    # `pacts test` reads them itself, while Playwright's driver starts (cli/testrun.py)
    ctx.obj["settings"] = None if ctx.invoked_subcommand == "test" else load_settings()


def load_settings() -> Any:
    """Settings from the environment and .env; a bad value is one line, exit 2 (3: a service)."""
    from pydantic import ValidationError

    from backend.settings import Settings
    from backend.telemetry.phases import phase

    try:
        with phase("CLI settings (environment, .env)"):
            return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        field = "PACTS_" + str(err["loc"][0]).upper() if err.get("loc") else "a setting"
        if field in ("PACTS_REDIS_URL", "PACTS_DATABASE_URL"):  # where a service is: exit 3
            raise StorageUnavailable(
                f"bad value for {field}",
                why=str(err["msg"]).removeprefix("Value error, "),
                fix="fix it in the environment or .env, e.g. "
                + _EXAMPLE_URL.get(field, "redis://127.0.0.1:6379/0"),
            ) from None
        raise ConfigError(
            f"bad value for {field}", why=err["msg"], fix="fix it in the environment or .env"
        ) from None


_EXAMPLE_URL = {"PACTS_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres"}


def _load(
    settings: Any, req: str | None, text: str | None, url: str | None, name: str | None = None
) -> Any:
    from backend.planning.loader import (
        find_requirement,
        load_requirement,
        requirement_from_text,
        text_name,
    )

    if bool(req) == bool(text):
        raise UsageError(
            'give exactly one of --req NAME|PATH and --text "..."', fix="see pacts test --help"
        )
    if text is not None:
        if not url:
            raise UsageError(
                "--text needs --url", fix="pass the page to start on: --url https://..."
            )
        return requirement_from_text(
            text, url, text_name(text, name), settings.max_requirement_bytes
        )
    assert req is not None
    if name is not None:
        raise UsageError("--name is for --text runs", fix="a requirement file is named by its file")
    return load_requirement(
        find_requirement(req, settings.requirements_dir), settings.max_requirement_bytes
    )


def _print_verdict(verdict: Any) -> None:
    colour = {"PASS": "green", "FAIL": "red", "ERROR": "yellow"}[verdict.verdict]
    click.echo()
    line = click.style(verdict.verdict, fg=colour, bold=True) + f"  {verdict.requirement}"
    line += f"  ({len(verdict.steps)} steps, {verdict.duration_ms / 1000:.2f} s)"
    click.echo(line)
    if verdict.root_cause:
        click.echo(f"  cause: {verdict.root_cause}: {verdict.explanation}")
        shot = verdict.evidence.get("screenshot")
        if shot:
            click.echo(f"  screenshot: {shot}")
        for cand in verdict.evidence.get("candidates") or []:
            click.echo(f"  candidate: {cand}")
    c = verdict.cache
    click.echo(
        f"  cache: {c.get('redis_hits', 0)} fast hits, {c.get('postgres_hits', 0)} persistent "
        f"hits, {c.get('misses', 0)} misses, {c.get('drift', 0)} drift, "
        f"hit rate {c.get('hit_rate', 0):.1f}%; discoveries: {verdict.discoveries}"
    )
    if verdict.generated_test:
        click.echo(f"  generated test: {verdict.generated_test}")
    healed = [str(s.index + 1) for s in verdict.steps if s.healed]
    if healed:
        click.echo(f"  healed steps: {', '.join(healed)} (see heal events in verdict.json)")
    if verdict.retry is not None and verdict.retry.trace:
        click.echo(f"  trace (traced re-run): {verdict.retry.trace}")
    click.echo(f"  run folder: {verdict.run_dir}")
    if verdict.run_dir and (Path(verdict.run_dir) / "report.html").is_file():
        click.echo(f"  report: {Path(verdict.run_dir) / 'report.html'}")


@cli.command()
@click.option(
    "--req",
    "refs",
    multiple=True,
    metavar="NAME|PATH",
    help="A requirement: requirements/NAME.md or a file (repeat for a suite).",
)
@click.option("--all", "every", is_flag=True, help="Every requirement in requirements/.")
@click.option("--tags", multiple=True, metavar="TAG", help="With --all/--req: only these tags.")
@click.option("--text", "text", metavar="ENGLISH", help="Ad-hoc English instead of a file.")
@click.option(
    "--name", "name", metavar="NAME", help="With --text: the test's name (default: its words)."
)
@click.option("--url", metavar="URL", help="Start page; overrides the requirement's url.")
@click.option("--allow-file-urls", is_flag=True, help="Let the run open file: URLs.")
@click.option(
    "--planner", type=click.Choice(["rules", "llm", "auto"]), default=None, help="Planner."
)
@click.option("--replan", is_flag=True, help="Ignore the plan cache: pay for a new LLM plan.")
@click.option("--headed", is_flag=True, help="Show the browser window.")
@click.option(
    "--loops", type=click.IntRange(1, 100), default=1, show_default=True, help="Run N times."
)
@click.option(
    "--evidence",
    type=click.Choice(["default", "full"]),
    default="default",
    show_default=True,
    help="full: a screenshot of every step and the trace kept on a pass too.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as JSON on stdout.")
@click.option("--force", is_flag=True, help="Write the generated test even when the run fails.")
@click.option("--pom", is_flag=True, help="Generate page objects under generated_tests/pages/.")
@click.option(
    "--junit",
    "junit",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JUnit XML here.",
)
@click.pass_obj
def test(obj: dict[str, Any], **opts: Any) -> None:
    """Run requirements in the browser; write a pytest file for each that passes."""
    from backend.cli.testrun import run_test

    started = time.perf_counter()  # the suite's "in X s": what the user waited, re-runs included
    run = {"url": opts["url"], "loops": opts["loops"], "force": opts["force"]}
    run["headed"] = opts["headed"]
    verdicts = run_async(run_test(lambda: _prepare_test(obj, opts), **run))
    if opts["junit"] is not None:
        from backend.reports.junit import write_junit

        write_junit(verdicts, opts["junit"])
    for verdict in verdicts:
        if opts["as_json"]:
            click.echo(verdict.model_dump_json(indent=2))
        else:
            _print_verdict(verdict)
    if len(verdicts) > 1 and not opts["as_json"]:
        from backend.cli.suite import summary_line  # pydantic: not before the driver starts

        click.echo("\n" + summary_line(verdicts, time.perf_counter() - started))
    sys.exit(EXIT_PASS if all(v.verdict == "PASS" for v in verdicts) else EXIT_FAIL)


def _prepare_test(obj: dict[str, Any], opts: dict[str, Any]) -> tuple[Any, list[Any], bool]:
    """`pacts test`'s settings (with its options), its requirements (a bad url is a usage
    error, before any browser) and whether to show the live line."""
    from backend.cli.suite import select_requirements
    from backend.planning.loader import start_url_for
    from backend.telemetry.phases import phase
    from backend.telemetry.progress import wanted

    settings = obj["settings"] if obj.get("settings") is not None else load_settings()
    settings = _planner_settings(settings, opts["planner"], opts["replan"])
    settings = settings.with_evidence(opts["evidence"])
    if opts["headed"]:
        settings = settings.model_copy(update={"headless": False})
    if opts["pom"]:
        settings = settings.model_copy(update={"pom": True})
    if opts["allow_file_urls"]:
        settings = settings.model_copy(update={"allow_file_urls": True})
    url = opts["url"]
    with phase("CLI requirements load"):
        requirements = select_requirements(
            settings, opts["refs"], opts["text"], url, opts["every"], opts["tags"], opts["name"]
        )
    for requirement in requirements:  # a bad url is a usage error, before any browser
        start_url_for(requirement, url, settings)
    live = wanted(settings.progress, obj.get("quiet", False), opts["as_json"])
    return settings, requirements, live


def _planner_settings(settings: Any, planner: str | None, replan: bool) -> Any:
    """Settings with --planner / --replan applied; `llm` without a key is a usage error."""
    from backend.planning.choice import check_mode

    update: dict[str, Any] = {"replan": replan or settings.replan}
    if planner:
        update["planner"] = planner
    settings = settings.model_copy(update=update)
    check_mode(settings.planner, settings)
    return settings


@cli.command()
@click.option(
    "--req", "req", metavar="NAME|PATH", help="A requirement: requirements/NAME.md or a file."
)
@click.option("--text", "text", metavar="ENGLISH", help="Ad-hoc English instead of a file.")
@click.option(
    "--planner", type=click.Choice(["rules", "llm", "auto"]), default=None, help="Planner."
)
@click.option("--replan", is_flag=True, help="Ignore the plan cache: pay for a new LLM plan.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_obj
def plan(
    obj: dict[str, Any],
    req: str | None,
    text: str | None,
    planner: str | None,
    replan: bool,
    as_json: bool,
) -> None:
    """Print the plan the planner makes, without opening a browser."""
    from backend.planning.modes import make_plan
    from backend.planning.table import plan_table
    from backend.storage.init import get_storage

    settings = _planner_settings(obj["settings"], planner, replan)
    requirement = _load(settings, req, text, url="about:blank" if text else None)

    async def go() -> tuple[Any, Any]:
        if settings.planner == "rules":
            return await make_plan(requirement, settings, "rules")
        storage = await get_storage(settings)
        try:
            return await make_plan(requirement, settings, settings.planner, storage.plan_store)
        finally:
            await storage.close()

    result, usage = run_async(go())
    if as_json:
        payload = result.model_dump(mode="json")
        payload["hash"] = result.hash
        if usage:
            payload["usage"] = usage
        click.echo(json.dumps(payload, indent=2))
        return
    plan_table(result, usage)


@cli.command()
@click.option("--req", "req", required=True, metavar="NAME|PATH", help="The requirement.")
@click.option("--pom", is_flag=True, help="Generate page objects under generated_tests/pages/.")
@click.pass_obj
def generate(obj: dict[str, Any], req: str, pom: bool) -> None:
    """Write the pytest file again from the last passing run, without a browser."""
    from backend.agents.generator import source_name
    from backend.codegen.regenerate import last_passing_run, regenerate
    from backend.errors import RequirementError
    from backend.planning.loader import find_requirement, load_requirement

    settings = obj["settings"]
    title: str | None = None
    source: str = req
    try:
        requirement = load_requirement(
            find_requirement(req, settings.requirements_dir), settings.max_requirement_bytes
        )
        name, title = requirement.name, requirement.title
        source = source_name(requirement.path, settings.requirements_dir) or req
    except RequirementError:
        name = Path(req).stem  # the file may be gone; the runs still know the name
    run_dir = last_passing_run(Path(settings.runs_dir), name)
    path = regenerate(
        run_dir, settings.generated_dir, title=title, source=source, pom=pom or settings.pom
    )
    click.echo(f"generated test: {path} (from run {run_dir.name})")


@cli.command()
@click.option(
    "--loops", type=click.IntRange(1, 10), default=2, show_default=True, help="Cold + warm."
)
@click.option("--serve", is_flag=True, help="Only serve the demo site until Ctrl-C.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (0: a free one).")
@click.pass_obj
def demo(obj: dict[str, Any], loops: int, serve: bool, port: int) -> None:
    """Serve the bundled demo site and run the demo requirements, cold then warm."""
    from backend.cli.demo import run_demo, serve_forever

    if serve:
        sys.exit(serve_forever(port))
    sys.exit(run_demo(obj["settings"], loops=loops, port=port))


@cli.group()
def cache() -> None:
    """Look at or empty the selector cache."""


@cache.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def cache_stats(obj: dict[str, Any], as_json: bool) -> None:
    """Hits, misses, drift and hit rate since the last reset, from every process."""
    from backend.storage.init import get_storage

    async def go() -> dict[str, Any]:
        storage = await get_storage(obj["settings"])
        try:
            stats = await storage.selector_cache.get_cache_stats()
            stats["records"] = await storage.selector_cache.record_counts()
            return stats
        finally:
            await storage.close()

    stats = run_async(go())
    overall = stats["overall"]
    if as_json:
        payload = {
            **overall,
            "tiers": stats["tiers"],
            "records": stats["records"],
            "skipped_tiers": stats["skipped_tiers"],
        }
        click.echo(json.dumps(payload, indent=2))
        return
    tiers = stats["tiers"]
    click.echo(f"tiers: fast={tiers['fast']} persistent={tiers['persistent']}")
    for skipped in stats["skipped_tiers"]:
        click.echo(f"  ({skipped} is unavailable: its figures are missing)")
    for name, count in stats["records"].items():
        click.echo(f"  {name + ' records':14s} {count}")
    for name in ("redis_hits", "postgres_hits", "misses", "drift", "heals"):
        click.echo(f"  {name:14s} {overall[name]}")
    click.echo(f"  {'hit_rate':14s} {overall['hit_rate']:.1f}%")


#: `--tier` names as v3 users know them; with the embedded default "redis" is the in-process
#: LRU and "postgres" the SQLite file, as in the stats.
_TIER_KINDS = {"redis": "fast", "postgres": "persistent", "all": "all"}


@cache.command("clear")
@click.option(
    "--tier", type=click.Choice(["redis", "postgres", "all"]), default="all", show_default=True
)
@click.option("--yes", is_flag=True, help="Do not ask.")
@click.pass_obj
def cache_clear(obj: dict[str, Any], tier: str, yes: bool) -> None:
    """Delete cached selectors (the next runs re-discover them) and reset the counters."""
    from backend.storage.init import get_storage

    if not yes and not click.confirm(f"Delete the cached selectors ({tier})?", default=False):
        raise UsageError("nothing deleted", fix="pass --yes to skip the question")

    async def go() -> dict[str, int]:
        storage = await get_storage(obj["settings"])
        try:
            removed = await storage.selector_cache.clear(_TIER_KINDS[tier])
            await storage.selector_cache.reset_stats()
            return removed
        finally:
            await storage.close()

    removed = run_async(go())
    click.echo(
        ", ".join(f"{name}: {n} removed" for name, n in removed.items()) or "nothing to clear"
    )


@cache.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def cache_export(obj: dict[str, Any], file: Path) -> None:
    """Write every cached selector to FILE (JSON lines), e.g. to seed another machine."""
    from backend.storage.init import get_storage
    from backend.storage.transfer import export_records

    async def go() -> int:
        storage = await get_storage(obj["settings"])
        try:
            return await export_records(storage.selector_cache, file)
        finally:
            await storage.close()

    try:
        count = run_async(go())
    except OSError as exc:
        raise UsageError(f"cannot write {file}", why=str(exc), fix="pick a writable path") from exc
    click.echo(f"{count} selector records written to {file}")


@cache.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def cache_import(obj: dict[str, Any], file: Path) -> None:
    """Load selectors from FILE (made by `pacts cache export`) into every tier."""
    from backend.storage.init import get_storage
    from backend.storage.transfer import import_records, read_export

    records = read_export(file)

    async def go() -> int:
        storage = await get_storage(obj["settings"])
        try:
            return await import_records(storage.selector_cache, records)
        finally:
            await storage.close()

    count = run_async(go())
    click.echo(f"{count} selector records imported from {file}")


@cache.command("vacuum")
@click.pass_obj
def cache_vacuum(obj: dict[str, Any]) -> None:
    """Prune runs and old selector versions past PACTS_RETENTION_DAYS; VACUUM ANALYZE."""
    from backend.telemetry.maintenance import vacuum

    result = run_async(vacuum(obj["settings"]))
    pruned = ", ".join(f"{n} {name}" for name, n in result.pruned.items())
    click.echo(f"{result.tier}: pruned {pruned} (older than {result.retention_days} days)")
    click.echo(f"vacuumed and analyzed: {', '.join(result.tables)}")


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=9464, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.pass_obj
def serve(obj: dict[str, Any], port: int, host: str) -> None:
    """Serve /metrics (Prometheus), /healthz and a live dashboard at / until Ctrl-C."""
    from backend.telemetry.server import bind
    from backend.telemetry.server import serve as serve_forever

    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(f"PACTS dashboard on http://{shown}:{bound_port}/ (/metrics, /healthz)", err=True)
    serve_forever(obj["settings"], sock)


@cli.command()
@click.argument("run_id", default="latest")
@click.pass_obj
def report(obj: dict[str, Any], run_id: str) -> None:
    """Print the report path and a summary of a run (RUN_ID, or `latest`)."""
    from backend.models import Verdict
    from backend.reports.summary import summary_lines

    runs_dir = Path(obj["settings"].runs_dir)
    runs = sorted(p.name for p in runs_dir.glob("*") if (p / "verdict.json").is_file())
    if run_id == "latest":
        if not runs:
            raise UsageError("no runs yet", why=f"{runs_dir} holds no run", fix="run pacts test")
        run_id = runs[-1]
    path = runs_dir / run_id / "verdict.json"
    if not path.is_file():
        hint = f"latest: {runs[-1]}" if runs else "no runs yet"
        raise UsageError(f"no run {run_id!r}", why=f"{path} does not exist", fix=hint)
    verdict = Verdict.model_validate_json(path.read_text(encoding="utf-8"))
    html = runs_dir / run_id / "report.html"
    click.echo(str(html if html.is_file() else path))
    for line in summary_lines(verdict):
        click.echo(line)


@cli.command()
def graph() -> None:
    """Print the LangGraph state machine as Mermaid."""
    from backend.graph.build import mermaid

    click.echo(mermaid())


def verbosity(argv: list[str]) -> int:
    """How many -v the command line gives (`-v -v`, `-vv`, `--verbose`), as click counts them."""
    count = 0
    for arg in argv:
        if arg == "--":
            break
        if arg == "--verbose":
            count += 1
        elif re.fullmatch(r"-v+", arg):
            count += len(arg) - 1
    return count


def _add_commands() -> None:
    """Commands that live in their own modules (imported light: click only)."""
    from backend.cli.mcp_cmd import mcp

    cli.add_command(mcp)


_add_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turn expected errors into one line and an exit code."""
    from backend.telemetry.phases import mark_imports_done

    mark_imports_done()  # PACTS_PROFILE: interpreter + imports so far; the table at exit
    verbose = verbosity(sys.argv[1:] if argv is None else argv) > 0
    try:
        cli.main(args=argv, prog_name="pacts", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.UsageError as exc:
        hint = f" Try '{exc.ctx.command_path} --help'." if exc.ctx else ""
        click.echo(f"Error: {exc.format_message()}.{hint}".replace("..", "."), err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        click.echo(f"Error: {exc.format_message()}", err=True)
        return exc.exit_code
    except PactsError as exc:
        if verbose:
            traceback.print_exc()
        click.echo(f"Error: {exc.one_line()}", err=True)
        return exc.exit_code
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
