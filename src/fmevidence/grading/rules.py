"""The certainty rules, each a small function that returns the reason it applies, or ``None``.

A rating starts at *high* and every :class:`Reason` moves it by ``change`` levels: the
design reason sets the starting point (``0`` for a randomised trial, ``-2`` for an
observational study, ``-3`` for expert opinion), the others rate down (or, rarely, up).
GRADE never rates a domain down by more than two levels; :func:`capped` enforces that.
The texts are written for a reader, not a statistician: they say *why*, in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

import attrs

from ..model import (
    Blinding,
    Certainty,
    Control,
    Direction,
    EvidenceOrigin,
    Finding,
    Source,
    SourceKind,
    Study,
    StudyDesign,
)

__all__ = [
    "DOMAIN_CAP",
    "KINDS",
    "OPTIMAL_INFORMATION_SIZE",
    "STUDY_RULES",
    "VERY_SMALL_SAMPLE",
    "Reason",
    "Setting",
    "apply",
    "capped",
    "design_start",
    "interval_imprecision",
    "large_effect",
    "level_after",
    "not_peer_reviewed",
    "origin_indirectness",
    "start_without_study",
]

#: The kinds of reason, in the order a rating lists them.
KINDS: Final = (
    "design",
    "risk_of_bias",
    "indirectness",
    "imprecision",
    "inconsistency",
    "publication",
    "upgrade",
    "override",
)

#: The optimal information size (GRADE guidelines 6, Guyatt 2011): the participants one
#: adequately powered two-arm trial needs. 400 is what a trial needs to detect a standardised
#: mean difference of about 0.28 (a small-to-moderate effect on a continuous outcome such as
#: pain) with two-sided alpha 0.05 and 80% power: 2 x (1.96 + 0.84)^2 / 0.28^2 = 200 per arm.
#: A study (or a pooled analysis, whose ``sample_size`` is the pooled total) below it is rated
#: down one level for imprecision.
OPTIMAL_INFORMATION_SIZE: Final = 400

#: Below this (a tenth of the optimal information size) imprecision is very serious, two
#: levels: 20 per arm can only detect effects of about 0.9 standard deviations.
VERY_SMALL_SAMPLE: Final = OPTIMAL_INFORMATION_SIZE // 10

#: Most levels one domain (risk of bias, indirectness, imprecision) may take off, as in GRADE.
DOMAIN_CAP: Final = 2

_HUMAN: Final = frozenset({"human", "humans", "homo sapiens", "people"})
_POOLED: Final = frozenset({StudyDesign.META_ANALYSIS, StudyDesign.SYSTEMATIC_REVIEW})
_NOT_PEER_REVIEWED: Final = frozenset({SourceKind.PRESS_RELEASE, SourceKind.MAGAZINE_ARTICLE, SourceKind.WEB_PAGE})
_RATIO_MEASURES: Final = ("odds ratio", "risk ratio", "relative risk", "hazard ratio", "rate ratio")
_DIFFERENCE_MEASURES: Final = ("mean difference", "smd", "risk difference", "difference in", "effect size")


@attrs.frozen
class Setting:
    """What a rating is relative to: the condition the dataset is about.

    ``condition_keys`` are the condition's id, name and synonyms, case-folded, so a study
    whose ``conditions`` name any of them studied the right population. Without a condition
    (a dataset that names none) no study is rated down for population.
    """

    condition_id: str | None = None
    condition_name: str | None = None
    condition_keys: frozenset[str] = frozenset()

    @property
    def patients(self) -> str:
        """'people with <condition>' or, without one, 'patients'."""
        return f"people with {self.condition_name}" if self.condition_name else "patients"

    def includes(self, conditions: Iterable[str]) -> bool:
        """Whether any of ``conditions`` (ids or names) is the setting's condition."""
        return any(c.casefold() in self.condition_keys for c in conditions)


@attrs.frozen
class Reason:
    """One step of a rating: what kind of judgement, how many levels it moved, and why."""

    kind: str
    change: int
    text: str

    def __attrs_post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown reason kind {self.kind!r}; expected one of {', '.join(KINDS)}")


def level_after(reasons: Iterable[Reason]) -> Certainty:
    """The level a list of reasons arrives at: high plus every change, kept within the scale."""
    rank = Certainty.HIGH.rank + sum(reason.change for reason in reasons)
    return _BY_RANK[max(0, min(Certainty.HIGH.rank, rank))]


_BY_RANK: Final = {level.rank: level for level in Certainty}


