#!/usr/bin/env python3
"""How much of real Cronometer "Servings" exports screener understands from the food
name and amount alone, the way a typed diary reaches it.

Usage: python benchmarks/bench_exports.py FOLDER [--show off|REASON] (REASON: a rejection
reason as the report writes it: unknown_food, ambiguous_food, unknown_unit …)

For every row of every Cronometer servings export in FOLDER (none is bundled: real
people's diaries), screener is given only the day, the Food Name and the Amount, as a
meal log (read by read_diary, as a typed diary is): it matches the name (both food
tables) and turns the amount into grams. A row is *taken* when both work, and counted
*within 25 %* when the energy screener computes is within 25 % of the energy Cronometer
logged; every other row is counted by the reason it was rejected. Rows Cronometer logged
with no energy, and supplements, are not food rows and are left out.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from screener.diary import read_diary
from screener.foods import default_foods


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


def as_meal_log(rows: pd.DataFrame) -> bytes:
    """The rows as a person would type them into a meal log: the day, the name, the
    amount as Cronometer wrote it ("1.00 cup", "2.00 x 0.5 cup, shredded")."""
    log = pd.DataFrame({
        "date": rows["Day"].str.strip(), "food": rows["Food Name"], "amount": rows["Amount"],
    })  # fmt: skip
    return log.to_csv(index=False).encode("utf-8")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    rows = food_rows(Path(argv[0]))
    table = default_foods()
    read = read_diary("exports.csv", foods=table, data=as_meal_log(rows))
    # a row per line: a name that joins foods is a row of each, their energy summed
    used = read.rows.groupby("line", sort=True).agg(
        energy_kcal=("energy_kcal", lambda kcal: kcal.sum(skipna=False)),
        food=("food", "first"), amount=("amount", "first"), name=("name", " + ".join),
    )  # fmt: skip
    verdicts: Counter = Counter()
    shown: Counter = Counter()
    for reject in read.rejected:
        row = rows.iloc[reject.line - 2]
        kind = reject.reason.value
        verdicts[kind] += 1
        if show == kind:
            shown[f"{row['Food Name']} | {row['Amount']}: {reject.message[:90]}"] += 1
    logged = rows["logged_kcal"].to_numpy()
    for line, found in used.iterrows():
        kcal, expected = found["energy_kcal"], logged[line - 2]
        close = not np.isnan(kcal) and abs(kcal - expected) <= 0.25 * expected
        verdicts["taken, energy within 25 %" if close else "taken, energy off"] += 1
        if show == "off" and not close:
            shown[f"{found['food']} ({found['amount']}: {expected:.0f} kcal) -> "
                  f"{found['name']} {kcal:.0f} kcal"] += 1  # fmt: skip
    total = len(rows)
    print(f"{total:,} food rows of {rows['file'].nunique()} exports")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict:28} {count:6,}  {100 * count / total:5.1f} %")
    taken = verdicts["taken, energy within 25 %"] + verdicts["taken, energy off"]
    if taken:
        print(f"of rows taken, energy within 25 %: "
              f"{100 * verdicts['taken, energy within 25 %'] / taken:.1f} %")  # fmt: skip
    assumed = int(read.rows["match"].isin(["assumed", "fuzzy"]).sum())
    print(f"rows whose food was assumed or fuzzy-matched: {assumed:,} (all counted in the report)")
    for text, count in shown.most_common(60):
        print(f"  {count:4}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
