"""A group's prevalence of inadequacy on usual intakes (NRC/IOM shrinkage): worked by
hand on four people, by simulation with a known truth, and through `screener batch`.
"""

from __future__ import annotations

import csv
import math
from statistics import NormalDist

import numpy as np
import pytest
from click.testing import CliRunner

from screener.batch import screen_batch
from screener.cli import cli
from screener.models import Profile
from screener.nutrients import Nutrient
from screener.prevalence import group_row, shrink
from screener.references import reference_intakes

from conftest import ROOT

MAGNESIUM_F40 = reference_intakes(Profile(sex="female", age=40)).get(Nutrient.MAGNESIUM)


def test_shrinkage_of_four_people_of_two_days_by_hand():
    # means 10, 20, 30, 40 (mean 25); each person's two days have an SD of 5
    # s_obs² = (15² + 5² + 5² + 15²) / 3 = 166.667; s_w² = 25; s_b² = 166.667 − 25/2
    # = 154.167; factor = √(154.167 / 166.667) = √0.925 = 0.961769
    found = shrink(np.array([10.0, 20, 30, 40]), np.array([2, 2, 2, 2]), np.full(4, 5.0))
    assert found.mean == 25.0
    assert found.var_observed == pytest.approx(166.6667, abs=1e-4)
    assert found.var_within == pytest.approx(25.0)
    assert found.var_between == pytest.approx(154.1667, abs=1e-4)
    assert found.factor == pytest.approx(0.961769, abs=1e-6)
    assert found.adjusted == pytest.approx([10.5735, 20.1912, 29.8088, 39.4265], abs=1e-4)


def test_shrinkage_with_unequal_days_pools_the_within_variance_by_degrees_of_freedom():
    # days 1, 2, 3, 4 with SDs -, 4, 6, 2: s_w² = (1·16 + 2·36 + 3·4) / (1 + 2 + 3)
    # = 16.667; mean(1/n) = (1 + 1/2 + 1/3 + 1/4) / 4 = 0.520833;
    # s_b² = 166.667 − 16.667 × 0.520833 = 157.986; factor = √(157.986 / 166.667) = 0.973610
    found = shrink(
        np.array([10.0, 20, 30, 40]), np.array([1, 2, 3, 4]), np.array([np.nan, 4, 6, 2])
    )
    assert found.var_within == pytest.approx(16.6667, abs=1e-4)
    assert found.var_between == pytest.approx(157.9861, abs=1e-4)
    assert found.factor == pytest.approx(0.973610, abs=1e-6)
    assert found.adjusted[0] == pytest.approx(25 - 15 * 0.973610, abs=1e-5)


def test_all_the_spread_is_day_to_day_then_nothing_is_adjusted():
    # means 24, 26 with day SDs of 10 over 2 days: s_obs² = 2, s_w²/2 = 50: s_b² < 0
    found = shrink(np.array([24.0, 26.0]), np.array([2, 2]), np.array([10.0, 10.0]))
    assert found.var_between == pytest.approx(2 - 50)
    assert found.factor is None
    assert np.isnan(found.adjusted).all()


def _simulate(seed: int, people: int, days: int, usual_sd: float, day_sd: float):
    """People whose usual intakes are N(300, USUAL_SD), each with DAYS days drawn
    around theirs with DAY_SD: their means, days and the SD of their days."""
    rng = np.random.default_rng(seed)
    usual = rng.normal(300.0, usual_sd, people)
    daily = usual[:, None] + rng.normal(0.0, day_sd, (people, days))
    return daily.mean(axis=1), np.full(people, days), daily.std(axis=1, ddof=1)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_with_two_days_each_the_usual_prevalence_is_within_three_points(seed):
    means, days, sds = _simulate(seed, people=3000, days=2, usual_sd=50.0, day_sd=110.0)
    ear = MAGNESIUM_F40.ear  # 265 mg
    true = 100 * NormalDist(300.0, 50.0).cdf(ear)  # 24.2 %
    row = group_row("females 31-50", Nutrient.MAGNESIUM, MAGNESIUM_F40, means, days, sds)
    assert abs(row["adjusted_below_ear_pct"] - true) <= 3
    assert abs(row["naive_below_ear_pct"] - true) > 3  # the person means overstate it
    # the naive share is what the widened spread gives: N(300, √(50² + 110²/2))
    widened = 100 * NormalDist(300.0, math.sqrt(50**2 + 110**2 / 2)).cdf(ear)
    assert abs(row["naive_below_ear_pct"] - widened) <= 3
    assert row["sd_within"] == pytest.approx(110.0, rel=0.05)
    assert row["sd_between"] == pytest.approx(50.0, rel=0.15)


