"""Load, grading and export on the shipped data copied 1x, 10x and 50x. Run by hand:

    PYTHONHASHSEED=0 python3 benchmarks/bench_grading.py [--runs N] [--sizes 1 10 50]

The synthetic datasets are the shipped data files copied with every record id (and every
reference to it, and DOIs) renamed per copy (copies carry no PMID), so the copies are independent records that
still point at each other the same way. Prints the median seconds of each step at each size
and, beside it, the ratio to the previous size: linear cost shows 50x at about 5x the 10x
figure (the target is at most 6x).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fmevidence import _resources

_RENAMED_FIELDS = ("doi",)


def _renamed(value: Any, ids: set[str], suffix: str) -> Any:
    if isinstance(value, str):
        return value + suffix if value in ids else value
    if isinstance(value, list):
        return [_renamed(item, ids, suffix) for item in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "pmid" and suffix:
                # a PMID must stay unique digits: copies have none, and say where they come from
                out.setdefault("publisher", value.get("publisher") or "synthetic benchmark copy")
                continue
            if key in _RENAMED_FIELDS and isinstance(item, str) and suffix:
                out[key] = item + suffix
            else:
                out[key] = _renamed(item, ids, suffix)
        return out
    return value


def build(folder: Path, copies: int) -> Path:
    """A dataset of ``copies`` renamed copies of the shipped data files in ``folder``."""
    manifest = json.loads(_resources.read_bytes("data", "dataset.json"))
    bundles = {name: json.loads(_resources.read_bytes("data", name)) for name in manifest["files"]}
    ids = {record["id"] for bundle in bundles.values() for kind, records in bundle.items()
           if isinstance(records, list) for record in records if isinstance(record, dict) and "id" in record}
    files = []
    for copy in range(copies):
        suffix = "" if copy == 0 else f"-x{copy}"
        for name, bundle in bundles.items():
            out = f"c{copy}-{name}"
            data = _renamed(bundle, ids, suffix)
            (folder / out).write_text(json.dumps(data), encoding="utf-8")
            files.append(out)
    (folder / "dataset.json").write_text(json.dumps({**manifest, "files": files}), encoding="utf-8")
    return folder


def _time(step: Any, runs: int) -> float:
    """Median seconds of ``step``, with the cyclic garbage collector paused as ``timeit`` does
    (its full collections scan every live object, which would charge the run for heap size)."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return statistics.median(times)


def measure(folder: Path, runs: int) -> dict[str, float]:
    from fmevidence import loading
    from fmevidence.grading import Grader, summarise_all
    from fmevidence.jsonld import export_jsonld

    kb = loading.load(folder)

    def grade() -> None:
        grader = Grader(kb)
        for finding in kb.findings:
            grader.rate(finding)
        summarise_all(kb, grader=grader)

    return {
        "load": _time(lambda: loading.load(folder), runs),
        "grading": _time(grade, runs),
        "export": _time(lambda: export_jsonld(kb), runs),
        "findings": float(len(kb.findings)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    args = parser.parse_args(argv)
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"x{size}"
            folder.mkdir()
            results[size] = measure(build(folder, size), args.runs)
    print(f"{'size':>5}  {'findings':>8}  " + "  ".join(f"{step:>9}  {'x prev':>6}" for step in ("load", "grading", "export")))
    previous: dict[str, float] | None = None
    for size, figures in results.items():
        cells = []
        for step in ("load", "grading", "export"):
            ratio = "" if previous is None else f"{figures[step] / previous[step]:.1f}x"
            cells.append(f"{figures[step]:>8.3f}s  {ratio:>6}")
        print(f"{size:>4}x  {int(figures['findings']):>8}  " + "  ".join(cells))
        previous = figures
    return 0


if __name__ == "__main__":
    sys.exit(main())
