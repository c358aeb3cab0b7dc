"""Integrity rules a dataset must meet beyond its shape: ids, references, citations, DOIs.

Each check returns problems rather than raising, so one load reports every problem at once.
"""

from __future__ import annotations

import difflib
import math
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from .errors import DataProblem
from .kinds import KIND_OF_CLASS, REFERENCES
from .model import Finding, Quantity, Record, Source

__all__ = ["DOI_PATTERN", "FIELD_RULES", "PMID_PATTERN", "Placed", "check"]

#: A DOI as stored: lower case, no "doi:" prefix, no resolver URL.
DOI_PATTERN: Final = re.compile(r"^10\.\d{4,9}/[^\sA-Z]+$")
PMID_PATTERN: Final = re.compile(r"^[1-9][0-9]{0,8}$")
ID_PATTERN: Final = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")

#: Per-field constraints beyond the Python type: scripts/build_schemas.py writes them into
#: schemas/*.schema.json and :func:`check` enforces them, so what the schemas reject never loads.
FIELD_RULES: Final[dict[str, dict[str, Any]]] = {
    "doi": {"pattern": DOI_PATTERN.pattern, "description": "Lower-case DOI without 'doi:' or a resolver URL."},
    "pmid": {"pattern": PMID_PATTERN.pattern, "description": "PubMed id, digits only."},
    "sentence_sha256": {"pattern": "^[0-9a-f]{64}$", "description": "sha256 of the normalised sentence."},
    "last_reviewed": {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "url": {"format": "uri", "pattern": "^https?://"},
    "year": {"minimum": 1800, "maximum": 2100},
    "sample_size": {"minimum": 1},
    "agreement_percent": {"minimum": 0, "maximum": 100},
}
#: Fields whose rule is checked with a better message elsewhere (DOI, PMID) or not a record field.
_OWN_CHECKS: Final = frozenset({"doi", "pmid", "last_reviewed"})


@attrs.frozen
class Placed:
    """A record with the file and JSON pointer it was read from."""

    record: Record
    file: str
    pointer: str


def check(
    placed: Sequence[Placed], *, rejected: Mapping[str, str] | None = None, unreadable: Sequence[str] = ()
) -> tuple[list[DataProblem], tuple[Record, ...]]:
    """Every integrity problem in the dataset, in file order, and the records as loaded.

    ``rejected`` maps ids of records that failed to load to where they are, so a reference to
    one says so instead of "does not resolve"; when a file in ``unreadable`` could not be read,
    unresolved references are not reported one by one (they may be defined in that file).
    Mixed-case or prefixed DOIs are normalised with a note (``level="note"``).
    """
    normalised = [_normalise_doi(item) for item in placed]
    problems: list[DataProblem] = [item.note for item in normalised if isinstance(item, _Normalised)]
    placed = [item.placed if isinstance(item, _Normalised) else item for item in normalised]
    kinds_by_id: dict[str, str] = {}
    first_seen: dict[str, Placed] = {}
    for item in placed:
        rid = item.record.id
        if not ID_PATTERN.match(rid):
            problems.append(_problem(item, "/id", f"id {rid!r} is not lower-case-kebab (a-z, 0-9, '-', '.')"))
        if rid in first_seen:
            other = first_seen[rid]
            problems.append(_problem(item, "/id", f"duplicate id {rid!r} (first used at {other.file} {other.pointer})"))
            continue
        first_seen[rid] = item
        kinds_by_id[rid] = KIND_OF_CLASS[type(item.record)]
    dois: dict[str, Placed] = {}
    ids_by_kind: dict[str, list[str]] = {}
    for rid, kind in kinds_by_id.items():
        ids_by_kind.setdefault(kind, []).append(rid)
    context = _RefContext(kinds_by_id, ids_by_kind, dict(rejected or {}), tuple(unreadable))
    for item in placed:
        problems.extend(_check_references(item, context))
        problems.extend(_check_citation(item))
        problems.extend(_check_fields(item, item.record, ""))
        if isinstance(item.record, Source):
            problems.extend(_check_source(item, dois))
        if isinstance(item.record, Finding):
            problems.extend(_check_finding(item))
    if context.unresolved_hidden:
        files = ", ".join(unreadable)
        first = context.unresolved_hidden[0]
        count = len(context.unresolved_hidden)
        problems.append(DataProblem(
            first.file, first.pointer,
            f"{count} reference{'s' if count != 1 else ''} (the first here) name no loaded record; they were not "
            f"checked one by one because {files} could not be read and may define them: fix that first",
        ))
    return problems, tuple(item.record for item in placed)


@attrs.frozen
class _Normalised:
    placed: Placed
    note: DataProblem


_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")


def _normalise_doi(item: Placed) -> Placed | _Normalised:
    """A DOI written as printed (mixed case, ``doi:`` or resolver URL) becomes its stored form.

    DOIs are case-insensitive (the DOI Handbook, 3.4), so lower-casing changes nothing a reader
    can resolve; the note tells the author the file may be updated.
    """
    record = item.record
    if not isinstance(record, Source) or record.doi is None or DOI_PATTERN.match(record.doi):
        return item
    doi = record.doi.strip()
    for prefix in _DOI_PREFIXES:
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix):]
    doi = doi.lower()
    if not DOI_PATTERN.match(doi):
        return item
    note = DataProblem(
        item.file, item.pointer + "/doi",
        f"DOI {record.doi!r} was read as {doi!r} (DOIs are case-insensitive; stored lower-case without prefix)",
        record_id=record.id, level="note",
    )
    return _Normalised(Placed(attrs.evolve(record, doi=doi), item.file, item.pointer), note)


