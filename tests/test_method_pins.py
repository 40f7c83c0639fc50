"""Tests that pin the method (issue 19): each rule, threshold and factor the screener
exists for, checked against numbers written here by hand or read from SR28 and the DRI
reports (../shared/reference), never computed with the constant or function under test.
Change a threshold, a rule or a factor and one of these fails, saying which.

Reference values used (women 31-50, ../shared/reference/dri.csv): magnesium EAR 265,
RDA 320 mg (IOM 1997); potassium AI 2600 mg and sodium AI 1500, CDRR 2300 mg (NASEM
2019); vitamin D EAR 10, RDA 15 µg (IOM 2011). Magnesium's pooled within-person SD is
85.9 mg (IOM 2000 worked example, ../shared/reference/within_person_sd.csv) and its SD
of requirement 10 % x 265 = 26.5 mg.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from screener.batch import screen_batch
from screener.cli import cli
from screener.diary import read_diary
from screener.errors import OutputExistsError
from screener.matching import _name_words, resolve_names
from screener.models import Profile, Status
from screener.nutrients import Nutrient
from screener.output import check_outputs, write_atomic
from screener.references import reference_intakes
from screener.scoring import classify, confidence, confidence_many, daily_totals, screen

from conftest import ROOT

WOMAN_40 = Profile(sex="female", age=40)
WEEK = str(ROOT / "examples" / "week.csv")


def meal_log(rows: list[tuple[str, str, float]], folder: Path, name: str = "diary.csv") -> Path:
    """A meal log of (date, food_id, grams) rows."""
    lines = ["date,food_id,amount,unit"] + [f"{d},{f},{g!r},g" for d, f, g in rows]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def screened(rows, foods, folder, profile=WOMAN_40):
    return screen(read_diary(meal_log(rows, folder), foods=foods), profile, foods=foods)


# --- 1. unknown is not zero ------------------------------------------------------------------


def test_a_diary_of_only_roquefort_has_vitamin_d_unknown_not_zero_low(tmp_path, full_foods):
    """SR28 01039 (Cheese, roquefort) has no vitamin D value. With no known value, the
    report must say unknown: counting it as 0.0 would make it 'low' (the first rule)."""
    report = screened(
        [("2026-03-02", "01039", 100), ("2026-03-03", "01039", 50)], full_foods, tmp_path
    )
    vitamin_d = report.get(Nutrient.VITAMIN_D)
    assert vitamin_d.mean_daily_intake is None, "unknown vitamin D was counted as zero"
    assert vitamin_d.status is None and vitamin_d.flagged is False
    assert vitamin_d.coverage_pct is None
    assert vitamin_d.data_complete_pct == 0.0
    assert vitamin_d.confidence_note == "no known value in the diary"
    assert vitamin_d.suggestions == []
    # the known values are still there: SR28 roquefort calcium 662 mg/100 g
    calcium = report.get(Nutrient.CALCIUM)
    assert calcium.mean_daily_intake == pytest.approx((662 + 331) / 2)
    assert calcium.status is Status.LOW  # 496.5 mg, below the EAR of 800


def test_the_roquefort_report_csv_leaves_vitamin_d_empty(tmp_path):
    path = meal_log([("2026-03-02", "01039", 100)], tmp_path)
    result = CliRunner().invoke(
        cli, ["report", str(path), "--sex", "female", "--age", "40", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    row = {r["nutrient"]: r for r in csv.DictReader(io.StringIO(result.stdout))}["vitamin_d"]
    assert (row["mean_daily_intake"], row["status"], row["flagged"]) == ("", "", "False")


# --- 2. a day's unknowns are left out of its sum, and the day still counts --------------------


def test_a_two_day_diary_with_vitamin_d_known_on_one_day_is_not_doubled(tmp_path, tiny_foods):
    """Day 1: 200 g of Test cheese (vitamin D 0.5 µg/100 g) = 1.0 µg. Day 2: 300 g of Test
    coffee, whose vitamin D is unknown. Two days logged: the mean is 1.0 / 2 = 0.5 µg, and
    the known share is 200 of 500 g = 40 %. Dropping day 2 from the mean (a day of only
    unknowns read as no day) would double it to 1.0 µg."""
    report = screened(
        [("2026-03-02", "90002", 200), ("2026-03-03", "90003", 300)], tiny_foods, tmp_path
    )
    vitamin_d = report.get(Nutrient.VITAMIN_D)
    assert vitamin_d.days_logged == 2
    assert vitamin_d.mean_daily_intake == pytest.approx(0.5), "the 2-day mean doubled"
    assert vitamin_d.data_complete_pct == pytest.approx(40.0)
    assert report.daily_totals["vitamin_d"] == {"2026-03-02": 1.0, "2026-03-03": 0.0}


def test_daily_totals_sum_the_known_values_of_each_date():
    rows = pd.DataFrame(
        {
            "date": ["2026-03-02", "2026-03-02", "2026-03-03"],
            "vitamin_d_ug": [1.5, np.nan, np.nan],
            "magnesium_mg": [10.0, 20.0, 5.0],
        }
    )
    for column in ["calcium_mg", "thiamin_mg", "vitamin_b6_mg", "vitamin_b12_ug",
                   "potassium_mg", "sodium_mg", "energy_kcal", "caffeine_mg",
                   "water_g"]:  # fmt: skip
        rows[column] = 1.0
    totals = daily_totals(rows)
    assert list(totals.index) == ["2026-03-02", "2026-03-03"]
    assert totals["vitamin_d_ug"].tolist() == [1.5, 0.0]
    assert totals["magnesium_mg"].tolist() == [30.0, 5.0]
    # an export's day totals: a date none of whose rows knows a value has it unknown
    day_values = daily_totals(rows, day_values=True)
    assert day_values["vitamin_d_ug"].tolist()[0] == 1.5
    assert np.isnan(day_values["vitamin_d_ug"].tolist()[1])
    assert day_values["magnesium_mg"].tolist() == [30.0, 5.0]


# --- 3. the statuses, at and on both sides of every threshold --------------------------------


@pytest.mark.parametrize(
    ("nutrient", "mean", "status"),
    [
        # potassium, AI 2600 mg: low below 2600 / 1.2 = 2166.67 mg (the documented line)
        (Nutrient.POTASSIUM, 2166.66, Status.LOW),
        (Nutrient.POTASSIUM, 2166.67, Status.BORDERLINE),
        (Nutrient.POTASSIUM, 2100.0, Status.LOW),  # 1/1.25 would put the line at 2080
        (Nutrient.POTASSIUM, 2079.0, Status.LOW),
        (Nutrient.POTASSIUM, 2599.99, Status.BORDERLINE),
        (Nutrient.POTASSIUM, 2600.0, Status.ADEQUATE),
        # sodium, AI 1500 mg: low below 1500 / 1.2 = 1250 mg; high above the CDRR 2300
        (Nutrient.SODIUM, 1249.99, Status.LOW),
        (Nutrient.SODIUM, 1250.01, Status.BORDERLINE),
        (Nutrient.SODIUM, 1499.99, Status.BORDERLINE),
        (Nutrient.SODIUM, 1500.0, Status.ADEQUATE),
        (Nutrient.SODIUM, 2300.0, Status.ADEQUATE),
        (Nutrient.SODIUM, 2300.01, Status.HIGH),
    ],
)
def test_ai_nutrients_low_below_five_sixths_of_the_ai(nutrient, mean, status):
    ref = reference_intakes(WOMAN_40).get(nutrient)
    assert classify(mean, ref) is status, f"{nutrient} {mean}: expected {status}"


def test_men_51_70_potassium_line_is_five_sixths_of_3400():
    """NASEM 2019: men's potassium AI 3400 mg; 3400 / 1.2 = 2833.33 mg."""
    ref = reference_intakes(Profile(sex="male", age=60)).get(Nutrient.POTASSIUM)
    assert classify(2833.3, ref) is Status.LOW
    assert classify(2833.4, ref) is Status.BORDERLINE


