"""Topic summaries: counts, best certainty per side, and the status rule."""

from __future__ import annotations

import pytest

from fmevidence import Certainty, Direction, EvidenceOrigin, StudyDesign, UnknownRecordError
from fmevidence.grading import EvidenceStatus, Summary, summarise, summary_data
from fmevidence.grading.summary import status_of
from grading_helpers import DRUG, HIGH, LOW, MODERATE, REVIEW, TOPIC, VERY_LOW, base, finding, study

S, C, INC = Direction.SUPPORTS, Direction.CONTRADICTS, Direction.INCONCLUSIVE


def test_no_findings_is_insufficient() -> None:
    summary = summarise(base(), TOPIC.id)
    assert summary == Summary(TOPIC.id, 0, 0, 0, None, None, EvidenceStatus.INSUFFICIENT, summary.explanation)
    assert summary.explanation.startswith("insufficient: ")


def test_counts_and_best_levels_per_side() -> None:
    rct = study(id="rct")
    rct2 = study(id="rct2", sources=(REVIEW.id,))
    kb = base(
        rct,
        rct2,
        finding("s1", S, studies=(rct.id,)),
        finding("s2", S, studies=(rct2.id,), sources=(REVIEW.id,)),
        finding("c1", C, origin=EvidenceOrigin.REVIEW, sources=(REVIEW.id,)),
        finding("i1", INC),
        finding("ctx", S, context=True),
    )
    summary = summarise(kb, TOPIC.id)
    assert (summary.supporting, summary.contradicting, summary.inconclusive) == (2, 1, 1)
    assert summary.best_supporting is HIGH and summary.best_contradicting is VERY_LOW
    assert summary.status is EvidenceStatus.ESTABLISHED
    assert "2 findings support, best high" in summary.explanation
    assert "1 finding contradicts, best very low" in summary.explanation


def test_a_single_source_cannot_establish_a_topic() -> None:
    rct = study(id="rct")
    kb = base(rct, finding("s1", S, studies=(rct.id,)), finding("s2", S, studies=(rct.id,)))
    summary = summarise(kb, TOPIC.id)
    assert summary.best_supporting is HIGH
    assert summary.status is EvidenceStatus.EMERGING
    assert "single source" in summary.explanation


def test_a_single_source_cannot_refute_a_topic() -> None:
    rct = study(id="rct")
    kb = base(rct, finding("c1", C, studies=(rct.id,)))
    assert summarise(kb, TOPIC.id).status is EvidenceStatus.INSUFFICIENT


@pytest.mark.parametrize(
    ("best_for", "best_against", "status"),
    [
        (None, None, EvidenceStatus.INSUFFICIENT),
        (Certainty.HIGH, None, EvidenceStatus.ESTABLISHED),
        (Certainty.MODERATE, None, EvidenceStatus.ESTABLISHED),
        (Certainty.LOW, None, EvidenceStatus.EMERGING),
        (Certainty.VERY_LOW, None, EvidenceStatus.EMERGING),
        (None, Certainty.MODERATE, EvidenceStatus.REFUTED),
        (None, Certainty.LOW, EvidenceStatus.INSUFFICIENT),
        (Certainty.HIGH, Certainty.LOW, EvidenceStatus.ESTABLISHED),
        (Certainty.HIGH, Certainty.MODERATE, EvidenceStatus.CONTESTED),
        (Certainty.MODERATE, Certainty.VERY_LOW, EvidenceStatus.ESTABLISHED),
        (Certainty.MODERATE, Certainty.LOW, EvidenceStatus.CONTESTED),
        (Certainty.LOW, Certainty.LOW, EvidenceStatus.CONTESTED),
        (Certainty.LOW, Certainty.VERY_LOW, EvidenceStatus.CONTESTED),
        (Certainty.VERY_LOW, Certainty.HIGH, EvidenceStatus.REFUTED),
        (Certainty.LOW, Certainty.HIGH, EvidenceStatus.REFUTED),
        (Certainty.MODERATE, Certainty.HIGH, EvidenceStatus.CONTESTED),
    ],
)
def test_status_rule(best_for: Certainty | None, best_against: Certainty | None, status: EvidenceStatus) -> None:
    assert status_of(best_for, best_against) is status


def test_a_low_certainty_claim_with_evidence_against_is_contested_not_established() -> None:
    """The shape of "FM is autoimmune": mouse and observational support, reviews against."""
    mice = study(StudyDesign.ANIMAL, id="mice", species="mouse")
    sera = study(StudyDesign.CASE_CONTROL, id="sera", sample_size=60)
    kb = base(
        mice,
        sera,
        finding("transfer", S, studies=(mice.id,), origin=EvidenceOrigin.ANIMAL_MODEL),
        finding("antibodies", S, studies=(sera.id,)),
        finding("no-hallmarks", C, origin=EvidenceOrigin.REVIEW, sources=(REVIEW.id,)),
    )
    summary = summarise(kb, TOPIC.id)
    assert summary.status is EvidenceStatus.CONTESTED
    assert summary.best_supporting is not None and summary.best_supporting.rank <= LOW.rank


def test_summaries_work_for_treatments_and_unknown_topics_raise() -> None:
    kb = base(
        finding("helps", S, about=(DRUG.id,), origin=EvidenceOrigin.GUIDELINE, sources=("src-guideline",)),
        finding("helps-too", S, about=(DRUG.id,), origin=EvidenceOrigin.REGULATORY, sources=("src-regulator",)),
    )
    summary = summarise(kb, DRUG.id)
    assert summary.status is EvidenceStatus.ESTABLISHED and summary.best_supporting is MODERATE
    with pytest.raises(UnknownRecordError):
        summarise(kb, "no-such-topic")


def test_summary_data_is_plain_json() -> None:
    import json

    data = summary_data(summarise(base(finding("x", C)), TOPIC.id))
    assert json.loads(json.dumps(data)) == data
    assert data["status"] == "insufficient" and data["best_contradicting"] == "low"
    assert data["best_supporting"] is None
    assert str(EvidenceStatus.CONTESTED) == "contested"


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
