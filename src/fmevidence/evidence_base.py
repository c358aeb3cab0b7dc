"""The loaded, immutable evidence base: records by id and kind, relations resolved by query.

Records keep the ids written in the files; this class owns the indexes that turn those ids
into records, so a user never joins ids by hand and the model classes stay plain.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TypeVar, overload

from .errors import UnknownRecordError
from .kinds import KIND_OF_CLASS, KINDS
from .model import (
    Condition,
    DatasetInfo,
    Decision,
    Entity,
    Finding,
    Record,
    Source,
    Study,
    StudyDesign,
    Treatment,
)

__all__ = ["EvidenceBase"]

_R = TypeVar("_R", bound=Record)
_T = TypeVar("_T")


class EvidenceBase:
    """All records of one dataset, with lookups and the queries users need.

    Build one with :func:`fmevidence.load`; it never changes after construction.
    """

    __slots__ = ("_by_id", "_by_kind", "_by_name", "_decisions_on", "_findings_about", "_findings_citing",
                 "_findings_from_study", "_targeting", "info")

    def __init__(self, info: DatasetInfo, records: tuple[Record, ...]) -> None:
        self.info = info
        by_kind: dict[str, list[Record]] = {kind: [] for kind in KINDS}
        by_id: dict[str, Record] = {}
        by_name: dict[str, dict[str, None]] = {}  # a dict keeps order and dedupes in O(1)
        findings_about: dict[str, list[Finding]] = {}
        findings_citing: dict[str, list[Finding]] = {}
        findings_from_study: dict[str, list[Finding]] = {}
        targeting: dict[str, list[Treatment]] = {}
        decisions_on: dict[str, list[Decision]] = {}
        for record in records:
            by_id[record.id] = record
            by_kind[KIND_OF_CLASS[type(record)]].append(record)
            for name in _names_of(record):
                by_name.setdefault(name.casefold(), {})[record.id] = None
            if isinstance(record, Finding):
                for ref in record.about:
                    findings_about.setdefault(ref, []).append(record)
                for ref in record.sources:
                    findings_citing.setdefault(ref, []).append(record)
                for ref in record.studies:
                    findings_from_study.setdefault(ref, []).append(record)
            elif isinstance(record, Treatment):
                for ref in record.targets:
                    targeting.setdefault(ref, []).append(record)
            elif isinstance(record, Decision):
                for ref in record.interventions:
                    decisions_on.setdefault(ref, []).append(record)
        self._by_id: Mapping[str, Record] = MappingProxyType(by_id)
        self._by_kind: Mapping[str, tuple[Record, ...]] = MappingProxyType(
            {kind: tuple(items) for kind, items in by_kind.items()}
        )
        self._by_name = _freeze({name: list(ids) for name, ids in by_name.items()})
        self._findings_about = _freeze(findings_about)
        self._findings_citing = _freeze(findings_citing)
        self._findings_from_study = _freeze(findings_from_study)
        self._targeting = _freeze(targeting)
        self._decisions_on = _freeze(decisions_on)

    def __repr__(self) -> str:
        counts = ", ".join(f"{kind}={len(items)}" for kind, items in self._by_kind.items() if items)
        return f"<EvidenceBase {self.info.name} {self.info.version}: {counts}>"

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._by_id.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    # -- lookups -------------------------------------------------------------------------

    def get(self, record_id: str) -> Record:
        """The record with this id; raises :class:`UnknownRecordError` with close matches."""
        try:
            return self._by_id[record_id]
        except KeyError:
            raise UnknownRecordError(record_id, self.suggest(record_id)) from None

    @overload
    def find(self, record_id: str) -> Record | None: ...
    @overload
    def find(self, record_id: str, default: _T) -> Record | _T: ...
    def find(self, record_id: str, default: object = None) -> object:
        """The record with this id, or ``default``."""
        return self._by_id.get(record_id, default)

    def get_as(self, record_id: str, cls: type[_R]) -> _R:
        """The record with this id, checked to be of class ``cls``."""
        record = self.get(record_id)
        if not isinstance(record, cls):
            kind = KIND_OF_CLASS[type(record)]
            raise TypeError(f"record {record_id!r} is of kind {kind}, not {cls.__name__}")
        return record

    def lookup(self, name: str) -> tuple[Record, ...]:
        """Records whose id, name or synonym equals ``name``, ignoring case."""
        return tuple(self._by_id[ref] for ref in self._by_name.get(name.strip().casefold(), ()))

    def resolve(self, text: str) -> Record:
        """The one record named by an id, a name or a synonym; raises if none or ambiguous."""
        if text in self._by_id:
            return self._by_id[text]
        matches = self.lookup(text)
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownRecordError(text, tuple(match.id for match in matches))
        raise UnknownRecordError(text, self.suggest(text))

    def suggest(self, text: str, limit: int = 5) -> tuple[str, ...]:
        """Ids whose id, name or synonym is close to ``text``."""
        key = text.strip().casefold()
        names = difflib.get_close_matches(key, list(self._by_name), n=limit * 2, cutoff=0.6)
        containing = [name for name in self._by_name if key and key in name]
        ordered: list[str] = []
        for name in names + sorted(containing, key=len):
            for ref in self._by_name[name]:
                if ref not in ordered:
                    ordered.append(ref)
        return tuple(ordered[:limit])

    def of_kind(self, kind: str) -> tuple[Record, ...]:
        """All records of one kind (a JSON key such as ``"findings"``), in file order."""
        return self._by_kind[kind]

    @property
    def sources(self) -> tuple[Source, ...]:
        """All sources."""
        return self._typed("sources", Source)

    @property
    def studies(self) -> tuple[Study, ...]:
        """All studies."""
        return self._typed("studies", Study)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """All findings."""
        return self._typed("findings", Finding)

    def _typed(self, kind: str, cls: type[_R]) -> tuple[_R, ...]:
        return tuple(record for record in self._by_kind[kind] if isinstance(record, cls))

    # -- relations -----------------------------------------------------------------------

    def sources_of(self, record: Record) -> tuple[Source, ...]:
        """The sources a record cites (a source is its own)."""
        if isinstance(record, Source):
            return (record,)
        return tuple(self.get_as(ref, Source) for ref in record.sources)

    def studies_of(self, finding: Finding) -> tuple[Study, ...]:
        """The studies behind a finding."""
        return tuple(self.get_as(ref, Study) for ref in finding.studies)

    def subjects_of(self, finding: Finding) -> tuple[Record, ...]:
        """The entities a finding is about."""
        return tuple(self.get(ref) for ref in finding.about)

    def findings_about(self, record_id: str) -> tuple[Finding, ...]:
        """Findings about an entity (a mechanism, treatment, biomarker, condition, ...)."""
        self.get(record_id)
        return self._findings_about.get(record_id, ())

    def findings_citing(self, source_id: str) -> tuple[Finding, ...]:
        """Findings that cite a source."""
        self.get_as(source_id, Source)
        return self._findings_citing.get(source_id, ())

    def findings_from_study(self, study_id: str) -> tuple[Finding, ...]:
        """Findings that rest on a study."""
        self.get_as(study_id, Study)
        return self._findings_from_study.get(study_id, ())

    def decisions_on(self, treatment_id: str) -> tuple[Decision, ...]:
        """Regulatory and guideline decisions on a treatment (shown beside its evidence, never counted)."""
        self.get(treatment_id)
        return self._decisions_on.get(treatment_id, ())

    def primary_condition(self, name: str | None = None) -> Condition | None:
        """The condition the dataset is about: ``name`` (an id, name or synonym) if given,
        else the manifest's ``condition``, else the only condition if there is exactly one."""
        if name is not None:
            return self.get_as(self.resolve(name).id, Condition)
        if self.info.condition is not None:
            return self.get_as(self.info.condition, Condition)
        conditions = self._by_kind["conditions"]
        if len(conditions) == 1 and isinstance(conditions[0], Condition):
            return conditions[0]
        return None

    def treatments_targeting(self, mechanism_id: str) -> tuple[Treatment, ...]:
        """Treatments whose ``targets`` include a mechanism."""
        self.get(mechanism_id)
        return self._targeting.get(mechanism_id, ())

    def studies_by_design(self, *designs: StudyDesign | str) -> tuple[Study, ...]:
        """Studies of any of the given designs (enum members or their string values)."""
        wanted = {StudyDesign(design) for design in designs}
        return tuple(study for study in self.studies if study.design in wanted)

    def entities(self) -> tuple[Entity, ...]:
        """Every condition, mechanism, treatment, biomarker, structure, symptom and test."""
        from .kinds import ENTITY_KINDS

        return tuple(
            record
            for kind in KINDS
            if kind in ENTITY_KINDS
            for record in self._by_kind[kind]
            if isinstance(record, Entity)
        )


def _names_of(record: Record) -> Iterator[str]:
    yield record.id
    name = getattr(record, "name", None)
    if isinstance(name, str):
        yield name
    if isinstance(record, Source):
        yield record.title
        if record.doi:
            yield record.doi
    yield from getattr(record, "synonyms", ())


def _freeze(index: dict[str, list[_T]]) -> Mapping[str, tuple[_T, ...]]:
    return MappingProxyType({key: tuple(values) for key, values in index.items()})
