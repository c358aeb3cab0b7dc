"""Writing results as they arrive: text grouped by file, or one streamed JSON document.

Both writers take results one at a time and keep nothing but the current file name, so a
run over millions of documents prints in constant memory. The progress line goes to stderr
and only when stderr is a terminal.
"""

from __future__ import annotations

import json
import time
from typing import TextIO

from .report import REPORT_FORMAT, DocumentResult, Summary

__all__ = ["JsonWriter", "Progress", "TextWriter", "summary_line"]


def summary_line(summary: Summary) -> str:
    """``2 errors, 1 warning in 3 documents (2 files)`` or the unreadable count first."""

    def plural(count: int, word: str) -> str:
        return f"{count:,} {word}{'' if count == 1 else 's'}"

    text = (
        f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')} "
        f"in {plural(summary.documents, 'document')} ({plural(summary.files, 'file')})"
    )
    if summary.unreadable:
        text = f"{plural(summary.unreadable, 'input')} could not be read; {text}"
    return text


class TextWriter:
    """For people: a heading per file, one line per problem, a summary line at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._file: str | None = None

    def write(self, result: DocumentResult) -> None:
        if result.file != self._file:
            if self._file is not None:
                self.stream.write("\n")
            self.stream.write(f"{result.file}\n")
            self._file = result.file
        for problem in result.problems:
            place = f"line {problem.line}" if problem.line is not None else ""
            if problem.pointer:
                place = f"{place} {problem.pointer}".strip()
            where = f"{place}: " if place else ""
            self.stream.write(f"  {where}{problem.severity.value} [{problem.rule}] {problem.message}\n")

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
