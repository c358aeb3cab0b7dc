"""The evidence page: what it costs to build, next to the JSON-LD export, and how big it is.
Run by hand:

    python3 benchmarks/bench_page.py [--runs N]

Rows (best of N, in one warm process; the dataset is loaded once beforehand):
- ``export --detail full`` / ``summary`` / ``page`` of fibromyalgia, model -> JSON text;
- the page's content (grading every topic), its references (citeproc-py, AMA) and the whole
  page (content + references + evidence map + templates + JSON-LD), HTML and fragment.
Then the sizes: the page's HTML, and the JSON-LD at each detail level, indented and minified.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import fmevidence
from fmevidence.jsonld import dumps, export_jsonld
from fmevidence.jsonld.export import PageOptions
from fmevidence.jsonld.selection import resolve_condition, select
from fmevidence.page import build_content, build_page
from fmevidence.page.references import format_references

PAGE = PageOptions(url="https://health.example.org/conditions/fibromyalgia", name="Fibromyalgia",
                   headline="Fibromyalgia: what the research says", last_reviewed="2026-11-30",
                   reviewed_by=[{"name": "Dr A Reviewer", "job_title": "Rheumatologist"}],
                   publisher={"name": "Example Health", "url": "https://health.example.org/"}, in_language="en")


def best(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    kb = fmevidence.load()
    selection = select(kb, resolve_condition(kb, None))
    content = build_content(kb, selection)
    rows = [
        ("export --detail full (JSON text)", lambda: dumps(export_jsonld(kb, page=PAGE))),
        ("export --detail summary", lambda: dumps(export_jsonld(kb, page=PAGE, detail="summary"))),
        ("export --detail page", lambda: dumps(export_jsonld(kb, page=PAGE, detail="page"))),
        ("page content (grading all topics)", lambda: build_content(kb, selection)),
        ("references (citeproc-py, AMA)", lambda: format_references(content.sources)),
        ("page (whole HTML)", lambda: build_page(kb, page=PAGE)),
        ("page --fragment", lambda: build_page(kb, page=PAGE, fragment=True)),
    ]
    print(f"{'step':<40} {'best of ' + str(args.runs):>12}")
    for name, action in rows:
        print(f"{name:<40} {best(action, args.runs) * 1000:>9.1f} ms")
    print()
    html = build_page(kb, page=PAGE)
    print(f"{'size':<40} {'indented':>10} {'minified':>10}")
    print(f"{'page HTML (embeds page JSON-LD minified)':<40} {len(html.encode()):>10,} {'':>10}")
    for detail in ("full", "summary", "page"):
        document = export_jsonld(kb, page=PAGE, detail=detail)
        print(f"{'JSON-LD --detail ' + detail:<40} {len(dumps(document).encode()):>10,} "
              f"{len(dumps(document, minify=True).encode()):>10,}")


if __name__ == "__main__":
    main()
