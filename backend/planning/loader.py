"""Reads requirement files (`requirements/<name>.md`: optional front matter, then English)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from backend.errors import RequirementError
from backend.models import Requirement

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def available(requirements_dir: Path) -> list[str]:
    """The names of the requirement files in a folder."""
    if not requirements_dir.is_dir():
        return []
    return sorted(p.stem for p in requirements_dir.glob("*.md"))


def find_requirement(ref: str, requirements_dir: Path) -> Path:
    """A `--req` value as a path: an existing file, or `<requirements_dir>/<ref>.md`."""
    direct = Path(ref)
    if direct.is_file():
        return direct
    if direct.is_dir():
        raise RequirementError(
            f"--req {ref} is a folder", fix="pass one requirement file or a name"
        )
    named = requirements_dir / (ref if ref.endswith(".md") else f"{ref}.md")
    if named.is_file():
        return named
    names = available(requirements_dir)
    known = ", ".join(names) if names else f"none: {requirements_dir}/ has no .md files"
    raise RequirementError(
        f"unknown requirement {ref!r}",
        why=f"no file {named}",
        fix=f"known requirements: {known}",
    )


def parse_requirement(text: str, name: str, path: str | None = None) -> Requirement:
    """Split front matter from the English and build a Requirement."""
    where = path or name
    meta: dict[str, Any] = {}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" line {mark.line + 2}" if mark is not None else ""
            raise RequirementError(
                f"cannot read the front matter of {where}",
                why=f"bad YAML at{line}: {getattr(exc, 'problem', exc)}",
                fix="front matter is `key: value` lines between two `---` lines",
            ) from None
        if not isinstance(loaded, dict):
            raise RequirementError(
                f"cannot read the front matter of {where}",
                why="it is not a mapping of keys to values",
                fix="write it as `url: https://...` lines between two `---` lines",
            )
        meta = loaded
        body = text[match.end() :]
    title = None
    for line in body.splitlines():
        if line.startswith("# "):
            title = line[2:].strip()
            break
    if not _has_english(body):
        raise RequirementError(
            f"requirement {where} is empty",
            why="it has no steps after the front matter and headings",
            fix='write the test in English, e.g. "1. Click the Save button"',
        )
    url = meta.get("url")
    tags = meta.get("tags") or []
    public = meta.get("public_vars") or []
    return Requirement(
        name=name,
        body=body,
        url=str(url) if url else None,
        title=title or (str(meta["title"]) if meta.get("title") else None),
        tags=[str(t) for t in (tags if isinstance(tags, list) else [tags])],
        path=path,
        public_vars=[str(v) for v in (public if isinstance(public, list) else [public])],
        meta=meta,
    )


def load_requirement(path: Path) -> Requirement:
    """Read a requirement file; unreadable or empty files raise RequirementError."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RequirementError(
            f"cannot read requirement {path}", why="it is not UTF-8 text", fix="save it as UTF-8"
        ) from None
    except OSError as exc:
        raise RequirementError(
            f"cannot read requirement {path}",
            why=exc.strerror or str(exc),
            fix="check the path and its permissions",
        ) from None
    return parse_requirement(text, name=path.stem, path=str(path))


def requirement_from_text(text: str, url: str | None, name: str = "adhoc") -> Requirement:
    """An ad-hoc requirement from `--text`."""
    if not text.strip():
        raise RequirementError(
            "--text is empty", fix='pass the test in English, e.g. --text "Click Save"'
        )
    return Requirement(name=name, body=text, url=url)


def _has_english(body: str) -> bool:
    in_comment = False
    for raw in body.splitlines():
        line = raw.strip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if line.startswith("<!--"):
            in_comment = "-->" not in line
            continue
        if line and not line.startswith("#"):
            return True
    return False
