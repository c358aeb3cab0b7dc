"""``fmevidence list KIND`` and ``fmevidence show ID``: the records, for people and machines."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

import attrs

from ..evidence_base import EvidenceBase
from ..kinds import KIND_OF_CLASS, KINDS, REFERENCES, kind_label, normalise_kind
from ..model import Biomarker, Finding, Mechanism, MedicalCode, Quantity, Record, Source, Study, Treatment
from ._common import EXIT_NO, EXIT_OK, CliError, die, evidence_base, print_json

__all__ = ["register"]

_SIGN = {"supports": "+", "contradicts": "-", "inconclusive": "?"}


def register(subparsers: Any) -> None:
    """Add ``list`` and ``show``."""
    kinds = ", ".join(kind.replace("_", "-") for kind in KINDS)
    listing = subparsers.add_parser("list", help="list the records of one kind", description=f"KIND is one of: {kinds}")
    listing.add_argument("kind", metavar="KIND", help=f"one of: {kinds}")
    listing.add_argument("--json", action="store_true", help="print the records as JSON, in the data files' shape")
    listing.set_defaults(handler=_list)
    show = subparsers.add_parser("show", help="show one record by id, name or synonym, with what it links to")
    show.add_argument("id", metavar="ID", help="a record id, name or synonym (e.g. fibromyalgia, FM, autoimmunity)")
    show.add_argument("--json", action="store_true", help="print the record as JSON, in the data files' shape")
    show.set_defaults(handler=_show)


def _list(args: argparse.Namespace) -> int:
    kind = normalise_kind(args.kind)
    if kind is None:
        known = ", ".join(k.replace("_", "-") for k in KINDS)
        raise CliError(f"fmevidence list: unknown kind {args.kind!r}; expected one of: {known}")
    kb = evidence_base(args)
    records = kb.of_kind(kind)
    if args.json:
        from ..converter import to_data

        print_json([to_data(record) for record in records])
        return EXIT_OK
    for record in records:
        print(f"{record.id}  {_title(record)}")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from ..errors import UnknownRecordError

    kb = evidence_base(args)
    try:
        record = kb.resolve(args.id)
    except UnknownRecordError as exc:
        hint = f"; did you mean: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        matches = kb.lookup(args.id)
        if matches:
            return die(f"fmevidence show: {args.id!r} names several records: {', '.join(exc.suggestions)}", EXIT_NO)
        return die(f"fmevidence show: no record {args.id!r}{hint}", EXIT_NO)
    if args.json:
        from ..converter import to_data

        print_json(to_data(record))
        return EXIT_OK
    print(render(kb, record))
    return EXIT_OK


def render(kb: EvidenceBase, record: Record) -> str:
    """A plain-text summary of a record and what links to it."""
    kind = kind_label(record)
    lines = [f"{_title(record)}", f"  [{kind} {record.id}]"]
    references = REFERENCES[type(record)]
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if field.name in {"id", "name", "title", "statement", "question"} or value == field.default:
            continue
        if value is None or value == ():
            continue
        label = field.name.replace("_", " ")
        if field.name in references:
            ids = (value,) if isinstance(value, str) else value
            lines.append(f"{label}:")
            lines.extend(f"  - {_title(kb.get(ref))} [{ref}]" for ref in ids)
        elif isinstance(value, tuple):
            lines.append(f"{label}: " + "; ".join(_inline(item) for item in value))
        else:
            lines.extend(textwrap.wrap(f"{label}: {_inline(value)}", width=100, subsequent_indent="  "))
    lines.extend(_evidence_status(kb, record))
    lines.extend(_linked_findings(kb, record))
    return "\n".join(lines)


def _evidence_status(kb: EvidenceBase, record: Record) -> list[str]:
    """For a mechanism, treatment or biomarker: where its evidence stands, in one line."""
    if not isinstance(record, (Mechanism, Treatment, Biomarker)):
        return []
    from ..grading import summarise

    summary = summarise(kb, record.id)
    line = f"evidence: {summary.explanation} (ratings and reasons: fmevidence evidence {record.id})"
    return textwrap.wrap(line, width=100, subsequent_indent="  ")


def _linked_findings(kb: EvidenceBase, record: Record) -> list[str]:
    if isinstance(record, Source):
        findings = kb.findings_citing(record.id)
    elif isinstance(record, Study):
        findings = kb.findings_from_study(record.id)
    elif isinstance(record, Finding) or KIND_OF_CLASS[type(record)] in {"recommendations", "open_questions"}:
        return []
    else:
        findings = kb.findings_about(record.id)
    if not findings:
        return []
    counts = {
        direction: sum(1 for f in findings if f.direction.value == direction and not f.context) for direction in _SIGN
    }
    counts["descriptive context"] = sum(1 for f in findings if f.context)
    summary = ", ".join(f"{count} {direction}" for direction, count in counts.items() if count)
    lines = [f"findings ({summary}; + supports, - contradicts, ? inconclusive, · context):"]
    for finding in findings:
        sign = "·" if finding.context else _SIGN[finding.direction.value]
        lines.extend(
            textwrap.wrap(
                f"{sign} {finding.statement} [{finding.id}]", width=100, initial_indent="  ", subsequent_indent="    "
            )
        )
    return lines


def _title(record: Record) -> str:
    if isinstance(record, Source):
        authors = ", ".join(record.authors) + (", et al" if record.et_al else "")
        year = f" ({record.year})" if record.year else ""
        return f"{authors + '. ' if authors else ''}{record.title}{year}"
    for field in ("name", "statement", "question"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            return value
    return record.id


def _inline(value: object) -> str:
    if isinstance(value, MedicalCode):
        return f"{value.system.value} {value.code}" + (f" ({value.label})" if value.label else "")
    if isinstance(value, Quantity):
        amount = f"{value.low:g}-{value.high:g}" if value.value is None else f"{value.value:g}"
        approx = "about " if value.approximate else ""
        return f"{value.measure}: {approx}{amount}{' ' + value.unit if value.unit else ''}"
    if attrs.has(type(value)):
        return ", ".join(f"{k}={_inline(v)}" for k, v in attrs.asdict(value, recurse=False).items() if v is not None)  # type: ignore[arg-type]
    return str(value)
