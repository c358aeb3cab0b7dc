"""Queries over the evidence base: lookups by id, name and synonym, and resolved relations."""

from __future__ import annotations

import pytest

import fmevidence
from fmevidence import Condition, Finding, Mechanism, StudyDesign, UnknownRecordError
from fmevidence.evidence_base import EvidenceBase
from fmevidence.model import DatasetInfo, Source, Study, Treatment, TreatmentKind


@pytest.fixture(scope="module")
def kb() -> EvidenceBase:
    info = DatasetInfo(name="t", version="1", last_reviewed="2026-01-01")
    src = Source(id="s1", kind=fmevidence.SourceKind.WEB_PAGE, title="Paper", publisher="P", doi="10.1/x")
    mech = Mechanism(id="m1", name="Autoimmunity", synonyms=("Autoimmune",), sources=("s1",))
    cond = Condition(id="c1", name="Fibromyalgia", synonyms=("FM",), sources=("s1",))
    study = Study(id="st1", name="Trial", design=StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, sources=("s1",))
    drug = Treatment(id="t1", name="Drug", kind=TreatmentKind.DRUG, targets=("m1",), sources=("s1",))
    f1 = Finding(
        id="f1",
        statement="A",
        about=("m1", "c1"),
        direction=fmevidence.Direction.SUPPORTS,
        origin=fmevidence.EvidenceOrigin.HUMAN_CLINICAL,
        sources=("s1",),
        studies=("st1",),
    )
    return EvidenceBase(info, (src, mech, cond, study, drug, f1))


def test_lookup_by_name_and_synonym_ignores_case(kb: EvidenceBase) -> None:
    assert [r.id for r in kb.lookup("fm")] == ["c1"]
    assert [r.id for r in kb.lookup("AUTOIMMUNE")] == ["m1"]
    assert [r.id for r in kb.lookup("10.1/x")] == ["s1"]
    assert kb.lookup("nothing") == ()


def test_get_raises_with_suggestions(kb: EvidenceBase) -> None:
    with pytest.raises(UnknownRecordError) as caught:
        kb.get("autoimunity")
    assert "m1" in caught.value.suggestions
    assert kb.find("zzz") is None and kb.find("zzz", 0) == 0


def test_relations_are_resolved(kb: EvidenceBase) -> None:
    finding = kb.get_as("f1", Finding)
    assert [s.title for s in kb.sources_of(finding)] == ["Paper"]
    assert [s.id for s in kb.studies_of(finding)] == ["st1"]
    assert [r.id for r in kb.subjects_of(finding)] == ["m1", "c1"]
    assert [f.id for f in kb.findings_about("m1")] == ["f1"]
    assert [f.id for f in kb.findings_citing("s1")] == ["f1"]
    assert [t.id for t in kb.treatments_targeting("m1")] == ["t1"]
    assert [s.id for s in kb.studies_by_design("randomized_controlled_trial")] == ["st1"]
    assert kb.studies_by_design(StudyDesign.ANIMAL) == ()


def test_get_as_checks_the_kind(kb: EvidenceBase) -> None:
    with pytest.raises(TypeError, match="of kind mechanisms"):
        kb.get_as("m1", Condition)


def test_resolve_by_name(kb: EvidenceBase) -> None:
    assert kb.resolve("Fibromyalgia").id == "c1"
    with pytest.raises(UnknownRecordError):
        kb.resolve("unknown thing")


def test_shipped_mechanisms_exist() -> None:
    kb = fmevidence.load()
    for mechanism in ("autoimmunity", "neuroinflammation", "small-fiber-neuropathy", "central-sensitization"):
        assert isinstance(kb.get(mechanism), Mechanism)
    assert kb.resolve("FM").id == "fibromyalgia"
