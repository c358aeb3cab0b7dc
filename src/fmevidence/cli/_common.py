"""Helpers shared by the sub-commands: the CLI's conventions in one place.

Every sub-command follows the same rules, which ``tests/test_cli_conventions.py`` checks for
each of them and ``docs/cli.md`` documents:

- exit codes: 0 success; 1 the answer is "no" (an id that names no record of the kind asked
  for, validation errors); 2 bad usage or unreadable input; never a traceback;
- an unknown id is reported with the closest ids *of the kind the command expects*
  (:func:`resolve_id`);
- a repeatable option is repeated (``--include a --include b``), never given several values,
  so it cannot swallow a positional argument;
- ids are never broken across lines (:func:`wrap`), so they can be copied;
- each sub-command's ``--help`` ends with runnable examples (:func:`examples`).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Collection
from typing import Any

from ..errors import FmevidenceError
from ..evidence_base import EvidenceBase
from ..model import Record

__all__ = [
    "EXIT_NO",
    "EXIT_OK",
    "EXIT_USAGE",
    "CliError",
    "HelpFormatter",
    "die",
    "evidence_base",
    "examples",
    "positive_int",
    "print_json",
    "resolve_id",
    "wrap",
]

EXIT_OK = 0
EXIT_NO = 1
EXIT_USAGE = 2

_EXAMPLES_HEADING = "examples:"


class CliError(FmevidenceError):
    """Stop the command with this message on stderr and this exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def die(message: str, code: int) -> int:
    """Print ``message`` to stderr and return ``code`` (for ``return die(...)``)."""
    print(message, file=sys.stderr)
    return code


def evidence_base(args: argparse.Namespace) -> EvidenceBase:
    """The dataset the user asked for with ``--data``, or the built-in one."""
    from ..loading import load

    return load(getattr(args, "data", None))


def print_json(value: Any) -> None:
    """Pretty, key-sorted, UTF-8 JSON on stdout."""
    sys.stdout.write(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def wrap(text: str, width: int = 100, **options: Any) -> list[str]:
    """``textwrap.wrap`` that never breaks inside a word, so an id stays whole on one line."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False, **options)


def resolve_id(kb: EvidenceBase, text: str, command: str, kinds: Collection[str] | None = None,
               noun: str = "record") -> Record:
    """The record ``text`` names (id, name or synonym), which must be of one of ``kinds``.

    Otherwise stop with exit 1 and a message naming the closest ids *of those kinds*: a user
    who mistypes a condition in ``export`` wants conditions suggested, not sources. When nothing
    is close and the kind has few records, all of them are listed.
    """
    from ..errors import UnknownRecordError
    from ..kinds import KIND_OF_CLASS, kind_label

    def fits(record: Record) -> bool:
        return kinds is None or KIND_OF_CLASS[type(record)] in kinds

    prefix = f"fmevidence {command}"
    try:
        record = kb.resolve(text)
    except UnknownRecordError:
        named = [r for r in kb.lookup(text) if fits(r)]
        if len(named) == 1:
            return named[0]
        if named:
            raise CliError(f"{prefix}: {text!r} names several records: {', '.join(r.id for r in named)}; "
                           "give one id", EXIT_NO) from None
        raise CliError(f"{prefix}: no {noun} {text!r}{_hint(kb, text, fits, kinds)}", EXIT_NO) from None
    if not fits(record):
        label = kind_label(record)
        article = "an" if label[0] in "aeiou" else "a"
        raise CliError(f"{prefix}: {text!r} is {article} {label}, not a {noun}{_hint(kb, text, fits, kinds)}",
                       EXIT_NO)
    return record


def _hint(kb: EvidenceBase, text: str, fits: Any, kinds: Collection[str] | None) -> str:
    close = [ref for ref in kb.suggest(text, limit=50) if fits(kb.get(ref))][:5]
    if close:
        return f"; did you mean: {', '.join(close)}?"
    if kinds is not None:
        every = [r.id for kind in sorted(kinds) for r in kb.of_kind(kind)]
        if 0 < len(every) <= 12:
            return f"; expected one of: {', '.join(every)}"
        names = [kind.replace("_", "-") for kind in sorted(kinds)]
        if every and len(names) == 1:
            return f"; list them with: fmevidence list {names[0]}"
        if every:
            return f"; list them with: fmevidence list KIND (KIND: {', '.join(names)})"
    return ""


def examples(*commands: str) -> str:
    """The ``--help`` epilog: runnable example command lines (each ``# comment`` kept on its line).

    ``tests/test_cli_conventions.py`` runs every example, so the help text cannot rot.
    """
    return "\n".join([_EXAMPLES_HEADING, *(f"  {command}" for command in commands)])


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, but the examples epilog keeps its lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith(_EXAMPLES_HEADING):
            return "\n".join(indent + line for line in text.splitlines())
        return super()._fill_text(text, width, indent)


def positive_int(text: str) -> int:
    """argparse type for counts such as ``--jobs`` and ``--workers``: a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, found {value}")
    return value
