"""Evidence strength: an explainable, GRADE-style certainty for every finding, and a status
for every topic, relative to the condition the dataset is about.

:func:`rate_finding` gives a :class:`Rating` (level, computed level, reasons, role, override);
:func:`summarise` gives a topic's :class:`Summary` (counts, best certainty per side, status).
The rules are small functions in :mod:`fmevidence.grading.rules`; docs/grading.md explains
them and README's status table lists the statuses for a clinician to check. Regulatory and
guideline decisions (:class:`~fmevidence.model.Decision`) are never graded or counted.
"""

from __future__ import annotations

from .data import rating_data, summary_data
from .rating import Grader, OverrideWithoutJustification, Rating, Role, rate_finding, role_of, setting_of
from .rules import Reason, Setting
from .summary import (
    STATUS_RULES,
    EvidenceStatus,
    Summary,
    fhir_certainty,
    status_label,
    summarise,
    summarise_all,
    topic_findings,
)

__all__ = [
    "STATUS_RULES",
    "EvidenceStatus",
    "Grader",
    "OverrideWithoutJustification",
    "Rating",
    "Reason",
    "Role",
    "Setting",
    "Summary",
    "fhir_certainty",
    "rate_finding",
    "rating_data",
    "role_of",
    "setting_of",
    "status_label",
    "summarise",
    "summarise_all",
    "summary_data",
    "topic_findings",
]
