"""Costs of the feature profiles and the visible-content check, each beside its baseline. Run by hand:

    python3 benchmarks/bench_features.py [--runs N] [--pages 300]

Rows (per HTML page, median of N runs):
- parsing the page's JSON-LD only (``--no-vocabulary``, no profile): the baseline;
- plus a feature profile (``google-article``, applied to the page's own items);
- plus ``--check-visible`` (the page's visible text is extracted once per file with html.parser);
- the vocabulary check alone, for scale.

The sample page is the project's own export of the built-in condition, wrapped in an article with
every name, headline and review date written in the body, so the visible check finds them all.
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import fmevidence
from fmevidence.validation.visible import _marked_values


def sample_page() -> str:
    """An article page whose JSON-LD is the built-in export and whose body shows every marked value."""
    from fmevidence.jsonld import export_jsonld

    markup: dict[str, Any] = export_jsonld(fmevidence.load(), "fibromyalgia")
    markup.pop("@context", None)
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "Fibromyalgia: what the evidence says",
        "image": "https://example.org/fm.png",
        "author": {"@type": "Person", "name": "A Writer", "url": "https://example.org/writer"},
        "about": markup,
    }
    shown = " ".join(f"<p>{html.escape(value)}</p>" for _, _, value in _marked_values(article))
    script = json.dumps(article).replace("</", "<\\/")
    return f'<html><head><title>FM</title><script type="application/ld+json">{script}</script></head><body>{shown}</body></html>'


def timed(runs: int, call: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    page = sample_page()
    with tempfile.TemporaryDirectory() as folder:
        for index in range(args.pages):
            (Path(folder) / f"p{index:05}.html").write_text(page, encoding="utf-8")
        rows = [
            ("parse only (baseline)", {"vocabulary": False}),
            ("+ profile google-article", {"vocabulary": False, "profile": "google-article"}),
            ("+ --check-visible", {"vocabulary": False, "check_visible": True}),
            ("+ both", {"vocabulary": False, "profile": "google-article", "check_visible": True}),
            ("vocabulary check (for scale)", {"vocabulary": True}),
        ]
        print(f"{args.pages} pages of {len(page) / 1024:.0f} KB, median of {args.runs} runs")
        print(f"{'run':34} {'ms/page':>9} {'pages/s':>9} {'vs baseline':>12}")
        baseline = 0.0
        for label, options in rows:
            report = fmevidence.validate(folder, **options)
            assert report.summary.errors == 0, report.problems[:3]
            seconds = timed(args.runs, lambda options=options: fmevidence.validate(folder, **options))
            per_page = seconds / args.pages
            baseline = baseline or per_page
            print(f"{label:34} {per_page * 1000:9.2f} {1 / per_page:9.0f} {per_page / baseline:11.2f}x")


if __name__ == "__main__":
    main()
