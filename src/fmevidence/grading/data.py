"""Ratings and summaries as plain JSON-ready data (for ``--json`` and other exporters)."""

from __future__ import annotations

from typing import Any

from .rating import Rating
from .summary import Summary, fhir_certainty

__all__ = ["rating_data", "summary_data"]


def rating_data(rating: Rating) -> dict[str, Any]:
    """A rating as a dict: level (and its FHIR code), computed level, role, reasons, and the
    override with its justification."""
    return {
        "certainty": rating.level.value,
        "fhir_certainty": fhir_certainty(rating.level),
        "computed": rating.computed.value,
        "role": rating.role.value,
        "reasons": [{"kind": r.kind, "change": r.change, "text": r.text} for r in rating.reasons],
        "override": None
        if rating.override is None
        else {"level": rating.override.level.value, "justification": rating.override.justification},
    }


def summary_data(summary: Summary) -> dict[str, Any]:
    """A summary as a dict, enum values as their strings."""
    return {
        "topic": summary.topic,
        "supporting": summary.supporting,
        "contradicting": summary.contradicting,
        "inconclusive": summary.inconclusive,
        "not_counted": summary.not_counted,
        "best_supporting": None if summary.best_supporting is None else summary.best_supporting.value,
        "best_contradicting": None if summary.best_contradicting is None else summary.best_contradicting.value,
        "status": summary.status.value,
        "label": summary.label,
        "certainty": None if summary.certainty is None else summary.certainty.value,
        "fhir_certainty": None if summary.certainty is None else fhir_certainty(summary.certainty),
        "explanation": summary.explanation,
    }
