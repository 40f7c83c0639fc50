#!/usr/bin/env python3
"""How much of real Cronometer "Servings" exports screener understands from the food
name and amount alone, the way a typed diary reaches it.

Usage: python benchmarks/bench_exports.py FOLDER [--show unknown|asked|off]

For every row of every Cronometer servings export in FOLDER (none is bundled: real
people's diaries), screener is given only the Food Name and the Amount: it matches the
name (both food tables) and turns the amount into grams. A row counts as *taken* when
both work; *right-sized* when the energy screener computes is within 25 % of the energy
Cronometer logged. Rows Cronometer logged with no energy, and supplements, are not food
rows and are left out of the shares.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from screener.foods import default_foods
from screener.matching import resolve_names
from screener.units import AmountError, Measures, UnitError, parse_amount


def food_rows(folder: Path) -> pd.DataFrame:
    frames = []
    for path in sorted(folder.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if not {"Food Name", "Amount", "Energy (kcal)"} <= set(frame.columns):
            continue
        frame["file"] = path.name
        frames.append(frame)
    rows = pd.concat(frames, ignore_index=True)
    energy = pd.to_numeric(rows["Energy (kcal)"], errors="coerce")
    supplement = rows.get("Category", pd.Series("", index=rows.index)).eq("Supplements")
    supplement |= rows.get("Group", pd.Series("", index=rows.index)).eq("Supplements")
    rows["logged_kcal"] = energy
    return rows[(energy > 0) & ~supplement].reset_index(drop=True)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    rows = food_rows(Path(argv[0]))
    table = default_foods()
    names = rows["Food Name"].tolist()
    found = resolve_names(names, table)
    verdicts = Counter()
    shown = Counter()
    for name, amount, logged in zip(names, rows["Amount"], rows["logged_kcal"], strict=True):
        resolution = found[name]
        if resolution.food_id is None:
            kind = "asked" if resolution.suggestions and resolution.score >= 60 else "unknown"
            verdicts[kind] += 1
            if show == kind:
                shown[name] += 1
            continue
        food = table.get(resolution.food_id)
        measures = Measures.of(str(food["name"]), table.measure_list(resolution.food_id))
        try:
            number, unit = parse_amount(amount)
            grams = measures.to_grams(number, unit)
        except (AmountError, UnitError):
            verdicts["amount not read"] += 1
            if show == "amount":
                shown[f"{amount} | {name} -> {food['name']}"] += 1
            continue
        kcal = grams / 100 * float(food["energy_kcal"])
        close = not np.isnan(kcal) and abs(kcal - logged) <= 0.25 * logged
        verdicts["taken, energy within 25 %" if close else "taken, energy off"] += 1
        if show == "off" and not close:
            shown[f"{name} ({amount}: {logged:.0f} kcal) -> {food['name']} {kcal:.0f} kcal"] += 1
    total = len(rows)
    print(f"{total:,} food rows of {rows['file'].nunique()} exports")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict:28} {count:6,}  {100 * count / total:5.1f} %")
    taken = verdicts["taken, energy within 25 %"] + verdicts["taken, energy off"]
    if taken:
        print(
            f"of rows taken, energy within 25 %: "
            f"{100 * verdicts['taken, energy within 25 %'] / taken:.1f} %"
        )
    for text, count in shown.most_common(60):
        print(f"  {count:4}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
