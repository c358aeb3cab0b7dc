"""Evidence strength: an explainable, GRADE-style certainty for every finding, and a status
for every topic.

:func:`rate_finding` gives a :class:`Rating` (level, computed level, reasons, override);
:func:`summarise` gives a topic's :class:`Summary` (counts, best certainty per side, status).
The rules are small functions in :mod:`fmevidence.grading.rules`; README "Evidence strength"
lists them for a clinician to check.
"""

from __future__ import annotations

from .data import rating_data, summary_data
from .rating import Grader, OverrideWithoutJustification, Rating, rate_finding
from .rules import Reason
from .summary import EvidenceStatus, Summary, summarise, summarise_all, topic_findings

__all__ = [
    "EvidenceStatus",
    "Grader",
    "OverrideWithoutJustification",
    "Rating",
    "Reason",
    "Summary",
    "rate_finding",
    "rating_data",
    "summarise",
    "summarise_all",
    "summary_data",
    "topic_findings",
]
