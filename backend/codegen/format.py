"""ruff's formatter on generated source, so the files read like the rest of a user's repo."""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import subprocess
from functools import lru_cache
from pathlib import Path

from backend.telemetry.phases import phase

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _ruff() -> str | None:
    try:
        from ruff.__main__ import find_ruff_bin
    except ImportError:
        return None
    try:
        return str(find_ruff_bin())
    except FileNotFoundError:
        return None


def _cache_key(text: str, filename: str) -> str:
    try:
        version = importlib.metadata.version("ruff")
    except importlib.metadata.PackageNotFoundError:
        version = "none"
    return hashlib.sha256(f"{version}\0{filename}\0{text}".encode()).hexdigest()


def format_source(text: str, filename: str, cache_dir: Path | None = None) -> str:
    """`text` as `ruff format --isolated` writes it (ruff's defaults: 88 columns).

    ruff is a dependency of PACTS, pinned by the lock file, so the same plan still renders the
    same bytes. Without it the text is returned as it is (valid, only less tidy), with a warning.
    With `cache_dir`, a text formatted before (same text, name and ruff version) is read back
    instead of starting ruff again: a warm run's unchanged test costs no subprocess.
    """
    cached = cache_dir / f"{_cache_key(text, filename)}.py" if cache_dir else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    formatted = _format(text, filename)
    if cached is not None and formatted is not text:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(formatted, encoding="utf-8")
    return formatted


def _format(text: str, filename: str) -> str:
    binary = _ruff()
    if binary is None:
        logger.warning("ruff is not installed; the generated %s is not formatted", filename)
        return text
    with phase("ruff format subprocess"):
        proc = subprocess.run(
            [binary, "format", "--isolated", "--stdin-filename", filename, "-"],
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
    if proc.returncode != 0:
        logger.warning("ruff could not format %s: %s", filename, proc.stderr.strip()[:200])
        return text
    return proc.stdout
