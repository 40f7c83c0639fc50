#!/usr/bin/env python3
"""Build foods.csv, screener/data/measures.csv and screener/data/guidelines.csv from the
raw USDA releases: SR28 (ingredients) and FNDDS 2017-2018 (foods as eaten, portions as
people say them, and its guideline amounts of what goes with a food).

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
  recipe adds, not a portion of the food: they go to guidelines.csv) and portions of 0 g;
- every food says its table in `source`: `SR28` or `FNDDS 2017-2018`.

The national tables (`--table ciqual|afcd|fineli`) are built beside it, each into its own
screener/data/foods_NAME.csv and measures_NAME.csv, ids written NAME:ID (see
national_tables). Values as published, per 100 g: an empty cell or `-` is unknown (an
empty cell here); CIQUAL's `traces` is 0 (flagged `traces`) and `< x` half its limit x
(flagged `below_limit`); decimal commas read; energy given only in kJ is kJ / 4.184
(flagged `from_kj`).
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
    AFCD,
    CIQUAL,
    EXTRA_COLUMNS,
    FINELI,
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
DEFAULT_NATIONAL = {
    "ciqual": ROOT.parent / "shared" / "data" / "ciqual-2020",
    "afcd": ROOT.parent / "shared" / "data" / "afcd-r2",
    "fineli": ROOT.parent / "shared" / "data" / "fineli-20",
}
CIQUAL_BOOK = "Table Ciqual 2020_ENG_2020 07 07.xlsx"
AFCD_BOOK = "Release 2 - Nutrient file.xlsx"
DATA_DIR = ROOT / "screener" / "data"
FNDDS_NUTRIENTS = "2017-2018 FNDDS At A Glance - FNDDS Nutrient Values.xlsx"
FNDDS_PORTIONS = "2017-2018 FNDDS At A Glance - Portions and Weights.xlsx"
FNDDS_FOODS = "2017-2018 FNDDS At A Glance - Foods and Beverages.xlsx"
FOODS_OUT = ROOT / "foods.csv"
MEASURES_OUT = ROOT / "screener" / "data" / "measures.csv"
GUIDELINES_OUT = ROOT / "screener" / "data" / "guidelines.csv"
GUIDELINE = "Guideline amount "

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


def fndds_guidelines(fndds_dir: Path) -> str:
    """The text of guidelines.csv: FNDDS's "Guideline amount ..." portions of its foods
    (no subcode), how much of a food goes with another (milk "per fl oz of beverage",
    butter "per slice of bread/roll"), as food_id, per (the words after "Guideline
    amount"), grams."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["food_id", "per", "grams"])
    for row in read_workbook(fndds_dir / FNDDS_PORTIONS):
        description = str(row["Portion description"]).strip()
        grams = float(row["Portion weight (g)"])  # type: ignore[arg-type]
        if row.get("Subcode") or not description.startswith(GUIDELINE) or grams <= 0:
            continue
        code = str(int(row["Food code"]))  # type: ignore[arg-type]
        writer.writerow([code, description.removeprefix(GUIDELINE), fndds_number(grams)])
    return out.getvalue()


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


# --- the national tables ------------------------------------------------------------

KJ_PER_KCAL = 4.184
# column -> the table's own column (CIQUAL, AFCD: header text with runs of white space as
# one space; Fineli: EUFDNAME code). None: the table has no such value (unknown).
CIQUAL_COLUMNS: dict[str, str | None] = {
    "energy_kcal": "Energy, Regulation EU No 1169/2011 (kcal/100g)",
    "water_g": "Water (g/100g)",
    "caffeine_mg": None,
    "magnesium_mg": "Magnesium (mg/100g)",
    "calcium_mg": "Calcium (mg/100g)",
    "thiamin_mg": "Vitamin B1 or Thiamin (mg/100g)",
    "vitamin_b6_mg": "Vitamin B6 (mg/100g)",
    "vitamin_b12_ug": "Vitamin B12 (µg/100g)",
    "vitamin_d_ug": "Vitamin D (µg/100g)",
    "potassium_mg": "Potassium (mg/100g)",
    "sodium_mg": "Sodium (mg/100g)",
}
AFCD_COLUMNS: dict[str, str | None] = {
    "energy_kcal": "Energy with dietary fibre, equated (kJ)",  # kJ: divided by 4.184
    "water_g": "Moisture (water) (g)",
    "caffeine_mg": "Caffeine (mg)",
    "magnesium_mg": "Magnesium (Mg) (mg)",
    "calcium_mg": "Calcium (Ca) (mg)",
    "thiamin_mg": "Thiamin (B1) (mg)",
    "vitamin_b6_mg": "Pyridoxine (B6) (mg)",
    "vitamin_b12_ug": "Cobalamin (B12) (ug)",
    "vitamin_d_ug": "Vitamin D3 equivalents (ug)",
    "potassium_mg": "Potassium (K) (mg)",
    "sodium_mg": "Sodium (Na) (mg)",
}
FINELI_COLUMNS: dict[str, str | None] = {
    "energy_kcal": "ENERC",  # kJ: divided by 4.184
    "water_g": "WATER",
    "caffeine_mg": None,
    "magnesium_mg": "MG",
    "calcium_mg": "CA",
    "thiamin_mg": "THIA",
    "vitamin_b6_mg": "VITPYRID",
    "vitamin_b12_ug": "VITB12",
    "vitamin_d_ug": "VITD",
    "potassium_mg": "K",
    "sodium_mg": "NA",
}
# Fineli's portion units (foodunit_EN.csv) as measures (amount, description): its
# decilitre, tablespoon and teaspoon as volumes units.py knows, so that ml, cup ... of
# the food convert through the density they give; the rest in Fineli's own words.
FINELI_UNITS: dict[str, tuple[str, str]] = {
    "DL": ("100", "ml (1 dl)"),
    "RKL": ("15", "ml (1 Finnish tablespoon)"),
    "TL": ("5", "ml (1 Finnish teaspoon)"),
}
_BELOW = re.compile(r"^<\s*(\d+(?:[.,]\d+)?)$")