def test_the_share_above_the_ul_is_on_usual_intakes_too():
    calcium = reference_intakes(Profile(sex="female", age=40)).get(Nutrient.CALCIUM)
    rng = np.random.default_rng(7)
    usual = rng.normal(2000.0, 300.0, 3000)
    daily = usual[:, None] + rng.normal(0.0, 700.0, (3000, 2))
    row = group_row(
        "females 31-50", Nutrient.CALCIUM, calcium, daily.mean(axis=1), np.full(3000, 2),
        daily.std(axis=1, ddof=1),
    )  # fmt: skip
    assert (row["limit"], row["limit_type"]) == (2500.0, "UL")
    true = 100 * (1 - NormalDist(2000.0, 300.0).cdf(2500.0))  # 4.8 %
    assert abs(row["adjusted_above_limit_pct"] - true) <= 3
    assert row["naive_above_limit_pct"] - true > 3


def test_a_small_group_or_too_few_repeat_days_gets_the_naive_share_only():
    means, days, sds = _simulate(3, people=10, days=2, usual_sd=50.0, day_sd=60.0)
    ref = MAGNESIUM_F40
    nine = group_row("g", Nutrient.MAGNESIUM, ref, means[:9], days[:9], sds[:9])
    assert math.isnan(nine.get("adjusted_below_ear_pct", math.nan))
    assert nine["naive_below_ear_pct"] == round(100 * float((means[:9] < ref.ear).mean()), 1)
    assert "9 people: too few" in nine["note"] and "only the naive share" in nine["note"]
    ten = group_row("g", Nutrient.MAGNESIUM, ref, means, days, sds)
    assert "adjusted_below_ear_pct" in ten and "too few" not in ten["note"]
    # four people of two days among ten: too few repeats to estimate the within variance
    one_day = days.copy()
    one_day[4:] = 1
    few = group_row(
        "g", Nutrient.MAGNESIUM, ref, means, one_day, np.where(one_day > 1, sds, np.nan)
    )
    assert "4 people with two days or more: too few" in few["note"]
    assert "adjusted_below_ear_pct" not in few


def test_an_ai_gives_no_prevalence_of_inadequacy():
    potassium = reference_intakes(Profile(sex="female", age=40)).get(Nutrient.POTASSIUM)
    assert potassium.ear is None and potassium.ai == 2600
    means, days, sds = _simulate(4, people=50, days=2, usual_sd=400.0, day_sd=600.0)
    row = group_row("g", Nutrient.POTASSIUM, potassium, means * 10, days, sds * 10)
    assert "naive_below_ear_pct" not in row and "adjusted_below_ear_pct" not in row
    assert "AI only (2600 mg), no EAR" in row["note"]
    assert "at or above the AI, so a low prevalence of inadequacy is likely" in row["note"]
    low = group_row("g", Nutrient.POTASSIUM, potassium, means, days, sds)  # 300 mg a day
    assert "below the AI, and the prevalence of inadequacy cannot be judged" in low["note"]


