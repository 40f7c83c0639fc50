"""A MyFitnessPal food diary: one row per logged food. MyFitnessPal itself exports only
meal totals; people get food-level diaries from its printable diary, by hand or with a
scraper, so the layouts vary. Three are known:

- `Date,Entry,Item,Amount,Calories,Carbs,Fat,Protein,Cholest,Sodium,Sugars,Fiber`,
  dates "January 1, 2019", values with units (`552mg`, `"3,436mg"`, `--mg`);
- `,date,meal time,food name,calories,…,sodium,…` (an unnamed index column first; the
  serving inside the name: `"Brand - Food, 1 cookie"`);
- `Date,Meal,Food,Serving,Calories,…,Sodium (mg),…`.

The values the diary carries (energy, sodium; potassium and calcium where present) are
used as logged. Items are written `Brand - Food`: the food part is matched to the food
table for the nutrients the diary lacks, through the amount (`4.8 oz`, `2 serving(s)`,
`0.5 cup (78g)`). A row whose food or amount cannot be matched keeps its own values, and
its other nutrients are unknown.
"""

from __future__ import annotations

import re

from ..rows import (
    MONTH_FIRST,
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Row,
    RowParser,
    food_row,
    logged_columns,
    logged_values,
    required,
)
from ..units import AmountError, parse_amount
from . import labels

FOOD_COLUMNS = ("item", "food name", "food")
MEAL_COLUMNS = ("entry", "meal time", "meal")
AMOUNT_COLUMNS = ("amount", "serving", "quantity")


# A food diary has food values beside the calories (its exercise diary has minutes).
FOOD_VALUES = re.compile(r"(?:carb|fat|protein|sodium|sugar|fiber|fibre|cholest)", re.I)


def matches(header: list[str]) -> bool:
    names = set(header)
    return (
        "date" in names
        and "calories" in names
        and any(c in names for c in FOOD_COLUMNS)
        and any(FOOD_VALUES.match(name) for name in header)
    )


def _is_amount(text: str) -> bool:
    try:
        parse_amount(text)
    except AmountError:
        return False
    return True


def split_item(item: str, amount: str) -> tuple[str, str, str]:
    """(name, food to match, amount) of a diary item: the serving moves out of the name
    when the amount is not a quantity ("Onions, raw, 0.5 cup" with amount "chopped"), and
    the brand is left out of what is matched ("Brand - Food" -> "Food")."""
    name = item
    if not _is_amount(amount):
        head, comma, tail = item.rpartition(",")
        if comma and _is_amount(tail):
            name, amount = head.strip(), tail.strip()
    brand, dash, food = name.partition(" - ")
    return name, (food.strip() if dash and brand.strip() and food.strip() else name), amount


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, labels.COLUMNS)
    food_column = next(c for c in FOOD_COLUMNS if c in header)
    meal_column = next((c for c in MEAL_COLUMNS if c in header), None)
    amount_column = next((c for c in AMOUNT_COLUMNS if c in header), None)

    def parse(record: Record) -> Row:
        date = dates(record)
        written_amount = record.get(amount_column, "").strip() if amount_column else ""
        name, food, amount = split_item(required(record, food_column), written_amount)
        meal = (record.get(meal_column, "").strip() or None) if meal_column else None
        return food_row(date, meal, name, amount, "", logged_values(record, columns), food)

    return parse


FORMAT = DiaryFormat(
    kind=DiaryKind.MFP_DIARY,
    matches=matches,
    row_parser=row_parser,
    date_order=MONTH_FIRST,  # a US app
    notes=labels.percent_note,
)
