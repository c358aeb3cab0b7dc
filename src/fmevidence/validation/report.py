"""Validation results: problems with a stable rule code, a severity and an exact place."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Problem", "Severity"]


class Severity(str, enum.Enum):
    """Errors fail a validation run (exit 1); warnings are reported but pass."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen
class Problem:
    """One problem in one document.

    ``rule`` is a stable code (e.g. ``vocab.unknown-property``) that users can filter on;
    ``pointer`` is a JSON pointer into the document as written (not as expanded);
    ``file`` and ``line`` say where the document is (the line of an HTML script or JSONL row).
    """

    rule: str
    severity: Severity
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
