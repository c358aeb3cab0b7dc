"""Helpers shared by the sub-commands: exit codes, errors, dataset access, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import FmevidenceError
from ..evidence_base import EvidenceBase

__all__ = ["EXIT_NO", "EXIT_OK", "EXIT_USAGE", "CliError", "die", "evidence_base", "print_json"]

EXIT_OK = 0
EXIT_NO = 1
EXIT_USAGE = 2


class CliError(FmevidenceError):
    """Stop the command with this message on stderr and this exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def die(message: str, code: int) -> int:
    """Print ``message`` to stderr and return ``code`` (for ``return die(...)``)."""
    print(message, file=sys.stderr)
    return code


def evidence_base(args: argparse.Namespace) -> EvidenceBase:
    """The dataset the user asked for with ``--data``, or the built-in one."""
    from ..loading import load

    return load(getattr(args, "data", None))


def print_json(value: Any) -> None:
    """Pretty, key-sorted, UTF-8 JSON on stdout."""
    sys.stdout.write(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
