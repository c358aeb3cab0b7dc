"""Exceptions. One base class; every subclass carries the data a caller needs to act.

Each exception also subclasses the builtin it refines, so callers can catch what they
already know (``ValueError`` for bad data, ``KeyError`` for an unknown id).
"""

from __future__ import annotations

import attrs

__all__ = [
    "DataProblem",
    "DatasetError",
    "FmevidenceError",
    "UnknownRecordError",
    "UsageError",
]


class FmevidenceError(Exception):
    """Base class of every error this library raises on purpose."""


@attrs.frozen
class DataProblem:
    """One problem in a dataset: where it is and what was expected.

    ``level`` is ``"unreadable"`` (the file or a value in it cannot be read at all: exit 2),
    ``"error"`` (readable but wrong: exit 1) or ``"note"`` (fixed on load, e.g. a mixed-case
    DOI lower-cased; never fails a load).
    """

    file: str
    pointer: str
    message: str
    record_id: str | None = None
    line: int | None = None
    column: int | None = None
    level: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.pointer:
            where += f" {self.pointer}"
        if self.record_id is not None:
            where += f" [{self.record_id}]"
        prefix = "note: " if self.level == "note" else ""
        return f"{where}: {prefix}{self.message}"


class DatasetError(FmevidenceError, ValueError):
    """A dataset could not be loaded; ``problems`` lists every problem found, not just the first."""

    def __init__(self, problems: list[DataProblem] | tuple[DataProblem, ...]) -> None:
        self.problems: tuple[DataProblem, ...] = tuple(problems)
        #: True when a file (or a value in it) could not be read at all, not merely wrong.
        self.unreadable = any(problem.level == "unreadable" for problem in self.problems)
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the dataset:\n{lines}")


class UnknownRecordError(FmevidenceError, KeyError):
    """No record has this id; ``suggestions`` holds the closest ids that exist."""

    def __init__(self, record_id: str, suggestions: tuple[str, ...] = ()) -> None:
        self.record_id = record_id
        self.suggestions = suggestions
        super().__init__(record_id)

    def __str__(self) -> str:
        message = f"no record with id {self.record_id!r}"
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        return message


class UsageError(FmevidenceError, ValueError):
    """A caller asked for something unusable (an unknown option value, an unusable file).

    ``message`` is the whole explanation; command-line front ends exit 2 with it.
    """

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)
