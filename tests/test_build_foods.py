"""foods.csv and measures.csv: rebuilt from raw SR28 and compared with what is committed."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import math

import pytest

from screener.nutrients import NUTRIENTS, VALUE_COLUMNS

from conftest import ROOT, SR28

FNDDS = SR28.parent / "fndds-2017-2018"

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
    not (SR28 / "FOOD_DES.txt").is_file() or not FNDDS.is_dir(),
    reason=f"raw SR28 and FNDDS releases not found beside {SR28} (../shared beside the checkout)",
)
NUTRIENT_BOOK = "2017-2018 FNDDS At A Glance - FNDDS Nutrient Values.xlsx"
PORTION_BOOK = "2017-2018 FNDDS At A Glance - Portions and Weights.xlsx"


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
    # SR28's 8,789 foods and FNDDS 2017-2018's 7,083, each id once
    assert len(committed_foods) == 8789 + 7083
    assert set(REQUIRED_COLUMNS) | {"source", "other_names"} <= set(committed_foods[0])
    assert len({row["food_id"] for row in committed_foods}) == 8789 + 7083
    sources = [row["source"] for row in committed_foods]
    assert (sources.count("SR28"), sources.count("FNDDS 2017-2018")) == (8789, 7083)
    for row in committed_foods:  # 5-digit SR28 ids, 8-digit FNDDS codes: never the same
        assert len(row["food_id"]) == (5 if row["source"] == "SR28" else 8)


@needs_sr28
def test_rebuild_is_byte_for_byte_identical():
    foods, measures = load_builder().build_tables(SR28, FNDDS)
    assert foods == (ROOT / "foods.csv").read_text("utf-8")
    assert measures == (ROOT / "screener/data/measures.csv").read_text("utf-8")
    guidelines = load_builder().fndds_guidelines(FNDDS)
    assert guidelines == (ROOT / "screener/data/guidelines.csv").read_text("utf-8")
    # FNDDS's 352 guideline amounts of its own foods (no subcode): milk NFS, 2.5 g per fl
    # oz of a beverage, as the workbook's row 11100000 "Guideline amount per fl oz of
    # beverage" says
    rows = guidelines.splitlines()
    assert len(rows) == 1 + 352 and "11100000,per fl oz of beverage,2.5" in rows


@needs_sr28
def test_every_value_agrees_with_raw_sr28(committed_foods, raw_values):
    """Each cell is SR28's value, or empty where SR28 has none, unless flagged derived."""
    columns = {info.column: info.sr28_number for info in NUTRIENTS.values()}
    columns |= {"energy_kcal": "208", "water_g": "255", "caffeine_mg": "262"}
    checked = 0
    for row in committed_foods:
        if row["source"] != "SR28":
            continue
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
    # SR28's 15,438 measures and the FNDDS portions kept (test_fndds_portions_as_kept)
    assert len(measures) == 15438 + 31240
    banana_cup = measures[(measures.food_id == "09040") & (measures.description == "cup, sliced")]
    assert banana_cup["grams"].tolist() == [150.0]
    assert set(measures["food_id"]) <= set(full_foods.foods.index)


def sheet_rows(book: str) -> list[tuple]:
    """The data rows of an FNDDS workbook, read here with openpyxl itself: a title row,
    the header, then one row per food or portion."""
    from openpyxl import load_workbook

    workbook = load_workbook(FNDDS / book, read_only=True, data_only=True)
    rows = [row for row in workbook.worksheets[0].iter_rows(values_only=True) if row[0]]
    workbook.close()
    return rows[2:]


@needs_sr28
def test_fndds_foods_and_values_as_the_workbook_holds_them(committed_foods):
    """7,083 foods; a spot value per nutrient read from the raw workbook by column position
    (the README's own spot checks: whole milk, apple, white bread)."""
    rows = sheet_rows(NUTRIENT_BOOK)
    assert len(rows) == 7083
    by_code = {str(row[0]): row for row in rows}
    foods = {row["food_id"]: row for row in committed_foods}
    # columns of the workbook: 4 energy, 37 calcium, 39 magnesium, 44 potassium, 45 sodium,
    # 21 thiamin, 24 B6, 30 B12, 33 vitamin D, 46 caffeine, 68 water (0-based)
    positions = {
        "energy_kcal": 4, "calcium_mg": 37, "magnesium_mg": 39, "potassium_mg": 44,
        "sodium_mg": 45, "thiamin_mg": 21, "vitamin_b6_mg": 24, "vitamin_b12_ug": 30,
        "vitamin_d_ug": 33, "caffeine_mg": 46, "water_g": 68,
    }  # fmt: skip
    for code in ("11111000", "63101000", "51101000", "92101900", "31102000"):
        for column, position in positions.items():
            assert float(foods[code][column]) == float(by_code[code][position]), (code, column)
    milk = foods["11111000"]
    assert (milk["name"], milk["calcium_mg"], milk["vitamin_d_ug"]) == ("Milk, whole", "123", "1.1")
    assert foods["51101000"]["calcium_mg"] == "211"  # Bread, white
    assert all(foods[str(row[0])]["name"] == row[1].strip() for row in rows)


@needs_sr28
def test_fndds_portions_as_kept(full_foods):
    """32,614 portions in the workbook; kept: those of the food itself (no subcode), less
    the "Guideline amount" rows and the one of 0 g. Whole milk: 1 cup = 244 g."""
    rows = sheet_rows(PORTION_BOOK)
    assert len(rows) == 32614
    kept = [
        row for row in rows
        if row[2] is None and not str(row[7]).startswith("Guideline amount") and row[8] > 0
    ]  # fmt: skip
    assert len(kept) == 31240
    measures = full_foods.measures
    fndds = measures[measures["food_id"].str.len() == 8]
    assert len(fndds) == len(kept)
    milk = fndds[fndds["food_id"] == "11111000"]
    assert milk[milk["description"] == "cup"]["grams"].tolist() == [244.0]
    egg = fndds[fndds["food_id"] == "31102000"]  # "1 egg" = 50 g; no amount: 50 g
    assert egg.set_index("description")["grams"].to_dict() == {
        "egg": 50.0,
        "cup": 135.0,
        "Quantity not specified": 50.0,
    }
