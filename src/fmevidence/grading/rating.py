"""The certainty of one finding within its body of evidence, with every reason kept.

How a finding is rated:

1. **Is it evidence?** Descriptive context, an article's own framing (a review or opinion
   statement with no study behind it) and a regulator's or guideline body's judgement on a
   treatment are shown, but never counted (:func:`role_of`). They still get a rating, so a
   reader sees what the statement rests on.
2. **Its evidence.** With studies behind it, each study is rated on its own (design, risk of
   bias, indirectness relative to the dataset's condition, imprecision against the optimal
   information size, publication, large-effect upgrade) and the best one counts; the reasons
   say which study that was. With no study, the finding starts from its origin and its
   sources' kinds (:func:`.rules.start_without_study`). A reported interval that includes no
   effect is imprecise whatever the sample size.
3. **Inconsistency within the body.** The findings that answer one question form a body:
   the same topic, the same outcome (:attr:`~fmevidence.model.Finding.outcome`), and the same
   kind of evidence (human, or animal and laboratory). A counted finding is rated down one
   level when a counted finding *of its own body* points the other way with at least the same
   certainty before this step (so two findings never rate each other down in a loop, and the
   order of the data does not matter). Each body is indexed once, so this step is linear.
4. **Override.** A curator's override replaces the computed level; it must carry a written
   justification, which becomes the last reason.
"""

from __future__ import annotations

import bisect
import enum
from typing import Final

import attrs

from ..errors import FmevidenceError
from ..evidence_base import EvidenceBase
from ..model import (
    Biomarker,
    Certainty,
    CertaintyOverride,
    Direction,
    EvidenceOrigin,
    Finding,
    Mechanism,
    Source,
    Study,
    StudyDesign,
    Treatment,
)
from . import rules
from .rules import Reason, Setting, level_after

__all__ = ["Grader", "OverrideWithoutJustification", "Rating", "Role", "rate_finding", "role_of", "setting_of"]

_OPPOSITE: Final = {Direction.SUPPORTS: Direction.CONTRADICTS, Direction.CONTRADICTS: Direction.SUPPORTS}
#: Topics whose findings take a side (is it involved / does it help / does it mark the condition).
CLAIM_TOPICS: Final = (Mechanism, Treatment, Biomarker)
_FRAMING_ORIGINS: Final = frozenset({EvidenceOrigin.REVIEW, EvidenceOrigin.EXPERT_OPINION})
_JUDGEMENT_ORIGINS: Final = frozenset({EvidenceOrigin.REGULATORY, EvidenceOrigin.GUIDELINE})
_PRECLINICAL_DESIGNS: Final = frozenset({StudyDesign.ANIMAL, StudyDesign.IN_VITRO})


class Role(str, enum.Enum):
    """What a finding is to a topic's summary: evidence, or something shown beside it."""

    EVIDENCE = "evidence"
    CONTEXT = "context"
    FRAMING = "framing"
    JUDGEMENT = "judgement"

    def __str__(self) -> str:
        return str(self.value)


#: Why a finding that is not evidence is left out, in words for a reader.
ROLE_TEXT: Final[dict[Role, str]] = {
    Role.EVIDENCE: "counted as evidence",
    Role.CONTEXT: "descriptive context, not a claim for or against",
    Role.FRAMING: "a secondary source's own statement with no study behind it: context, never evidence",
    Role.JUDGEMENT: "a regulator's or guideline body's judgement: shown beside the evidence, never counted",
}


class OverrideWithoutJustification(FmevidenceError, ValueError):
    """A certainty override with an empty justification: refused, never applied silently."""

    def __init__(self, finding_id: str) -> None:
        self.finding_id = finding_id
        super().__init__(f"finding {finding_id!r}: a certainty override needs a written justification")


@attrs.frozen
class Rating:
    """A finding's certainty (``level``), what the rules computed, every reason why, and
    whether it counts as evidence (``role``)."""

    level: Certainty
    computed: Certainty
    reasons: tuple[Reason, ...]
    override: CertaintyOverride | None = None
    role: Role = Role.EVIDENCE

    @property
    def counted(self) -> bool:
        """Whether the finding counts towards its topics' summaries."""
        return self.role is Role.EVIDENCE


