"""What the findings on one topic add up to: counts, best certainty per side, and a status.

Status, in plain words (context findings are not counted; inconclusive ones only count as
"looked at"):

- **established**: findings support it with at least moderate certainty, from at least two
  independent sources (a single guideline or trial is not yet established), and whatever
  contradicts it is at least two levels weaker;
- **refuted**: the mirror image: at least moderate evidence against from at least two
  independent sources, support two levels weaker;
- **contested**: findings point both ways and neither side clears that bar;
- **emerging**: only supporting findings, none above low certainty or only one source above it;
- **insufficient**: nothing points either way, or only low-certainty findings against it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from ..evidence_base import EvidenceBase
from ..model import Certainty, Direction, Finding
from .rating import Grader, Rating

__all__ = ["EvidenceStatus", "Summary", "status_of", "summarise", "summarise_all", "summary_of", "topic_findings"]


class EvidenceStatus(str, enum.Enum):
    """Where the evidence on a topic stands, in one word."""

    ESTABLISHED = "established"
    EMERGING = "emerging"
    CONTESTED = "contested"
    REFUTED = "refuted"
    INSUFFICIENT = "insufficient"

    def __str__(self) -> str:
        return str(self.value)


@attrs.frozen
class Summary:
    """The findings on one topic, counted by direction, with the best certainty on each side."""

    topic: str
    supporting: int
    contradicting: int
    inconclusive: int
    best_supporting: Certainty | None
    best_contradicting: Certainty | None
    status: EvidenceStatus
    explanation: str


def topic_findings(kb: EvidenceBase, topic_id: str) -> tuple[Finding, ...]:
    """The findings that count for a topic's summary: about it, and not descriptive context."""
    return tuple(finding for finding in kb.findings_about(topic_id) if not finding.context)


def summarise(kb: EvidenceBase, topic_id: str) -> Summary:
    """The summary of the evidence on one topic (a mechanism, treatment or any entity id)."""
    grader = Grader(kb)
    return summary_of(topic_id, [(f, grader.rate(f)) for f in topic_findings(kb, topic_id)])


def summarise_all(kb: EvidenceBase, topic_ids: Iterable[str] | None = None) -> dict[str, Summary]:
    """Summaries of many topics (default: every mechanism and treatment), rating each finding once."""
    if topic_ids is None:
        topic_ids = [record.id for kind in ("mechanisms", "treatments") for record in kb.of_kind(kind)]
    grader = Grader(kb)
    return {
        topic_id: summary_of(topic_id, [(f, grader.rate(f)) for f in topic_findings(kb, topic_id)])
        for topic_id in topic_ids
    }


def summary_of(topic_id: str, rated: list[tuple[Finding, Rating]]) -> Summary:
    """The summary of already-rated findings (so callers that rated them do not rate twice)."""
    support = [r.level for f, r in rated if f.direction is Direction.SUPPORTS]
    against = [r.level for f, r in rated if f.direction is Direction.CONTRADICTS]
    inconclusive = sum(1 for f, _ in rated if f.direction is Direction.INCONCLUSIVE)
    best_for = _best(support)
    best_against = _best(against)
    status = status_of(
        _replicated(rated, Direction.SUPPORTS, best_for), _replicated(rated, Direction.CONTRADICTS, best_against)
    )
    return Summary(
        topic=topic_id,
        supporting=len(support),
        contradicting=len(against),
        inconclusive=inconclusive,
        best_supporting=best_for,
        best_contradicting=best_against,
        status=status,
        explanation=_explain(status, len(support), best_for, len(against), best_against, inconclusive),
    )


def status_of(best_for: Certainty | None, best_against: Certainty | None) -> EvidenceStatus:
    """The status rule (see the module docstring), from the best certainty on each side."""
    moderate = Certainty.MODERATE.rank
    if best_for is None and best_against is None:
        return EvidenceStatus.INSUFFICIENT
    if best_against is None:
        assert best_for is not None
        return EvidenceStatus.ESTABLISHED if best_for.rank >= moderate else EvidenceStatus.EMERGING
    if best_for is None:
        return EvidenceStatus.REFUTED if best_against.rank >= moderate else EvidenceStatus.INSUFFICIENT
    if best_for.rank >= moderate and best_for.rank >= best_against.rank + 2:
        return EvidenceStatus.ESTABLISHED
    if best_against.rank >= moderate and best_against.rank >= best_for.rank + 2:
        return EvidenceStatus.REFUTED
    return EvidenceStatus.CONTESTED


#: How many independent sources must back a side at moderate or better before it can settle a topic.
INDEPENDENT_SOURCES = 2


def _replicated(rated: list[tuple[Finding, Rating]], direction: Direction, best: Certainty | None) -> Certainty | None:
    """``best``, capped at low unless findings from two independent sources reach moderate.

    One guideline or one trial, however good, is a single voice; the status rules ask for
    the result to be seen twice before a topic is called established or refuted.
    """
    if best is None or best.rank < Certainty.MODERATE.rank:
        return best
    sources = {
        frozenset(finding.sources)
        for finding, rating in rated
        if finding.direction is direction and rating.level.rank >= Certainty.MODERATE.rank
    }
    independent = len(sources) >= INDEPENDENT_SOURCES and len(frozenset().union(*sources)) >= INDEPENDENT_SOURCES
    return best if independent else Certainty.LOW


def _best(levels: list[Certainty]) -> Certainty | None:
    return max(levels, key=lambda level: level.rank) if levels else None


def _side(count: int, verb: str, best: Certainty | None) -> str:
    if not count or best is None:
        return f"none {verb}"
    noun = "finding" if count == 1 else "findings"
    return f"{count} {noun} {verb}, best {best.value.replace('_', ' ')}"


def _explain(
    status: EvidenceStatus,
    n_for: int,
    best_for: Certainty | None,
    n_against: int,
    best_against: Certainty | None,
    inconclusive: int,
) -> str:
    counts = (
        f"{_side(n_for, 'support' if n_for != 1 else 'supports', best_for)}; "
        f"{_side(n_against, 'contradict' if n_against != 1 else 'contradicts', best_against)}"
    )
    if inconclusive:
        counts += f"; {inconclusive} inconclusive"
    why = {
        EvidenceStatus.ESTABLISHED: "support of at least moderate certainty from independent sources, nothing comparable against",
        EvidenceStatus.REFUTED: "evidence against of at least moderate certainty from independent sources, nothing comparable for",
        EvidenceStatus.CONTESTED: "findings point both ways and neither side is clearly stronger",
        EvidenceStatus.EMERGING: "support so far is of low certainty or from a single source, nothing against",
        EvidenceStatus.INSUFFICIENT: "too little evidence to say either way",
    }[status]
    return f"{status.value}: {why} ({counts})"
