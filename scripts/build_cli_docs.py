"""Write docs/cli.md, the command-line reference, from the argparse parser itself.

Why generated: a hand-written reference drifts as options are added; this one is rebuilt from
``fmevidence.cli.build_parser()`` (usage, descriptions, every option with its help, choices and
default, and each sub-command's examples), and ``tests/test_docs.py`` fails when the committed
file differs from what this script writes.

Usage (after changing the CLI)::

    python3 scripts/build_cli_docs.py [OUTPUT]      # default: docs/cli.md
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO / "docs" / "cli.md"
WIDTH = 88

CONVENTIONS = """\
## Conventions

Every sub-command follows the same rules (checked for each of them by
`tests/test_cli_conventions.py`, which iterates over the parser's sub-commands):

- **Exit codes**: `0` success; `1` the answer is "no" — an id that names no record of the kind
  the command expects, or validation errors; `2` bad usage (an unknown option, sub-command or
  choice, a malformed value) or input that cannot be read (a missing file, an invalid dataset).
  No command prints a traceback; on exit 1 or 2 (except `validate`'s report) nothing is written
  to stdout.
- **Unknown ids** exit 1 with the closest ids *of the kind the command expects*:
  `fmevidence export fibromyalgi` suggests conditions, `fmevidence export --include autoimunity`
  suggests mechanisms, treatments, tests, symptoms and anatomy. Ids, names and synonyms are
  accepted in any case.
- **"Did you mean"** for a mistyped sub-command (`fmevidence exprot`), `list` kind or choice
  (`--format jsnld`); these are usage errors (exit 2).
- **Repeatable options are repeated**: `--reviewed-by "Dr A" --reviewed-by "Dr B"`,
  `--include autoimmunity --include pregabalin`. No option takes several values, so none can
  swallow a positional argument. Several inputs are positional (`fmevidence validate a.jsonld b.html`).
- **Ids are never broken across lines**, so they can be copied from the output.
- **`--help`** ends with examples; the test suite runs every one of them.
- `--data PATH` (before the sub-command) uses your own dataset instead of the built-in one.
"""


def _format(parser: argparse.ArgumentParser) -> argparse.HelpFormatter:
    from fmevidence.cli._common import HelpFormatter

    return functools.partial(HelpFormatter, width=WIDTH)(prog=parser.prog)


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = _format(parser)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _option_name(action: argparse.Action) -> str:
    if not action.option_strings:
        name = action.metavar or action.dest
        return f"`{name}`" if action.nargs not in ("?", "*") else f"`[{name}]`"
    takes_value = action.nargs != 0
    metavar = action.metavar or action.dest.upper()
    return ", ".join(f"`{option} {metavar}`" if takes_value else f"`{option}`" for option in action.option_strings)


def _option_help(action: argparse.Action) -> str:
    text = (action.help or "").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").strip()
    if text and not text.endswith("."):
        text += "."
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        text += " Choices: " + ", ".join(f"`{choice}`" for choice in action.choices) + "."
    if action.default not in (None, False, [], argparse.SUPPRESS) and "default" not in text:
        text += f" Default: `{action.default}`."
    return text.strip()


def _options_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = [
        action for action in parser._actions
        if not isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction))
    ]
    if not rows:
        return []
    lines = ["| argument | meaning |", "| --- | --- |"]
    lines += [f"| {_option_name(action)} | {_option_help(action)} |" for action in rows]
    return [*lines, ""]


def _examples(parser: argparse.ArgumentParser) -> list[str]:
    epilog = parser.epilog or ""
    commands = [line.strip() for line in epilog.splitlines()[1:] if line.strip().startswith("fmevidence")]
    if not commands:
        return []
    notes = [line.strip() for line in epilog.splitlines()[1:] if line.strip() and not line.strip().startswith("fmevidence")]
    return ["Examples:", "", "```console", *(f"$ {command}" for command in commands), "```", "",
            *(f"{note}" for note in notes), *([""] if notes else [])]


def _section(title: str, parser: argparse.ArgumentParser) -> list[str]:
    lines = [f"## `{title}`", ""]
    if parser.description:
        lines += [parser.description, ""]
    lines += ["```text", _usage(parser), "```", ""]
    lines += _options_table(parser)
    lines += _examples(parser)
    return lines


def render() -> str:
    """The whole reference, as Markdown."""
    from fmevidence.cli import build_parser

    parser = build_parser()
    [subparsers] = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    helps = {choice.dest: choice.help for choice in subparsers._choices_actions}
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated by scripts/build_cli_docs.py from the argparse parser: do not edit by hand. -->",
        "",
        "The `fmevidence` command is a thin shell over the [Python API](api.md). Sub-commands:",
        "",
        *(f"- [`{name}`](#fmevidence-{name}): {helps.get(name, '')}" for name in subparsers.choices),
        "",
        CONVENTIONS,
        *_section("fmevidence", parser),
    ]
    for name, sub in subparsers.choices.items():
        lines += _section(f"fmevidence {name}", sub)
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else DEFAULT_OUTPUT
    output.write_text(render(), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
