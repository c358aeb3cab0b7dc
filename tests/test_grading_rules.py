"""Every certainty rule, one at a time, on small synthetic studies and findings."""

from __future__ import annotations

import pytest

from fmevidence import (
    Blinding,
    Certainty,
    CertaintyOverride,
    Control,
    Direction,
    EvidenceOrigin,
    Finding,
    Quantity,
    StudyDesign,
)
from fmevidence.grading import OverrideWithoutJustification, Reason, rate_finding
from fmevidence.grading.rules import DOMAIN_CAP, OPTIMAL_INFORMATION_SIZE, VERY_SMALL_SAMPLE, capped, level_after
from grading_helpers import (
    DRUG,
    GUIDELINE,
    HIGH,
    JOURNAL,
    LOW,
    MODERATE,
    PRESS,
    REGULATOR,
    REVIEW,
    TOPIC,
    VERY_LOW,
    WEB,
    base,
    finding,
    rated,
    study,
)


def kinds(reasons: tuple[Reason, ...]) -> list[str]:
    return [reason.kind for reason in reasons]


# -- starting level by design ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("design", "randomized", "start"),
    [
        (StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, None, HIGH),
        (StudyDesign.META_ANALYSIS, True, HIGH),
        (StudyDesign.SYSTEMATIC_REVIEW, True, HIGH),
        (StudyDesign.META_ANALYSIS, None, LOW),
        (StudyDesign.META_ANALYSIS, False, LOW),
        (StudyDesign.NON_RANDOMIZED_TRIAL, None, LOW),
        (StudyDesign.COHORT, None, LOW),
        (StudyDesign.CASE_CONTROL, None, LOW),
        (StudyDesign.CROSS_SECTIONAL, None, LOW),
        (StudyDesign.DIAGNOSTIC_ACCURACY, None, LOW),
        (StudyDesign.CASE_SERIES, None, VERY_LOW),
        (StudyDesign.CASE_REPORT, None, VERY_LOW),
        (StudyDesign.NARRATIVE_REVIEW, None, VERY_LOW),
        (StudyDesign.EXPERT_OPINION, None, VERY_LOW),
        (StudyDesign.GUIDELINE, None, MODERATE),
        (StudyDesign.REGULATORY_REVIEW, None, MODERATE),
    ],
)
def test_design_sets_the_starting_level(design: StudyDesign, randomized: bool | None, start: Certainty) -> None:
    kb, f = rated(study(design, randomized=randomized), about=(DRUG.id,))
    rating = rate_finding(kb, f)
    assert rating.reasons[0].kind == "design"
    assert rating.level is start and rating.computed is start
    assert rating.reasons[0].text.startswith(f"starts {start.value.replace('_', ' ')}: ")
    assert rating.override is None


@pytest.mark.parametrize("design", [StudyDesign.GUIDELINE, StudyDesign.REGULATORY_REVIEW])
def test_a_guideline_or_regulator_on_anything_but_a_treatment_is_expert_consensus(design: StudyDesign) -> None:
    kb, f = rated(study(design), about=(TOPIC.id,))
    rating = rate_finding(kb, f)
    assert rating.level is VERY_LOW and "consensus of experts" in rating.reasons[0].text
    kb, f = rated(study(design), about=(TOPIC.id, DRUG.id))
    assert rate_finding(kb, f).level is MODERATE


def test_every_design_has_a_starting_rule() -> None:
    for design in StudyDesign:
        kb, f = rated(study(design))
        assert kinds(rate_finding(kb, f).reasons)[0] == "design"


@pytest.mark.parametrize("design", [StudyDesign.ANIMAL, StudyDesign.IN_VITRO])
def test_animal_and_laboratory_work_start_low_and_are_always_indirect(design: StudyDesign) -> None:
    kb, f = rated(study(design, species="mouse" if design is StudyDesign.ANIMAL else "human"))
    rating = rate_finding(kb, f)
    assert rating.level is VERY_LOW
    assert kinds(rating.reasons) == ["design", "indirectness"]
    assert rating.reasons[1].change == -1


