"""Run the checks over many inputs: serially or in worker processes, streaming, in order.

Each document goes through: parse (strict JSON) -> profile / ``--schema`` checks -> the
schema.org vocabulary check (JSON-LD documents only). The checks are built once per
process from :class:`Options` and reused. :class:`Run` yields the results that have
problems in input order and keeps only counts, so memory does not grow with the input.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, BinaryIO

import attrs

from ..errors import FmevidenceError, UsageError
from .inputs import DEFAULT_MAX_BYTES, Task, documents_of, tasks_for
from .parsing import judge_block, parse_json
from .report import DocumentResult, Problem, Report, Severity, Summary
from .schema_map import SchemaMap

__all__ = [
    "PROFILES",
    "Checks",
    "Options",
    "Run",
    "UsageError",
    "WorkerDied",
    "build_checks",
    "check_document",
    "validate",
]

#: Built-in profiles: name -> (required schema name, recommended schema name).
PROFILES = {"medical-condition-page": ("medical-condition-page", "medical-condition-page-recommended")}

Check = Callable[[Any], list[Problem]]


class WorkerDied(FmevidenceError, RuntimeError):
    """A worker process ended abruptly; the run cannot finish in parallel."""


@attrs.frozen
class Options:
    """What to check; picklable, so worker processes build the same checks."""

    profile: str | None = None
    #: A user's JSON Schema (an object or a boolean), checked as well.
    schema: Any = None
    vocabulary: bool = True
    vocabulary_file: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fast: bool = True
    check_visible: bool = False
    #: Whether the user's schema checks ``format`` (date-time, email, uri...).
    formats: bool = True
    #: Remote URIs the user's schema may ``$ref``, served from local files.
    schema_map: SchemaMap = attrs.field(factory=SchemaMap)


@attrs.frozen
class Checks:
    """The compiled checks for one set of options, applied in order to each document."""

    checks: tuple[Check, ...]
    #: Judge each block as JSON-LD first (no ``@context``, not an object): part of the vocabulary check.
    judge_blocks: bool = False
    #: Look for marked-up names, headlines and review dates in HTML pages' visible text.
    check_visible: bool = False


def build_checks(options: Options) -> Checks:
    """Compile the schemas and load the vocabulary once; raises :class:`UsageError`.

    Without a user schema the result is cached, so repeated ``validate()`` calls reuse it; a
    vocabulary file is part of the key with its size and modification time, so an edited
    file is read again.
    """
    if options.schema is None:
        return _cached_checks(options, _stamp(options.vocabulary_file))
    return _build_checks(options)


def _stamp(path: str | None) -> tuple[str, int, int] | None:
    """``(absolute path, size, mtime)`` of a user file, the identity a cache may trust."""
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None  # _build_checks reports it
    return (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _cached_checks(options: Options, stamp: tuple[str, int, int] | None) -> Checks:
    return _build_checks(options)


def _build_checks(options: Options) -> Checks:
    from .registry import schema_by_name
    from .schema_check import Layout, SchemaCheck

    checks: list[Check] = []
    names = profile_names(options.profile)
    builtin = next((name for name in names if name in PROFILES), None)
    checks.extend(_feature_checks([name for name in names if name not in PROFILES]))
    if builtin is not None:
        required, recommended = PROFILES[builtin]
        for name, severity in ((required, Severity.ERROR), (recommended, Severity.WARNING)):
            schema = schema_by_name(name)
            assert schema is not None, name
            layout = Layout(root_rules=("/allOf/0",), node_rules="/$defs/nodeRules")
            checks.append(SchemaCheck(schema, severity=severity, fast=options.fast, layout=layout).check)
    if options.schema is not None:
        user = user_schema_check(
            options.schema, formats=options.formats, schema_map=options.schema_map, fast=options.fast
        )
        checks.append(_in_family(user.check, "json-schema"))
    vocabulary = _vocabulary_check(options)
    if vocabulary is not None:
        checks.append(vocabulary)
    return Checks(tuple(checks), judge_blocks=vocabulary is not None, check_visible=options.check_visible)


def profile_names(profile: str | None) -> list[str]:
    """``--profile`` as a list: comma-separated names; ``google`` stands for every ``google-*`` profile."""
    if profile is None:
        return []
    names: list[str] = []
    for name in (part.strip() for part in profile.split(",")):
        if name == "google":
            from .features import feature_profiles

            names.extend(n for n in sorted(feature_profiles()) if n.startswith("google-"))
        elif name:
            names.append(name)
    if not names:
        raise UsageError("--profile needs at least one profile name")
    return list(dict.fromkeys(names))


def _feature_checks(names: list[str]) -> list[Check]:
    """The search-feature profiles' checks and, once, the retired-feature notes (see ``features``)."""
    if not names:
        return []
    from .features import FeatureCheck, feature_profiles, retired_notes

    profiles = feature_profiles()
    for name in names:
        if name not in profiles:
            known = ", ".join(sorted({*PROFILES, *profiles, "google"}))
            raise UsageError(f"unknown profile {name!r}; expected one of: {known} (or several, comma-separated)")
    return [*(FeatureCheck(profiles[name]).check for name in names), retired_notes]