# --- 4. the confidence's wording at Phi(1) = 0.8413 -------------------------------------------


@pytest.mark.parametrize(
    ("mean", "probability", "words"),
    [
        # SDD = sqrt(26.5^2 + 85.9^2 / 3) = 56.2304; z = (mean - 265) / SDD
        (325.0, 0.8570, "reasonably sure intake is adequate"),  # z = 1.0670
        (321.5, 0.8425, "reasonably sure intake is adequate"),  # z = 1.0048
        (321.0, 0.8404, "uncertain"),  # z = 0.9959
        (209.0, 0.1596, "uncertain"),  # z = -0.9959
        (208.5, 0.1575, "reasonably sure intake is inadequate"),  # z = -1.0048
        (205.0, 0.1430, "reasonably sure intake is inadequate"),  # z = -1.0670
    ],
)
def test_reasonably_sure_from_z_of_one(mean, probability, words):
    """method.md 4: P > Phi(1) = 0.8413 (the IOM's 'about 85 %') is reasonably sure; the
    magnesium example of IOM 2000 (3 days, pooled SD 85.9 mg) on both sides of z = +-1."""
    ref = reference_intakes(WOMAN_40).get(Nutrient.MAGNESIUM)
    found, said, note = confidence(Nutrient.MAGNESIUM, mean, 3, ref)
    assert found == pytest.approx(probability, abs=0.00006)
    assert said == words and note is None