@attrs.define
class _RefContext:
    kinds_by_id: dict[str, str]
    ids_by_kind: dict[str, list[str]]
    rejected: dict[str, str]
    unreadable: tuple[str, ...]
    unresolved_hidden: list[DataProblem] = attrs.Factory(list)


def _problem(item: Placed, suffix: str, message: str) -> DataProblem:
    return DataProblem(file=item.file, pointer=item.pointer + suffix, message=message, record_id=item.record.id)


def _check_references(item: Placed, context: _RefContext) -> Iterable[DataProblem]:
    for field, allowed in REFERENCES[type(item.record)].items():
        value = getattr(item.record, field)
        ids: tuple[str, ...] = (value,) if isinstance(value, str) else value
        for index, ref in enumerate(ids):
            pointer = f"/{field}" if isinstance(value, str) else f"/{field}/{index}"
            kind = context.kinds_by_id.get(ref)
            if kind is None and ref in context.rejected:
                yield _problem(
                    item, pointer,
                    f"reference {ref!r} names a record that exists but was rejected ({context.rejected[ref]}); "
                    "fix the problems reported there",
                )
            elif kind is None and context.unreadable:
                context.unresolved_hidden.append(_problem(item, pointer, ""))
            elif kind is None:
                candidates = [rid for k in sorted(allowed) for rid in context.ids_by_kind.get(k, ())]
                close = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                expected = " or ".join(sorted(allowed))
                yield _problem(item, pointer, f"reference {ref!r} does not resolve to any record{hint} (expected the id of one of: {expected})")
            elif kind not in allowed:
                expected = " or ".join(sorted(allowed))
                yield _problem(item, pointer, f"reference {ref!r} is a record of kind {kind}; expected {expected}")


def _check_fields(item: Placed, value: Any, pointer: str) -> Iterable[DataProblem]:
    """The :data:`FIELD_RULES` of every field of ``value`` and the objects nested in it."""
    for name, rule in _ruled_fields(type(value)):
        current = getattr(value, name)
        if current is None or current == ():
            continue
        where = f"{pointer}/{name}"
        if rule is None:  # nested objects: a tuple of them, or one
            if isinstance(current, tuple):
                for index, element in enumerate(current):
                    yield from _check_fields(item, element, f"{where}/{index}")
            else:
                yield from _check_fields(item, current, where)
        else:
            message = _rule_problem(rule, current)
            if message is not None:
                yield _problem(item, where, message)


