from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"
SR28 = ROOT.parent / "shared" / "data" / "usda-sr28"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output (review the diff)",
    )


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory):
    """The food-table cache of this test session, not the one in the home folder; CLI
    runs in subprocesses inherit it."""
    import os

    folder = tmp_path_factory.mktemp("screener-cache")
    before = os.environ.get("SCREENER_CACHE_DIR")
    os.environ["SCREENER_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["SCREENER_CACHE_DIR"]
    else:
        os.environ["SCREENER_CACHE_DIR"] = before


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def full_foods():
    from screener.foods import default_foods

    return default_foods()


def make_food_table(rows: list[dict]):
    """A FoodTable of hand-written foods (values per 100 g; missing = unknown)."""
    import pandas as pd

    from screener.foods import FOOD_COLUMNS, FoodTable

    rows = [{"food_group": "Test Foods", "common": True, "derived": ""} | row for row in rows]
    foods = pd.DataFrame(rows).reindex(columns=FOOD_COLUMNS)
    numeric = [c for c in FOOD_COLUMNS if c.endswith(("_mg", "_ug", "_g", "_kcal"))]
    foods[numeric] = foods[numeric].astype("float64")
    measures = pd.DataFrame(
        [{"food_id": "90001", "seq": 1, "amount": 1.0, "description": "cup", "grams": 200.0}]
    )
    aliases = pd.DataFrame(columns=["alias", "food_id"])
    return FoodTable(
        foods=foods.set_index("food_id", drop=False),
        measures=measures,
        aliases=aliases,
        source="tiny",
    )


TINY_FOODS = [
    # round numbers per 100 g, so a test can check intakes by hand
    {"food_id": "90001", "name": "Test grain", "energy_kcal": 400, "caffeine_mg": 0,
     "magnesium_mg": 100, "calcium_mg": 50, "thiamin_mg": 0.5, "vitamin_b6_mg": 0.2,
     "vitamin_b12_ug": 0, "vitamin_d_ug": 0, "potassium_mg": 300, "sodium_mg": 10},
    {"food_id": "90002", "name": "Test cheese", "energy_kcal": 350, "caffeine_mg": 0,
     "calcium_mg": 200, "thiamin_mg": 0.1, "vitamin_b6_mg": 0.1,
     "vitamin_b12_ug": 1, "vitamin_d_ug": 0.5, "potassium_mg": 100, "sodium_mg": 600},
    {"food_id": "90003", "name": "Test coffee", "energy_kcal": 2, "caffeine_mg": 40,
     "magnesium_mg": 3, "calcium_mg": 2, "potassium_mg": 50, "sodium_mg": 2},
]  # fmt: skip


@pytest.fixture(scope="session")
def tiny_foods():
    return make_food_table(TINY_FOODS)


# Under mutation testing (scripts/mutation.sh, mutmut sets MUTANT_UNDER_TEST) every test
# runs once per mutant of each function it calls: Hypothesis tests run 10 fixed examples
# (derandomized, so a mutant's verdict does not change between runs) and do not shrink a
# failure (a killed mutant needs no smallest example, and shrinking ran into the timeout),
# and the functools caches of the mutated modules are emptied before each test, because
# mutmut forks each mutant from a process whose caches already hold the unmutated answers.
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    from hypothesis import Phase, settings

    for item in items:
        test = getattr(item, "obj", None)
        if getattr(test, "hypothesis", None) is None:
            continue
        own = test._hypothesis_internal_use_settings
        test._hypothesis_internal_use_settings = settings(
            own,
            max_examples=min(10, own.max_examples),
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
        )


@pytest.fixture(autouse=True)
def _empty_method_caches():
    if "MUTANT_UNDER_TEST" in os.environ:
        from screener import references, scoring, units

        for cached in (
            units._parsed,
            units.canonical_unit,
            units.measure_key,
            references._records,
            references._reference_intakes,
            scoring.suggestion_table,
        ):
            cached.cache_clear()
    yield


def unknown_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """FRAME with every unknown cell None: a report's own frame has None in a column of
    no value (confidence of vitamin D), batch's columns of all people NaN."""
    return frame.astype(object).where(frame.notna(), None)
