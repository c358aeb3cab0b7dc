"""Check a JSON-LD document against the schema.org vocabulary.

Two paths, one set of rules (``vocab_rules.Checker``): a plain schema.org document is walked
directly (``vocab_walk``, over ten times faster than expansion); anything else is expanded
offline with pyld first (``vocab_expand``). Both report the same problems for the same
document, ordered by where they occur in the document as written.

Rule codes: ``vocab.unknown-type``, ``vocab.unknown-property``, ``vocab.property-not-on-type``,
``vocab.range-mismatch`` (errors); ``vocab.text-for-entity``, ``vocab.superseded``,
``vocab.not-schema-org`` (warnings); ``jsonld.context-refused``, ``jsonld.invalid``,
``jsonld.too-deep`` (errors: the document could not be checked).
"""

from __future__ import annotations

from typing import Any

from ..pointers import unescape
from .report import Problem, Severity
from .vocab_expand import expand_and_check
from .vocab_rules import Checker
from .vocab_walk import MAX_DEPTH, Ineligible, TooDeep, walk_plain
from .vocabulary import Vocabulary, default_vocabulary

__all__ = ["check_vocabulary", "check_vocabulary_expanded", "check_vocabulary_plain"]


def check_vocabulary(document: Any, vocabulary: Vocabulary | None = None) -> list[Problem]:
    """Every vocabulary problem in ``document`` (parsed JSON), ordered as written. Never raises.

    Pointers are JSON pointers into ``document`` as written; ``file`` and ``line`` are left
    for the caller to fill in.
    """
    vocabulary = vocabulary if vocabulary is not None else default_vocabulary()
    checker = Checker(vocabulary)
    try:
        walk_plain(document, checker)
    except Ineligible:
        return check_vocabulary_expanded(document, vocabulary)
    except (TooDeep, RecursionError):
        return [_too_deep()]
    except Exception as error:  # pragma: no cover - a bug; report it rather than crash a bulk run
        return [_internal(error)]
    return _ordered(checker.problems, document)


def check_vocabulary_expanded(document: Any, vocabulary: Vocabulary | None = None) -> list[Problem]:
    """Like :func:`check_vocabulary`, always through pyld expansion (the general path).

    Public so tests and benchmarks can compare the two paths.
    """
    vocabulary = vocabulary if vocabulary is not None else default_vocabulary()
    checker = Checker(vocabulary)
    try:
        failures = expand_and_check(document, checker)
    except (TooDeep, RecursionError):
        return [_too_deep()]
    except Exception as error:  # pragma: no cover - a bug; report it rather than crash a bulk run
        return [_internal(error)]
    return failures + _ordered(checker.problems, document)


def check_vocabulary_plain(document: Any, vocabulary: Vocabulary | None = None) -> list[Problem] | None:
    """Like :func:`check_vocabulary` through the fast path only; ``None`` when it does not apply.

    Public so tests and benchmarks can compare the two paths.
    """
    vocabulary = vocabulary if vocabulary is not None else default_vocabulary()
    checker = Checker(vocabulary)
    try:
        walk_plain(document, checker)
    except Ineligible:
        return None
    except (TooDeep, RecursionError):
        return [_too_deep()]
    return _ordered(checker.problems, document)


def _too_deep() -> Problem:
    return Problem(
        "jsonld.too-deep",
        Severity.ERROR,
        f"the document nests more than {MAX_DEPTH} levels deep; it was not checked against the vocabulary",
    )


def _internal(error: Exception) -> Problem:
    return Problem(
        "vocab.internal-error",
        Severity.ERROR,
        f"the vocabulary check failed on this document ({type(error).__name__}: {error}); please report it",
    )


def _ordered(problems: list[Problem], document: Any) -> list[Problem]:
    """Problems in document order (then by rule and message), so both paths list them alike."""
    if len(problems) < 2:
        return problems
    return sorted(problems, key=lambda p: (_position(document, p.pointer), p.rule, p.message))


def _position(document: Any, pointer: str) -> tuple[int, ...]:
    """Where ``pointer`` is in document order: the index of each key or item along the way."""
    if not pointer:
        return ()
    position: list[int] = []
    current = document
    for raw in pointer[1:].split("/"):
        token = unescape(raw)
        if isinstance(current, dict) and token in current:
            position.append(list(current).index(token))
            current = current[token]
        elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
            position.append(int(token))
            current = current[int(token)]
        else:
            position.append(1 << 30)
            break
    return tuple(position)
