"""Writing results as they arrive: text grouped by file, or one streamed JSON document.

Both writers take results one at a time and keep nothing but the current file name, so a
run over millions of documents prints in constant memory. The progress line goes to stderr
and only when stderr is a terminal.
"""

from __future__ import annotations

import json
import time
from typing import TextIO

from .report import DEFAULT_FAMILY, REPORT_FORMAT, DocumentResult, Problem, Severity, Summary, family_of

__all__ = ["JsonWriter", "Progress", "TextWriter", "summary_line", "verdict_line"]


def summary_line(summary: Summary) -> str:
    """``2 errors, 1 warning in 3 documents (2 files)`` or the unreadable count first."""

    def plural(count: int, word: str) -> str:
        return f"{count:,} {word}{'' if count == 1 else 's'}"

    notes = f", {plural(summary.infos, 'note')}" if summary.infos else ""
    text = (
        f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}{notes} "
        f"in {plural(summary.documents, 'document')} ({plural(summary.files, 'file')})"
    )
    if summary.unreadable:
        text = f"{plural(summary.unreadable, 'input')} could not be read; {text}"
    if len(summary.families) > 1 or summary.fail_on is not None:
        parts = [
            f"{name} {plural(counts['errors'], 'error')}"
            for name, counts in sorted(summary.families.items())
            if counts["errors"] or counts["warnings"]
        ]
        if parts:
            text += "\nby family: " + "; ".join(parts)
        if summary.fail_on is not None:
            ignored = summary.errors - summary.failing_errors
            if ignored:
                text += f"\n{plural(ignored, 'error')} outside --fail-on {','.join(sorted(summary.fail_on))} (not failing)"
    return text


def verdict_line(problems: tuple[Problem, ...] | list[Problem], *, schema_org_checked: bool = True) -> str | None:
    """The two verdicts in words, when they differ: valid for schema.org yet not for a feature.

    Said only when the document was read, the schema.org check ran and found no error, and a
    feature profile found errors (missing required properties or other required rules).
    """
    errors = [p for p in problems if p.severity is Severity.ERROR]
    families = {family_of(p) for p in errors}
    profiles = sorted(f for f in families if f.startswith("profile:"))
    if not schema_org_checked or not profiles or families - {*profiles, "json-schema"}:
        return None
    parts = []
    for family in profiles:
        count = sum(family_of(p) == family for p in errors)
        parts.append(f"{count} required propert{'y' if count == 1 else 'ies'} missing or invalid for {family}")
    return f"verdict: valid for {DEFAULT_FAMILY}, but " + "; ".join(parts)


class TextWriter:
    """For people: a heading per file, the problems grouped by family, a summary at the end.

    Within a document the problems are grouped under their family (``schema.org``,
    ``json-schema``, ``profile:<name>``, ``visible-content``, ...), in first-seen order, so
    the separate verdicts read apart; a ``verdict:`` line says when a document is valid for
    schema.org but fails a feature profile.
    """

    def __init__(self, stream: TextIO, *, schema_org_checked: bool = True) -> None:
        self.stream = stream
        self.schema_org_checked = schema_org_checked
        self._file: str | None = None

    def write(self, result: DocumentResult) -> None:
        if result.file != self._file:
            if self._file is not None:
                self.stream.write("\n")
            self.stream.write(f"{result.file}\n")
            self._file = result.file
        groups: dict[str, list[Problem]] = {}
        for problem in result.problems:
            groups.setdefault(family_of(problem), []).append(problem)
        for family, problems in groups.items():
            self.stream.write(f"  {family}\n")
            for problem in problems:
                place = f"line {problem.line}" if problem.line is not None else ""
                if problem.pointer:
                    place = f"{place} {problem.pointer}".strip()
                where = f"{place}: " if place else ""
                self.stream.write(f"    {where}{problem.severity.value} [{problem.rule}] {problem.message}\n")
        verdict = verdict_line(result.problems, schema_org_checked=self.schema_org_checked)
        if verdict is not None:
            place = f"line {result.line} " if result.line is not None else ""
            self.stream.write(f"  {place}{verdict}\n")

    def close(self, summary: Summary) -> None:
        if self._file is not None:
            self.stream.write("\n")
        self.stream.write(summary_line(summary) + "\n")
        self.stream.flush()


class JsonWriter:
    """For machines: ``{"format", "results": [...], "summary": {...}}``, streamed."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._first = True
        self.stream.write(f'{{"format": {json.dumps(REPORT_FORMAT)}, "results": [')

    def write(self, result: DocumentResult) -> None:
        self.stream.write("\n  " if self._first else ",\n  ")
        self.stream.write(json.dumps(result.to_dict(), ensure_ascii=False))
        self._first = False

    def close(self, summary: Summary) -> None:
        self.stream.write("\n" if not self._first else "")
        self.stream.write(f'], "summary": {json.dumps(summary.to_dict())}}}\n')
        self.stream.flush()


class Progress:
    """A one-line counter on a terminal's stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = _isatty(stream)
        self._last = 0.0
        self._shown = False

    def update(self, summary: Summary, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(
            f"\r{summary.documents:,} documents, {summary.files:,} files, "
            f"{summary.errors:,} errors, {summary.warnings:,} warnings"
        )
        self.stream.flush()
        self._shown = True

    def finish(self) -> None:
        """Erase the line (also before other output goes to the same terminal)."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
