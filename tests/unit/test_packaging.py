"""The files a new machine, a container or CI relies on say what they should."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid_compose_spec() -> None:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [tool, "--builtin-schema", "vendor.compose-spec", str(REPO / "docker-compose.yml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_copies_only_what_exists() -> None:
    text = (REPO / "Dockerfile.runner").read_text()
    sources = [
        src for line in text.splitlines() if line.startswith("COPY ") for src in line.split()[1:-1]
    ]
    assert sources
    for src in sources:
        assert (REPO / src).exists(), src


def test_locks_pin_every_dependency_with_hashes_and_no_machine_paths() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (REPO / lock).read_text()
        assert "--index-url" not in text and "/opt/" not in text and "file://" not in text
        pinned = set(re.findall(r"^([a-z0-9][a-z0-9._-]*)==", text, re.M))
        blocks = [b for b in re.split(r"\n(?=[a-z0-9])", text) if "==" in b.split("\n")[0]]
        assert len(blocks) == len(pinned) > 10
        assert all("--hash=sha256:" in block for block in blocks)
        for dep in project["dependencies"]:
            name = re.split(r"[<>=\[ ]", dep)[0].lower()
            assert name in pinned, (lock, name)


def test_console_script_points_at_the_cli() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["pacts"] == "backend.cli.main:main"


def test_compose_runs_redis7_as_a_bounded_lru_and_postgres15_with_healthchecks() -> None:
    import yaml

    services = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]
    redis, postgres = services["redis"], services["postgres"]
    assert redis["image"].startswith("redis:7") and postgres["image"].startswith("postgres:15")
    command = redis["command"]
    assert command[command.index("--maxmemory") + 1] == "256mb"
    assert command[command.index("--maxmemory-policy") + 1] == "allkeys-lru"
    assert "healthcheck" in redis and "healthcheck" in postgres
    assert services["runner"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_test_modules_have_unique_basenames() -> None:
    # tests/unit and tests/e2e are not packages: pytest's default import mode refuses two test
    # files with one basename (a clean checkout fails at collection).
    names = [p.name for p in (REPO / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run(
        [tool, "--builtin-schema", schema, str(path)], capture_output=True, text=True, timeout=60
    )


def test_example_github_workflow_is_valid_against_its_published_schema() -> None:
    workflow = REPO / "docs" / "ci" / "github-actions.yml"
    result = _check_jsonschema("vendor.github-workflows", workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    # and the schema check can fail: a job without runs-on is refused
    import yaml

    broken = yaml.safe_load(workflow.read_text())
    del broken["jobs"]["requirements"]["runs-on"]
    bad = REPO / "docs" / "ci" / ".broken-workflow.yml"
    try:
        bad.write_text(yaml.safe_dump(broken))
        assert _check_jsonschema("vendor.github-workflows", bad).returncode != 0
    finally:
        bad.unlink()


def test_ci_workflow_runs_the_requirements_with_services_and_uploads_evidence() -> None:
    import yaml

    job = yaml.safe_load((REPO / "docs" / "ci" / "github-actions.yml").read_text())["jobs"][
        "requirements"
    ]
    assert set(job["services"]) == {"redis", "postgres"}
    steps = {s.get("name", s.get("uses", "")): s for s in job["steps"]}
    run = steps["Run the requirements"]["run"]
    assert "pacts test --req" in run and "--junit" in run and 'exit "$status"' in run
    uploads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert {u["with"]["path"] for u in uploads} == {"runs/", "junit/*.xml"}
    assert all(u["if"] == "always()" for u in uploads)


def test_compose_has_no_version_key_healthchecks_everywhere_and_a_metrics_service() -> None:
    import yaml

    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    assert "version" not in compose
    services = compose["services"]
    for name, service in services.items():
        assert "healthcheck" in service, name
        for dep in (service.get("depends_on") or {}).values():
            assert dep["condition"] == "service_healthy", name
    assert services["pacts-metrics"]["command"][:2] == ["pacts", "serve"]
    assert "pacts cache vacuum" in " ".join(services["pacts-maintenance"]["command"])
    assert "604800" in " ".join(services["pacts-maintenance"]["command"])  # weekly
    named = set(compose["volumes"])
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith(".") or source in named, volume
