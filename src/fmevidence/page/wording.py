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


#: (topic kind, status value) -> wording: the label is grading's own words (STATUS_RULES); the
#: answer says it plainly for a reader who came with the question.
_STATUS: Final[dict[tuple[str, str], Wording]] = {
    ("mechanism", "shown"): Wording("Supported by human evidence", "Yes: replicated human studies of at least "
                                    "moderate certainty show it is involved, and nothing comparable points against it.",
                                    "for"),
    ("mechanism", "possible"): Wording("Possible", "Possibly: human studies point this way, but the evidence is of "
                                       "low certainty or not yet replicated.", "for"),
    ("mechanism", "conflicting"): Wording("Contested", "Unsettled: human studies point both ways and neither side is "
                                          "clearly stronger.", "both"),
    ("mechanism", "doubtful"): Wording("Doubtful", "Probably not, but the human evidence against it is weak.",
                                       "against"),
    ("mechanism", "refuted"): Wording("Evidence against", "No: replicated human evidence of at least moderate "
                                      "certainty points against it.", "against"),
    ("mechanism", "preclinical"): Wording("Animal or cell evidence only", "Not known in people: it has been seen "
                                          "only in animals or cells so far.", "for"),
    ("mechanism", "hypothesis"): Wording("Hypothesis", "An idea put forward with little human evidence behind it "
                                         "yet.", "for"),
    ("mechanism", "insufficient"): Wording("Unknown", "Nobody knows yet: there is too little evidence either way.",
                                           "both"),
    ("treatment", "shown"): Wording("Benefit shown", "Yes: replicated trials of at least moderate certainty show it "
                                    "helps, and nothing comparable points against it.", "for"),
    ("treatment", "possible"): Wording("Possible benefit", "Possibly: trials or studies suggest it helps, but the "
                                       "evidence is of low certainty or not yet replicated.", "for"),
    ("treatment", "conflicting"): Wording("Benefit unclear", "Unsettled: some human evidence says it helps, some says "
                                          "not.", "both"),
    ("treatment", "doubtful"): Wording("Doubtful", "Probably not, but the evidence that it does not help is weak.",
                                       "against"),
    ("treatment", "refuted"): Wording("No benefit shown", "No: replicated trials of at least moderate certainty found "
                                      "no benefit.", "against"),
    ("treatment", "preclinical"): Wording("Animal or cell evidence only", "Not tested in people: it has been tried "
                                          "only in animals or cells so far.", "for"),
    ("treatment", "hypothesis"): Wording("Untested idea", "Proposed, with little human evidence behind it yet.",
                                         "for"),
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