# -- risk of bias -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"control": Control.NONE}, "no control group"),
        ({"blinding": Blinding.OPEN_LABEL}, "open-label"),
        ({"blinding": Blinding.SINGLE_BLIND}, "single-blind"),
        ({"retrospective": True}, "retrospective"),
        ({"randomized": False}, "not randomised"),
    ],
)
def test_risk_of_bias_rates_a_trial_down_one_level(fields: dict[str, object], words: str) -> None:
    kb, f = rated(study(**fields))
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE
    assert kinds(rating.reasons) == ["design", "risk_of_bias"]
    assert words in rating.reasons[1].text and rating.reasons[1].change == -1


@pytest.mark.parametrize(
    "fields",
    [{"control": Control.PLACEBO}, {"blinding": Blinding.DOUBLE_BLIND}, {"blinding": Blinding.ASSESSOR_BLIND},
     {"retrospective": False}, {"randomized": True}],
)
def test_good_conduct_is_not_rated_down(fields: dict[str, object]) -> None:
    kb, f = rated(study(**fields))
    assert rate_finding(kb, f).level is HIGH


def test_one_domain_takes_at_most_two_levels_and_keeps_the_extra_reason_visible() -> None:
    kb, f = rated(study(control=Control.NONE, blinding=Blinding.OPEN_LABEL, retrospective=True))
    rating = rate_finding(kb, f)
    bias = [reason for reason in rating.reasons if reason.kind == "risk_of_bias"]
    assert len(bias) == 3 and sum(reason.change for reason in bias) == -DOMAIN_CAP
    assert rating.level is LOW


# -- indirectness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"species": "rat"}, "done in rat"),
        ({"surrogate_outcome": True}, "surrogate outcome"),
        ({"conditions": ("rheumatoid-arthritis",)}, "studied people with rheumatoid-arthritis, not Target condition"),
    ],
)
def test_indirectness_rates_down_one_level(fields: dict[str, object], words: str) -> None:
    kb, f = rated(study(**fields))
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE
    assert kinds(rating.reasons) == ["design", "indirectness"] and words in rating.reasons[1].text


def test_a_study_that_includes_the_datasets_condition_is_not_indirect() -> None:
    for names in (("target", "small-fiber-neuropathy"), ("Target Syndrome",)):
        kb, f = rated(study(conditions=names))
        assert rate_finding(kb, f).level is HIGH


def test_population_is_judged_against_the_condition_given_not_a_constant() -> None:
    kb, f = rated(study(conditions=("migraine",)))
    assert rate_finding(kb, f).level is MODERATE
    from fmevidence import Condition

    migraine = Condition(id="migraine", name="Migraine", sources=(JOURNAL.id,))
    kb2 = base(*kb.studies, f, migraine)
    assert rate_finding(kb2, f, condition="migraine").level is HIGH
    reasons = " ".join(r.text for r in rate_finding(kb2, f).reasons)
    assert "not Target condition" in reasons and "FM" not in reasons


def test_an_animal_finding_is_rated_down_once_not_twice() -> None:
    kb, f = rated(study(StudyDesign.ANIMAL, species="mouse"), origin=EvidenceOrigin.ANIMAL_MODEL)
    assert kinds(rate_finding(kb, f).reasons) == ["design", "indirectness"]


def test_an_animal_origin_makes_a_human_design_indirect() -> None:
    kb, f = rated(study(), origin=EvidenceOrigin.ANIMAL_MODEL)
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE and kinds(rating.reasons) == ["design", "indirectness"]


# -- imprecision -----------------------------------------------------------------------------


def test_pilot_and_small_sample_each_rate_down() -> None:
    kb, f = rated(study(pilot=True))
    assert rate_finding(kb, f).level is MODERATE
    kb, f = rated(study(sample_size=OPTIMAL_INFORMATION_SIZE - 1))
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE and f"n = {OPTIMAL_INFORMATION_SIZE - 1}" in rating.reasons[1].text
    assert "optimal information size" in rating.reasons[1].text
    kb, f = rated(study(pilot=True, sample_size=12))
    assert rate_finding(kb, f).level is LOW  # imprecision is capped at two levels


