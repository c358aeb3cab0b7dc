"""Integrity rules a dataset must meet beyond its shape: ids, references, citations, DOIs.

Each check returns problems rather than raising, so one load reports every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from .errors import DataProblem
from .kinds import KIND_OF_CLASS, REFERENCES
from .model import Finding, Quantity, Record, Source

__all__ = ["DOI_PATTERN", "PMID_PATTERN", "Placed", "check"]

#: A DOI as stored: lower case, no "doi:" prefix, no resolver URL.
DOI_PATTERN: Final = re.compile(r"^10\.\d{4,9}/[^\sA-Z]+$")
PMID_PATTERN: Final = re.compile(r"^[1-9][0-9]{0,8}$")
ID_PATTERN: Final = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")


@attrs.frozen
class Placed:
    """A record with the file and JSON pointer it was read from."""

    record: Record
    file: str
    pointer: str


def check(placed: Sequence[Placed]) -> list[DataProblem]:
    """Every integrity problem in the dataset, in file order."""
    problems: list[DataProblem] = []
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
    for item in placed:
        problems.extend(_check_references(item, kinds_by_id))
        problems.extend(_check_citation(item))
        if isinstance(item.record, Source):
            problems.extend(_check_source(item, dois))
        if isinstance(item.record, Finding):
            problems.extend(_check_finding(item))
    return problems


def _problem(item: Placed, suffix: str, message: str) -> DataProblem:
    return DataProblem(file=item.file, pointer=item.pointer + suffix, message=message, record_id=item.record.id)


def _check_references(item: Placed, kinds_by_id: dict[str, str]) -> Iterable[DataProblem]:
    for field, allowed in REFERENCES[type(item.record)].items():
        value = getattr(item.record, field)
        ids: tuple[str, ...] = (value,) if isinstance(value, str) else value
        for index, ref in enumerate(ids):
            pointer = f"/{field}" if isinstance(value, str) else f"/{field}/{index}"
            kind = kinds_by_id.get(ref)
            if kind is None:
                yield _problem(item, pointer, f"reference {ref!r} does not resolve to any record")
            elif kind not in allowed:
                expected = " or ".join(sorted(allowed))
                yield _problem(item, pointer, f"reference {ref!r} is a record of kind {kind}; expected {expected}")


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