def published_value(cell: object) -> tuple[str, str | None]:
    """(value as foods.csv writes it, derived rule or None) of a cell as a table publishes
    it: a number (decimal comma or point), "traces" (present, too little to measure: 0),
    "< x" (below the limit x: half of it, the middle of what it may be), "-" or empty
    (unknown: an empty cell, never 0)."""
    if cell is None:
        return "", None
    if isinstance(cell, (int, float)):
        return format(float(cell), ".15g"), None
    text = str(cell).strip()
    if text in ("", "-"):
        return "", None
    if text.lower() == "traces":
        return "0", "traces"
    below = _BELOW.match(text)
    if below:
        return format(float(below.group(1).replace(",", ".")) / 2, ".15g"), "below_limit"
    return format(float(text.replace(",", ".")), ".15g"), None


def national_row(
    food_id: str, name: str, group: str, cells: dict[str, object], source: str, kj: bool
) -> list[str]:
    """One row in foods.csv's columns from the table's own CELLS (column -> cell)."""
    values, derived = [], []
    for column in SOURCE_NUMBERS:
        value, rule = published_value(cells.get(column))
        if column == "energy_kcal" and kj and value != "":
            value, rule = format(round(float(value) / KJ_PER_KCAL, 6), ".15g"), "from_kj"
        if rule:
            derived.append(f"{column}:{rule}")
        values.append(value)
    return [food_id, name, group, "false", *values, ";".join(derived), source, ""]


def _header(cell: object) -> str:
    return re.sub(r"\s+", " ", str(cell or "")).strip()


def _sheet_rows(path: Path, sheet: int | str) -> list[tuple]:
    from openpyxl import load_workbook  # a build-only dependency

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
        return list(worksheet.iter_rows(values_only=True))
    finally:
        book.close()


def _filled(row: tuple) -> int:
    return sum(cell not in (None, "", "-") for cell in row)


def ciqual_rows(folder: Path) -> tuple[list[list[str]], list[list[str]]]:
    """CIQUAL 2020's foods (no portions: it has none). A code on two rows (9621 wheat
    bran, under two sub-groups: the second row holds only its energy in kJ) is kept once,
    as the row with the most values (the first of equals)."""
    rows = _sheet_rows(folder / CIQUAL_BOOK, "compo")
    header = [_header(cell) for cell in rows[0]]
    at = {name: index for index, name in enumerate(header)}
    fullest: dict[int, tuple] = {}
    for row in rows[1:]:
        code = int(row[at["alim_code"]])
        kept = fullest.get(code)
        if kept is None or _filled(row) > _filled(kept):
            fullest[code] = row
    foods = []
    for code, row in fullest.items():
        group = next(
            (str(row[at[c]]) for c in ("alim_ssgrp_nom_eng", "alim_grp_nom_eng")
             if row[at[c]] not in (None, "-")), "",
        )  # fmt: skip
        cells = {column: row[at[own]] for column, own in CIQUAL_COLUMNS.items() if own}
        name = str(row[at["alim_nom_eng"]]).strip()
        foods.append(national_row(f"ciqual:{code}", name, group, cells, CIQUAL, kj=False))
    return sorted(foods, key=lambda r: int(r[0].split(":")[1])), []


