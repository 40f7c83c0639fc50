#!/usr/bin/env python3
"""Batch screening of a synthetic cohort: 10,000 people x 7 days, about 1,000,000 rows.

The cohort uses real food ids and names (everyday names, SR28 numbers, household
measures and grams), and, in about one row in five, a name from tests/data/names_gold.csv
(440 names as people log them in apps: brands, typos, names the table lacks, which batch
rejects and reports), so the matcher meets hundreds of names it has not seen.

Each figure is one call timed in a fresh process, as a person runs screener (libraries
imported first, in both; the food table read from the disk cache, which a first run
fills; every name met for the first time), against pandas.read_csv of the same file in
another fresh process: medians of alternating runs. Batch runs as it would on this
machine (with a second process reading ahead where it can) and with reading in its own
process only (SCREENER_READ_AHEAD=0, as on one core). CPU time counts the reading
process's too. Last, batch again in one process whose matcher tables are warm.

Usage: python benchmarks/bench_batch.py [--people N] [--keep FILE] [--repeat N]
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (what a person writes, amount, unit): names the matcher knows, ids, measures, grams
ROWS = [
    ("oatmeal", "1", "cup"), ("banana", "1", "medium"), ("coffee", "2", "cups"),
    ("whole wheat bread", "2", "slices"), ("peanut butter", "2", "tbsp"),
    ("01077", "1", "cup"), ("egg", "2", "large"), ("spinach", "2", "cups"),
    ("salmon", "150", "g"), ("brown rice", "1 cup", ""), ("almonds", "1 oz", ""),
    ("09003", "1", "medium"), ("chicken breast", "120", "g"), ("broccoli", "1", "cup"),
    ("yogurt", "1", "container"), ("pasta", "2", "cups"), ("tomato sauce", "1/2", "cup"),
    ("cheddar cheese", "1.5", "oz"), ("11674", "1", "potato medium"), ("orange juice", "1", "cup"),
    ("black beans", "1/2", "cup"), ("ground beef", "100", "g"), ("lettuce", "1", "cup"),
    ("grilled chicken breast", "150", "g"), ("beer", "12", "fl oz"),
]  # fmt: skip


GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "names_gold.csv"
GOLD_SHARE = 0.2  # of rows, a name as logged in an app


def gold_names() -> list[str]:
    import csv

    with open(GOLD, encoding="utf-8", newline="") as stream:
        return [row["name"] for row in csv.DictReader(stream)]


def _cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"') else text


def make_cohort(path: Path, people: int, seed: int = 11) -> int:
    rng = random.Random(seed)
    names = gold_names()
    lines = ["date,user,meal,food,amount,unit\n"]
    for person in range(people):
        user = f"p{person:05d}"
        for day in range(7):
            date = f"2026-03-{day + 2:02d}"
            for food, amount, unit in rng.sample(ROWS, 14):
                if rng.random() < GOLD_SHARE:
                    food, amount, unit = _cell(rng.choice(names)), "100", "g"
                lines.append(f"{date},{user},,{food},{amount},{unit}\n")
    # a person's rows spread over the file, as the issue asks
    body = lines[1:]
    rng.shuffle(body)
    path.write_text(lines[0] + "".join(body), encoding="utf-8")
    return len(body)


# One timed call in a fresh process, as a person runs screener: the libraries imported
# first (in both), then the call; the food table comes from the disk cache, the matcher
# meets every name for the first time. Prints wall and CPU seconds (with those of any
# process it started, the reading one) and peak memory (MiB) of it and of its children.
PROBE = """
import json, resource, sys, time
import pandas as pd
from screener.batch import screen_batch
path, task = sys.argv[1], sys.argv[2]
wall, cpu = time.perf_counter(), time.process_time()
pd.read_csv(path) if task == "read" else screen_batch(path)
wall = time.perf_counter() - wall
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = time.process_time() - cpu + children.ru_utime + children.ru_stime
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps([wall, cpu, peak, children.ru_maxrss / 1024]))
"""


def probe(path: Path, task: str, read_ahead: str = "") -> list[float]:
    env = {**os.environ, "SCREENER_READ_AHEAD": read_ahead}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), task],
        check=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    return json.loads(out.stdout.splitlines()[-1])


def main(argv: list[str]) -> int:
    people = int(argv[argv.index("--people") + 1]) if "--people" in argv else 10_000
    keep = Path(argv[argv.index("--keep") + 1]) if "--keep" in argv else None
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 7
    folder = Path(tempfile.mkdtemp())
    os.environ["SCREENER_CACHE_DIR"] = str(folder / "cache")  # children inherit it
    path = keep or folder / "cohort.csv"
    rows = make_cohort(path, people)
    print(
        f"cohort: {people} people x 7 days = {rows:,} rows, {path.stat().st_size / 2**20:.0f} MiB"
    )
    probe(path, "batch")  # fills the food table cache, as a person's first run does

    # Fresh processes, alternately: read_csv, batch, batch reading in this process only.
    runs: dict[str, list[list[float]]] = {"read": [], "batch": [], "batch, one process": []}
    for _ in range(repeat):
        runs["read"].append(probe(path, "read"))
        runs["batch"].append(probe(path, "batch"))
        runs["batch, one process"].append(probe(path, "batch", read_ahead="0"))
    median = {name: [statistics.median(r[i] for r in found) for i in range(4)]
              for name, found in runs.items()}  # fmt: skip
    read = median["read"]
    print(
        f"pandas.read_csv: {read[0]:.2f} s (median of {repeat} fresh processes); "
        f"peak memory {read[2]:.0f} MiB"
    )
    for name in ("batch", "batch, one process"):
        wall, cpu, peak, reader = median[name]
        print(
            f"{name + ':':21} {wall:.2f} s, {wall / read[0]:.2f}x read_csv "
            f"(CPU time {cpu / read[1]:.2f}x); peak memory {peak:.0f} MiB"
            + (f" and {reader:.0f} MiB reading" if reader > 1 else "")
        )
    print("goal: at most 2x read_csv; memory under 1024 MiB")

    # In one process, after a first batch: the matcher's tables are warm (not its names:
    # each batch resolves its names again).
    import pandas as pd

    from screener.batch import screen_batch

    result = screen_batch(path)
    read_times, batch_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        pd.read_csv(path)
        read_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = screen_batch(path)
        batch_times.append(time.perf_counter() - start)
    warm = statistics.median(batch_times) / statistics.median(read_times)
    print(
        f"in one process, after a first batch: {warm:.2f}x read_csv ({result.rows_used:,} rows "
        f"used, {len(result.rejected):,} rejected, {result.results['user'].nunique():,} people)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
