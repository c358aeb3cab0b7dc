"""Which records an export covers: the condition, its related entities, and the evidence on them.

Relations come from the evidence base: symptoms and anatomy listed on the condition;
treatments and tests that name the condition; mechanisms that a finding links to the condition
(the finding is about both, or rests on a study of the condition). ``include`` narrows each
kind it names to the topics given (``--include autoimmunity`` keeps only that mechanism, and
leaves treatments, symptoms and the rest as they are).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import attrs

from ..errors import FmevidenceError
from ..evidence_base import EvidenceBase
from ..kinds import KIND_OF_CLASS
from ..model import (
    AnatomicalStructure,
    Condition,
    Decision,
    DiagnosticTest,
    Finding,
    Mechanism,
    Recommendation,
    Record,
    Source,
    Study,
    Symptom,
    Treatment,
)
from .errors import ExportOptionError

__all__ = ["Selection", "select"]

_E = TypeVar("_E", Mechanism, Treatment, DiagnosticTest, Symptom, AnatomicalStructure, Study, Source, Decision)


@attrs.frozen
class Selection:
    """The records one export shows, each tuple in dataset order."""

    condition: Condition
    mechanisms: tuple[Mechanism, ...]
    treatments: tuple[Treatment, ...]
    tests: tuple[DiagnosticTest, ...]
    symptoms: tuple[Symptom, ...]
    anatomy: tuple[AnatomicalStructure, ...]
    findings: tuple[Finding, ...]
    studies: tuple[Study, ...]
    recommendations: tuple[Recommendation, ...]
    sources: tuple[Source, ...]
    decisions: tuple[Decision, ...] = ()


def resolve_condition(kb: EvidenceBase, name: str | None) -> Condition:
    """The condition named by id, name or synonym (default: the manifest's primary condition,
    else the first one)."""
    if name is None:
        conditions = kb.of_kind("conditions")
        default = kb.primary_condition()
        if default is not None:
            return default
        if conditions and isinstance(conditions[0], Condition):
            return conditions[0]
        raise ExportOptionError("condition", "the dataset has no conditions to export")
    try:
        record = kb.resolve(name)
    except FmevidenceError as exc:
        raise ExportOptionError("condition", str(exc)) from None
    if not isinstance(record, Condition):
        raise ExportOptionError(
            "condition", f"{name!r} is a record of kind {KIND_OF_CLASS[type(record)]!r}, not a condition"
        )
    return record


def select(kb: EvidenceBase, condition: Condition, include: Iterable[str] = ()) -> Selection:
    """The records an export of ``condition`` covers, narrowed by ``include``."""
    mechanisms = tuple(_mechanisms_of(kb, condition))
    treatments = tuple(t for t in kb.of_kind("treatments") if isinstance(t, Treatment) and condition.id in t.conditions)
    tests = tuple(t for t in kb.of_kind("tests") if isinstance(t, DiagnosticTest) and condition.id in t.conditions)
    symptoms = tuple(kb.get_as(ref, Symptom) for ref in condition.symptoms)
    anatomy = tuple(kb.get_as(ref, AnatomicalStructure) for ref in condition.anatomy)
    candidates: tuple[Record, ...] = (*mechanisms, *treatments, *tests, *symptoms, *anatomy)
    related = {r.id for r in candidates}
    wanted: dict[type[Record], set[str]] = {}
    for topic in include:
        record = _resolve_topic(kb, topic)
        if record.id not in related:
            raise ExportOptionError(
                "include",
                f"{topic!r} ({record.id}) is not a mechanism, treatment, test, symptom or "
                f"anatomical structure related to {condition.name}",
            )
        wanted.setdefault(type(record), set()).add(record.id)
    mechanisms = _narrow(mechanisms, wanted)
    treatments = _narrow(treatments, wanted)
    tests = _narrow(tests, wanted)
    symptoms = _narrow(symptoms, wanted)
    anatomy = _narrow(anatomy, wanted)
    entities: tuple[Record, ...] = (condition, *mechanisms, *treatments, *tests, *symptoms, *anatomy)
    shown = {r.id for r in entities}
    dropped = related - shown
    findings = tuple(f for f in kb.findings if set(f.about) & shown and not set(f.about) & dropped)
    studies = _unique(s for f in findings for s in kb.studies_of(f))
    treatment_ids = {t.id for t in treatments}
    recommendations = tuple(
        r
        for r in kb.of_kind("recommendations")
        if isinstance(r, Recommendation)
        and (condition.id in r.conditions or set(r.treatments) & treatment_ids)
        and not set(r.treatments) & dropped
    )
    decisions = _unique(d for t in treatments for d in kb.decisions_on(t.id) if d.condition == condition.id)
    cited: list[Source] = []
    for record in (*entities, *findings, *studies, *recommendations, *decisions):
        cited.extend(kb.sources_of(record))
    cited.extend(kb.get_as(r.guideline, Source) for r in recommendations)
    return Selection(
        condition=condition,
        mechanisms=mechanisms,
        treatments=treatments,
        tests=tests,
        symptoms=symptoms,
        anatomy=anatomy,
        findings=findings,
        studies=studies,
        recommendations=recommendations,
        sources=_unique(cited),
        decisions=decisions,
    )


def _narrow(records: tuple[_E, ...], wanted: dict[type[Record], set[str]]) -> tuple[_E, ...]:
    """``records`` limited to the wanted ids of their kind, if ``include`` named that kind."""
    if not records or type(records[0]) not in wanted:
        return records
    ids = wanted[type(records[0])]
    return tuple(r for r in records if r.id in ids)


def _mechanisms_of(kb: EvidenceBase, condition: Condition) -> Iterable[Mechanism]:
    for mechanism in kb.of_kind("mechanisms"):
        assert isinstance(mechanism, Mechanism)
        for finding in kb.findings_about(mechanism.id):
            if condition.id in finding.about or any(
                condition.id in study.conditions for study in kb.studies_of(finding)
            ):
                yield mechanism
                break


def _resolve_topic(kb: EvidenceBase, topic: str) -> Record:
    try:
        return kb.resolve(topic)
    except FmevidenceError as exc:
        raise ExportOptionError("include", str(exc)) from None


def _unique(items: Iterable[_E]) -> tuple[_E, ...]:
    seen: dict[str, _E] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return tuple(seen.values())
