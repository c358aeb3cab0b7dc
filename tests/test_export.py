"""The schema.org exporter: content, both shapes, stable ids, determinism and conformance."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

import fmevidence
from fmevidence import CodingSystem, MedicalCode
from fmevidence.grading import summarise
from fmevidence.jsonld.canonical import canonical_nquads, fingerprint
from fmevidence.jsonld.codes import code_iri, specialty_member
from fmevidence.jsonld.errors import ExportOptionError
from fmevidence.jsonld.export import PageOptions, dumps, export_jsonld
from fmevidence.jsonld.loader import offline_document_loader
from fmevidence.schemaorg_mapping import evidence_level
from jsonld_helpers import HOSTILE, conformance_problems, sample_kb, vocabulary

ROOT = Path(__file__).resolve().parents[1]
PAGE_URL = "https://publisher.example/health/fibromyalgia"
PAGE = PageOptions(
    url=PAGE_URL,
    name="Fibromyalgia: what the research says",
    last_reviewed="2026-11-30",
    reviewed_by=("Dr A Reviewer",),
    publisher="Publisher",
    in_language="en",
)


@pytest.fixture(scope="module")
def kb() -> fmevidence.EvidenceBase:
    return fmevidence.load()


def flatten(document: dict[str, Any]) -> list[dict[str, Any]]:
    flat: list[dict[str, Any]] = jsonld.flatten(document, None, {"documentLoader": offline_document_loader})
    return flat


def by_type(document: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    found = []

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if value.get("@type") == type_:
                found.append(value)
            for item in value.values():
                walk(item)

    walk(document)
    return found


# -- content ------------------------------------------------------------------------------------


def test_default_is_fibromyalgia_as_a_tree(kb: fmevidence.EvidenceBase) -> None:
    document = export_jsonld(kb)
    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "MedicalCondition"
    assert document["name"] == "Fibromyalgia"
    assert {"@type": "MedicalCode", "codeValue": "M79.7", "codingSystem": "ICD-10", "name": "Fibromyalgia"} in document[
        "code"
    ]
    assert document["pathophysiology"] and document["study"] and document["possibleTreatment"]


def test_every_part_of_the_condition_is_exported() -> None:
    document = export_jsonld(sample_kb(), page=PAGE)
    condition = document["about"]
    assert condition["alternateName"] == ["FM", "fibromyalgia syndrome"]
    assert condition["description"].endswith(HOSTILE)
    assert condition["sameAs"] == [
        "http://purl.obolibrary.org/obo/MONDO_0005546",
        "http://id.nlm.nih.gov/mesh/D005356",
        "http://snomed.info/id/203082005",
    ]
    assert condition["epidemiology"] == "Test epidemiology sentence."
    assert condition["riskFactor"] == [{"@type": "MedicalRiskFactor", "name": "female sex"}]
    # "Pain medicine" is no MedicalSpecialty member, so it is left out rather than invented
    assert condition["relevantSpecialty"] == [{"@id": "schema:Rheumatologic"}, {"@id": "schema:Neurologic"}]
    assert [s["name"] for s in condition["signOrSymptom"]] == ["Fatigue"]
    anatomy = condition["associatedAnatomy"][0]
    assert anatomy["@type"] == "AnatomicalStructure"
    assert anatomy["partOfSystem"][0]["@type"] == "AnatomicalSystem"
    assert condition["typicalTest"][0]["@type"] == "MedicalTest"
    types = {
        t["@id"]: t.get("@type")
        for t in by_type(document, "Drug")
        + by_type(document, "DrugClass")
        + by_type(document, "MedicalTherapy")
        + by_type(document, "LifestyleModification")
    }
    assert types == {
        f"{PAGE_URL}#treatment-drug-a": "Drug",
        f"{PAGE_URL}#treatment-snri": "DrugClass",
        f"{PAGE_URL}#treatment-exercise": "LifestyleModification",
        f"{PAGE_URL}#treatment-cbt": "MedicalTherapy",
        f"{PAGE_URL}#treatment-ivig": "Drug",
    }
    drug = next(d for d in by_type(document, "Drug") if d["name"] == "Drug A")
    assert drug["mechanismOfAction"] == "Inhibits reuptake."
    assert drug["legalStatus"] == "approved for Fibromyalgia"  # the exported condition's name, from the data
    assert drug["drugClass"] == [{"@id": f"{PAGE_URL}#treatment-snri"}]  # embedded once, earlier
    therapy = by_type(document, "MedicalTherapy")[0]
    assert therapy["status"] == "recommended"


def test_studies_carry_type_design_subjects_and_sources() -> None:
    document = export_jsonld(sample_kb(), page=PAGE, graph=True)
    nodes = {node["@id"]: node for node in document["@graph"]}
    trial = nodes[f"{PAGE_URL}#study-trial-1"]
    assert trial["@type"] == "MedicalTrial"
    assert trial["trialDesign"] == [
        {"@id": "schema:RandomizedTrial"},
        {"@id": "schema:DoubleBlindedTrial"},
        {"@id": "schema:PlaceboControlledTrial"},
    ]
    assert trial["healthCondition"] == [{"@id": f"{PAGE_URL}#condition-fibromyalgia"}]
    assert {"@id": f"{PAGE_URL}#treatment-drug-a"} in trial["studySubject"]
    assert trial["subjectOf"] == [{"@id": "https://doi.org/10.5555/test.trial"}]
    assert trial["description"] == "Population: Adults with FM; sample size: 120."
    cohort = nodes[f"{PAGE_URL}#study-cohort-1"]
    assert cohort["@type"] == "MedicalObservationalStudy"
    assert cohort["studyDesign"] == [{"@id": "schema:CohortStudy"}]
    mice = nodes[f"{PAGE_URL}#study-mice-1"]
    assert mice["@type"] == "MedicalStudy" and "species: mouse" in mice["description"]


def test_sources_are_articles_with_doi_identifier_and_same_as() -> None:
    document = export_jsonld(sample_kb(), page=PAGE, graph=True)
    nodes = {node["@id"]: node for node in document["@graph"]}
    article = nodes["https://doi.org/10.5555/test.trial"]
    assert article["@type"] == "MedicalScholarlyArticle"
    assert article["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.5555/test.trial"},
        {"@type": "PropertyValue", "propertyID": "PMID", "value": "12345678"},
    ]
    assert article["sameAs"] == ["https://doi.org/10.5555/test.trial", "https://pubmed.ncbi.nlm.nih.gov/12345678/"]
    assert article["isPartOf"] == {
        "@type": "PublicationIssue",
        "issueNumber": "3",
        "isPartOf": {
            "@type": "PublicationVolume",
            "volumeNumber": "12",
            "isPartOf": {"@type": "Periodical", "name": "J Test Med"},
        },
    }
    assert article["datePublished"] == "2020"
    web = nodes[f"{PAGE_URL}#source-src-web"]
    assert web["@type"] == "WebPage" and web["url"] == "https://agency.example/fm"
    page = nodes[PAGE_URL]
    assert {c["@id"] for c in page["citation"]} == {
        "https://doi.org/10.5555/test.trial",
        "https://doi.org/10.5555/test.review",
        "https://doi.org/10.5555/test.guideline",
        f"{PAGE_URL}#source-src-web",
    }


def test_recommendations_carry_graded_evidence_level_and_strength() -> None:
    kb = sample_kb()
    document = export_jsonld(kb, page=PAGE, graph=True)
    nodes = {node["@id"]: node for node in document["@graph"]}
    exercise = nodes[f"{PAGE_URL}#recommendation-rec-exercise"]
    assert exercise["@type"] == "MedicalGuidelineRecommendation"
    assert exercise["recommendationStrength"] == "strong for"
    best = summarise(kb, "exercise").best_supporting
    assert best is not None
    assert exercise["evidenceLevel"] == {"@id": f"schema:{evidence_level(best)}"}
    assert exercise["evidenceOrigin"] == "Level of evidence stated by the guideline: Ia"
    assert exercise["guidelineSubject"] == [{"@id": f"{PAGE_URL}#treatment-exercise"}]
    assert exercise["subjectOf"] == [{"@id": "https://doi.org/10.5555/test.guideline"}]
    # nothing graded argues against IVIG, so the "against" recommendation has no evidence level
    ivig = nodes[f"{PAGE_URL}#recommendation-rec-ivig"]
    assert ivig["recommendationStrength"] == "weak against"
    assert "evidenceLevel" not in ivig


def test_mechanisms_not_shown_carry_their_status_in_words() -> None:
    condition = export_jsonld(sample_kb())
    autoimmunity, neuroinflammation = condition["pathophysiology"]
    # only a human cohort against it; the mouse experiment for it is not weighed beside it
    assert autoimmunity.startswith("Autoimmunity (proposed mechanism): Immune attack on self.")
    assert "Evidence: doubtful (weak evidence against):" in autoimmunity
    assert neuroinflammation.startswith("Neuroinflammation (proposed mechanism). Evidence: hypothesis with little "
                                        "human evidence:")


def test_builtin_autoimmunity_states_its_status(kb: fmevidence.EvidenceBase) -> None:
    text = next(p for p in export_jsonld(kb)["pathophysiology"] if p.startswith("Autoimmunity"))
    summary = summarise(kb, "autoimmunity")
    assert f"Evidence: {summary.label}:" in text
    assert summary.status.value != "shown"


def test_related_conditions_are_mentioned_by_the_page_not_made_differentials() -> None:
    document = export_jsonld(sample_kb(), page=PAGE, graph=True)
    nodes = {node["@id"]: node for node in document["@graph"]}
    assert "differentialDiagnosis" not in nodes[f"{PAGE_URL}#condition-fibromyalgia"]
    assert nodes[PAGE_URL]["mentions"] == [{"@id": f"{PAGE_URL}#condition-sfn-condition"}]
    assert nodes[f"{PAGE_URL}#condition-sfn-condition"]["name"] == "Small fiber neuropathy"


@pytest.mark.parametrize(
    ("system", "code", "iri"),
    [
        (CodingSystem.MONDO, "MONDO:0005546", "http://purl.obolibrary.org/obo/MONDO_0005546"),
        (CodingSystem.HPO, "HP:0012531", "http://purl.obolibrary.org/obo/HP_0012531"),
        (CodingSystem.UBERON, "UBERON:0001870", "http://purl.obolibrary.org/obo/UBERON_0001870"),
        (CodingSystem.DOID, "DOID:631", "http://purl.obolibrary.org/obo/DOID_631"),
        (CodingSystem.NCIT, "NCIT:C3181", "http://purl.obolibrary.org/obo/NCIT_C3181"),
        (CodingSystem.MESH, "D005356", "http://id.nlm.nih.gov/mesh/D005356"),
        (CodingSystem.SNOMED_CT, "203082005", "http://snomed.info/id/203082005"),
        (CodingSystem.ICD_10, "M79.7", None),
        (CodingSystem.ICD_11, "MG30.01", None),
        (CodingSystem.UMLS, "C0016053", None),
        (CodingSystem.MONDO, "not-a-code", None),
        (CodingSystem.MESH, "D005356 x", None),
    ],
)
def test_code_iris(system: CodingSystem, code: str, iri: str | None) -> None:
    assert code_iri(MedicalCode(system, code)) == iri


def test_specialties_map_to_enumeration_members() -> None:
    assert specialty_member("Rheumatology") == "Rheumatologic"
    assert specialty_member("rheumatologic") == "Rheumatologic"
    assert specialty_member("Pain medicine") is None


# -- selection ----------------------------------------------------------------------------------


def test_include_narrows_the_kinds_it_names() -> None:
    kb = sample_kb()
    document = export_jsonld(kb, include=["Autoimmunity"])
    assert [p.split(" ")[0] for p in document["pathophysiology"]] == ["Autoimmunity"]
    assert len(document["possibleTreatment"]) == 5  # treatments were not named, so all stay
    assert {s["name"] for s in document["study"]} == {"Mouse transfer", "A cohort", "RCT of drug A"}
    cited = {c["@id"] for c in document["subjectOf"]}
    assert not any("src-web" in c for c in cited)  # cited only by the neuroinflammation finding


def test_include_of_a_treatment_keeps_only_it() -> None:
    document = export_jsonld(sample_kb(), include=["drug-a"])
    treatments = document["possibleTreatment"]
    assert [t["name"] for t in treatments] == ["Drug A"]


@pytest.mark.parametrize("topic", ["no-such-thing", "src-trial", "fibromyalgia"])
def test_include_rejects_unknown_or_unrelated_topics(topic: str) -> None:
    with pytest.raises(ExportOptionError) as caught:
        export_jsonld(sample_kb(), include=[topic])
    assert caught.value.option == "include"


def test_condition_by_synonym_and_errors() -> None:
    kb = sample_kb()
    assert export_jsonld(kb, "FM")["name"] == "Fibromyalgia"
    with pytest.raises(ExportOptionError, match="not a condition"):
        export_jsonld(kb, "drug-a")
    with pytest.raises(ExportOptionError, match="condition"):
        export_jsonld(kb, "nothing-like-this")


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"url": "ftp://publisher.example/x"}, "page url"),
        ({"url": "publisher.example/x"}, "page url"),
        ({"url": "https://publisher.example/x#part"}, "page url"),
        ({"url": "https://publisher.example/a b"}, "page url"),
        ({"last_reviewed": "30/11/2026"}, "last reviewed"),
        ({"in_language": "english!"}, "in language"),
        ({"name": "  "}, "name"),
        ({"reviewed_by": ("",)}, "reviewed by"),
    ],
)
def test_page_options_are_checked(options: dict[str, Any], field: str) -> None:
    with pytest.raises(ExportOptionError) as caught:
        PageOptions(**options)
    assert caught.value.option == field


# -- shapes, ids, determinism -------------------------------------------------------------------

CASES = [
    ("sample-bare", lambda: (sample_kb(), {})),
    ("sample-page", lambda: (sample_kb(), {"page": PAGE})),
    ("sample-include", lambda: (sample_kb(), {"page": PAGE, "include": ["autoimmunity", "drug-a"]})),
    ("builtin-bare", lambda: (fmevidence.load(), {})),
    ("builtin-page", lambda: (fmevidence.load(), {"page": PAGE})),
]


@pytest.mark.parametrize(("label", "case"), CASES, ids=[c[0] for c in CASES])
def test_tree_and_graph_have_the_same_canonical_form(label: str, case: Any) -> None:
    kb, options = case()
    tree = export_jsonld(kb, **options)
    graph = export_jsonld(kb, graph=True, **options)
    assert "@graph" in graph and "@graph" not in tree
    assert canonical_nquads(tree) == canonical_nquads(graph)
    assert canonical_nquads(tree).count("\n") > 20, label


def test_canonical_form_tells_different_exports_apart() -> None:
    kb = sample_kb()
    a = canonical_nquads(export_jsonld(kb, page=PAGE))
    b = canonical_nquads(export_jsonld(kb, page=PAGE, include=["autoimmunity"]))
    assert fingerprint(a) != fingerprint(b)
    assert fingerprint(a).startswith("sha256:") and len(fingerprint(a)) == 71


def test_graph_nodes_are_flat_with_stable_ids() -> None:
    document = export_jsonld(sample_kb(), page=PAGE, graph=True)
    top = document["@graph"]
    assert top[0]["@id"] == PAGE_URL and top[0]["@type"] == "MedicalWebPage"
    top_ids = [node["@id"] for node in top]
    assert len(top_ids) == len(set(top_ids))

    def nested(value: Any, depth: int) -> None:
        if isinstance(value, list):
            for item in value:
                nested(item, depth)
        elif isinstance(value, dict):
            if depth > 0 and "@id" in value and not value["@id"].startswith("schema:"):
                assert set(value) == {"@id"}, value  # a reference, not an embedded entity
                assert value["@id"] in top_ids or value["@id"].startswith("https://doi.org/")
            for key, item in value.items():
                nested(item, depth + 1 if key != "@graph" else 0)

    for node in top:
        for value in node.values():
            nested(value, 1)


@pytest.mark.parametrize("page", [None, PAGE])
def test_node_ids_use_only_the_page_url_doi_or_blank_nodes(page: PageOptions | None) -> None:
    for node in flatten(export_jsonld(sample_kb(), page=page)):
        node_id = node["@id"]
        assert node_id.startswith(("_:", "https://doi.org/")) or (page is not None and node_id.startswith(PAGE_URL)), (
            node_id
        )


def test_same_data_gives_byte_identical_output() -> None:
    first = dumps(export_jsonld(sample_kb(), page=PAGE))
    second = dumps(export_jsonld(sample_kb(), page=PAGE))
    assert first == second
    assert first.endswith("\n") and "\\u" not in first.replace("\\u2028", "").replace("\\u2029", "")


def test_output_does_not_depend_on_the_hash_seed() -> None:
    script = (
        "import sys; from fmevidence.jsonld.export import export_jsonld, dumps; import fmevidence;"
        "sys.stdout.write(dumps(export_jsonld(fmevidence.load(), graph=True)))"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1


# -- conformance against the official vocabulary ------------------------------------------------


@pytest.mark.parametrize(("label", "case"), CASES, ids=[c[0] for c in CASES])
def test_output_conforms_to_the_vocabulary(label: str, case: Any) -> None:
    kb, options = case()
    problems = list(conformance_problems(flatten(export_jsonld(kb, **options))))
    assert problems == [], label


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(outcome="better"), "unknown property"),
        (lambda d: d.update(population="adults"), "unknown property"),
        (lambda d: d.update(evidenceLevel={"@id": "schema:EvidenceLevelA"}), "not allowed on"),
        (lambda d: d.update(signOrSymptom=[{"@type": "Drug", "name": "x"}]), "not in range"),
        (lambda d: d.update(epidemiology={"@type": "Person", "name": "x"}), "not in range"),
        (lambda d: d.update({"@type": "MedicalThing"}), "unknown type"),
        (lambda d: d.update(relevantSpecialty=[{"@id": "schema:Rheumatology"}]), "not in range"),
    ],
)
def test_the_conformance_checker_catches_mistakes(change: Any, expected: str) -> None:
    document = export_jsonld(sample_kb())
    change(document)
    problems = list(conformance_problems(flatten(document)))
    assert any(expected in p for p in problems), problems


def test_enumeration_members_used_exist() -> None:
    vocab = vocabulary()
    from fmevidence.jsonld.codes import MEDICAL_SPECIALTIES

    for member in MEDICAL_SPECIALTIES:
        assert "MedicalSpecialty" in vocab.members.get(member, set()), member


def test_page_without_url_uses_blank_node_ids() -> None:
    document = export_jsonld(sample_kb(), page=PageOptions(name="FM", reviewed_by="Dr A"), graph=True)
    ids = [node["@id"] for node in document["@graph"]]
    assert ids[0] == "_:page"
    assert all(i.startswith(("_:", "https://doi.org/")) for i in ids)
    assert document["@graph"][0]["reviewedBy"] == [{"@type": "Person", "name": "Dr A"}]
    assert "url" not in document["@graph"][0]


def test_page_options_are_hashable_values() -> None:
    assert PageOptions(reviewed_by=["A", "B"]) == PageOptions(reviewed_by=("A", "B"))
    assert hash(PageOptions(reviewed_by=["A"])) == hash(PageOptions(reviewed_by="A"))


def test_doi_iris_are_valid_iris() -> None:
    from fmevidence.jsonld.ids import doi_iri

    sici = "10.1002/(SICI)1097-4636(199706)35:4<489::AID-JBM9>3.0.CO;2-E"
    assert doi_iri(sici) == "https://doi.org/10.1002/(SICI)1097-4636(199706)35:4%3C489::AID-JBM9%3E3.0.CO;2-E"
    assert doi_iri("10.1172/jci144201") == "https://doi.org/10.1172/jci144201"
    nquads = canonical_nquads({"@context": "https://schema.org", "@id": doi_iri(sici), "name": "x"})
    assert nquads.startswith(f"<{doi_iri(sici)}> <http://schema.org/name>")
