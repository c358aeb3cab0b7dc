"""For editors and CI: validate structured data files and pages before they go live.

Run:  python3 examples/validate_files.py [PATH...]

With paths, validates them (files, folders, pages, JSONL) against the medical-condition-page
profile and the schema.org vocabulary, prints every problem and exits like the command line
(0 no errors, 1 errors, 2 unreadable input). Without paths, it writes two demonstration files
into the current folder — fmevidence's own page about fibromyalgia, and a copy with two
mistakes — and validates those, so you can see what a report looks like.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import fmevidence
from fmevidence.jsonld import PageOptions, export_jsonld, script_element

PAGE = PageOptions(
    url="https://health.example.org/conditions/fibromyalgia",
    last_reviewed="2026-11-30",
    reviewed_by=("Dr Jane Example",),
)


def demo_files(folder: Path) -> list[Path]:
    """Our exported page as HTML, and a JSON copy with a bad date and a missing name."""
    document = export_jsonld(fmevidence.load(), page=PAGE)
    good = folder / "fibromyalgia.html"
    good.write_text(f"<!doctype html>\n<html><head>\n{script_element(document)}\n</head></html>\n", encoding="utf-8")
    document["lastReviewed"] = "2026-02-30"
    del document["about"]["name"]
    broken = folder / "broken.jsonld"
    broken.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return [good, broken]


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or demo_files(Path.cwd())
    report = fmevidence.validate(*paths, profile="medical-condition-page")
    for result in report.results:
        where = f"{result.file}" + (f", line {result.line}" if result.line else "")
        errors = [p for p in result.problems if p.severity.value == "error"]
        print(f"{where}: {len(errors)} error(s), {len(result.problems) - len(errors)} warning(s)")
        for problem in errors:
            print(f"  {problem.pointer or '/'}  [{problem.rule}] {problem.message}")
    summary = report.summary
    print(f"{summary.documents} documents in {summary.files} files: {summary.errors} errors, {summary.warnings} warnings")
    return summary.exit_code if argv else 0  # the demonstration itself succeeds


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
