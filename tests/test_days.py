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


# --- the export as downloaded: a ZIP --------------------------------------------------

MFP_SUMMARY = (
    "\ufeffDate,Meal,Time,Calories,Fat (g),Sodium (mg),Potassium,Carbohydrates (g),"
    "Protein (g),Calcium,Iron,Note\n"
    "2019-05-01,Breakfast,,518.0,10,574.5,740.0,60,20,20.0,5,\n"
    "2019-05-01,Dinner,,706.9,20,1013.7,167.4,80,30,25.0,10,\n"
    '2019-05-02,Lunch,,610.0,15,"1,204.0",900,70,25,10.0,5,\n'
)
MFP_EXERCISE = (
    "Date,Exercise,Type,Exercise Calories,Exercise Minutes,Sets,Reps Per Set,Kilograms,"
    "Steps,Note\n2019-05-01,Walking,Cardio,200,45,,,,,\n"
)
MFP_MEASUREMENT = "Date,Weight\n2019-05-01,70.2\n"
MEAL_LOG = "date,food_id,amount,unit\n2019-05-01,09040,100,g\n"


def zipped(path: Path, members: dict[str, bytes | str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body.encode("utf-8") if isinstance(body, str) else body)
    return path


def mfp_export(folder: Path) -> Path:
    """A File-Export ZIP as MyFitnessPal hands it out: three summaries."""
    return zipped(
        folder / "File-Export-2019-05-01-to-2019-05-02.zip",
        {
            "Nutrition-Summary-2019-05-01-to-2019-05-02.csv": MFP_SUMMARY,
            "Exercise-Summary-2019-05-01-to-2019-05-02.csv": MFP_EXERCISE,
            "Measurement-Summary-2019-05-01-to-2019-05-02.csv": MFP_MEASUREMENT,
        },
    )


def test_a_myfitnesspal_zip_is_read_as_its_nutrition_summary(tmp_path):
    export = mfp_export(tmp_path)
    read = read_diary(export)
    assert read.kind.value == "MyFitnessPal nutrition summary export"
    assert read.path == f"{export} (Nutrition-Summary-2019-05-01-to-2019-05-02.csv)"
    assert read.data_lines == 3 and len(read.rows) == 3
    note = next(w for w in read.warnings if "the other files" in w)
    assert (
        "Exercise-Summary-2019-05-01-to-2019-05-02.csv (this looks like a MyFitnessPal "
        "exercise summary, which has no foods)" in note
    )
    assert "Measurement-Summary" in note
    report = screen(read, ADULT)
    # by hand: sodium (574.5 + 1013.7) on the 1st, 1204 on the 2nd
    assert report.get("sodium").mean_daily_intake == pytest.approx((1588.2 + 1204.0) / 2)
    # and the same as the file given directly
    direct = tmp_path / "Nutrition-Summary.csv"
    direct.write_text(MFP_SUMMARY, encoding="utf-8")
    alone = screen(read_diary(direct), ADULT)
    assert [r.mean_daily_intake for r in alone.results] == [
        r.mean_daily_intake for r in report.results
    ]


def test_the_zip_is_reported_from_the_command_line(tmp_path):
    from click.testing import CliRunner

    from screener.cli import cli

    result = CliRunner().invoke(
        cli, ["report", str(mfp_export(tmp_path)), "--sex", "female", "--age", "40"]
    )
    assert result.exit_code == 0, result.output
    assert "Nutrition-Summary-2019-05-01-to-2019-05-02.csv" in result.output
    empty = zipped(tmp_path / "nothing.zip", {"Exercise.csv": MFP_EXERCISE})
    refused = CliRunner().invoke(cli, ["report", str(empty)])
    assert refused.exit_code == 1
    assert "a ZIP with no diary inside; it holds: Exercise.csv" in refused.output
    assert "Traceback" not in refused.output


def test_a_zip_with_no_diary_lists_what_it_holds(tmp_path):
    from screener.errors import DataFileError

    export = zipped(
        tmp_path / "x.zip",
        {"Measurement.csv": MFP_MEASUREMENT, "photo.jpg": b"\xff\xd8\xff\x00\x00binary"},
    )
    with pytest.raises(DataFileError) as error:
        read_diary(export)
    text = str(error.value)
    assert text.startswith(f"{export}: a ZIP with no diary inside; it holds: ")
    assert "Measurement.csv: this looks like a weight or measurement export" in text
    assert "photo.jpg: is a binary file, not CSV text" in text


def test_a_hostile_zip_is_guarded(tmp_path, monkeypatch):
    from screener import zipped as zipped_module
    from screener.errors import DataFileError

    # a member named to point outside is never opened (nothing is ever unpacked to disk)
    outside = zipped(tmp_path / "dots.zip", {"../../evil.csv": MEAL_LOG})
    with pytest.raises(DataFileError, match=r"\.\./\.\./evil\.csv: a name that points outside"):
        read_diary(outside)
    assert not (tmp_path.parent.parent / "evil.csv").exists()
    # a ZIP inside the ZIP is not opened
    inner = zipped(tmp_path / "inner.zip", {"meals.csv": MEAL_LOG}).read_bytes()
    nested = zipped(tmp_path / "nested.zip", {"inner.zip": inner})
    with pytest.raises(DataFileError, match=r"inner\.zip: a ZIP inside the ZIP; not opened"):
        read_diary(nested)
    # a member that unpacks to more than a diary: refused by its stated size, and by
    # what it actually unpacks to (a few KB of compressed zeros here: the limit lowered)
    monkeypatch.setattr(zipped_module, "MAX_MEMBER_BYTES", 100_000)
    huge = MEAL_LOG + "2019-05-02,09040,100,g\n" * 10_000  # 48 + 23 x 10,000 bytes
    bomb = zipped(tmp_path / "bomb.zip", {"meals.csv": huge})
    assert bomb.stat().st_size < 10_000
    with pytest.raises(DataFileError, match=r"meals\.csv: unpacks to 230,048 bytes, more than"):
        read_diary(bomb)
    # whatever a member's header says, what is unpacked stops at the bound
    import zipfile

    with zipfile.ZipFile(bomb) as archive:
        got = zipped_module._unpack(archive, archive.infolist()[0], 1_000, str(bomb))
    assert got == huge.encode()[:1_000]
    # a damaged ZIP is an error, not a traceback
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(DataFileError, match="is a ZIP file that cannot be opened"):
        read_diary(broken)


def test_a_zip_of_servings_and_daily_summary_reads_the_servings(tmp_path):
    servings = (Path(__file__).parent / "data" / "cronometer_servings.csv").read_bytes()
    daily = (Path(__file__).parent / "data" / "cronometer_daily.csv").read_bytes()
    export = zipped(tmp_path / "cronometer.zip", {"servings.csv": servings,
                                                  "dailysummary.csv": daily})  # fmt: skip
    read = read_diary(export)
    assert read.kind.value == "Cronometer servings export"
    assert any("dailysummary.csv (a diary too, not read)" in w for w in read.warnings)
    two = zipped(tmp_path / "two.zip", {"a.csv": daily, "b.csv": daily})
    from screener.errors import DataFileError

    with pytest.raises(DataFileError, match=r"a ZIP with 2 diaries \(a.csv, b.csv\)"):
        read_diary(two)


# --- choosing the days ------------------------------------------------------------------

BANANA_MG_PER_100G = 27.0  # SR28 09040, banana, raw: magnesium


def long_meal_log(path: Path, days: int = 100) -> Path:
    """Banana every day from 2025-11-01, 100 g on the first day and a gram more each day."""
    import datetime as dt

    start = dt.date(2025, 11, 1)
    lines = ["date,food_id,amount,unit"] + [
        f"{start + dt.timedelta(days=i)},09040,{100 + i},g" for i in range(days)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str):
    from click.testing import CliRunner

    from screener.cli import cli

    return CliRunner().invoke(cli, list(args))


def test_last_weeks_screens_the_days_up_to_the_last_logged_day(tmp_path):
    import json

    diary = long_meal_log(tmp_path / "long.csv")
    result = run_cli("report", str(diary), "--last", "4w", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # the last logged day is day 99 (2026-02-08); 4w is days 72-99: 172 g to 199 g
    assert report["days_logged"] == 28
    assert (report["first_date"], report["last_date"]) == ("2026-01-12", "2026-02-08")
    magnesium = next(r for r in report["results"] if r["nutrient"] == "magnesium")
    assert magnesium["mean_daily_intake"] == pytest.approx(BANANA_MG_PER_100G * 1.855)
    assert report["days_chosen"] == {
        "from_date": "2026-01-12", "to_date": "2026-02-08",
        "diary_first_date": "2025-11-01", "diary_last_date": "2026-02-08", "rows_outside": 72,
    }  # fmt: skip
    # no row lost: 28 used, 72 outside the chosen days, 100 data rows
    assert report["rows_used"] == 28
    assert [s["reason"] for s in report["skipped"]] == ["outside_days"] * 72
    assert "Left out: 72 row(s) outside the chosen days" in result.stderr
    same = json.loads(run_cli("report", str(diary), "--last", "28", "--format", "json").stdout)
    assert same["results"] == report["results"]


def test_from_and_to_are_inclusive_and_the_rest_is_in_details(tmp_path):
    import pandas as pd

    diary = long_meal_log(tmp_path / "long.csv")
    details = tmp_path / "rows.csv"
    result = run_cli(
        "report", str(diary), "--from", "2025-11-02", "--to", "2025-11-04",
        "--details", str(details),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # days 1-3: 101, 102 and 103 g of banana
    assert "Days logged: 3, 2025-11-02 to 2025-11-04; 3 rows used, 0 rejected" in result.stdout
    assert "Left out: 97 rows outside the chosen days." in result.stdout
    frame = pd.read_csv(details)
    assert (frame["kind"] == "row").sum() == 3
    outside = frame[frame["reason"] == "outside_days"]
    assert len(outside) == 97
    assert set(outside["line"]) == set(range(2, 102)) - {3, 4, 5}
    daily = frame[frame["kind"] == "daily_total"]
    assert daily["magnesium_mg"].tolist() == pytest.approx(
        [BANANA_MG_PER_100G * g / 100 for g in (101, 102, 103)]
    )
    # --last N up to --to
    found = run_cli("report", str(diary), "--last", "2", "--to", "2025-11-04")
    assert "Days logged: 2, 2025-11-03 to 2025-11-04" in found.stdout


def test_days_chosen_in_plan_and_import(tmp_path):
    diary = long_meal_log(tmp_path / "long.csv")
    out = tmp_path / "meals.csv"
    result = run_cli("import", str(diary), "--from", "2026-02-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "100 data rows, 8 used, 0 rejected, 92 outside the chosen days" in result.stderr
    assert len(out.read_text().splitlines()) == 1 + 8
    planned = run_cli("plan", str(diary), "--last", "7", "--format", "json")
    assert planned.exit_code == 0, planned.output
    import json

    before = {n["nutrient"]: n["before"] for n in json.loads(planned.stdout)["nutrients"]}
    # days 93-99: 193-199 g, 196 g on average
    assert before["magnesium"] == pytest.approx(BANANA_MG_PER_100G * 1.96)


def test_bad_day_options_are_usage_errors_and_an_empty_window_a_data_error(tmp_path):
    diary = str(long_meal_log(tmp_path / "long.csv"))
    for args in (
        ["--last", "0"], ["--last", "four weeks"], ["--from", "2026-13-01"],
        ["--from", "2026-01-05", "--to", "2026-01-01"], ["--from", "2026-01-01", "--last", "7"],
    ):  # fmt: skip
        result = run_cli("report", diary, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    empty = run_cli("report", diary, "--from", "2030-01-01")
    assert empty.exit_code == 1
    assert (
        "no day logged from 2030-01-01 to 2026-02-08; the diary runs from 2025-11-01 to "
        "2026-02-08" in empty.output
    )


def test_a_long_diary_screened_whole_says_so(tmp_path):
    long = run_cli("report", str(long_meal_log(tmp_path / "long.csv")))
    assert "This diary spans 14 weeks (2025-11-01 to 2026-02-08) and is screened whole" in (
        long.stdout.replace("\n  ", " ").replace("\n", " ")
    )
    assert "--last 4w" in long.stdout
    # 8 weeks exactly is not long; a day more is
    eight = run_cli("report", str(long_meal_log(tmp_path / "eight.csv", 56)))
    assert "screened whole" not in eight.stdout
    more = run_cli("report", str(long_meal_log(tmp_path / "more.csv", 57)))
    assert "spans 8 weeks" in more.stdout
    chosen = run_cli("report", str(long_meal_log(tmp_path / "long.csv")), "--last", "90")
    assert "screened whole" not in chosen.stdout


def test_empty_dates_outside_the_chosen_days_are_not_listed(tmp_path):
    diary = cronometer_daily(
        tmp_path / "dailysummary.csv",
        [
            "2026-03-01,,,,,,,,,,",
            "2026-03-02,2000,1500,1.1,3.0,1.4,200,800,300,2600,2100",
            "2026-03-03,,,,,,,,,,",
            "2026-03-04,1900,1600,0.9,4.0,1.0,0,600,150,2200,1900",
        ],
    )
    import datetime as dt

    from screener.diary import choose_days

    read = choose_days(read_diary(diary), dt.date(2026, 3, 2))
    report = screen(read, ADULT)
    assert [(s.value, s.reason.value) for s in report.skipped] == [
        ("2026-03-01", "outside_days"), ("2026-03-03", "empty_day"),
    ]  # fmt: skip
    assert report.days_chosen.rows_outside == 1
    assert len(read.rows) + len(read.rejected) + len(read.skipped) == read.data_lines


# --- water ------------------------------------------------------------------------------


# NASEM (IOM) 2005, DRIs for Water, Potassium, Sodium, Chloride, and Sulfate, Table S-2:
# the Adequate Intake for total water, litres a day, as the report prints it.
@pytest.mark.parametrize(
    ("sex", "age", "stage", "litres"),
    [
        (None, 2, None, 1.3), (None, 6, None, 1.7),
        ("male", 10, None, 2.4), ("female", 10, None, 2.1),
        ("male", 16, None, 3.3), ("female", 16, None, 2.3),
        ("male", 25, None, 3.7), ("female", 25, None, 2.7),
        ("male", 45, None, 3.7), ("female", 45, None, 2.7),
        ("male", 60, None, 3.7), ("female", 60, None, 2.7),
        ("male", 80, None, 3.7), ("female", 80, None, 2.7),
        ("female", 17, "pregnant", 3.0), ("female", 30, "pregnant", 3.0),
        ("female", 40, "pregnant", 3.0),
        ("female", 17, "lactating", 3.8), ("female", 30, "lactating", 3.8),
        ("female", 45, "lactating", 3.8),
        (None, 40, None, 3.7),  # sex not given: the higher, as every default errs
    ],
)  # fmt: skip
def test_water_ai_by_life_stage(sex, age, stage, litres):
    from screener.models import profile_of
    from screener.references import water_ai

    found = water_ai(profile_of(sex, age, stage))
    assert found.ai_l == litres
    assert found.source.startswith("NASEM (IOM) 2005, Dietary Reference Intakes for Water")


def test_every_water_row_has_its_source():
    import csv

    from screener.references import DATA

    rows = list(csv.DictReader((DATA / "water_ai.csv").open(encoding="utf-8")))
    assert len(rows) == 22  # the life-stage rows of the other DRIs
    assert all(row["source"].startswith("NASEM (IOM) 2005") for row in rows)
    assert {row["unit"] for row in rows} == {"L"}


def test_water_from_food_and_drinks_against_the_ai(tmp_path):
    diary = tmp_path / "meals.csv"
    diary.write_text(
        "date,food_id,amount,unit\n2026-03-02,09040,100,g\n2026-03-03,09040,200,g\n",
        encoding="utf-8",
    )
    report = screen(read_diary(diary), Profile(sex=Sex.FEMALE, age=30, life_stage="pregnant"))
    # SR28 09040 banana: 74.91 g water per 100 g; (74.91 + 149.82) / 2 g a day
    assert report.water_l_per_day == pytest.approx(0.112, abs=0.0005)
    assert report.water_ai_l == 3.0
    from screener.report import render_table

    table = render_table(report).replace("\n    ", " ")
    assert (
        "Water from food and drinks: 0.1 L a day, 4% of the Adequate Intake for total "
        "water (3 L a day, NASEM 2005). Plain water is often not logged" in table
    )


def test_unknown_water_stays_unknown(tmp_path):
    # a daily summary without a water column, and one with water blank on a day
    header = HEADER.replace("Water (g),", "")
    diary = tmp_path / "dailysummary.csv"
    diary.write_text(header + "2026-03-02,2000,1.1,3.0,1.4,200,800,300,2600,2100\n")
    report = screen(read_diary(diary), ADULT)
    assert report.water_l_per_day is None
    from screener.report import render_table

    assert "Water: unknown (no item of this diary has a known water value)" in render_table(report)
    blank = cronometer_daily(
        tmp_path / "blank.csv",
        [
            "2026-03-02,2000,1500,1.1,3.0,1.4,200,800,300,2600,2100",
            "2026-03-03,2000,,1.1,3.0,1.4,200,800,300,2600,2100",
        ],
    )
    report = screen(read_diary(blank), ADULT)
    assert report.water_l_per_day == 1.5  # the day known, not (1500 + 0) / 2
    assert report.water_complete_pct == 50.0
    assert "at least 1.5 L a day, known for only 50% of what was eaten" in render_table(
        report
    ).replace("\n    ", " ")


# --- how intake changed -------------------------------------------------------------------

BANANA_K_PER_100G = 358.0  # SR28 09040: potassium


def banana_days(path: Path, grams_by_day: dict[str, float]) -> Path:
    lines = ["date,food_id,amount,unit"] + [
        f"{day},09040,{grams:g},g" for day, grams in grams_by_day.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def month_days(year: int, month: int) -> list[str]:
    import calendar

    return [
        f"{year}-{month:02d}-{d:02d}" for d in range(1, calendar.monthrange(year, month)[1] + 1)
    ]


def test_trend_by_month_with_a_month_of_no_days(tmp_path):
    # October 200 g of banana a day, November nothing, December 200 g, January 800 g
    grams = {day: 200 for day in month_days(2025, 10) + month_days(2025, 12)}
    grams |= dict.fromkeys(month_days(2026, 1), 800)
    report = screen(read_diary(banana_days(tmp_path / "d.csv", grams)), ADULT)
    assert report.trend_by == "month"  # 2025-10-01 to 2026-01-31: 123 days
    potassium = [t for t in report.trend if t.nutrient.value == "potassium"]
    assert [(t.period, t.days_logged) for t in potassium] == [
        ("2025-10", 31), ("2025-11", 0), ("2025-12", 31), ("2026-01", 31),
    ]  # fmt: skip
    assert potassium[0].mean_daily_intake == pytest.approx(2 * BANANA_K_PER_100G)
    assert potassium[1].mean_daily_intake is None and potassium[1].status is None
    assert potassium[3].mean_daily_intake == pytest.approx(8 * BANANA_K_PER_100G)
    # women 31-50: potassium AI 2600 mg; 2864 mg is adequate, the whole (93 days of
    # (716 + 716 + 2864) / 3 = 1432 mg) is low: the last month differs, and is said
    whole = report.get("potassium").mean_daily_intake
    assert whole == pytest.approx((2 + 2 + 8) / 3 * BANANA_K_PER_100G)
    assert potassium[3].status.value == "adequate"
    assert (
        "Potassium: adequate in the last month (2026-01, 2,864 mg a day over 31 day(s)), "
        "low over all the days screened (1,432 mg a day)."
    ) in report.trend_notes
    from screener.report import render_table

    table = render_table(report).replace("\n    ", " ")
    assert (
        "By month, mg a day: 2025-10 716 (31d), 2025-11 none (0d), 2025-12 716 (31d), "
        "2026-01 2864 (31d)" in table
    )
    assert "How intake changed (by month)" in table


def test_trend_by_week_for_four_to_twelve_weeks(tmp_path):
    import datetime as dt

    # Wednesday 2026-01-07 to Sunday 2026-02-15 (40 days); the week of 2026-01-26 empty
    start = dt.date(2026, 1, 7)
    grams = {}
    for i in range(40):
        day = start + dt.timedelta(days=i)
        if not dt.date(2026, 1, 26) <= day <= dt.date(2026, 2, 1):
            grams[day.isoformat()] = 100 + 10 * i
    report = screen(read_diary(banana_days(tmp_path / "w.csv", grams)), ADULT)
    assert report.trend_by == "week"
    magnesium = [t for t in report.trend if t.nutrient.value == "magnesium"]
    assert [t.period for t in magnesium] == [
        "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09",
    ]  # fmt: skip
    assert [t.days_logged for t in magnesium] == [5, 7, 7, 0, 7, 7]
    first = magnesium[0]
    assert (first.first_date, first.last_date) == ("2026-01-07", "2026-01-11")  # clipped
    # the first week: days 0-4, 100-140 g, 120 g on average
    assert first.mean_daily_intake == pytest.approx(BANANA_MG_PER_100G * 1.2)
    # the last: days 33-39, 430-490 g, 460 g on average
    assert magnesium[-1].mean_daily_intake == pytest.approx(BANANA_MG_PER_100G * 4.6)
    assert magnesium[3].mean_daily_intake is None


def test_no_trend_for_four_weeks_or_less(tmp_path):
    import json

    diary = long_meal_log(tmp_path / "d.csv", 28)
    report = screen(read_diary(diary), ADULT)
    assert report.trend_by is None and report.trend == []
    from screener.report import render_json

    assert "trend" not in json.loads(render_json(report))
    assert report.days_logged == 28
    assert screen(read_diary(long_meal_log(tmp_path / "e.csv", 29)), ADULT).trend_by == "week"
    assert screen(read_diary(long_meal_log(tmp_path / "f.csv", 84)), ADULT).trend_by == "week"
    assert screen(read_diary(long_meal_log(tmp_path / "g.csv", 85)), ADULT).trend_by == "month"


def test_trend_file_and_json(tmp_path):
    import json

    import pandas as pd

    diary = long_meal_log(tmp_path / "long.csv")  # 2025-11-01 to 2026-02-08
    trend = tmp_path / "trend.csv"
    result = run_cli("report", str(diary), "--trend", str(trend), "--format", "json")
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(trend)
    assert list(frame.columns) == [
        "nutrient", "period", "first_date", "last_date", "days_logged", "mean_daily_intake",
        "unit", "coverage_pct", "status",
    ]  # fmt: skip
    assert len(frame) == 8 * 4  # 8 nutrients x November to February
    november = frame[(frame["nutrient"] == "magnesium") & (frame["period"] == "2025-11")]
    # days 0-29: 100-129 g, 114.5 g on average
    assert november["mean_daily_intake"].item() == pytest.approx(BANANA_MG_PER_100G * 1.145)
    assert json.loads(result.stdout)["trend"][0]["period"] == "2025-11"
    # the trend is of the days chosen
    chosen = json.loads(run_cli("report", str(diary), "--last", "4w", "--format", "json").stdout)
    assert "trend" not in chosen and chosen["days_logged"] == 28
    again = run_cli("report", str(diary), "--trend", str(trend))
    assert again.exit_code == 1 and "exists already" in again.output


def test_the_page_draws_the_trend_against_the_target(tmp_path):
    from screener.page import render_page

    report = screen(read_diary(long_meal_log(tmp_path / "long.csv")), ADULT)
    page = render_page(report)
    # one chart per flagged nutrient: the coverage chart, and a trend chart for each
    flagged = [r for r in report.results if r.flagged]
    assert page.count("<svg") == 1 + len(flagged)  # 100 days: no daily bars
    assert "How intake changed" not in page  # nothing differs in this diary


# --- the days of many people at once -------------------------------------------------------


def banana_cohort(path: Path) -> Path:
    """ana: 2026-03-01 to 03-10, 100 g of banana and 10 g more each day; ben: 03-01 to
    03-03, 200 g a day."""
    lines = ["date,user,food_id,amount,unit"]
    lines += [f"2026-03-{1 + i:02d},ana,09040,{100 + 10 * i},g" for i in range(10)]
    lines += [f"2026-03-{1 + i:02d},ben,09040,200,g" for i in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def magnesium_of(results, user: str) -> tuple[float, int]:
    row = results[(results["user"] == user) & (results["nutrient"] == "magnesium")]
    return float(row["mean_daily_intake"].item()), int(row["days_logged"].item())


def test_batch_screens_the_days_chosen(tmp_path):
    import datetime as dt

    from screener.batch import screen_batch

    cohort = banana_cohort(tmp_path / "cohort.csv")
    # --last 3: the diary's last logged day is 03-10: ana's 170, 180, 190 g; ben none
    found = screen_batch(cohort, days=(None, None, 3))
    mean, days = magnesium_of(found.results, "ana")
    assert (mean, days) == (pytest.approx(BANANA_MG_PER_100G * 1.8), 3)
    assert set(found.results["user"]) == {"ana"}
    assert found.people_outside == ["ben"]
    assert (found.rows_used, found.rows_outside, found.data_lines) == (3, 10, 13)
    # --from 03-02 --to 03-03: ana 110 and 120 g; ben 200 g twice
    found = screen_batch(cohort, days=(dt.date(2026, 3, 2), dt.date(2026, 3, 3), None))
    assert magnesium_of(found.results, "ana") == (pytest.approx(BANANA_MG_PER_100G * 1.15), 2)
    assert magnesium_of(found.results, "ben") == (pytest.approx(BANANA_MG_PER_100G * 2.0), 2)
    assert (found.rows_used, found.rows_outside) == (4, 9)
    from screener.errors import ScreenerError

    with pytest.raises(ScreenerError, match="no day logged from 2027-01-01 to the end"):
        screen_batch(cohort, days=(dt.date(2027, 1, 1), None, None))


def test_batch_days_from_the_command_line(tmp_path):
    cohort = banana_cohort(tmp_path / "cohort.csv")
    out = tmp_path / "results.csv"
    result = run_cli("batch", str(cohort), "-o", str(out), "--last", "3")
    assert result.exit_code == 0, result.output
    assert "13 data rows, 3 used, 0 rejected, 10 outside the chosen days; 1 people" in (
        result.stderr
    )
    assert "Not screened, no day logged in the chosen days (1): ben" in result.stderr
    bad = run_cli("batch", str(cohort), "-o", str(out), "--force", "--last", "2x")
    assert bad.exit_code == 2


# --- the app ---------------------------------------------------------------------------------

APP_TOKEN = "test-token-0123456789"
APP_BASE = "http://127.0.0.1:5000"


@pytest.fixture
def app_client():
    from screener.app import create_app

    return create_app(APP_TOKEN, "127.0.0.1:5000").test_client()


def post_app(app_client, path: Path, fmt: str = "json", **fields):
    import io

    data = {"token": APP_TOKEN, "sex": "female", "age": "40", **fields,
            "diary": (io.BytesIO(path.read_bytes()), path.name)}  # fmt: skip
    return app_client.post(f"{APP_BASE}/report?format={fmt}", data=data)


def test_the_app_screens_the_days_chosen_as_the_cli_does(app_client, tmp_path, monkeypatch):
    import json

    diary = long_meal_log(tmp_path / "long.csv")
    monkeypatch.chdir(tmp_path)
    expected = run_cli(
        "report", "long.csv", "--sex", "female", "--age", "40", "--last", "4w", "--format", "json"
    )
    response = post_app(app_client, diary, last="4w")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == expected.stdout
    assert json.loads(response.get_data())["days_chosen"]["rows_outside"] == 72
    window = {"from": "2025-11-02", "to": "2025-11-04"}
    between = json.loads(post_app(app_client, diary, **window).get_data())
    assert between["days_logged"] == 3
    for fields, words in (
        ({"from": "2025-13-01"}, "from: '2025-13-01' is not a date"),
        ({"last": "x"}, "last: 'x' is not a number of days"),
        ({"from": "2025-11-05", "to": "2025-11-01"}, "is after the last"),
        ({"from": "2025-11-05", "last": "7"}, "not both"),
    ):
        refused = post_app(app_client, diary, **fields)
        assert refused.status_code == 400, fields
        assert words in refused.get_data(as_text=True)


def test_the_app_takes_the_zip_and_keeps_the_days_through_its_pages(app_client, tmp_path):
    import io

    export = mfp_export(tmp_path)
    response = post_app(app_client, export, fmt="table")
    assert response.status_code == 200
    assert "Nutrition-Summary-2019-05-01-to-2019-05-02.csv" in response.get_data(as_text=True)
    # the pages: the form, then the report, with the days chosen
    app_client.get(f"{APP_BASE}/?token={APP_TOKEN}")
    form = app_client.get(f"{APP_BASE}/").get_data(as_text=True)
    for name in ("from", "to", "last"):
        assert f'name="{name}"' in form
    diary = long_meal_log(tmp_path / "long.csv")
    started = app_client.post(
        f"{APP_BASE}/screen",
        data={"token": APP_TOKEN, "sex": "female", "age": "40", "last": "7",
              "diary": (io.BytesIO(diary.read_bytes()), "long.csv")},
    )  # fmt: skip
    assert started.status_code == 303
    page = app_client.get(APP_BASE + started.headers["Location"]).get_data(as_text=True)
    assert "Days logged: 7 (2026-02-02 to 2026-02-08)" in page
    assert "The days chosen: 2026-02-02 to 2026-02-08, of a diary from 2025-11-01" in page
