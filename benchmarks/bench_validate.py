"""Validation costs, each beside its baseline. Run by hand:

    python3 benchmarks/bench_validate.py [--runs N] [--lines 1000000] [--files 10000]

Rows:
- the medical-condition-page profile (required + recommended schemas) on a ~2 KB valid page and on
  the project's full export: a reused ``Draft202012Validator`` per schema (baseline) vs
  ``SchemaCheck.check`` with the jsonschema-rs fast path (target: >= 50x);
- explaining documents with problems: jsonschema over the whole document vs the targeted run
  (jsonschema checks only the nodes on the way to the places the fast path found);
- bulk runs of the command line in a fresh process: 10,000 files in a folder, and JSONL files of
  100,000 and 1,000,000 lines (documents/s and peak RSS, which should not grow with the number of
  documents), ``--jobs 2`` vs ``--jobs 1`` (target: >= 1.7x on 2 free cores). The bulk rows use
  ``--profile medical-condition-page --no-vocabulary`` (the vocabulary check has its own benchmark,
  benchmarks/bench_vocabulary.py) and one row adds the vocabulary check on the 10,000 files.

The sample page is built from the built-in dataset (its real codes and DOIs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

import fmevidence
from fmevidence.validation.registry import local_registry, schema_by_name
from fmevidence.validation.report import Severity
from fmevidence.validation.schema_check import SchemaCheck

PROFILE = ("medical-condition-page", "medical-condition-page-recommended")

CHILD = """
import os, resource, sys, time
sys.stdout = open(os.devnull, "w")
from fmevidence.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.__stdout__.write(f"{code} {elapsed} {own} {workers}\\n")
"""


def sample_page() -> dict[str, Any]:
    """A ~2 KB MedicalWebPage about fibromyalgia, from the dataset's own records."""
    kb = fmevidence.load()
    fm = kb.get("fibromyalgia")
    citations = [
        {
            "@type": "ScholarlyArticle",
            "name": source.title,
            "identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": source.doi},
            "sameAs": f"https://doi.org/{source.doi}",
            "datePublished": str(source.year),
        }
        for source in kb.sources
        if getattr(source, "doi", None) and getattr(source, "year", None)
    ][:4]
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": "https://example.org/fibromyalgia",
        "name": fm.name,
        "lastReviewed": "2024-05-01",
        "reviewedBy": {"@type": "Person", "name": "A Reviewer"},
        "about": {
            "@type": "MedicalCondition",
            "name": fm.name,
            "alternateName": list(fm.synonyms),
            "description": fm.description,
            "code": [
                {"@type": "MedicalCode", "codeValue": code.code, "codingSystem": str(code.system)} for code in fm.codes
            ],
        },
        "citation": citations,
    }


