#!/usr/bin/env python3
"""A dietitian's folder: `screener batch` of 100 Cronometer servings exports of a year
each (365 days x 12 servings, about 4,400 rows a file), against reading the same files
with pandas.read_csv, each in a fresh process (libraries imported first, in both; the
food table from the disk cache). Medians of alternating runs.

The rows are the bundled fixture's servings (tests/data/cronometer_servings.csv) drawn
at random, each day a dozen, so every file is as wide and as long as a real export.

Usage: python benchmarks/bench_folder.py [--files N] [--repeat N]
"""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "data" / "cronometer_servings.csv"

PROBE = """
import json, sys, time
from pathlib import Path
import pandas as pd
from screener.batch import screen_files
folder, task = Path(sys.argv[1]), sys.argv[2]
wall = time.perf_counter()
if task == "read":
    for path in sorted(folder.iterdir()):
        pd.read_csv(path)
else:
    screen_files([folder])
print(json.dumps(time.perf_counter() - wall))
"""


def make_folder(folder: Path, files: int, seed: int = 5) -> int:
    rng = random.Random(seed)
    with open(FIXTURE, newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    good = [row for row in rows if len(row) == len(header) and row[0][:4] == "2026"]
    day_at = header.index("Day")
    total = 0
    for n in range(files):
        lines = [header]
        for day in range(365):
            when = (date(2025, 1, 1) + timedelta(days=day)).isoformat()
            for row in rng.sample(good, min(12, len(good))):
                lines.append([when if i == day_at else cell for i, cell in enumerate(row)])
        with open(folder / f"client{n:03d}.csv", "w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(lines)
        total += len(lines) - 1
    return total


def probe(folder: Path, task: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), task],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.splitlines()[-1])


def main(argv: list[str]) -> int:
    files = int(argv[argv.index("--files") + 1]) if "--files" in argv else 100
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 3
    work = Path(tempfile.mkdtemp())
    os.environ["SCREENER_CACHE_DIR"] = str(work / "cache")
    folder = work / "clients"
    folder.mkdir()
    rows = make_folder(folder, files)
    print(f"folder: {files} Cronometer servings exports, {rows:,} rows")
    probe(folder, "batch")  # fills the food table cache
    read, batch = [], []
    for _ in range(repeat):
        read.append(probe(folder, "read"))
        batch.append(probe(folder, "batch"))
    r, b = statistics.median(read), statistics.median(batch)
    print(f"pandas.read_csv of every file: {r:.2f} s; batch: {b:.2f} s, {b / r:.2f}x")
    print("goal: at most 3x")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