def _start(level: Certainty, text: str) -> Reason:
    return Reason("design", level.rank - Certainty.HIGH.rank, f"starts {_words(level)}: {text}")


def _words(level: Certainty) -> str:
    return level.value.replace("_", " ")


# -- starting level ----------------------------------------------------------------------

_DESIGN_START: Final[dict[StudyDesign, tuple[Certainty, str]]] = {
    StudyDesign.RANDOMIZED_CONTROLLED_TRIAL: (Certainty.HIGH, "randomised controlled trial"),
    StudyDesign.NON_RANDOMIZED_TRIAL: (Certainty.LOW, "non-randomised trial"),
    StudyDesign.COHORT: (Certainty.LOW, "cohort study (observational)"),
    StudyDesign.CASE_CONTROL: (Certainty.LOW, "case-control study (observational)"),
    StudyDesign.CROSS_SECTIONAL: (Certainty.LOW, "cross-sectional study (observational)"),
    StudyDesign.DIAGNOSTIC_ACCURACY: (Certainty.LOW, "diagnostic accuracy study (observational)"),
    StudyDesign.CASE_SERIES: (Certainty.VERY_LOW, "case series (no comparison group)"),
    StudyDesign.CASE_REPORT: (Certainty.VERY_LOW, "case report"),
    StudyDesign.ANIMAL: (Certainty.LOW, "animal experiment (controlled, but not in patients)"),
    StudyDesign.IN_VITRO: (Certainty.LOW, "laboratory experiment (controlled, but not in patients)"),
    StudyDesign.NARRATIVE_REVIEW: (Certainty.VERY_LOW, "narrative review (no systematic search)"),
    StudyDesign.EXPERT_OPINION: (Certainty.VERY_LOW, "expert opinion"),
}

#: Guidelines and regulators grade *treatments* from trials; on anything else (what a condition is,
#: what causes it) their statement is a consensus of experts.
_JUDGEMENTS: Final[dict[StudyDesign, str]] = {
    StudyDesign.GUIDELINE: "clinical guideline",
    StudyDesign.REGULATORY_REVIEW: "regulator's review",
}


def design_start(study: Study, about_treatment: bool = True) -> Reason:
    """Where a study starts: trials high, observational studies low, opinion very low.

    A meta-analysis or systematic review starts high only when it pooled randomised trials
    (``randomized`` is true); otherwise it is treated as pooling observational studies.
    A guideline or regulatory review starts moderate on a treatment (it weighed the trials)
    and very low on anything else (there it is a consensus of experts).
    """
    if study.design in _JUDGEMENTS:
        return _judgement(_JUDGEMENTS[study.design], about_treatment)
    if study.design in _POOLED:
        name = "meta-analysis" if study.design is StudyDesign.META_ANALYSIS else "systematic review"
        if study.randomized:
            return _start(Certainty.HIGH, f"{name} of randomised trials")
        return _start(Certainty.LOW, f"{name} of observational studies (or of designs not recorded)")
    level, text = _DESIGN_START[study.design]
    return _start(level, text)


def _judgement(who: str, about_treatment: bool) -> Reason:
    if about_treatment:
        return _start(Certainty.MODERATE, f"{who} on a treatment (it weighed the trial evidence)")
    return _start(Certainty.VERY_LOW, f"{who} on something other than a treatment: a consensus of experts")


def start_without_study(finding: Finding, sources: Iterable[Source], about_treatment: bool = True) -> Reason:
    """Where a finding with no study behind it starts, from its origin and its sources' kinds.

    A guideline or regulator statement (backed by a guideline or regulatory source) starts
    like a guideline study (see :func:`design_start`); a primary research report whose design
    is not recorded starts low; anything else (a review, expert opinion, or a study known only
    second-hand) starts very low.
    """
    kinds = {source.kind for source in sources}
    if finding.origin is EvidenceOrigin.GUIDELINE and SourceKind.GUIDELINE in kinds:
        return _judgement("clinical guideline", about_treatment)
    if finding.origin is EvidenceOrigin.REGULATORY and kinds & {
        SourceKind.REGULATORY_DOCUMENT,
        SourceKind.GOVERNMENT_PAGE,
        SourceKind.PRESS_RELEASE,
    }:
        return _judgement("regulator's review", about_treatment)
    if finding.origin is EvidenceOrigin.REVIEW:
        return _start(Certainty.VERY_LOW, "stated in a review with no study recorded behind it (expert opinion)")
    if finding.origin is EvidenceOrigin.EXPERT_OPINION:
        return _start(Certainty.VERY_LOW, "expert opinion")
    if SourceKind.JOURNAL_ARTICLE in kinds and finding.origin in {
        EvidenceOrigin.HUMAN_CLINICAL,
        EvidenceOrigin.ANIMAL_MODEL,
        EvidenceOrigin.IN_VITRO,
    }:
        return _start(Certainty.LOW, "research report whose study design is not recorded (rated as observational)")
    where = ", ".join(sorted(kind.value.replace("_", " ") for kind in kinds)) or "no source"
    return _start(Certainty.VERY_LOW, f"known only second-hand ({where}); the original study is not recorded")


