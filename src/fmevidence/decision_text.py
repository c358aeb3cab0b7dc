"""Decisions and recommendations in words: one line each, for the CLI and the page alike.

Regulators' and guideline bodies' decisions are shown beside a treatment's evidence and never
counted as evidence; saying them the same way everywhere keeps that line visible.
"""

from __future__ import annotations

from typing import Final

from .evidence_base import EvidenceBase
from .model import Decision, DecisionKind, Recommendation, Record

__all__ = ["REGULATORY_KINDS", "decision_text", "record_name", "recommendation_text"]

_DECISION_WORDS: Final = {
    DecisionKind.APPROVED: "approved",
    DecisionKind.REFUSED: "refused",
    DecisionKind.WITHDRAWN: "withdrew",
    DecisionKind.RECOMMENDED_FOR: "recommended",
    DecisionKind.RECOMMENDED_AGAINST: "recommended against",
}
#: Decision kinds that are a regulator's (licensing) decisions; the others are guidelines'.
REGULATORY_KINDS: Final = frozenset({DecisionKind.APPROVED, DecisionKind.REFUSED, DecisionKind.WITHDRAWN})


def record_name(record: Record) -> str:
    """A record's human name: its name, title, statement or question, else its id."""
    for field in ("name", "title", "statement", "question"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            return value
    return record.id


def decision_text(kb: EvidenceBase, decision: Decision) -> str:
    """One line: '<body> approved for <condition name> <date>: <reason>'."""
    text = f"{decision.body} {_DECISION_WORDS[decision.kind]}"
    if decision.strength:
        text += f" ({decision.strength})"
    text += f" for {record_name(kb.get(decision.condition))}"
    if decision.date:
        text += f" {decision.date}"
    if decision.reason:
        text += f": {decision.reason}"
    return text


def recommendation_text(kb: EvidenceBase, recommendation: Recommendation) -> str:
    """One line for a guideline recommendation record: '<guideline>: <strength>: <statement>'."""
    guideline = kb.get(recommendation.guideline)
    return f"{record_name(guideline)}: {recommendation.strength.value.replace('_', ' ')}: {recommendation.statement}"
