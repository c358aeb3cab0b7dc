"""What an export leaves out, and why: nothing disappears from a published page without a word.

An export covers one condition and what the data links to it (:mod:`.selection`). A record
outside that (a mechanism no finding links to the condition, a biomarker, a source nothing
exported cites) is listed here with the reason, so an author who expected it on the page
learns what link is missing instead of finding it silently gone.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..evidence_base import EvidenceBase
from ..kinds import KIND_OF_CLASS
from ..model import Condition, Decision, DiagnosticTest, Finding, Mechanism, Record, Source, Study, Symptom, Treatment
from .selection import Selection

__all__ = ["LeftOut", "left_out", "left_out_of"]

#: Kinds the schema.org export has no place for (yet); said plainly rather than implied.
_NOT_EXPORTED_KINDS = {
    "biomarkers": "biomarkers are not part of the schema.org export",
    "open_questions": "open questions are not part of the schema.org export",
}


@attrs.frozen
class LeftOut:
    """One record not in the export: its id, its kind (the data file key) and why."""

    id: str
    kind: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.reason}"


def left_out(kb: EvidenceBase, selection: Selection) -> tuple[LeftOut, ...]:
    """Every record of ``kb`` that ``selection`` does not export, in dataset order, with the reason."""
    condition = selection.condition
    shown: set[str] = {condition.id}
    for group in (selection.mechanisms, selection.treatments, selection.tests, selection.symptoms,
                  selection.anatomy, selection.findings, selection.studies, selection.recommendations,
                  selection.sources, selection.decisions):
        shown.update(record.id for record in group)
    result: list[LeftOut] = []
    for record in kb:
        if record.id in shown:
            continue
        kind = KIND_OF_CLASS[type(record)]
        result.append(LeftOut(record.id, kind, _reason(kb, record, kind, condition, shown)))
    return tuple(result)


def left_out_of(
    kb: EvidenceBase, condition: str | None = None, *, include: Iterable[str] = ()
) -> tuple[LeftOut, ...]:
    """What :func:`~fmevidence.jsonld.export.export_jsonld` with the same arguments leaves out, and why."""
    from .selection import resolve_condition, select

    return left_out(kb, select(kb, resolve_condition(kb, condition), include))


def _reason(kb: EvidenceBase, record: Record, kind: str, condition: Condition, shown: set[str]) -> str:
    name = condition.name
    if kind in _NOT_EXPORTED_KINDS:
        return _NOT_EXPORTED_KINDS[kind]
    if isinstance(record, Condition):
        return f"another condition; this export is of {name} (export it by naming it)"
    if isinstance(record, Mechanism):
        if _linked(kb, record.id, condition):
            return "left out by --include"
        return (f"no finding links it to {name} (a finding about both, or on a study of {name}); "
                "add one to export it")
    if isinstance(record, (Treatment, DiagnosticTest)):
        if condition.id in record.conditions:
            return "left out by --include"
        return f"its 'conditions' do not name {condition.id}"
    if isinstance(record, Symptom) or kind == "anatomy":
        listed = condition.symptoms if isinstance(record, Symptom) else condition.anatomy
        if record.id in listed:
            return "left out by --include"
        field = "symptoms" if isinstance(record, Symptom) else "anatomy"
        return f"not listed in {condition.id}'s '{field}'"
    if isinstance(record, Finding):
        exported = [ref for ref in record.about if ref in shown]
        if exported:
            return f"also about {', '.join(ref for ref in record.about if ref not in shown)}, which is not exported"
        return f"about {', '.join(record.about)}, none of which this export shows"
    if isinstance(record, Study):
        return "no exported finding rests on it"
    if isinstance(record, Source):
        return "cited by nothing this export shows"
    if isinstance(record, Decision):
        if record.condition != condition.id:
            return f"a decision about {record.condition}, not {condition.id}"
        return f"on {', '.join(record.interventions)}, which this export does not show"
    return f"not linked to {name}"


def _linked(kb: EvidenceBase, mechanism_id: str, condition: Condition) -> bool:
    return any(
        condition.id in finding.about or any(condition.id in study.conditions for study in kb.studies_of(finding))
        for finding in kb.findings_about(mechanism_id)
    )

