"""Topic summaries: the status rules, replication by study, and what is never counted."""

from __future__ import annotations

import pytest

from fmevidence import (
    Certainty,
    Decision,
    DecisionKind,
    Direction,
    EvidenceOrigin,
    Finding,
    Study,
    StudyDesign,
    UnknownRecordError,
)
from fmevidence.grading import (
    STATUS_RULES,
    EvidenceStatus,
    Role,
    fhir_certainty,
    rate_finding,
    summarise,
    summary_data,
)
from fmevidence.grading.summary import status_of
from grading_helpers import (
    DRUG,
    GUIDELINE,
    HIGH,
    JOURNAL,
    LOW,
    MODERATE,
    REGULATOR,
    REVIEW,
    TOPIC,
    VERY_LOW,
    base,
    finding,
    study,
)

ST = EvidenceStatus


def study_(sid: str, design: StudyDesign = StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, **fields: object) -> Study:
    """A study whose id ("s-" + sid) never clashes with a finding's."""
    return study(design, id=f"s-{sid}", **fields)

S, C = Direction.SUPPORTS, Direction.CONTRADICTS


def test_no_findings_is_insufficient() -> None:
    summary = summarise(base(), TOPIC.id)
    assert summary.status is ST.INSUFFICIENT and summary.certainty is None
    assert summary.explanation.startswith("insufficient evidence: nothing points either way")


@pytest.mark.parametrize(
    ("best_for", "best_against", "status"),
    [
        (None, None, ST.INSUFFICIENT),
        (HIGH, None, ST.SHOWN),
        (MODERATE, None, ST.SHOWN),
        (MODERATE, LOW, ST.POSSIBLE),
        (MODERATE, VERY_LOW, ST.SHOWN),
        (LOW, None, ST.POSSIBLE),
        (LOW, VERY_LOW, ST.POSSIBLE),
        (VERY_LOW, None, ST.HYPOTHESIS),
        (None, HIGH, ST.REFUTED),
        (VERY_LOW, MODERATE, ST.REFUTED),
        (None, LOW, ST.DOUBTFUL),
        (VERY_LOW, LOW, ST.DOUBTFUL),
        (LOW, LOW, ST.CONFLICTING),
        (HIGH, MODERATE, ST.CONFLICTING),
        (VERY_LOW, VERY_LOW, ST.CONFLICTING),
        (MODERATE, HIGH, ST.CONFLICTING),
    ],
)
def test_status_rule(best_for: Certainty | None, best_against: Certainty | None, status: EvidenceStatus) -> None:
    assert status_of(best_for, best_against) is status


def test_a_claim_only_put_forward_by_a_secondary_source_is_a_hypothesis() -> None:
    assert status_of(None, None, proposed=True) is ST.HYPOTHESIS
    framing = finding("framing", origin=EvidenceOrigin.REVIEW, sources=(REVIEW.id,))
    kb = base(framing)
    assert rate_finding(kb, framing).role is Role.FRAMING
    summary = summarise(kb, TOPIC.id)
    assert summary.status is ST.HYPOTHESIS and summary.supporting == 0 and summary.not_counted == 1


def test_framing_is_never_evidence_even_against() -> None:
    trial = study_("t", sample_size=500)
    kb = base(trial, finding("trial", studies=("s-t",), about=(DRUG.id,)),
              finding("opinion", Direction.CONTRADICTS, origin=EvidenceOrigin.EXPERT_OPINION, about=(DRUG.id,)))
    summary = summarise(kb, DRUG.id)
    assert summary.contradicting == 0 and summary.best_supporting is HIGH


