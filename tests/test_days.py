"""Issue 27: long exports. Unknown days of a daily summary, the chosen days, the
export as downloaded (a ZIP), and water."""

from __future__ import annotations

from pathlib import Path

import pytest

from screener.diary import read_diary
from screener.models import Profile, Sex
from screener.report import details_frame
from screener.scoring import screen

HEADER = (
    "Date,Energy (kcal),Water (g),B1 (Thiamine) (mg),B12 (Cobalamin) (µg),"
    "B6 (Pyridoxine) (mg),Vitamin D (IU),Calcium (mg),Magnesium (mg),Potassium (mg),"
    "Sodium (mg)\n"
)
ADULT = Profile(sex=Sex.FEMALE, age=40)


def cronometer_daily(path: Path, days: list[str]) -> Path:
    path.write_text(HEADER + "".join(day + "\n" for day in days), encoding="utf-8")
    return path


# --- unknown days ----------------------------------------------------------------------


def test_a_day_with_a_nutrient_blank_leaves_that_nutrient_mean(tmp_path):
    diary = cronometer_daily(
        tmp_path / "dailysummary.csv",
        [
            "2026-03-02,2000,1500,1.1,3.0,1.4,200,800,300,2600,2100",
            "2026-03-03,2105,1400,1.0,2.0,1.2,100,700,,2400,2000",  # magnesium unknown
            "2026-03-04,1900,1600,0.9,4.0,1.0,0,600,150,2200,1900",
            "2026-03-05,,,,,,,,,,",  # nothing logged: an empty day, as before
        ],
    )
    read = read_diary(diary)
    report = screen(read, ADULT)
    magnesium = report.get("magnesium")
    assert report.days_logged == 3  # the empty date is no day
    assert magnesium.mean_daily_intake == pytest.approx((300 + 150) / 2)  # not 450 / 3
    assert magnesium.data_complete_pct == pytest.approx(100 * 2 / 3)
    assert magnesium.days_logged == 2
    calcium = report.get("calcium")
    assert calcium.mean_daily_intake == pytest.approx((800 + 700 + 600) / 3)
    assert calcium.data_complete_pct == pytest.approx(100.0)
    # the day is not listed with a zero, in the JSON's daily totals or in --details
    assert "2026-03-03" not in report.daily_totals["magnesium"]
    assert report.daily_totals["calcium"]["2026-03-03"] == 700
    details = details_frame(report)
    day = details[(details["kind"] == "daily_total") & (details["date"] == "2026-03-03")]
    assert day["magnesium_mg"].isna().all()
    assert day["calcium_mg"].tolist() == [700]
    assert [s.value for s in report.skipped] == ["2026-03-05"]


def test_a_food_diary_day_still_sums_what_is_known(tmp_path):
    """Outside daily summaries a day's total is of the foods whose value is known."""
    diary = tmp_path / "meals.csv"
    diary.write_text(
        "date,food_id,amount,unit\n2026-03-02,09040,100,g\n2026-03-03,09040,200,g\n",
        encoding="utf-8",
    )
    report = screen(read_diary(diary), ADULT)
    # SR28 09040 (banana, raw): 27 mg magnesium per 100 g
    assert report.get("magnesium").mean_daily_intake == pytest.approx((27 + 54) / 2)
