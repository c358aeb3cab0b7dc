"""Validation costs, side by side. Run by hand (it re-runs itself with PYTHONHASHSEED=0):

    python3 benchmarks/bench_validate.py [--runs N] [--files 20000] [--skip-bulk]

Tables:
1. Per document, with the compiled fast path (jsonschema-rs, the default) and without it
   (pure-Python jsonschema, the fallback where no wheel exists): the medical-condition-page
   profile on a ~2 KB page and on the project's full export page (~90 KB), each valid and
   with one profile error (a bad ``lastReviewed`` date), plus the whole per-document
   pipeline (parse + profile + schema.org vocabulary). The "error / valid" column is the
   cost of explaining one error (target: at most 3x).
2. A user's JSON Schema (draft-07 with internal ``$ref``s and formats), fast vs pure.
3. Bulk runs of the command line in a fresh process (best of ``--repeat`` runs) on a folder of N generated files
   (default 20,000; 9 % have one profile error): documents/s for ``--jobs 1``, ``2`` and
   ``nproc``, and the same folder with every file valid (so the cost of the 9 % shows).
   ``--profile medical-condition-page`` with the vocabulary check, ``--format json``; and a JSONL
   file of ``--lines`` lines (default 100,000, 9 % with an error) for ``--jobs 1`` and ``nproc``.

The sample pages are built from the built-in dataset (its real codes and DOIs).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fmevidence
from fmevidence.validation.runner import Options, build_checks, check_document, user_schema_check

CHILD = """
import os, resource, sys, time
sys.stdout = open(os.devnull, "w")
from fmevidence.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - start
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
sys.__stdout__.write(f"{code} {elapsed} {cpu} {me.ru_maxrss} {kids.ru_maxrss}\\n")
"""

Row = tuple[str, ...]


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


def export_page() -> dict[str, Any]:
    from fmevidence.jsonld.export import PageOptions, export_jsonld

    options = PageOptions(url="https://example.org/fm", last_reviewed="2024-05-01", reviewed_by=("A Reviewer",))
    page: dict[str, Any] = export_jsonld(fmevidence.load(), page=options)
    return page


def with_one_error(page: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(page)
    bad["lastReviewed"] = "2024-02-30"
    return bad


def best(action: Callable[[], object], runs: int, budget: float = 0.2) -> float:
    """Best time per call over ``runs`` rounds, each about ``budget`` seconds long."""
    start = time.perf_counter()
    action()
    once = max(time.perf_counter() - start, 1e-7)
    inner = max(1, int(budget / once))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(inner):
            action()
        times.append((time.perf_counter() - start) / inner)
    return min(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.3f} ms" if seconds < 0.01 else f"{seconds * 1e3:,.1f} ms"


def document_rows(runs: int) -> list[Row]:
    rows: list[Row] = [("per document", "fast path", "pure Python", "pure / fast", "error / valid (fast, pure)")]
    pages = {"2 KB page": sample_page(), "export page": export_page()}
    for vocabulary in (False, True):
        checks = {
            fast: build_checks(Options(profile="medical-condition-page", vocabulary=vocabulary, fast=fast))
            for fast in (True, False)
        }
        what = "parse + profile + vocabulary" if vocabulary else "profile"
        for label, page in pages.items():
            texts = {"valid": json.dumps(page), "1 error": json.dumps(with_one_error(page))}
            size = len(texts["valid"]) / 1024
            timing: dict[tuple[str, bool], float] = {}
            for kind, text in texts.items():
                for fast in (True, False):
                    compiled = checks[fast]
                    document = json.loads(text)
                    if vocabulary:
                        timing[kind, fast] = best(
                            lambda t=text, c=compiled: check_document(c, t, file="x", line=None), runs
                        )
                    else:
                        timing[kind, fast] = best(lambda d=document, c=compiled: [f(d) for f in c.checks], runs)
            for kind in texts:
                fast_time, slow_time = timing[kind, True], timing[kind, False]
                ratio = ""
                if kind == "1 error":
                    ratio = f"{fast_time / timing['valid', True]:.1f}x, {slow_time / timing['valid', False]:.1f}x"
                rows.append(
                    (
                        f"{what}, {label} ({size:.0f} KB), {kind}",
                        ms(fast_time),
                        ms(slow_time),
                        f"{slow_time / fast_time:,.0f}x",
                        ratio,
                    )
                )
    return rows


def user_schema_rows(runs: int) -> list[Row]:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {
            "person": {
                "type": "object",
                "required": ["name", "email"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "email": {"type": "string", "format": "email"},
                    "born": {"type": "string", "format": "date"},
                    "site": {"type": "string", "format": "uri"},
                },
            }
        },
        "type": "array",
        "items": {"$ref": "#/definitions/person"},
    }
    people = [
        {"name": f"P{i}", "email": f"p{i}@example.org", "born": "1980-01-31", "site": f"https://example.org/{i}"}
        for i in range(500)
    ]
    bad = copy.deepcopy(people)
    bad[250]["born"] = "1980-02-30"
    rows: list[Row] = []
    checks = {fast: user_schema_check(schema, fast=fast) for fast in (True, False)}
    for label, document in (("valid", people), ("1 error", bad)):
        fast_time = best(lambda c=checks[True], d=document: c.check(d), runs)
        slow_time = best(lambda c=checks[False], d=document: c.check(d), runs)
        rows.append(
            (
                f"--schema draft-07, 500 records (38 KB), {label}",
                ms(fast_time),
                ms(slow_time),
                f"{slow_time / fast_time:,.0f}x",
                "",
            )
        )
    return rows


REPEAT = 3


def run_cli(args: list[str]) -> tuple[int, float, float, int]:
    """(exit code, wall s, CPU s, peak RSS KB) of the best of ``REPEAT`` runs in fresh processes."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    runs = []
    for _ in range(REPEAT):
        out = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False, env=env)
        if not out.stdout.strip():
            raise SystemExit(f"benchmark child failed: {out.stderr[-2000:]}")
        code, elapsed, cpu, own, workers = out.stdout.split()
        runs.append((int(code), float(elapsed), float(cpu), max(int(own), int(workers))))
    return min(runs, key=lambda run: run[1])


