"""Crawl validation throughput: the CLI on a WARC file beside the Dask integration. Run by hand:

    python3 benchmarks/bench_crawl.py [--pages 20000] [--runs 3]

Each row runs in a fresh process with PYTHONHASHSEED=0 (median of --runs, with the spread):
- ``fmevidence validate crawl.warc.gz`` (the CLI, one process; then --jobs 2): the obvious
  alternative a single-machine user has;
- ``fmevidence crawl`` (Dask, local process pool) with 1, 2 and nproc workers on the same file,
  cut into tasks of 1,000 records;
- growth: the CLI and Dask with 2 workers at 1/50, 1/5 and all of --pages (10x and 50x steps).
Peak RSS is the largest process: for Dask with N > 1 workers, the largest worker.
Pages are JSON-LD MedicalCondition pages, 1 in 11 with an unknown property (an error).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CHILD = """
import os, resource, sys, time
sys.stdout = open(os.devnull, "w")
from fmevidence.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
elapsed = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{elapsed} {code} {own} {workers}", file=sys.stderr)
"""


def measure(args: list[str], runs: int) -> tuple[float, float, int]:
    """Median seconds, spread (max - min) and the peak RSS in MiB of ``fmevidence ARGS``."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT / "src")}
    times: list[float] = []
    peak = 0
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True)
        elapsed, code, own, workers = done.stderr.strip().splitlines()[-1].split()
        if code not in ("0", "1"):
            raise SystemExit(f"fmevidence {' '.join(args)} exited {code}: {done.stderr}")
        times.append(float(elapsed))
        peak = max(peak, int(own) if args[0] == "validate" or _workers(args) == "1" else int(workers))
    return statistics.median(times), max(times) - min(times), peak // 1024


def _workers(args: list[str]) -> str:
    return args[args.index("--workers") + 1] if "--workers" in args else ""


def main() -> None:
    from crawl_helpers import many_pages

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        sizes = sorted({max(1, options.pages // 50), max(1, options.pages // 5), options.pages})
        warcs = {size: many_pages(Path(folder) / f"crawl-{size}.warc.gz", size) for size in sizes}
        big = warcs[options.pages]
        out = str(Path(folder) / "out")
        rows: list[tuple[str, int, tuple[float, float, int]]] = []
        rows.append(("validate (CLI, 1 process)", options.pages, measure(["validate", str(big)], options.runs)))
        rows.append(
            ("validate --jobs 2 (CLI)", options.pages, measure(["validate", "--jobs", "2", str(big)], options.runs))
        )
        for workers in sorted({1, 2, cores}):
            args = ["crawl", str(big), "-o", out, "--workers", str(workers)]
            rows.append((f"crawl (Dask) --workers {workers}", options.pages, measure(args, options.runs)))
        for size in sizes[:-1]:
            rows.append(
                (f"validate (CLI), {size:,} pages", size, measure(["validate", str(warcs[size])], options.runs))
            )
            args = ["crawl", str(warcs[size]), "-o", out, "--workers", "2"]
            rows.append((f"crawl --workers 2, {size:,} pages", size, measure(args, options.runs)))
    baseline = rows[0][2][0]
    print(f"{'run':<36} {'pages':>7} {'seconds':>8} {'spread':>7} {'pages/s':>8} {'vs CLI':>7} {'peak MiB':>8}")
    for name, pages, (seconds, spread, mib) in rows:
        ratio = f"{baseline / seconds:.2f}x" if pages == options.pages else ""
        print(f"{name:<36} {pages:>7,} {seconds:>8.2f} {spread:>7.2f} {pages / seconds:>8,.0f} {ratio:>7} {mib:>8}")
    print(f"\n{cores} cores; PYTHONHASHSEED=0; median of {options.runs} runs; spread = max - min.")


if __name__ == "__main__":
    main()
