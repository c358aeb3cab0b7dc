"""fmevidence: the research on fibromyalgia as typed, cited, graded data.

``import fmevidence`` is cheap: heavy dependencies (cattrs, jsonschema, pyld) load only
when a feature that needs them is used.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .errors import DataProblem, DatasetError, FmevidenceError, UnknownRecordError
from .evidence_base import EvidenceBase
from .loading import load
from .model import (
    AnatomicalStructure,
    AnatomyKind,
    Biomarker,
    BiomarkerKind,
    Blinding,
    Certainty,
    CertaintyOverride,
    CodingSystem,
    Condition,
    Control,
    DatasetInfo,
    DiagnosticTest,
    Direction,
    EvidenceOrigin,
    Finding,
    Locator,
    Mechanism,
    MedicalCode,
    OpenQuestion,
    Quantity,
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
    Verification,
)

try:
    __version__ = version("fmevidence")
except PackageNotFoundError:  # pragma: no cover - only when run from a bare source tree
    __version__ = "0+unknown"

__all__ = [
    "AnatomicalStructure",
    "AnatomyKind",
    "Biomarker",
    "BiomarkerKind",
    "Blinding",
    "Certainty",
    "CertaintyOverride",
    "CodingSystem",
    "Condition",
    "Control",
    "DataProblem",
    "DatasetError",
    "DatasetInfo",
    "DiagnosticTest",
    "Direction",
    "EvidenceBase",
    "EvidenceOrigin",
    "Finding",
    "FmevidenceError",
    "Locator",
    "Mechanism",
    "MedicalCode",
    "OpenQuestion",
    "Quantity",
    "Recommendation",
    "RecommendationStrength",
    "Source",
    "SourceKind",
    "Study",
    "StudyDesign",
    "Symptom",
    "Treatment",
    "TreatmentKind",
    "TreatmentStatus",
    "UnknownRecordError",
    "Verification",
    "__version__",
    "load",
]
