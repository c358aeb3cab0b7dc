"""Write the evidence-status table into README.md between its markers, from the code.

    python3 scripts/build_status_table.py          # rewrite the block
    python3 scripts/build_status_table.py --check  # exit 1 if README.md is out of date

tests/test_status_table.py runs the check, so the README never drifts from
:data:`fmevidence.grading.STATUS_RULES`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fmevidence.grading import STATUS_RULES

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- statuses:start -->", "<!-- statuses:end -->"


def render() -> str:
    """The table: status code, words for a treatment and a mechanism, and the rule behind it."""
    lines = ["| status | treatment | mechanism or biomarker | rule |", "|---|---|---|---|"]
    for status, (treatment, mechanism, rule) in STATUS_RULES.items():
        lines.append(f"| `{status.value}` | {treatment} | {mechanism} | {rule} |")
    return "\n".join(lines)


def updated(text: str) -> str:
    """``text`` with the block between the markers replaced by :func:`render`."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{render()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    new = updated(text)
    if "--check" in argv:
        if new != text:
            print("README.md status table is out of date: run python3 scripts/build_status_table.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