def test_replication_is_counted_by_study_not_by_source_set() -> None:
    trial = study_("t", sample_size=500)
    one_trial_twice = base(trial, finding("a", studies=("s-t",), about=(DRUG.id,)),
                           finding("b", studies=("s-t",), sources=(JOURNAL.id, REVIEW.id), about=(DRUG.id,)))
    assert summarise(one_trial_twice, DRUG.id).status is ST.POSSIBLE
    no_study = base(finding("a", about=(DRUG.id,), sources=(JOURNAL.id,)),
                    finding("b", about=(DRUG.id,), sources=(JOURNAL.id, REVIEW.id)))
    assert summarise(no_study, DRUG.id).status is not ST.SHOWN
    two_trials = base(trial, study_("u", sample_size=500), finding("a", studies=("s-t",), about=(DRUG.id,)),
                      finding("b", studies=("s-u",), about=(DRUG.id,)))
    assert summarise(two_trials, DRUG.id).status is ST.SHOWN


def test_one_pooled_analysis_of_trials_is_replicated_on_its_own() -> None:
    review = study_("ma", StudyDesign.META_ANALYSIS, randomized=True, sample_size=1800)
    kb = base(review, finding("ma", studies=("s-ma",), about=(DRUG.id,)))
    summary = summarise(kb, DRUG.id)
    assert summary.status is ST.SHOWN and summary.certainty is HIGH
    assert summary.label == "benefit shown"
    assert STATUS_RULES[ST.SHOWN][1] != summary.label  # a mechanism is worded apart


def test_animal_evidence_alone_is_preclinical_never_a_human_status() -> None:
    mice = study_("m", StudyDesign.ANIMAL, species="mouse")
    kb = base(mice, finding("m", studies=("s-m",), origin=EvidenceOrigin.ANIMAL_MODEL, about=(DRUG.id,)))
    summary = summarise(kb, DRUG.id)
    assert summary.status is ST.PRECLINICAL and summary.label == "animal or cell evidence only"


def test_human_evidence_decides_when_there_is_any() -> None:
    mice = study_("m", StudyDesign.ANIMAL, species="mouse")
    trial = study_("t", sample_size=60)
    kb = base(mice, trial,
              finding("m", studies=("s-m",), origin=EvidenceOrigin.ANIMAL_MODEL, about=(DRUG.id,)),
              finding("t", Direction.CONTRADICTS, studies=("s-t",), about=(DRUG.id,)))
    summary = summarise(kb, DRUG.id)
    assert summary.status is ST.DOUBTFUL
    assert "from animals or cells, not weighed beside human evidence" in summary.explanation


def test_animal_findings_never_make_human_findings_inconsistent() -> None:
    mice = study_("m", StudyDesign.ANIMAL, species="mouse")
    trial = study_("t", sample_size=500)
    kb = base(mice, trial,
              finding("m", Direction.CONTRADICTS, studies=("s-m",), origin=EvidenceOrigin.ANIMAL_MODEL),
              finding("t", studies=("s-t",)))
    assert rate_finding(kb, kb.get_as("t", Finding)).level is HIGH


def test_findings_on_different_outcomes_are_different_bodies() -> None:
    a, b = study_("a", sample_size=500), study_("b", sample_size=500)
    same = base(a, b, finding("pain", studies=("s-a",), outcome="pain"),
                finding("no-pain", Direction.CONTRADICTS, studies=("s-b",), outcome="pain"))
    assert rate_finding(same, same.get_as("pain", Finding)).level is MODERATE
    apart = base(a, b, finding("pain", studies=("s-a",), outcome="pain"),
                 finding("no-fatigue", Direction.CONTRADICTS, studies=("s-b",), outcome="fatigue"))
    assert rate_finding(apart, apart.get_as("pain", Finding)).level is HIGH


@pytest.mark.parametrize("origin", [EvidenceOrigin.REGULATORY, EvidenceOrigin.GUIDELINE])
def test_a_judgement_on_a_treatment_is_shown_but_never_counted(origin: EvidenceOrigin) -> None:
    source = REGULATOR if origin is EvidenceOrigin.REGULATORY else GUIDELINE
    refusal = finding("refusal", Direction.CONTRADICTS, origin=origin, sources=(source.id,), about=(DRUG.id,))
    kb = base(refusal)
    rating = rate_finding(kb, refusal)
    assert rating.role is Role.JUDGEMENT and not rating.counted
    summary = summarise(kb, DRUG.id)
    assert summary.contradicting == 0 and summary.status is ST.INSUFFICIENT


