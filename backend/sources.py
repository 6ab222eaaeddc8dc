"""A hash of some of PACTS's own source files: which code made a stored result (a rules plan,
a rendered test), so that a result is reused only while that code is unchanged (issue 15)."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

BACKEND = Path(__file__).resolve().parent


@functools.cache
def source_version(*patterns: str) -> str | None:
    """The sha256 of the files under backend/ matching `patterns` (names and bytes, in order);
    None where a pattern matches no file or a file cannot be read (a zipped or sourceless
    install: then nothing is reused)."""
    digest = hashlib.sha256()
    try:
        for pattern in patterns:
            paths = sorted(BACKEND.glob(pattern))
            if not paths:
                return None
            for path in paths:
                digest.update(path.relative_to(BACKEND).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()
