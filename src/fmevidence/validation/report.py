"""Validation results: problems with a stable rule code, a severity and an exact place."""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["DocumentResult", "Problem", "Report", "Severity", "Summary", "problem_dict"]


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


#: Rules that mean an input could not be read at all: they make a run exit with 2, not 1.
UNREADABLE_RULES = frozenset({"input.not-found", "input.unreadable", "input.too-large"})


@attrs.frozen
class DocumentResult:
    """The problems of one document: a file, an HTML script or a JSONL line."""

    file: str
    line: int | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> int:
        return sum(problem.severity is Severity.ERROR for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.severity is Severity.WARNING for problem in self.problems)

    def to_dict(self) -> dict[str, Any]:
        """The ``--format json`` shape of one result."""
        return {"file": self.file, "line": self.line, "problems": [problem_dict(p) for p in self.problems]}


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem as plain JSON data (severity as its string value)."""
    return {
        "rule": problem.rule,
        "severity": problem.severity.value,
        "file": problem.file,
        "line": problem.line,
        "pointer": problem.pointer,
        "message": problem.message,
    }


@attrs.define
class Summary:
    """Counts over a whole run; the exit code follows from them."""

    files: int = 0
    documents: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: int = 0

    def add(self, result: DocumentResult) -> None:
        """Count the problems of one result (documents and files are counted by the runner)."""
        self.errors += result.errors
        self.warnings += result.warnings
        self.unreadable += sum(problem.rule in UNREADABLE_RULES for problem in result.problems)

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, else 1 when there are errors, else 0."""
        if self.unreadable:
            return 2
        return 1 if self.errors else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents": self.documents,
            "errors": self.errors,
            "warnings": self.warnings,
            "unreadable": self.unreadable,
            "exit_code": self.exit_code,
        }


@attrs.frozen
class Report:
    """A finished run: the documents that have problems, in input order, and the counts."""

    results: tuple[DocumentResult, ...]
    summary: Summary

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings allowed) and every input was read."""
        return self.summary.exit_code == 0

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the run, flattened, in order."""
        return [problem for result in self.results for problem in result.problems]

    def to_dict(self) -> dict[str, Any]:
        """The documented ``--format json`` shape (see README)."""
        return {
            "format": REPORT_FORMAT,
            "results": [result.to_dict() for result in self.results],
            "summary": self.summary.to_dict(),
        }


#: Version tag of the JSON report shape.
REPORT_FORMAT = "fmevidence-validate/1"
