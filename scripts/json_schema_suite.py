"""Pass rates of ``validate --schema`` on the official JSON-Schema-Test-Suite, for docs/json-schema.md.

    python3 scripts/json_schema_suite.py [SUITE]   (default: ../shared/reference/JSON-Schema-Test-Suite)

Prints, for drafts 4, 6, 7, 2019-09 and 2020-12 and for both engines (jsonschema-rs, the
default, and the pure-Python jsonschema fallback): the required tests (formats disabled, the
suite's remotes/ served through a schema map, as tests/test_json_schema_suite.py runs them),
and the optional format tests (``optional/format/*.json``, formats checked, as by default)
per format. Each test goes through ``user_schema_check``, the path of ``--schema``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from fmevidence.validation.registry import SchemaMap
from fmevidence.validation.runner import UsageError, user_schema_check

DIALECTS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
ENGINES = {"jsonschema-rs": True, "jsonschema": False}


def failures_in_file(
    path: Path, draft: str, *, fast: bool, formats: bool, schema_map: SchemaMap
) -> tuple[int, list[tuple[str, str]]]:
    """(tests run, failures as (case, test)) for one suite file, through ``--schema``'s path.

    tests/test_json_schema_suite.py runs the suite with this function, so the figures printed
    here and the test's verdict can never come from two different runners.
    """
    total = 0
    failures: list[tuple[str, str]] = []
    for case in json.loads(path.read_text(encoding="utf-8")):
        schema: Any = case["schema"]
        if isinstance(schema, dict) and "$schema" not in schema:
            schema = {"$schema": DIALECTS[draft], **schema}
        try:
            check = user_schema_check(schema, formats=formats, schema_map=schema_map, fast=fast)
        except UsageError:
            check = None
        for test in case["tests"]:
            total += 1
            if check is None or (not check.check(test["data"])) != test["valid"]:
                failures.append((case["description"], test["description"]))
    return total, failures


def run_file(path: Path, draft: str, *, fast: bool, formats: bool, schema_map: SchemaMap) -> tuple[int, int]:
    """(passed, total) for one suite file."""
    total, failures = failures_in_file(path, draft, fast=fast, formats=formats, schema_map=schema_map)
    return total - len(failures), total


def main() -> None:
    suite = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared/reference/JSON-Schema-Test-Suite"
    )
    schema_map = SchemaMap.of([("http://localhost:1234/", suite / "remotes")])
    print(f"JSON-Schema-Test-Suite {(suite / 'COMMIT').read_text().strip()[:12]}\n")
    print("Required tests (formats disabled)\n")
    print("| draft | " + " | ".join(ENGINES) + " |")
    print("|---|" + "---|" * len(ENGINES))
    for draft in DIALECTS:
        cells = []
        for fast in ENGINES.values():
            passed = total = 0
            for path in sorted((suite / "tests" / draft).glob("*.json")):
                p, t = run_file(path, draft, fast=fast, formats=False, schema_map=schema_map)
                passed, total = passed + p, total + t
            cells.append(f"{passed}/{total}")
        print(f"| {draft} | " + " | ".join(cells) + " |")
    print("\nOptional format tests (formats checked, the default): passed/total per engine, rs | jsonschema\n")
    rates: dict[str, dict[str, str]] = defaultdict(dict)
    totals: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0, 0])
    for draft in DIALECTS:
        for path in sorted((suite / "tests" / draft / "optional" / "format").glob("*.json")):
            cells = []
            for fast in ENGINES.values():
                p, t = run_file(path, draft, fast=fast, formats=True, schema_map=schema_map)
                totals[draft, fast][0] += p
                totals[draft, fast][1] += t
                cells.append(f"{p}/{t}")
            rates[path.stem][draft] = " \\| ".join(cells)
    print("| format | " + " | ".join(DIALECTS) + " |")
    print("|---|" + "---|" * len(DIALECTS))
    for name in sorted(rates):
        print(f"| {name} | " + " | ".join(rates[name].get(draft, "") for draft in DIALECTS) + " |")
    summary = []
    for draft in DIALECTS:
        parts = [
            f"{totals[draft, fast][0]}/{totals[draft, fast][1]} ({totals[draft, fast][0] / totals[draft, fast][1]:.1%})"
            for fast in ENGINES.values()
        ]
        summary.append(" \\| ".join(parts))
    print("| **all formats** | " + " | ".join(summary) + " |")


if __name__ == "__main__":
    main()
