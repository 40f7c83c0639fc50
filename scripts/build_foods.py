#!/usr/bin/env python3
"""Build foods.csv and screener/data/measures.csv from the raw USDA releases: SR28
(ingredients) and FNDDS 2017-2018 (foods as eaten, portions as people say them).

Usage:  python scripts/build_foods.py [SR28_DIR [FNDDS_DIR]] [--check]

SR28_DIR defaults to ../shared/data/usda-sr28 beside the checkout, FNDDS_DIR to
../shared/data/fndds-2017-2018 (its three "At A Glance" workbooks, read with openpyxl:
`pip install '.[build]'`). The output is byte-for-byte deterministic: the same raw files
always give the same two tables. With --check nothing is written; the exit code says
whether the committed tables match a fresh build.

Rules (each documented in README.md, "The food table"):
- values are SR28's own text, per 100 g edible portion; a nutrient with no row in
  NUT_DATA is unknown and stays an empty cell, never 0;
- vitamin D (µg, nutrient 328) is taken from nutrient 324 (IU / 40) where SR28 has only
  the IU value; such cells are flagged `vitamin_d_ug:from_iu` in the `derived` column;
- vitamin B12 and vitamin D are set to 0 where SR28 has no value, for plant foods in
  which they do not occur (see `plant_zero_applies`); flagged `...:plant_zero`;
- FNDDS foods keep their 8-digit food codes (SR28's are 5 digits: they never collide),
  their WWEIA category as the group, their "Additional food description" (other names
  people use) as `other_names`, and every value as the workbook holds it (FNDDS has no
  missing values); its portions are those of the food itself (no subcode: a subcode is one
  brand's product), less the "Guideline amount ..." rows (how much of an ingredient a
  recipe adds, not a portion of the food) and portions of 0 g;
- every food says its table in `source`: `SR28` or `FNDDS 2017-2018`.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screener.nutrients import (  # noqa: E402
    EXTRA_COLUMNS,
    FNDDS,
    FNDDS_HEADERS,
    IU_PER_UG_VITAMIN_D,
    NUTRIENTS,
    SR28,
    SR28_VITAMIN_D_IU,
    Nutrient,
)

DEFAULT_SR28 = ROOT.parent / "shared" / "data" / "usda-sr28"
DEFAULT_FNDDS = ROOT.parent / "shared" / "data" / "fndds-2017-2018"
FNDDS_NUTRIENTS = "2017-2018 FNDDS At A Glance - FNDDS Nutrient Values.xlsx"
FNDDS_PORTIONS = "2017-2018 FNDDS At A Glance - Portions and Weights.xlsx"
FNDDS_FOODS = "2017-2018 FNDDS At A Glance - Foods and Beverages.xlsx"
FOODS_OUT = ROOT / "foods.csv"
MEASURES_OUT = ROOT / "screener" / "data" / "measures.csv"

# column -> SR28 nutrient number, in the column order of foods.csv
SOURCE_NUMBERS: dict[str, str] = {
    **{column: number for column, (number, _) in EXTRA_COLUMNS.items()},
    **{info.column: info.sr28_number for info in NUTRIENTS.values()},
}
FOOD_COLUMNS = [
    "food_id", "name", "food_group", "common", *SOURCE_NUMBERS, "derived", "source",
    "other_names",
]  # fmt: skip
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


def read_workbook(path: Path) -> list[dict[str, object]]:
    """The rows of an FNDDS "At A Glance" workbook's first sheet, by header: a title row,
    then the header (white space in a header name folded to one space)."""
    from openpyxl import load_workbook  # a build-only dependency

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        next(rows)  # the title
        header = [re.sub(r"\s+", " ", str(name or "")).strip() for name in next(rows)]
        return [dict(zip(header, row, strict=False)) for row in rows if row and row[0] is not None]
    finally:
        book.close()


def fndds_number(value: object) -> str:
    """A workbook value as foods.csv writes it: the number as stored, no trailing '.0'."""
    number = float(value)  # type: ignore[arg-type]
    return format(number, ".15g")


# "1 cup" -> (1, "cup"); "1/2 cup" -> (0.5, "cup"); "Quantity not specified" -> (1, itself)
_PORTION_AMOUNT = re.compile(r"^(\d+/\d+|\d+(?:\.\d+)?)\s+(\S.*)$")


def portion_measure(description: str) -> tuple[str, str]:
    """(amount, description) of an FNDDS portion, in the columns of SR28's measures."""
    match = _PORTION_AMOUNT.match(description.strip())
    if not match:
        return "1", description.strip()
    number, rest = match.groups()
    top, _, bottom = number.partition("/")
    amount = float(top) / float(bottom) if bottom else float(top)
    return format_number(amount), rest


