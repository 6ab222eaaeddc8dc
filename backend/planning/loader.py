"""Reads requirement files (`requirements/<name>.md`: optional front matter, then English)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from backend.errors import RequirementError
from backend.models import Requirement
from backend.settings import Settings
from backend.text import UNSAFE_NAME_CHARS, safe_name

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


#: A front matter line read without YAML: a key, then a word or path (`url: /login`,
#: `url: https://host:8000/x`) or a list of words (`tags: [demo, smoke]`). Anything else
#: (quotes, comments, numbers, nesting...) goes to YAML, which reads these lines the same way.
_PLAIN_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*): +(?:([A-Za-z/][A-Za-z0-9_./:?=&%~+-]*)"
    r"|\[ *([A-Za-z][A-Za-z0-9_.-]*(?: *, *[A-Za-z][A-Za-z0-9_.-]*)*) *\])"
)
#: Words YAML reads as a boolean or a null (PyYAML's YAML 1.1 resolvers), not as text.
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})


def plain_front_matter(text: str) -> dict[str, Any] | None:
    """The front matter as YAML reads it when every line is a plain `key: value` (no YAML
    import on a warm run, issue 15); None when YAML must read it."""
    meta: dict[str, Any] = {}
    for line in text.split("\n"):
        found = _PLAIN_LINE.fullmatch(line)
        if found is None:
            return None
        key, word, words = found.groups()
        items = [w.strip() for w in words.split(",")] if words is not None else [word]
        if any(w.lower() in _YAML_WORDS or w.endswith(":") for w in [key, *items]):
            return None
        meta[key] = items if words is not None else word
    return meta


def _yaml_front_matter(text: str, where: str) -> Any:
    """The front matter read by YAML; bad YAML is a RequirementError naming the line."""
    import yaml

    try:
        return yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 2}" if mark is not None else ""
        raise RequirementError(
            f"cannot read the front matter of {where}",
            why=f"bad YAML at{line}: {getattr(exc, 'problem', exc)}",
            fix="front matter is `key: value` lines between two `---` lines",
        ) from None


def parse_requirement(text: str, name: str, path: str | None = None) -> Requirement:
    """Split front matter from the English and build a Requirement."""
    where = path or name
    meta: dict[str, Any] = {}
    body = text
    match = _FRONT_MATTER.match(text)
    if match:
        loaded = plain_front_matter(match.group(1))
        if loaded is None:
            loaded = _yaml_front_matter(match.group(1), where)
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


#: A requirement is a few kilobytes of English; PACTS_MAX_REQUIREMENT_BYTES overrides this.
MAX_REQUIREMENT_BYTES = 256 * 1024


def load_requirement(path: Path, max_bytes: int = MAX_REQUIREMENT_BYTES) -> Requirement:
    """Read a requirement file; unreadable, empty or oversized files raise RequirementError."""
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            # A file whose size says nothing (/proc, a file still growing) is read to the limit.
            with path.open("rb") as file:
                data = file.read(max_bytes + 1)
            size = len(data)
        if size > max_bytes:
            raise _too_large(str(path), size, max_bytes)
        text = data.decode("utf-8-sig")
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


def _too_large(what: str, size: int, max_bytes: int) -> RequirementError:
    return RequirementError(
        f"requirement {what} is too large",
        why=f"{size:,} bytes, more than PACTS_MAX_REQUIREMENT_BYTES={max_bytes:,}",
        fix="a requirement is a few lines of English; split it, or raise the limit",
    )


def requirement_from_text(
    text: str, url: str | None, name: str = "adhoc", max_bytes: int = MAX_REQUIREMENT_BYTES
) -> Requirement:
    """An ad-hoc requirement from `--text` (or an MCP client's text)."""
    if not text.strip():
        raise RequirementError(
            "--text is empty", fix='pass the test in English, e.g. --text "Click Save"'
        )
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise _too_large("text", size, max_bytes)
    return Requirement(name=name, body=text, url=url)


_VAR_REF = re.compile(r"\$\{[^}]*\}")


def text_name(text: str, name: str | None = None) -> str:
    """The name of a `--text` run: `--name`, else its first words and a hash of the whole text.

    Each different text gets its own `generated_tests/test_<name>.py`, so one ad-hoc run never
    overwrites another's test. `${VAR}` references are left out of the name.
    """
    if name is not None:
        cleaned = safe_name(name)
        if cleaned == "requirement" and not UNSAFE_NAME_CHARS.sub("", name):
            raise RequirementError(
                f"--name {name!r} has no letters or digits", fix="pass e.g. --name login_smoke"
            )
        return cleaned[:60]
    words = safe_name(_VAR_REF.sub(" ", text)).split("_")[:6]
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"adhoc_{'_'.join(w for w in words if w)[:40].strip('_')}_{digest}".replace("__", "_")


#: Schemes a run may open; `file:` only with --allow-file-urls (PACTS_ALLOW_FILE_URLS).
WEB_SCHEMES = ("http", "https")


def url_problem(url: str, allow_file_urls: bool = False) -> str | None:
    """Why a run must not open `url` (a one-line error), or None when it may."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in WEB_SCHEMES:
        return None
    if scheme == "file":
        if allow_file_urls:
            return None
        return (
            f"cannot open {url!r}: file: URLs read files of this machine and are refused. "
            "Serve the page over http, or pass --allow-file-urls."
        )
    if not scheme or "://" not in url:
        return None  # not a URL at all: the callers say so in their own words
    return f"cannot open {url!r}: PACTS opens http and https pages only. Give an http(s) URL."


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


def start_url_for(req: Requirement, url_override: str | None, settings: Settings) -> str | None:
    """The page a run opens first: --url, else the requirement's url (relative to the base)."""
    url = url_override or req.url
    if not url:
        return None
    problem = url_problem(url, settings.allow_file_urls)
    if problem:
        raise RequirementError(problem)
    if url.startswith("/"):
        if not settings.base_url:
            raise RequirementError(
                f"requirement {req.name} has the relative url {url!r}",
                why="no base URL is known",
                fix="pass --url http://host:port/..., or set PACTS_BASE_URL",
            )
        return urljoin(settings.base_url.rstrip("/") + "/", url.lstrip("/"))
    if "://" not in url:
        raise RequirementError(
            f"--url {url!r} is not a URL",
            fix="give it with its scheme, e.g. http://127.0.0.1:8000/",
        )
    return url
