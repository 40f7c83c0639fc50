"""The plan: fewest whole portions, then least energy, within every limit; by hand."""

from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.models import Profile, Status
from screener.nutrients import Nutrient
from screener.plan import MAX_PORTIONS, Candidate, make_plan
from screener.scoring import screen_file

from conftest import ROOT


@pytest.fixture(scope="module")
def week():
    return screen_file(ROOT / "examples" / "week.csv", Profile(sex="female", age=40))


def only_gaps(report, gaps: dict[Nutrient, float], others: dict[Nutrient, float] | None = None):
    """REPORT with only GAPS (nutrient -> mean intake) below target; all else adequate
    (at OTHERS' intakes, else none)."""
    others = others or {}
    results = []
    for r in report.results:
        if r.nutrient in gaps:
            mean = gaps[r.nutrient]
            r = r.model_copy(update={"mean_daily_intake": mean, "status": Status.LOW,
                                     "coverage_pct": 100 * mean / r.target})  # fmt: skip
        else:
            mean = others.get(r.nutrient, 0.0)
            r = r.model_copy(update={"status": Status.ADEQUATE, "mean_daily_intake": mean})
        results.append(r)
    return report.model_copy(update={"results": results})


def food(name: str, kcal: float, **values: float) -> Candidate:
    per = {n: values.get(n.value, 0.0) for n in Nutrient}
    return Candidate(name, name, "1 cup", 100.0, "vegan", frozenset(), False, kcal, per)


def test_fewest_portions_first(week):
    # magnesium 220 of 320 mg: 100 mg short. Two of A (60 mg) or one of B (110 mg).
    report = only_gaps(week, {Nutrient.MAGNESIUM: 220.0})
    pool = [food("A", 100, magnesium=60), food("B", 200, magnesium=110)]
    plan = make_plan(report, pool=pool)
    assert [(i.name, i.portions) for i in plan.items] == [("B", 1)]
    magnesium = next(n for n in plan.nutrients if n.nutrient is Nutrient.MAGNESIUM)
    assert (magnesium.before, magnesium.after, magnesium.closed) == (220.0, 330.0, True)


def test_then_the_least_energy(week):
    report = only_gaps(week, {Nutrient.MAGNESIUM: 220.0})
    pool = [food("B", 200, magnesium=110), food("C", 90, magnesium=105)]
    assert [i.name for i in make_plan(report, pool=pool).items] == ["C"]


def test_at_most_three_portions_of_a_food_and_what_cannot_close_is_said(week):
    # 250 mg short with 60 mg a portion: 5 portions, more than MAX_PORTIONS
    assert MAX_PORTIONS == 3
    report = only_gaps(week, {Nutrient.MAGNESIUM: 70.0})
    plan = make_plan(report, pool=[food("A", 100, magnesium=60)])
    magnesium = next(n for n in plan.nutrients if n.nutrient is Nutrient.MAGNESIUM)
    assert magnesium.closed is False and "supplement" in magnesium.advice
    assert plan.items == []


def test_sodium_stays_under_its_cdrr(week):
    # 2200 mg sodium: 100 mg of room under the CDRR of 2300
    report = only_gaps(week, {Nutrient.POTASSIUM: 2200.0}, {Nutrient.SODIUM: 2200.0})
    pool = [food("salty", 50, potassium=500, sodium=400), food("plain", 150, potassium=450)]
    assert [i.name for i in make_plan(report, pool=pool).items] == ["plain"]


def test_the_energy_budget(week):
    report = only_gaps(week, {Nutrient.MAGNESIUM: 220.0})
    pool = [food("B", 200, magnesium=110), food("A", 100, magnesium=60)]
    plan = make_plan(report, pool=pool, max_kcal=150)
    magnesium = next(n for n in plan.nutrients if n.nutrient is Nutrient.MAGNESIUM)
    assert magnesium.closed is False  # 2 x A is 200 kcal; B is 200 kcal


