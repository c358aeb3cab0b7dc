"""What an evidence page shows, as plain typed data: built once, rendered as HTML and as JSON-LD.

Both the visible page (:mod:`.render`) and its structured data (:mod:`.structured`) are made
from one :class:`PageContent`, so the markup can only say what the reader sees. Statuses and
certainty come from :mod:`fmevidence.grading`; their words from :mod:`.wording`; regulators'
and guidelines' decisions from :mod:`.decisions`, shown beside the evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import attrs

from ..evidence_base import EvidenceBase
from ..grading import Grader, Rating, summarise, topic_findings
from ..grading.summary import cap_note, side_certainty
from ..jsonld.codes import code_iri
from ..jsonld.ids import doi_iri
from ..jsonld.selection import Selection
from ..model import (
    Condition,
    Direction,
    Finding,
    Mechanism,
    OpenQuestion,
    Source,
    Study,
    StudyDesign,
    Treatment,
)
from .decisions import Decision, decisions_for
from .wording import Wording, certainty_label, certainty_symbols, question, status_wording

__all__ = [
    "CertaintyView",
    "CodeView",
    "Fact",
    "MapCell",
    "PageContent",
    "TopicRow",
    "build_content",
    "source_link",
]

#: The evidence map's columns, in the order they are drawn.
MAP_DIRECTIONS: Final = (Direction.SUPPORTS, Direction.INCONCLUSIVE, Direction.CONTRADICTS)
_NOT_IN_PEOPLE: Final = frozenset({StudyDesign.ANIMAL, StudyDesign.IN_VITRO})


@attrs.frozen
class CertaintyView:
    """One side's best certainty: its level, GRADE symbols, words, and the reasons for it."""

    level: str
    label: str
    symbols: str
    reasons: tuple[str, ...]


@attrs.frozen
class MapCell:
    """One bubble of the evidence map: a topic's findings in one direction."""

    direction: str
    findings: int
    studies: int
    certainty: str | None


@attrs.frozen
class DecisionView:
    """A regulator's or guideline's decision with the page's reference numbers."""

    kind: str
    text: str
    refs: tuple[int, ...]


@attrs.frozen
class TopicRow:
    """A mechanism or treatment: the question, the answer, and the summary of findings."""

    kind: str
    id: str
    name: str
    question: str
    status: str
    wording: Wording
    explanation: str
    supporting: int
    contradicting: int
    inconclusive: int
    human_studies: int
    other_studies: int
    largest_study: int | None
    certainty_for: CertaintyView | None
    certainty_against: CertaintyView | None
    decisions: tuple[DecisionView, ...]
    standing: str | None
    treatment_kind: str | None
    cells: tuple[MapCell, ...]
    refs: tuple[int, ...]
    background: tuple[Fact, ...]

    @property
    def answer(self) -> str:
        """The plain-language answer, as the page shows it (and the JSON-LD repeats)."""
        return f"{self.wording.label}: {self.wording.answer}"


@attrs.frozen
class CodeView:
    """A code as shown: system, code, label and, where the system has one, its public IRI."""

    system: str
    code: str
    label: str | None
    iri: str | None


@attrs.frozen
class Fact:
    """A short, cited statement (a condition fact, a related condition, an open question)."""

    name: str | None
    text: str
    refs: tuple[int, ...]


@attrs.frozen
class PageContent:
    """Everything the page shows, in page order; ``sources`` is the numbered reference list."""

    condition: Condition
    codes: tuple[CodeView, ...]
    condition_refs: tuple[int, ...]
    facts: tuple[Fact, ...]
    symptoms: tuple[str, ...]
    mechanisms: tuple[TopicRow, ...]
    treatments: tuple[TopicRow, ...]
    related: tuple[Fact, ...]
    open_questions: tuple[Fact, ...]
    sources: tuple[Source, ...]
    dataset_reviewed: str


def source_link(source: Source) -> str | None:
    """Where a reference links to: its DOI resolver IRI, else its URL, else its PubMed page."""
    if source.doi:
        return doi_iri(source.doi)
    if source.url:
        return source.url
    if source.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
    return None


class _Numbers:
    """Gives each source a reference number on first use (citation order, as AMA numbers)."""

    def __init__(self) -> None:
        self.order: dict[str, Source] = {}

    def cite(self, sources: Iterable[Source]) -> tuple[int, ...]:
        numbers = []
        for source in sources:
            self.order.setdefault(source.id, source)
            numbers.append(list(self.order).index(source.id) + 1)
        return tuple(sorted(set(numbers)))


