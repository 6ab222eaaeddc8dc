"""Where an element sits (context.js), measured alike by the candidate pass and by the check a
cache hit gets: a module of its own, so that check loads no candidate machinery (issue 15)."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

from backend.discovery.stability import is_dynamic

#: The measure of where an element sits (neighbour texts, box, path), shared by the candidate
#: pass and the fingerprint script so both fingerprint an element alike.
CONTEXT_JS = resources.files("backend.discovery").joinpath("context.js").read_text("utf-8").strip()


def id_path(steps: list[list[Any]]) -> str:
    """`*[@id='main']/div[2]/a` from root-first [tag, index, id] steps: anchored at the nearest
    stable id, the sibling index written only past 1 (as in the Similo data's idxpath)."""
    start, prefix = 0, ""
    for i in range(len(steps) - 1, -1, -1):
        ident = str(steps[i][2])
        if ident and not is_dynamic(ident) and "'" not in ident:
            start, prefix = i + 1, f"*[@id='{ident}']"
            break
    parts = [prefix] if prefix else []
    parts += [f"{tag}[{index}]" if int(index) > 1 else str(tag) for tag, index, _ in steps[start:]]
    return "/".join(parts)


def root_path(steps: list[list[Any]]) -> str:
    """`html/body/div[2]/nav/a` from root-first [tag, index, id] steps: the same path from the
    root, which survives a renamed id (the Similo data's xpath, `[1]` left out)."""
    return "/".join(f"{tag}[{index}]" if int(index) > 1 else str(tag) for tag, index, _ in steps)


def placement(where: Mapping[str, Any]) -> dict[str, Any]:
    """The fingerprint fields context.js measured, generated class names left out."""
    return {
        "neighbours": [str(t)[:80] for t in where["neighbours"]],
        "box": [int(v) for v in where["box"]],
        "path": id_path(where["path"]),
        "xpath": root_path(where["path"]),
        "classes": [c for c in where["classes"] if not is_dynamic(c)],
    }
