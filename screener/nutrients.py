"""The one place that says what each nutrient is: key, name, unit, food-table column.

Everything else in screener (the food table builder, the reference table, scoring, the
report renderers, the Cronometer reader) looks nutrients up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Nutrient(StrEnum):
    """Nutrient keys, in the order the report lists them."""

    MAGNESIUM = "magnesium"
    CALCIUM = "calcium"
    THIAMIN = "thiamin"
    VITAMIN_B6 = "vitamin_b6"
    VITAMIN_B12 = "vitamin_b12"
    VITAMIN_D = "vitamin_d"
    POTASSIUM = "potassium"
    SODIUM = "sodium"


@dataclass(frozen=True)
class NutrientInfo:
    key: Nutrient
    name: str  # display name
    unit: str  # display unit, as printed (µg with the micro sign)
    column: str  # column in foods.csv (ASCII: ug for µg)
    sr28_number: str  # Nutr_No in USDA SR28
    group: str  # the line the report groups it under


NUTRIENTS: dict[Nutrient, NutrientInfo] = {
    info.key: info
    for info in (
        NutrientInfo(Nutrient.MAGNESIUM, "Magnesium", "mg", "magnesium_mg", "304", "magnesium"),
        NutrientInfo(Nutrient.CALCIUM, "Calcium", "mg", "calcium_mg", "301", "calcium"),
        NutrientInfo(Nutrient.THIAMIN, "Thiamin (B1)", "mg", "thiamin_mg", "404", "B vitamins"),
        NutrientInfo(Nutrient.VITAMIN_B6, "Vitamin B6", "mg", "vitamin_b6_mg", "415", "B vitamins"),
        NutrientInfo(
            Nutrient.VITAMIN_B12, "Vitamin B12", "µg", "vitamin_b12_ug", "418", "B vitamins"
        ),
        NutrientInfo(Nutrient.VITAMIN_D, "Vitamin D", "µg", "vitamin_d_ug", "328", "vitamin D"),
        NutrientInfo(Nutrient.POTASSIUM, "Potassium", "mg", "potassium_mg", "306", "potassium"),
        NutrientInfo(Nutrient.SODIUM, "Sodium", "mg", "sodium_mg", "307", "sodium"),
    )
}

# Other food-table values the report uses (energy for incomplete days, caffeine for the
# "beyond nutrients" notes), with their SR28 numbers and units.
EXTRA_COLUMNS: dict[str, tuple[str, str]] = {
    "energy_kcal": ("208", "kcal"),
    "water_g": ("255", "g"),
    "caffeine_mg": ("262", "mg"),
}

# The same values' columns in the FNDDS 2017-2018 "FNDDS Nutrient Values" workbook, as
# its header writes them (runs of white space, line breaks among them, read as one space).
FNDDS_HEADERS: dict[str, str] = {
    "energy_kcal": "Energy (kcal)",
    "water_g": "Water (g)",
    "caffeine_mg": "Caffeine (mg)",
    "magnesium_mg": "Magnesium (mg)",
    "calcium_mg": "Calcium (mg)",
    "thiamin_mg": "Thiamin (mg)",
    "vitamin_b6_mg": "Vitamin B-6 (mg)",
    "vitamin_b12_ug": "Vitamin B-12 (mcg)",
    "vitamin_d_ug": "Vitamin D (D2 + D3) (mcg)",
    "potassium_mg": "Potassium (mg)",
    "sodium_mg": "Sodium (mg)",
}

# The food tables screener bundles, by the name every output gives them.
SR28 = "SR28"
FNDDS = "FNDDS 2017-2018"
CIQUAL = "CIQUAL 2020"
AFCD = "AFCD Release 2"
FINELI = "Fineli 20"
TABLE_TITLES: dict[str, str] = {
    SR28: "USDA SR28",
    FNDDS: "USDA FNDDS 2017-2018",
    CIQUAL: "ANSES CIQUAL 2020",
    AFCD: "FSANZ AFCD Release 2",
    FINELI: "THL Fineli 20",
}
# What --table chooses: each name -> the sources (foods.csv `source`) it holds. `usda` is
# the default: foods.csv as it always was. A national table lives in its own files
# (screener/data/foods_NAME.csv, measures_NAME.csv), read only when chosen, with its ids
# written as NAME:ID (its own ids collide with SR28's 5 digits and with one another).
FOOD_TABLES: dict[str, tuple[str, ...]] = {
    "usda": (SR28, FNDDS),
    "ciqual": (CIQUAL,),
    "afcd": (AFCD,),
    "fineli": (FINELI,),
}
DEFAULT_FOOD_TABLE = "usda"
# The credit each table's licence asks for, said in every report that used the table.
TABLE_CREDITS: dict[str, str] = {
    CIQUAL: "Anses. 2020. Ciqual French food composition table. https://ciqual.anses.fr/ "
    "(Etalab Open Licence 2.0)",
    AFCD: "Food Standards Australia New Zealand (FSANZ), Australian Food Composition "
    "Database - Release 2 (CC BY 4.0)",
    FINELI: "Finnish Institute for Health and Welfare (THL), Fineli Finnish food "
    "composition database, Release 20 (CC BY 4.0)",
}

# SR28 gives vitamin D for some foods only in IU (nutrient 324).
SR28_VITAMIN_D_IU = "324"
IU_PER_UG_VITAMIN_D = 40.0

NUTRIENT_COLUMNS: list[str] = [info.column for info in NUTRIENTS.values()]
VALUE_COLUMNS: list[str] = [*EXTRA_COLUMNS, *NUTRIENT_COLUMNS]
VALUE_UNITS: dict[str, str] = {
    **{column: unit for column, (_, unit) in EXTRA_COLUMNS.items()},
    **{info.column: info.unit for info in NUTRIENTS.values()},
}

# The most a food holds per 100 g, per value column: USDA SR28's own maxima (foods.csv),
# rounded up (energy: beef tallow 902 kcal; sodium: table salt 38,758 mg; vitamin D: cod
# liver oil 250 µg ...). A row of a diary weighs at most ROW_MOST_GRAMS (a daily summary
# row: a day's food and drink, with a margin), so a value an export carries beyond
# VALUE_LIMITS is no food's (a `1e308` in a cell): its row is rejected, never scored.
RICHEST_PER_100G: dict[str, float] = {
    "energy_kcal": 1000.0,
    "water_g": 100.0,
    "caffeine_mg": 6000.0,
    "magnesium_mg": 800.0,
    "calcium_mg": 7500.0,
    "thiamin_mg": 25.0,
    "vitamin_b6_mg": 15.0,
    "vitamin_b12_ug": 100.0,
    "vitamin_d_ug": 250.0,
    "potassium_mg": 16500.0,
    "sodium_mg": 40000.0,
}
ROW_MOST_GRAMS = 10_000.0
VALUE_LIMITS: dict[str, float] = {
    column: most * ROW_MOST_GRAMS / 100 for column, most in RICHEST_PER_100G.items()
}