def test_a_decision_record_changes_no_rating() -> None:
    trial = study_("t", sample_size=500)
    f = finding("t", studies=("s-t",), about=(DRUG.id,))
    without = base(trial, f)
    from fmevidence import Condition

    condition = Condition(id="cond", name="Cond", sources=(JOURNAL.id,))
    refusal = Decision(id="d", body="Agency", kind=DecisionKind.REFUSED, condition="cond",
                       interventions=(DRUG.id,), statement="refused", sources=(REGULATOR.id,))
    with_decision = base(trial, f, condition, refusal)
    assert rate_finding(without, f) == rate_finding(with_decision, f)
    assert summarise(without, DRUG.id) == summarise(with_decision, DRUG.id)
    assert with_decision.decisions_on(DRUG.id) == (refusal,)


def test_certainty_maps_to_fhir_codes() -> None:
    assert [fhir_certainty(level) for level in Certainty] == ["high", "moderate", "low", "very-low"]


def test_every_status_has_words_and_a_rule() -> None:
    assert set(STATUS_RULES) == set(EvidenceStatus)
    treatment_words = [words[0] for words in STATUS_RULES.values()]
    assert len(set(treatment_words)) == len(treatment_words)


def test_summaries_work_for_treatments_and_unknown_topics_raise() -> None:
    kb = base(
        finding("helps", S, about=(DRUG.id,), origin=EvidenceOrigin.GUIDELINE, sources=("src-guideline",)),
        finding("helps-too", S, about=(DRUG.id,), origin=EvidenceOrigin.REGULATORY, sources=("src-regulator",)),
    )
    summary = summarise(kb, DRUG.id)  # judgements are shown, not counted
    assert summary.status is EvidenceStatus.INSUFFICIENT and summary.best_supporting is None
    assert summary.not_counted == 2
    with pytest.raises(UnknownRecordError):
        summarise(kb, "no-such-topic")


def test_summary_data_is_plain_json() -> None:
    import json

    data = summary_data(summarise(base(finding("x", C)), TOPIC.id))
    assert json.loads(json.dumps(data)) == data
    assert data["status"] == "doubtful" and data["best_contradicting"] == "low"
    assert data["best_supporting"] is None and data["fhir_certainty"] == "low"
    assert str(EvidenceStatus.CONFLICTING) == "conflicting"


def test_the_table_and_json_show_an_override_with_its_justification() -> None:
    from fmevidence import CertaintyOverride
    from fmevidence.cli.evidence import render_topic, topic_data

    why = "Replicated in three independent cohorts not yet entered."
    kb = base(finding("x", S, override=CertaintyOverride(MODERATE, why)), finding("ctx", S, context=True))
    table = render_topic(kb, TOPIC)
    assert "moderate (override; computed low)" in table
    assert f"+1 curator override: {why}" in table
    assert "(1 descriptive context finding not counted.)" in table
    data = topic_data(kb, TOPIC)
    item = next(f for f in data["findings"] if f["id"] == "x")
    assert item["override"] == {"level": "moderate", "justification": why}
    assert item["certainty"] == "moderate" and item["computed"] == "low"
    assert data["summary"]["supporting"] == 1


def test_a_topic_with_no_findings_says_so() -> None:
    from fmevidence.cli.evidence import render_topic

    table = render_topic(base(), DRUG)
    assert "No findings that take a side on this topic." in table and "Summary: insufficient" in table


def test_an_unverified_finding_is_marked_in_the_table_and_json() -> None:
    from fmevidence import Verification
    from fmevidence.cli.evidence import render_topic, topic_data

    kb = base(finding("x", S, verification=Verification.UNVERIFIED), finding("y", S))
    table = render_topic(kb, TOPIC)
    assert table.count("note: unverified") == 1
    assert [f["verification"] for f in topic_data(kb, TOPIC)["findings"]] == ["unverified", "verified"]