def build_content(kb: EvidenceBase, selection: Selection) -> PageContent:
    """The page for ``selection``: the condition, an answer and a summary row per topic, references."""
    numbers = _Numbers()
    grader = Grader(kb)
    condition = selection.condition
    condition_refs = numbers.cite(kb.sources_of(condition))
    shown = {condition.id}
    facts = tuple(
        Fact(None, f.statement, numbers.cite(_finding_sources(kb, f)))
        for f in kb.findings_about(condition.id)
        if f.context
    )
    mechanisms = tuple(_row(kb, grader, numbers, "mechanism", m, condition) for m in selection.mechanisms)
    treatments = tuple(_row(kb, grader, numbers, "treatment", t, condition) for t in selection.treatments)
    related = tuple(
        Fact(other.name, other.description or "", numbers.cite(kb.sources_of(other)))
        for other in (kb.get_as(ref, Condition) for ref in condition.related_conditions)
    )
    topics = {r.id for r in (*selection.mechanisms, *selection.treatments)} | shown
    questions = tuple(
        Fact(None, q.question, numbers.cite(kb.sources_of(q)))
        for q in kb.of_kind("open_questions")
        if isinstance(q, OpenQuestion) and set(q.about) & topics
    )
    return PageContent(
        condition=condition,
        codes=tuple(CodeView(str(c.system), c.code, c.label, code_iri(c)) for c in condition.codes),
        condition_refs=condition_refs,
        facts=facts,
        symptoms=tuple(s.name for s in selection.symptoms),
        mechanisms=mechanisms,
        treatments=treatments,
        related=related,
        open_questions=questions,
        sources=tuple(numbers.order.values()),
        dataset_reviewed=kb.info.last_reviewed,
    )


def _finding_sources(kb: EvidenceBase, finding: Finding) -> list[Source]:
    return [*kb.sources_of(finding), *(s for study in kb.studies_of(finding) for s in kb.sources_of(study))]


def _row(kb: EvidenceBase, grader: Grader, numbers: _Numbers, kind: str, topic: Mechanism | Treatment,
         condition: Condition) -> TopicRow:
    findings = topic_findings(kb, topic.id)
    rated = [(f, grader.rate(f)) for f in findings]
    summary = summarise(kb, topic.id)
    studies = _unique_studies(s for f in findings for s in kb.studies_of(f))
    human = [s for s in studies if s.design not in _NOT_IN_PEOPLE and s.species.casefold() in ("human", "humans")]
    sizes = [s.sample_size for s in human if s.sample_size is not None]
    decisions = decisions_for(kb, topic.id) if isinstance(topic, Treatment) else ()
    refs = numbers.cite([*kb.sources_of(topic), *(s for f in findings for s in _finding_sources(kb, f))])
    background = tuple(Fact(None, f.statement, numbers.cite(_finding_sources(kb, f)))
                       for f in kb.findings_about(topic.id) if f.context)
    return TopicRow(
        kind=kind,
        id=topic.id,
        name=topic.name,
        question=question(kind, topic.name, condition.name),
        status=str(getattr(summary.status, "value", summary.status)),
        wording=status_wording(kind, summary.status, summary.explanation),
        explanation=summary.explanation,
        supporting=summary.supporting,
        contradicting=summary.contradicting,
        inconclusive=summary.inconclusive,
        human_studies=len(human),
        other_studies=len(studies) - len(human),
        largest_study=max(sizes) if sizes else None,
        certainty_for=_best(kb, rated, Direction.SUPPORTS),
        certainty_against=_best(kb, rated, Direction.CONTRADICTS),
        decisions=tuple(_decision(numbers, d) for d in decisions),
        standing=_standing(topic),
        treatment_kind=str(topic.kind.value) if isinstance(topic, Treatment) else None,
        cells=tuple(_cell(kb, rated, direction) for direction in MAP_DIRECTIONS),
        refs=refs,
        background=background,
    )


def _decision(numbers: _Numbers, decision: Decision) -> DecisionView:
    return DecisionView(decision.kind, decision.text, numbers.cite(decision.sources))


def _standing(topic: Mechanism | Treatment) -> str | None:
    if isinstance(topic, Treatment) and topic.status is not None:
        return str(topic.status.value).replace("_", " ")
    return None


def _best(kb: EvidenceBase, rated: list[tuple[Finding, Rating]], direction: Direction) -> CertaintyView | None:
    """A side's certainty as grading concludes it: the best finding's, unless a systematic
    review's own rating caps it (then the cap is the level and the last reason)."""
    side = [(f, r) for f, r in rated if f.direction is direction]
    if not side:
        return None
    _finding, rating = max(side, key=lambda pair: (pair[1].level.rank, -side.index(pair)))
    reasons = tuple(reason.text for reason in rating.reasons)
    counted = [(f, r) for f, r in side if r.counted]
    level, ceiling = side_certainty(kb, counted, direction) if counted else (rating.level, None)
    if ceiling is not None:
        reasons += (cap_note(ceiling).lstrip("; "),)
    value = str((level or rating.level).value)
    return CertaintyView(value, certainty_label(value), certainty_symbols(value), reasons)


def _cell(kb: EvidenceBase, rated: list[tuple[Finding, Rating]], direction: Direction) -> MapCell:
    side = [(f, r) for f, r in rated if f.direction is direction]
    studies = {s.id for f, _ in side for s in kb.studies_of(f)}
    best = max((r.level for _, r in side), key=lambda level: level.rank, default=None)
    return MapCell(str(direction.value), len(side), len(studies), None if best is None else str(best.value))


def _unique_studies(studies: Iterable[Study]) -> list[Study]:
    return list({s.id: s for s in studies}.values())
