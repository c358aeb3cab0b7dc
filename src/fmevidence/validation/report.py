"""Validation results: problems with a stable rule code, a severity and an exact place."""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = [
    "FAMILY_PREFIXES",
    "DocumentResult",
    "Problem",
    "Report",
    "Severity",
    "Summary",
    "family_of",
    "family_selected",
    "problem_dict",
]


class Severity(str, enum.Enum):
    """Errors fail a validation run (exit 1); warnings are reported but pass; infos are notes."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen
class Problem:
    """One problem in one document.

    ``rule`` is a stable code (e.g. ``vocab.unknown-property``) that users can filter on;
    ``pointer`` is a JSON pointer into the document as written (not as expanded);
    ``file`` and ``line`` say where the document is (the line of an HTML script or JSONL row);
    ``family`` says which verdict the problem belongs to (see :func:`family_of`); left ``None``
    it follows from the rule code.
    """

    rule: str
    severity: Severity
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    family: str | None = None


#: Rule-code prefix -> family, first match wins. Codes not listed (``vocab.*``, ``jsonld.*``,
#: ``microdata.*`` and any new schema.org check) belong to the ``schema.org`` verdict, so a
#: new vocabulary rule needs no entry here. Problems from a user's ``--schema`` or a built-in
#: profile carry their family explicitly (set by the runner), which overrides this table.
FAMILY_PREFIXES: tuple[tuple[str, str], ...] = (
    ("input.", "input"),
    ("json.", "input"),
    ("html.", "input"),
    ("internal.", "internal"),
    ("schema.", "json-schema"),
    ("profile.", "profile:medical-condition-page"),
    ("visible.", "visible-content"),
    ("feature.retired", "retired-feature"),
)
DEFAULT_FAMILY = "schema.org"


def family_of(problem: Problem) -> str:
    """The verdict a problem counts towards: ``schema.org``, ``json-schema``, ``profile:<name>``...

    Feature-profile rules are coded ``feature.<profile>.<rule>`` and belong to ``profile:<profile>``.
    """
    if problem.family is not None:
        return problem.family
    rule = problem.rule
    for prefix, family in FAMILY_PREFIXES:
        if rule.startswith(prefix):
            return family
    if rule.startswith("feature."):
        name = rule.split(".")[1]
        return f"profile:{name}"
    return DEFAULT_FAMILY


def family_selected(family: str, selection: frozenset[str] | None) -> bool:
    """Whether ``--fail-on`` (``None``: every family) covers ``family``.

    ``profile`` selects every ``profile:<name>`` family.
    """
    if selection is None:
        return True
    return family in selection or (family.startswith("profile:") and "profile" in selection)


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

    @property
    def infos(self) -> int:
        return sum(problem.severity is Severity.INFO for problem in self.problems)

    def to_dict(self) -> dict[str, Any]:
        """The ``--format json`` shape of one result."""
        return {"file": self.file, "line": self.line, "problems": [problem_dict(p) for p in self.problems]}


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem as plain JSON data (severity as its string value)."""
    return {
        "rule": problem.rule,
        "family": family_of(problem),
        "severity": problem.severity.value,
        "file": problem.file,
        "line": problem.line,
        "pointer": problem.pointer,
        "message": problem.message,
    }


@attrs.define
class Summary:
    """Counts over a whole run, also per family; the exit code follows from them.

    ``fail_on`` limits which families' errors make the run fail (``None``: all of them);
    an unreadable input always exits 2.
    """

    files: int = 0
    documents: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: int = 0
    infos: int = 0
    families: dict[str, dict[str, int]] = attrs.field(factory=dict)
    fail_on: frozenset[str] | None = None

    def add(self, result: DocumentResult) -> None:
        """Count the problems of one result (documents and files are counted by the runner)."""
        self.errors += result.errors
        self.warnings += result.warnings
        self.infos += result.infos
        self.unreadable += sum(problem.rule in UNREADABLE_RULES for problem in result.problems)
        for problem in result.problems:
            counts = self.families.setdefault(family_of(problem), {"errors": 0, "warnings": 0, "infos": 0})
            counts[_COUNT_KEY[problem.severity]] += 1

    @property
    def failing_errors(self) -> int:
        """Errors in the families that ``fail_on`` selects."""
        if self.fail_on is None:
            return self.errors
        return sum(c["errors"] for name, c in self.families.items() if family_selected(name, self.fail_on))

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, else 1 when a selected family has errors, else 0."""
        if self.unreadable:
            return 2
        return 1 if self.failing_errors else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "documents": self.documents,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "unreadable": self.unreadable,
            "families": {name: dict(counts) for name, counts in sorted(self.families.items())},
            "fail_on": sorted(self.fail_on) if self.fail_on is not None else None,
            "exit_code": self.exit_code,
        }


_COUNT_KEY = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}


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