# -- rating down: risk of bias -------------------------------------------------------------


def no_control(study: Study, setting: Setting) -> Reason | None:
    """No comparison group: chance, placebo response and the natural course cannot be told apart."""
    if study.control is Control.NONE:
        return Reason(
            "risk_of_bias", -1, "no control group, so placebo response and natural course cannot be ruled out"
        )
    return None


def unblinded(study: Study, setting: Setting) -> Reason | None:
    """Open-label or single-blind: knowing who got what biases subjective outcomes such as pain."""
    if study.blinding is Blinding.OPEN_LABEL:
        return Reason("risk_of_bias", -1, "open-label: patients and researchers knew who got what")
    if study.blinding is Blinding.SINGLE_BLIND:
        return Reason("risk_of_bias", -1, "single-blind: one side knew who got what")
    return None


def retrospective(study: Study, setting: Setting) -> Reason | None:
    """Looking back at records collected for another purpose."""
    if study.retrospective:
        return Reason("risk_of_bias", -1, "retrospective: looked back at records not collected for this question")
    return None


def non_randomised_trial(study: Study, setting: Setting) -> Reason | None:
    """A trial labelled randomised whose record says it was not (a data slip, made visible)."""
    if study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL and study.randomized is False:
        return Reason("risk_of_bias", -1, "allocation was not randomised")
    return None


# -- rating down: indirectness -------------------------------------------------------------


def animal_model(study: Study, setting: Setting = Setting()) -> Reason | None:
    """Done in animals, not in patients."""
    if is_animal(study):
        species = study.species.strip()
        what = species if species.casefold() not in _HUMAN else "animals"
        return Reason("indirectness", -1, f"animal model: done in {what}, not in {setting.patients}")
    return None


def is_animal(study: Study) -> bool:
    """An animal experiment (by design or by species)."""
    return study.design is StudyDesign.ANIMAL or study.species.strip().casefold() not in _HUMAN


def in_vitro(study: Study, setting: Setting = Setting()) -> Reason | None:
    """Cells or tissue in a dish, not people."""
    if study.design is StudyDesign.IN_VITRO:
        return Reason("indirectness", -1, "laboratory (in vitro) work on cells or tissue, not in people")
    return None


def surrogate_outcome(study: Study, setting: Setting) -> Reason | None:
    """A marker was measured, not how patients feel or function."""
    if study.surrogate_outcome:
        return Reason("indirectness", -1, "surrogate outcome: measured a marker, not how patients feel or function")
    return None


def other_population(study: Study, setting: Setting) -> Reason | None:
    """The study's patients did not have the dataset's condition (only when both are known)."""
    if study.conditions and setting.condition_keys and not setting.includes(study.conditions):
        names = ", ".join(study.conditions)
        return Reason("indirectness", -1,
                      f"different population: studied people with {names}, not {setting.condition_name}")
    return None


# -- rating down: imprecision --------------------------------------------------------------


def pilot(study: Study, setting: Setting) -> Reason | None:
    """A pilot is built to test feasibility, not to answer the question."""
    if study.pilot:
        return Reason("imprecision", -1, "pilot study: built to test feasibility, not to give a firm answer")
    return None


def small_sample(study: Study, setting: Setting) -> Reason | None:
    """Fewer participants than the optimal information size: one level; under a tenth of it, two.

    The size is judged against :data:`OPTIMAL_INFORMATION_SIZE`, not against a fixed small
    number, so a 99-person trial and a 31-person crossover are told apart.
    """
    n = study.sample_size
    if n is None or n >= OPTIMAL_INFORMATION_SIZE:
        return None
    if n < VERY_SMALL_SAMPLE:
        return Reason("imprecision", -2,
                      f"very small sample (n = {n}, under {VERY_SMALL_SAMPLE}): only a very large effect could be "
                      "told from chance")
    return Reason("imprecision", -1,
                  f"fewer participants (n = {n}) than one adequately powered trial needs "
                  f"({OPTIMAL_INFORMATION_SIZE}, the optimal information size)")