def afcd_rows(folder: Path) -> tuple[list[list[str]], list[list[str]]]:
    """AFCD Release 2's foods per 100 g, and for each of its liquids a measure of 100 ml
    weighed from its per-100 mL sheet (the ratio of its values per 100 mL to per 100 g)."""
    solids = _sheet_rows(folder / AFCD_BOOK, "All solids & liquids per 100g")
    header = [_header(cell) for cell in solids[0]]
    at = {name: index for index, name in enumerate(header)}
    foods, by_key = [], {}
    for row in solids[1:]:
        if not row or row[0] is None:
            continue
        key = str(row[0]).strip()
        by_key[key] = row
        cells = {column: row[at[own]] for column, own in AFCD_COLUMNS.items() if own}
        group = str(row[at["Classification"]] or "").strip()
        foods.append(
            national_row(f"afcd:{key}", str(row[at["Food Name"]]).strip(), group, cells, AFCD,
                         kj=True)
        )  # fmt: skip
    measures = []
    liquids = _sheet_rows(folder / AFCD_BOOK, "Liquids only per 100mL")
    for row in liquids[2:]:  # a header, then a row of "per 100 mL"
        if not row or row[0] is None:
            continue
        per_g = by_key[str(row[0]).strip()]
        pairs = [
            (float(ml), float(g)) for ml, g in zip(row[3:], per_g[3:], strict=False)
            if isinstance(ml, (int, float)) and isinstance(g, (int, float)) and g > 0
        ]  # fmt: skip
        if pairs:  # summed: the larger values, the fewer rounding digits lost
            grams = 100 * sum(ml for ml, _ in pairs) / sum(g for _, g in pairs)
            measures.append([f"afcd:{row[0]}", "1", "100", "ml", format(round(grams, 1), "g")])
    return sorted(foods), sorted(measures)


def _fineli_csv(folder: Path, name: str) -> list[list[str]]:
    text = (folder / name).read_bytes().decode("latin-1")
    return [line.split(";") for line in text.splitlines()[1:] if line.strip()]


def fineli_rows(folder: Path) -> tuple[list[list[str]], list[list[str]]]:
    """Fineli 20's foods (English names, food use class as the group) and its portions."""
    names = {row[0]: row[1].strip() for row in _fineli_csv(folder, "foodname_EN.csv")}
    classes = {row[0]: row[1].strip() for row in _fineli_csv(folder, "fuclass_EN.csv")}
    units = {row[0]: row[1].strip() for row in _fineli_csv(folder, "foodunit_EN.csv")}
    wanted = {own: column for column, own in FINELI_COLUMNS.items() if own}
    values: dict[str, dict[str, object]] = {}
    for row in _fineli_csv(folder, "component_value.csv"):
        if row[1] in wanted:
            values.setdefault(row[0], {})[wanted[row[1]]] = row[2]
    foods = []
    for row in _fineli_csv(folder, "food.csv"):
        food_id = row[0]
        foods.append(
            national_row(f"fineli:{food_id}", names[food_id], classes.get(row[7], row[7]),
                         values.get(food_id, {}), FINELI, kj=True)
        )  # fmt: skip
    measures = []
    for seq, row in enumerate(_fineli_csv(folder, "foodaddunit.csv"), start=1):
        grams = float(row[2].replace(",", "."))
        if grams <= 0:
            continue
        amount, description = FINELI_UNITS.get(row[1], ("1", units.get(row[1], row[1])))
        measures.append([f"fineli:{row[0]}", str(seq), amount, description, format(grams, "g")])
    foods.sort(key=lambda r: int(r[0].split(":")[1]))
    return foods, sorted(measures, key=lambda r: (r[0], int(r[1])))


NATIONAL_BUILDERS = {"ciqual": ciqual_rows, "afcd": afcd_rows, "fineli": fineli_rows}


def national_tables(name: str, folder: Path) -> tuple[str, str]:
    """The text of foods_NAME.csv and measures_NAME.csv built from the raw files in FOLDER.

    Ids are written NAME:ID ("ciqual:19024", "afcd:F005634", "fineli:689"): each table's
    own ids collide with SR28's 5 digits and with one another's."""
    foods_rows, measure_rows = NATIONAL_BUILDERS[name](folder)
    foods = io.StringIO()
    writer = csv.writer(foods, lineterminator="\n")
    writer.writerow(FOOD_COLUMNS)
    writer.writerows(foods_rows)
    measures = io.StringIO()
    writer = csv.writer(measures, lineterminator="\n")
    writer.writerow(MEASURE_COLUMNS)
    # sorted by food_id as text, as the table looks measures up
    writer.writerows(sorted(measure_rows, key=lambda row: (row[0], int(row[1]))))
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
    outputs = {
        FOODS_OUT: foods,
        MEASURES_OUT: measures,
        GUIDELINES_OUT: fndds_guidelines(fndds_dir),
    }
    for name, folder in DEFAULT_NATIONAL.items():
        if not folder.is_dir():
            print(f"error: {folder} (the {name} table's raw files) not found", file=sys.stderr)
            return 2
        national_foods, national_measures = national_tables(name, folder)
        outputs[DATA_DIR / f"foods_{name}.csv"] = national_foods
        outputs[DATA_DIR / f"measures_{name}.csv"] = national_measures
    if check:
        stale = [
            path
            for path, text in outputs.items()
            if not path.is_file() or path.read_text("utf-8") != text
        ]
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