def test_the_cdrr_confidence_from_four_fifths_of_it_with_t_on_own_days():
    """Sodium, CDRR 2300 mg, 7 days, own SD 500 mg: z = (mean - 2300) / (500 / sqrt 7);
    Student's t, 6 degrees of freedom (scipy.stats.t.cdf written down here)."""
    ref = reference_intakes(WOMAN_40).get(Nutrient.SODIUM)
    means = np.array([1839.0, 1840.0, 2000.0, 2300.0, 2500.0, 2600.0])
    found = confidence_many(Nutrient.SODIUM, means, np.full(6, 7), ref, np.full(6, 500.0))
    assert np.isnan(found.limit_probability[0])  # below 0.8 x 2300 = 1840: not near
    assert found.limit_words[0] is None
    assert found.limit_probability[2:] == pytest.approx(
        [0.081754, 0.5, 0.834674, 0.918246], abs=1e-6
    )
    assert list(found.limit_words[2:]) == [
        "reasonably sure usual intake is below the CDRR",
        "uncertain whether usual intake is above the CDRR",
        "uncertain whether usual intake is above the CDRR",
        "reasonably sure usual intake is above the CDRR",
    ]
    # the AI branch: at or above the AI (1500) with t: 2000 mg, z = 500 / 188.98 = 2.6458
    assert found.words[2] == "reasonably sure intake is at or above the AI"
    assert found.probability[2] == pytest.approx(0.980877, abs=1e-6)
    assert list(found.basis) == ["own days"] * 6


# --- 5. the matcher's acceptance of a typo -----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "food_id"),
    [
        # fuzz.ratio = 100 x 2 x (longest common subsequence) / (sum of lengths)
        ("bagal", "18001"),  # bagel: LCS b-a-g-l = 4, 2 x 4 / 10 = 80.0: taken
        ("mushrum", "11260"),  # mushroom: LCS m-u-s-h-r-m = 6, 12 / 15 = 80.0: taken
        ("chocalata", None),  # chocolate: LCS c-h-o-c-l-a-t = 7, 14 / 18 = 77.8: refused
        ("brocolee", None),  # broccoli: LCS b-r-o-c-o-l = 6, 12 / 16 = 75.0: refused
        ("bagl", None),  # a 4-letter word needs 90: bagel is 2 x 4 / 9 = 88.9
    ],
)
def test_a_typo_is_mended_from_a_similarity_of_80(written, food_id, full_foods):
    """A food word no name has is read as its closest name word (same first letter) at a
    similarity of at least 80 for words of 5 letters or more, 90 for shorter ones;
    ratios worked by hand above."""
    found = resolve_names([written], full_foods)[written]
    assert found.food_id == food_id, f"{written!r} resolved to {found.food_id} {found.name}"


