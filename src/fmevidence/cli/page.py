"""``fmevidence page``: a self-contained, accessible evidence page (or an embeddable fragment)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ._common import EXIT_OK, EXIT_USAGE, CliError, evidence_base

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``page``."""
    parser = subparsers.add_parser(
        "page",
        help="build a publishable HTML evidence page with matching structured data",
        description="Build a self-contained HTML page about CONDITION (default: fibromyalgia): a plain-language "
        "summary, an answer per proposed mechanism with GRADE-style certainty, summary-of-findings tables, an "
        "evidence map and the references, with JSON-LD that marks up exactly what the page shows. Page metadata "
        "(headline, authors, reviewers, publisher, dates, breadcrumb, ...) comes from --config site.toml.",
    )
    parser.add_argument("condition", metavar="CONDITION", nargs="?", help="id, name or synonym of a condition")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE atomically instead of stdout")
    parser.add_argument("--config", metavar="FILE", help="TOML site configuration ([page] metadata, [build] options)")
    parser.add_argument("--fragment", action="store_true",
                        help="an embeddable <section> plus its JSON-LD <script> instead of a whole page")
    parser.add_argument("--detail", choices=("page", "summary", "full"), default=None,
                        help="structured data embedded: page (default: what the page shows), summary or full")
    parser.add_argument("--style", metavar="STYLE", help="CSL style of the references: ama (default) or a .csl file")
    parser.add_argument("--templates", metavar="DIR", help="folder of template overrides (page.html.j2, ...)")
    parser.add_argument("--include", metavar="TOPIC", action="extend", nargs="+", default=None,
                        help="only these mechanisms / treatments (per kind), as for export")
    parser.set_defaults(handler=_page)


def _page(args: argparse.Namespace) -> int:
    from ..jsonld.errors import ExportOptionError
    from ..jsonld.export import PageOptions
    from ..page.config import BuildOptions, PageConfigError, load_config
    from ..page.render import build_page
    from .export import write_atomically

    try:
        config = load_config(args.config) if args.config else None
    except PageConfigError as exc:
        raise CliError(f"fmevidence page: {exc}", EXIT_USAGE) from None
    build = config.build if config is not None else BuildOptions()
    kb = evidence_base(args)
    try:
        text = build_page(
            kb,
            args.condition if args.condition is not None else build.condition,
            page=config.page if config is not None else PageOptions(),
            include=args.include if args.include is not None else build.include,
            style=args.style or build.style,
            templates=args.templates or build.templates,
            fragment=args.fragment,
            detail=args.detail or build.detail,
        )
    except ExportOptionError as exc:
        raise CliError(f"fmevidence page: {exc}", EXIT_USAGE) from None
    if args.output:
        write_atomically(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
