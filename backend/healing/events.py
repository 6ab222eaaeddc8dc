"""Heal events: what a heal round tried, what it chose and why, as plain JSON data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from backend.models import Fingerprint


class Candidate(BaseModel):
    """One element the healer considered, with its score against the stored fingerprint."""

    selector: str
    score: float
    accepted: bool = False


class HealEvent(BaseModel):
    """One heal round of one step: the strategy, the old and new element, and the outcome."""

    step: int
    round: int
    strategy: str
    outcome: str
    failed_selector: str | None = None
    new_selector: str | None = None
    old_fingerprint: Fingerprint | None = None
    new_fingerprint: Fingerprint | None = None
    score: float | None = None
    threshold: float | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    error: str | None = None

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)
