"""foods.csv and measures.csv: rebuilt from raw SR28 and compared with what is committed."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import math

import pytest

from screener.nutrients import NUTRIENTS, VALUE_COLUMNS

from conftest import ROOT, SR28

REQUIRED_COLUMNS = [
    "food_id",
    "name",
    "food_group",
    "common",
    "energy_kcal",
    "water_g",
    "caffeine_mg",
    "calcium_mg",
    "magnesium_mg",
    "potassium_mg",
    "sodium_mg",
    "thiamin_mg",
    "vitamin_b6_mg",
    "vitamin_b12_ug",
    "vitamin_d_ug",
]

needs_sr28 = pytest.mark.skipif(
    not (SR28 / "FOOD_DES.txt").is_file(),
    reason=f"raw SR28 release not found at {SR28} (it sits in ../shared beside the checkout)",
)


def load_builder():
    spec = importlib.util.spec_from_file_location("build_foods", ROOT / "scripts/build_foods.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def committed_foods() -> list[dict[str, str]]:
    with open(ROOT / "foods.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture(scope="module")
def raw_values() -> dict[tuple[str, str], str]:
    values = {}
    with gzip.open(SR28 / "NUT_DATA.txt.gz", "rt", encoding="latin-1") as stream:
        for line in stream:
            fields = line.rstrip("\r\n").split("^")
            values[(fields[0].strip("~"), fields[1].strip("~"))] = fields[2]
    return values


def test_columns_and_row_count(committed_foods):
    assert len(committed_foods) == 8789
    assert set(REQUIRED_COLUMNS) <= set(committed_foods[0])
    assert len({row["food_id"] for row in committed_foods}) == 8789


@needs_sr28
def test_rebuild_is_byte_for_byte_identical():
    foods, measures = load_builder().build_tables(SR28)
    assert foods == (ROOT / "foods.csv").read_text("utf-8")
    assert measures == (ROOT / "screener/data/measures.csv").read_text("utf-8")


@needs_sr28
def test_every_value_agrees_with_raw_sr28(committed_foods, raw_values):
    """Each cell is SR28's value, or empty where SR28 has none, unless flagged derived."""
    columns = {info.column: info.sr28_number for info in NUTRIENTS.values()}
    columns |= {"energy_kcal": "208", "water_g": "255", "caffeine_mg": "262"}
    checked = 0
    for row in committed_foods:
        derived = {flag.split(":")[0] for flag in row["derived"].split(";") if flag}
        for column, number in columns.items():
            raw = raw_values.get((row["food_id"], number), "")
            if column in derived:
                assert raw == "", (row["food_id"], column)
                continue
            if raw == "":
                assert row[column] == "", (row["food_id"], column)
            else:
                assert float(row[column]) == float(raw), (row["food_id"], column)
                checked += 1
    assert checked > 50_000


@needs_sr28
def test_vitamin_d_from_iu_is_divided_by_40(committed_foods, raw_values):
    converted = [row for row in committed_foods if "vitamin_d_ug:from_iu" in row["derived"]]
    assert 40 <= len(converted) <= 60  # "about 50 foods" in the SR28 README
    for row in converted:
        iu = float(raw_values[(row["food_id"], "324")])
        assert math.isclose(float(row["vitamin_d_ug"]), iu / 40, abs_tol=0.0005)


def test_unknowns_are_empty_not_zero(committed_foods):
    by_id = {row["food_id"]: row for row in committed_foods}
    # Beef liver has no vitamin D value in SR28; a fish oil has no thiamin.
    empty_cells = sum(row[column] == "" for row in committed_foods for column in VALUE_COLUMNS)
    assert empty_cells > 5000
    assert by_id["09040"]["potassium_mg"] == "358"  # Bananas, raw


def test_plant_zero_rule_only_touches_plant_foods(committed_foods):
    builder = load_builder()
    for row in committed_foods:
        if "plant_zero" in row["derived"]:
            assert row["food_group"] in {
                "Fruits and Fruit Juices",
                "Vegetables and Vegetable Products",
                "Nut and Seed Products",
                "Legumes and Legume Products",
                "Cereal Grains and Pasta",
            }
            lowered = row["name"].lower()
            assert not any(word in lowered for word in builder.NOT_PLANT_ZERO_WORDS)


def test_measures_table(full_foods):
    measures = full_foods.measures
    assert len(measures) == 15438
    banana_cup = measures[(measures.food_id == "09040") & (measures.description == "cup, sliced")]
    assert banana_cup["grams"].tolist() == [150.0]
    assert set(measures["food_id"]) <= set(full_foods.foods.index)