_RULED: dict[type, tuple[tuple[str, dict[str, Any] | None], ...]] = {}


def _ruled_fields(cls: type) -> tuple[tuple[str, dict[str, Any] | None], ...]:
    """Fields of ``cls`` with a rule, and (rule None) fields holding nested model objects (cached)."""
    if cls in _RULED:
        return _RULED[cls]
    hints = typing.get_type_hints(cls)
    found: list[tuple[str, dict[str, Any] | None]] = []
    for field in attrs.fields(cls):
        if field.name in FIELD_RULES and field.name not in _OWN_CHECKS:
            found.append((field.name, FIELD_RULES[field.name]))
        elif any(isinstance(arg, type) and attrs.has(arg) for arg in _flatten(hints[field.name])):
            found.append((field.name, None))
    _RULED[cls] = tuple(found)
    return _RULED[cls]


def _flatten(tp: Any) -> list[Any]:
    return [tp, *(inner for arg in typing.get_args(tp) for inner in _flatten(arg))]


def _rule_problem(rule: dict[str, Any], value: Any) -> str | None:
    if isinstance(value, str) and "pattern" in rule and not re.search(rule["pattern"], value):
        return f"{value[:60]!r} does not have the expected form (pattern {rule['pattern']})"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = rule.get("minimum"), rule.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            return f"{value} is out of range; expected a number {bounds}"
    return None


def _check_citation(item: Placed) -> Iterable[DataProblem]:
    if isinstance(item.record, Source):
        return
    if not item.record.sources:
        yield _problem(item, "/sources", "cites no source; every record must cite at least one")


def _check_source(item: Placed, dois: dict[str, Placed]) -> Iterable[DataProblem]:
    source = item.record
    assert isinstance(source, Source)
    if source.doi is not None:
        if not DOI_PATTERN.match(source.doi):
            yield _problem(
                item,
                "/doi",
                f"DOI {source.doi!r} is malformed; expected lower-case '10.NNNN/suffix' without prefix or URL",
            )
        elif source.doi in dois:
            other = dois[source.doi]
            yield _problem(item, "/doi", f"DOI {source.doi!r} is already used by source {other.record.id!r}")
        else:
            dois[source.doi] = item
    if source.pmid is not None and not PMID_PATTERN.match(source.pmid):
        yield _problem(item, "/pmid", f"PMID {source.pmid!r} is malformed; expected digits only")
    if source.doi is None and source.url is None and source.pmid is None and source.publisher is None:
        yield _problem(item, "", "source has no DOI, PMID, URL or publisher; a reader could not find it")


def _check_finding(item: Placed) -> Iterable[DataProblem]:
    finding = item.record
    assert isinstance(finding, Finding)
    if not finding.about:
        yield _problem(item, "/about", "finding is about nothing; name at least one entity")
    for index, quantity in enumerate(finding.quantities):
        message = _quantity_problem(quantity)
        if message:
            yield _problem(item, f"/quantities/{index}", message)
    override = finding.certainty_override
    if override is not None and not override.justification.strip():
        yield _problem(item, "/certainty_override/justification", "an override needs a written justification")


def _quantity_problem(quantity: Quantity) -> str | None:
    numbers = (quantity.value, quantity.low, quantity.high)
    if any(number is not None and not math.isfinite(number) for number in numbers):
        return "quantity holds NaN or an infinite number; expected finite numbers"
    has_range = quantity.low is not None or quantity.high is not None
    if quantity.value is None and not has_range:
        return "quantity has neither a value nor a low/high range"
    if quantity.value is not None and has_range:
        return "quantity has both a value and a range; give one"
    if has_range and (quantity.low is None or quantity.high is None):
        return "a range needs both low and high"
    if quantity.low is not None and quantity.high is not None and quantity.low > quantity.high:
        return f"range low {quantity.low} is above high {quantity.high}"
    return None