def _in_family(check: Check, family: str) -> Check:
    """``check`` with its problems placed in ``family`` (a user's rule codes are arbitrary)."""

    def placed(document: Any) -> list[Problem]:
        return [attrs.evolve(problem, family=family) for problem in check(document)]

    return placed


def user_schema_check(
    schema: Any, *, formats: bool = True, schema_map: SchemaMap | None = None, fast: bool = True
) -> Any:
    """A check for a user's schema (any draft), compiled now; raises :class:`UsageError`.

    The schema is meta-validated and every ``$ref`` resolved offline here, so a broken schema
    stops the run before any document is read.
    """
    from .user_schema import UserSchemaCheck, UserSchemaError

    try:
        return UserSchemaCheck(schema, formats=formats, schema_map=schema_map, fast=fast)
    except UserSchemaError as exc:
        raise UsageError(str(exc)) from None
    except RecursionError:
        raise UsageError("the schema is nested too deeply to compile") from None


def _vocabulary_check(options: Options) -> Check | None:
    """The schema.org vocabulary check, applied to documents that carry an ``@context``."""
    if not options.vocabulary:
        return None
    try:
        from .vocab_check import check_vocabulary
    except ImportError:  # pragma: no cover - the vocabulary check is built alongside
        return None
    vocabulary: Any = None
    if options.vocabulary_file is not None:
        from .vocabulary import vocabulary_from_release

        try:
            vocabulary = vocabulary_from_release(options.vocabulary_file)
        except Exception as exc:  # unreadable, not JSON, not a schema.org release
            raise UsageError(f"cannot use {options.vocabulary_file} as a vocabulary: {exc}") from None

    def check(document: Any) -> list[Problem]:
        if not _is_json_ld(document):
            return []
        return list(check_vocabulary(document, vocabulary=vocabulary))

    return check


def _is_json_ld(document: Any) -> bool:
    """Documents with an ``@context`` at the top (or on a top-level array's nodes)."""
    if isinstance(document, dict):
        return "@context" in document
    if isinstance(document, list):
        return any(isinstance(node, dict) and "@context" in node for node in document)
    return False


def check_document(
    checks: Checks,
    data: bytes | str,
    *,
    file: str,
    line: int | None,
    text_line: int | None = None,
    json_ld: bool = False,
    lines: tuple[tuple[str, int], ...] = (),
) -> DocumentResult:
    """Parse and check one document; every failure becomes a problem, never an exception.

    ``line`` places the document (an HTML script tag, a JSONL line); ``text_line`` is where its
    text starts, when that differs, so syntax errors point at the right line.
    """
    parsed = parse_json(data, line=text_line if text_line is not None else line)
    problems = list(parsed.problems)
    if parsed.usable:
        if checks.judge_blocks:
            problems.extend(judge_block(parsed.document, json_ld=json_ld))
        for check in checks.checks:
            try:
                problems.extend(check(parsed.document))
            except RecursionError:
                problems.append(
                    Problem(
                        rule="json.too-deep",
                        severity=Severity.ERROR,
                        message="arrays and objects nested too deeply to check; expected at most a few hundred levels",
                    )
                )
                break
            except Exception as exc:  # a bug in a check must not stop a run of millions
                problems.append(
                    Problem(
                        rule="internal.error",
                        severity=Severity.ERROR,
                        message=f"the check failed with {type(exc).__name__}: {exc}; please report this document",
                    )
                )
    problems = _without_repeats(problems)
    placed = tuple(attrs.evolve(p, file=file, line=_line_of(p, line, lines)) for p in problems)
    return DocumentResult(file=file, line=line, problems=placed)


