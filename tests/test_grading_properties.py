"""Property tests: the grading is monotone, deterministic and never overridden silently."""

from __future__ import annotations

import random

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from fmevidence import (
    Blinding,
    Certainty,
    CertaintyOverride,
    Control,
    Decision,
    DecisionKind,
    Direction,
    EvidenceBase,
    EvidenceOrigin,
    Finding,
    Quantity,
    Study,
    StudyDesign,
)
from fmevidence.grading import EvidenceStatus, OverrideWithoutJustification, Reason, rate_finding, summarise
from fmevidence.grading.rules import KINDS, level_after
from grading_helpers import DRUG, SOURCES, TARGET, TOPIC, base

SOURCE_IDS = [source.id for source in SOURCES]


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


studies_st = st.builds(
    Study,
    id=st.just("s"),
    name=st.just("s"),
    design=st.sampled_from(StudyDesign),
    sources=st.lists(st.sampled_from(SOURCE_IDS), min_size=1, max_size=2, unique=True).map(tuple),
    species=st.sampled_from(["human", "mouse"]),
    sample_size=_maybe(st.integers(1, 2000)),
    randomized=_maybe(st.booleans()),
    blinding=_maybe(st.sampled_from(Blinding)),
    control=_maybe(st.sampled_from(Control)),
    retrospective=_maybe(st.booleans()),
    pilot=st.booleans(),
    surrogate_outcome=st.booleans(),
    conditions=st.sampled_from([(), ("target",), ("rheumatoid-arthritis",)]),
)

quantities_st = st.lists(
    st.builds(
        Quantity, measure=st.sampled_from(["odds ratio", "prevalence"]), value=st.floats(0.1, 10, allow_nan=False)
    ),
    max_size=1,
).map(tuple)

justification_st = st.text(min_size=1, max_size=30).filter(lambda text: text.strip() != "")
override_st = _maybe(st.builds(CertaintyOverride, level=st.sampled_from(Certainty), justification=justification_st))


@st.composite
def bases(draw: st.DrawFn, max_findings: int = 6) -> EvidenceBase:
    """A random small evidence base: studies, then findings on two topics that cite them."""
    studies = [attrs.evolve(s, id=f"s{i}", name=f"s{i}") for i, s in enumerate(draw(st.lists(studies_st, max_size=4)))]
    study_ids = [s.id for s in studies]
    findings = []
    for i in range(draw(st.integers(0, max_findings))):
        findings.append(
            Finding(
                id=f"f{i}",
                statement=f"f{i}",
                about=draw(st.sampled_from([(TOPIC.id,), (DRUG.id,), (TOPIC.id, DRUG.id)])),
                direction=draw(st.sampled_from(Direction)),
                origin=draw(st.sampled_from(EvidenceOrigin)),
                sources=tuple(draw(st.lists(st.sampled_from(SOURCE_IDS), min_size=1, max_size=2, unique=True))),
                studies=tuple(draw(st.lists(st.sampled_from(study_ids), max_size=2, unique=True))) if study_ids else (),
                quantities=draw(quantities_st),
                context=draw(st.booleans()),
                certainty_override=draw(override_st) if draw(st.integers(0, 5)) == 0 else None,
            )
        )
    return base(*studies, *findings)


def _contradicting(draw: st.DrawFn, kb: EvidenceBase) -> Finding:
    study_ids = [s.id for s in kb.studies]
    return Finding(
        id="added",
        statement="added",
        about=(TOPIC.id,),
        direction=Direction.CONTRADICTS,
        origin=draw(st.sampled_from(EvidenceOrigin)),
        sources=(draw(st.sampled_from(SOURCE_IDS)),),
        studies=tuple(draw(st.lists(st.sampled_from(study_ids), max_size=2, unique=True))) if study_ids else (),
        certainty_override=draw(override_st) if draw(st.booleans()) else None,
    )


def _rank(level: Certainty | None) -> int:
    return -1 if level is None else level.rank


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_adding_a_contradicting_finding_never_strengthens_the_supporting_side(data: st.DataObject) -> None:
    kb = data.draw(bases())
    added = _contradicting(data.draw, kb)
    bigger = EvidenceBase(kb.info, (*kb, added))
    before, after = summarise(kb, TOPIC.id), summarise(bigger, TOPIC.id)
    assert _rank(after.best_supporting) <= _rank(before.best_supporting)
    assert _rank(after.best_contradicting) >= _rank(before.best_contradicting)
    counted = rate_finding(bigger, added).counted
    assert after.contradicting == before.contradicting + counted
    if before.status is EvidenceStatus.CONFLICTING:
        assert after.status is not EvidenceStatus.SHOWN
    if after.status is EvidenceStatus.SHOWN:
        assert before.status is EvidenceStatus.SHOWN
    for finding in kb.findings:  # no single supporting finding gains either
        if finding.direction is Direction.SUPPORTS:
            assert rate_finding(bigger, finding).level.rank <= rate_finding(kb, finding).level.rank


