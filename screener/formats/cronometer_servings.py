"""Cronometer's "Servings" export (Food & Recipe entries): one row per logged serving,
with the nutrients Cronometer computed for it. Those are used as logged; the food names
are not matched again.

Three generations of header are known: `Day,Food Name,Amount,Energy (kcal),…` (older,
dates may lack zero padding: 2011-4-18), `Day,Time,Group,Food Name,Amount,…` and
`Day,Group,Food Name,Amount,…,Category`.
"""

from __future__ import annotations

import re

import numpy as np

from ..models import MatchKind
from ..nutrients import VALUE_COLUMNS
from ..rows import (
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Row,
    RowParser,
    logged_columns,
    logged_values,
    required,
)
from ..units import AmountError, parse_amount
from . import cronometer

# People log protein shakes, protein powders, drink mixes and meal replacements in
# Cronometer's Supplements category. Those are food: a Supplements row counts as food
# when its name has one of these words, or when one serving brings at least
# FOOD_KCAL of energy (no pill or drop does; a gummy vitamin brings about 15).
FOOD_PRODUCT_WORDS = (
    "protein", "whey", "casein", "shake", "smoothie", "meal replacement", "drink mix",
    "drink", "bar", "gainer", "soylent", "huel", "ensure",
)  # fmt: skip
FOOD_KCAL = 50.0
_FOOD_PRODUCT = re.compile(r"\b(?:" + "|".join(map(re.escape, FOOD_PRODUCT_WORDS)) + r")s?\b", re.I)


def matches(header: list[str]) -> bool:
    names = set(header)
    return "food name" in names and "amount" in names and bool({"day", "date"} & names)


def is_supplement(category: str, food: str, energy_kcal: float) -> bool:
    """A row of the Supplements category that is not a food product (see above)."""
    if "supplement" not in category.lower():
        return False
    if _FOOD_PRODUCT.search(food):
        return False
    return not (energy_kcal >= FOOD_KCAL)  # unknown energy: a supplement


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, cronometer.COLUMNS)  # once per file, not per row
    # Older exports have no Category column; there a Group named Supplements says it.
    category = "category" if "category" in header else "group"

    def parse(record: Record) -> Row:
        food = required(record, "food name")
        amount_text = record.get("amount", "").strip()
        try:
            number, unit = parse_amount(amount_text)
        except AmountError:  # Cronometer's own text ("1.00 full recipe"); its values count
            number, unit = np.nan, ""
        values = logged_values(record, columns)
        supplement = is_supplement(
            record.get(category, ""), food, values.get("energy_kcal", np.nan)
        )
        return {
            "date": dates(record),
            "meal": record.get("group", "").strip() or None,
            "food": food,
            "match": MatchKind.LOGGED.value,
            "amount": amount_text,
            "unit": "",
            "number": number,  # grams where the amount is a mass
            "unit_key": unit,
            "source": "supplement" if supplement else "food",
            **values,
        }

    return parse


def notes(header: list[str], path: str) -> list[str]:
    found = {c.column for c in logged_columns(header, cronometer.COLUMNS)}
    missing = [c for c in VALUE_COLUMNS if c not in found and c != "water_g"]
    if missing:
        return [f"{path}: no column for {', '.join(missing)}: counted as unknown"]
    return []


FORMAT = DiaryFormat(
    kind=DiaryKind.CRONOMETER_SERVINGS,
    matches=matches,
    row_parser=row_parser,
    date_columns=cronometer.DATE_COLUMNS,
    notes=notes,
)
