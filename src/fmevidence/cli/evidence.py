"""``fmevidence evidence [TOPIC]``: how strong the evidence on a mechanism or treatment is, and why."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from ..decision_text import decision_text, recommendation_text, record_name
from ..evidence_base import EvidenceBase
from ..kinds import ENTITY_KINDS, KIND_OF_CLASS, kind_label
from ..model import (
    Biomarker,
    Decision,
    Finding,
    Mechanism,
    Recommendation,
    Record,
    Treatment,
    Verification,
)
from ._common import EXIT_NO, EXIT_OK, EXIT_USAGE, die, evidence_base, print_json

if TYPE_CHECKING:
    from ..grading import Grader, Rating

__all__ = ["WIDTH", "decision_data", "decision_text", "is_claim_topic", "recommendation_text", "register",
           "render_overview", "render_topic", "topic_data"]

#: Width of the printed tables (fixed, so output is the same on every terminal and in README).
WIDTH = 100


def register(subparsers: Any) -> None:
    """Add ``evidence``."""
    parser = subparsers.add_parser(
        "evidence",
        help="rate the findings on a mechanism or treatment and summarise them",
        description="Without TOPIC: the status of every mechanism and treatment. With TOPIC: each finding "
        "on it with its direction, certainty and the reasons for that certainty, then the summary.",
    )
    parser.add_argument("topic", metavar="TOPIC", nargs="?",
                        help="an id, name or synonym (e.g. autoimmunity, SFN, pregabalin)")
    parser.add_argument("--json", action="store_true", help="print findings, ratings and summary as JSON")
    parser.add_argument("--condition", metavar="CONDITION",
                        help="grade relative to this condition (id, name or synonym; default: the dataset "
                        "manifest's primary condition)")
    parser.set_defaults(handler=_evidence)


def _evidence(args: argparse.Namespace) -> int:
    from ..errors import UnknownRecordError
    from ..grading import Grader

    kb = evidence_base(args)
    try:
        grader = Grader(kb, args.condition)
    except (UnknownRecordError, TypeError) as exc:
        return die(f"fmevidence evidence: --condition {args.condition!r}: {exc}", EXIT_USAGE)
    if args.topic is None:
        return _overview(grader, args.json)
    try:
        topic = kb.resolve(args.topic)
    except UnknownRecordError as exc:
        if kb.lookup(args.topic):
            return die(f"fmevidence evidence: {args.topic!r} names several records: "
                       f"{', '.join(exc.suggestions)}; give one id", EXIT_NO)
        hint = f"; did you mean: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        return die(f"fmevidence evidence: no topic {args.topic!r}{hint}", EXIT_NO)
    if isinstance(topic, Finding):
        return _one_finding(grader, topic, args.json)
    if KIND_OF_CLASS[type(topic)] not in ENTITY_KINDS:
        kind = kind_label(topic)
        return die(f"fmevidence evidence: {topic.id!r} is a {kind}, not a topic; give a mechanism, treatment "
                   "or other entity (or a finding)", EXIT_NO)
    if args.json:
        print_json(topic_data(kb, topic, grader))
    else:
        print(render_topic(kb, topic, grader))
    return EXIT_OK


def _one_finding(grader: Grader, finding: Finding, as_json: bool) -> int:
    from ..grading import rating_data

    rating = grader.rate(finding)
    if as_json:
        print_json({"id": finding.id, "statement": finding.statement, "direction": finding.direction.value,
                    "context": finding.context, "verification": finding.verification.value,
                    "counted": rating.counted, **rating_data(rating)})
        return EXIT_OK
    lines = [*textwrap.wrap(finding.statement, WIDTH), f"  [finding {finding.id}]", ""]
    lines += _finding_rows(finding, rating, len(finding.id))
    print("\n".join(lines))
    return EXIT_OK


def topic_data(kb: EvidenceBase, topic: Record, grader: Grader | None = None) -> dict[str, Any]:
    """The ``--json`` document for one topic: the topic, every finding with its rating, the
    summary, and the regulatory and guideline decisions shown beside it (never counted)."""
    from ..grading import Grader, rating_data, summary_data
    from ..grading.summary import summary_of

    grader = grader if grader is not None else Grader(kb)
    findings = kb.findings_about(topic.id)
    rated = [(finding, grader.rate(finding)) for finding in findings]
    return {
        "topic": {"id": topic.id, "name": record_name(topic), "kind": KIND_OF_CLASS[type(topic)],
                  "takes_sides": is_claim_topic(topic)},
        "findings": [
            {
                "id": finding.id,
                "statement": finding.statement,
                "direction": finding.direction.value,
                "context": finding.context,
                "verification": finding.verification.value,
                "counted": rating.counted,
                **rating_data(rating),
            }
            for finding, rating in rated
        ],
        "summary": summary_data(summary_of(topic.id, [(f, r) for f, r in rated if not f.context], grader)),
        "decisions": [decision_data(kb, d) for d in _decisions(kb, topic)],
        "recommendations": [recommendation_text(kb, r) for r in _recommendations(kb, topic)],
    }


def decision_data(kb: EvidenceBase, decision: Decision) -> dict[str, Any]:
    """A decision as JSON: who decided what, on what, for which condition, when and why."""
    return {
        "id": decision.id, "body": decision.body, "decision": decision.kind.value,
        "condition": decision.condition, "interventions": list(decision.interventions),
        "date": decision.date, "strength": decision.strength, "reason": decision.reason,
        "region": decision.region, "sources": list(decision.sources), "text": decision_text(kb, decision),
        "counted": False,
    }


def _decisions(kb: EvidenceBase, topic: Record) -> tuple[Decision, ...]:
    return kb.decisions_on(topic.id) if isinstance(topic, Treatment) else ()


def _recommendations(kb: EvidenceBase, topic: Record) -> list[Recommendation]:
    if not isinstance(topic, Treatment):
        return []
    return [r for r in kb.of_kind("recommendations") if isinstance(r, Recommendation) and topic.id in r.treatments]


def _beside(kb: EvidenceBase, topic: Record) -> list[str]:
    """Every decision and recommendation on a topic, one line each."""
    return [*(decision_text(kb, d) for d in _decisions(kb, topic)),
            *(recommendation_text(kb, r) for r in _recommendations(kb, topic))]


def render_topic(kb: EvidenceBase, topic: Record, grader: Grader | None = None) -> str:
    """The table for one topic: finding, direction, certainty, reasons; then the summary line
    and the decisions beside it."""
    from ..grading import Grader
    from ..grading.summary import summary_of

    grader = grader if grader is not None else Grader(kb)
    findings = [finding for finding in kb.findings_about(topic.id) if not finding.context]
    context = len(kb.findings_about(topic.id)) - len(findings)
    rated = [(finding, grader.rate(finding)) for finding in findings]
    kind = kind_label(topic)
    lines = [f"{record_name(topic)} [{kind} {topic.id}]", ""]
    if rated:
        id_width = max(len(f.id) for f, _ in rated)
        lines += _finding_rows(rated[0][0], rated[0][1], id_width)[:2]
        for finding, rating in rated:
            lines += _finding_rows(finding, rating, id_width)[2:]
        lines.append("")
    else:
        lines.append("No findings that take a side on this topic.")
    if context:
        lines.append(f"({context} descriptive context finding{'s' if context != 1 else ''} not counted.)")
    summary = summary_of(topic.id, rated, grader)
    certainty = "" if summary.certainty is None else f" [certainty: {summary.certainty.value.replace('_', ' ')}]"
    lines += textwrap.wrap(f"Summary: {summary.explanation}{certainty}", WIDTH, subsequent_indent="  ")
    beside = _beside(kb, topic)
    if beside:
        lines.append("Decisions and recommendations (shown beside the evidence, never counted):")
        for line in beside:
            lines += textwrap.wrap(line, WIDTH, initial_indent="  - ", subsequent_indent="    ")
    if not is_claim_topic(topic):
        lines += textwrap.wrap(
            f"Note: findings about a {kind} take sides on different claims (a mechanism, a treatment, ...), "
            "so this summary only adds them up; the status is meaningful for a mechanism, treatment or biomarker.",
            WIDTH,
        )
    return "\n".join(lines)


def _finding_rows(finding: Finding, rating: Rating, id_width: int) -> list[str]:
    """The table header (two lines), then the finding's row and its reasons, one per line."""
    id_width = max(id_width, len("FINDING"))
    header = f"{'FINDING':<{id_width}}  {'DIRECTION':<12}  CERTAINTY   (reasons below each finding)"
    certainty = rating.level.value.replace("_", " ")
    if rating.override is not None:
        certainty += f" (override; computed {rating.computed.value.replace('_', ' ')})"
    if not rating.counted:
        certainty += f" (not counted: {rating.role.value})"
    lines = [header, "-" * WIDTH, f"{finding.id:<{id_width}}  {finding.direction.value:<12}  {certainty}"]
    for reason in rating.reasons:
        lines += textwrap.wrap(_reason_line(reason.change, reason.kind, reason.text), WIDTH,
                               initial_indent="    ", subsequent_indent="       ", break_on_hyphens=False)
    if finding.verification is Verification.UNVERIFIED:
        lines.append("    note: unverified: no curator has seen this in the source itself")
    return lines