@settings(max_examples=100, deadline=None)
@given(kb=bases(), kind=st.sampled_from(DecisionKind), on=st.sampled_from([(DRUG.id,), (DRUG.id, "drug")]))
def test_a_regulatory_decision_never_changes_a_certainty(kb: EvidenceBase, kind: DecisionKind,
                                                         on: tuple[str, ...]) -> None:
    decision = Decision(id="decision", body="Agency", kind=kind, condition=TARGET.id, interventions=on,
                        statement="decided", sources=(SOURCE_IDS[0],), reason="benefit too small for the risks")
    decided = EvidenceBase(kb.info, (*kb, decision))
    for finding in kb.findings:
        assert rate_finding(decided, finding) == rate_finding(kb, finding)
    for topic in (TOPIC.id, DRUG.id):
        assert summarise(decided, topic) == summarise(kb, topic)


WORSENINGS = [
    {"control": Control.NONE},
    {"blinding": Blinding.OPEN_LABEL},
    {"blinding": Blinding.SINGLE_BLIND},
    {"retrospective": True},
    {"species": "rat"},
    {"surrogate_outcome": True},
    {"pilot": True},
    {"sample_size": 10},
    {"conditions": ("multiple-sclerosis",)},
    {"sources": ("src-press",)},
]


@settings(max_examples=150, deadline=None)
@given(kb=bases(), worsening=st.sampled_from(WORSENINGS))
def test_a_reason_to_rate_down_never_raises_the_finding(kb: EvidenceBase, worsening: dict[str, object]) -> None:
    for finding in kb.findings:
        if not finding.studies or finding.certainty_override is not None:
            continue
        before = rate_finding(kb, finding).computed
        changed = [attrs.evolve(s, **worsening) if s.id == finding.studies[0] else s for s in kb.studies]
        if worsening.get("sources"):
            finding = attrs.evolve(finding, sources=("src-press",))
        others = [r for r in kb if not isinstance(r, Study) and r.id != finding.id]
        worse_kb = EvidenceBase(kb.info, (*others, *changed, finding))
        assert rate_finding(worse_kb, finding).computed.rank <= before.rank


@given(
    reasons=st.lists(st.builds(Reason, kind=st.sampled_from(KINDS), change=st.integers(-3, 1), text=st.just("x"))),
    extra=st.builds(Reason, kind=st.sampled_from(KINDS), change=st.integers(-3, 0), text=st.just("y")),
)
def test_adding_a_downward_reason_never_raises_a_level(reasons: list[Reason], extra: Reason) -> None:
    assert level_after([*reasons, extra]).rank <= level_after(reasons).rank


@settings(max_examples=100, deadline=None)
@given(kb=bases(), seed=st.integers(0, 2**16))
def test_the_same_data_always_gives_the_same_rating(kb: EvidenceBase, seed: int) -> None:
    records = list(kb)
    random.Random(seed).shuffle(records)
    shuffled = EvidenceBase(kb.info, tuple(records))
    for finding in kb.findings:
        first = rate_finding(kb, finding)
        assert rate_finding(kb, finding) == first == rate_finding(shuffled, finding)
    assert summarise(kb, TOPIC.id) == summarise(shuffled, TOPIC.id)


@settings(max_examples=100, deadline=None)
@given(kb=bases(max_findings=3), level=st.sampled_from(Certainty), justification=st.text(max_size=20))
def test_overrides_need_a_justification_and_always_show_it(
    kb: EvidenceBase, level: Certainty, justification: str
) -> None:
    for finding in kb.findings:
        overridden = attrs.evolve(finding, certainty_override=CertaintyOverride(level, justification))
        new_kb = EvidenceBase(kb.info, (*(r for r in kb if r.id != finding.id), overridden))
        if not justification.strip():
            try:
                rate_finding(new_kb, overridden)
            except OverrideWithoutJustification:
                continue
            raise AssertionError("an override without justification was applied")
        rating = rate_finding(new_kb, overridden)
        assert rating.level is level and rating.override is not None
        assert rating.reasons[-1].kind == "override" and justification.strip() in rating.reasons[-1].text
        assert rating.computed is rate_finding(new_kb, attrs.evolve(overridden, certainty_override=None)).computed
