"""``fmevidence check PATH`` and ``fmevidence init DIR``: write and lint your own dataset."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import attrs

from ._common import EXIT_OK, CliError, examples

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``check`` and ``init``."""
    check = subparsers.add_parser(
        "check",
        help="check a dataset folder, manifest or file: every problem with its place and the fix",
        description="Exit status: 0 the dataset loads, 1 problems found, 2 a file could not be read.",
        epilog=examples("fmevidence check examples/migraine",
                        "fmevidence check --json examples/migraine/sources.json  # one data file on its own"),
    )
    check.add_argument("path", metavar="PATH", help="a dataset folder (with dataset.json), a manifest, or one data file")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    check.set_defaults(handler=_check)
    init = subparsers.add_parser(
        "init",
        help="write a skeleton dataset that passes check, to start your own",
        epilog=examples("fmevidence init my-dataset && fmevidence check my-dataset"),
    )
    init.add_argument("folder", metavar="DIR", help="a new (or empty) folder to create")
    init.set_defaults(handler=_init)


def _check(args: argparse.Namespace) -> int:
    from ..checking import check

    result = check(args.path)
    if args.json:
        payload = {
            "path": result.path,
            "ok": result.ok,
            "exit_code": result.exit_code,
            "problems": [attrs.asdict(problem) for problem in result.problems],
            "notes": [attrs.asdict(problem) for problem in result.notes],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.report() + "\n")
    return result.exit_code


def _init(args: argparse.Namespace) -> int:
    from ..errors import UsageError
    from ..skeleton import init_dataset

    try:
        files = init_dataset(args.folder)
    except UsageError as exc:
        raise CliError(f"fmevidence init: {exc.message}") from None
    for file in files:
        print(f"wrote {file}")
    print(f"next: edit the files, then run `fmevidence check {args.folder}`")
    return EXIT_OK
