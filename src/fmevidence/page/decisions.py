"""Regulators' and guidelines' decisions on a treatment, shown beside the evidence, never as it.

:func:`decisions_for` is the one place the page asks "what did regulators and guidelines
decide?": the dataset's decision records, its guideline recommendations, and any finding
whose origin is a regulator or a guideline (rated, shown, never counted).
"""

from __future__ import annotations

from typing import Final

import attrs

from ..decision_text import REGULATORY_KINDS, decision_text
from ..evidence_base import EvidenceBase
from ..model import EvidenceOrigin, Recommendation, RecommendationStrength, Source

__all__ = ["Decision", "decisions_for"]

_STRENGTH: Final = {
    RecommendationStrength.STRONG_FOR: "strong recommendation for",
    RecommendationStrength.WEAK_FOR: "weak recommendation for",
    RecommendationStrength.WEAK_AGAINST: "weak recommendation against",
    RecommendationStrength.STRONG_AGAINST: "strong recommendation against",
}
_ORIGIN_KIND: Final = {EvidenceOrigin.REGULATORY: "regulator", EvidenceOrigin.GUIDELINE: "guideline"}


@attrs.frozen
class Decision:
    """One decision: who decided (``kind``: regulator or guideline), what, and where it is cited."""

    kind: str
    text: str
    sources: tuple[Source, ...]
    year: int | None = None


def decisions_for(kb: EvidenceBase, treatment_id: str) -> tuple[Decision, ...]:
    """The recorded regulatory and guideline decisions on one treatment, oldest first."""
    out: list[Decision] = []
    for record in kb.decisions_on(treatment_id):
        sources = kb.sources_of(record)
        year = int(record.date[:4]) if record.date else _first_year(sources)
        kind = "regulator" if record.kind in REGULATORY_KINDS else "guideline"
        out.append(Decision(kind, decision_text(kb, record), sources, year))
    for rec in kb.of_kind("recommendations"):
        if isinstance(rec, Recommendation) and treatment_id in rec.treatments:
            guideline = kb.get_as(rec.guideline, Source)
            sources = tuple({s.id: s for s in (guideline, *kb.sources_of(rec))}.values())
            out.append(Decision("guideline", f"{_STRENGTH[rec.strength].capitalize()}: {rec.statement}",
                                sources, guideline.year))
    seen = {decision.text for decision in out}
    for finding in kb.findings_about(treatment_id):
        origin = _ORIGIN_KIND.get(finding.origin)
        if origin is None or finding.statement in seen:
            continue
        sources = kb.sources_of(finding)
        out.append(Decision(origin, finding.statement, sources, _first_year(sources)))
    return tuple(sorted(out, key=lambda d: (d.year is None, d.year or 0)))


def _first_year(sources: tuple[Source, ...]) -> int | None:
    years = [s.year for s in sources if s.year is not None]
    return min(years) if years else None
