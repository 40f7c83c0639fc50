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
