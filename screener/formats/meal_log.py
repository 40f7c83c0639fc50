"""The meal log: screener's own format (date, meal, food or food_id, amount, unit)."""

from __future__ import annotations

import numpy as np

from ..models import MatchKind, RejectReason
from ..nutrients import NUTRIENTS, VALUE_COLUMNS, VALUE_UNITS
from ..rows import (
    EXPORT_ONLY,
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Reject,
    Row,
    RowParser,
    logged_number,
    plausible_value,
    required,
    said_amount_row,
)
from ..supplements import nutrient_of, to_nutrient_unit
from ..units import AmountError, parse_amount

# A meal-log food written "supplement: magnesium citrate" is a supplement: its amount
# is of the nutrient itself ("200 mg", "1000 IU").
SUPPLEMENT_PREFIX = "supplement:"


# A column whose header says grams: its number is grams ("150" there is 150 g).
GRAMS_COLUMNS = ("grams", "amount (g)", "amount_g", "weight (g)", "weight_g", "g")
# The meal log's own columns (and our import's): a file with only these is a meal log
# even without an amount column (each food then takes its usual portion).
OWN_COLUMNS = {
    "date", "meal", "user", "food", "food_id", "amount", "unit", "line", "name", "match",
    "score", "alternatives", "flag", "source", "amount_assumed", "time", "notes", "note",
    *GRAMS_COLUMNS, *VALUE_COLUMNS,
}  # fmt: skip


def matches(header: list[str]) -> bool:
    names = set(header)
    if "date" not in names or not {"food", "food_id"} & names:
        return False
    return "amount" in names or any(c in names for c in GRAMS_COLUMNS) or names <= OWN_COLUMNS


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    own_values = [column for column in VALUE_COLUMNS if column in header]
    has_users = "user" in header
    # the amount column; without one, a column of grams (its header says so)
    grams_column = (
        None if "amount" in header else next((c for c in GRAMS_COLUMNS if c in header), None)
    )

    def parse(record: Record) -> Row:
        date = dates(record)
        food = record.get("food", "").strip()
        if food.lower().startswith(SUPPLEMENT_PREFIX):
            return _supplement_row(record, date, food, has_users)
        food_id_text = record.get("food_id", "").strip()
        if not food and not food_id_text:
            raise Reject(RejectReason.MISSING_VALUE, "food", "", "no food or food_id")
        logged = {}
        for column in own_values:
            text = record.get(column, "")
            number = logged_number(text, column, VALUE_UNITS[column])
            logged[column] = plausible_value(number, column, column, text)
        has_values = any(not np.isnan(value) for value in logged.values())
        amount = record.get("amount", "").strip()
        unit = record.get("unit", "").strip()
        if grams_column is not None and record.get(grams_column, "").strip():
            amount, unit = record[grams_column].strip(), "g"  # grams, as the header says
        row: Row = {
            "date": date,
            "meal": record.get("meal", "").strip() or None,
            "user": required(record, "user") if has_users else None,
            "food": food or food_id_text,
            "food_id": food_id_text or None,
            "amount": amount,
            "unit": unit,
            "source": "supplement" if record.get("source", "").strip() == "supplement" else "food",
            **said_amount_row(food, amount, unit, has_values),
            **logged,
        }
        # Our own import output: keep the source line and how the food was first matched.
        if record.get("line", "").strip().isdigit():
            row["line"] = int(record["line"])
        first_match = record.get("match", "").strip()
        if food_id_text and first_match in set(MatchKind) - {MatchKind.LOGGED}:
            row["first_match"] = first_match
            row["first_score"] = logged_number(record.get("score", ""), "score")
            row["alternatives"] = record.get("alternatives", "").strip() or None
        elif has_values:
            # The row's own values, without a food to match: used as logged.
            row["match"] = MatchKind.LOGGED.value
            if record.get("flag", "").startswith(EXPORT_ONLY):  # why, as first found
                row["flag"] = record["flag"]
        return row

    return parse


def _supplement_row(record: Record, date: str, food: str, has_users: bool) -> Row:
    what = food[len(SUPPLEMENT_PREFIX) :].strip()
    nutrient = nutrient_of(what)
    if nutrient is None:
        raise Reject(
            RejectReason.UNKNOWN_NUTRIENT, "food", food,
            f"supplement {what!r}: no nutrient screener knows in its name",
        )  # fmt: skip
    amount_text = required(record, "amount")
    try:
        number, unit = parse_amount(amount_text)
    except AmountError as error:
        raise Reject(RejectReason.BAD_AMOUNT, "amount", amount_text, str(error)) from None
    unit = unit or record.get("unit", "").strip()
    amount = to_nutrient_unit(nutrient, number, unit)
    if amount is None:
        raise Reject(
            RejectReason.UNKNOWN_UNIT, "unit", unit,
            f"unit {unit!r} does not fit {nutrient.value} (use mg, µg, or IU for vitamin D)",
        )  # fmt: skip
    column = NUTRIENTS[nutrient].column
    amount = plausible_value(amount, column, "amount", amount_text)
    return {
        "date": date,
        "meal": record.get("meal", "").strip() or None,
        "user": required(record, "user") if has_users else None,
        "food": food,
        "match": MatchKind.LOGGED.value,
        "amount": amount_text,
        "unit": record.get("unit", "").strip(),
        "grams": np.nan,
        "source": "supplement",
        column: amount,
    }


FORMAT = DiaryFormat(kind=DiaryKind.MEAL_LOG, matches=matches, row_parser=row_parser)