def setting_of(kb: EvidenceBase, condition: str | None = None) -> Setting:
    """The grading setting of a dataset: its primary condition (or ``condition``, an id, name
    or synonym), with the names a study may use for it."""
    record = kb.primary_condition(condition)
    if record is None:
        return Setting()
    keys = frozenset(name.casefold() for name in (record.id, record.name, *record.synonyms))
    return Setting(record.id, record.name, keys)


def role_of(kb: EvidenceBase, finding: Finding) -> Role:
    """Whether a finding is evidence, or context shown beside it (see the module docstring)."""
    if finding.context:
        return Role.CONTEXT
    if not finding.studies and finding.origin in _FRAMING_ORIGINS:
        return Role.FRAMING
    if finding.origin is EvidenceOrigin.REGULATORY:
        return Role.JUDGEMENT
    if finding.origin is EvidenceOrigin.GUIDELINE and any(
        isinstance(kb.find(topic), Treatment) for topic in finding.about
    ):
        return Role.JUDGEMENT
    return Role.EVIDENCE


def is_preclinical(kb: EvidenceBase, finding: Finding) -> bool:
    """Evidence from animals or cells only: its origin says so, or every study behind it is."""
    if finding.origin in {EvidenceOrigin.ANIMAL_MODEL, EvidenceOrigin.IN_VITRO}:
        return True
    studies = kb.studies_of(finding)
    return bool(studies) and all(s.design in _PRECLINICAL_DESIGNS or rules.is_animal(s) for s in studies)


def rate_finding(kb: EvidenceBase, finding: Finding, condition: str | None = None) -> Rating:
    """The certainty of ``finding`` within ``kb`` (other findings matter for inconsistency)."""
    return Grader(kb, condition).rate(finding)


@attrs.frozen
class _Side:
    """One direction of one body: its findings' standings, for O(log n) inconsistency look-ups."""

    ranks: tuple[int, ...]  # sorted ascending
    ids_at_least: tuple[tuple[str, ...], ...]  # per rank 0..3: sorted ids with standing >= rank


class Grader:
    """Rates the findings of one evidence base, remembering each finding's evidence-only
    reasons and each body's standings, so that rating every finding stays linear."""

    __slots__ = ("_base", "_bodies", "_kb", "_roles", "setting")

    def __init__(self, kb: EvidenceBase, condition: str | None = None) -> None:
        self._kb = kb
        self.setting = setting_of(kb, condition)
        self._base: dict[str, tuple[Reason, ...]] = {}
        self._roles: dict[str, Role] = {}
        self._bodies: dict[tuple[str, str, bool, Direction], _Side] | None = None

    @property
    def kb(self) -> EvidenceBase:
        """The evidence base being graded."""
        return self._kb

    def role(self, finding: Finding) -> Role:
        """The finding's role (cached)."""
        role = self._roles.get(finding.id)
        if role is None:
            role = self._roles[finding.id] = role_of(self._kb, finding)
        return role

    def rate(self, finding: Finding) -> Rating:
        """The full rating of one finding."""
        role = self.role(finding)
        reasons = list(self.evidence_reasons(finding))
        if role is Role.EVIDENCE:
            inconsistency = self._inconsistency(finding, level_after(reasons))
            if inconsistency is not None:
                reasons.append(inconsistency)
        computed = level_after(reasons)
        override = finding.certainty_override
        if override is None:
            return Rating(computed, computed, tuple(reasons), role=role)
        if not override.justification.strip():
            raise OverrideWithoutJustification(finding.id)
        reasons.append(
            Reason("override", override.level.rank - computed.rank, f"curator override: {override.justification.strip()}")
        )
        return Rating(override.level, computed, tuple(reasons), override, role)

    def evidence_reasons(self, finding: Finding) -> tuple[Reason, ...]:
        """The reasons from the finding's own evidence (step 2), before inconsistency."""
        cached = self._base.get(finding.id)
        if cached is None:
            cached = self._base[finding.id] = _evidence_reasons(self._kb, finding, self.setting)
        return cached

    def standing(self, finding: Finding) -> Certainty:
        """A finding's level before inconsistency; a curator's override counts as given."""
        if finding.certainty_override is not None:
            return finding.certainty_override.level
        return level_after(self.evidence_reasons(finding))

    def _index(self) -> dict[tuple[str, str, bool, Direction], _Side]:
        """Every body's sides, built once: (topic, outcome, preclinical, direction) -> standings."""
        if self._bodies is not None:
            return self._bodies
        collected: dict[tuple[str, str, bool, Direction], list[tuple[int, str]]] = {}
        for finding in self._kb.findings:
            if finding.direction not in _OPPOSITE or self.role(finding) is not Role.EVIDENCE:
                continue
            rank = self.standing(finding).rank
            preclinical = is_preclinical(self._kb, finding)
            for topic in finding.about:
                if isinstance(self._kb.find(topic), CLAIM_TOPICS):
                    key = (topic, finding.outcome or "", preclinical, finding.direction)
                    collected.setdefault(key, []).append((rank, finding.id))
        bodies: dict[tuple[str, str, bool, Direction], _Side] = {}
        for key, items in collected.items():
            ranks = tuple(sorted(rank for rank, _ in items))
            ids_at_least = tuple(
                tuple(sorted(fid for rank, fid in items if rank >= level)) for level in range(Certainty.HIGH.rank + 1)
            )
            bodies[key] = _Side(ranks, ids_at_least)
        self._bodies = bodies
        return bodies

    def _inconsistency(self, finding: Finding, own: Certainty) -> Reason | None:
        opposite = _OPPOSITE.get(finding.direction)
        if opposite is None:
            return None
        bodies = self._index()
        preclinical = is_preclinical(self._kb, finding)
        against: list[str] = []
        topics: list[str] = []
        for topic in finding.about:
            record = self._kb.find(topic)
            if not isinstance(record, CLAIM_TOPICS):
                continue
            side = bodies.get((topic, finding.outcome or "", preclinical, opposite))
            if side is None or bisect.bisect_left(side.ranks, own.rank) == len(side.ranks):
                continue
            for other in side.ids_at_least[own.rank]:
                if other not in against:
                    against.append(other)
            if record.name not in topics:
                topics.append(record.name)
        if not against:
            return None
        against.sort()
        shown = ", ".join(against[:3]) + (f" +{len(against) - 3} more" if len(against) > 3 else "")
        question = f"{' / '.join(topics)}" + (f" ({finding.outcome})" if finding.outcome else "")
        return Reason(
            "inconsistency",
            -1,
            f"inconsistent: {len(against)} finding{'s' if len(against) != 1 else ''} answering the same question "
            f"({question}) at least as certain point{'s' if len(against) == 1 else ''} the other way ({shown})",
        )


