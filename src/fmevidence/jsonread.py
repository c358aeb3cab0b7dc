"""Read dataset JSON that may be hostile: every way a file can be broken is a problem, never a crash.

``json.loads`` alone keeps the last of duplicate keys without a word (``{"mechanisms": [m1],
"mechanisms": []}`` loses m1), accepts ``NaN``, raises ``ValueError`` on a 5,000-digit integer
and ``RecursionError`` on deep nesting, and a 400-digit integer later overflows ``float()``.
Here each becomes a :class:`~fmevidence.errors.DataProblem` with its JSON pointer, and
:func:`locate` adds the line and column. Files are read only if they are regular files of at
most :data:`MAX_BYTES`, so ``/dev/zero`` or a FIFO cannot hang the loader.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

import attrs

from .errors import DataProblem
from .pointers import escape

__all__ = ["MAX_BYTES", "MAX_DEPTH", "Parsed", "locate", "parse", "read_file"]

#: Largest data file read (64 MiB): far above any real dataset, well below memory trouble.
MAX_BYTES = 64 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted; a real dataset nests about six levels.
MAX_DEPTH = 64
#: Integers beyond +-2**53 cannot round-trip through JSON tools that use doubles.
_SAFE_INT = 2**53
_UNREADABLE = "unreadable"


@attrs.frozen
class _Bad:
    """Stand-in for a value that must not reach the model (NaN, Infinity, a huge number)."""

    message: str


@attrs.frozen
class Parsed:
    """A parsed file: ``document`` is None when nothing in it can be used."""

    document: Any
    text: str
    problems: list[DataProblem]

    def bad_pointers(self) -> list[str]:
        """Pointers of the values a problem was found in (records holding them are rejected)."""
        return [problem.pointer for problem in self.problems]


def read_file(path: Path, label: str) -> bytes | DataProblem:
    """The bytes of ``path`` if it is a regular file of at most :data:`MAX_BYTES`."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _unreadable(label, f"cannot read file: {exc.strerror or exc}")
    if stat.S_ISDIR(info.st_mode):
        return _unreadable(label, "is a folder; expected a JSON file")
    if not stat.S_ISREG(info.st_mode):
        return _unreadable(label, "is not a regular file (a device, pipe or socket); expected a JSON file")
    if info.st_size > MAX_BYTES:
        return _unreadable(label, f"is {info.st_size:,} bytes; expected at most {MAX_BYTES:,} (64 MiB)")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return _unreadable(label, f"cannot read file: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        return _unreadable(label, f"is larger than {MAX_BYTES:,} bytes (64 MiB); expected a smaller file")
    return data


def _unreadable(file: str, message: str, **where: Any) -> DataProblem:
    return DataProblem(file, "", message, level=_UNREADABLE, **where)


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def parse(file: str, raw: bytes) -> Parsed:
    """Parse one data file; problems carry pointers and (after :func:`locate`) lines."""
    if len(raw) > MAX_BYTES:
        return Parsed(None, "", [_unreadable(file, f"is larger than {MAX_BYTES:,} bytes (64 MiB)")])
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return Parsed(None, "", [_unreadable(file, f"is {name} text; expected UTF-8 (save the file as UTF-8)")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark: harmless, and some editors add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; expected UTF-8 text (re-save the file as UTF-8)"
        return Parsed(None, "", [_unreadable(file, message, line=line, column=column)])
    decoder = _Decoder()
    try:
        document = decoder.decode(text)
    except json.JSONDecodeError as exc:
        problem = _unreadable(file, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno)
        return Parsed(None, text, [problem])
    except RecursionError:
        deep_line, deep_column = _deep_position(text)
        message = f"arrays and objects nested more than {MAX_DEPTH} levels deep; expected at most {MAX_DEPTH}"
        return Parsed(None, text, [_unreadable(file, message, line=deep_line, column=deep_column)])
    problems = _walk(file, document, decoder.duplicates)
    return Parsed(document, text, problems)


class _Decoder(json.JSONDecoder):
    """Records duplicate keys; turns non-finite and oversized numbers into :class:`_Bad`."""

    def __init__(self) -> None:
        self.duplicates: dict[int, list[str]] = {}
        super().__init__(
            object_pairs_hook=self._pairs,
            parse_constant=self._constant,
            parse_float=self._float,
            parse_int=self._int,
        )

    def _pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            repeated: list[str] = []
            for key, _ in pairs:
                if key in seen and key not in repeated:
                    repeated.append(key)
                seen.add(key)
            self.duplicates[id(obj)] = repeated
        return obj

    @staticmethod
    def _constant(name: str) -> _Bad:
        return _Bad(f"found {name}; expected a finite number (JSON has no NaN or Infinity)")

    @staticmethod
    def _float(literal: str) -> float | _Bad:
        if len(literal) > 400:
            return _Bad(f"found a number written with {len(literal)} characters; expected an ordinary number")
        value = float(literal)
        if not math.isfinite(value):
            return _Bad(f"found {literal[:20]}{'...' if len(literal) > 20 else ''}, too large for a number; "
                        "expected a finite number")
        return value

    @staticmethod
    def _int(literal: str) -> int | _Bad:
        digits = literal.lstrip("-")
        if len(digits) > 16 or abs(int(literal)) > _SAFE_INT:
            shown = literal if len(literal) <= 20 else f"{literal[:12]}... ({len(digits)} digits)"
            return _Bad(f"found the integer {shown}; expected a number between -2^53 and 2^53")
        return int(literal)


def _walk(file: str, document: Any, duplicates: dict[int, list[str]]) -> list[DataProblem]:
    """Problems for bad numbers, duplicate keys, deep nesting and broken strings (iterative)."""
    problems: list[DataProblem] = []
    stack: list[tuple[str, Any, int]] = [("", document, 0)]
    while stack:
        pointer, value, depth = stack.pop()
        if isinstance(value, _Bad):
            problems.append(_unreadable(file, value.message) if not pointer else
                            DataProblem(file, pointer, value.message, level=_UNREADABLE))
        elif isinstance(value, str):
            if not value.isascii() and _has_surrogate(value):
                problems.append(DataProblem(file, pointer, "string holds a lone UTF-16 surrogate escape (\\ud800-\\udfff); "
                                            "expected valid Unicode text", level=_UNREADABLE))
        elif isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                problems.append(DataProblem(file, pointer, f"arrays and objects nested more than {MAX_DEPTH} levels "
                                            f"deep; expected at most {MAX_DEPTH}", level=_UNREADABLE))
                continue
            if isinstance(value, dict):
                for key in duplicates.get(id(value), ()):
                    problems.append(DataProblem(
                        file, f"{pointer}/{escape(key)}",
                        f"key {key!r} appears more than once in this object; expected each key once "
                        "(JSON keeps only the last, silently dropping the others)",
                        level=_UNREADABLE,
                    ))
                if not all(k.isascii() for k in value) and any(_has_surrogate(k) for k in value):
                    problems.append(DataProblem(file, pointer, "a key holds a lone UTF-16 surrogate escape; "
                                                "expected valid Unicode text", level=_UNREADABLE))
                stack.extend((f"{pointer}/{escape(key)}", item, depth + 1) for key, item in reversed(value.items()))
            else:
                stack.extend((f"{pointer}/{index}", item, depth + 1) for index, item in reversed(list(enumerate(value))))
    return problems


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)


def _deep_position(text: str) -> tuple[int | None, int | None]:
    """Line and column where nesting first exceeds :data:`MAX_DEPTH` (None if not found)."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            depth += 1
            if depth > MAX_DEPTH:
                return _line_column(text, match.start())
        elif token in ("}", "]"):
            depth -= 1
    return None, None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(text: str, pointers: set[str]) -> dict[str, tuple[int, int]]:
    """Line and column of the value at each pointer (the last occurrence for repeated keys).

    A pointer to nothing (a missing field) gets the place of its nearest existing parent.
    Only called when there are problems, so valid files pay nothing.
    """
    wanted = set(pointers)
    for item in pointers:
        parts = item.split("/")
        wanted.update("/".join(parts[:n]) for n in range(1, len(parts)))
    found: dict[str, int] = {}
    newlines = [index for index, char in enumerate(text) if char == "\n"]
    # Each open container: [is_object, path-so-far, next index or current key, expecting a key]
    stack: list[list[Any]] = []
    path = ""

    def value_at(offset: int) -> None:
        if path in wanted:
            found[path] = offset

    for match in _TOKEN.finditer(text):
        token = match.group()
        top = stack[-1] if stack else None
        if top is not None and top[0] and top[3]:
            if token.startswith('"'):
                try:
                    key = json.loads(token)
                except ValueError:  # pragma: no cover - the text parsed, so keys are valid
                    key = token[1:-1]
                path = f"{top[1]}/{escape(key)}"
                top[3] = False
                continue
            if token == "}":
                stack.pop()
                path = stack[-1][1] + _child(stack[-1]) if stack else ""
            continue
        if token == ":":
            continue
        if token == ",":
            if top is not None:
                if top[0]:
                    top[3] = True
                else:
                    top[2] += 1
                    path = f"{top[1]}/{top[2]}"
            continue
        if token in ("}", "]"):
            stack.pop()
            path = (stack[-1][1] + _child(stack[-1])) if stack else ""
            continue
        if top is not None and not top[0] and top[2] == -1:
            top[2] = 0
            path = f"{top[1]}/0"
        value_at(match.start())
        if token == "{":
            stack.append([True, path, None, True])
        elif token == "[":
            stack.append([False, path, -1, False])
    result: dict[str, tuple[int, int]] = {}
    for item in pointers:
        probe = item
        while probe not in found and probe:
            probe = probe.rpartition("/")[0]
        if probe in found:
            offset = found[probe]
            line = bisect.bisect_left(newlines, offset)
            start = newlines[line - 1] + 1 if line else 0
            result[item] = (line + 1, offset - start + 1)
    return result


def _child(frame: list[Any]) -> str:
    """Path suffix of the value currently being read inside ``frame``."""
    return "" if frame[0] else f"/{frame[2]}"
