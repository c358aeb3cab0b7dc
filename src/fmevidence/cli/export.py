"""``fmevidence export``: schema.org JSON-LD (or HTML, canonical N-Quads, CSL-JSON) of a condition."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ._common import EXIT_NO, EXIT_OK, EXIT_USAGE, CliError, evidence_base, examples, resolve_id

__all__ = ["register", "write_atomically"]

FORMATS = ("jsonld", "html", "nquads", "csl-json")

#: Kinds ``--include`` picks from (the topics an export of a condition lists).
TOPIC_KINDS = ("mechanisms", "treatments", "tests", "symptoms", "anatomy")


def register(subparsers: Any) -> None:
    """Add ``export``."""
    parser = subparsers.add_parser(
        "export",
        help="export a condition as schema.org JSON-LD (or HTML, N-Quads, CSL-JSON)",
        description="Export CONDITION (default: the dataset manifest's primary condition) as schema.org JSON-LD. With any --page-* "
        "option (or --last-reviewed, --reviewed-by, --publisher, --in-language) it is wrapped in a "
        "MedicalWebPage; with --page-url, node ids are fragments of that URL. An unknown CONDITION or "
        "--include topic exits 1 with the closest conditions or topics.",
        epilog=examples(
            "fmevidence export -o fibromyalgia.jsonld",
            "fmevidence export --format html --page-url https://health.example.org/fm --page-name Fibromyalgia "
            "--reviewed-by 'Dr A' --reviewed-by 'Dr B' -o fm-script.html",
            "fmevidence export fibromyalgia --include autoimmunity --include pregabalin --graph -o fm-graph.jsonld",
            "fmevidence export --format csl-json -o fm-sources.json",
        ),
    )
    parser.add_argument("condition", metavar="CONDITION", nargs="?", help="id, name or synonym of a condition")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="jsonld",
        help="jsonld (default); html: a safe <script> element; nquads: URDNA2015 canonical "
        "N-Quads (sha256 fingerprint on stderr); csl-json: the cited sources",
    )
    parser.add_argument("--graph", action="store_true", help="a flat @graph with stable @ids instead of a tree")
    parser.add_argument("--page-url", metavar="URL", help="URL of the page the data will be published on")
    parser.add_argument("--page-name", metavar="NAME", help="title of that page")
    parser.add_argument("--last-reviewed", metavar="DATE", help="date the page was last reviewed (YYYY-MM-DD)")
    parser.add_argument(
        "--reviewed-by", metavar="NAME", action="append", default=[], help="person who reviewed the page (repeatable)"
    )
    parser.add_argument("--publisher", metavar="NAME", help="organization that publishes the page")
    parser.add_argument("--in-language", metavar="TAG", help="language of the page (BCP 47, e.g. en)")
    parser.add_argument("--include", metavar="TOPIC", action="append", default=[],
                        help="only this mechanism / treatment / test / symptom / structure, per kind (repeatable)")
    parser.add_argument("--detail", choices=("full", "summary", "page"), default="full",
                        help="full (default: everything), summary (no study nodes, compact citations) or page "
                        "(exactly what `fmevidence page` shows)")
    parser.add_argument("--minify", action="store_true", help="JSON without whitespace (jsonld, html, csl-json)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write to FILE atomically instead of stdout, and print one line saying what was written")
    parser.add_argument("--left-out", action="store_true",
                        help="list on stderr every record the export leaves out, with the reason")
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from ..jsonld.errors import ExportOptionError

    kb = evidence_base(args)
    # Names are checked here, so an unknown one exits 1 with suggestions of the right kind.
    condition = None if args.condition is None else resolve_id(kb, args.condition, "export", ("conditions",),
                                                                 "condition").id
    include = [resolve_id(kb, topic, "export --include", TOPIC_KINDS, "topic").id for topic in args.include]
    try:
        from ..jsonld.selection import resolve_condition, select

        selection = select(kb, resolve_condition(kb, condition), include)
        text = _render(kb, selection, args)
    except ExportOptionError as exc:
        code = EXIT_NO if exc.option in {"condition", "include"} else EXIT_USAGE
        raise CliError(f"fmevidence export: {exc}", code) from None
    if args.left_out:
        from ..jsonld.left_out import left_out

        for item in left_out(kb, selection):
            print(f"left out: {item}", file=sys.stderr)
    if args.output:
        write_atomically(Path(args.output), text)
        print(_summary(args, selection, text))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _summary(args: argparse.Namespace, selection: Any, text: str) -> str:
    """One line: the file, what it holds, how big it is."""
    size = len(text.encode("utf-8"))
    if args.format == "csl-json":
        what = f"{len(selection.sources)} cited sources as CSL-JSON"
    else:
        shape = {"jsonld": "schema.org JSON-LD", "html": "a JSON-LD <script> element",
                 "nquads": "canonical N-Quads"}[args.format]
        counts = ", ".join(f"{len(records)} {name if len(records) != 1 else name[:-1]}" for name, records in (
            ("mechanisms", selection.mechanisms), ("treatments", selection.treatments),
            ("studies", selection.studies), ("sources", selection.sources)))
        what = f"{shape} for {selection.condition.name} ({counts})"
    return f"wrote {args.output}: {what}, {size:,} bytes"


def _render(kb: Any, selection: Any, args: argparse.Namespace) -> str:
    from ..jsonld.export import PageOptions, dumps, export_selection

    if args.format == "csl-json":
        from ..jsonld.csl import csl_items

        return dumps(csl_items(selection.sources), minify=args.minify)  # the sources the full export cites
    page = None
    if any(v for v in (args.page_url, args.page_name, args.last_reviewed, args.reviewed_by,
                       args.publisher, args.in_language)):
        page = PageOptions(url=args.page_url, name=args.page_name, last_reviewed=args.last_reviewed,
                           reviewed_by=tuple(args.reviewed_by), publisher=args.publisher,
                           in_language=args.in_language)
    document = export_selection(kb, selection, page=page, graph=args.graph, detail=args.detail)
    if args.format == "html":
        from ..jsonld.html import script_element

        return script_element(document, minify=args.minify)
    if args.format == "nquads":
        from ..jsonld.canonical import canonical_nquads, fingerprint

        nquads = canonical_nquads(document)
        print(fingerprint(nquads), file=sys.stderr)
        return nquads
    return dumps(document, minify=args.minify)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    A reader sees the old file or the new one, never half of it; an interrupted run leaves
    at most a hidden ``.NAME.*.tmp`` file, which is removed on any error we can catch.
    """
    folder = path.parent
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CliError(f"fmevidence export: cannot write {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CliError(f"fmevidence export: cannot write {path}: {exc.strerror or exc}", EXIT_USAGE) from None
        raise
