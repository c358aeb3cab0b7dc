"""What the evidence on one topic adds up to: counts, best certainty per side, and a status.

Only findings that count as evidence (:class:`~.rating.Role`) are weighed; context, an
article's own framing and regulators' or guideline bodies' judgements are shown beside.
Human evidence decides; animal and laboratory findings decide only when there is no human
evidence, and then the status says so. A side's best certainty is capped at *low* until it
is replicated: two independent studies (counted by study, never by source set), or one
pooled analysis of several studies, at moderate or better.

The statuses (:class:`EvidenceStatus`; :data:`STATUS_RULES` is the table the README shows):

- **shown**: human evidence for it of at least moderate certainty, replicated, and whatever
  points against it at least two levels weaker;
- **possible**: human evidence for it of low certainty (or moderate but not replicated, or
  from trials even at very low certainty), and nothing against it as strong;
- **conflicting**: human evidence points both ways and neither side clears the bar;
- **doubtful**: only weak human evidence against it, and nothing for it as strong;
- **refuted**: the mirror image of *shown*;
- **preclinical**: evidence only from animals or cells;
- **hypothesis**: proposed (by a secondary source, or very-low-certainty human evidence that is
  not from trials, such as case reports or expert opinion), but not tested in anything stronger;
- **insufficient**: nothing points either way.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final

import attrs

from ..evidence_base import EvidenceBase
from ..model import Certainty, Direction, Finding, StudyDesign, Treatment
from .rating import Grader, Rating, Role, is_preclinical

__all__ = [
    "INDEPENDENT_STUDIES",
    "STATUS_RULES",
    "EvidenceStatus",
    "Summary",
    "cap_note",
    "fhir_certainty",
    "side_certainty",
    "status_label",
    "status_of",
    "summarise",
    "summarise_all",
    "summary_of",
    "topic_findings",
]


class EvidenceStatus(str, enum.Enum):
    """Where the evidence on a topic stands, in one word (see :func:`status_label` for words)."""

    SHOWN = "shown"
    POSSIBLE = "possible"
    CONFLICTING = "conflicting"
    DOUBTFUL = "doubtful"
    REFUTED = "refuted"
    PRECLINICAL = "preclinical"
    HYPOTHESIS = "hypothesis"
    INSUFFICIENT = "insufficient"

    def __str__(self) -> str:
        return str(self.value)


#: Status -> (words for a treatment, words for a mechanism or biomarker, the rule behind it).
STATUS_RULES: Final[dict[EvidenceStatus, tuple[str, str, str]]] = {
    EvidenceStatus.SHOWN: (
        "benefit shown", "supported by human evidence",
        "human evidence for it of at least moderate certainty, replicated (two independent studies or one "
        "pooled analysis), and anything against it at least two levels weaker"),
    EvidenceStatus.POSSIBLE: (
        "possible benefit (low-certainty human evidence)", "possible (low-certainty human evidence)",
        "human evidence for it of low certainty, or moderate but not replicated, or from trials even at very low "
        "certainty; nothing against it as strong"),
    EvidenceStatus.CONFLICTING: (
        "benefit unclear (conflicting human evidence)", "contested (human evidence both ways)",
        "human evidence points both ways and neither side is clearly stronger"),
    EvidenceStatus.DOUBTFUL: (
        "doubtful (weak evidence of no benefit)", "doubtful (weak evidence against)",
        "only low- or very-low-certainty human evidence against it, and nothing for it as strong"),
    EvidenceStatus.REFUTED: (
        "no benefit shown (trials point against)", "evidence against",
        "human evidence against it of at least moderate certainty, replicated, and anything for it at "
        "least two levels weaker"),
    EvidenceStatus.PRECLINICAL: (
        "animal or cell evidence only", "animal or cell evidence only",
        "no human evidence; only animal or laboratory findings"),
    EvidenceStatus.HYPOTHESIS: (
        "hypothesis with little human evidence", "hypothesis with little human evidence",
        "proposed by a secondary source or backed only by very-low-certainty human evidence that is not from "
        "trials (case reports, expert opinion, small observational studies), nothing stronger either way"),
    EvidenceStatus.INSUFFICIENT: (
        "insufficient evidence", "insufficient evidence",
        "nothing points either way"),
}

#: FHIR EvidenceCertaintyRating codes (http://terminology.hl7.org/CodeSystem/certainty-rating).
_FHIR: Final = {Certainty.HIGH: "high", Certainty.MODERATE: "moderate", Certainty.LOW: "low",
                Certainty.VERY_LOW: "very-low"}

#: How many independent studies must back a side at moderate or better before it can settle a
#: topic (a pooled analysis of several studies counts as replicated on its own).
INDEPENDENT_STUDIES: Final = 2
_POOLED: Final = frozenset({StudyDesign.META_ANALYSIS, StudyDesign.SYSTEMATIC_REVIEW})


def fhir_certainty(level: Certainty) -> str:
    """The FHIR EvidenceCertaintyRating code of a level (``very_low`` -> ``very-low``)."""
    return _FHIR[level]


def status_label(status: EvidenceStatus, treatment: bool) -> str:
    """The status in words, for a treatment or for a mechanism or biomarker."""
    words = STATUS_RULES[status]
    return words[0] if treatment else words[1]


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
    label: str = ""
    certainty: Certainty | None = None
    not_counted: int = 0


def topic_findings(kb: EvidenceBase, topic_id: str) -> tuple[Finding, ...]:
    """The findings on a topic that are not descriptive context (framing and judgements are
    rated but weighed by :func:`summary_of` only if they count as evidence)."""
    return tuple(finding for finding in kb.findings_about(topic_id) if not finding.context)


def summarise(kb: EvidenceBase, topic_id: str, grader: Grader | None = None) -> Summary:
    """The summary of the evidence on one topic (a mechanism, treatment or any entity id)."""
    grader = grader if grader is not None else Grader(kb)
    return summary_of(topic_id, [(f, grader.rate(f)) for f in topic_findings(kb, topic_id)], grader)


def summarise_all(
    kb: EvidenceBase, topic_ids: Iterable[str] | None = None, grader: Grader | None = None
) -> dict[str, Summary]:
    """Summaries of many topics (default: every mechanism and treatment), rating each finding once."""
    if topic_ids is None:
        topic_ids = [record.id for kind in ("mechanisms", "treatments") for record in kb.of_kind(kind)]
    grader = grader if grader is not None else Grader(kb)
    return {topic_id: summarise(kb, topic_id, grader) for topic_id in topic_ids}


def summary_of(topic_id: str, rated: list[tuple[Finding, Rating]], grader: Grader) -> Summary:
    """The summary of already-rated findings (so callers that rated them do not rate twice)."""
    kb = grader.kb
    counted = [(f, r) for f, r in rated if r.role is Role.EVIDENCE]
    framing = [f for f, r in rated if r.role is Role.FRAMING and f.direction is Direction.SUPPORTS]
    human = [(f, r) for f, r in counted if not is_preclinical(kb, f)]
    preclinical = len(counted) - len(human)
    weighed = human if any(f.direction in (Direction.SUPPORTS, Direction.CONTRADICTS) for f, _ in human) else counted
    support = [r.level for f, r in counted if f.direction is Direction.SUPPORTS]
    against = [r.level for f, r in counted if f.direction is Direction.CONTRADICTS]
    inconclusive = sum(1 for f, _ in counted if f.direction is Direction.INCONCLUSIVE)
    best_for, capped_for = side_certainty(kb, weighed, Direction.SUPPORTS)
    best_against, capped_against = side_certainty(kb, weighed, Direction.CONTRADICTS)
    rep_for = _replicated(kb, weighed, Direction.SUPPORTS, best_for)
    rep_against = _replicated(kb, weighed, Direction.CONTRADICTS, best_against)
    if weighed is counted and preclinical and (best_for is not None or best_against is not None):
        status = EvidenceStatus.PRECLINICAL
    else:
        status = status_of(rep_for, rep_against, proposed=bool(framing))
        if status is EvidenceStatus.HYPOTHESIS and _tested_in_trials(kb, weighed):
            status = EvidenceStatus.POSSIBLE  # trials, however weak, are more than a hypothesis
    certainty = _certainty(status, rep_for, rep_against)
    treatment = isinstance(kb.find(topic_id), Treatment)
    label = status_label(status, treatment)
    return Summary(
        topic=topic_id,
        supporting=len(support),
        contradicting=len(against),
        inconclusive=inconclusive,
        best_supporting=_best(support),
        best_contradicting=_best(against),
        status=status,
        explanation=_explain(status, label, _best(support), len(support), _best(against), len(against),
                             inconclusive, preclinical, len(rated) - len(counted))
        + cap_note(capped_for if status is not EvidenceStatus.REFUTED else capped_against),
        label=label,
        certainty=certainty,
        not_counted=len(rated) - len(counted),
    )


def status_of(best_for: Certainty | None, best_against: Certainty | None, proposed: bool = False) -> EvidenceStatus:
    """The status rule (see the module docstring), from the replicated best certainty on each
    side of the human evidence; ``proposed``: a secondary source puts the claim forward."""
    moderate, low = Certainty.MODERATE.rank, Certainty.LOW.rank
    f = -1 if best_for is None else best_for.rank
    a = -1 if best_against is None else best_against.rank
    if f < 0 and a < 0:
        return EvidenceStatus.HYPOTHESIS if proposed else EvidenceStatus.INSUFFICIENT
    if f >= moderate and f >= a + 2:
        return EvidenceStatus.SHOWN
    if a >= moderate and a >= f + 2:
        return EvidenceStatus.REFUTED
    if a <= low and f > a:
        return EvidenceStatus.POSSIBLE if f >= low else EvidenceStatus.HYPOTHESIS
    if f <= low and a > f:
        return EvidenceStatus.DOUBTFUL
    return EvidenceStatus.CONFLICTING


def _certainty(status: EvidenceStatus, best_for: Certainty | None, best_against: Certainty | None) -> Certainty | None:
    """The certainty of the status's conclusion: of the side it rests on; for conflicting
    evidence, the weaker side's (the disagreement itself is what is uncertain)."""
    if status in (EvidenceStatus.SHOWN, EvidenceStatus.POSSIBLE, EvidenceStatus.HYPOTHESIS,
                  EvidenceStatus.PRECLINICAL):
        return best_for if best_for is not None else best_against
    if status in (EvidenceStatus.REFUTED, EvidenceStatus.DOUBTFUL):
        return best_against
    if status is EvidenceStatus.CONFLICTING and best_for is not None and best_against is not None:
        return min(best_for, best_against, key=lambda level: level.rank)
    return None


