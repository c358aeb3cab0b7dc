"""``fmevidence crawl WARC... -o DIR``: validate a web crawl with Dask (local processes)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ._common import EXIT_USAGE, CliError, examples, positive_int

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``crawl``."""
    parser = subparsers.add_parser(
        "crawl",
        help="validate every HTML page of WARC crawl files in parallel (Dask); write per-page results and a summary",
        description=(
            "Check the structured data of every HTML response in .warc / .warc.gz files, in parallel with "
            "Dask, and write OUT/pages/part-N.jsonl (one line per page), OUT/summary.json and "
            "OUT/summary.html. Needs the 'crawl' extra: pip install 'fmevidence[crawl]'. Exit 0: no "
            "errors; 1: errors found; 2: bad usage or a crawl file could not be read."
        ),
        epilog=examples(
            "fmevidence crawl examples/crawl-sample.warc.gz -o crawl-report --workers 2",
            "fmevidence crawl examples/crawl-sample.warc.gz -o crawl-report --workers 1 --profile google",
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="WARC", help="WARC files (.warc or .warc.gz); fsspec URLs work")
    parser.add_argument("-o", "--out", required=True, metavar="DIR", help="folder for the results")
    parser.add_argument("--workers", type=positive_int, default=None, metavar="N", help="processes (default: all cores)")
    parser.add_argument(
        "--records-per-task",
        type=positive_int,
        default=1000,
        metavar="N",
        help="cut files into tasks of N records, so one big file uses every worker (default: 1000)",
    )
    parser.add_argument("--profile", metavar="NAME", help="also check this built-in profile")
    parser.set_defaults(handler=_crawl)




def _crawl(args: argparse.Namespace) -> int:
    try:
        from ..crawl import run
    except ImportError as exc:
        raise CliError(
            f"fmevidence crawl: needs the optional crawl packages ({exc.name}); "
            "install them with: python3 -m pip install 'fmevidence[crawl]'",
            EXIT_USAGE,
        ) from None
    from ..validation.runner import Options, UsageError, build_checks

    missing = [path for path in args.paths if "://" not in path and not os.path.isfile(path)]
    if missing:
        raise CliError(f"fmevidence crawl: no such file: {missing[0]}", EXIT_USAGE)
    options = Options(profile=args.profile)
    try:
        build_checks(options)
    except UsageError as exc:
        raise CliError(f"fmevidence crawl: {exc}", EXIT_USAGE) from None
    result = run(
        args.paths,
        args.out,
        options=options,
        workers=args.workers or os.cpu_count() or 1,
        records_per_task=args.records_per_task,
    )
    summary = result.summary
    errors, warnings, skipped = (sum(c.values()) for c in (summary.errors, summary.warnings, summary.skipped_records))
    print(
        f"{summary.pages:,} pages ({summary.pages_with_data:,} with structured data), "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}; "
        f"{_count(skipped, 'response record')} not checked as pages (see summary.json)"
    )
    print(f"wrote {result.pages_dir}/, {result.summary_json}, {result.summary_html}")
    return result.exit_code


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
