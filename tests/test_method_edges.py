"""Edges of the method's functions that the broader tests pass by: found by the mutation
run (docs/mutation.md). Expected values are written by hand from the tiny foods of
conftest.py (round numbers per 100 g)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from screener.diary import DiaryRejectedError
from screener.errors import ScreenerError
from screener.models import Profile, Status, UlStatus
from screener.nutrients import NUTRIENT_COLUMNS, Nutrient
from screener.references import reference_intakes
from screener.scoring import (
    _some,
    _sure,
    assess,
    classify,
    confidence,
    confidence_many,
    known_share,
    screen_file,
    student_t_cdf,
    student_t_cdfs,
    suggestions,
    top_contributors,
    ul_check,
)

from conftest import make_food_table

WOMAN_40 = Profile(sex="female", age=40)


def test_some_lists_ten_and_counts_the_rest():
    ten = [f"u{i}" for i in range(10)]
    assert _some(ten) == "u0, u1, u2, u3, u4, u5, u6, u7, u8, u9"  # no "and 0 more"
    assert _some([*ten, "u10", "u11"]) == "u0, u1, u2, u3, u4, u5, u6, u7, u8, u9 and 2 more"
    assert _some(["a", "b", "c"], shown=2) == "a, b and 1 more"


def test_screen_file_passes_on_every_argument(tmp_path, tiny_foods):
    diary = tmp_path / "family.csv"
    diary.write_text(
        "date,user,food_id,amount\n2026-03-02,ana,90001,100 g\n2026-03-02,ben,90001,300 g\n"
    )
    supplements = tmp_path / "supplements.csv"
    supplements.write_text("name,nutrient,amount,unit,frequency\nMag,magnesium,50,mg,daily\n")
    report = screen_file(diary, WOMAN_40, "ben", tiny_foods, supplements=supplements)
    magnesium = report.get(Nutrient.MAGNESIUM)
    # ben: 300 g of Test grain (100 mg per 100 g) = 300 mg, and 50 mg a day from the file
    assert magnesium.food_intake == 300
    assert magnesium.supplement_intake == 50
    assert magnesium.mean_daily_intake == 350
    assert report.supplements_included
    assert report.user == "ben"
    # Test grain has 0 µg vitamin D: low; the tiny table holds none of the foods that
    # suggestions.csv names, so there is nothing to suggest (the full table would have)
    vitamin_d = report.get(Nutrient.VITAMIN_D)
    assert vitamin_d.mean_daily_intake == 0
    assert vitamin_d.suggestions == []
    with pytest.raises(ScreenerError, match=r"holds 2 people \(ana, ben\)"):
        screen_file(diary, WOMAN_40, foods=tiny_foods)


def test_screen_file_strict_refuses_a_diary_with_unusable_rows(tmp_path, tiny_foods):
    diary = tmp_path / "diary.csv"
    diary.write_text("date,food_id,amount\n2026-03-02,90001,100 g\n2026-03-02,90001,lots\n")
    loose = screen_file(diary, WOMAN_40, foods=tiny_foods)
    assert loose.get(Nutrient.MAGNESIUM).mean_daily_intake == 100
    with pytest.raises(DiaryRejectedError):
        screen_file(diary, WOMAN_40, foods=tiny_foods, strict=True)


def test_student_t_at_the_infinities():
    # A diary whose logged days all have the same total has an own SD of 0, so z is
    # infinite: below the EAR certainly inadequate (0), above it certainly adequate (1).
    assert student_t_cdf(float("-inf"), 4) == 0.0
    assert student_t_cdf(float("inf"), 4) == 1.0
    assert student_t_cdf(float("-inf"), 1) == 0.0


def contributor_rows(rows: list[tuple[str | None, str, float, float]]) -> pd.DataFrame:
    """Diary rows of (food_id, food, magnesium mg, calcium mg); every other value 0."""
    frame = pd.DataFrame(
        [{"food_id": i, "food": food, "magnesium_mg": mg, "calcium_mg": ca}
         for i, food, mg, ca in rows]
    )  # fmt: skip
    for column in NUTRIENT_COLUMNS:
        if column not in frame:
            frame[column] = 0.0
    return frame


def test_top_contributors_group_names_ignoring_case_and_break_ties_by_name():
    rows = contributor_rows(
        [(None, "ac", 10, 0), (None, "ab", 10, 5), (None, "a_x", 10, 0), (None, "AB", 10, 0),
         (None, "zz", 1, 0)]
    )  # fmt: skip
    found = top_contributors(rows, days=3)
    # "ab" and "AB" are one food: 20 mg over 3 days = 6.6667 a day, 20 of all 41 mg =
    # 48.8 %; the two of 10 mg (3.3333 a day, 24.4 %) tie and come in the order of their
    # names in lower case ("_" sorts before letters), not in the diary's order or in upper
    # case ("A_X" after "AC"); only three are shown
    assert [(c.food, c.amount_per_day, c.share_pct) for c in found["magnesium_mg"]] == [
        ("ab", 6.6667, 48.8),
        ("a_x", 3.3333, 24.4),
        ("ac", 3.3333, 24.4),
    ]
    # a food that supplied none of a nutrient is no contributor to it
    assert [c.food for c in found["calcium_mg"]] == ["ab"]
    assert found["sodium_mg"] == []


def test_suggestions_skip_the_foods_a_custom_table_lacks(tiny_foods):
    # suggestions.csv lists for magnesium pumpkin seeds (12014) first, then spinach
    # (11458), ..., almonds (12061). This table has no pumpkin seeds, spinach without a
    # magnesium value, and almonds at 270 mg per 100 g: 1 oz = 28.349523125 g gives
    # 270 x 0.28349523125 = 76.5437 mg.
    foods = make_food_table(
        [{"food_id": "11458", "name": "Spinach, cooked"},
         {"food_id": "12061", "name": "Almonds", "magnesium_mg": 270}]
    )  # fmt: skip
    found = suggestions(Nutrient.MAGNESIUM, foods)
    assert [(s.food_id, s.label, s.portion, s.amount) for s in found] == [
        ("12061", "almonds", "1 oz", 76.5437)
    ]


def test_the_user_messages(tmp_path, tiny_foods):
    family = tmp_path / "family.csv"
    family.write_text("date,user,food_id,amount\n2026-03-02,ana,90001,100 g\n")
    with pytest.raises(ScreenerError) as caught:
        screen_file(family, WOMAN_40, "cy", tiny_foods)
    assert str(caught.value) == f"{family} has no user 'cy'; it holds: ana"
    alone = tmp_path / "alone.csv"
    alone.write_text("date,food_id,amount\n2026-03-02,90001,100 g\n")
    with pytest.raises(ScreenerError) as caught:
        screen_file(alone, WOMAN_40, "ana", tiny_foods)
    assert str(caught.value) == f"{alone} has no user column, so --user 'ana' does not apply"


def test_a_ul_of_the_total_is_said_of_the_total():
    calcium = reference_intakes(WOMAN_40).get(Nutrient.CALCIUM)  # UL 2,500 mg (DRI 2011)
    status, note = ul_check(Nutrient.CALCIUM, calcium, 3000.0, 500.0)
    assert status is UlStatus.ABOVE
    assert note.startswith("Calcium in total is 3000 mg a day, above the UL of 2500 mg. ")
    assert ul_check(Nutrient.CALCIUM, calcium, 2500.0, 500.0) == (UlStatus.BELOW, None)


def test_a_diary_of_supplements_only_has_nothing_to_score(tmp_path, tiny_foods):
    path = tmp_path / "d.csv"
    path.write_text("date,food,amount\n2026-03-02,supplement: vitamin D3,2000 IU\n")
    with pytest.raises(ScreenerError) as caught:
        screen_file(path, WOMAN_40, foods=tiny_foods)
    assert str(caught.value) == f"{path}: no food rows to score"


def test_top_contributors_ties_keep_the_order_of_names_and_ids():
    # six foods of 10 mg each: ids first (digits sort before letters), then names
    rows = contributor_rows(
        [(None, "f4", 10, 0), (None, "f2", 10, 0), (None, "f6", 10, 0), ("09040", "Banana", 10, 0),
         (None, "f1", 10, 0), ("01001", "Butter, salted", 10, 0)]
    )  # fmt: skip
    found = top_contributors(rows, days=1)
    assert [c.food for c in found["magnesium_mg"]] == ["Butter, salted", "Banana", "f1"]


def test_short_days_caffeine_and_rejected_supplements_in_the_report(tmp_path, tiny_foods):
    diary = tmp_path / "d.csv"
    diary.write_text(
        "date,food_id,amount\n"
        "2026-03-02,90001,200 g\n"  # 200 g x 400 kcal/100 g = 800 kcal: not short
        "2026-03-03,90001,50 g\n"  # 200 kcal
        "2026-03-03,90003,13.1 g\n"  # coffee: 0.262 kcal and 5.24 mg caffeine
    )
    supplements = tmp_path / "s.csv"
    supplements.write_text(
        "name,nutrient,amount,unit,frequency\nMag,magnesium,50,mg,daily\n"
        "Odd,unobtainium,1,mg,daily\n"
    )
    report = screen_file(diary, WOMAN_40, foods=tiny_foods, supplements=supplements)
    assert [(d.date, d.energy_kcal) for d in report.incomplete_days] == [("2026-03-03", 200.3)]
    assert report.caffeine_mg_per_day == 2.6  # (0 + 5.24) / 2 days = 2.62
    assert f"1 row(s) of {supplements} could not be used (listed on stderr)." in report.notes
    assert len(report.supplement_rejected) == 1
    assert report.user is None


def test_caffeine_coverage_daily_totals_and_rejected_rows_per_person(tmp_path):
    foods = make_food_table(
        [{"food_id": "90004", "name": "Test tea", "energy_kcal": 1, "magnesium_mg": 1.23456789},
         {"food_id": "90001", "name": "Test grain", "energy_kcal": 400, "caffeine_mg": 0}]
    )  # fmt: skip
    diary = tmp_path / "d.csv"
    diary.write_text("date,food_id,amount\n2026-03-02,90004,100 g\n2026-03-02,90001,50 g\n")
    report = screen_file(diary, WOMAN_40, foods=foods)
    # caffeine known for the 50 g of grain of 150 g: 33.3 %, and 0 mg of it
    assert report.caffeine_complete_pct == 33.3
    assert report.caffeine_mg_per_day == 0.0
    # the day's magnesium, to 6 decimals: 100 g x 1.23456789 mg per 100 g
    assert report.daily_totals["magnesium"] == {"2026-03-02": 1.234568}
    tea_only = tmp_path / "tea.csv"
    tea_only.write_text("date,food_id,amount\n2026-03-02,90004,100 g\n")
    report = screen_file(tea_only, WOMAN_40, foods=foods)
    assert report.caffeine_complete_pct is None  # no caffeine value known at all
    assert report.caffeine_mg_per_day is None
    family = tmp_path / "family.csv"
    family.write_text(
        "date,user,food_id,amount\n2026-03-02,ana,90001,100 g\n2026-03-02,ana,90001,lots\n"
        "2026-03-02,ben,90001,100 g\n"
    )
    assert len(screen_file(family, WOMAN_40, "ana", foods).rejected) == 1
    assert screen_file(family, WOMAN_40, "ben", foods).rejected == []


# --- statuses, confidence and limits at their edges --------------------------------------


def woman_40(nutrient: Nutrient, **changes):
    """The DRI values of women 31-50, with CHANGES (a hand-made reference)."""
    return reference_intakes(WOMAN_40).get(nutrient).model_copy(update=changes)


def test_daily_totals_come_in_date_order(tmp_path, tiny_foods):
    diary = tmp_path / "d.csv"
    diary.write_text("date,food_id,amount\n2026-03-04,90001,100 g\n2026-03-02,90001,200 g\n")
    report = screen_file(diary, WOMAN_40, foods=tiny_foods)
    assert list(report.daily_totals["magnesium"].items()) == [
        ("2026-03-02", 200.0),
        ("2026-03-04", 100.0),
    ]


def test_known_share_by_grams_and_by_rows():
    def share(grams, values):
        return known_share(pd.DataFrame({"grams": grams, "magnesium_mg": values}), "magnesium_mg")

    nan = float("nan")
    assert share([0.4, 0.1], [1.0, nan]) == 80.0  # by grams: 0.4 of 0.5 g
    assert share([0.0, 0.0], [1.0, nan]) == 50.0  # no grams at all: by rows, 1 of 2
    assert share([100.0, nan], [1.0, nan]) == 50.0  # a row without grams: by rows


def test_an_ai_status_at_five_sixths_of_the_ai():
    # "below 1/1.2 of the AI is low": with an AI of 1,200, 1,000 is not below it
    ref = woman_40(Nutrient.POTASSIUM, ai=1200.0)
    assert classify(1000.0, ref) is Status.BORDERLINE
    assert classify(999.99, ref) is Status.LOW
    assert classify(1200.0, ref) is Status.ADEQUATE


def test_an_ear_without_rda_or_ai_is_an_error():
    with pytest.raises(ValueError, match="no EAR/RDA and no AI"):
        classify(100.0, woman_40(Nutrient.MAGNESIUM, rda=None, ai=None))


def test_reasonably_sure_is_above_phi_of_one_not_at_it():
    # Phi(1) = 0.8413447460685429 (standard normal table), 1 - Phi(1) = 0.15865525393145707
    words = _sure(np.array([0.8413447460685429, 0.15865525393145707, 0.85, 0.15]), "a", "b", "c")
    assert words.tolist() == ["c", "c", "a", "b"]


def test_own_days_from_three_days_exactly():
    # Thiamin, women 31-50: EAR 0.9 mg, SD_r 0.09, no pooled SD. 3 days of own SD 0.3:
    # z = 0.1 / sqrt(0.09^2 + 0.3^2 / 3) = 0.51232; Student's t with 2 df has the closed
    # form 1/2 + z / (2 sqrt(2 + z^2)) = 0.6703: uncertain.
    probability, words, note = confidence(
        Nutrient.THIAMIN, 1.0, 3, woman_40(Nutrient.THIAMIN), own_sd=0.3
    )
    assert probability == pytest.approx(0.6703, abs=1e-4)
    assert (words, note) == ("uncertain", None)
    found = confidence_many(
        Nutrient.THIAMIN, np.array([1.0]), np.array([3]), woman_40(Nutrient.THIAMIN),
        np.array([0.3]),
    )  # fmt: skip
    assert found.basis.tolist() == ["own days"]
    pooled = confidence_many(
        Nutrient.MAGNESIUM, np.array([300.0]), np.array([3]), woman_40(Nutrient.MAGNESIUM)
    )
    assert pooled.basis.tolist() == ["pooled"]  # 85.9 mg (IOM 2000 worked example)


def test_the_words_where_no_confidence_is_computed():
    assert confidence(Nutrient.VITAMIN_D, 5.0, 7, woman_40(Nutrient.VITAMIN_D), own_sd=2.0) == (
        None,
        "not computed",
        "daily intakes too skewed for the normal approximation (IOM 2000)",
    )
    no_sd_r = woman_40(Nutrient.MAGNESIUM, sd_requirement=None)
    assert confidence(Nutrient.MAGNESIUM, 300.0, 7, no_sd_r) == (
        None,
        "not computed",
        "no SD of requirement",
    )


def test_the_ai_words_on_both_sides_and_between():
    potassium = woman_40(Nutrient.POTASSIUM, ai=2600.0, sd_within=None)

    def words(mean):
        return confidence(Nutrient.POTASSIUM, mean, 7, potassium, own_sd=300.0)[1]

    # z = (mean - 2600) / (300 / sqrt 7): -14.1, 0 and +12.3
    assert words(1000.0) == "cannot conclude adequacy"
    assert words(2600.0) == "cannot conclude adequacy"
    assert words(4000.0) == "reasonably sure intake is at or above the AI"


def test_a_diary_whose_days_are_all_alike_warns_of_nothing():
    # own SD 0 over 3 days: z = 1400 / 0 is infinite, certainly above the AI; numpy's
    # division warnings are not for the person reading the report
    potassium = woman_40(Nutrient.POTASSIUM, ai=2600.0, sd_within=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probability, words, _ = confidence(Nutrient.POTASSIUM, 4000.0, 3, potassium, own_sd=0.0)
        confidence(Nutrient.POTASSIUM, 2600.0, 3, potassium, own_sd=0.0)  # 0 / 0
    assert (probability, words) == (1.0, "reasonably sure intake is at or above the AI")


def test_the_confidence_about_a_ul_of_the_total_from_80_percent_of_it():
    # calcium, women 31-50: UL 2,500 mg of the total; from 0.8 x 2,500 = 2,000 mg
    calcium = woman_40(Nutrient.CALCIUM, sd_within=None)

    def limit(mean):
        found = confidence_many(
            Nutrient.CALCIUM, np.array([mean]), np.array([7]), calcium, np.array([300.0])
        )
        return found.limit_words[0]

    # z = (2000 - 2500) / (300 / sqrt 7) = -4.4: reasonably sure it is below
    assert limit(2000.0) == "reasonably sure usual intake is below the UL"
    assert limit(1999.0) is None
    assert limit(3000.0) == "reasonably sure usual intake is above the UL"


def test_assess_without_sources_says_where_values_came_from():
    # called without SOURCES (the API), a value is from the food table where any is known
    refs = reference_intakes(WOMAN_40)
    means = {column: 100.0 for column in NUTRIENT_COLUMNS}
    complete = {column: 100.0 for column in NUTRIENT_COLUMNS} | {"vitamin_d_ug": None}
    results = {r.nutrient: r for r in assess(refs, means, 7, complete, None, None, None)}
    assert results[Nutrient.MAGNESIUM].values_from == "food table"
    assert results[Nutrient.VITAMIN_D].values_from == "none"
    assert results[Nutrient.VITAMIN_D].mean_daily_intake is None
    assert results[Nutrient.VITAMIN_B12].sd_within is None  # skewed: no SD used
    assert results[Nutrient.MAGNESIUM].sd_within == 85.9  # pooled, women 31-50


def test_top_contributors_ties_among_many_stay_in_name_order():
    # eight foods, the four of 20 mg tie: shown in the order of their names
    rows = contributor_rows(
        [(None, name, mg, 0) for name, mg in zip("abcdefgh", [10, 20] * 4, strict=True)]
    )
    assert [c.food for c in top_contributors(rows, days=1)["magnesium_mg"]] == ["b", "d", "f"]


def test_student_t_for_several_degrees_of_freedom_at_once():
    # closed forms: 1 df (Cauchy) 1/2 + atan(t)/pi, at t = 1: 0.75; 2 df
    # 1/2 + t / (2 sqrt(2 + t^2)), at t = 1: 0.5 + 1 / (2 sqrt 3) = 0.7886751
    found = student_t_cdfs(
        np.array([1.0, 1.0, -1.0, float("inf"), float("nan")]), np.array([1, 2, 1, 3, 3])
    )
    assert found[:4] == pytest.approx([0.75, 0.7886751, 0.25, 1.0], abs=1e-7)
    assert np.isnan(found[4])


def test_a_day_under_800_kcal_looks_incomplete_and_800_does_not(tmp_path, tiny_foods):
    # 90001 has 400 kcal per 100 g: 200 g is 800 kcal, 199.75 g 799, 150 g 600, 100 g 400
    diary = tmp_path / "d.csv"
    diary.write_text(
        "date,food_id,amount\n2026-03-02,90001,200 g\n2026-03-03,90001,199.75 g\n"
        "2026-03-04,90001,150 g\n2026-03-05,90001,100 g\n2026-03-06,90001,250 g\n"
    )
    report = screen_file(diary, WOMAN_40, foods=tiny_foods)
    short = [("2026-03-03", 799.0), ("2026-03-04", 600.0), ("2026-03-05", 400.0)]
    assert [(d.date, d.energy_kcal) for d in report.incomplete_days] == short
    from screener.page import render_page
    from screener.report import render_table

    said = "Looks incomplete (under 800 kcal): 2026-03-03 (799 kcal), 2026-03-04 (600 kcal),"
    assert said in " ".join(render_table(report).split())
    assert said in render_page(report)


def test_one_scoring_function_for_one_person_and_many():
    # A hand-made calcium reference: EAR 800, RDA 1,000, UL 2,500 of the total, SD_r 100,
    # pooled SD_w 300. Four people over 4 days; the last has no known value.
    from screener.scoring import score_nutrient

    ref = woman_40(
        Nutrient.CALCIUM, ear=800.0, rda=1000.0, ul=2500.0, cdrr=None, ul_applies_to="total",
        sd_requirement=100.0, sd_within=300.0,
    )  # fmt: skip
    means = np.array([700.0, 900.0, 2600.0, np.nan])
    scored = score_nutrient(Nutrient.CALCIUM, ref, means, np.full(4, 4))
    assert list(scored["status"]) == ["low", "borderline", "adequate", None]
    assert list(scored["flagged"]) == [True, True, False, False]
    assert scored["coverage_pct"][:3].tolist() == [70.0, 90.0, 260.0]
    # z = (mean - EAR) / sqrt(SD_r^2 + SD_w^2 / n) = -100 / sqrt(100^2 + 300^2 / 4) = -0.5547
    z = -100 / (100**2 + 300**2 / 4) ** 0.5
    assert scored["confidence"][0] == pytest.approx(0.5 * (1 + math.erf(z / 2**0.5)))
    assert scored["confidence"][1] == pytest.approx(1 - scored["confidence"][0])
    assert np.isnan(scored["confidence"][3])
    assert scored["confidence_note"][3] == "no known value in the diary"
    assert list(scored["ul_status"]) == ["below UL", "below UL", "above UL", "below UL"]
    assert scored["ul_note"][2].startswith("Calcium in total is 2600 mg a day, above the UL")
    assert scored["ul_note"][0] is None
    # the single report is the same function on one person
    alone = score_nutrient(Nutrient.CALCIUM, ref, means[1:2], np.array([4]))
    assert alone["confidence"][0] == scored["confidence"][1]
    assert alone["status"][0] == "borderline"
