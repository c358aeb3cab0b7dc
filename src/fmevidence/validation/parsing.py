"""Strict JSON parsing that turns every way a document can be broken into problems.

``json.loads`` alone accepts NaN and Infinity, keeps the last of duplicate keys without a
word, and raises on a BOM, bad UTF-8 or deep nesting. :func:`parse_json` reports each of
these as a :class:`~fmevidence.validation.report.Problem` with a line and column (or a JSON
pointer) and says whether the document can still be checked.
"""

from __future__ import annotations

import json
import math
import threading
from typing import Any

import attrs

from ..pointers import escape as _escape
from .report import Problem, Severity

__all__ = ["Parsed", "judge_block", "parse_json"]

_BOM = b"\xef\xbb\xbf"


@attrs.frozen
class Parsed:
    """A parsed document (``usable`` is False when it cannot be checked further)."""

    document: Any
    problems: list[Problem]
    usable: bool


@attrs.frozen
class _NonFinite:
    """Stand-in for NaN/Infinity/overflowing numbers while parsing, so they can be located."""

    text: str


class _StrictDecoder(json.JSONDecoder):
    """A JSON decoder that records duplicate keys and non-finite numbers as it parses.

    Built once per thread and reused: building a decoder per document costs more than a
    small document's parse.
    """

    def __init__(self) -> None:
        self.duplicates: list[tuple[dict[str, Any], list[str]]] = []
        self.non_finite: list[bool] = []
        super().__init__(object_pairs_hook=self._pairs, parse_constant=self._constant, parse_float=self._float)

    def _pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            dups = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
            self.duplicates.append((obj, dups))
        return obj

    def _constant(self, name: str) -> _NonFinite:
        self.non_finite.append(True)
        return _NonFinite(name)

    def _float(self, literal: str) -> float | _NonFinite:
        value = float(literal)
        if math.isfinite(value):
            return value
        self.non_finite.append(True)
        return _NonFinite(literal)


_LOCAL = threading.local()


def _decoder() -> _StrictDecoder:
    decoder: _StrictDecoder | None = getattr(_LOCAL, "decoder", None)
    if decoder is None:
        decoder = _LOCAL.decoder = _StrictDecoder()
    return decoder


