#!/usr/bin/env python3
"""Reading is linear in rows: `screener report` on a 10,000-row Cronometer servings
export against the same command on the example week (goal: at most 1.5x).

The long export is the example Cronometer week repeated over consecutive dates (a year
and a half of logging, as people publish them). Both are run as fresh processes,
alternately, with the food-table cache filled; the figure is the ratio of the medians.
Usage: python benchmarks/bench_formats.py [--runs N] [--rows N]
"""

from __future__ import annotations

import compileall
import csv
import datetime as dt
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEEK = ROOT / "examples" / "cronometer_week.csv"


def long_export(rows: int) -> str:
    """The example week's rows, repeated a week earlier each time (no date in the future)."""
    with open(WEEK, encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        week = list(reader)
    day = header.index("Day")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    weeks = -(-rows // len(week))
    for written in range(rows):  # weeks back in time, ending with the example week
        record = list(week[written % len(week)])
        shift = dt.timedelta(days=7 * (written // len(week) - weeks + 1))
        record[day] = (dt.date.fromisoformat(record[day]) + shift).isoformat()
        writer.writerow(record)
    return out.getvalue()


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 15
    rows = int(argv[argv.index("--rows") + 1]) if "--rows" in argv else 10_000
    command = shutil.which("screener") or str(Path(sys.executable).parent / "screener")
    import screener

    compileall.compile_dir(Path(screener.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        diary = Path(folder) / "servings.csv"
        diary.write_text(long_export(rows), encoding="utf-8")
        env = {**os.environ, "SCREENER_CACHE_DIR": str(Path(folder) / "cache")}
        profile = ["--sex", "female", "--age", "40"]
        week = [command, "report", str(WEEK), *profile]
        year = [command, "report", str(diary), *profile]
        timed(week, env)  # fills the cache
        week_times, year_times = [], []
        for _ in range(runs):
            week_times.append(timed(week, env))
            year_times.append(timed(year, env))
    base, long = statistics.median(week_times), statistics.median(year_times)
    print(f"report, the example Cronometer week (72 rows): {base * 1000:.0f} ms")
    print(f"report, a {rows:,}-row Cronometer servings export: {long * 1000:.0f} ms")
    print(f"ratio: {long / base:.2f} (goal: at most 1.5; medians of {runs} alternating runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