def side_certainty(
    kb: EvidenceBase, rated: list[tuple[Finding, Rating]], direction: Direction
) -> tuple[Certainty | None, Certainty | None]:
    """A side's best certainty, and the ceiling that lowered it, if any.

    A systematic review or meta-analysis whose certainty a curator recorded (its authors'
    own GRADE rating, with the justification) rates the body of trials it pools: the single
    trials on the same side, which such a review includes, cannot be more certain than the
    review found them together. Without a recorded rating the review is rated like any finding.
    """
    side = [(f, r) for f, r in rated if f.direction is direction]
    best = _best([r.level for _, r in side])
    ceiling = _best([
        r.level for f, r in side
        if r.override is not None and any(study.design in _POOLED for study in kb.studies_of(f))
    ])
    if best is None or ceiling is None or ceiling.rank >= best.rank:
        return best, None
    return ceiling, ceiling


def cap_note(ceiling: Certainty | None) -> str:
    """The words that say a side was capped by its review's own rating ('' when it was not)."""
    if ceiling is None:
        return ""
    level = ceiling.value.replace("_", " ")
    return f"; capped at {level}: the systematic review that pools these trials rated the evidence {level}"


def _tested_in_trials(kb: EvidenceBase, rated: list[tuple[Finding, Rating]]) -> bool:
    """Whether a supporting finding rests on a randomised trial or a pooled analysis of trials."""
    return any(
        study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL or (study.design in _POOLED and study.randomized)
        for finding, _ in rated if finding.direction is Direction.SUPPORTS
        for study in kb.studies_of(finding)
    )