def parse_json(data: bytes | str, *, line: int | None = None) -> Parsed:
    """Parse one JSON document; ``line`` is where it starts in its file (HTML, JSONL).

    Syntax and encoding problems always carry the line they are on; other problems carry
    ``line`` (None for a whole file).
    """
    problems: list[Problem] = []
    if isinstance(data, bytes):
        if data.startswith(_BOM):
            problems.append(_bom_problem(line))
            data = data[len(_BOM) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(_encoding_problem(data, exc, line))
            return Parsed(None, problems, usable=False)
    else:
        text = data
        if text.startswith("\ufeff"):
            problems.append(_bom_problem(line))
            text = text[1:]
    decoder = _decoder()
    duplicates, non_finite = decoder.duplicates, decoder.non_finite
    duplicates.clear()
    non_finite.clear()
    try:
        document = decoder.decode(text)
    except json.JSONDecodeError as exc:
        problems.append(_syntax_problem(text, exc, line))
        return Parsed(None, problems, usable=False)
    except RecursionError:
        problems.append(
            Problem(
                rule="json.too-deep",
                severity=Severity.ERROR,
                message="arrays and objects nested too deeply to parse; expected at most a few hundred levels",
                line=line,
            )
        )
        return Parsed(None, problems, usable=False)
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        message = f"{exc}; expected valid JSON"
        problems.append(Problem(rule="json.syntax", severity=Severity.ERROR, message=message, line=line))
        return Parsed(None, problems, usable=False)
    if not (duplicates or non_finite):
        return Parsed(document, problems, usable=True)
    located = _located_problems(document, duplicates)
    problems.extend(located)
    return Parsed(document, problems, usable=not any(p.rule == "json.non-finite" for p in located))


def _bom_problem(line: int | None) -> Problem:
    return Problem(
        rule="json.bom",
        severity=Severity.WARNING,
        message="found a UTF-8 byte order mark; expected JSON text without one (RFC 8259)",
        line=line,
    )


def _encoding_problem(data: bytes, exc: UnicodeDecodeError, line: int | None) -> Problem:
    line = line or 1
    start = exc.start
    row = data.count(b"\n", 0, start)
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    return Problem(
        rule="json.encoding",
        severity=Severity.ERROR,
        message=(
            f"line {line + row}, column {column}: found byte 0x{data[start]:02x} that is not valid UTF-8; "
            "expected UTF-8 text"
        ),
        line=line + row,
    )


def _syntax_problem(text: str, exc: json.JSONDecodeError, line: int | None) -> Problem:
    unterminated = exc.msg.startswith("Unterminated string")
    truncated = unterminated or exc.pos >= len(text.rstrip())
    hint = " (the document ends early: truncated?)" if truncated else ""
    what = "a string starts here and never ends" if unterminated else exc.msg
    row = (line or 1) + exc.lineno - 1
    return Problem(
        rule="json.syntax",
        severity=Severity.ERROR,
        message=f"line {row}, column {exc.colno}: {what}{hint}; expected valid JSON",
        line=row,
    )


def _located_problems(document: Any, duplicates: list[tuple[dict[str, Any], list[str]]]) -> list[Problem]:
    """Problems for duplicate keys and non-finite numbers, with JSON pointers (iterative walk)."""
    dup_keys = {id(obj): keys for obj, keys in duplicates}
    problems: list[Problem] = []
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, _NonFinite):
            problems.append(
                Problem(
                    rule="json.non-finite",
                    severity=Severity.ERROR,
                    message=f"found {value.text}; expected a finite number (JSON has no NaN or Infinity)",
                    pointer=pointer,
                )
            )
        elif isinstance(value, dict):
            for key in dup_keys.get(id(value), ()):
                problems.append(
                    Problem(
                        rule="json.duplicate-key",
                        severity=Severity.WARNING,
                        message=f"found key {key!r} more than once; expected unique keys (the last value is used)",
                        pointer=pointer,
                    )
                )
            stack.extend((f"{pointer}/{_escape(key)}", item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{index}", item) for index, item in reversed(list(enumerate(value))))
    return problems



_JSON_LD_KEYS = frozenset({"@type", "@graph", "@id"})


def judge_block(document: Any, *, json_ld: bool) -> list[Problem]:
    """Problems that make consumers ignore a whole JSON-LD block: no ``@context``, not an object.

    ``json_ld`` says the text must be JSON-LD (an HTML ``application/ld+json`` script, a
    microdata or RDFa item, a ``.jsonld`` file); other JSON is judged only when it looks like
    JSON-LD (it names an ``@type``, ``@graph`` or ``@id``). Without an ``@context`` no key of
    the block maps to an IRI, so a JSON-LD processor drops every property and search engines
    read nothing from it (JSON-LD 1.1 section 3.1; Google's structured-data guidelines).
    """
    if isinstance(document, dict):
        return _judge_node(document, "", json_ld)
    if isinstance(document, list):
        problems: list[Problem] = []
        for index, item in enumerate(document):
            if isinstance(item, dict):
                problems.extend(_judge_node(item, f"/{index}", json_ld))
            elif json_ld:
                problems.append(_not_a_node(item, f"/{index}"))
        return problems
    return [_not_a_node(document, "")] if json_ld else []


def _judge_node(node: dict[str, Any], pointer: str, json_ld: bool) -> list[Problem]:
    if "@context" in node:
        return []
    graph = node.get("@graph")
    if isinstance(graph, list) and graph and all(isinstance(item, dict) and "@context" in item for item in graph):
        return []
    if not json_ld and _JSON_LD_KEYS.isdisjoint(node):
        return []
    return [
        Problem(
            rule="jsonld.no-context",
            severity=Severity.ERROR,
            message=(
                "found no @context, so JSON-LD consumers (search engines included) ignore this block: "
                'none of its properties is read; expected "@context": "https://schema.org"'
            ),
            pointer=pointer,
        )
    ]


def _not_a_node(value: Any, pointer: str) -> Problem:
    if value is None or isinstance(value, bool):
        kind = json.dumps(value)
    elif isinstance(value, (int, float)):
        kind = f"the number {json.dumps(value)[:40]}"
    else:
        kind = f"the string {json.dumps(value)[:40]}"
    return Problem(
        rule="jsonld.not-a-node",
        severity=Severity.ERROR,
        message=f"found {kind}; expected a JSON-LD object (or an array of objects): consumers ignore this block",
        pointer=pointer,
    )
