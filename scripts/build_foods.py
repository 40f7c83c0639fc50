#!/usr/bin/env python3
"""Build foods.csv and screener/data/measures.csv from the raw USDA SR28 release.

Usage:  python scripts/build_foods.py [SR28_DIR] [--check]

SR28_DIR defaults to ../shared/data/usda-sr28 beside the checkout. The output is
byte-for-byte deterministic: the same SR28 files always give the same two tables.
With --check nothing is written; the exit code says whether the committed tables
match a fresh build.

Rules (each documented in README.md, "The food table"):
- values are SR28's own text, per 100 g edible portion; a nutrient with no row in
  NUT_DATA is unknown and stays an empty cell, never 0;
- vitamin D (µg, nutrient 328) is taken from nutrient 324 (IU / 40) where SR28 has only
  the IU value; such cells are flagged `vitamin_d_ug:from_iu` in the `derived` column;
- vitamin B12 and vitamin D are set to 0 where SR28 has no value, for plant foods in
  which they do not occur (see `plant_zero_applies`); flagged `...:plant_zero`.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screener.nutrients import (  # noqa: E402
    EXTRA_COLUMNS,
    IU_PER_UG_VITAMIN_D,
    NUTRIENTS,
    SR28_VITAMIN_D_IU,
    Nutrient,
)

DEFAULT_SR28 = ROOT.parent / "shared" / "data" / "usda-sr28"
FOODS_OUT = ROOT / "foods.csv"
MEASURES_OUT = ROOT / "screener" / "data" / "measures.csv"

# column -> SR28 nutrient number, in the column order of foods.csv
SOURCE_NUMBERS: dict[str, str] = {
    **{column: number for column, (number, _) in EXTRA_COLUMNS.items()},
    **{info.column: info.sr28_number for info in NUTRIENTS.values()},
}
FOOD_COLUMNS = ["food_id", "name", "food_group", "common", *SOURCE_NUMBERS, "derived"]
MEASURE_COLUMNS = ["food_id", "seq", "amount", "description", "grams"]

# Plant food groups where B12 and vitamin D do not occur naturally.
PLANT_GROUPS = {
    "0900",  # Fruits and Fruit Juices
    "1100",  # Vegetables and Vegetable Products
    "1200",  # Nut and Seed Products
    "1600",  # Legumes and Legume Products
    "2000",  # Cereal Grains and Pasta
}
# Words that mean the food may hold B12 or vitamin D after all: fortification, an
# animal ingredient, fungi (vitamin D from UV light), algae and fermented foods
# (B12 from bacteria). The rule skips any food whose name contains one.
NOT_PLANT_ZERO_WORDS = (
    "fortified",
    "with added",
    "vitamin",
    "enriched",
    "mushroom",
    "fungi",
    "seaweed",
    "spirulina",
    "algae",
    "kelp",
    "laver",
    "nori",
    "wakame",
    "agar",
    "tempeh",
    "natto",
    "miso",
    "fermented",
    "milk",
    "butter",
    "cheese",
    "cream",
    "egg",
    "margarine",
    "yogurt",
    "whey",
    "meat",
    "beef",
    "pork",
    "chicken",
    "turkey",
    "fish",
    "bacon",
    "ham",
    "lard",
    "sausage",
    "gelatin",
    "mayonnaise",
    "infant",
    "formula",
    "soymilk",
)
PLANT_ZERO_COLUMNS = (NUTRIENTS[Nutrient.VITAMIN_B12].column, NUTRIENTS[Nutrient.VITAMIN_D].column)


def read_sr28(path: Path) -> list[list[str]]:
    """Rows of one SR28 file: `^`-separated fields, text wrapped in `~`, latin-1."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("latin-1")
    return [
        [field.strip("~") for field in line.split("^")]
        for line in text.splitlines()
        if line.strip()
    ]


def plant_zero_applies(group: str, name: str) -> bool:
    lowered = name.lower()
    return group in PLANT_GROUPS and not any(word in lowered for word in NOT_PLANT_ZERO_WORDS)


def format_number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def build_tables(sr28_dir: Path) -> tuple[str, str]:
    """Return the text of foods.csv and measures.csv built from SR28_DIR."""
    groups = {code: desc for code, desc in read_sr28(sr28_dir / "FD_GROUP.txt")}
    wanted = set(SOURCE_NUMBERS.values()) | {SR28_VITAMIN_D_IU}
    values: dict[tuple[str, str], str] = {}
    for row in read_sr28(sr28_dir / "NUT_DATA.txt.gz"):
        food_id, number, value = row[0], row[1], row[2]
        if number in wanted and value != "":
            values[(food_id, number)] = value

    foods = io.StringIO()
    writer = csv.writer(foods, lineterminator="\n")
    writer.writerow(FOOD_COLUMNS)
    for fields in sorted(read_sr28(sr28_dir / "FOOD_DES.txt")):
        food_id, group, name, survey = fields[0], fields[1], fields[2], fields[6]
        derived: list[str] = []
        cells: list[str] = []
        for column, number in SOURCE_NUMBERS.items():
            cell = values.get((food_id, number), "")
            if cell == "" and number == NUTRIENTS[Nutrient.VITAMIN_D].sr28_number:
                iu = values.get((food_id, SR28_VITAMIN_D_IU))
                if iu is not None:
                    cell = format_number(float(iu) / IU_PER_UG_VITAMIN_D)
                    derived.append(f"{column}:from_iu")
            if cell == "" and column in PLANT_ZERO_COLUMNS and plant_zero_applies(group, name):
                cell = "0"
                derived.append(f"{column}:plant_zero")
            cells.append(cell)
        common = "true" if survey == "Y" else "false"
        writer.writerow([food_id, name, groups[group], common, *cells, ";".join(derived)])

    measures = io.StringIO()
    writer = csv.writer(measures, lineterminator="\n")
    writer.writerow(MEASURE_COLUMNS)
    weights = read_sr28(sr28_dir / "WEIGHT.txt")
    for food_id, seq, amount, description, grams, *_ in sorted(
        weights, key=lambda row: (row[0], int(row[1]))
    ):
        writer.writerow([food_id, seq, amount, description, grams])
    return foods.getvalue(), measures.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [arg for arg in argv if arg != "--check"]
    sr28_dir = Path(args[0]) if args else DEFAULT_SR28
    if not (sr28_dir / "FOOD_DES.txt").is_file():
        print(f"error: {sr28_dir} does not hold the SR28 files (FOOD_DES.txt ...)", file=sys.stderr)
        return 2
    foods, measures = build_tables(sr28_dir)
    outputs = {FOODS_OUT: foods, MEASURES_OUT: measures}
    if check:
        stale = [path for path, text in outputs.items() if path.read_text("utf-8") != text]
        for path in stale:
            print(f"{path.relative_to(ROOT)} differs from a fresh build", file=sys.stderr)
        return 1 if stale else 0
    for path, text in outputs.items():
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8", newline="")
        temporary.replace(path)
        print(f"wrote {path.relative_to(ROOT)} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
