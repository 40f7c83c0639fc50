"""LoseIt's food log: the weekly "Export to spreadsheet" (`WeeklySummary….csv`) and the
`food-logs.csv` of the full data export.

`Date,Name[,Icon],Type,Quantity,Units,Calories[,Deleted],Fat (g),Protein (g),
Carbohydrates (g),Saturated Fat (g),Sugars (g),Fiber (g),Cholesterol (mg),Sodium (mg)`;
newer exports name `Type` `Meal`. US dates (MM/DD/YYYY), `n/a` for no value, `"1,656"`.
Energy and sodium are used as logged; the food name is matched to the food table for the
rest, through Quantity and Units (`1.5 Each`, `4.0 Servings`, `3 Ounces`). Entries marked
Deleted, and the exercise and calorie-bonus lines some exports mix in, are listed, not
used.
"""

from __future__ import annotations

import re

from ..models import RejectReason
from ..rows import (
    MONTH_FIRST,
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Row,
    RowParser,
    Skip,
    food_row,
    logged_columns,
    logged_values,
    required,
)
from . import labels

MEAL_COLUMNS = ("meal", "type")
# Lines of the food log that are not food: LoseIt writes exercise and calorie
# adjustments there ("Calorie Burn Bonus", "HealthKit Workout", "Steps Calorie Bonus").
NOT_FOOD_TYPES = {"exercise", "exercises"}
NOT_FOOD_NAME = re.compile(r"\b(?:calorie (?:burn )?bonus|workout|exercise)\b", re.I)
TRUE_WORDS = {"true", "yes", "1", "y", "t"}


def matches(header: list[str]) -> bool:
    names = set(header)
    return {"date", "name", "calories"} <= names and bool({"quantity", "units"} & names)


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, labels.COLUMNS)
    meal_column = next((c for c in MEAL_COLUMNS if c in header), None)

    def parse(record: Record) -> Row:
        date = dates(record)
        name = required(record, "name")
        meal = (record.get(meal_column, "").strip() or None) if meal_column else None
        if record.get("deleted", "").strip().lower() in TRUE_WORDS:
            raise Skip(RejectReason.DELETED_ENTRY, "deleted", name, f"{name}: deleted in LoseIt")
        calories = record.get("calories", "").strip()
        if (
            (meal or "").lower() in NOT_FOOD_TYPES
            or NOT_FOOD_NAME.search(name)
            or calories.startswith("-")
        ):
            raise Skip(RejectReason.NOT_FOOD, "name", name, f"{name}: exercise, not food")
        quantity = record.get("quantity", "").strip()
        units = record.get("units", "").strip()
        return food_row(date, meal, name, quantity, units, logged_values(record, columns))

    return parse


FORMAT = DiaryFormat(
    kind=DiaryKind.LOSEIT,
    matches=matches,
    row_parser=row_parser,
    date_order=MONTH_FIRST,
)