def _replicated(
    kb: EvidenceBase, rated: list[tuple[Finding, Rating]], direction: Direction, best: Certainty | None
) -> Certainty | None:
    """``best``, capped at low unless it is replicated at moderate or better.

    Replicated: the side's moderate-or-better findings rest on at least two independent
    studies, or on one pooled analysis (meta-analysis or systematic review). Independence is
    counted by study; a finding with no study recorded stands for one study known by its
    sources, and findings that share a study or a source are one group (so one trial cited as
    [s1] and as [s1, s2] is one voice, not two).
    """
    if best is None or best.rank < Certainty.MODERATE.rank:
        return best
    strong = [f for f, r in rated if f.direction is direction and r.level.rank >= Certainty.MODERATE.rank]
    if any(study.design in _POOLED for f in strong for study in kb.studies_of(f)):
        return best
    return best if _groups(strong) >= INDEPENDENT_STUDIES else Certainty.LOW


def _groups(findings: list[Finding]) -> int:
    """How many independent groups of evidence: studies (or, without one, source sets) joined
    when they share a member (union-find)."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for finding in findings:
        keys = [f"study:{s}" for s in finding.studies] or [f"source:{s}" for s in finding.sources]
        first = root(keys[0])
        for key in keys[1:]:
            parent[root(key)] = first
    return len({root(key) for key in list(parent)})


def _best(levels: list[Certainty]) -> Certainty | None:
    return max(levels, key=lambda level: level.rank) if levels else None


def _side(count: int, verb: str, best: Certainty | None) -> str:
    if not count or best is None:
        return f"none {verb}"
    noun = "finding" if count == 1 else "findings"
    return f"{count} {noun} {verb}, best {best.value.replace('_', ' ')}"


def _explain(
    status: EvidenceStatus,
    label: str,
    best_for: Certainty | None,
    n_for: int,
    best_against: Certainty | None,
    n_against: int,
    inconclusive: int,
    preclinical: int,
    not_counted: int,
) -> str:
    counts = (
        f"{_side(n_for, 'support' if n_for != 1 else 'supports', best_for)}; "
        f"{_side(n_against, 'contradict' if n_against != 1 else 'contradicts', best_against)}"
    )
    if inconclusive:
        counts += f"; {inconclusive} inconclusive"
    if preclinical and status is not EvidenceStatus.PRECLINICAL:
        counts += f"; {preclinical} from animals or cells, not weighed beside human evidence"
    if not_counted:
        counts += f"; {not_counted} shown but not counted (framing or judgements)"
    return f"{label}: {STATUS_RULES[status][2]} ({counts})"