def fndds_rows(fndds_dir: Path) -> tuple[list[list[str]], list[list[str]]]:
    """(foods rows, measures rows) of FNDDS in foods.csv's and measures.csv's columns."""
    other_names = {
        int(row["Food code"]): str(row.get("Additional food description") or "").strip()
        for row in read_workbook(fndds_dir / FNDDS_FOODS)
    }
    foods = []
    for row in sorted(read_workbook(fndds_dir / FNDDS_NUTRIENTS), key=lambda r: r["Food code"]):
        code = int(row["Food code"])  # type: ignore[arg-type]
        cells = [fndds_number(row[FNDDS_HEADERS[column]]) for column in SOURCE_NUMBERS]
        foods.append([
            str(code), str(row["Main food description"]).strip(),
            str(row["WWEIA Category description"]).strip(), "true", *cells, "", FNDDS,
            other_names.get(code, ""),
        ])  # fmt: skip
    measures = []
    for row in read_workbook(fndds_dir / FNDDS_PORTIONS):
        description = str(row["Portion description"]).strip()
        grams = float(row["Portion weight (g)"])  # type: ignore[arg-type]
        if row.get("Subcode") or description.startswith("Guideline amount") or grams <= 0:
            continue
        amount, measure = portion_measure(description)
        code = str(int(row["Food code"]))  # type: ignore[arg-type]
        measures.append([code, str(int(row["Seq num"])), amount, measure, fndds_number(grams)])  # type: ignore[arg-type]
    return foods, measures


def build_tables(sr28_dir: Path, fndds_dir: Path | None = None) -> tuple[str, str]:
    """Return the text of foods.csv and measures.csv built from SR28_DIR and FNDDS_DIR."""
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
        writer.writerow([food_id, name, groups[group], common, *cells, ";".join(derived), SR28, ""])
    fndds_foods, fndds_measures = fndds_rows(fndds_dir) if fndds_dir else ([], [])
    writer.writerows(fndds_foods)

    measures = io.StringIO()
    writer = csv.writer(measures, lineterminator="\n")
    writer.writerow(MEASURE_COLUMNS)
    weights = [row[:5] for row in read_sr28(sr28_dir / "WEIGHT.txt")] + fndds_measures
    # sorted by food_id as text (how the table looks measures up), then by sequence
    for food_id, seq, amount, description, grams in sorted(
        weights, key=lambda row: (row[0], int(row[1]))
    ):
        writer.writerow([food_id, seq, amount, description, grams])
    return foods.getvalue(), measures.getvalue()


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [arg for arg in argv if arg != "--check"]
    sr28_dir = Path(args[0]) if args else DEFAULT_SR28
    fndds_dir = Path(args[1]) if len(args) > 1 else DEFAULT_FNDDS
    if not (sr28_dir / "FOOD_DES.txt").is_file():
        print(f"error: {sr28_dir} does not hold the SR28 files (FOOD_DES.txt ...)", file=sys.stderr)
        return 2
    if not (fndds_dir / FNDDS_NUTRIENTS).is_file():
        print(f"error: {fndds_dir} does not hold {FNDDS_NUTRIENTS}", file=sys.stderr)
        return 2
    foods, measures = build_tables(sr28_dir, fndds_dir)
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
