"""The smallest everyday change that closes the gaps: whole portions of foods to add.

A mixed-integer program (scipy.optimize.milp, HiGHS) over a hand-reviewed list of
everyday foods (data/plan_foods.csv), each with one ordinary portion from its own SR28
measures; for a national table its own list (data/plan_foods_ciqual.csv, _afcd, _fineli:
everyday foods of that country, portions in grams), used where its foods are loaded.
Whole portions a day, at most MAX_PORTIONS of any one food; fewest portions
first, then the least added energy. Each nutrient the report flags low or borderline
reaches its RDA (or AI); nothing adequate drops (a plan only adds); sodium stays at or
under its CDRR (or, above it, does not rise); every UL of the total stays respected; the
added energy stays within a budget. A gap no such plan can close is said, with what
would close it.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd
from pydantic import BaseModel, Field

from .foods import FoodTable, default_foods, normalize_food_id
from .models import NutrientResult, Report, Status
from .nutrients import DEFAULT_FOOD_TABLE, FOOD_TABLES, NUTRIENTS, Nutrient
from .plan_options import DEFAULT_MAX_KCAL, DIETS
from .units import Measures, UnitError

MAX_PORTIONS = 3  # of any one food a day
# Above the CDRR sodium must not rise; "not at all" would bar every food (a banana has
# 1 mg), so a plan may add this much, the sodium of a glass of milk.
SODIUM_TRACE_MG = 100.0
ALLERGENS = ("dairy", "egg", "fish", "shellfish", "nuts", "peanuts", "soy", "gluten", "sesame")
# What closes a gap that food cannot close within the limits.
UNCLOSABLE_ADVICE = {
    Nutrient.VITAMIN_D: "sunlight on the skin, and a vitamin D supplement: discuss the dose "
    "with a healthcare professional",
}
DEFAULT_ADVICE = "a supplement, or a larger change of diet: discuss it with a professional"


@dataclass(frozen=True)
class Candidate:
    """A food the plan may add: one ordinary portion and what it brings."""

    food_id: str
    label: str
    portion: str  # "1 cup"
    grams: float  # of one portion
    diet: str
    allergens: frozenset[str]
    fortified: bool
    energy_kcal: float
    values: dict[Nutrient, float]  # per portion; unknown counted as 0 (never relied on)


class PlanItem(BaseModel):
    food_id: str
    name: str
    portion: str
    portions: int
    grams_per_day: float
    energy_kcal: float
    adds: dict[str, float] = Field(description="per nutrient key, the amount a day")


class PlanNutrient(BaseModel):
    nutrient: Nutrient
    name: str
    unit: str
    target: float | None
    target_type: str
    before: float | None
    after: float | None
    coverage_before_pct: float | None
    coverage_after_pct: float | None
    closed: bool | None = Field(description="a gap the plan closes; None: no gap")
    advice: str | None = None


class Plan(BaseModel):
    """One way to close the gaps of a report."""

    items: list[PlanItem]
    nutrients: list[PlanNutrient]
    energy_added_kcal: float
    diet: str
    excluded: list[str]
    max_kcal: float
    note: str


# The candidate lists: USDA's, then each national table's (its ids carry its name, so a
# table without those foods just skips them).
PLAN_FILES = ["plan_foods.csv"] + [
    f"plan_foods_{name}.csv" for name in FOOD_TABLES if name != DEFAULT_FOOD_TABLE
]


@functools.cache
def _plan_rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in PLAN_FILES:
        with (
            resources.as_file(resources.files("screener") / "data" / name) as path,
            open(path, encoding="utf-8", newline="") as stream,
        ):
            rows += csv.DictReader(stream)
    return rows


def candidates(
    foods: FoodTable | None = None, diet: str = "omnivore", exclude: tuple[str, ...] = ()
) -> list[Candidate]:
    """The plan foods a person of DIET may add, less those EXCLUDE names (an allergen
    group, or a word of the food's name)."""
    foods = foods or default_foods()
    allowed = set(DIETS[: DIETS.index(diet) + 1])
    words = {w.strip().lower() for w in exclude if w.strip()}
    found = []
    for row in _plan_rows():
        key = normalize_food_id(row["food_id"])
        # the list's own ids, exactly: never a national table's food of the same number
        if key is None or key not in foods.foods.index or row["diet"] not in allowed:
            continue
        food = foods.get(key)
        if pd.isna(food["energy_kcal"]):
            continue  # unknown energy is not zero: the energy budget could not be kept
        allergens = frozenset(a for a in row["allergens"].split(";") if a)
        text = f"{row['label']} {food['name']}".lower()
        if allergens & words or any(word in text for word in words):
            continue
        try:
            grams = Measures.of(food["name"], foods.measure_list(key)).to_grams(
                float(row["amount"]), row["unit"]
            )
        except UnitError:
            continue  # a custom table without the measure
        per_portion = {
            nutrient: float(np.nan_to_num(food[info.column])) * grams / 100
            for nutrient, info in NUTRIENTS.items()
        }
        found.append(
            Candidate(
                food_id=key,
                label=row["label"],
                portion=f"{float(row['amount']):g} {row['unit']}",
                grams=grams,
                diet=row["diet"],
                allergens=allergens,
                fortified=row["fortified"].lower() == "true",
                energy_kcal=float(np.nan_to_num(food["energy_kcal"])) * grams / 100,
                values=per_portion,
            )
        )
    return found


def _gap(result: NutrientResult) -> float | None:
    """How much a day the nutrient lacks to reach its target, or None: no gap."""
    if result.status not in (Status.LOW, Status.BORDERLINE) or result.target is None:
        return None
    return result.target - (result.mean_daily_intake or 0.0)


def _solve(
    foods: list[Candidate],
    needs: dict[Nutrient, float],
    caps: dict[Nutrient, float],
    max_kcal: float,
) -> np.ndarray | None:
    """Portions of each food (integers 0..MAX_PORTIONS) meeting NEEDS (at least) and CAPS
    (at most) within MAX_KCAL: fewest portions, then least energy; None if none does."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    if not foods:
        return None if needs else np.zeros(0)
    energy = np.array([f.energy_kcal for f in foods])
    # each portion costs 1; energy breaks ties (its whole sum stays under 1)
    cost = 1.0 + energy / (max_kcal * MAX_PORTIONS * len(foods) + 1.0)
    rows, low, high = [], [], []
    for nutrient, need in needs.items():
        rows.append([f.values[nutrient] for f in foods])
        low.append(need)
        high.append(np.inf)
    for nutrient, cap in caps.items():
        rows.append([f.values[nutrient] for f in foods])
        low.append(-np.inf)
        high.append(cap)
    rows.append(list(energy))
    low.append(-np.inf)
    high.append(max_kcal)
    found = milp(
        cost,
        constraints=LinearConstraint(np.array(rows), low, high),
        integrality=np.ones(len(foods)),
        bounds=Bounds(0, MAX_PORTIONS),
    )
    if not found.success:
        return None
    return np.round(found.x).astype(int)


def make_plan(
    report: Report,
    foods: FoodTable | None = None,
    diet: str = "omnivore",
    exclude: tuple[str, ...] = (),
    max_kcal: float = DEFAULT_MAX_KCAL,
    pool: list[Candidate] | None = None,
) -> Plan:
    """One way to close REPORT's gaps (see the module docstring). POOL: the candidate
    foods (default: `candidates` for DIET and EXCLUDE)."""
    pool = pool if pool is not None else candidates(foods, diet, exclude)
    results = {r.nutrient: r for r in report.results}
    needs = {n: gap for n, r in results.items() if (gap := _gap(r)) is not None and gap > 0}
    caps: dict[Nutrient, float] = {}
    for nutrient, r in results.items():
        mean = r.mean_daily_intake or 0.0
        if r.cdrr is not None:  # sodium: up to the CDRR, or (above it) next to no rise
            caps[nutrient] = max(r.cdrr - mean, SODIUM_TRACE_MG)
        elif r.ul is not None and nutrient is not Nutrient.MAGNESIUM:  # its UL: supplements
            caps[nutrient] = max(r.ul - mean, 0.0)
    portions = _solve(pool, needs, caps, max_kcal)  # most often all close together
    unclosable: set[Nutrient] = set()
    if portions is None:  # a gap that no plan within the limits closes alone is set aside
        unclosable = {n for n in needs if _solve(pool, {n: needs[n]}, caps, max_kcal) is None}
    closable = {n: v for n, v in needs.items() if n not in unclosable}
    if unclosable:
        portions = _solve(pool, closable, caps, max_kcal)
    while portions is None and closable:  # together they exceed the energy: the hardest out
        hardest = max(closable, key=lambda n: closable[n] / results[n].target)  # type: ignore[operator]
        unclosable.add(hardest)
        del closable[hardest]
        portions = _solve(pool, closable, caps, max_kcal)
    portions = portions if portions is not None else np.zeros(len(pool), dtype=int)
    items = [
        PlanItem(
            food_id=food.food_id,
            name=food.label,
            portion=food.portion,
            portions=int(count),
            grams_per_day=round(food.grams * count, 1),
            energy_kcal=round(food.energy_kcal * count, 1),
            adds={n.value: round(v * count, 4) for n, v in food.values.items()},
        )
        for food, count in zip(pool, portions, strict=True)
        if count > 0
    ]
    nutrients = []
    for nutrient, r in results.items():
        added = sum(item.adds[nutrient.value] for item in items)
        before = r.mean_daily_intake
        after = None if before is None else before + added
        nutrients.append(
            PlanNutrient(
                nutrient=nutrient,
                name=r.name,
                unit=r.unit,
                target=r.target,
                target_type=r.target_type,
                before=before,
                after=after,
                coverage_before_pct=r.coverage_pct,
                coverage_after_pct=None
                if after is None or not r.target
                else 100 * after / r.target,
                closed=None if nutrient not in needs else nutrient not in unclosable,
                advice=(
                    UNCLOSABLE_ADVICE.get(nutrient, DEFAULT_ADVICE)
                    if nutrient in unclosable
                    else None
                ),
            )
        )
    return Plan(
        items=items,
        nutrients=nutrients,
        energy_added_kcal=round(sum(item.energy_kcal for item in items), 1),
        diet=diet,
        excluded=list(exclude),
        max_kcal=max_kcal,
        note=(
            "One way among many, from a list of everyday foods: fewest portions, then the "
            "least energy, nothing over a limit. A screening aid: talk a change of diet "
            "over with a professional, above all with a health condition."
        ),
    )
