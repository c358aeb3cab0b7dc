"""The aggregate of a crawl: pages, types, problems by rule, unknown terms, health markup.

Summaries merge associatively (``a.merge(b)``), so each engine partition summarises its own
pages and the partial summaries are combined in any order with the same result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..validation.vocabulary import Vocabulary, default_vocabulary

__all__ = ["HEALTH_ROOTS", "SUMMARY_FORMAT", "CrawlSummary"]

#: Version tag of the summary's JSON shape.
SUMMARY_FORMAT = "fmevidence-crawl-summary/1"
#: A type is "health markup" when the schema.org vocabulary places it under one of these.
HEALTH_ROOTS = ("MedicalEntity", "MedicalWebPage", "MedicalOrganization", "MedicalBusiness")
#: How many unknown terms and types the summary lists.
TOP = 20


@attrs.define
class CrawlSummary:
    """Counts over the pages of a crawl (or of one partition of it)."""

    pages: int = 0
    pages_with_data: int = 0
    pages_with_errors: int = 0
    types: Counter[str] = attrs.field(factory=Counter)
    errors: Counter[str] = attrs.field(factory=Counter)
    warnings: Counter[str] = attrs.field(factory=Counter)
    unknown_properties: Counter[str] = attrs.field(factory=Counter)
    unknown_types: Counter[str] = attrs.field(factory=Counter)
    input_problems: Counter[str] = attrs.field(factory=Counter)
    skipped_records: Counter[str] = attrs.field(factory=Counter)

    def add(self, row: Mapping[str, Any]) -> None:
        """Count one row: a page (the ``PageReport.to_dict()`` shape), a skipped record
        (``skipped``: the reason), or a problem with a crawl file itself (``page`` false)."""
        problems = row.get("problems", [])
        if row.get("skipped"):
            self.skipped_records[_reason_kind(row["skipped"])] += 1
        elif row.get("page", True):
            self.pages += 1
            self.pages_with_data += row.get("blocks", 0) > 0
            self.pages_with_errors += any(p["severity"] == "error" for p in problems)
            self.types.update(set(row.get("types", [])))
        else:
            self.input_problems.update(p["rule"] for p in problems)
        for problem in problems:
            (self.errors if problem["severity"] == "error" else self.warnings)[problem["rule"]] += 1
        self.unknown_properties.update(row.get("unknown_properties", []))
        self.unknown_types.update(row.get("unknown_types", []))

    def merge(self, other: CrawlSummary) -> CrawlSummary:
        """A new summary of both (the operation engines reduce with)."""
        merged = CrawlSummary()
        for field in attrs.fields(CrawlSummary):
            mine, theirs = getattr(self, field.name), getattr(other, field.name)
            setattr(merged, field.name, mine + theirs)
        return merged

    @classmethod
    def of(cls, rows: Iterable[Mapping[str, Any]]) -> CrawlSummary:
        summary = cls()
        for row in rows:
            summary.add(row)
        return summary

    def health_types(self, vocabulary: Vocabulary | None = None) -> dict[str, int]:
        """Pages per type for the types schema.org places under a health root (see HEALTH_ROOTS)."""
        vocabulary = vocabulary if vocabulary is not None else default_vocabulary()
        return {
            name: count
            for name, count in sorted(self.types.items())
            if any(vocabulary.is_subclass(name, root) for root in HEALTH_ROOTS)
        }

    def to_dict(self, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
        """The documented JSON shape of ``summary.json``; lists are sorted by count, then name."""
        return {
            "format": SUMMARY_FORMAT,
            "pages": self.pages,
            "pages_with_structured_data": self.pages_with_data,
            "pages_with_errors": self.pages_with_errors,
            "errors": sum(self.errors.values()),
            "warnings": sum(self.warnings.values()),
            "types": _ranked(self.types),
            "health_types": self.health_types(vocabulary),
            "errors_by_rule": _ranked(self.errors),
            "warnings_by_rule": _ranked(self.warnings),
            "top_unknown_properties": _ranked(self.unknown_properties, TOP),
            "top_unknown_types": _ranked(self.unknown_types, TOP),
            "input_problems": _ranked(self.input_problems),
            "skipped_records": _ranked(self.skipped_records),
        }


def _reason_kind(reason: str) -> str:
    """A skip reason without its details beyond the media type, so counts group well."""
    return reason.split(" (raise it", 1)[0]


def _ranked(counter: Counter[str], limit: int | None = None) -> dict[str, int]:
    items = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return dict(items[:limit] if limit is not None else items)