#: The rules applied to every study, in the order their reasons are listed.
STUDY_RULES: Final[tuple[Callable[[Study, Setting], Reason | None], ...]] = (
    no_control,
    unblinded,
    retrospective,
    non_randomised_trial,
    animal_model,
    in_vitro,
    surrogate_outcome,
    other_population,
    pilot,
    small_sample,
)


def origin_indirectness(finding: Finding, setting: Setting = Setting()) -> Reason | None:
    """The finding itself says it comes from animals or the laboratory."""
    if finding.origin is EvidenceOrigin.ANIMAL_MODEL:
        return Reason("indirectness", -1, f"animal model: not shown in {setting.patients}")
    if finding.origin is EvidenceOrigin.IN_VITRO:
        return Reason("indirectness", -1, "laboratory (in vitro) work on cells or tissue, not in people")
    return None


def interval_imprecision(finding: Finding) -> Reason | None:
    """A supporting finding whose reported interval includes no effect: the data are as
    compatible with no benefit as with one (GRADE's confidence-interval criterion).

    Only ratio measures (no effect = 1) and differences (no effect = 0) with both ends given
    are judged; a finding that reports no effect (contradicts) is not rated down for it.
    """
    if finding.direction is not Direction.SUPPORTS:
        return None
    for quantity in finding.quantities:
        if quantity.low is None or quantity.high is None:
            continue
        measure = quantity.measure.casefold()
        if any(name in measure for name in _RATIO_MEASURES):
            null = 1.0
        elif any(name in measure for name in _DIFFERENCE_MEASURES):
            null = 0.0
        else:
            continue
        if quantity.low <= null <= quantity.high:
            return Reason("imprecision", -1,
                          f"the reported interval ({quantity.measure} {quantity.low:g} to {quantity.high:g}) "
                          "includes no effect")
    return None


# -- publication ---------------------------------------------------------------------------


def not_peer_reviewed(finding: Finding, sources: Iterable[Source]) -> Reason | None:
    """Every source is a press release, magazine article or web page: nothing peer reviewed.

    Not applied to a regulator's or guideline's own statement: the issuer is the authority.
    """
    if finding.origin in {EvidenceOrigin.REGULATORY, EvidenceOrigin.GUIDELINE}:
        return None
    kinds = {source.kind for source in sources}
    if kinds and kinds <= _NOT_PEER_REVIEWED:
        where = ", ".join(sorted(kind.value.replace("_", " ") for kind in kinds))
        return Reason("publication", -1, f"not peer reviewed: reported only in a {where}")
    return None


# -- rating up -----------------------------------------------------------------------------


def large_effect(finding: Finding, start: Reason, downs: Iterable[Reason]) -> Reason | None:
    """GRADE's large-effect upgrade: an observational result with a ratio of 2+ (or 0.5-),
    and nothing else against it. Only ratio measures count; the whole range must be beyond."""
    if start.change != Certainty.LOW.rank - Certainty.HIGH.rank or any(r.change < 0 for r in downs):
        return None
    for quantity in finding.quantities:
        measure = quantity.measure.casefold()
        if not any(name in measure for name in _RATIO_MEASURES):
            continue
        low = quantity.low if quantity.low is not None else quantity.value
        high = quantity.high if quantity.high is not None else quantity.value
        if low is None or high is None:
            continue
        if low >= 2 or high <= 0.5:
            return Reason("upgrade", 1, f"large effect ({quantity.measure} beyond 2), unlikely to be bias alone")
    return None


# -- combining -----------------------------------------------------------------------------


def capped(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """The reasons with each domain's total rating-down limited to :data:`DOMAIN_CAP` levels.

    A reason beyond the cap is kept (the reader should still see it) with ``change`` 0.
    """
    taken: dict[str, int] = {}
    out: list[Reason] = []
    for reason in reasons:
        if reason.change < 0 and reason.kind in {"risk_of_bias", "indirectness", "imprecision"}:
            room = DOMAIN_CAP - taken.get(reason.kind, 0)
            change = -min(-reason.change, room)
            taken[reason.kind] = taken.get(reason.kind, 0) - change
            reason = attrs.evolve(reason, change=change)
        out.append(reason)
    return tuple(out)


def apply(study: Study, about_treatment: bool = True, setting: Setting = Setting()) -> tuple[Reason, ...]:
    """Every study rule's reason (starting level first), domains capped."""
    found = [rule(study, setting) for rule in STUDY_RULES]
    return capped([design_start(study, about_treatment), *(reason for reason in found if reason is not None)])