def test_trials_at_very_low_certainty_are_possible_not_a_hypothesis() -> None:
    from fmevidence import CertaintyOverride

    review = study_("ma", StudyDesign.SYSTEMATIC_REVIEW, randomized=True)
    weak = CertaintyOverride(VERY_LOW, "the review's authors rated it very low")
    kb = base(review, finding("ma", studies=("s-ma",), about=(DRUG.id,), override=weak))
    assert summarise(kb, DRUG.id).status is ST.POSSIBLE
    series = study_("cs", StudyDesign.CASE_SERIES)
    kb = base(series, finding("cs", studies=("s-cs",), about=(DRUG.id,)))
    assert summarise(kb, DRUG.id).status is ST.HYPOTHESIS


def test_a_drug_with_a_moderate_review_of_trials_and_a_refusal_shows_benefit() -> None:
    """The shape of pregabalin's case: a Cochrane review of RCTs at moderate certainty, a US
    approval and an EU refusal. The refusal is a benefit-risk judgement beside the evidence."""
    from fmevidence import CertaintyOverride, Condition

    review = study_("review", StudyDesign.META_ANALYSIS, randomized=True, sample_size=5000)
    moderate = CertaintyOverride(MODERATE, "the review's authors rated the evidence moderate (GRADE)")
    target = Condition(id="cond", name="Cond", sources=(JOURNAL.id,))
    kb = base(
        review, target,
        finding("pain-relief", studies=("s-review",), about=(DRUG.id,), outcome="pain", override=moderate),
        Decision(id="approval", body="Agency A", kind=DecisionKind.APPROVED, condition="cond",
                 interventions=(DRUG.id,), statement="approved", sources=(REGULATOR.id,)),
        Decision(id="refusal", body="Agency B", kind=DecisionKind.REFUSED, condition="cond",
                 interventions=(DRUG.id,), statement="refused", sources=(REGULATOR.id,),
                 reason="benefit too small for the risks"),
        finding("agency-says-no", C, origin=EvidenceOrigin.REGULATORY, sources=(REGULATOR.id,), about=(DRUG.id,)),
    )
    summary = summarise(kb, DRUG.id)
    assert summary.status is ST.SHOWN and summary.certainty is MODERATE
    assert summary.label == "benefit shown" and summary.contradicting == 0 and summary.not_counted == 1


def test_a_rated_review_caps_the_trials_it_pools() -> None:
    """Duloxetine's shape: two large positive trials (high each) and a Cochrane review of the
    same trials whose authors rated the evidence low. The body is as certain as the review
    found it, not as the best single trial; without the review the trials decide."""
    from fmevidence import CertaintyOverride

    trials = [study_(name, sample_size=520) for name in ("t1", "t2")]
    review = study_("review", StudyDesign.SYSTEMATIC_REVIEW, randomized=True, sample_size=7900)
    low = CertaintyOverride(LOW, "the review's authors rated the evidence low (GRADE)")
    findings = [finding(f"trial-{s.id}", studies=(s.id,), about=(DRUG.id,)) for s in trials]
    pooled = finding("review", studies=("s-review",), about=(DRUG.id,), override=low)
    without = summarise(base(*trials, *findings), DRUG.id)
    assert without.status is ST.SHOWN and without.certainty is HIGH
    capped = summarise(base(*trials, review, *findings, pooled), DRUG.id)
    assert capped.status is ST.POSSIBLE and capped.certainty is LOW
    assert capped.best_supporting is HIGH  # the single trials keep their own ratings
    assert "capped at low: the systematic review that pools these trials rated the evidence low" in capped.explanation
    unrated = finding("review", studies=("s-review",), about=(DRUG.id,))  # no recorded rating: no ceiling
    assert summarise(base(*trials, review, *findings, unrated), DRUG.id).certainty is HIGH