def test_a_99_person_trial_and_a_31_person_crossover_are_told_apart() -> None:
    kb, f = rated(study(sample_size=99))
    assert rate_finding(kb, f).level is MODERATE
    kb, f = rated(study(sample_size=31))
    rating = rate_finding(kb, f)
    assert rating.level is LOW and f"under {VERY_SMALL_SAMPLE}" in rating.reasons[1].text


@pytest.mark.parametrize(("low", "high", "rated_down"), [(-0.5, 0.1, True), (-0.6, -0.1, False), (0.0, 0.3, True)])
def test_an_interval_that_includes_no_effect_is_imprecise(low: float, high: float, rated_down: bool) -> None:
    q = Quantity(measure="standardised mean difference (SMD)", value=(low + high) / 2, low=low, high=high)
    kb, f = rated(study(), quantities=(q,))
    assert (rate_finding(kb, f).level is MODERATE) is rated_down
    kb, f = rated(study(), quantities=(q,), direction=Direction.CONTRADICTS)
    assert rate_finding(kb, f).level is HIGH  # a null result is not rated down for including the null


def test_a_large_or_unknown_sample_is_not_imprecise() -> None:
    for size in (OPTIMAL_INFORMATION_SIZE, 5000, None):
        kb, f = rated(study(sample_size=size))
        assert rate_finding(kb, f).level is HIGH


def test_the_scale_stops_at_very_low_but_every_reason_is_listed() -> None:
    kb, f = rated(study(StudyDesign.CASE_SERIES, control=Control.NONE, pilot=True, sample_size=5, species="mouse"))
    rating = rate_finding(kb, f)
    assert rating.level is VERY_LOW
    assert {"risk_of_bias", "indirectness", "imprecision"} <= set(kinds(rating.reasons))


# -- publication -----------------------------------------------------------------------------


def test_a_study_known_only_from_a_press_release_is_rated_down() -> None:
    s = study(sources=(PRESS.id,))
    kb, f = rated(s, sources=(PRESS.id,))
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE and rating.reasons[-1].kind == "publication"
    assert "not peer reviewed" in rating.reasons[-1].text


def test_a_peer_reviewed_source_beside_a_press_release_is_enough() -> None:
    kb, f = rated(study(sources=(JOURNAL.id, PRESS.id)), sources=(PRESS.id,))
    assert rate_finding(kb, f).level is HIGH


# -- findings without a study ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "sources", "start"),
    [
        (EvidenceOrigin.GUIDELINE, (GUIDELINE.id,), MODERATE),
        (EvidenceOrigin.REGULATORY, (REGULATOR.id,), MODERATE),
        (EvidenceOrigin.REGULATORY, (PRESS.id,), MODERATE),
        (EvidenceOrigin.HUMAN_CLINICAL, (JOURNAL.id,), LOW),
        (EvidenceOrigin.REVIEW, (REVIEW.id,), VERY_LOW),
        (EvidenceOrigin.REVIEW, (JOURNAL.id,), VERY_LOW),
        (EvidenceOrigin.EXPERT_OPINION, (JOURNAL.id,), VERY_LOW),
        (EvidenceOrigin.HUMAN_CLINICAL, (REVIEW.id,), VERY_LOW),
        (EvidenceOrigin.HUMAN_CLINICAL, (WEB.id,), VERY_LOW),
        (EvidenceOrigin.GUIDELINE, (WEB.id,), VERY_LOW),
        (EvidenceOrigin.REGULATORY, (WEB.id,), VERY_LOW),
    ],
)
def test_without_a_study_the_origin_and_source_kind_set_the_start(
    origin: EvidenceOrigin, sources: tuple[str, ...], start: Certainty
) -> None:
    f = finding(origin=origin, sources=sources, about=(DRUG.id,))
    rating = rate_finding(base(f), f)
    assert rating.level is start and rating.reasons[0].kind == "design"


