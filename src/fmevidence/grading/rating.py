"""The certainty of one finding: the rules of :mod:`.rules` applied, with every reason kept.

How a finding is rated:

1. **Its evidence.** With studies behind it, each study is rated on its own (design, risk of
   bias, indirectness, imprecision, publication, large-effect upgrade) and the best one
   counts; the reasons say which study that was. With no study, the finding starts from its
   origin and its sources' kinds (:func:`.rules.start_without_study`).
2. **Inconsistency.** A supporting or contradicting finding is rated down one level when
   another finding on the same mechanism, treatment or biomarker points the other way with at
   least the same certainty *before this step* (so two findings never rate each other down
   in a loop, and the order of the data does not matter). Descriptive context findings and
   inconclusive findings neither cause nor receive this.
3. **Override.** A curator's override replaces the computed level; it must carry a written
   justification, which becomes the last reason.
"""

from __future__ import annotations

from typing import Final

import attrs

from ..errors import FmevidenceError
from ..evidence_base import EvidenceBase
from ..model import (
    Biomarker,
    Certainty,
    CertaintyOverride,
    Direction,
    Finding,
    Mechanism,
    Source,
    Study,
    Treatment,
)
from . import rules
from .rules import Reason, level_after

__all__ = ["Grader", "OverrideWithoutJustification", "Rating", "rate_finding"]

_OPPOSITE: Final = {Direction.SUPPORTS: Direction.CONTRADICTS, Direction.CONTRADICTS: Direction.SUPPORTS}
#: Topics whose findings take a side (is it involved / does it help / does it mark FM).
_CLAIM_TOPICS: Final = (Mechanism, Treatment, Biomarker)


class OverrideWithoutJustification(FmevidenceError, ValueError):
    """A certainty override with an empty justification: refused, never applied silently."""

    def __init__(self, finding_id: str) -> None:
        self.finding_id = finding_id
        super().__init__(f"finding {finding_id!r}: a certainty override needs a written justification")


@attrs.frozen
class Rating:
    """A finding's certainty (``level``), what the rules computed, and every reason why."""

    level: Certainty
    computed: Certainty
    reasons: tuple[Reason, ...]
    override: CertaintyOverride | None = None


def rate_finding(kb: EvidenceBase, finding: Finding) -> Rating:
    """The certainty of ``finding`` within ``kb`` (other findings matter for inconsistency)."""
    return Grader(kb).rate(finding)


class Grader:
    """Rates the findings of one evidence base, remembering each finding's evidence-only
    reasons so that rating many findings (a summary, an export) stays linear."""

    __slots__ = ("_base", "_kb")

    def __init__(self, kb: EvidenceBase) -> None:
        self._kb = kb
        self._base: dict[str, tuple[Reason, ...]] = {}

    def rate(self, finding: Finding) -> Rating:
        """The full rating of one finding."""
        reasons = list(self.evidence_reasons(finding))
        inconsistency = self._inconsistency(finding, level_after(reasons))
        if inconsistency is not None:
            reasons.append(inconsistency)
        computed = level_after(reasons)
        override = finding.certainty_override
        if override is None:
            return Rating(computed, computed, tuple(reasons))
        if not override.justification.strip():
            raise OverrideWithoutJustification(finding.id)
        reasons.append(
            Reason(
                "override", override.level.rank - computed.rank, f"curator override: {override.justification.strip()}"
            )
        )
        return Rating(override.level, computed, tuple(reasons), override)

    def evidence_reasons(self, finding: Finding) -> tuple[Reason, ...]:
        """The reasons from the finding's own evidence (step 1), before inconsistency."""
        cached = self._base.get(finding.id)
        if cached is None:
            cached = self._base[finding.id] = _evidence_reasons(self._kb, finding)
        return cached

    def _standing(self, finding: Finding) -> Certainty:
        """A finding's level before inconsistency; a curator's override counts as given."""
        if finding.certainty_override is not None:
            return finding.certainty_override.level
        return level_after(self.evidence_reasons(finding))

    def _inconsistency(self, finding: Finding, own: Certainty) -> Reason | None:
        opposite = _OPPOSITE.get(finding.direction)
        if opposite is None or finding.context:
            return None
        against: list[str] = []
        topics: list[str] = []
        for topic in finding.about:
            record = self._kb.find(topic)
            if not isinstance(record, _CLAIM_TOPICS):
                continue
            for other in self._kb.findings_about(topic):
                if (
                    other.id != finding.id
                    and other.direction is opposite
                    and not other.context
                    and self._standing(other).rank >= own.rank
                ):
                    if other.id not in against:
                        against.append(other.id)
                    if record.name not in topics:
                        topics.append(record.name)
        if not against:
            return None
        against.sort()
        shown = ", ".join(against[:3]) + (f" +{len(against) - 3} more" if len(against) > 3 else "")
        return Reason(
            "inconsistency",
            -1,
            f"inconsistent: {len(against)} finding{'s' if len(against) != 1 else ''} on {' / '.join(topics)} "
            f"at least as certain point{'s' if len(against) == 1 else ''} the other way ({shown})",
        )


def _evidence_reasons(kb: EvidenceBase, finding: Finding) -> tuple[Reason, ...]:
    sources = kb.sources_of(finding)
    studies = kb.studies_of(finding)
    about_treatment = any(isinstance(kb.find(topic), Treatment) for topic in finding.about)
    if not studies:
        reasons = [rules.start_without_study(finding, sources, about_treatment)]
        indirect = rules.origin_indirectness(finding)
        if indirect is not None:
            reasons.append(indirect)
        # No publication rule here: without a study, a claim known only from a press release,
        # magazine or web page already starts very low (second-hand).
        return tuple(reasons)
    paths = [_study_reasons(kb, finding, study, sources, about_treatment) for study in studies]
    best = max(range(len(paths)), key=lambda i: (level_after(paths[i]).rank, -i))
    chosen = paths[best]
    if len(studies) > 1:
        note = f" (the strongest of {len(studies)} studies behind this finding: {studies[best].id})"
        chosen = (attrs.evolve(chosen[0], text=chosen[0].text + note), *chosen[1:])
    return chosen


def _study_reasons(
    kb: EvidenceBase, finding: Finding, study: Study, finding_sources: tuple[Source, ...], about_treatment: bool
) -> tuple[Reason, ...]:
    reasons = list(rules.apply(study, about_treatment))
    if rules.animal_model(study) is None and rules.in_vitro(study) is None:
        indirect = rules.origin_indirectness(finding)
        if indirect is not None:
            reasons.append(indirect)
    publication = rules.not_peer_reviewed(finding, (*finding_sources, *kb.sources_of(study)))
    if publication is not None:
        reasons.append(publication)
    reasons = list(rules.capped(reasons))
    upgrade = rules.large_effect(finding, reasons[0], reasons[1:])
    if upgrade is not None:
        reasons.append(upgrade)
    return tuple(reasons)
