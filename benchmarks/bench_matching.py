#!/usr/bin/env python3
"""Matching 1,000 distinct food names against the full table.

Reports the time of resolve_names() on 1,000 distinct names (real SR28 names, lightly
garbled the way people type) as a ratio to a baseline measured in the same run:
rapidfuzz's process.cdist of the same 1,000 names against the 8,789 food names with
one scorer, the least any fuzzy matcher over the table must do.

Usage: python benchmarks/bench_matching.py [--repeat N]
"""

from __future__ import annotations

import random
import sys
import time

from rapidfuzz import fuzz, process

from screener.foods import default_foods, match_key
from screener.matching import resolve_names


def typed_names(count: int, seed: int = 7) -> list[str]:
    """COUNT distinct names: the first words of SR28 names, a letter dropped now and then."""
    rng = random.Random(seed)
    names: set[str] = set()
    foods = default_foods().foods["name"].tolist()
    while len(names) < count:
        words = rng.choice(foods).replace(",", "").lower().split()[: rng.randint(1, 3)]
        text = " ".join(words)
        if rng.random() < 0.3 and len(text) > 4:
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        names.add(text)
    return sorted(names)


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 5
    table = default_foods()
    _ = table.search_index  # built once per process, not part of a diary's matching
    names = typed_names(1000)
    keys = [match_key(name) for name in table.foods["name"]]
    baseline = best_of(
        repeat, lambda: process.cdist(names, keys, scorer=fuzz.token_set_ratio, workers=-1)
    )
    matching = best_of(repeat, lambda: resolve_names(names, table))
    resolved = resolve_names(names, table)
    taken = sum(r.food_id is not None for r in resolved.values())
    print(f"names: {len(names)} distinct, {taken} resolved, {len(names) - taken} reported")
    print(f"baseline (one cdist, token_set_ratio): {baseline * 1000:.0f} ms")
    print(f"resolve_names:                        {matching * 1000:.0f} ms")
    print(f"ratio: {matching / baseline:.2f}x the baseline (best of {repeat})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
