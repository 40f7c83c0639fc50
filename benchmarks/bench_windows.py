#!/usr/bin/env python3
"""Whether screener's means of a chosen window, and its trend by month, equal a long
export's own values (issue 27).

Usage: python benchmarks/bench_windows.py FOLDER [--last 4w]

For every Cronometer daily summary (`Date,Energy (kcal),…`) and MyFitnessPal Nutrition
Summary (`Date,Meal,…,Sodium (mg),Potassium,…`) in FOLDER, and every ZIP holding one
(none is bundled: real people's diaries), the file's own mean is computed here with
pandas alone, independently of screener's readers: per day the sum of its rows, a day
whose cells of a nutrient are all blank left out of that nutrient's mean, a day with
every cell blank no day. It is compared with `screener report --last …` (the window up
to the last logged day) and with the months of its trend; a difference over 1 % is
printed as a failure.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pandas as pd

from screener.diary import choose_days, parse_last, read_diary
from screener.scoring import screen

# the file's column for each checked nutrient (the ones both exports carry, in mg)
COLUMNS = {
    "Cronometer": {"sodium": "Sodium (mg)", "potassium": "Potassium (mg)",
                   "magnesium": "Magnesium (mg)", "calcium": "Calcium (mg)"},
    "MyFitnessPal": {"sodium": "Sodium (mg)", "potassium": "Potassium"},
}  # fmt: skip


def own_frame(data: bytes) -> tuple[str, pd.DataFrame] | None:
    """(app, per-date sums with NaN for unknown) of an export's bytes, or None."""
    frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    app = (
        "Cronometer"
        if "Energy (kcal)" in frame.columns
        else "MyFitnessPal"
        if {"Meal", "Calories"} <= set(frame.columns)
        else None
    )
    if app is None or "Date" not in frame.columns:
        return None
    if app == "Cronometer" and "Group" in frame.columns:  # the Total rows are the days
        total = frame["Group"].str.lower().eq("total")
        has_total = frame.loc[total, "Date"]
        frame = frame[total | ~frame["Date"].isin(has_total)]
    values = pd.DataFrame(
        {
            key: pd.to_numeric(frame[column].str.replace(",", ""), errors="coerce")
            for key, column in COLUMNS[app].items()
            if column in frame.columns
        }
    )
    values["date"] = pd.to_datetime(frame["Date"]).dt.date.astype(str)
    days = values.groupby("date").sum(min_count=1)
    return app, days.dropna(how="all")


def exports(folder: Path):
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == ".csv":
            yield path, path.read_bytes()
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if info.filename.lower().endswith(".csv") and ".." not in info.filename:
                        yield path, archive.read(info)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    window = parse_last(argv[argv.index("--last") + 1]) if "--last" in argv else 28
    failures = checked = 0
    for path, data in exports(Path(argv[0])):
        own = own_frame(data)
        if own is None:
            continue
        app, days = own
        read = read_diary(path)
        last = pd.Timestamp(days.index.max()).date()
        start = (last - pd.Timedelta(days=window - 1)).isoformat()
        chosen = screen(choose_days(read, last_days=window))
        whole = screen(read)
        for nutrient in days.columns:
            mine = days.loc[days.index >= start, nutrient].mean()
            theirs = chosen.get(nutrient).mean_daily_intake
            checks = [(f"last {window} days", mine, theirs)]
            months = days[nutrient].groupby(days.index.str[:7]).mean()
            trend = {t.period: t.mean_daily_intake for t in whole.trend if t.nutrient == nutrient}
            if whole.trend_by == "month":
                checks += [(month, months[month], trend.get(month)) for month in months.index]
            for what, expected, found in checks:
                checked += 1
                if pd.isna(expected) and found is None:
                    continue
                off = abs((found or 0) - expected) / max(abs(expected), 1e-9)
                if found is None or off > 0.01:
                    failures += 1
                    print(f"FAIL {path.name} {app} {nutrient} {what}: file {expected:.1f}, "
                          f"screener {found}")  # fmt: skip
        print(f"{path.name} ({app}): {len(days)} days, {days.index.min()} to {days.index.max()}")
    print(f"{checked} means checked, {failures} off by more than 1 %")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
