"""Small synthetic evidence bases for the grading tests."""

from __future__ import annotations

from typing import Any

from fmevidence import (
    Certainty,
    CertaintyOverride,
    Condition,
    DatasetInfo,
    Direction,
    EvidenceBase,
    EvidenceOrigin,
    Finding,
    Mechanism,
    Source,
    SourceKind,
    Study,
    StudyDesign,
    Treatment,
    TreatmentKind,
)
from fmevidence.model import Record

INFO = DatasetInfo(name="test", version="0", last_reviewed="2026-01-01", condition="target")
JOURNAL = Source(id="src-journal", kind=SourceKind.JOURNAL_ARTICLE, title="A study")
REVIEW = Source(id="src-review", kind=SourceKind.REVIEW_ARTICLE, title="A review")
GUIDELINE = Source(id="src-guideline", kind=SourceKind.GUIDELINE, title="A guideline")
REGULATOR = Source(id="src-regulator", kind=SourceKind.REGULATORY_DOCUMENT, title="A label")
WEB = Source(id="src-web", kind=SourceKind.WEB_PAGE, title="A web page")
PRESS = Source(id="src-press", kind=SourceKind.PRESS_RELEASE, title="A press release")
SOURCES = (JOURNAL, REVIEW, GUIDELINE, REGULATOR, WEB, PRESS)
#: The dataset's condition (its synonym lets a study name it by another word).
TARGET = Condition(id="target", name="Target condition", synonyms=("target syndrome",), sources=(REVIEW.id,))
TOPIC = Mechanism(id="topic", name="Topic", sources=(REVIEW.id,))
DRUG = Treatment(id="drug", name="Drug", kind=TreatmentKind.DRUG, sources=(REVIEW.id,))


def study(design: StudyDesign = StudyDesign.RANDOMIZED_CONTROLLED_TRIAL, **fields: Any) -> Study:
    """A study with only the fields a test cares about."""
    fields.setdefault("id", "study")
    fields.setdefault("name", fields["id"])
    fields.setdefault("sources", (JOURNAL.id,))
    return Study(design=design, **fields)


def finding(
    fid: str = "f",
    direction: Direction = Direction.SUPPORTS,
    studies: tuple[str, ...] = (),
    origin: EvidenceOrigin = EvidenceOrigin.HUMAN_CLINICAL,
    sources: tuple[str, ...] = (JOURNAL.id,),
    about: tuple[str, ...] = (TOPIC.id,),
    override: CertaintyOverride | None = None,
    **fields: Any,
) -> Finding:
    """A finding about the synthetic topic."""
    return Finding(
        id=fid,
        statement=fid,
        about=about,
        direction=direction,
        origin=origin,
        sources=sources,
        studies=studies,
        certainty_override=override,
        **fields,
    )


def base(*records: Record) -> EvidenceBase:
    """An evidence base with every synthetic source and topic plus ``records``."""
    return EvidenceBase(INFO, (*SOURCES, TARGET, TOPIC, DRUG, *records))


def rated(*studies: Study, **finding_fields: Any) -> tuple[EvidenceBase, Finding]:
    """A base holding one finding backed by ``studies``."""
    f = finding(studies=tuple(s.id for s in studies), **finding_fields)
    return base(*studies, f), f


HIGH, MODERATE, LOW, VERY_LOW = Certainty.HIGH, Certainty.MODERATE, Certainty.LOW, Certainty.VERY_LOW
