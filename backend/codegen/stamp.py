"""What a warm run checks before it renders anything: whether the generated files already
hold what a render of the same inputs wrote (the renderer and its templates are imported only
when they do not; issue 15)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from backend import __version__
from backend.models import Plan, SelectorRecord
from backend.sources import source_version

#: The run-folder file holding the selector record each step used (the generator writes it,
#: `pacts generate` reads it).
SELECTORS_FILE = "selectors.json"
#: The code a render's bytes depend on: a changed renderer or template renders again.
RENDER_SOURCES = (
    "codegen/*.py",
    "codegen/templates/*",
    "__init__.py",
    "models.py",
    "actions.py",
    "kinds.py",
    "literals.py",
    "text.py",
    "settings.py",
)
#: Record fields a render never reads, which change on every hit (they would make each warm
#: run's stamp new).
_BOOKKEEPING = {"hits", "created_at", "last_verified_at"}


def rendered_before(
    out_dir: Path,
    plan: Plan,
    records: dict[int, SelectorRecord],
    *,
    title: str | None,
    source: str,
    pom: bool,
    format_cache: Path | None,
) -> Path | None:
    """The test path when the last render of these inputs is still on disk, byte for byte
    (`write_generated` would write nothing); None when it must render (or with `pom`)."""
    if format_cache is None or pom:
        return None
    return unchanged(format_cache / stamp_name(out_dir, plan, records, title, source))


def digest(text: str) -> str:
    """The sha256 a stamp keeps of a file's text."""
    return hashlib.sha256(text.encode()).hexdigest()


def stamp_name(
    out_dir: Path, plan: Plan, records: dict[int, SelectorRecord], title: str | None, source: str
) -> str:
    """The name of what a render of these inputs wrote: the same plan hash, records, header
    and folder give the same bytes, so a warm run that finds them on disk renders nothing."""
    used = {k: records[k].model_dump(mode="json", exclude=_BOOKKEEPING) for k in sorted(records)}
    inputs = [
        __version__,
        source_version(*RENDER_SOURCES) or "",
        str(out_dir.resolve()),
        plan.model_dump_json(),
        json.dumps(used),
        title or "",
        source,
    ]
    return "render-" + digest("\0".join(inputs)) + ".json"


def unchanged(stamp: Path) -> Path | None:
    """The test path, when every file the stamped render wrote still holds its bytes."""
    try:
        wrote: dict[str, str] = json.loads(stamp.read_text(encoding="utf-8"))
        for name, expected in wrote.items():
            if digest(Path(name).read_text(encoding="utf-8")) != expected:
                return None
    except (OSError, ValueError, AttributeError):
        return None
    return Path(next(iter(wrote))) if wrote else None


def remember(stamp: Path, files: dict[Path, str]) -> None:
    """Stamp a render: the files it wrote (the test first) and their digests."""
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps({str(p): digest(t) for p, t in files.items()}), "utf-8")
    except OSError:
        pass  # no stamp: the next run renders again