def test_an_animal_claim_from_a_journal_without_a_study_is_very_low_and_says_why() -> None:
    f = finding(origin=EvidenceOrigin.ANIMAL_MODEL, sources=(JOURNAL.id,))
    rating = rate_finding(base(f), f)
    assert rating.level is VERY_LOW and kinds(rating.reasons) == ["design", "indirectness"]


def test_a_regulators_own_press_release_is_not_rated_down_as_unreviewed() -> None:
    kb, f = rated(study(StudyDesign.REGULATORY_REVIEW, sources=(PRESS.id,)), sources=(PRESS.id,),
                  origin=EvidenceOrigin.REGULATORY, about=(DRUG.id,))
    assert rate_finding(kb, f).level is MODERATE


def test_a_guideline_claim_only_on_a_web_page_is_second_hand() -> None:
    f = finding(origin=EvidenceOrigin.GUIDELINE, sources=(WEB.id,))
    assert "second-hand (web page)" in rate_finding(base(f), f).reasons[0].text


# -- several studies -------------------------------------------------------------------------


def test_the_strongest_study_counts_and_is_named() -> None:
    weak = study(StudyDesign.CASE_SERIES, id="weak")
    strong = study(StudyDesign.COHORT, id="strong")
    kb, f = rated(weak, strong)
    rating = rate_finding(kb, f)
    assert rating.level is LOW
    assert "strongest of 2 studies" in rating.reasons[0].text and "strong" in rating.reasons[0].text


def test_a_tie_between_studies_picks_the_first_listed() -> None:
    kb, f = rated(study(StudyDesign.COHORT, id="a"), study(StudyDesign.CASE_CONTROL, id="b"))
    assert rate_finding(kb, f).reasons[0].text.endswith(": a)")


# -- upgrade ---------------------------------------------------------------------------------


def test_a_large_effect_raises_a_clean_observational_study_one_level() -> None:
    big = Quantity(measure="odds ratio", value=3.1, low=2.2, high=4.5)
    kb, f = rated(study(StudyDesign.COHORT), quantities=(big,))
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE and rating.reasons[-1].kind == "upgrade" and rating.reasons[-1].change == 1


@pytest.mark.parametrize(
    ("quantity", "fields"),
    [
        (Quantity(measure="odds ratio", value=3.1, low=1.2, high=4.5), {}),  # range crosses 2
        (Quantity(measure="prevalence", value=30.0, unit="%"), {}),  # not a ratio
        (Quantity(measure="odds ratio", value=3.0), {"sample_size": 20}),  # rated down already
    ],
)
def test_no_upgrade_without_a_clear_large_effect(quantity: Quantity, fields: dict[str, object]) -> None:
    kb, f = rated(study(StudyDesign.COHORT, **fields), quantities=(quantity,))
    assert "upgrade" not in kinds(rate_finding(kb, f).reasons)


def test_a_protective_large_effect_counts_too() -> None:
    kb, f = rated(study(StudyDesign.CASE_CONTROL), quantities=(Quantity(measure="Risk ratio", value=0.3),))
    assert rate_finding(kb, f).level is MODERATE


def test_trials_are_never_upgraded() -> None:
    kb, f = rated(study(), quantities=(Quantity(measure="odds ratio", value=9.0),))
    assert rate_finding(kb, f).level is HIGH and "upgrade" not in kinds(rate_finding(kb, f).reasons)


# -- inconsistency ---------------------------------------------------------------------------


def test_a_finding_contradicted_at_the_same_certainty_is_rated_down_both_ways() -> None:
    a = finding("a", Direction.SUPPORTS)
    b = finding("b", Direction.CONTRADICTS)
    kb = base(a, b)
    for one, other in ((a, b), (b, a)):
        rating = rate_finding(kb, one)
        assert rating.level is VERY_LOW
        assert rating.reasons[-1].kind == "inconsistency" and other.id in rating.reasons[-1].text
        assert "Topic" in rating.reasons[-1].text


