"""Where documents come from: files, folders, HTML pages, JSON Lines and stdin.

Inputs are turned into small picklable *tasks* in the main process (a file to read, or a
block of JSONL lines), so a worker process can read and parse them; nothing here holds more
than one block of lines at a time. :func:`documents_of` turns one task into the raw
documents it contains, each with its file and line.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from typing import BinaryIO

import attrs

from .report import Problem, Severity
from .warc import is_warc, read_pages, skipped_problem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "JSONL_BLOCK",
    "RawDocument",
    "Task",
    "documents_of",
    "json_ld_scripts",
    "kind_of",
    "tasks_for",
]

#: Files (and JSONL lines, and stdin) larger than this are refused with ``input.too-large``.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: JSONL lines per task: big enough to amortise a worker round trip, small enough for memory.
JSONL_BLOCK = 1000

_KINDS = {".json": "json", ".jsonld": "json", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
STDIN_NAME = "<stdin>"


@attrs.frozen
class RawDocument:
    """One document's text (or the problem that stopped us reading it) and where it is."""

    file: str
    line: int | None
    data: bytes | str | None
    problem: Problem | None = None
    #: The line the text itself starts on, when not ``line`` (a script tag spread over lines).
    text_line: int | None = None
    #: The text must be JSON-LD (an HTML script, microdata or RDFa, a .jsonld file), so a block
    #: that is not an object or has no ``@context`` is an error (consumers ignore it).
    json_ld: bool = False
    #: Lines of nested items by JSON pointer (microdata and RDFa): a problem inside one is placed there.
    lines: tuple[tuple[str, int], ...] = ()


@attrs.frozen
class Task:
    """A unit of work for a worker: a file to read, or data already read (JSONL block, stdin)."""

    file: str
    kind: str  # "json", "html", "jsonl-block" or "problem"
    path: str | None = None
    data: bytes | None = None
    lines: tuple[tuple[int, bytes], ...] = ()
    problem: Problem | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def kind_of(path: str) -> str:
    """``json``, ``html``, ``jsonl`` or ``warc`` by file extension (unknown ones are read as JSON)."""
    if is_warc(path):
        return "warc"
    return _KINDS.get(os.path.splitext(path)[1].lower(), "json")


def _input_problem(rule: str, file: str, message: str) -> Task:
    problem = Problem(rule=rule, severity=Severity.ERROR, message=message, file=file)
    return Task(file=file, kind="problem", problem=problem)


def tasks_for(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    stdin_kind: str = "auto",
) -> Iterator[Task]:
    """Tasks for ``paths`` in order; folders are walked recursively in sorted order."""
    for path in paths:
        if path == "-":
            yield from _stdin_tasks(stdin if stdin is not None else sys.stdin.buffer, stdin_kind, max_bytes)
        elif os.path.isdir(path):
            for file in _walk(path):
                yield from _file_tasks(file, kind_of(file), max_bytes)
        elif os.path.exists(path):
            yield from _file_tasks(path, kind_of(path), max_bytes)
        else:
            yield _input_problem("input.not-found", path, f"no such file or folder: {path}")


def _walk(folder: str) -> Iterator[str]:
    """Files with a known extension below ``folder`` in sorted path order; hidden folders skipped.

    Symbolic links to folders are not followed, so a link loop cannot make the walk endless.
    """
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if not entry.name.startswith("."):
                yield from _walk(entry.path)
        elif os.path.splitext(entry.name)[1].lower() in _KINDS or is_warc(entry.name):
            yield entry.path


def _file_tasks(path: str, kind: str, max_bytes: int) -> Iterator[Task]:
    """A JSONL file is read here, in blocks; other files are read (and sized) by the worker."""
    if kind == "jsonl":
        yield from _jsonl_tasks(path, max_bytes)
    elif kind == "warc":
        yield from _warc_tasks(path, max_bytes)
    else:
        yield Task(file=path, kind=kind, path=path, max_bytes=max_bytes)


