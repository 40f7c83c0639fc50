"""MyFitnessPal's own export, the "Nutrition Summary" (`Nutrition-Summary-….csv` in the
File-Export zip): one row per meal (or per meal and time) with the meal's totals.

`Date,Meal[,Time],Calories,Fat (g),…,Cholesterol,Sodium (mg),Potassium,…,Vitamin A,
Vitamin C,Calcium,Iron[,Note]`; dates YYYY-MM-DD; meal names are the person's own.
Sodium and potassium are mg; calcium is % of the label Daily Value (see labels.py). It
has no food names, so magnesium, the B vitamins and vitamin D are unknown.
"""

from __future__ import annotations

import numpy as np

from ..models import MatchKind, RejectReason
from ..nutrients import NUTRIENTS
from ..rows import (
    MONTH_FIRST,
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Reject,
    Row,
    RowParser,
    Skip,
    logged_columns,
    logged_values,
    required,
)
from . import labels

FOOD_COLUMNS = {"food", "item", "food name", "name"}


def matches(header: list[str]) -> bool:
    names = set(header)
    return {"date", "meal", "calories"} <= names and not (FOOD_COLUMNS & names)


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, labels.COLUMNS)
    in_note = [False]  # the line before was a row with a note, or a line of its note

    def parse(record: Record) -> Row:
        try:
            date = dates(record)
        except Reject:
            # MyFitnessPal writes a note of several lines unquoted: the lines after the
            # first are records of their own, each without a date.
            if in_note[0]:
                text = next(iter(record.values()), "")
                raise Skip(
                    RejectReason.NOTE_TEXT, "note", text, "a line of the note above"
                ) from None
            raise
        in_note[0] = bool(record.get("note", "").strip())
        meal = required(record, "meal")
        return {
            "date": date,
            "meal": meal,
            "food": f"({meal})",
            "match": MatchKind.LOGGED.value,
            "amount": "1",
            "unit": "meal",
            "grams": np.nan,
            "source": "food",
            **logged_values(record, columns),
        }

    return parse


def notes(header: list[str], path: str) -> list[str]:
    found = {c.column for c in logged_columns(header, labels.COLUMNS)}
    unknown = [info.name for info in NUTRIENTS.values() if info.column not in found]
    said = [
        f"{path}: a MyFitnessPal nutrition summary has meal totals, no foods: "
        f"{', '.join(unknown)} cannot be known from it. MyFitnessPal writes 0 where an "
        "entry has no value, so a 0 may mean 'not entered'."
    ]
    return said + labels.percent_note(header, path)


FORMAT = DiaryFormat(
    kind=DiaryKind.MFP_SUMMARY,
    matches=matches,
    row_parser=row_parser,
    date_order=MONTH_FIRST,  # a US app
    has_foods=False,
    free_text_columns=("note",),
    notes=notes,
)