def test_a_weaker_contradiction_does_not_rate_a_stronger_finding_down() -> None:
    strong = study(id="rct")
    a = finding("a", Direction.SUPPORTS, studies=(strong.id,))
    b = finding("b", Direction.CONTRADICTS)  # no study recorded: starts low
    kb = base(strong, a, b)
    assert rate_finding(kb, a).level is HIGH
    assert rate_finding(kb, b).reasons[-1].kind == "inconsistency"


def test_inconsistency_counts_once_however_many_disagree() -> None:
    a = finding("a")
    others = [finding(f"c{i}", Direction.CONTRADICTS) for i in range(5)]
    rating = rate_finding(base(a, *others), a)
    assert kinds(rating.reasons).count("inconsistency") == 1 and "5 findings answering the same question (Topic)" in rating.reasons[-1].text
    assert "(c0, c1, c2 +2 more)" in rating.reasons[-1].text


@pytest.mark.parametrize(
    "other",
    [
        finding("b", Direction.INCONCLUSIVE),
        finding("b", Direction.SUPPORTS),
        finding("b", Direction.CONTRADICTS, context=True),
        finding("b", Direction.CONTRADICTS, about=("drug",)),
    ],
)
def test_only_an_opposite_counted_finding_on_the_same_topic_is_inconsistent(other: Finding) -> None:
    a = finding("a")
    assert rate_finding(base(a, other), a).level is LOW


def test_context_and_inconclusive_findings_are_never_rated_for_inconsistency() -> None:
    c = finding("c", Direction.SUPPORTS, context=True)
    i = finding("i", Direction.INCONCLUSIVE)
    against = finding("x", Direction.CONTRADICTS)
    kb = base(c, i, against)
    assert rate_finding(kb, c).level is LOW and rate_finding(kb, i).level is LOW


def test_findings_about_a_condition_do_not_contradict_each_other() -> None:
    from fmevidence import Condition

    fm = Condition(id="fibromyalgia", name="Fibromyalgia", sources=(REVIEW.id,))
    a = finding("a", about=("fibromyalgia",))
    b = finding("b", Direction.CONTRADICTS, about=("fibromyalgia",))
    assert rate_finding(base(fm, a, b), a).level is LOW


def test_an_overridden_finding_counts_at_its_overridden_level_for_inconsistency() -> None:
    a = finding("a")
    b = finding("b", Direction.CONTRADICTS, studies=("s",),
                override=CertaintyOverride(Certainty.MODERATE, "a large consistent body of evidence"))
    assert rate_finding(base(study(StudyDesign.CASE_SERIES, id="s"), a, b), a).reasons[-1].kind == "inconsistency"


# -- override --------------------------------------------------------------------------------


def test_an_override_replaces_the_level_and_shows_its_justification() -> None:
    override = CertaintyOverride(Certainty.MODERATE, "Three consistent trials not yet in the dataset.")
    kb, f = rated(study(StudyDesign.COHORT), override=override)
    rating = rate_finding(kb, f)
    assert rating.level is MODERATE and rating.computed is LOW and rating.override == override
    assert rating.reasons[-1] == Reason("override", 1, "curator override: Three consistent trials not yet in the dataset.")


@pytest.mark.parametrize("justification", ["", "   ", "\n"])
def test_an_override_without_justification_is_refused(justification: str) -> None:
    kb, f = rated(study(), override=CertaintyOverride(Certainty.LOW, justification))
    with pytest.raises(OverrideWithoutJustification, match="justification") as info:
        rate_finding(kb, f)
    assert isinstance(info.value, ValueError) and info.value.finding_id == f.id


# -- helpers ---------------------------------------------------------------------------------


def test_reason_kinds_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown reason kind"):
        Reason("vibes", -1, "no")


def test_capped_leaves_other_kinds_alone() -> None:
    reasons = [Reason("design", 0, "x"), *[Reason("inconsistency", -1, "y")] * 3, Reason("upgrade", 1, "z")]
    assert capped(reasons) == tuple(reasons)
    assert level_after([Reason("design", -5, "x")]) is VERY_LOW
    assert level_after([Reason("design", 0, "x"), Reason("upgrade", 2, "y")]) is HIGH
