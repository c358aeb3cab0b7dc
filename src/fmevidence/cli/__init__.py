"""The ``fmevidence`` command: a thin shell over the public API.

Each sub-command lives in its own module with a ``register(subparsers)`` function that adds
its parser and sets ``handler``; handlers return the exit code. Exit codes: 0 success,
1 the answer is "no" (unknown id, validation errors), 2 bad usage or unreadable input.
Heavy imports happen inside handlers, so ``fmevidence --help`` stays fast.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from ..errors import DatasetError, FmevidenceError, UsageError
from ._common import EXIT_USAGE, CliError, HelpFormatter, die, examples

__all__ = ["main"]

#: Modules under ``fmevidence.cli`` that register sub-commands, in help order.
COMMAND_MODULES = ("records", "evidence", "export", "page", "validate", "crawl", "check")


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with one clear line, offers "did you mean" for a mistyped choice
    (a sub-command, a ``--format``), and keeps the examples at the end of ``--help`` as written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: error: {message}", EXIT_USAGE)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        close = difflib.get_close_matches(str(value), names, n=3, cutoff=0.6)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise argparse.ArgumentError(action, f"invalid choice: {value!r} (choose from {', '.join(names)}){hint}")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (public so docs and tests can inspect it)."""
    from .. import __version__

    parser = _Parser(
        prog="fmevidence",
        description="Fibromyalgia research evidence: typed, cited, graded; exported as schema.org JSON-LD.",
        epilog=examples(
            "fmevidence show fibromyalgia",
            "fmevidence evidence autoimmunity",
            "fmevidence export -o fibromyalgia.jsonld",
            "fmevidence validate fibromyalgia.jsonld",
        ) + "\n(fmevidence COMMAND --help shows the options and examples of one command)",
    )
    parser.add_argument("--version", action="version", version=f"fmevidence {__version__}")
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="use the dataset at PATH (a folder with dataset.json, or one file) instead of the built-in one",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(subparsers)
    return parser


def _sub_command(parser: argparse.ArgumentParser, name: str | None) -> argparse.ArgumentParser:
    """The parser of sub-command ``name`` (the main parser when there is none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            command: argparse.ArgumentParser = action.choices[name]
            return command
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # name the sub-command whose options these are not
            command = _sub_command(parser, args.command)
            command.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        code: int = args.handler(args)
        return code
    except CliError as exc:
        return die(exc.message, exc.code)
    except DatasetError as exc:
        return die(f"fmevidence: {exc}", EXIT_USAGE)
    except UsageError as exc:
        return die(f"fmevidence: {exc.message}", EXIT_USAGE)
    except FmevidenceError as exc:
        return die(f"fmevidence: {exc}", 1)
    except BrokenPipeError:
        # A reader such as `head` closed the pipe: not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return die("fmevidence: interrupted", 130)
