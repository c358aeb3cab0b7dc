"""How the project's certainty levels and study designs map onto schema.org terms.

Every term here exists in schema.org (checked by ``tests/test_schemaorg_mapping.py``
against the official release). The exporter reads these functions; nothing here builds
JSON-LD.

Certainty -> ``MedicalEvidenceLevel``, by schema.org's own definitions:

- high -> ``EvidenceLevelA`` ("multiple randomized clinical trials or meta-analyses"): GRADE
  high certainty is what such a body of trials gives;
- moderate and low -> ``EvidenceLevelB`` ("a single randomized trial, or nonrandomized
  studies"): a downgraded trial, or observational studies;
- very low -> ``EvidenceLevelC`` ("only consensus opinion of experts, case studies, or
  standard-of-care").
"""

from __future__ import annotations

from typing import Final

import attrs

from .model import Blinding, Certainty, Control, Study, StudyDesign

__all__ = ["EVIDENCE_LEVELS", "StudyType", "evidence_level", "study_type"]

#: Certainty -> schema.org MedicalEvidenceLevel member name.
EVIDENCE_LEVELS: Final[dict[Certainty, str]] = {
    Certainty.HIGH: "EvidenceLevelA",
    Certainty.MODERATE: "EvidenceLevelB",
    Certainty.LOW: "EvidenceLevelB",
    Certainty.VERY_LOW: "EvidenceLevelC",
}


def evidence_level(level: Certainty) -> str:
    """The schema.org ``MedicalEvidenceLevel`` member for a certainty level."""
    return EVIDENCE_LEVELS[level]


@attrs.frozen
class StudyType:
    """A study's schema.org type, and the design property with its enumeration values."""

    schema_type: str
    design_property: str | None = None
    design_values: tuple[str, ...] = ()


_TRIALS: Final = frozenset({StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, StudyDesign.NON_RANDOMIZED_TRIAL})

#: Observational designs -> MedicalObservationalStudyDesign member (schema.org has no
#: case-control or diagnostic-accuracy member, so those are plain ``Observational``).
_OBSERVATIONAL: Final[dict[StudyDesign, str]] = {
    StudyDesign.COHORT: "CohortStudy",
    StudyDesign.CASE_CONTROL: "Observational",
    StudyDesign.CROSS_SECTIONAL: "CrossSectional",
    StudyDesign.CASE_SERIES: "CaseSeries",
    StudyDesign.CASE_REPORT: "Observational",
    StudyDesign.DIAGNOSTIC_ACCURACY: "Observational",
}

_BLINDING: Final[dict[Blinding, str]] = {
    Blinding.OPEN_LABEL: "OpenTrial",
    Blinding.SINGLE_BLIND: "SingleBlindedTrial",
    Blinding.DOUBLE_BLIND: "DoubleBlindedTrial",
    # assessor-blind has no schema.org member: schema.org's SingleBlindedTrial means the
    # *patient* is blinded, which an assessor-blind trial does not promise.
}


def study_type(study: Study) -> StudyType:
    """The schema.org type and design values for a study.

    Trials are ``MedicalTrial`` with ``trialDesign`` (randomised, blinding, placebo control);
    observational designs are ``MedicalObservationalStudy`` with ``studyDesign``; everything
    else (meta-analyses, reviews, animal and laboratory work, guidelines, opinion) is the
    umbrella ``MedicalStudy`` with no design value, because schema.org has none that fits.
    """
    if study.design in _TRIALS:
        values: list[str] = []
        randomised = study.design is StudyDesign.RANDOMIZED_CONTROLLED_TRIAL and study.randomized is not False
        if randomised or study.randomized:
            values.append("RandomizedTrial")
        if study.blinding in _BLINDING:
            values.append(_BLINDING[study.blinding])
        if study.control is Control.PLACEBO:
            values.append("PlaceboControlledTrial")
        return StudyType("MedicalTrial", "trialDesign", tuple(values))
    observational = _OBSERVATIONAL.get(study.design)
    if observational is not None:
        return StudyType("MedicalObservationalStudy", "studyDesign", (observational,))
    return StudyType("MedicalStudy")