def _line_of(problem: Problem, line: int | None, lines: tuple[tuple[str, int], ...]) -> int | None:
    """The problem's own line, else that of the innermost nested item holding it, else the document's."""
    if problem.line is not None:
        return problem.line
    best = -1
    for pointer, item_line in lines:
        if (problem.pointer == pointer or problem.pointer.startswith(pointer + "/")) and len(pointer) > best:
            best, line = len(pointer), item_line
    return line


def _without_repeats(problems: list[Problem]) -> list[Problem]:
    """Drop a vocabulary error on a value a profile or schema already reported as an error.

    Both check dates (``profile.date`` and the vocabulary's ISO 8601 rule); one error per
    value is enough, and the profile's message is the more specific.
    """
    claimed = {p.pointer for p in problems if p.severity is Severity.ERROR and not p.rule.startswith("vocab.")}
    if not claimed:
        return problems
    return [
        p
        for p in problems
        if not (p.rule == "vocab.range-mismatch" and p.severity is Severity.ERROR and p.pointer in claimed)
    ]


def _run_task(checks: Checks, task: Task) -> tuple[int, list[DocumentResult]]:
    """Documents in ``task`` and the results of those with problems."""
    count = 0
    results: list[DocumentResult] = []
    page: tuple[str, tuple[str, ...]] | None = None
    for raw in documents_of(task):
        if raw.problem is not None:
            result = DocumentResult(raw.file, raw.line, (raw.problem,))
        else:
            count += 1
            assert raw.data is not None
            result = check_document(
                checks,
                raw.data,
                file=raw.file,
                line=raw.line,
                text_line=raw.text_line,
                json_ld=raw.json_ld,
                lines=raw.lines,
            )
            if checks.check_visible and task.kind == "html":
                if page is None:
                    page = _visible_page(task)
                result = _with_visible(result, raw.data, page)
        if result.problems:
            results.append(result)
    return count, results


def _visible_page(task: Task) -> tuple[str, tuple[str, ...]]:
    """The visible text of an HTML task's page (read again: the scripts were already taken out)."""
    from .visible import page_text

    data = task.data
    if data is None and task.path is not None:
        try:
            with open(task.path, "rb") as handle:
                data = handle.read(task.max_bytes + 1)
        except OSError:
            data = b""
    return page_text((data or b"").decode("utf-8", errors="replace"))


def _with_visible(result: DocumentResult, data: bytes | str, page: tuple[str, tuple[str, ...]]) -> DocumentResult:
    from .visible import visible_problems

    try:
        found = visible_problems(data, page)
    except Exception as exc:  # a bug in the check must not stop a run of millions
        found = [
            Problem(
                rule="internal.error",
                severity=Severity.ERROR,
                message=f"the visible-content check failed with {type(exc).__name__}: {exc}; please report this page",
            )
        ]
    if not found:
        return result
    placed = tuple(attrs.evolve(p, file=result.file, line=result.line) for p in found)
    return attrs.evolve(result, problems=result.problems + placed)


# Worker-process state: the checks compiled once per worker process. Each process belongs to
# one pool, so nothing here is shared between runs (the parent process never sets it).
_WORKER_CHECKS: Checks | None = None


def _init_worker(options: Options, checks: Checks | None) -> None:
    """Forked workers get the parent's compiled checks; spawned ones compile their own."""
    global _WORKER_CHECKS
    _WORKER_CHECKS = checks if checks is not None else build_checks(options)


def _run_batch(batch: list[Task]) -> list[tuple[int, list[DocumentResult]]]:
    assert _WORKER_CHECKS is not None
    return [_run_task(_WORKER_CHECKS, task) for task in batch]