def _magnesium_per_100g(food_id: str) -> float:
    with open(ROOT / "foods.csv", newline="", encoding="utf-8") as stream:
        row = next(r for r in csv.DictReader(stream) if r["food_id"] == food_id)
    return float(row["magnesium_mg"])


def test_batch_prevalence_per_profile_group_from_each_persons_days(tmp_path):
    # 12 women of 40 and 3 men of 40, two days each of almonds (12061) in grams
    per_gram = _magnesium_per_100g("12061") / 100
    rng = np.random.default_rng(11)
    lines, grams = ["user,date,food_id,amount,unit"], {}
    for person in range(15):
        usual = rng.uniform(60, 180)
        for day in ("2026-03-02", "2026-03-03"):
            g = round(float(usual + rng.normal(0, 40)), 1)
            g = max(g, 5.0)
            grams.setdefault(f"p{person:02d}", []).append(g)
            lines.append(f"p{person:02d},{day},12061,{g},g")
    diary = tmp_path / "cohort.csv"
    diary.write_text("\n".join(lines) + "\n")
    profiles = {u: Profile(sex="female" if u < "p12" else "male", age=40) for u in grams}
    result = screen_batch(diary, profiles)
    table = result.prevalence.set_index(["group", "nutrient"])
    women = table.loc[("females 31-50", "magnesium")]
    days = {u: np.array(g) * per_gram for u, g in grams.items() if u < "p12"}
    means = np.array([d.mean() for d in days.values()])
    assert women["people"] == 12 and women["people_with_repeat_days"] == 12
    assert women["naive_below_ear_pct"] == round(100 * float((means < 265).mean()), 1)
    within = math.sqrt(np.mean([d.var(ddof=1) for d in days.values()]))  # 2 days each
    assert women["sd_within"] == pytest.approx(within, abs=1e-3)
    between = means.var(ddof=1) - within**2 / 2
    factor = math.sqrt(between / means.var(ddof=1))
    adjusted = means.mean() + (means - means.mean()) * factor
    assert women["adjusted_below_ear_pct"] == round(100 * float((adjusted < 265).mean()), 1)
    men = table.loc[("males 31-50", "magnesium")]
    assert men["people"] == 3 and men["ear"] == 350
    assert "3 people: too few" in men["note"]


def test_batch_prints_the_prevalence_and_writes_it(tmp_path):
    out, prevalence = tmp_path / "r.csv", tmp_path / "p.csv"
    result = CliRunner().invoke(
        cli,
        ["batch", str(ROOT / "tests/data/cohort.csv"), "-o", str(out), "--prevalence",
         str(prevalence)],
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Prevalence, adults 31-50 (sex not given): 3 people, 3 with two days or more" in (
        result.stdout
    )
    assert "All nutrients: 3 people: too few to remove the day-to-day variation" in result.stdout
    with open(prevalence, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["nutrient"] for r in rows][:2] == ["magnesium", "calcium"]


def test_magnesiums_ul_is_judged_on_the_supplements_of_those_recorded():
    # magnesium's UL, 350 mg, is of supplements alone (DRI 1997): of the three people
    # whose supplements were recorded, one takes 400 mg a day; the fourth's is unknown
    means, days, sds = [300.0, 500.0, 320.0, 250.0], [2, 2, 2, 2], [40.0, 50.0, 30.0, 20.0]
    row = group_row(
        "women 31-50", Nutrient.MAGNESIUM, MAGNESIUM_F40, means, days, sds,
        supplements=[0.0, 400.0, 100.0, float("nan")],
    )  # fmt: skip
    assert (row["limit"], row["limit_type"]) == (350.0, "UL (supplements)")
    assert row["naive_above_limit_pct"] == 33.3  # 1 of 3
    assert "of the 3 people whose supplements were recorded" in row["note"]
    alone = group_row("women 31-50", Nutrient.MAGNESIUM, MAGNESIUM_F40, means, days, sds)
    assert "naive_above_limit_pct" not in alone
    assert "is for supplements only: not judged" in alone["note"]