def make_folder(root: Path, files: int, error_every: int | None) -> Path:
    """``files`` pages in folders of 1,000; every ``error_every``-th one with one profile error."""
    page = sample_page()
    good, bad = json.dumps(page), json.dumps(with_one_error(page))
    for index in range(files):
        sub = root / f"{index // 1000:03}"
        sub.mkdir(parents=True, exist_ok=True)
        wrong = error_every is not None and index * 9 % 100 < 9  # 9 % of files, spread evenly
        (sub / f"{index:05}.json").write_text(bad if wrong else good, encoding="utf-8")
    return root


def bulk_rows(folder: Path, files: int, lines: int) -> list[Row]:
    mixed = make_folder(folder / "mixed", files, 11)
    clean = make_folder(folder / "clean", files, None)
    errors = sum(1 for index in range(files) if index * 9 % 100 < 9)
    common = ["validate", "--profile", "medical-condition-page", "--format", "json"]
    rows: list[Row] = [
        (f"{files:,} files ({errors:,} with an error)", "docs/s", "wall time", "CPU time", "peak RSS", "")
    ]
    nproc = os.cpu_count() or 1
    timings = {}
    for jobs in sorted({1, 2, nproc}):
        code, elapsed, cpu, peak = run_cli([*common, "--jobs", str(jobs), str(mixed)])
        assert code == 1, code
        timings[jobs] = elapsed
        if jobs == 1:
            cpu_mixed = cpu
        label = f"--jobs {jobs}" + (" (nproc)" if jobs == nproc else "")
        rows.append(
            (
                label,
                f"{files / elapsed:,.0f}",
                f"{elapsed:,.1f} s",
                f"{cpu:,.1f} s",
                f"{peak / 1024:,.0f} MB",
                f"{timings[1] / elapsed:.2f}x --jobs 1",
            )
        )
    code, elapsed, cpu, peak = run_cli([*common, "--jobs", "1", str(clean)])
    assert code == 0, code
    rows.append(
        (
            "--jobs 1, every file valid",
            f"{files / elapsed:,.0f}",
            f"{elapsed:,.1f} s",
            f"{cpu:,.1f} s",
            f"{peak / 1024:,.0f} MB",
            f"the 9 % with errors add {(cpu_mixed - cpu) / cpu_mixed:.0%} of the CPU time",
        )
    )
    if lines:
        page = sample_page()
        good, bad = json.dumps(page) + "\n", json.dumps(with_one_error(page)) + "\n"
        path = folder / "lines.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            block = "".join(bad if i * 9 % 100 < 9 else good for i in range(1000))
            for _ in range(max(1, lines // 1000)):
                handle.write(block)
        count = max(1, lines // 1000) * 1000
        for jobs in sorted({1, nproc}):
            code, elapsed, cpu, peak = run_cli([*common, "--jobs", str(jobs), str(path)])
            assert code == 1, code
            rows.append(
                (
                    f"{count:,}-line JSONL, --jobs {jobs}",
                    f"{count / elapsed:,.0f}",
                    f"{elapsed:,.1f} s",
                    f"{cpu:,.1f} s",
                    f"{peak / 1024:,.0f} MB",
                    "",
                )
            )
    return rows


def table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) if i < len(row) else 0 for row in rows) for i in range(max(map(len, rows)))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=100_000, help="JSONL lines (0: no JSONL rows)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs per bulk row (best is shown)")
    parser.add_argument("--skip-bulk", action="store_true")
    args = parser.parse_args()
    global REPEAT
    REPEAT = max(1, args.repeat)
    if os.environ.get("PYTHONHASHSEED") != "0":  # fixed hashing, so runs compare
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, PYTHONHASHSEED=0\n"
    )
    table(document_rows(args.runs) + user_schema_rows(args.runs))
    if not args.skip_bulk:
        with tempfile.TemporaryDirectory() as tmp:
            table(bulk_rows(Path(tmp), args.files, args.lines))


if __name__ == "__main__":
    main()