def test_vitamin_d_from_food_is_said_to_need_sunlight_or_a_supplement(week):
    report = only_gaps(week, {Nutrient.VITAMIN_D: 2.0})
    plan = make_plan(report, pool=[food("egg", 70, vitamin_d=1.0)])
    vitamin_d = next(n for n in plan.nutrients if n.nutrient is Nutrient.VITAMIN_D)
    assert vitamin_d.closed is False
    assert vitamin_d.advice.startswith("sunlight on the skin, and a vitamin D supplement")


def test_the_list_of_foods_is_whole_and_reviewed():
    from screener.foods import default_foods
    from screener.plan import ALLERGENS, DIETS, candidates

    with open(ROOT / "screener" / "data" / "plan_foods.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) >= 150
    assert {r["diet"] for r in rows} <= set(DIETS)
    assert {a for r in rows for a in r["allergens"].split(";") if a} <= set(ALLERGENS)
    # every portion converts through the food's own SR28 measures
    assert len(candidates(default_foods())) == len(rows)


def test_diet_and_exclusions():
    from screener.plan import candidates

    vegan = candidates(diet="vegan")
    assert vegan and all(c.diet == "vegan" for c in vegan)
    assert not any("dairy" in c.allergens for c in vegan)
    no_nuts = candidates(exclude=("nuts", "spinach"))
    assert not any("nuts" in c.allergens for c in no_nuts)
    assert not any("spinach" in c.label for c in no_nuts)


def test_the_command_in_every_format(tmp_path):
    import json

    from click.testing import CliRunner

    from screener.cli import cli

    week = str(ROOT / "examples" / "week.csv")
    args = ["plan", week, "--sex", "female", "--age", "40"]
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert table.stdout.startswith("One way to close the gaps (diet: omnivore")
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    rows = list(csv.DictReader(open_text(CliRunner().invoke(cli, [*args, "--format", "csv"]))))
    columns = ["food_id", "name", "portion", "portions", "grams_per_day", "magnesium_mg"]
    assert rows and list(rows[0])[:6] == columns
    assert list(rows[0])[-1] == "energy_kcal"
    plan = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).stdout)
    added = sum(item["energy_kcal"] for item in plan["items"])
    assert added <= 500 and plan["energy_added_kcal"] == pytest.approx(added, abs=0.1)
    # every gap is closed or said not to be
    for nutrient in plan["nutrients"]:
        if nutrient["closed"] is True:
            assert nutrient["after"] >= nutrient["target"] - 1e-9
        if nutrient["closed"] is False:
            assert nutrient["advice"]
    vegan = CliRunner().invoke(cli, [*args, "--diet", "vegan", "--exclude", "soy,nuts"])
    assert vegan.exit_code == 0 and "without soy, nuts" in vegan.stdout


def open_text(result):
    import io

    return io.StringIO(result.stdout)


def check_plan(report, plan, foods, max_kcal=500.0):
    """Every constraint, checked from the food table (not from the solver's numbers)."""
    table = foods.foods
    added = {n: 0.0 for n in Nutrient}
    energy = 0.0
    for item in plan.items:
        assert 1 <= item.portions <= MAX_PORTIONS
        for n in Nutrient:
            column = {"vitamin_b12": "vitamin_b12_ug", "vitamin_d": "vitamin_d_ug",
                      "vitamin_b6": "vitamin_b6_mg"}.get(n.value, f"{n.value}_mg")  # fmt: skip
            value = table.at[item.food_id, column]
            added[n] += 0.0 if value != value else value * item.grams_per_day / 100
        energy += table.at[item.food_id, "energy_kcal"] * item.grams_per_day / 100
    assert energy <= max_kcal + 1
    for r in report.results:
        before = r.mean_daily_intake or 0.0
        after = before + added[r.nutrient]
        said = next(n for n in plan.nutrients if n.nutrient is r.nutrient)
        if said.closed:
            assert after >= r.target - 0.5, r.nutrient  # grams are rounded to 0.1 g
        if r.cdrr is not None:
            assert after <= max(r.cdrr, before + 100) + 0.5
        elif r.ul is not None and r.nutrient is not Nutrient.MAGNESIUM:
            assert after <= max(r.ul, before) + 0.5