def _warc_tasks(path: str, max_bytes: int) -> Iterator[Task]:
    """One ``html`` task per page of a WARC file, read here one record at a time (streaming)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; a generator holds it open
    except OSError as exc:
        yield _input_problem("input.unreadable", path, f"cannot read {path}: {exc.strerror}")
        return
    skipped: Counter[str] = Counter()
    with handle:
        for page in read_pages(handle, path, max_bytes=max_bytes):
            if page.skipped is not None:
                skipped[page.skipped] += 1
            elif page.problem is not None:
                yield Task(file=page.uri, kind="problem", problem=page.problem)
            else:
                yield Task(file=page.uri, kind="html", data=page.data)
    if skipped:
        yield Task(file=path, kind="problem", problem=skipped_problem(path, skipped))


def _too_large_problem(file: str, size: int | None, max_bytes: int) -> Problem:
    found = f"{size:,} bytes" if size is not None else "larger than that"
    return Problem(
        rule="input.too-large",
        severity=Severity.ERROR,
        message=f"{file} is {found}; the limit is {max_bytes:,} bytes (raise it with --max-size)",
        file=file,
    )


def _too_large(file: str, size: int | None, max_bytes: int) -> Task:
    return Task(file=file, kind="problem", problem=_too_large_problem(file, size, max_bytes))


def _read_limited(path: str, max_bytes: int) -> bytes | Problem:
    """The file's bytes, or the problem: unreadable, or over the limit (checked before reading,
    and again while reading, for files that grow or lie about their size such as /dev/zero)."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                return _too_large_problem(path, size, max_bytes)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Problem(
            rule="input.unreadable", severity=Severity.ERROR, message=f"cannot read {path}: {exc.strerror}", file=path
        )
    if len(data) > max_bytes:
        return _too_large_problem(path, None, max_bytes)
    return data


def _jsonl_tasks(path: str, max_bytes: int) -> Iterator[Task]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; a generator holds it open
    except OSError as exc:
        yield _input_problem("input.unreadable", path, f"cannot read {path}: {exc.strerror}")
        return
    with handle:
        yield from _jsonl_blocks(path, handle, max_bytes)


def _jsonl_blocks(file: str, handle: BinaryIO, max_bytes: int) -> Iterator[Task]:
    """Blocks of non-blank lines; an over-long line is skipped with a problem, never held."""
    block: list[tuple[int, bytes]] = []
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            break
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the line
                line = handle.readline(1 << 20)
            if block:
                yield Task(file=file, kind="jsonl-block", lines=tuple(block))
                block = []
            problem = Problem(
                rule="input.too-large",
                severity=Severity.ERROR,
                message=f"line {number} is longer than the limit of {max_bytes:,} bytes (raise it with --max-size)",
                file=file,
                line=number,
            )
            yield Task(file=file, kind="problem", problem=problem)
            continue
        if line.strip():
            block.append((number, line))
            if len(block) >= JSONL_BLOCK:
                yield Task(file=file, kind="jsonl-block", lines=tuple(block))
                block = []
    if block:
        yield Task(file=file, kind="jsonl-block", lines=tuple(block))


