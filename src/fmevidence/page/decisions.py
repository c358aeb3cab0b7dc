"""Regulators' and guidelines' decisions on a treatment, shown beside the evidence, never as it.

:func:`decisions_for` is the one place the page asks "what did regulators and guidelines
decide?". Today the model holds such decisions as guideline recommendations and as findings
whose origin is a regulator or a guideline; when the model gains dedicated decision records,
only this function changes.
"""

from __future__ import annotations

from typing import Final

import attrs

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
    for record in kb.of_kind("recommendations"):
        if isinstance(record, Recommendation) and treatment_id in record.treatments:
            guideline = kb.get_as(record.guideline, Source)
            sources = tuple({s.id: s for s in (guideline, *kb.sources_of(record))}.values())
            out.append(Decision("guideline", f"{_STRENGTH[record.strength].capitalize()}: {record.statement}",
                                sources, guideline.year))
    seen = {decision.text for decision in out}
    for finding in kb.findings_about(treatment_id):
        kind = _ORIGIN_KIND.get(finding.origin)
        if kind is None or finding.statement in seen:
            continue
        sources = kb.sources_of(finding)
        years = [s.year for s in sources if s.year is not None]
        out.append(Decision(kind, finding.statement, sources, min(years) if years else None))
    return tuple(sorted(out, key=lambda d: (d.year is None, d.year or 0)))
