"""Every word the page uses for a grading status, a certainty level or a direction: ONE place.

The grading API (:mod:`fmevidence.grading`) returns a status and certainty levels; the page
never tests for a particular status anywhere else. When grading gains or renames statuses,
adapt the tables here: a status missing from them still renders, with its own value as the
label and grading's explanation as the reason, so nothing breaks while the wording catches up.
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = [
    "CERTAINTY_SCALE",
    "Wording",
    "certainty_label",
    "certainty_symbols",
    "direction_words",
    "question",
    "status_wording",
]

#: Certainty levels from most to least certain, as grading's ``Certainty`` values.
CERTAINTY_SCALE: Final = ("high", "moderate", "low", "very_low")


@attrs.frozen
class Wording:
    """How the page says one status: a short label and a plain-language answer."""

    label: str
    answer: str
    #: Which side's certainty states the answer: "for", "against" or "both".
    side: str


#: (topic kind, status value) -> wording. Topic kinds: "mechanism" and "treatment".
_STATUS: Final[dict[tuple[str, str], Wording]] = {
    ("mechanism", "established"): Wording("Established", "Yes: independent sources of at least moderate certainty "
                                          "show it is involved, and nothing comparable points against it.", "for"),
    ("mechanism", "emerging"): Wording("Emerging hypothesis",
                                       "Possibly: early findings point this way, but they are not yet firm.", "for"),
    ("mechanism", "contested"): Wording("Contested hypothesis",
                                        "Unsettled: findings point both ways and neither side is clearly stronger.",
                                        "both"),
    ("mechanism", "refuted"): Wording("Not supported", "Probably not: the stronger evidence points against it.",
                                      "against"),
    ("mechanism", "insufficient"): Wording("Unknown", "Nobody knows yet: there is too little evidence either way.",
                                           "both"),
    ("treatment", "established"): Wording("Shown to help", "Yes: independent sources of at least moderate "
                                          "certainty show it helps, and nothing comparable points against it.", "for"),
    ("treatment", "emerging"): Wording("May help", "Possibly: early or single-source evidence suggests it helps.",
                                       "for"),
    ("treatment", "contested"): Wording("Mixed evidence", "Unsettled: some evidence says it helps, some says not.",
                                        "both"),
    ("treatment", "refuted"): Wording("Shown not to help", "Probably not: the stronger evidence says it does not help.",
                                      "against"),
    ("treatment", "insufficient"): Wording("Unknown", "Nobody knows yet: there is too little evidence either way.",
                                           "both"),
}

_QUESTIONS: Final = {
    "mechanism": "Is {topic} involved in {condition}?",
    "treatment": "Does {topic} help people with {condition}?",
}

_CERTAINTY_LABELS: Final = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very low"}

_DIRECTIONS: Final = {"supports": "for", "contradicts": "against", "inconclusive": "inconclusive"}


def status_wording(kind: str, status: object, explanation: str = "") -> Wording:
    """The wording of a grading status (an enum or its string value) for a topic kind."""
    value = str(getattr(status, "value", status))
    known = _STATUS.get((kind, value))
    if known is not None:
        return known
    return Wording(value.replace("_", " ").capitalize(), explanation or value.replace("_", " "), "both")


def question(kind: str, topic: str, condition: str) -> str:
    """The question a reader comes with, in plain words."""
    template = _QUESTIONS.get(kind, "What does the evidence say about {topic} in {condition}?")
    return template.format(topic=_lower_first(topic), condition=_lower_first(condition))


def certainty_label(level: object) -> str:
    """``very low`` for ``very_low``; accepts an enum or its value."""
    value = str(getattr(level, "value", level))
    return _CERTAINTY_LABELS.get(value, value.replace("_", " "))


def certainty_symbols(level: object) -> str:
    """GRADE's symbols: ⊕⊕◯◯ for low (filled circles = certainty, out of four)."""
    value = str(getattr(level, "value", level))
    if value not in CERTAINTY_SCALE:
        return ""
    filled = len(CERTAINTY_SCALE) - CERTAINTY_SCALE.index(value)
    return "⊕" * filled + "◯" * (len(CERTAINTY_SCALE) - filled)


def direction_words(direction: object) -> str:
    """``for`` / ``against`` / ``inconclusive`` for a finding's direction."""
    value = str(getattr(direction, "value", direction))
    return _DIRECTIONS.get(value, value)


def _lower_first(name: str) -> str:
    """A name in mid-sentence: lower-case its first letter unless it looks like an acronym."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name