def best(action: Callable[[], object], runs: int, inner: int) -> float:
    """Best time per call over ``runs`` rounds of ``inner`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            action()
        times.append((time.perf_counter() - start) / inner)
    return min(times)


def profile_rows(runs: int) -> list[tuple[str, str, str, str]]:
    from fmevidence.jsonld.export import PageOptions, export_jsonld

    baseline = [
        jsonschema.Draft202012Validator(
            schema_by_name(name),
            registry=local_registry(),
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        for name in PROFILE
    ]
    checks = [
        SchemaCheck(schema_by_name(PROFILE[0]) or {}, fast=True),
        SchemaCheck(schema_by_name(PROFILE[1]) or {}, severity=Severity.WARNING, fast=True),
    ]
    page_options = PageOptions(url="https://example.org/fm", last_reviewed="2024-05-01", reviewed_by=("A Reviewer",))
    documents = {
        "2 KB page, both schemas": (sample_page(), [0, 1]),
        # The export has warnings (conditions without a description), so only the required schema
        # (on which it is valid) is a valid-document measurement.
        "full export page, required schema": (export_jsonld(fmevidence.load(), page=page_options), [0]),
    }
    rows = []
    for label, (document, which) in documents.items():
        text = json.dumps(document)
        validators = [baseline[i] for i in which]
        fast_checks = [checks[i] for i in which]
        assert all(not list(v.iter_errors(document)) for v in validators), label
        parse = best(lambda text=text: json.loads(text), runs, 200)
        slow = best(
            lambda d=document, vs=validators: [list(v.iter_errors(d)) for v in vs],
            runs,
            1 if len(text) > 10_000 else 20,
        )
        fast = best(lambda d=document, cs=fast_checks: [c.check(d) for c in cs], runs, 200)
        size = f"{len(text) / 1024:.1f} KB"
        rows.append(
            (
                f"profile, {label} ({size})",
                f"{fast * 1e6:,.1f} us",
                f"{slow * 1e6:,.0f} us (reused Draft202012Validator)",
                f"{slow / fast:,.0f}x faster",
            )
        )
        rows.append(("  json.loads of it", f"{parse * 1e6:,.1f} us", "", f"check = {fast / parse:.1f}x parse"))
    # Documents with problems: jsonschema explains them; with the profile's layout it checks only
    # the nodes on the way to the places the fast path found (same problems, differentially tested).
    bad_page = sample_page()
    bad_page["lastReviewed"] = "2024-02-30"
    failing = {
        "2 KB page with a bad date": bad_page,
        "full export page with 8 warnings": documents["full export page, required schema"][0],
    }
    from fmevidence.validation.runner import Options, build_checks

    profile = build_checks(Options(profile="medical-condition-page", vocabulary=False)).checks
    for label, document in failing.items():
        problems = [p for check in profile for p in check(document)]
        slow = best(lambda d=document: [list(v.iter_errors(d)) for v in baseline], runs, 1)
        fast = best(lambda d=document: [check(d) for check in profile], runs, 20)
        rows.append(
            (
                f"explain, {label} ({len(problems)} problems)",
                f"{fast * 1e6:,.0f} us",
                f"{slow * 1e6:,.0f} us (jsonschema on the whole document)",
                f"{slow / fast:,.0f}x faster",
            )
        )
    return rows


def run_cli(args: list[str]) -> tuple[int, float, int]:
    out = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False)
    if not out.stdout.strip():
        raise SystemExit(f"benchmark child failed: {out.stderr[-2000:]}")
    code, elapsed, own, workers = out.stdout.split()
    return int(code), float(elapsed), max(int(own), int(workers))


def bulk_rows(folder: Path, files: int, lines: int) -> list[tuple[str, str, str, str]]:
    page = sample_page()
    bad = json.loads(json.dumps(page))
    bad["lastReviewed"] = "2024-02-30"
    line_ok, line_bad = json.dumps(page) + "\n", json.dumps(bad) + "\n"
    tree = folder / "pages"
    tree.mkdir()
    for index in range(files):
        sub = tree / f"{index // 1000:03}"
        sub.mkdir(exist_ok=True)
        (sub / f"{index:05}.json").write_text(line_bad if index % 100 == 0 else line_ok, encoding="utf-8")
    jsonl = {}
    for count in sorted({lines // 10, lines}):
        path = folder / f"{count}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            block = "".join(line_bad if i % 1000 == 0 else line_ok for i in range(1000))
            for _ in range(count // 1000):
                handle.write(block)
        jsonl[count] = path
    common = ["validate", "--profile", "medical-condition-page", "--format", "json"]
    rows = []

    def row(label: str, target: Path, documents: int, *extra: str) -> float:
        code, elapsed, peak = run_cli([*common, *extra, str(target)])
        assert code == 1, code
        rows.append(
            (label, f"{documents / elapsed:,.0f} docs/s", f"{elapsed:,.1f} s", f"peak RSS {peak / 1024:,.0f} MB")
        )
        return elapsed

    row(f"{files:,} files, profile + vocabulary", tree, files)
    serial = row(f"{files:,} files, profile, --jobs 1", tree, files, "--no-vocabulary")
    parallel = row(f"{files:,} files, profile, --jobs 2", tree, files, "--no-vocabulary", "--jobs", "2")
    rows.append(("  --jobs 2 vs --jobs 1 (files)", f"{serial / parallel:.2f}x", "", "target >= 1.7x"))
    for count, path in jsonl.items():
        serial = row(f"{count:,}-line JSONL, --jobs 1", path, count, "--no-vocabulary")
    parallel = row(f"{lines:,}-line JSONL, --jobs 2", jsonl[lines], lines, "--no-vocabulary", "--jobs", "2")
    rows.append(("  --jobs 2 vs --jobs 1 (JSONL)", f"{serial / parallel:.2f}x", "", "target >= 1.7x"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--skip-bulk", action="store_true")
    args = parser.parse_args()
    rows = [("measure", "fmevidence", "baseline", "ratio")]
    rows += profile_rows(args.runs)
    if not args.skip_bulk:
        with tempfile.TemporaryDirectory() as tmp:
            rows += bulk_rows(Path(tmp), args.files, args.lines)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
