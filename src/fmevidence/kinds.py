"""The record kinds of a dataset file: their JSON key, class, and which fields refer to what.

This table is the single place that ties the on-disk format to the model; the loader,
the integrity checks, the CLI and the schemas' tests all read it.
"""

from __future__ import annotations

from typing import Final

from .model import (
    AnatomicalStructure,
    Biomarker,
    Condition,
    Decision,
    DiagnosticTest,
    Finding,
    Mechanism,
    OpenQuestion,
    Recommendation,
    Record,
    Source,
    Study,
    Symptom,
    Treatment,
)

__all__ = ["ENTITY_KINDS", "KINDS", "KIND_OF_CLASS", "REFERENCES", "kind_label", "normalise_kind"]

#: JSON key in a dataset file -> record class, in the order records are shown.
KINDS: Final[dict[str, type[Record]]] = {
    "sources": Source,
    "studies": Study,
    "findings": Finding,
    "conditions": Condition,
    "mechanisms": Mechanism,
    "treatments": Treatment,
    "biomarkers": Biomarker,
    "anatomy": AnatomicalStructure,
    "symptoms": Symptom,
    "tests": DiagnosticTest,
    "recommendations": Recommendation,
    "decisions": Decision,
    "open_questions": OpenQuestion,
}

KIND_OF_CLASS: Final[dict[type[Record], str]] = {cls: kind for kind, cls in KINDS.items()}

#: Kinds a finding or open question may be "about".
ENTITY_KINDS: Final[frozenset[str]] = frozenset(
    {"conditions", "mechanisms", "treatments", "biomarkers", "anatomy", "symptoms", "tests"}
)

#: class -> field -> kinds its ids may point at.
REFERENCES: Final[dict[type[Record], dict[str, frozenset[str]]]] = {
    Source: {},
    Study: {"sources": frozenset({"sources"}), "conditions": frozenset({"conditions"})},
    Finding: {
        "sources": frozenset({"sources"}),
        "studies": frozenset({"studies"}),
        "about": ENTITY_KINDS,
    },
    Condition: {
        "sources": frozenset({"sources"}),
        "related_conditions": frozenset({"conditions"}),
        "symptoms": frozenset({"symptoms"}),
        "anatomy": frozenset({"anatomy"}),
    },
    Mechanism: {
        "sources": frozenset({"sources"}),
        "related_mechanisms": frozenset({"mechanisms"}),
        "anatomy": frozenset({"anatomy"}),
    },
    Treatment: {
        "sources": frozenset({"sources"}),
        "drug_classes": frozenset({"treatments"}),
        "targets": frozenset({"mechanisms"}),
        "conditions": frozenset({"conditions"}),
    },
    Biomarker: {
        "sources": frozenset({"sources"}),
        "mechanisms": frozenset({"mechanisms"}),
        "anatomy": frozenset({"anatomy"}),
    },
    AnatomicalStructure: {"sources": frozenset({"sources"}), "part_of": frozenset({"anatomy"})},
    Symptom: {"sources": frozenset({"sources"})},
    DiagnosticTest: {
        "sources": frozenset({"sources"}),
        "conditions": frozenset({"conditions"}),
        "biomarkers": frozenset({"biomarkers"}),
    },
    Recommendation: {
        "sources": frozenset({"sources"}),
        "guideline": frozenset({"sources"}),
        "treatments": frozenset({"treatments"}),
        "conditions": frozenset({"conditions"}),
    },
    Decision: {
        "sources": frozenset({"sources"}),
        "condition": frozenset({"conditions"}),
        "interventions": frozenset({"treatments"}),
    },
    OpenQuestion: {"sources": frozenset({"sources"}), "about": ENTITY_KINDS},
}

_ALIASES: Final[dict[str, str]] = {
    "source": "sources",
    "study": "studies",
    "finding": "findings",
    "condition": "conditions",
    "mechanism": "mechanisms",
    "treatment": "treatments",
    "biomarker": "biomarkers",
    "anatomical_structures": "anatomy",
    "anatomical_structure": "anatomy",
    "structures": "anatomy",
    "symptom": "symptoms",
    "test": "tests",
    "diagnostic_tests": "tests",
    "recommendation": "recommendations",
    "decision": "decisions",
    "regulatory_decisions": "decisions",
    "open_question": "open_questions",
    "questions": "open_questions",
}


_LABELS: Final[dict[str, str]] = {
    "sources": "source",
    "studies": "study",
    "findings": "finding",
    "conditions": "condition",
    "mechanisms": "mechanism",
    "treatments": "treatment",
    "biomarkers": "biomarker",
    "anatomy": "anatomical structure",
    "symptoms": "symptom",
    "tests": "diagnostic test",
    "recommendations": "recommendation",
    "decisions": "decision",
    "open_questions": "open question",
}


def kind_label(record: Record) -> str:
    """The kind of a record in words, singular ("study", "anatomical structure")."""
    return _LABELS[KIND_OF_CLASS[type(record)]]


def normalise_kind(name: str) -> str | None:
    """Map a user's spelling of a kind (``open-questions``, ``Finding``) to its JSON key."""
    key = name.strip().lower().replace("-", "_")
    if key in KINDS:
        return key
    return _ALIASES.get(key)
