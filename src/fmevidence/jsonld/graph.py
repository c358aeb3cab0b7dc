"""The export as a table of schema.org nodes, linked by ``{"@id": ...}`` references.

One builder makes every node once; :mod:`.shape` then embeds the table as a nested tree or
lists it as a flat ``@graph``, so both shapes say exactly the same thing. Values are compact
JSON-LD for the ``https://schema.org`` context, written directly (no pyld compaction).
Only properties schema.org defines for each type are used; the conformance test checks them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

import attrs

from ..evidence_base import EvidenceBase
from ..grading import Grader, Summary, summarise
from ..model import (
    AnatomicalStructure,
    AnatomyKind,
    Certainty,
    Condition,
    Decision,
    DecisionKind,
    DiagnosticTest,
    Finding,
    Mechanism,
    MedicalCode,
    Recommendation,
    RecommendationStrength,
    Record,
    Source,
    Study,
    Symptom,
    Treatment,
    TreatmentKind,
    TreatmentStatus,
)
from ..schemaorg_mapping import evidence_level, study_type
from .codes import code_iri, specialty_member
from .ids import IdScheme
from .selection import Selection
from .sources import source_id, source_node

__all__ = ["Built", "Node", "NodeTable", "build_nodes", "enum_member", "ref"]

Node = dict[str, Any]
NodeTable = dict[str, Node]

_TREATMENT_TYPES: Final[dict[TreatmentKind, str]] = {
    TreatmentKind.DRUG: "Drug",
    TreatmentKind.BIOLOGIC: "Drug",
    TreatmentKind.DRUG_CLASS: "DrugClass",
    TreatmentKind.THERAPY: "MedicalTherapy",
    TreatmentKind.PROCEDURE: "MedicalTherapy",
    TreatmentKind.LIFESTYLE: "LifestyleModification",
}

#: ``{condition}`` is filled with the exported condition's name.
_STATUS_TEXT: Final[dict[TreatmentStatus, str]] = {
    TreatmentStatus.APPROVED: "approved for {condition}",
    TreatmentStatus.APPROVED_OTHER_INDICATION: "approved for another indication",
    TreatmentStatus.RECOMMENDED: "recommended",
    TreatmentStatus.OFF_LABEL: "used off-label",
    TreatmentStatus.INVESTIGATIONAL: "investigational",
    TreatmentStatus.PRECLINICAL: "preclinical",
    TreatmentStatus.NOT_RECOMMENDED: "not recommended",
}
#: Statuses that describe regulatory standing, so fit ``legalStatus`` on any medical entity.
_REGULATORY: Final = frozenset({
    TreatmentStatus.APPROVED, TreatmentStatus.APPROVED_OTHER_INDICATION,
    TreatmentStatus.OFF_LABEL, TreatmentStatus.INVESTIGATIONAL, TreatmentStatus.PRECLINICAL,
})

_STRENGTH_TEXT: Final[dict[RecommendationStrength, str]] = {
    RecommendationStrength.STRONG_FOR: "strong for",
    RecommendationStrength.WEAK_FOR: "weak for",
    RecommendationStrength.WEAK_AGAINST: "weak against",
    RecommendationStrength.STRONG_AGAINST: "strong against",
}

_KIND_PREFIX: Final[dict[type[Record], str]] = {
    Condition: "condition", Mechanism: "mechanism", Treatment: "treatment",
    DiagnosticTest: "test", Symptom: "symptom", AnatomicalStructure: "anatomy", Study: "study",
    Recommendation: "recommendation",
    Decision: "decision",
}

_DECISION_TEXT: Final[dict[DecisionKind, str]] = {
    DecisionKind.APPROVED: "approved", DecisionKind.REFUSED: "refused", DecisionKind.WITHDRAWN: "withdrawn",
    DecisionKind.RECOMMENDED_FOR: "recommended", DecisionKind.RECOMMENDED_AGAINST: "recommended against",
}
#: Decisions that are a regulator's (``legalStatus``); the others are guideline recommendations.
_LEGAL: Final = frozenset({DecisionKind.APPROVED, DecisionKind.REFUSED, DecisionKind.WITHDRAWN})


def ref(node_id: str) -> dict[str, str]:
    """A reference to another node."""
    return {"@id": node_id}


def enum_member(name: str) -> dict[str, str]:
    """A schema.org enumeration member (``schema:`` is the context's http://schema.org/ prefix)."""
    return {"@id": f"schema:{name}"}


class _Builder:
    """Fills a :data:`NodeTable` for one selection; each record's node is made once."""

    def __init__(self, kb: EvidenceBase, selection: Selection, ids: IdScheme) -> None:
        self.kb = kb
        self.sel = selection
        self.ids = ids
        self.nodes: NodeTable = {}
        self.summaries: dict[str, Summary] = {}
        self.related: list[dict[str, str]] = []
        self.grader = Grader(kb, selection.condition.id)
        # Indexes built once, so nodes never scan the selection (linear export).
        self.findings_of_study: dict[str, list[Finding]] = {}
        for finding in selection.findings:
            for study_id in finding.studies:
                self.findings_of_study.setdefault(study_id, []).append(finding)
        self.shown: frozenset[str] = frozenset(
            r.id for r in (*selection.treatments, *selection.tests, *selection.symptoms, *selection.anatomy))
        self.decisions_of: dict[str, list[Decision]] = {}
        for decision in selection.decisions:
            for treatment_id in decision.interventions:
                self.decisions_of.setdefault(treatment_id, []).append(decision)

    def id_of(self, record: Record) -> str:
        if isinstance(record, Source):
            return source_id(record, self.ids)
        return self.ids.node(_KIND_PREFIX[type(record)], record.id)

    def add(self, node: Node) -> dict[str, str]:
        self.nodes.setdefault(node["@id"], node)
        return ref(node["@id"])

    # -- shared pieces -------------------------------------------------------------------

    def entity(self, record: Condition | Mechanism | Treatment | DiagnosticTest | Symptom
               | AnatomicalStructure, schema_type: str) -> Node:
        node: Node = {"@id": self.id_of(record), "@type": schema_type, "name": record.name}
        _put(node, "alternateName", list(record.synonyms))
        _put(node, "description", record.description)
        _put(node, "code", [_medical_code(code) for code in record.codes])
        _put(node, "sameAs", _unique_strings(code_iri(code) for code in record.codes))
        return node

    def source(self, source: Source) -> dict[str, str]:
        return self.add(source_node(source, self.ids))

    def sources(self, records: Iterable[Source]) -> list[dict[str, str]]:
        return [self.source(s) for s in records]

    def condition_ref(self, condition_id: str) -> dict[str, str]:
        condition = self.kb.get_as(condition_id, Condition)
        if condition.id == self.sel.condition.id:
            return ref(self.id_of(condition))
        return self.add(self.entity(condition, "MedicalCondition"))

    # -- records -------------------------------------------------------------------------

    def root(self) -> dict[str, str]:
        condition = self.sel.condition
        node = self.entity(condition, "MedicalCondition")
        self.nodes[node["@id"]] = node
        _put(node, "pathophysiology", [self.pathophysiology(m) for m in self.sel.mechanisms])
        _put(node, "associatedAnatomy", [self.anatomy(a) for a in self.sel.anatomy])
        _put(node, "signOrSymptom", [self.add(self.entity(s, "MedicalSignOrSymptom"))
                                     for s in self.sel.symptoms])
        _put(node, "possibleTreatment", [self.treatment(t) for t in self.sel.treatments])
        _put(node, "typicalTest", [self.test(t) for t in self.sel.tests])
        # related_conditions mixes overlapping, comorbid and comparison conditions, so it is
        # not a differential diagnosis; the page mentions them instead (see export.py).
        self.related = [self.condition_ref(other) for other in condition.related_conditions]
        _put(node, "riskFactor", [{"@type": "MedicalRiskFactor", "name": text}
                                  for text in condition.risk_factors])
        _put(node, "epidemiology", condition.epidemiology)
        _put(node, "relevantSpecialty", [
            enum_member(member) for member in
            _unique_strings(specialty_member(name) for name in condition.specialties)
        ])
        _put(node, "study", [self.study(s) for s in self.sel.studies])
        _put(node, "guideline", [*(self.recommendation(r) for r in self.sel.recommendations),
                                 *(self.guideline_decision(d) for d in self.sel.decisions if d.kind not in _LEGAL)])
        _put(node, "subjectOf", self.sources(self.sel.sources))
        return ref(node["@id"])

    def pathophysiology(self, mechanism: Mechanism) -> str:
        """One proposed mechanism in words, with where its evidence stands (never as fact)."""
        summary = self.summary(mechanism.id)
        text = f"{mechanism.name} (proposed mechanism)"
        text += f": {mechanism.description.rstrip('.')}." if mechanism.description else "."
        return f"{text} Evidence: {summary.explanation}."

    def summary(self, topic_id: str) -> Summary:
        """The grading summary of a topic, computed once per export with one shared grader."""
        if topic_id not in self.summaries:
            self.summaries[topic_id] = summarise(self.kb, topic_id, self.grader)
        return self.summaries[topic_id]

    def anatomy(self, structure: AnatomicalStructure) -> dict[str, str]:
        schema_type = "AnatomicalSystem" if structure.kind is AnatomyKind.SYSTEM else "AnatomicalStructure"
        node = self.entity(structure, schema_type)
        if schema_type == "AnatomicalStructure":
            systems = [self.kb.get_as(p, AnatomicalStructure) for p in structure.part_of]
            _put(node, "partOfSystem", [self.anatomy(s) for s in systems if s.kind is AnatomyKind.SYSTEM])
        return self.add(node)

    def treatment(self, treatment: Treatment) -> dict[str, str]:
        schema_type = _TREATMENT_TYPES[treatment.kind]
        node = self.entity(treatment, schema_type)
        if schema_type == "Drug":
            classes = [self.kb.get_as(c, Treatment) for c in treatment.drug_classes]
            _put(node, "drugClass", [self.treatment(c) for c in classes
                                     if c.kind is TreatmentKind.DRUG_CLASS])
            _put(node, "mechanismOfAction", treatment.mechanism_of_action)
        legal = [self.legal_status(d) for d in self.decisions_of.get(treatment.id, ()) if d.kind in _LEGAL]
        if treatment.status is not None:
            text = _STATUS_TEXT[treatment.status].format(condition=self.sel.condition.name)
            if schema_type == "MedicalTherapy":
                node["status"] = text
            elif treatment.status in _REGULATORY and not legal:
                node["legalStatus"] = text
        _put(node, "legalStatus", legal or node.get("legalStatus"))
        return self.add(node)

    def legal_status(self, decision: Decision) -> Node:
        """A regulator's decision as a schema.org DrugLegalStatus (shown, never graded)."""
        text = f"{decision.body}: {_DECISION_TEXT[decision.kind]} for {self.sel.condition.name}"
        if decision.date:
            text += f" ({decision.date})"
        node: Node = {"@type": "DrugLegalStatus", "name": text}
        _put(node, "description", decision.reason)
        if decision.region:
            node["applicableLocation"] = {"@type": "AdministrativeArea", "name": decision.region}
        return node

    def guideline_decision(self, decision: Decision) -> dict[str, str]:
        """A guideline body's decision as a MedicalGuidelineRecommendation (never graded)."""
        node: Node = {
            "@id": self.id_of(decision),
            "@type": "MedicalGuidelineRecommendation",
            "name": decision.body,
            "description": decision.statement,
            "recommendationStrength": decision.strength or _DECISION_TEXT[decision.kind],
        }
        _put(node, "guidelineDate", decision.date)
        treatments = [self.kb.get_as(t, Treatment) for t in decision.interventions]
        _put(node, "guidelineSubject", [self.treatment(t) for t in treatments])
        _put(node, "subjectOf", self.sources(self.kb.sources_of(decision)))
        return self.add(node)

    def test(self, test: DiagnosticTest) -> dict[str, str]:
        node = self.entity(test, "MedicalTest")
        _put(node, "usedToDiagnose", [self.condition_ref(c) for c in test.conditions])
        return self.add(node)

    def subject(self, record: Record) -> dict[str, str] | None:
        """A reference to an exported entity node, for ``studySubject`` (None: not exported)."""
        if isinstance(record, Condition):
            return self.condition_ref(record.id)
        return ref(self.id_of(record)) if record.id in self.shown else None

    def study(self, study: Study) -> dict[str, str]:
        kind = study_type(study)
        node: Node = {"@id": self.id_of(study), "@type": kind.schema_type, "name": study.name}
        if kind.design_property is not None:
            _put(node, kind.design_property, [enum_member(v) for v in kind.design_values])
        _put(node, "description", _study_description(study))
        _put(node, "healthCondition", [self.condition_ref(c) for c in study.conditions])
        findings = self.findings_of_study.get(study.id, [])
        subjects = [self.subject(r) for f in findings for r in self.kb.subjects_of(f)]
        _put(node, "studySubject", _unique_refs(s for s in subjects if s is not None))
        _put(node, "subjectOf", self.sources(self.kb.sources_of(study)))
        return self.add(node)

    def recommendation(self, recommendation: Recommendation) -> dict[str, str]:
        guideline = self.kb.get_as(recommendation.guideline, Source)
        node: Node = {
            "@id": self.id_of(recommendation),
            "@type": "MedicalGuidelineRecommendation",
            "description": recommendation.statement,
            "recommendationStrength": _STRENGTH_TEXT[recommendation.strength],
        }
        level = self.recommendation_certainty(recommendation)
        if level is not None:
            node["evidenceLevel"] = enum_member(evidence_level(level))
        if recommendation.evidence_level:
            node["evidenceOrigin"] = (
                f"Level of evidence stated by the guideline: {recommendation.evidence_level}"
            )
        if guideline.year is not None:
            node["guidelineDate"] = str(guideline.year)
        treatments = [self.kb.get_as(t, Treatment) for t in recommendation.treatments]
        _put(node, "guidelineSubject", [self.treatment(t) for t in treatments])
        _put(node, "subjectOf", self.sources(_unique_sources(
            [guideline, *self.kb.sources_of(recommendation)])))
        return self.add(node)

    def recommendation_certainty(self, recommendation: Recommendation) -> Certainty | None:
        """The best graded certainty, on the recommendation's side, of the findings on its treatments."""
        against = recommendation.strength in (RecommendationStrength.WEAK_AGAINST,
                                               RecommendationStrength.STRONG_AGAINST)
        levels: list[Certainty] = []
        for treatment_id in recommendation.treatments:
            summary = self.summary(treatment_id)
            best = summary.best_contradicting if against else summary.best_supporting
            if best is not None:
                levels.append(best)
        return max(levels, key=lambda level: level.rank) if levels else None


@attrs.frozen
class Built:
    """The node table of one export: its root, and the related conditions a page may mention."""

    root: str
    nodes: NodeTable
    related: tuple[dict[str, str], ...]


def build_nodes(kb: EvidenceBase, selection: Selection, ids: IdScheme) -> Built:
    """Every node of the export, root first (nodes only a page refers to are included too)."""
    builder = _Builder(kb, selection, ids)
    root = builder.root()["@id"]
    return Built(root, builder.nodes, tuple(builder.related))


def _put(node: Node, key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is None or empty, so no property is ever blank."""
    if value is None or value == [] or value == "":
        return
    node[key] = value


def _medical_code(code: MedicalCode) -> Node:
    node: Node = {"@type": "MedicalCode", "codeValue": code.code, "codingSystem": str(code.system)}
    _put(node, "name", code.label)
    return node


def _study_description(study: Study) -> str | None:
    parts = []
    if study.population:
        parts.append(f"Population: {study.population.rstrip('.')}")
    if study.sample_size is not None:
        parts.append(f"sample size: {study.sample_size}")
    if study.species != "human":
        parts.append(f"species: {study.species}")
    return "; ".join(parts) + "." if parts else None


def _unique_strings(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _unique_refs(refs: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return [ref(i) for i in dict.fromkeys(r["@id"] for r in refs)]


def _unique_sources(sources: Iterable[Source]) -> list[Source]:
    return list({s.id: s for s in sources}.values())

