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
