"""fmevidence: the research on fibromyalgia as typed, cited, graded data.

``import fmevidence`` is cheap: every public name is imported from its module on first
use (PEP 562), so a script that only needs the CLI's help, or one record type, does not pay
for the rest, and heavy dependencies (cattrs, jsonschema, pyld) load only with the feature
that needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checking import CheckResult, check
    from .errors import DataProblem, DatasetError, FmevidenceError, UnknownRecordError, UsageError
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
        Decision,
        DecisionKind,
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
    from .validation.runner import validate

#: Public name -> module that defines it.
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(("DataProblem", "DatasetError", "FmevidenceError", "UnknownRecordError", "UsageError"), "errors"),
    **dict.fromkeys(("CheckResult", "check"), "checking"),
    "EvidenceBase": "evidence_base",
    "load": "loading",
    "validate": "validation.runner",
    **dict.fromkeys(
        (
            "AnatomicalStructure", "AnatomyKind", "Biomarker", "BiomarkerKind", "Blinding", "Certainty",
            "CertaintyOverride", "CodingSystem", "Condition", "Control", "DatasetInfo", "Decision",
            "DecisionKind", "DiagnosticTest", "Direction", "EvidenceOrigin", "Finding", "Locator", "Mechanism", "MedicalCode", "OpenQuestion",
            "Quantity", "Recommendation", "RecommendationStrength", "Source", "SourceKind", "Study",
            "StudyDesign", "Symptom", "Treatment", "TreatmentKind", "TreatmentStatus", "Verification",
        ),
        "model",
    ),
}

#: The public names: one list, derived from the table above (tests/test_import.py checks that
#: the TYPE_CHECKING imports name the same set).
__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    """Import a public name on first use and keep it (PEP 562)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("fmevidence")
        except PackageNotFoundError:  # pragma: no cover - only from a bare source tree
            value = "0+unknown"
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'fmevidence' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
