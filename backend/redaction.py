"""Keeps secret values (`${VAR}` that a requirement uses) out of everything PACTS prints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from backend.models import Requirement, variables_in

MASK = "***"


def secret_names(req: Requirement) -> list[str]:
    """The `${VAR}` names a requirement uses that its front matter does not declare public."""
    names = variables_in(f"{req.url or ''}\n{req.body}")
    return [n for n in names if n not in req.public_vars]


class Redactor:
    """Replaces each secret value with `***`; built once per run from the environment."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._values = sorted({v for v in values if v}, key=len, reverse=True)

    @classmethod
    def for_names(cls, names: Iterable[str], env: Mapping[str, str]) -> Redactor:
        """A redactor for the values the environment holds under these names."""
        return cls(env[n] for n in names if n in env)

    @property
    def values(self) -> list[str]:
        """The secret values, longest first (for masking fields on screenshots)."""
        return list(self._values)

    def __call__(self, text: str) -> str:
        for value in self._values:
            text = text.replace(value, MASK)
        return text
