#!/usr/bin/env python3
"""What a plan costs beyond its report: `screener plan examples/week.csv` against
`screener report examples/week.csv`, both fresh processes, alternately, with the food
table cache filled (goal: at most 0.5 s more). Usage: python benchmarks/bench_plan.py
[--runs N]"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 11
    command = shutil.which("screener") or str(Path(sys.executable).parent / "screener")
    args = ["examples/week.csv", "--sex", "female", "--age", "40"]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SCREENER_CACHE_DIR": folder}
        timed([command, "report", *args], env)  # fills the cache
        report, plan = [], []
        for _ in range(runs):
            report.append(timed([command, "report", *args], env))
            plan.append(timed([command, "plan", *args], env))
    r, p = statistics.median(report), statistics.median(plan)
    print(f"screener report: {r * 1000:.0f} ms; screener plan: {p * 1000:.0f} ms")
    print(f"the plan beyond its report: {(p - r) * 1000:.0f} ms (goal: at most 500 ms; "
          f"medians of {runs} alternating runs)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
