"""Import and load costs, each beside its obvious baseline. Run by hand:

    python3 benchmarks/bench_load.py [--runs N]

Prints a table: median wall time over N fresh processes (import, first load) or N calls
in one process (cached load), and the ratio to the baseline in the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

FIRST_LOAD = """
import time
import fmevidence.loading, fmevidence.integrity, fmevidence.fast_structure
t = time.perf_counter(); fmevidence.loading.load(); print(time.perf_counter() - t)
"""
FIRST_LOAD_WITH_IMPORTS = """
import time, fmevidence
t = time.perf_counter(); fmevidence.load(); print(time.perf_counter() - t)
"""
RAW_JSON = """
import time, json
from fmevidence import _resources
t = time.perf_counter()
names = json.loads(_resources.read_bytes("data", "dataset.json"))["files"]
for name in names:
    json.loads(_resources.read_bytes("data", name))
print(time.perf_counter() - t)
"""
IMPORT = "import fmevidence"
BARE = "pass"


def _process_seconds(code: str, runs: int) -> float:
    """Median wall time of whole fresh interpreters running ``code``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _printed_seconds(code: str, runs: int) -> float:
    """Median of the seconds that ``code`` prints, each run in a fresh interpreter."""
    values = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
              for _ in range(runs)]
    return statistics.median(values)


def _cached_load_seconds(runs: int) -> float:
    import fmevidence

    fmevidence.load()
    start = time.perf_counter()
    for _ in range(runs * 100):
        fmevidence.load()
    return (time.perf_counter() - start) / (runs * 100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare = _process_seconds(BARE, runs)
    imported = _process_seconds(IMPORT, runs)
    raw = _printed_seconds(RAW_JSON, runs)
    first = _printed_seconds(FIRST_LOAD, runs)
    first_all = _printed_seconds(FIRST_LOAD_WITH_IMPORTS, runs)
    cached = _cached_load_seconds(runs)
    rows = [
        ("import fmevidence (process)", imported, "bare interpreter", bare),
        ("import cost over bare", imported - bare, "target", 0.060),
        ("first load(), modules imported", first, "json.loads of the same files", raw),
        ("first load() incl. lazy imports", first_all, "json.loads of the same files", raw),
        ("cached load()", cached, "json.loads of the same files", raw),
    ]
    print(f"{'measure':34} {'time':>10}   {'baseline':30} {'time':>10} {'ratio':>8}")
    for name, value, base_name, base in rows:
        print(f"{name:34} {value * 1000:8.2f}ms   {base_name:30} {base * 1000:8.2f}ms {value / base:7.2f}x")
    print(json.dumps({"runs": runs, "python": sys.version.split()[0]}))


if __name__ == "__main__":
    main()
