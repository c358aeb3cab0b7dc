"""Lint a dataset: every problem once, where it is, what was expected and how to fix it.

``check(path)`` runs the loader's own steps (:func:`fmevidence.loading.inspect`), so a
dataset that checks clean is exactly one that :func:`fmevidence.load` accepts, and the
problems it lists are the ones ``load`` would raise in its :class:`~fmevidence.errors.DatasetError`.
"""

from __future__ import annotations

import os

import attrs

from .errors import DataProblem

__all__ = ["CheckResult", "check"]


@attrs.frozen
class CheckResult:
    """The outcome of checking one dataset."""

    path: str
    #: Problems that stop a load, in file order (unreadable files and values first).
    problems: tuple[DataProblem, ...]
    #: Things the loader fixed on its own (a mixed-case DOI lower-cased); never a failure.
    notes: tuple[DataProblem, ...]
    #: Records that loaded (0 when the manifest itself is unusable).
    records: int

    @property
    def ok(self) -> bool:
        """True when the dataset loads."""
        return not self.problems

    @property
    def unreadable(self) -> bool:
        """True when a file, or a value in it, could not be read at all."""
        return any(problem.level == "unreadable" for problem in self.problems)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 problems found, 2 something could not be read."""
        return 2 if self.unreadable else 1 if self.problems else 0

    def report(self) -> str:
        """Every problem and note, one per line, then a one-line summary."""
        lines = [str(problem) for problem in (*self.problems, *self.notes)]
        count = len(self.problems)
        notes = f", {len(self.notes)} note{'s' if len(self.notes) != 1 else ''}" if self.notes else ""
        if count:
            lines.append(f"{self.path}: {count} problem{'s' if count != 1 else ''}{notes}")
        else:
            lines.append(f"{self.path}: ok, {self.records} records{notes}")
        return "\n".join(lines)


def check(path: str | os.PathLike[str]) -> CheckResult:
    """Check the dataset at ``path`` (a folder with ``dataset.json``, a manifest, or one file)."""
    from .loading import inspect

    found = inspect(path)
    errors = sorted(found.errors, key=lambda problem: problem.level != "unreadable")
    return CheckResult(str(path), tuple(errors), found.notes, len(found.records) if not errors else 0)
