"""Export, expansion and canonicalisation costs, each beside its baseline. Run by hand:

    python3 benchmarks/bench_export.py [--runs N]

Rows (median of N):
- export of fibromyalgia (tree / graph), model -> JSON text, vs ``json.dumps`` of the same
  object (target: within 10x);
- pyld expansion of the export with the project's context vs the official one (read from
  ../shared): first use in a fresh process (includes processing the context), the context
  processing alone (first expansion of a one-property document in a fresh process, after
  pyld's own first-use costs), and warm (context cached because the loader answers
  ``'tag': 'static'``), plus warm without the tag to show what the tag buys;
- URDNA2015 canonicalisation of the export.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL = ROOT.parent / "shared" / "schemaorg" / "schemaorgcontext.jsonld"

FIRST_EXPANSION = """
import json, sys, time
from pyld import jsonld
from fmevidence.jsonld.loader import offline_document_loader
document = json.loads(open(sys.argv[1], encoding="utf-8").read())
which = sys.argv[2]
if which == "official":
    official = json.loads(open(sys.argv[3], encoding="utf-8").read())
    def loader(url, options=None):
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": official, "tag": "static"}
else:
    loader = offline_document_loader
jsonld.expand({"@context": {"@vocab": "http://example.org/"}, "a": 1})  # pyld's own first-use costs
tiny = {"@context": "https://schema.org", "@type": "Thing", "name": "x"}
if sys.argv[4] == "context":
    document = tiny
t = time.perf_counter()
jsonld.expand(document, {"documentLoader": loader})
print(time.perf_counter() - t)
"""


def best_pair(first: Callable[[], object], second: Callable[[], object], runs: int) -> tuple[float, float]:
    """Best of ``runs`` for two actions, interleaved so that load on the machine hits both alike."""
    a, b = [], []
    for _ in range(runs):
        start = time.perf_counter()
        first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        second()
        b.append(time.perf_counter() - start)
    return min(a), min(b)


def first_use(document_path: Path, which: str, what: str, runs: int) -> tuple[float, float]:
    """Median and minimum seconds of the first expansion in a fresh process.

    ``what`` is ``export`` (the whole export) or ``context`` (a one-property document, so the
    time is essentially processing the context).
    """
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", FIRST_EXPANSION, str(document_path), which, str(OFFICIAL), what],
                             capture_output=True, text=True, check=True).stdout
        times.append(float(out))
    return statistics.median(times), min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    from pyld import jsonld

    import fmevidence
    from fmevidence.jsonld.canonical import canonical_nquads
    from fmevidence.jsonld.export import dumps, export_jsonld
    from fmevidence.jsonld.loader import offline_document_loader

    kb = fmevidence.load()
    tree = export_jsonld(kb)
    graph = export_jsonld(kb, graph=True)
    rows: list[tuple[str, float, str, float]] = []

    for label, shape, is_graph in (("export tree", tree, False), ("export graph", graph, True)):
        ours, base = best_pair(lambda g=is_graph: dumps(export_jsonld(kb, graph=g)),
                               lambda s=shape: json.dumps(s, indent=2, sort_keys=True, ensure_ascii=False), runs)
        rows.append((label, ours, "json.dumps of the same object", base))

    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fm.jsonld"
        path.write_text(dumps(tree), encoding="utf-8")
        ours_first, ours_first_min = first_use(path, "project", "export", runs)
        official_first, official_first_min = first_use(path, "official", "export", runs)
        ours_ctx, ours_ctx_min = first_use(path, "project", "context", runs)
        official_ctx, official_ctx_min = first_use(path, "official", "context", runs)
    rows.append(("expand export, first use", ours_first, "same, official context", official_first))
    rows.append(("  (minimum)", ours_first_min, "  (minimum)", official_first_min))
    rows.append(("context processing, first use", ours_ctx, "same, official context", official_ctx))
    rows.append(("  (minimum)", ours_ctx_min, "  (minimum)", official_ctx_min))

    official = json.loads(OFFICIAL.read_text(encoding="utf-8"))

    def official_loader(url: str, options: object = None, tag: str | None = "static") -> dict[str, object]:
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": official, "tag": tag}

    project = {"documentLoader": offline_document_loader}
    official_opts = {"documentLoader": official_loader}
    # pyld's context cache is shared per URL, so each side gets its own context URL
    tree_http = {**tree, "@context": "http://schema.org/"}
    jsonld.expand(tree, project)
    jsonld.expand(tree_http, official_opts)
    ours_warm, official_warm = best_pair(lambda: jsonld.expand(tree, project),
                                         lambda: jsonld.expand(tree_http, official_opts), runs)
    rows.append(("expand, warm (static tag)", ours_warm, "same, official context", official_warm))

    def untagged(url: str, options: object = None) -> dict[str, object]:
        response = offline_document_loader(url, None)
        response["tag"] = None
        return response

    tagged_url, untagged_url = "https://schema.org/docs/jsonldcontext.json", "http://schema.org/docs/jsonldcontext.jsonld"
    tiny = {"@type": "Thing", "name": "x"}
    jsonld.expand({**tiny, "@context": tagged_url}, project)
    tagged_tiny, untagged_tiny = best_pair(
        lambda: jsonld.expand({**tiny, "@context": tagged_url}, project),
        lambda: jsonld.expand({**tiny, "@context": untagged_url}, {"documentLoader": untagged}), runs)
    rows.append(("expand 1-property doc, static tag", tagged_tiny, "same, loader without the tag", untagged_tiny))
    tagged_tree, untagged_tree = best_pair(
        lambda: jsonld.expand({**tree, "@context": tagged_url}, project),
        lambda: jsonld.expand({**tree, "@context": untagged_url}, {"documentLoader": untagged}), runs)
    rows.append(("expand export, static tag", tagged_tree, "same, loader without the tag", untagged_tree))
    canon_tree, canon_graph = best_pair(lambda: canonical_nquads(tree), lambda: canonical_nquads(graph),
                                        max(3, runs // 3))
    rows.append(("canonicalise tree (URDNA2015)", canon_tree, "canonicalise graph", canon_graph))

    nodes = len(graph["@graph"])
    print(f"fibromyalgia export: {len(dumps(tree))} bytes (tree), {nodes} top-level nodes (graph), "
          f"{canonical_nquads(tree).count(chr(10))} quads; Python {sys.version.split()[0]}")
    print(f"in-process rows: best of {runs} calls, interleaved with their baseline; first-use rows: median (and minimum) of {runs} fresh processes")
    print(f"{'measure':36} {'ms':>9}   {'baseline':34} {'ms':>9} {'ratio':>7}")
    for label, ours_s, base_label, base_s in rows:
        print(f"{label:36} {ours_s * 1000:9.2f}   {base_label:34} {base_s * 1000:9.2f} {ours_s / base_s:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
