"""Supplements: hand-computed totals, every UL rule at and just above its limit, and the
invariants."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screener.diary import read_diary
from screener.errors import DataFileError
from screener.models import Profile, RejectReason, UlStatus
from screener.nutrients import Nutrient
from screener.report import render
from screener.scoring import screen
from screener.supplements import nutrient_of, read_supplements, times_per_day

from conftest import DATA

WOMAN_40 = Profile(sex="female", age=40)
HEADER = "name,nutrient,amount,unit,frequency\n"


def supplements_file(folder: Path, body: str) -> Path:
    path = folder / "supplements.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def diary(folder: Path, grams_of_grain: float = 100.0) -> Path:
    """One day of 'Test grain' (conftest TINY_FOODS: 100 mg magnesium per 100 g)."""
    path = folder / "diary.csv"
    path.write_text(f"date,food_id,amount\n2026-03-02,90001,{grams_of_grain} g\n")
    return path


def screened(tiny_foods, body: str | None, grams: float = 100.0):
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        read = read_diary(diary(folder, grams), foods=tiny_foods)
        taken = read_supplements(supplements_file(folder, body)) if body is not None else None
        return screen(read, WOMAN_40, foods=tiny_foods, supplements=taken)


@pytest.mark.parametrize(
    ("frequency", "per_day"),
    [("", 1), ("daily", 1), ("3/week", 3 / 7), ("3 x / week", 3 / 7), ("weekly", 1 / 7),
     ("every other day", 0.5), ("twice daily", 2), ("2/day", 2), ("1 per month", 12 / 365)],
)  # fmt: skip
def test_frequencies(frequency, per_day):
    assert times_per_day(frequency) == pytest.approx(per_day)


@pytest.mark.parametrize(
    ("written", "nutrient"),
    [("vitamin D3", Nutrient.VITAMIN_D), ("B1", Nutrient.THIAMIN),
     ("cobalamin", Nutrient.VITAMIN_B12), ("magnesium citrate", Nutrient.MAGNESIUM),
     ("vitamin_b6", Nutrient.VITAMIN_B6), ("Pyridoxine HCl", Nutrient.VITAMIN_B6),
     ("iron", None), ("vitamin C", None)],
)  # fmt: skip
def test_nutrient_names(written, nutrient):
    assert nutrient_of(written) is nutrient


def test_hand_computed_totals(tiny_foods):
    report = screened(
        tiny_foods,
        "Mag,magnesium,140,mg,3/week\n"  # 140 x 3 / 7 = 60 mg a day
        "D3,vitamin D3,1000,IU,weekly\n"  # 1000 IU / 40 = 25 µg, / 7 a day
        "B-complex,B6,10,mg,daily\n"
        "B-complex,B12,500,mcg,daily\n"
        "B-complex,thiamine,0.5,g,every other day\n",  # 500 mg / 2
    )
    mg = report.get(Nutrient.MAGNESIUM)
    assert (mg.food_intake, mg.supplement_intake, mg.mean_daily_intake) == pytest.approx(
        (100, 60, 160)
    )
    assert report.get(Nutrient.VITAMIN_D).supplement_intake == pytest.approx(25 / 7)
    assert report.get(Nutrient.VITAMIN_B6).mean_daily_intake == pytest.approx(0.2 + 10)
    assert report.get(Nutrient.VITAMIN_B12).supplement_intake == pytest.approx(500)
    assert report.get(Nutrient.THIAMIN).supplement_intake == pytest.approx(250)
    assert report.supplements_included


@pytest.mark.parametrize(
    ("body", "nutrient", "grams", "above"),
    [
        # magnesium: supplements alone against 350 mg
        ("M,magnesium,350,mg,daily\n", Nutrient.MAGNESIUM, 100, False),
        ("M,magnesium,351,mg,daily\n", Nutrient.MAGNESIUM, 100, True),
        # B6: total against 100 mg (food gives 0.2 mg)
        ("B,B6,99.8,mg,daily\n", Nutrient.VITAMIN_B6, 100, False),
        ("B,B6,99.81,mg,daily\n", Nutrient.VITAMIN_B6, 100, True),
        # calcium: total against 2500 mg (food gives 50 mg)
        ("C,calcium,2450,mg,daily\n", Nutrient.CALCIUM, 100, False),
        ("C,calcium,2451,mg,daily\n", Nutrient.CALCIUM, 100, True),
        # vitamin D: total against 100 µg (food gives none)
        ("D,vitamin D,4000,IU,daily\n", Nutrient.VITAMIN_D, 100, False),
        ("D,vitamin D,4001,IU,daily\n", Nutrient.VITAMIN_D, 100, True),
    ],
)
def test_each_ul_rule_at_and_just_above(tiny_foods, body, nutrient, grams, above):
    result = screened(tiny_foods, body, grams).get(nutrient)
    assert (result.ul_status is UlStatus.ABOVE) is above
    assert (result.ul_note is not None) is above


def test_ul_sentences_in_every_format(tiny_foods):
    report = screened(tiny_foods, "B,B6,150,mg,daily\nM,magnesium,500,mg,daily\n")
    b6 = report.get(Nutrient.VITAMIN_B6).ul_note
    assert "tingling and numbness" in b6
    assert "diarrhoea" in report.get(Nutrient.MAGNESIUM).ul_note
    for fmt in ("table", "csv", "json"):
        assert "tingling and numbness" in render(report, fmt)


def test_magnesium_from_food_far_above_350_never_triggers_the_ul(tiny_foods):
    report = screened(tiny_foods, None, grams=1000)  # 1000 mg from food
    assert report.get(Nutrient.MAGNESIUM).ul_status is UlStatus.BELOW
    with_zero = screened(tiny_foods, "M,magnesium,0,mg,daily\n", grams=1000)
    assert with_zero.get(Nutrient.MAGNESIUM).ul_status is UlStatus.BELOW


def test_bad_rows_are_reported_with_line_and_reason(tmp_path):
    path = supplements_file(
        tmp_path,
        "Iron,iron,18,mg,daily\n"
        "Mag,magnesium,lots,mg,daily\n"
        "D,vitamin D,1000,IU,sometimes\n"
        "B,B12,500,IU,daily\n"
        ",calcium,500,mg,daily\n"
        "Mag,magnesium,200,mg,daily\n",
    )
    read = read_supplements(path)
    reasons = {row.line: row.reason for row in read.rejected}
    assert reasons == {
        2: RejectReason.UNKNOWN_NUTRIENT,
        3: RejectReason.BAD_AMOUNT,
        4: RejectReason.BAD_FREQUENCY,
        5: RejectReason.UNKNOWN_UNIT,
        6: RejectReason.MISSING_VALUE,
    }
    assert len(read.rows) + len(read.rejected) == read.data_lines == 6


def test_missing_columns_is_one_clear_error(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("product,dose\nMag,200\n")
    with pytest.raises(DataFileError, match="missing column"):
        read_supplements(path)


def test_cronometer_supplement_rows_are_supplements():
    read = read_diary(DATA / "cronometer_servings.csv")
    report = screen(read, WOMAN_40)
    mg = report.get(Nutrient.MAGNESIUM)
    assert mg.supplement_intake == pytest.approx(200 / report.days_logged)
    assert report.supplements_included


def test_meal_log_supplement_prefix(tmp_path, tiny_foods):
    path = tmp_path / "d.csv"
    path.write_text(
        "date,food,amount\n2026-03-02,90001,100 g\n"
        "2026-03-02,supplement: vitamin D3,2000 IU\n"
        "2026-03-02,supplement: unobtainium,1 mg\n"
    )
    read = read_diary(path, foods=tiny_foods)
    assert read.rejected[0].reason is RejectReason.UNKNOWN_NUTRIENT
    report = screen(read, WOMAN_40, foods=tiny_foods)
    assert report.get(Nutrient.VITAMIN_D).supplement_intake == pytest.approx(50)


amounts = st.floats(min_value=0, max_value=2000, allow_nan=False)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["magnesium", "calcium", "B6", "vitamin D", "B12"]), amounts)
def test_adding_a_supplement_never_lowers_a_total(tiny_foods, nutrient, amount):
    before = screened(tiny_foods, "A,magnesium,10,mg,daily\n")
    after = screened(tiny_foods, f"A,magnesium,10,mg,daily\nX,{nutrient},{amount},mg,daily\n")
    for b, a in zip(before.results, after.results, strict=True):
        assert a.mean_daily_intake >= b.mean_daily_intake - 1e-9


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(["magnesium", "calcium", "B6", "vitamin D", "B12", "potassium"]))
def test_a_supplement_of_zero_changes_nothing(tiny_foods, nutrient):
    food_only = screened(tiny_foods, None)
    zero = screened(tiny_foods, f"Z,{nutrient},0,mg,daily\n")
    for f, z in zip(food_only.results, zero.results, strict=True):
        assert z.mean_daily_intake == f.mean_daily_intake
        assert z.status == f.status and z.coverage_pct == f.coverage_pct
        assert z.ul_status == f.ul_status


def test_without_supplements_the_report_is_as_before():
    """The golden files of the example week were written before supplements existed
    (tests/test_report.py); a food-only report still says supplements were left out."""
    report = screen(read_diary(DATA / "meal_log_week.csv"), WOMAN_40)
    assert not report.supplements_included
    assert "Supplements were not included: this is food only." in report.notes
    assert any("sunlight" in note for note in report.notes)
    assert all(r.food_intake is None and r.supplement_intake is None for r in report.results)


def test_a_supplement_row_of_a_shared_diary_needs_its_user(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "date,user,food,amount\n2026-03-02,ana,banana,1 medium\n"
        "2026-03-02,,supplement: magnesium,200 mg\n"
    )
    read = read_diary(path)
    assert [(r.line, r.reason) for r in read.rejected] == [(3, RejectReason.MISSING_VALUE)]


@pytest.mark.parametrize("frequency", ["-3/week", "-1 per day", "1/-7", "1000000/day", "7/day"])
def test_frequencies_that_cannot_be_are_refused(frequency):
    assert times_per_day(frequency) is None


def test_a_dose_no_supplement_could_be_is_rejected_never_summed(tmp_path):
    path = tmp_path / "supplements.csv"
    path.write_text(
        "name,nutrient,amount,unit,frequency\n"
        "Mag,magnesium,1e309,mg,daily\n"  # beyond any float
        "Mag,magnesium,80001,mg,daily\n"  # 800 mg per 100 g (rice bran) in 10 kg: 80,000 mg
        "Mag,magnesium,80000,mg,daily\n"
        "D,vitamin d,1000001,IU,daily\n"  # 250 µg per 100 g (cod liver oil) in 10 kg
    )
    read = read_supplements(path)
    assert read.rows["line"].tolist() == [4]
    assert [(r.line, r.reason, r.message) for r in read.rejected] == [
        (2, RejectReason.BAD_AMOUNT, "amount '1e309' is not a number of 0 or more"),
        (3, RejectReason.BAD_AMOUNT,
         "amount '80001' mg is no dose of magnesium (at most 80,000 mg)"),
        (5, RejectReason.BAD_AMOUNT,
         "amount '1000001' IU is no dose of vitamin_d (at most 25,000 µg)"),
    ]  # fmt: skip
