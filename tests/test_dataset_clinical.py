"""The clinical context of the shipped dataset: codes, criteria, approvals, guideline strength, balance.

These tests pin the medical facts a reviewer checked against the vetted extra sources
(``../shared/reference/additional-sources.json``), so an edit that drops or garbles one fails.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import fmevidence
from fmevidence import (
    CodingSystem,
    Condition,
    DecisionKind,
    Direction,
    EvidenceBase,
    Finding,
    OpenQuestion,
    Recommendation,
    RecommendationStrength,
    Source,
    Treatment,
    TreatmentStatus,
    Verification,
)

ADDITIONAL_SOURCES = Path("reference") / "additional-sources.json"

#: What a well-formed code looks like in each system used for fibromyalgia.
CODE_FORMATS = {
    CodingSystem.ICD_10: re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$"),
    CodingSystem.ICD_10_CM: re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$"),
    CodingSystem.ICD_11: re.compile(r"^[0-9A-Z]{4}(\.[0-9A-Z]{1,2})?$"),
    CodingSystem.SNOMED_CT: re.compile(r"^[1-9][0-9]{5,17}$"),
    CodingSystem.MESH: re.compile(r"^D[0-9]{6}$"),
    CodingSystem.UMLS: re.compile(r"^C[0-9]{7}$"),
    CodingSystem.MONDO: re.compile(r"^MONDO:[0-9]{7}$"),
    CodingSystem.HPO: re.compile(r"^HP:[0-9]{7}$"),
    CodingSystem.CHEBI: re.compile(r"^CHEBI:[1-9][0-9]*$"),
}

#: The fibromyalgia codes a curator confirmed (see the code notes in core.json).
FIBROMYALGIA_CODES = {
    (CodingSystem.ICD_10, "M79.7"),
    (CodingSystem.ICD_10_CM, "M79.7"),
    (CodingSystem.ICD_11, "MG30.01"),
    (CodingSystem.SNOMED_CT, "203082005"),
    (CodingSystem.MESH, "D005356"),
    (CodingSystem.UMLS, "C0016053"),
    (CodingSystem.MONDO, "MONDO:0005546"),
}


@pytest.fixture(scope="module")
def base() -> EvidenceBase:
    return fmevidence.load()


@pytest.fixture(scope="module")
def vetted() -> list[dict[str, Any]]:
    from conftest import SHARED, need

    path = need(SHARED / ADDITIONAL_SOURCES)
    sources: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["sources"]
    return sources


def _quantity_values(finding: Finding) -> dict[str, tuple[float | None, float | None, float | None]]:
    return {q.measure: (q.value, q.low, q.high) for q in finding.quantities}


def test_fibromyalgia_has_the_confirmed_codes(base: EvidenceBase) -> None:
    fm = base.get_as("fibromyalgia", Condition)
    assert {(c.system, c.code) for c in fm.codes} == FIBROMYALGIA_CODES


def test_every_code_in_the_dataset_is_well_formed(base: EvidenceBase) -> None:
    bad = [
        (entity.id, str(code.system), code.code)
        for entity in base.entities()
        for code in entity.codes
        if code.system in CODE_FORMATS and not CODE_FORMATS[code.system].match(code.code)
    ]
    assert bad == []


def test_codes_that_are_not_fm_specific_say_so(base: EvidenceBase) -> None:
    icd11 = [c for c in base.get_as("fibromyalgia", Condition).codes if c.system is CodingSystem.ICD_11]
    assert icd11 and icd11[0].label == "Chronic widespread pain"
    assert icd11[0].note and "not specific" in icd11[0].note.lower()


def test_acr_2010_thresholds_are_quantities(base: EvidenceBase) -> None:
    finding = base.get_as("acr-2010-diagnostic-criteria", Finding)
    values = _quantity_values(finding)
    assert values["widespread pain index (WPI) minimum, rule 1"] == (7, None, None)
    assert values["symptom severity (SS) score minimum, rule 1"] == (5, None, None)
    assert values["widespread pain index (WPI) range, rule 2"] == (None, 3, 6)
    assert values["symptom severity (SS) score minimum, rule 2"] == (9, None, None)
    assert values["symptom duration, minimum"] == (3, None, None)
    assert finding.context and finding.direction is Direction.SUPPORTS
    assert "wolfe-2010-acr-preliminary-diagnostic-criteria" in finding.sources


def test_acr_2016_revision_differs_from_2010_in_rule_2(base: EvidenceBase) -> None:
    values = _quantity_values(base.get_as("acr-2016-revised-criteria", Finding))
    assert values["widespread pain index (WPI) range, rule 2"] == (None, 4, 6)
    assert values["painful body regions, minimum"] == (4, None, None)


@pytest.mark.parametrize("drug", ["pregabalin", "duloxetine", "milnacipran"])
def test_us_fm_drugs_are_approved_for_fm_with_regulators_named(base: EvidenceBase, drug: str) -> None:
    treatment = base.get_as(drug, Treatment)
    assert treatment.status is TreatmentStatus.APPROVED
    notes = treatment.regulatory_notes or ""
    assert "FDA" in notes and "EMA" in notes
    kinds = {d.kind for d in base.decisions_on(drug) if d.condition == "fibromyalgia"}
    assert kinds == {DecisionKind.APPROVED, DecisionKind.REFUSED}, "US approval and EU refusal both shown"
    assert not [f for f in base.findings_about(drug) if f.origin.value == "regulatory"], "decisions are not findings"


def test_no_other_treatment_claims_fm_approval(base: EvidenceBase) -> None:
    approved = {t.id for t in base.of_kind("treatments") if isinstance(t, Treatment)
                and t.status is TreatmentStatus.APPROVED}
    assert approved == {"pregabalin", "duloxetine", "milnacipran"}


def test_exercise_is_the_only_strong_for_eular_recommendation(base: EvidenceBase) -> None:
    eular = [r for r in base.of_kind("recommendations") if isinstance(r, Recommendation)
             and r.guideline == "macfarlane-2017-eular-revised-recommendations"]
    strong = [r for r in eular if r.strength is RecommendationStrength.STRONG_FOR]
    assert [r.treatments for r in strong] == [("aerobic-exercise",)]


def test_eular_weak_ratings_are_not_invented(base: EvidenceBase) -> None:
    # Only the 'strong for' and 'weak for' rows of EULAR 2016's Table 3 were visible in the stored
    # pages; every weak rating cites that table and states its agreement, and none 'against' is entered.
    eular = [r for r in base.of_kind("recommendations") if isinstance(r, Recommendation)
             and r.guideline == "macfarlane-2017-eular-revised-recommendations"]
    assert {r.strength for r in eular} == {RecommendationStrength.STRONG_FOR, RecommendationStrength.WEAK_FOR}
    for weak in (r for r in eular if r.strength is RecommendationStrength.WEAK_FOR):
        assert weak.sources == ("eular-2016-recommendations-table-3",), weak.id
        assert weak.agreement_percent is not None and 0 < weak.agreement_percent <= 100, weak.id


def test_autoimmunity_has_contradicting_evidence(base: EvidenceBase) -> None:
    directions = [f.direction for f in base.findings_about("autoimmunity")]
    assert Direction.CONTRADICTS in directions
    assert Direction.SUPPORTS in directions


def test_low_dose_naltrexone_trials_conflict_openly(base: EvidenceBase) -> None:
    by_id = {f.id: f for f in base.findings_about("low-dose-naltrexone")}
    assert by_id["younger-2013-ldn-reduced-pain"].direction is Direction.SUPPORTS
    final = by_id["final-2024-ldn-not-superior-to-placebo"]
    assert final.direction is Direction.CONTRADICTS
    assert base.get_as("low-dose-naltrexone", Treatment).status is TreatmentStatus.INVESTIGATIONAL


def test_sex_ratio_carries_the_diagnostic_bias_caveat(base: EvidenceBase) -> None:
    epidemiology = base.get_as("fibromyalgia", Condition).epidemiology or ""
    assert "Wolfe 2018" in epidemiology
    finding = base.get_as("wolfe-2018-sex-ratio-reflects-diagnostic-bias", Finding)
    assert _quantity_values(finding)["women among criteria-positive FM, RA databank"] == (58.7, None, None)


def test_small_fibre_meta_analyses_pool_about_half(base: EvidenceBase) -> None:
    grayston = _quantity_values(base.get_as("grayston-2019-sfp-pooled-prevalence", Finding))
    galosi = _quantity_values(base.get_as("galosi-2022-somatic-and-autonomic-sfi-prevalence", Finding))
    assert grayston["pooled prevalence of small fibre pathology"] == (49, None, None)
    assert grayston["pooled prevalence 95% CI"] == (None, 38, 60)
    assert galosi["somatic small fibre impairment"] == (49, None, None)
    assert galosi["autonomic small fibre impairment"] == (45, None, None)


def test_open_questions_link_mechanisms(base: EvidenceBase) -> None:
    question = base.get_as("does-small-fibre-loss-drive-central-sensitization", OpenQuestion)
    assert set(question.about) == {"small-fiber-neuropathy", "central-sensitization"}
    asked_about = {ref for q in base.of_kind("open_questions") if isinstance(q, OpenQuestion) for ref in q.about}
    assert {"autoimmunity", "neuroinflammation", "small-fiber-neuropathy", "central-sensitization"} <= asked_about
    replication = base.get_as("does-igg-passive-transfer-replicate-independently", OpenQuestion)
    assert "autoimmunity" in replication.about
    assert replication.notes and "No independent replication" in replication.notes


def test_ivig_trial_outside_fm_is_labelled_as_such(base: EvidenceBase) -> None:
    finding = base.get_as("geerts-2021-ivig-no-benefit-idiopathic-sfn", Finding)
    assert finding.direction is Direction.CONTRADICTS
    assert "intravenous-immunoglobulin" in finding.about
    assert finding.notes and "not FM" in finding.notes


def test_used_sources_keep_the_vetted_doi_and_pmid(base: EvidenceBase, vetted: list[dict[str, Any]]) -> None:
    used = [entry for entry in vetted if entry["id"] in base]
    assert len(used) == len(vetted), "every vetted extra source is used"
    for entry in used:
        source = base.get_as(entry["id"], Source)
        assert source.doi == entry["doi"], entry["id"]
        if entry["pmid"] is not None:
            assert source.pmid == entry["pmid"], entry["id"]
        if entry["confidence"] != "verified":
            assert source.verification is Verification.UNVERIFIED, entry["id"]


def test_regulatory_documents_have_their_url(base: EvidenceBase, vetted: list[dict[str, Any]]) -> None:
    for entry in vetted:
        if entry["study_design"] == "regulatory":
            assert base.get_as(entry["id"], Source).url == entry["verified_from"]


@pytest.mark.parametrize(
    ("finding_id", "level"),
    [("cochrane-2015-amitriptyline-very-low-certainty", "very_low"), ("cochrane-2018-snris-modest-benefit", "low")],
)
def test_cochrane_findings_keep_the_reviewers_own_grade(base: EvidenceBase, finding_id: str, level: str) -> None:
    from fmevidence.grading import rate_finding

    assert str(rate_finding(base, base.get_as(finding_id, Finding)).level) == level
