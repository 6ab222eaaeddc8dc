"""The PACTS error tree; only the CLI turns these into output and exit codes.

    PactsError (exit 1)
    +-- UsageError (exit 2)
    |   +-- RequirementError      unknown, unreadable or empty requirement
    |   +-- ConfigError           a setting with a bad value
    +-- PlanningError (exit 2)    English the planner cannot read
    +-- EnvironmentProblem (exit 3)
        +-- BrowserError          Chromium missing or failing to start

A failing test under test is not an error: it is a StepResult and a Verdict. A cache tier that
cannot be reached is not one either: it is skipped with one warning (storage/cache.py).
"""

from __future__ import annotations


class PactsError(Exception):
    """Root of every error PACTS raises on purpose."""

    exit_code = 1

    def __init__(self, what: str, why: str = "", fix: str = "") -> None:
        self.what, self.why, self.fix = what, why, fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """`<what failed>: <why>. <what to do>` on one line."""
        text = self.what
        if self.why:
            text += f": {self.why}"
        text = text.rstrip(".") + "."
        if self.fix:
            fix = self.fix.rstrip(".")
            text += f" {fix[:1].upper()}{fix[1:]}."
        return " ".join(text.split())


class UsageError(PactsError):
    exit_code = 2


class RequirementError(UsageError):
    pass


class ConfigError(UsageError):
    pass


class PlanningError(UsageError):
    pass


class EnvironmentProblem(PactsError):
    exit_code = 3


class BrowserError(EnvironmentProblem):
    pass
