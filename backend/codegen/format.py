"""ruff's formatter on generated source, so the files read like the rest of a user's repo."""

from __future__ import annotations

import logging
import subprocess
from functools import lru_cache

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


def format_source(text: str, filename: str) -> str:
    """`text` as `ruff format --isolated` writes it (ruff's defaults: 88 columns).

    ruff is a dependency of PACTS, pinned by the lock file, so the same plan still renders the
    same bytes. Without it the text is returned as it is (valid, only less tidy), with a warning.
    """
    binary = _ruff()
    if binary is None:
        logger.warning("ruff is not installed; the generated %s is not formatted", filename)
        return text
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
