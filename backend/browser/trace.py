"""The Playwright trace without secrets: every member of trace.zip scrubbed before it stays.

Playwright records `fill` values in `trace.trace`, input values in DOM snapshots
(`__playwright_value_`), and request and response bodies in `trace.network` and
`resources/*` (a POSTed password, a page that echoes it). Each member is rewritten with every
form of every secret (`backend.secrets`) replaced by `***`.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from backend.secrets import redact_bytes

logger = logging.getLogger(__name__)


def strip_trace(path: Path, secrets: Iterable[str]) -> bool:
    """Rewrite the trace at `path` without the secrets; a trace that cannot be cleaned is deleted.

    Returns whether a trace is left. Without secrets the file is left as it is.
    """
    values = [s for s in secrets if s]
    if not values or not path.is_file():
        return path.is_file()
    tmp = path.with_name(path.name + ".tmp")
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                data = redact_bytes(src.read(info), values)
                out.writestr(_clean_info(info, values), data)
        os.replace(tmp, path)
        return True
    except (OSError, zipfile.BadZipFile) as exc:
        # A trace that may hold a secret is worth less than the secret: drop it.
        logger.warning("trace %s could not be cleaned of secrets (%s); it was deleted", path, exc)
        for leftover in (tmp, path):
            leftover.unlink(missing_ok=True)
        return False


def _clean_info(info: zipfile.ZipInfo, secrets: list[str]) -> zipfile.ZipInfo:
    """The member's header with a clean name (resources are named by content hash, but check)."""
    name = redact_bytes(info.filename.encode("utf-8"), secrets).decode("utf-8", "replace")
    clean = zipfile.ZipInfo(name.replace("*", "_"), date_time=info.date_time)
    clean.compress_type = zipfile.ZIP_DEFLATED
    clean.external_attr = info.external_attr
    return clean
