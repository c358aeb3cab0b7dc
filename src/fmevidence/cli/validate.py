"""``fmevidence validate PATH...``: check structured data files, pages and JSONL streams."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import EXIT_USAGE, CliError, examples, positive_int

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``validate``."""
    parser = subparsers.add_parser(
        "validate",
        help="validate JSON-LD / JSON files, HTML pages and JSONL against schema.org, a profile or a schema",
        description=(
            "Validate .json/.jsonld files, .html/.htm pages (every application/ld+json script), .jsonl "
            "(one document a line), folders (recursively) and - (stdin). Exit 0: no errors (warnings "
            "allowed); 1: errors found; 2: bad usage or an input could not be read."
        ),
        epilog=examples(
            "fmevidence export -o fibromyalgia.jsonld && fmevidence validate fibromyalgia.jsonld",
            "fmevidence validate --profile medical-condition-page fibromyalgia.jsonld",
            "fmevidence validate --format json --jobs 2 fibromyalgia.jsonld",
            "fmevidence export | fmevidence validate -",
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, or - for stdin")
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="built-in profiles, comma-separated: medical-condition-page and the search-feature profiles "
        "(see --list-profiles); google = every google-* profile",
    )
    parser.add_argument(
        "--list-profiles", action="store_true", help="print each profile with its source page and date, and exit"
    )
    parser.add_argument(
        "--fail-on",
        metavar="FAMILIES",
        type=_families,
        help="only errors of these families fail the run (exit 1), e.g. schema.org,profile:google-organization; "
        "families: schema.org, json-schema, profile:NAME (or profile for all), visible-content, input",
    )
    parser.add_argument(
        "--check-visible",
        action="store_true",
        help="HTML pages: warn when a marked-up name, headline or review date is not in the visible text",
    )
    parser.add_argument(
        "--schema",
        metavar="FILE",
        help=(
            "also validate against this JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12 by $schema; 2020-12 when "
            "absent), or a shipped one by its URI such as urn:fmevidence:schema:finding"
        ),
    )
    parser.add_argument(
        "--schema-map",
        action="append",
        default=[],
        metavar="URI=PATH",
        help=(
            "serve a remote $ref URI from a local file (a URI ending in / from a folder); other remote "
            "$refs are refused, never fetched (repeatable)"
        ),
    )
    parser.add_argument(
        "--disable-formats",
        action="store_true",
        help="do not check 'format' (date-time, email, uri...) in --schema (checked by default)",
    )
    parser.add_argument(
        "--vocabulary", metavar="FILE", help="check terms against this official schema.org release file"
    )
    parser.add_argument("--no-vocabulary", action="store_true", help="skip the schema.org vocabulary check")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--jobs", "-j", type=positive_int, default=1, metavar="N", help="worker processes (default: 1)")
    parser.add_argument(
        "--max-size",
        type=_size,
        default=None,
        metavar="BYTES",
        help="refuse files (and JSONL lines) larger than this; suffixes K, M, G (default: 64M)",
    )
    parser.add_argument(
        "--stdin-type",
        choices=("auto", "json", "jsonl", "html"),
        default="auto",
        help="what - (stdin) holds (default: auto, HTML when it starts with <, else JSON)",
    )
    parser.set_defaults(handler=_validate)


def _families(text: str) -> frozenset[str]:
    """``--fail-on``: known family names only, so a typo cannot silently pass every run."""
    from ..validation.features import feature_profiles
    from ..validation.report import FAMILY_PREFIXES
    from ..validation.runner import PROFILES

    known = {family for _, family in FAMILY_PREFIXES} | {"schema.org", "profile"}
    known |= {f"profile:{name}" for name in (*PROFILES, *feature_profiles())}
    names = frozenset(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise argparse.ArgumentTypeError("expected a comma-separated list of families, e.g. schema.org")
    unknown = sorted(names - known)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown famil{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; "
                                         f"expected some of: {', '.join(sorted(known))}")
    return names




def _size(text: str) -> int:
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    number, unit = (text[:-1], units[text[-1].upper()]) if text and text[-1].upper() in units else (text, 1)
    try:
        value = int(number) * unit
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size such as 500K or 64M, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive size, found {text!r}")
    return value


def _validate(args: argparse.Namespace) -> int:
    from ..validation.inputs import DEFAULT_MAX_BYTES
    from ..validation.output import JsonWriter, Progress, TextWriter
    from ..validation.runner import Options, Run, UsageError, WorkerDied, build_checks
    from ..validation.schema_map import SchemaMap, SchemaMapError
    from ..validation.user_schema import UserSchemaError, load_schema

    if args.list_profiles:
        from ..validation.features import describe_profiles
        from ..validation.runner import PROFILES

        sys.stdout.write(describe_profiles(PROFILES))
        return 0
    if not args.paths:
        raise CliError("fmevidence validate: expected at least one PATH (or --list-profiles)", EXIT_USAGE)
    if args.paths.count("-") > 1:
        raise CliError("fmevidence validate: - (stdin) can be given only once", EXIT_USAGE)
    if args.no_vocabulary and args.vocabulary:
        raise CliError("fmevidence validate: --vocabulary and --no-vocabulary contradict each other", EXIT_USAGE)
    if (args.schema_map or args.disable_formats) and not args.schema:
        raise CliError("fmevidence validate: --schema-map and --disable-formats apply to --schema only", EXIT_USAGE)
    try:
        schema_map = SchemaMap.parse(args.schema_map)
        schema = load_schema(args.schema) if args.schema else None
    except SchemaMapError as exc:
        raise CliError(f"fmevidence validate: --schema-map: {exc}", EXIT_USAGE) from None
    except UserSchemaError as exc:
        raise CliError(f"fmevidence validate: {exc}", EXIT_USAGE) from None
    options = Options(
        profile=args.profile,
        schema=schema,
        vocabulary=not args.no_vocabulary,
        vocabulary_file=args.vocabulary,
        max_bytes=args.max_size or DEFAULT_MAX_BYTES,
        formats=not args.disable_formats,
        schema_map=schema_map,
        check_visible=args.check_visible,
    )
    try:
        checks = build_checks(options)
    except UsageError as exc:
        where = f" ({args.schema})" if args.schema and "schema" in str(exc) else ""
        raise CliError(f"fmevidence validate: {exc}{where}", EXIT_USAGE) from None
    progress = Progress(sys.stderr)
    run = Run(
        args.paths, options, jobs=args.jobs, stdin_kind=args.stdin_type, checks=checks, on_progress=progress.update
    )
    run.summary.fail_on = args.fail_on
    results = iter(run)
    try:
        writer = (
            JsonWriter(sys.stdout)
            if args.format == "json"
            else TextWriter(sys.stdout, schema_org_checked=not args.no_vocabulary)
        )
        for result in results:
            progress.finish()
            writer.write(result)
        progress.finish()
        writer.close(run.summary)
    except WorkerDied as exc:
        progress.finish()
        raise CliError(f"fmevidence validate: {exc}", EXIT_USAGE) from None
    except BrokenPipeError:
        # The reader (`head`) has seen enough; the exit status still tells whether errors were found.
        _detach_stdout()
        for _ in results:
            pass
    return run.summary.exit_code


def _detach_stdout() -> None:
    """Point stdout at /dev/null so nothing more (not even the final flush) hits the closed pipe."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests): nothing to detach
        pass
    finally:
        os.close(devnull)