def no_smaller_plan(plan, pool, report) -> bool:
    """No plan of one portion fewer meets the same gaps (the solver asked again, with the
    count of portions capped)."""
    import numpy as np
    from scipy.optimize import LinearConstraint, milp

    total = sum(item.portions for item in plan.items)
    if total == 0:
        return True
    closed = [n for n in plan.nutrients if n.closed]
    rows = [[c.values[n.nutrient] for c in pool] for n in closed]
    low = [n.target - n.before for n in closed]
    high = [np.inf] * len(closed)
    for r in report.results:  # the same limits: sodium's CDRR, the ULs of the total
        before = r.mean_daily_intake or 0.0
        room = (
            max(r.cdrr - before, 100.0) if r.cdrr is not None
            else max(r.ul - before, 0.0)
            if r.ul is not None and r.nutrient is not Nutrient.MAGNESIUM
            else None
        )  # fmt: skip
        if room is not None:
            rows.append([c.values[r.nutrient] for c in pool])
            low.append(-np.inf)
            high.append(room)
    rows += [[c.energy_kcal for c in pool], [1.0] * len(pool)]
    low += [-np.inf, -np.inf]
    high += [plan.max_kcal, total - 1]
    found = milp(np.ones(len(pool)), constraints=LinearConstraint(np.array(rows), low, high),
                 integrality=np.ones(len(pool)), bounds=(0, MAX_PORTIONS))  # fmt: skip
    return not found.success


def test_the_week_plan_meets_every_constraint_and_is_smallest(week):
    from screener.foods import default_foods
    from screener.plan import candidates

    foods = default_foods()
    plan = make_plan(week, foods)
    assert plan.items
    check_plan(week, plan, foods)
    assert no_smaller_plan(plan, candidates(foods), week)


def test_a_diary_without_gaps_gets_an_empty_plan(week):
    report = only_gaps(week, {})
    plan = make_plan(report)
    assert plan.items == [] and plan.energy_added_kcal == 0


def test_a_vegan_plan_holds_no_animal_food(week):
    from screener.plan import candidates

    vegan = {c.food_id for c in candidates(diet="vegan")}
    plan = make_plan(week, diet="vegan")
    assert plan.items and {i.food_id for i in plan.items} <= vegan


DIARY_FOODS = ["white bread", "cola", "white rice", "chicken breast", "apple", "coffee",
               "cheddar cheese", "pasta", "french fries", "orange juice", "butter"]  # fmt: skip


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.sampled_from(DIARY_FOODS), st.integers(50, 400)), min_size=2,
             max_size=8),
    st.sampled_from(["omnivore", "pescatarian", "vegetarian", "vegan"]),
)  # fmt: skip
def test_plans_of_random_diaries_meet_every_constraint(tmp_path, rows, diet):
    from screener.foods import default_foods
    from screener.plan import candidates
    from screener.scoring import screen

    foods = default_foods()
    path = tmp_path / "diary.csv"
    lines = "".join(
        f"2026-03-0{2 + i % 3},{name},{grams} g\n" for i, (name, grams) in enumerate(rows)
    )
    path.write_text("date,food,amount\n" + lines)
    from screener.diary import read_diary

    report = screen(read_diary(path, foods), Profile(sex="female", age=40), foods=foods)
    plan = make_plan(report, foods, diet=diet)
    check_plan(report, plan, foods)
    assert no_smaller_plan(plan, candidates(foods, diet), report)


def test_the_plan_as_a_page(week):
    from screener.page import CSP, external_references, render_plan_page

    plan = make_plan(week)
    page = render_plan_page(plan, week.disclaimer)
    assert f'content="{CSP}"' in page
    assert external_references(page) == [] and "<script" not in page
    assert page.count("<svg") == 1  # before and after, in one chart
    assert page.count(week.disclaimer) == 2
    for item in plan.items:
        assert f"{item.portions} x {item.name}" in page
