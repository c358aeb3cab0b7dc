"""The schema.org mapping uses only terms of the official release, with the right meanings."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from conftest import SHARED, need
from fmevidence import Blinding, Certainty, Control, Study, StudyDesign
from fmevidence.schemaorg_mapping import EVIDENCE_LEVELS, StudyType, evidence_level, study_type


@cache
def _graph(path: Path) -> dict[str, dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {node["@id"]: node for node in data["@graph"]}


@pytest.fixture
def vocabulary() -> dict[str, dict[str, object]]:
    return _graph(need(SHARED / "schemaorg" / "schemaorg-current-https.jsonld"))


def _types(node: dict[str, object]) -> list[object]:
    kind = node.get("@type", [])
    return kind if isinstance(kind, list) else [kind]


def _members(vocabulary: dict[str, dict[str, object]], enumeration: str) -> set[str]:
    return {
        node_id.removeprefix("schema:")
        for node_id, node in vocabulary.items()
        if f"schema:{enumeration}" in _types(node) and "schema:supersededBy" not in node
    }


def _study(design: StudyDesign, **fields: object) -> Study:
    return Study(id="s", name="s", design=design, sources=("x",), **fields)  # type: ignore[arg-type]


ALL_STUDIES = [
    _study(design, randomized=randomized, blinding=blinding, control=control)
    for design in StudyDesign
    for randomized in (None, True, False)
    for blinding in (None, *Blinding)
    for control in (None, Control.PLACEBO, Control.NONE)
]


def test_every_evidence_level_is_a_member_of_medical_evidence_level(vocabulary: dict[str, dict[str, object]]) -> None:
    members = _members(vocabulary, "MedicalEvidenceLevel")
    assert members == {"EvidenceLevelA", "EvidenceLevelB", "EvidenceLevelC"}
    assert {evidence_level(level) for level in Certainty} == members
    assert set(EVIDENCE_LEVELS) == set(Certainty)


def test_evidence_levels_follow_the_schema_org_definitions(vocabulary: dict[str, dict[str, object]]) -> None:
    """A: multiple RCTs or meta-analyses; B: single RCT or nonrandomized; C: consensus/expert opinion."""
    comment = {name: str(vocabulary[f"schema:{name}"]["rdfs:comment"]) for name in EVIDENCE_LEVELS.values()}
    assert "multiple randomized clinical trials or meta-analyses" in comment[evidence_level(Certainty.HIGH)]
    for level in (Certainty.MODERATE, Certainty.LOW):
        assert "single randomized trial, or nonrandomized studies" in comment[evidence_level(level)]
    assert "consensus opinion of experts" in comment[evidence_level(Certainty.VERY_LOW)]
    ranks = [evidence_level(level) for level in sorted(Certainty, key=lambda c: c.rank)]
    assert ranks == sorted(ranks, reverse=True)  # never a better letter for a worse level


def test_study_types_and_properties_exist_with_the_right_domain_and_range(
    vocabulary: dict[str, dict[str, object]],
) -> None:
    ranges = {"trialDesign": "MedicalTrialDesign", "studyDesign": "MedicalObservationalStudyDesign"}
    domains = {"trialDesign": "MedicalTrial", "studyDesign": "MedicalObservationalStudy"}
    for study in ALL_STUDIES:
        mapped = study_type(study)
        assert mapped.schema_type in {"MedicalTrial", "MedicalObservationalStudy", "MedicalStudy"}
        node = vocabulary[f"schema:{mapped.schema_type}"]
        assert "rdfs:Class" in _types(node) and "schema:supersededBy" not in node
        if mapped.design_property is None:
            assert mapped.design_values == ()
            continue
        prop = vocabulary[f"schema:{mapped.design_property}"]
        assert prop["schema:domainIncludes"] == {"@id": f"schema:{domains[mapped.design_property]}"}
        assert prop["schema:rangeIncludes"] == {"@id": f"schema:{ranges[mapped.design_property]}"}
        assert mapped.schema_type == domains[mapped.design_property]
        members = _members(vocabulary, ranges[mapped.design_property])
        assert set(mapped.design_values) <= members, (study, mapped)
        assert len(set(mapped.design_values)) == len(mapped.design_values)


def test_trials_carry_their_randomisation_blinding_and_placebo() -> None:
    rct = _study(StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, blinding=Blinding.DOUBLE_BLIND, control=Control.PLACEBO)
    assert study_type(rct) == StudyType(
        "MedicalTrial", "trialDesign", ("RandomizedTrial", "DoubleBlindedTrial", "PlaceboControlledTrial")
    )
    open_label = _study(StudyDesign.NON_RANDOMIZED_TRIAL, blinding=Blinding.OPEN_LABEL, control=Control.NONE)
    assert study_type(open_label) == StudyType("MedicalTrial", "trialDesign", ("OpenTrial",))
    assessor = _study(StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, blinding=Blinding.ASSESSOR_BLIND)
    assert study_type(assessor).design_values == ("RandomizedTrial",)
    assert (
        "RandomizedTrial"
        not in study_type(_study(StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, randomized=False)).design_values
    )


@pytest.mark.parametrize(
    ("design", "value"),
    [
        (StudyDesign.COHORT, "CohortStudy"),
        (StudyDesign.CROSS_SECTIONAL, "CrossSectional"),
        (StudyDesign.CASE_SERIES, "CaseSeries"),
        (StudyDesign.CASE_CONTROL, "Observational"),
        (StudyDesign.CASE_REPORT, "Observational"),
        (StudyDesign.DIAGNOSTIC_ACCURACY, "Observational"),
    ],
)
def test_observational_designs(design: StudyDesign, value: str) -> None:
    assert study_type(_study(design)) == StudyType("MedicalObservationalStudy", "studyDesign", (value,))


@pytest.mark.parametrize(
    "design",
    [
        StudyDesign.META_ANALYSIS,
        StudyDesign.SYSTEMATIC_REVIEW,
        StudyDesign.ANIMAL,
        StudyDesign.IN_VITRO,
        StudyDesign.NARRATIVE_REVIEW,
        StudyDesign.GUIDELINE,
        StudyDesign.EXPERT_OPINION,
        StudyDesign.REGULATORY_REVIEW,
    ],
)
def test_designs_without_a_schema_org_value_are_plain_medical_studies(design: StudyDesign) -> None:
    assert study_type(_study(design)) == StudyType("MedicalStudy", None, ())


def test_readme_mapping_table_matches_the_code() -> None:
    """The README documents the mapping in one table; every row must say what the code does."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Evidence strength", 1)[1].split("\n## ", 1)[0]
    table = section.split("| fmevidence | schema.org type | property | value(s) |", 1)[1].split("\n\n", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in table.strip().splitlines()[1:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    assert set(rows) == {level.value for level in Certainty} | {design.value for design in StudyDesign}
    for level in Certainty:
        assert rows[level.value] == ["MedicalEvidenceLevel", "evidenceLevel", evidence_level(level)]
    for design in StudyDesign:
        schema_type, prop, values = rows[design.value]
        mapped = study_type(_study(design, blinding=Blinding.DOUBLE_BLIND, control=Control.PLACEBO))
        assert schema_type == mapped.schema_type, design
        assert prop == (mapped.design_property or "—"), design
        if not mapped.design_values:
            assert values == "—"
        for value in mapped.design_values:
            assert value in values, (design, value)
        assert ("RandomizedTrial" in values) == ("RandomizedTrial" in mapped.design_values)