def test_the_word_corrections_themselves(full_foods):
    words = _name_words(full_foods)
    assert words.corrected("bagal") == "bagel"
    assert words.corrected("mushrum") == "mushroom"
    assert words.corrected("chocalata") is None
    assert words.corrected("brocolee") is None
    assert words.corrected("bagl") is None
    assert words.corrected("ba") is None  # under 3 letters: never mended


# --- 6. never clobber a file -------------------------------------------------------------------


def test_check_outputs_refuses_an_existing_file_without_force(tmp_path):
    existing = tmp_path / "report.csv"
    existing.write_text("mine\n")
    with pytest.raises(OutputExistsError) as caught:
        check_outputs([str(existing)], force=False)
    assert str(caught.value) == f"{existing} exists already; use --force to replace it"
    check_outputs([str(existing)], force=True)  # with --force it may be replaced


def test_write_atomic_never_replaces_an_existing_file_without_force(tmp_path):
    existing = tmp_path / "report.csv"
    existing.write_text("mine\n")
    with pytest.raises(OutputExistsError):
        write_atomic(existing, "theirs\n")
    assert existing.read_text() == "mine\n", "an existing file was clobbered"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]  # no temporary left
    write_atomic(existing, "theirs\n", force=True)
    assert existing.read_text() == "theirs\n"


def test_the_report_refuses_an_existing_output_before_any_work(tmp_path):
    existing, details = tmp_path / "report.csv", tmp_path / "details.csv"
    existing.write_text("mine\n")
    args = ["report", WEEK, "--sex", "female", "--age", "40", "--format", "csv"]
    result = CliRunner().invoke(cli, [*args, "-o", str(existing), "--details", str(details)])
    assert result.exit_code != 0
    assert f"{existing} exists already; use --force to replace it" in result.output
    assert existing.read_text() == "mine\n", "the report clobbered an existing file"
    assert not details.exists(), "the details were written although -o was refused"


# --- the batch summary, counted by hand ------------------------------------------------------


def test_batch_summary_counts_flagged_people_by_hand(tmp_path, tiny_foods):
    """Three women of 40, one day each (values per 100 g in conftest.TINY_FOODS):
    ana 400 g Test grain: Mg 400 adequate, Ca 200 low, B1 2.0 adequate, B6 0.8 low,
        B12 0 low, D 0 low, K 1200 low, Na 40 low;
    ben 300 g Test grain: Mg 300 borderline, Ca 150 low, B1 1.5 adequate, B6 0.6 low,
        B12 0 low, D 0 low, K 900 low, Na 30 low;
    cleo 500 g Test cheese: Mg unknown (no status), Ca 1000 adequate, B1 0.5 low,
        B6 0.5 low, B12 5 adequate, D 2.5 low, K 500 low, Na 3000 high (CDRR 2300)."""
    diary = tmp_path / "cohort.csv"
    diary.write_text(
        "date,user,food_id,amount,unit\n"
        "2026-03-02,ana,90001,400,g\n2026-03-02,ben,90001,300,g\n2026-03-02,cleo,90002,500,g\n"
    )
    result = screen_batch(diary, {u: WOMAN_40 for u in ("ana", "ben", "cleo")}, tiny_foods)
    summary = result.summary.set_index("nutrient")
    expected = {  # nutrient: (flagged, low, borderline, flagged_pct)
        "magnesium": (1, 0, 1, 33.3),
        "calcium": (2, 2, 0, 66.7),
        "thiamin": (1, 1, 0, 33.3),
        "vitamin_b6": (3, 3, 0, 100.0),
        "vitamin_b12": (2, 2, 0, 66.7),
        "vitamin_d": (3, 3, 0, 100.0),
        "potassium": (3, 3, 0, 100.0),
        "sodium": (3, 2, 0, 100.0),
    }
    for nutrient, (flagged, low, borderline, pct) in expected.items():
        row = summary.loc[nutrient]
        assert row["people"] == 3, nutrient
        assert (row["flagged"], row["low"], row["borderline"]) == (flagged, low, borderline), (
            nutrient
        )
        assert row["flagged_pct"] == pct, nutrient
