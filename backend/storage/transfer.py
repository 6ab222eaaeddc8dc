"""`pacts cache export/import`: selector records as JSON lines, one envelope per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backend.errors import UsageError
from backend.models import SelectorRecord
from backend.storage.base import SCHEMA_VERSION
from backend.storage.cache import SelectorCache


async def export_records(cache: SelectorCache, path: Path) -> int:
    """Write every current record (persistent tier, else fast) to `path`; returns the count."""
    tier: Any = cache.persistent or cache.fast
    records: list[SelectorRecord] = await tier.records() if tier is not None else []
    lines = [
        json.dumps({"schema": SCHEMA_VERSION, "record": r.model_dump(mode="json")}, sort_keys=True)
        for r in records
    ]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def read_export(path: Path) -> list[SelectorRecord]:
    """The records of an export file; a bad line is a usage error naming its number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"cannot read {path}", why=str(exc), fix="give a file made by `pacts cache export`"
        ) from exc
    records: list[SelectorRecord] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            envelope = json.loads(line)
            if envelope.get("schema") != SCHEMA_VERSION:
                raise ValueError(f"schema {envelope.get('schema')!r}, expected {SCHEMA_VERSION}")
            records.append(SelectorRecord.model_validate(envelope["record"]))
        except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as exc:
            raise UsageError(
                f"{path}:{number} is not a PACTS cache record",
                why=str(exc).splitlines()[0],
                fix="give a file made by `pacts cache export`",
            ) from exc
    return records


async def import_records(cache: SelectorCache, records: list[SelectorRecord]) -> int:
    """Write records through both tiers (reason "imported"); returns the count."""
    for record in records:
        await cache.save(record, reason="imported")
    return len(records)
