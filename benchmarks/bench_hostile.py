"""How long each hostile dataset file takes to be refused (the promise: well under 5 s). Run by hand:

    python3 benchmarks/bench_hostile.py [--runs N]

Builds each case of tests/test_hostile.py in a temporary folder and prints a table: the
median wall time of ``fmevidence check`` run as a fresh process (what a user waits for),
its exit code, and the same for ``fmevidence --data ... list findings``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_hostile import CASES


def _time(argv: list[str], runs: int) -> tuple[float, int]:
    times: list[float] = []
    code = -1
    for _ in range(runs):
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", "fmevidence", *argv], capture_output=True, check=False).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    baseline, _ = _time(["--version"], args.runs)
    print(f"{'case':32} {'check s':>8} {'exit':>4} {'--data s':>9} {'exit':>4}")
    print(f"{'(python -m fmevidence --version)':32} {baseline:8.3f}")
    for name in sorted(CASES):
        with tempfile.TemporaryDirectory() as tmp:
            folder = CASES[name][0](Path(tmp))
            check, check_code = _time(["check", str(folder)], args.runs)
            data, data_code = _time(["--data", str(folder), "list", "findings"], args.runs)
        print(f"{name:32} {check:8.3f} {check_code:4} {data:9.3f} {data_code:4}")


if __name__ == "__main__":
    main()
