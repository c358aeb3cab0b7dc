"""``fmevidence evidence [TOPIC]``: how strong the evidence on a mechanism or treatment is, and why."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from ..evidence_base import EvidenceBase
from ..kinds import ENTITY_KINDS, KIND_OF_CLASS, kind_label
from ..model import Biomarker, Finding, Mechanism, Record, Treatment, Verification
from ._common import EXIT_OK, evidence_base, examples, print_json, resolve_id

if TYPE_CHECKING:
    from ..grading import Rating

__all__ = ["WIDTH", "is_claim_topic", "register", "render_overview", "render_topic", "topic_data"]

#: Width of the printed tables (fixed, so output is the same on every terminal and in README).
WIDTH = 100


def register(subparsers: Any) -> None:
    """Add ``evidence``."""
    parser = subparsers.add_parser(
        "evidence",
        help="rate the findings on a mechanism or treatment and summarise them",
        description="Without TOPIC: the status of every mechanism and treatment. With TOPIC: each finding "
        "on it with its direction, certainty and the reasons for that certainty, then the summary. "
        "With a finding id: that finding's rating. An unknown TOPIC exits 1 with the closest topics.",
        epilog=examples(
            "fmevidence evidence",
            "fmevidence evidence autoimmunity",
            "fmevidence evidence SFN --json",
            "fmevidence evidence fm-igg-transfers-symptoms-to-mice",
        ),
    )
    parser.add_argument("topic", metavar="TOPIC", nargs="?",
                        help="an id, name or synonym (e.g. autoimmunity, SFN, pregabalin)")
    parser.add_argument("--json", action="store_true", help="print findings, ratings and summary as JSON")
    parser.set_defaults(handler=_evidence)


def _evidence(args: argparse.Namespace) -> int:
    kb = evidence_base(args)
    if args.topic is None:
        return _overview(kb, args.json)
    topic = resolve_id(kb, args.topic, "evidence", ENTITY_KINDS | {"findings"}, "topic")
    if isinstance(topic, Finding):
        return _one_finding(kb, topic, args.json)
    if args.json:
        print_json(topic_data(kb, topic))
    else:
        print(render_topic(kb, topic))
    return EXIT_OK


def _one_finding(kb: EvidenceBase, finding: Finding, as_json: bool) -> int:
    from ..grading import rate_finding, rating_data

    rating = rate_finding(kb, finding)
    if as_json:
        print_json({"id": finding.id, "statement": finding.statement, "direction": finding.direction.value,
                    "context": finding.context, "verification": finding.verification.value, **rating_data(rating)})
        return EXIT_OK
    lines = [*textwrap.wrap(finding.statement, WIDTH), f"  [finding {finding.id}]", ""]
    lines += _finding_rows(finding, rating, len(finding.id))
    print("\n".join(lines))
    return EXIT_OK


def topic_data(kb: EvidenceBase, topic: Record) -> dict[str, Any]:
    """The ``--json`` document for one topic: the topic, every finding with its rating, the summary."""
    from ..grading import Grader, rating_data, summary_data
    from ..grading.summary import summary_of

    grader = Grader(kb)
    findings = kb.findings_about(topic.id)
    rated = [(finding, grader.rate(finding)) for finding in findings]
    return {
        "topic": {"id": topic.id, "name": _name(topic), "kind": KIND_OF_CLASS[type(topic)],
                  "takes_sides": is_claim_topic(topic)},
        "findings": [
            {
                "id": finding.id,
                "statement": finding.statement,
                "direction": finding.direction.value,
                "context": finding.context,
                "verification": finding.verification.value,
                "counted": not finding.context,
                **rating_data(rating),
            }
            for finding, rating in rated
        ],
        "summary": summary_data(summary_of(topic.id, [(f, r) for f, r in rated if not f.context])),
    }


def render_topic(kb: EvidenceBase, topic: Record) -> str:
    """The table for one topic: finding, direction, certainty, reasons; then the summary line."""
    from ..grading import Grader
    from ..grading.summary import summary_of

    grader = Grader(kb)
    findings = [finding for finding in kb.findings_about(topic.id) if not finding.context]
    context = len(kb.findings_about(topic.id)) - len(findings)
    rated = [(finding, grader.rate(finding)) for finding in findings]
    kind = kind_label(topic)
    lines = [f"{_name(topic)} [{kind} {topic.id}]", ""]
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
    summary = summary_of(topic.id, rated)
    lines += textwrap.wrap(f"Summary: {summary.explanation}", WIDTH, subsequent_indent="  ")
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
    lines = [header, "-" * WIDTH, f"{finding.id:<{id_width}}  {finding.direction.value:<12}  {certainty}"]
    for reason in rating.reasons:
        lines += textwrap.wrap(_reason_line(reason.change, reason.kind, reason.text), WIDTH,
                               initial_indent="    ", subsequent_indent="       ", break_on_hyphens=False)
    if finding.verification is Verification.UNVERIFIED:
        lines.append("    note: unverified: no curator has seen this in the source itself")
    return lines


def is_claim_topic(topic: Record) -> bool:
    """Whether findings on this topic all take sides on one claim (involved / helps / marks FM)."""
    return isinstance(topic, (Mechanism, Treatment, Biomarker))


def _reason_line(change: int, kind: str, text: str) -> str:
    return text if kind == "design" else f"{change:+d} {text}"


def _overview(kb: EvidenceBase, as_json: bool) -> int:
    from ..grading import summary_data

    topics = [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")]
    summaries = _summaries(kb, topics)
    if as_json:
        print_json([{"kind": KIND_OF_CLASS[type(t)], "name": _name(t), **summary_data(s)}
                    for t, s in zip(topics, summaries, strict=True)])
    else:
        print(render_overview(kb))
    return EXIT_OK


def render_overview(kb: EvidenceBase) -> str:
    """One line per mechanism and treatment: status, counts and best certainty on each side."""
    topics = [*kb.of_kind("mechanisms"), *kb.of_kind("treatments")]
    summaries = _summaries(kb, topics)
    width = max([len("TOPIC"), *(len(t.id) for t in topics)])
    lines = [f"{'TOPIC':<{width}}  {'KIND':<9}  {'STATUS':<12}  {'FOR (BEST)':<16}  {'AGAINST (BEST)':<16}  INCONCL."]
    for topic, s in zip(topics, summaries, strict=True):
        kind = kind_label(topic)
        lines.append(
            f"{topic.id:<{width}}  {kind:<9}  {s.status.value:<12}  "
            f"{_side(s.supporting, s.best_supporting):<16}  {_side(s.contradicting, s.best_contradicting):<16}  "
            f"{s.inconclusive}"
        )
    return "\n".join(lines)


def _summaries(kb: EvidenceBase, topics: list[Record]) -> list[Any]:
    from ..grading import summarise_all

    return list(summarise_all(kb, [topic.id for topic in topics]).values())


def _side(count: int, best: Any) -> str:
    return f"{count} ({best.value.replace('_', ' ')})" if count else "0"


def _name(record: Record) -> str:
    for field in ("name", "title", "statement", "question"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            return value
    return record.id