def _batches(tasks: Iterable[Task], jobs: int, size: int = 64) -> Iterator[list[Task]]:
    """Batches of up to ``size`` tasks; a set smaller than ``jobs * size`` is cut so every worker gets some.

    A JSONL block (a thousand lines) is always a batch of its own.
    """
    stream = iter(tasks)
    head: list[Task] = []
    for task in stream:  # look ahead; a JSONL block (already a big unit, up to 1,000 lines) ends it
        head.append(task)
        if len(head) >= jobs * size or task.kind == "jsonl-block":
            break
    if len(head) < jobs * size:
        size = max(1, -(-len(head) // (2 * jobs)))  # about two batches per worker
    batch: list[Task] = []
    for task in itertools.chain(head, stream):
        if task.kind == "jsonl-block":
            if batch:
                yield batch
                batch = []
            yield [task]
            continue
        batch.append(task)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Run:
    """An ordered, streaming validation run; iterate for results, read ``summary`` after.

    With ``jobs > 1`` tasks go to worker processes in batches, at most a few batches ahead
    of the output, so the order is the serial order and memory stays bounded.
    """

    def __init__(
        self,
        paths: Iterable[str],
        options: Options | None = None,
        *,
        jobs: int = 1,
        stdin: BinaryIO | None = None,
        stdin_kind: str = "auto",
        checks: Checks | None = None,
        on_progress: Callable[[Summary], None] | None = None,
    ) -> None:
        self.options = options if options is not None else Options()
        self._on_progress = on_progress
        self.jobs = max(1, jobs)
        self.summary = Summary()
        self._paths = list(paths)
        self._stdin = stdin
        self._stdin_kind = stdin_kind
        self._checks = checks if checks is not None or self.jobs > 1 else build_checks(self.options)

    def _tasks(self) -> Iterator[Task]:
        last_file: str | None = None
        for task in tasks_for(
            self._paths, max_bytes=self.options.max_bytes, stdin=self._stdin, stdin_kind=self._stdin_kind
        ):
            if task.file != last_file:
                self.summary.files += 1
                last_file = task.file
            yield task

    def _outcomes(self) -> Iterator[tuple[int, list[DocumentResult]]]:
        if self.jobs == 1:
            checks = self._checks
            assert checks is not None
            for task in self._tasks():
                yield _run_task(checks, task)
            return
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        # Forked workers inherit the checks compiled here (never pickled); others rebuild them.
        checks = (self._checks or build_checks(self.options)) if method == "fork" else None
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_init_worker, initargs=(self.options, checks)
        ) as pool:
            pending: deque[Future[list[tuple[int, list[DocumentResult]]]]] = deque()
            try:
                for batch in _batches(self._tasks(), self.jobs):
                    pending.append(pool.submit(_run_batch, batch))
                    if len(pending) >= 4 * self.jobs:
                        yield from pending.popleft().result()
                while pending:
                    yield from pending.popleft().result()
            except BrokenProcessPool:
                raise WorkerDied("a worker process died (out of memory?); run again with --jobs 1") from None

    def __iter__(self) -> Iterator[DocumentResult]:
        for count, results in self._outcomes():
            self.summary.documents += count
            for result in results:
                self.summary.add(result)
                yield result
            if self._on_progress is not None:
                self._on_progress(self.summary)


def validate(
    *sources: str | os.PathLike[str],
    profile: str | None = None,
    schema: Any = None,
    vocabulary: bool = True,
    vocabulary_file: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    check_visible: bool = False,
    fail_on: Iterable[str] | None = None,
    formats: bool = True,
    schema_map: Mapping[str, str | os.PathLike[str]] | None = None,
) -> Report:
    """Validate files and folders; the same report the command line prints.

    ``fail_on`` limits the families whose errors fail the run (``report.ok``), e.g.
    ``["schema.org"]``; ``check_visible`` turns on the visible-content check for HTML pages.
    ``schema`` is a JSON Schema (a dict or a boolean), a path to one, or the URI of a schema
    the package ships (``"urn:fmevidence:schema:finding"``); ``formats=False`` stops checking
    ``format``; ``schema_map`` serves remote ``$ref`` URIs from local files (a URI ending in
    ``/`` maps to a folder). Raises :class:`UsageError` for a schema that cannot be used.
    """
    from .schema_map import SchemaMapError
    from .user_schema import UserSchemaError, load_schema

    try:
        mapping = SchemaMap.of((schema_map or {}).items())
        if isinstance(schema, (str, os.PathLike)):
            schema = load_schema(schema)
    except (SchemaMapError, UserSchemaError) as exc:
        raise UsageError(str(exc)) from None
    options = Options(
        profile=profile,
        schema=schema,
        vocabulary=vocabulary,
        vocabulary_file=vocabulary_file,
        max_bytes=max_bytes,
        check_visible=check_visible,
        formats=formats,
        schema_map=mapping,
    )
    run = Run([os.fspath(source) for source in sources], options, jobs=jobs)
    if fail_on is not None:
        run.summary.fail_on = frozenset(fail_on)
    results = tuple(run)
    return Report(results=results, summary=run.summary)