def is_claim_topic(topic: Record) -> bool:
    """Whether findings on this topic all take sides on one claim (involved / helps / marks the condition)."""
    return isinstance(topic, (Mechanism, Treatment, Biomarker))


def _reason_line(change: int, kind: str, text: str) -> str:
    return text if kind == "design" else f"{change:+d} {text}"


def _overview(grader: Grader, as_json: bool) -> int:
    from ..grading import summary_data

    kb = grader.kb
    topics = [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")]
    summaries = _summaries(grader, topics)
    if as_json:
        print_json([{"kind": KIND_OF_CLASS[type(t)], "name": record_name(t), **summary_data(s),
                     "decisions": _beside(kb, t)}
                    for t, s in zip(topics, summaries, strict=True)])
    else:
        print(render_overview(kb, grader))
    return EXIT_OK


def render_overview(kb: EvidenceBase, grader: Grader | None = None) -> str:
    """One line per mechanism and treatment: status, certainty, counts and best certainty on
    each side; then the decisions shown beside the treatments (never counted)."""
    from ..grading import Grader

    grader = grader if grader is not None else Grader(kb)
    topics = [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")]
    summaries = _summaries(grader, topics)
    width = max([len("TOPIC"), *(len(t.id) for t in topics)])
    label_width = max([len("STATUS"), *(len(s.label) for s in summaries)])
    lines = [f"{'TOPIC':<{width}}  {'KIND':<9}  {'STATUS':<{label_width}}  {'CERTAINTY':<9}  "
             f"{'FOR (BEST)':<14}  AGAINST (BEST)"]
    decided: list[str] = []
    for topic, s in zip(topics, summaries, strict=True):
        kind = kind_label(topic)
        certainty = "-" if s.certainty is None else s.certainty.value.replace("_", " ")
        lines.append(
            f"{topic.id:<{width}}  {kind:<9}  {s.label:<{label_width}}  {certainty:<9}  "
            f"{_side(s.supporting, s.best_supporting):<14}  {_side(s.contradicting, s.best_contradicting)}"
        )
        decided += [f"  {topic.id}: {line}" for line in _beside(kb, topic)]
    if decided:
        lines += ["", "Decisions and recommendations (shown beside the evidence, never counted):", *decided]
    return "\n".join(lines)


def _summaries(grader: Grader, topics: list[Record]) -> list[Any]:
    from ..grading import summarise_all

    return list(summarise_all(grader.kb, [topic.id for topic in topics], grader).values())


def _side(count: int, best: Any) -> str:
    return f"{count} ({best.value.replace('_', ' ')})" if count else "0"


