"""Shared by the JSON-LD export tests: a synthetic evidence base covering every record kind,
the official schema.org files from ../shared (read, never copied), and a small vocabulary
checker for the conformance tests.

The synthetic records are test fixtures, not medical facts: DOIs use the 10.5555 test prefix.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from conftest import SHARED, need
from fmevidence import (
    AnatomicalStructure,
    AnatomyKind,
    Blinding,
    CodingSystem,
    Condition,
    Control,
    DatasetInfo,
    DiagnosticTest,
    Direction,
    EvidenceBase,
    EvidenceOrigin,
    Finding,
    Mechanism,
    MedicalCode,
    Recommendation,
    RecommendationStrength,
    Source,
    SourceKind,
    Study,
    StudyDesign,
    Symptom,
    Treatment,
    TreatmentKind,
    TreatmentStatus,
)

HOSTILE = "</script><script>window.__pwned = 1</script><!-- & \u2028\u2029 \"quoted\" -->"

SCHEMA_DIR = SHARED / "schemaorg"


def sample_kb() -> EvidenceBase:
    """Every kind of record the exporter handles, with one hostile string in a description."""
    records = (
        Source(id="src-trial", kind=SourceKind.JOURNAL_ARTICLE, title="A trial of drug A",
               authors=("Doe J", "Roe RA"), et_al=True, journal="J Test Med", year=2020, volume="12",
               issue="3", pages="100-110", doi="10.5555/test.trial", pmid="12345678"),
        Source(id="src-review", kind=SourceKind.REVIEW_ARTICLE, title="A review of mechanisms",
               authors=("Smith A",), journal="Rev Test", year=2019, doi="10.5555/test.review"),
        Source(id="src-guideline", kind=SourceKind.GUIDELINE, title="Test guideline for FM",
               authors=("Guideline Group",), journal="Ann Test", year=2017, volume="76", pages="318-328",
               doi="10.5555/test.guideline"),
        Source(id="src-web", kind=SourceKind.WEB_PAGE, title="A health page " + HOSTILE,
               publisher="Health Agency", year=2022, url="https://agency.example/fm"),
        Condition(id="fibromyalgia", name="Fibromyalgia", sources=("src-review",),
                  synonyms=("FM", "fibromyalgia syndrome"),
                  description="Chronic widespread pain. " + HOSTILE,
                  codes=(MedicalCode(CodingSystem.ICD_10, "M79.7", "Fibromyalgia"),
                         MedicalCode(CodingSystem.MONDO, "MONDO:0005546"),
                         MedicalCode(CodingSystem.MESH, "D005356"),
                         MedicalCode(CodingSystem.SNOMED_CT, "203082005")),
                  related_conditions=("sfn-condition",), symptoms=("fatigue",), anatomy=("dorsal-root",),
                  risk_factors=("female sex",), epidemiology="Test epidemiology sentence.",
                  specialties=("Rheumatology", "Pain medicine", "Neurologic")),
        Condition(id="sfn-condition", name="Small fiber neuropathy", sources=("src-review",),
                  codes=(MedicalCode(CodingSystem.HPO, "HP:0000000"),)),
        Mechanism(id="autoimmunity", name="Autoimmunity", sources=("src-review",),
                  description="Immune attack on self."),
        Mechanism(id="neuroinflammation", name="Neuroinflammation", sources=("src-review",)),
        Treatment(id="snri", name="SNRIs", kind=TreatmentKind.DRUG_CLASS, sources=("src-review",),
                  conditions=("fibromyalgia",), status=TreatmentStatus.APPROVED),
        Treatment(id="drug-a", name="Drug A", kind=TreatmentKind.DRUG, sources=("src-trial",),
                  drug_classes=("snri",), mechanism_of_action="Inhibits reuptake.",
                  conditions=("fibromyalgia",), status=TreatmentStatus.APPROVED,
                  codes=(MedicalCode(CodingSystem.CHEBI, "CHEBI:36795"),)),
        Treatment(id="exercise", name="Exercise", kind=TreatmentKind.LIFESTYLE, sources=("src-guideline",),
                  conditions=("fibromyalgia",), status=TreatmentStatus.RECOMMENDED),
        Treatment(id="cbt", name="Cognitive behavioural therapy", kind=TreatmentKind.THERAPY,
                  sources=("src-guideline",), conditions=("fibromyalgia",),
                  status=TreatmentStatus.RECOMMENDED),
        Treatment(id="ivig", name="IVIG", kind=TreatmentKind.BIOLOGIC, sources=("src-review",),
                  conditions=("fibromyalgia",), status=TreatmentStatus.INVESTIGATIONAL,
                  targets=("autoimmunity",)),
        Symptom(id="fatigue", name="Fatigue", sources=("src-review",),
                codes=(MedicalCode(CodingSystem.HPO, "HP:0012378"),)),
        AnatomicalStructure(id="dorsal-root", name="Dorsal root ganglion", kind=AnatomyKind.TISSUE,
                            sources=("src-review",), part_of=("nervous-system",),
                            codes=(MedicalCode(CodingSystem.UBERON, "UBERON:0000044"),)),
        AnatomicalStructure(id="nervous-system", name="Nervous system", kind=AnatomyKind.SYSTEM,
                            sources=("src-review",)),
        DiagnosticTest(id="skin-biopsy", name="Skin punch biopsy", sources=("src-review",),
                       conditions=("fibromyalgia", "sfn-condition")),
        Study(id="trial-1", name="RCT of drug A", design=StudyDesign.RANDOMIZED_CONTROLLED_TRIAL,
              sources=("src-trial",), population="Adults with FM", sample_size=120, randomized=True,
              blinding=Blinding.DOUBLE_BLIND, control=Control.PLACEBO, conditions=("fibromyalgia",)),
        Study(id="cohort-1", name="A cohort", design=StudyDesign.COHORT, sources=("src-review",),
              conditions=("fibromyalgia",)),
        Study(id="mice-1", name="Mouse transfer", design=StudyDesign.ANIMAL, species="mouse",
              sources=("src-review",), conditions=("fibromyalgia",)),
        Finding(id="f-drug-a", statement="Drug A reduced pain.", about=("drug-a", "fibromyalgia"),
                direction=Direction.SUPPORTS, origin=EvidenceOrigin.HUMAN_CLINICAL,
                sources=("src-trial",), studies=("trial-1",)),
        Finding(id="f-auto", statement="Antibodies transfer symptoms.", about=("autoimmunity", "fibromyalgia"),
                direction=Direction.SUPPORTS, origin=EvidenceOrigin.ANIMAL_MODEL,
                sources=("src-review",), studies=("mice-1",)),
        Finding(id="f-auto-against", statement="No autoantibodies found.", about=("autoimmunity",),
                direction=Direction.CONTRADICTS, origin=EvidenceOrigin.HUMAN_CLINICAL,
                sources=("src-review",), studies=("cohort-1",)),
        Finding(id="f-neuro", statement="Glial activation seen.", about=("neuroinflammation", "fibromyalgia"),
                direction=Direction.SUPPORTS, origin=EvidenceOrigin.HUMAN_CLINICAL,
                sources=("src-web",)),
        Finding(id="f-exercise", statement="Exercise helps.", about=("exercise",),
                direction=Direction.SUPPORTS, origin=EvidenceOrigin.HUMAN_CLINICAL, sources=("src-trial",)),
        Recommendation(id="rec-exercise", statement="Exercise is recommended.", guideline="src-guideline",
                       strength=RecommendationStrength.STRONG_FOR, sources=("src-guideline",),
                       treatments=("exercise",), conditions=("fibromyalgia",), evidence_level="Ia"),
        Recommendation(id="rec-ivig", statement="Not recommended outside trials.", guideline="src-guideline",
                       strength=RecommendationStrength.WEAK_AGAINST, sources=("src-guideline",),
                       treatments=("ivig",), conditions=("fibromyalgia",)),
    )
    return EvidenceBase(DatasetInfo(name="test", version="0", last_reviewed="2026-01-01"), records)


# -- the official release in ../shared ----------------------------------------------------------


@lru_cache(maxsize=1)
def official_context() -> dict[str, Any]:
    """The official schemaorgcontext.jsonld, read from ../shared (skips/fails if missing)."""
    document: dict[str, Any] = json.loads(
        need(SCHEMA_DIR / "schemaorgcontext.jsonld").read_text(encoding="utf-8"))
    return document


def with_context(document: Any, context: Any) -> Any:
    """``document`` with every ``"@context": "https://schema.org"`` replaced by ``context``."""
    if isinstance(document, list):
        return [with_context(item, context) for item in document]
    if isinstance(document, dict):
        return {key: (context if key == "@context" else with_context(value, context))
                for key, value in document.items()}
    return document


SCHEMA = "http://schema.org/"


class Vocabulary:
    """The classes and properties of the official release, with domains, ranges and members."""

    def __init__(self, path: Path) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.parents: dict[str, set[str]] = {}
        self.properties: dict[str, tuple[set[str], set[str]]] = {}
        self.members: dict[str, set[str]] = {}
        self.superseded: set[str] = set()
        for node in graph:
            name = _local(node["@id"])
            if name is None:
                continue
            types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
            if "schema:supersededBy" in node:
                self.superseded.add(name)
            if "rdf:Property" in types:
                self.properties[name] = (_names(node.get("schema:domainIncludes")),
                                         _names(node.get("schema:rangeIncludes")))
            elif "rdfs:Class" in types or "schema:DataType" in types:
                self.parents[name] = _names(node.get("rdfs:subClassOf"))
            for type_ in types:
                member_of = _local(type_)
                if member_of is not None and "rdfs:Class" not in types and "rdf:Property" not in types:
                    self.members.setdefault(name, set()).add(member_of)

    def ancestors(self, name: str) -> set[str]:
        seen = {name}
        todo = [name]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def is_a(self, types: set[str], wanted: set[str]) -> bool:
        return any(self.ancestors(t) & wanted for t in types)


def _local(iri: str) -> str | None:
    return iri[7:] if iri.startswith("schema:") else None


def _names(value: Any) -> set[str]:
    if value is None:
        return set()
    items = value if isinstance(value, list) else [value]
    return {name for item in items if (name := _local(item["@id"])) is not None}


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return Vocabulary(need(SCHEMA_DIR / "schemaorg-current-https.jsonld"))


def conformance_problems(flattened: list[dict[str, Any]]) -> Iterator[str]:
    """Every way a flattened, expanded document breaks the vocabulary (empty when it conforms)."""
    vocab = vocabulary()
    node_types = {node["@id"]: {_strip(t) for t in node.get("@type", [])} for node in flattened}
    for node in flattened:
        types = node_types[node["@id"]]
        for type_ in types:
            if type_ not in vocab.parents:
                yield f"{node['@id']}: unknown type {type_}"
            elif type_ in vocab.superseded:
                yield f"{node['@id']}: superseded type {type_}"
        for key, values in node.items():
            if key.startswith("@"):
                continue
            prop = _strip(key)
            if prop not in vocab.properties:
                yield f"{node['@id']}: unknown property {key}"
                continue
            if prop in vocab.superseded:
                yield f"{node['@id']}: superseded property {prop}"
            domains, ranges = vocab.properties[prop]
            if not vocab.is_a(types, domains):
                yield f"{node['@id']}: {prop} not allowed on {sorted(types)}"
            for value in values:
                problem = _range_problem(vocab, node_types, value, ranges)
                if problem:
                    yield f"{node['@id']}: {prop} value {value}: {problem}"


def _strip(iri: str) -> str:
    return iri[len(SCHEMA):] if iri.startswith(SCHEMA) else iri


def _range_problem(vocab: Vocabulary, node_types: dict[str, set[str]], value: dict[str, Any],
                   ranges: set[str]) -> str | None:
    if "@id" in value:
        target = value["@id"]
        if "URL" in ranges and not target.startswith("_:"):
            return None  # an IRI is a URL, whether or not the document also describes it
        if target in node_types:
            types = node_types[target]
        elif target.startswith(SCHEMA) and _strip(target) in vocab.members:
            types = vocab.members[_strip(target)]  # an enumeration member
        else:
            types = {"URL"}  # an external IRI
        return None if vocab.is_a(types, ranges) else f"type {sorted(types)} not in range {sorted(ranges)}"
    literal = value.get("@value")
    datatype = _strip(value.get("@type", ""))
    if datatype in ("Date", "DateTime"):
        wanted = {datatype}
    elif isinstance(literal, bool):
        wanted = {"Boolean"}
    elif isinstance(literal, (int, float)):
        wanted = {"Number", "Integer", "Float"}
    else:
        wanted = {"Text"}
    fits = any(w in vocab.ancestors(r) or vocab.is_a({r}, {w}) for r in ranges for w in wanted)
    return None if fits else f"{sorted(wanted)} literal not in range {sorted(ranges)}"