def _stdin_tasks(stream: BinaryIO, kind: str, max_bytes: int) -> Iterator[Task]:
    """Stdin as one document (``json``, ``html``), lines (``jsonl``), or ``auto``: HTML when it starts with ``<``."""
    if kind == "jsonl":
        yield from _jsonl_blocks(STDIN_NAME, stream, max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _too_large(STDIN_NAME, None, max_bytes)
        return
    if kind == "auto":
        kind = "html" if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<") else "json"
    yield Task(file=STDIN_NAME, kind=kind, data=data)


def documents_of(task: Task) -> Iterator[RawDocument]:
    """The raw documents of one task, in order (reads the file for file tasks)."""
    if task.kind == "problem":
        yield RawDocument(task.file, task.problem.line if task.problem else None, None, task.problem)
        return
    if task.kind == "jsonl-block":
        for number, line in task.lines:
            # Without its line break, a line cut short is reported on its own line, not the next.
            yield RawDocument(task.file, number, line.rstrip(b"\r\n"))
        return
    data = task.data
    if data is None and task.path is not None:
        read = _read_limited(task.path, task.max_bytes)
        if isinstance(read, Problem):
            yield RawDocument(task.file, None, None, read)
            return
        data = read
    data = data or b""
    if task.kind == "html":
        yield from _html_documents(task.file, data)
    elif task.kind == "jsonl":  # only from stdin with --stdin-type jsonl, handled as blocks
        yield RawDocument(task.file, None, data)
    else:
        yield RawDocument(task.file, None, data, json_ld=task.file.lower().endswith(".jsonld"))


def _html_documents(file: str, data: bytes) -> Iterator[RawDocument]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")  # the markup may be fine; scripts are checked below
    finder = _scan(text)
    scripts = finder.scripts
    if not scripts and not finder.markup:
        problem = Problem(
            rule="html.no-json-ld",
            severity=Severity.WARNING,
            message='found no structured data in the page (no <script type="application/ld+json">, '
            "no microdata, no RDFa); expected at least one",
            file=file,
        )
        yield RawDocument(file, None, None, problem)
        return
    documents = []
    for line, text_line, script in scripts:
        if not script.strip():
            documents.append(RawDocument(file, line, None, _empty_script(file, line)))
        elif "\ufffd" in script and b"\xef\xbf\xbd" not in data:
            documents.append(RawDocument(file, line, None, _bad_utf8(file, line)))
        else:
            documents.append(RawDocument(file, line, script, text_line=text_line, json_ld=True))
    if finder.markup:
        documents.extend(_markup_documents(file, text, finder.markup))
        documents.sort(key=lambda document: document.line or 0)  # page order, whatever the syntax
    yield from documents


def _markup_documents(file: str, text: str, found: dict[str, int]) -> Iterator[RawDocument]:
    """Microdata and RDFa items as JSON-LD documents placed at their element's line."""
    import json

    from .microdata import markup_items

    for item in markup_items(file, text, found):
        if item.problem is not None:
            yield RawDocument(file, item.line, None, item.problem)
        else:
            yield RawDocument(file, item.line, json.dumps(item.document), json_ld=True, lines=item.lines)


def _empty_script(file: str, line: int) -> Problem:
    return Problem(
        rule="html.empty-script",
        severity=Severity.WARNING,
        message=f"line {line}: the application/ld+json script is empty; expected a JSON-LD object",
        file=file,
        line=line,
    )


def _bad_utf8(file: str, line: int) -> Problem:
    return Problem(
        rule="json.encoding",
        severity=Severity.ERROR,
        message=f"line {line}: the script contains bytes that are not valid UTF-8; expected UTF-8 text",
        file=file,
        line=line,
    )


class _ScriptFinder(HTMLParser):
    """Collects the text of every ``application/ld+json`` script with the line it starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[int, int, str]] = []
        self._current: list[str] | None = None
        self._line = 0
        self._text_line = 0
        #: ``microdata``/``RDFa`` -> the first line with their attributes (schema.org RDFa only:
        #: Open Graph ``property="og:..."`` tags alone do not count).
        self.markup: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.markup) < 2:
            self._markup(attrs)
        if tag != "script":
            return
        kind = next((value or "" for name, value in attrs if name == "type"), "")
        if kind.split(";")[0].strip().lower() == "application/ld+json":
            self._current = []
            self._line = self._text_line = self.getpos()[0]

    def _markup(self, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "itemscope":
                self.markup.setdefault("microdata", self.getpos()[0])
            elif name in ("typeof", "vocab") or (name == "property" and "schema" in (value or "")):
                self.markup.setdefault("RDFa", self.getpos()[0])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self.markup) < 2:
            self._markup(attrs)

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            if not self._current:
                self._text_line = self.getpos()[0]
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append((self._line, self._text_line, "".join(self._current)))
            self._current = None


def _scan(html: str) -> _ScriptFinder:
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    if finder._current is not None:  # an unclosed script at the end of the page
        finder.scripts.append((finder._line, finder._text_line, "".join(finder._current)))
        finder._current = None
    return finder


def json_ld_scripts(html: str) -> list[tuple[int, int, str]]:
    """``(tag line, text line, text)`` of each JSON-LD script in ``html``, in page order."""
    return _scan(html).scripts
