#!/usr/bin/env python3
"""One person's report from a cohort file: `screener report COHORT --user P` against
`screener batch COHORT` (everyone) on the same file, both as fresh processes; the goal is
that one person takes no longer than all of them. Peak memory of each is printed too.

The cohort is bench_batch's: 10,000 people x 7 days, about 1,000,000 rows, a person's rows
spread over the file. Usage: python benchmarks/bench_user.py [--people N] [--runs N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import make_cohort


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak MiB) of COMMAND as a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command], env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return seconds, float(done.stdout.strip().splitlines()[-1])


# runs the command in a child, prints the child's peak resident memory in MiB last
_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
)


def main(argv: list[str]) -> int:
    people = int(argv[argv.index("--people") + 1]) if "--people" in argv else 10_000
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    command = shutil.which("screener") or str(Path(sys.executable).parent / "screener")
    with tempfile.TemporaryDirectory() as folder:
        cohort = Path(folder) / "cohort.csv"
        rows = make_cohort(cohort, people)
        env = {**os.environ, "SCREENER_CACHE_DIR": str(Path(folder) / "cache")}
        batch = [command, "batch", str(cohort), "-o", str(Path(folder) / "out.csv"), "--force"]
        one = [command, "report", str(cohort), "--user", "p00042", "--sex", "female",
               "--age", "40"]  # fmt: skip
        timed(one, env)  # fills the food-table cache
        batch_runs, one_runs = [], []
        for _ in range(runs):
            batch_runs.append(timed(batch, env))
            one_runs.append(timed(one, env))
    b = statistics.median(t for t, _ in batch_runs)
    o = statistics.median(t for t, _ in one_runs)
    print(f"cohort: {people:,} people, {rows:,} rows")
    print(
        f"screener batch (everyone):      {b:.2f} s, peak {max(m for _, m in batch_runs):.0f} MiB"
    )
    print(f"screener report --user (one):   {o:.2f} s, peak {max(m for _, m in one_runs):.0f} MiB")
    print(f"ratio: {o / b:.2f} (goal: at most 1; medians of {runs} alternating runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
