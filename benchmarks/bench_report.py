#!/usr/bin/env python3
"""`screener report` on the example week against the cost of importing its libraries.

Both are run as fresh processes, alternately, in the same run; the figure is the ratio
of the medians (goal: at most 1.5). Usage: python benchmarks/bench_report.py [--runs N]
[--beside CHECKOUT]: with --beside, the report of another checkout of screener (its
folder put first on PYTHONPATH, its own cache) is timed in each run too, in turn with
this one, and its ratio printed after.

Measured as a person runs it once installed: screener's modules compiled to bytecode (as
pip does for the libraries of the baseline; an editable install under
PYTHONDONTWRITEBYTECODE would otherwise recompile them on every run), and the food table
cache (screener/cache.py) filled by a first, untimed run. First runs, each with an empty
cache that it fills, are timed among the others and reported on their own.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 31
    beside = Path(argv[argv.index("--beside") + 1]).resolve() if "--beside" in argv else None
    command = shutil.which("screener") or str(Path(sys.executable).parent / "screener")
    baseline = [sys.executable, "-c", "import pandas, pydantic, click"]
    report = [command, "report", "examples/week.csv", "--sex", "female", "--age", "40"]
    import screener

    compileall.compile_dir(Path(screener.__file__).parent, quiet=1)
    if beside is not None:
        compileall.compile_dir(beside / "screener", quiet=1)
    timed(baseline)  # warm the file cache
    base_times, report_times, first_times, beside_times = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        warm = {**os.environ, "SCREENER_CACHE_DIR": str(Path(folder) / "warm")}
        other = {
            **os.environ,
            "SCREENER_CACHE_DIR": str(Path(folder) / "beside"),
            "PYTHONPATH": os.pathsep.join(
                path for path in (str(beside), os.environ.get("PYTHONPATH")) if path
            ),
        }
        timed(report, warm)  # builds the food table and fills the cache
        if beside is not None:
            timed(report, other)
        for run in range(runs):
            base_times.append(timed(baseline))
            if beside is not None and run % 2:  # in turn: first one, then the other
                beside_times.append(timed(report, other))
            report_times.append(timed(report, warm))
            if beside is not None and not run % 2:
                beside_times.append(timed(report, other))
            if run % 4 == 0:  # a first run: an empty cache of its own
                empty = {**os.environ, "SCREENER_CACHE_DIR": str(Path(folder) / f"first{run}")}
                first_times.append(timed(report, empty))
    base, rep = statistics.median(base_times), statistics.median(report_times)
    first = statistics.median(first_times)
    print(f"import pandas, pydantic, click: {base * 1000:.0f} ms (median of {runs})")
    print(f"screener report examples/week.csv: {rep * 1000:.0f} ms (median of {runs})")
    print(f"ratio: {rep / base:.2f} (goal: at most 1.5)")
    print(
        f"first run, filling the cache: {first * 1000:.0f} ms ({first / base:.2f}; median "
        f"of {len(first_times)})"
    )
    if beside is not None:
        other_median = statistics.median(beside_times)
        print(
            f"beside it, {beside}: {other_median * 1000:.0f} ms (ratio "
            f"{other_median / base:.2f}; median of {runs})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