def _evidence_reasons(kb: EvidenceBase, finding: Finding, setting: Setting) -> tuple[Reason, ...]:
    sources = kb.sources_of(finding)
    studies = kb.studies_of(finding)
    about_treatment = any(isinstance(kb.find(topic), Treatment) for topic in finding.about)
    interval = rules.interval_imprecision(finding)
    if not studies:
        reasons = [rules.start_without_study(finding, sources, about_treatment)]
        indirect = rules.origin_indirectness(finding, setting)
        if indirect is not None:
            reasons.append(indirect)
        if interval is not None:
            reasons.append(interval)
        # No publication rule here: without a study, a claim known only from a press release,
        # magazine or web page already starts very low (second-hand).
        return rules.capped(reasons)
    paths = [_study_reasons(kb, finding, study, sources, about_treatment, setting, interval) for study in studies]
    best = max(range(len(paths)), key=lambda i: (level_after(paths[i]).rank, -i))
    chosen = paths[best]
    if len(studies) > 1:
        note = f" (the strongest of {len(studies)} studies behind this finding: {studies[best].id})"
        chosen = (attrs.evolve(chosen[0], text=chosen[0].text + note), *chosen[1:])
    return chosen


def _study_reasons(
    kb: EvidenceBase,
    finding: Finding,
    study: Study,
    finding_sources: tuple[Source, ...],
    about_treatment: bool,
    setting: Setting,
    interval: Reason | None,
) -> tuple[Reason, ...]:
    reasons = list(rules.apply(study, about_treatment, setting))
    if rules.animal_model(study, setting) is None and rules.in_vitro(study, setting) is None:
        indirect = rules.origin_indirectness(finding, setting)
        if indirect is not None:
            reasons.append(indirect)
    if interval is not None:
        reasons.append(interval)
    publication = rules.not_peer_reviewed(finding, (*finding_sources, *kb.sources_of(study)))
    if publication is not None:
        reasons.append(publication)
    reasons = list(rules.capped(reasons))
    upgrade = rules.large_effect(finding, reasons[0], reasons[1:])
    if upgrade is not None:
        reasons.append(upgrade)
    return tuple(reasons)
