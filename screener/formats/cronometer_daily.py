"""Cronometer's daily summary export (`dailysummary.csv`): one row of nutrient totals
per date, `Date,Energy (kcal),…,Completed`.

Cronometer writes a row for every date of the chosen range, and a date the person did
not log has every nutrient cell blank: such a row is not a day of zero intake, it is
listed as an empty date. Some exports have a `Group` column with a row per meal and a
`Total` row per date: the Total row is the day, the meal rows are its parts.
"""

from __future__ import annotations

import numpy as np

from ..models import RejectedRow, RejectReason
from ..rows import (
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Row,
    RowParser,
    Skip,
    daily_total_row,
    logged_columns,
    logged_values,
)
from . import cronometer

TOTAL = "total"


def matches(header: list[str]) -> bool:
    names = set(header)
    return (
        bool({"date", "day"} & names)
        and "energy (kcal)" in names
        and len(logged_columns(header, cronometer.COLUMNS)) > 2
    )


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, cronometer.COLUMNS)
    has_group = "group" in header

    def parse(record: Record) -> Row:
        date = dates(record)
        values = logged_values(record, columns)
        if all(np.isnan(value) for value in values.values()):
            raise Skip(
                RejectReason.EMPTY_DAY, "date", date, f"{date}: nothing logged (every value blank)"
            )
        group = record.get("group", "").strip() if has_group else ""
        food = "(daily total)" if not group or group.lower() == TOTAL else group
        return daily_total_row(date, food, values, meal=group or None)

    return parse


def settle(rows: list[Row]) -> tuple[list[Row], list[RejectedRow]]:
    """Where a date has a Total row, its meal rows are parts of it: listed, not added."""
    with_total = {row["date"] for row in rows if str(row["meal"] or "").lower() == TOTAL}
    kept, parts = [], []
    for row in rows:
        if row["date"] in with_total and str(row["meal"] or "").lower() != TOTAL:
            parts.append(
                RejectedRow(
                    line=int(row["line"]),  # type: ignore[call-overload]
                    reason=RejectReason.SUBTOTAL,
                    column="group",
                    value=str(row["meal"]),
                    message=f"{row['date']} {row['meal']}: part of the date's Total row",
                )
            )
        else:
            kept.append(row)
    return kept, parts


def notes(header: list[str], path: str) -> list[str]:
    return [f"{path}: a daily-summary export has no foods, so contributors cannot be shown"]


FORMAT = DiaryFormat(
    kind=DiaryKind.CRONOMETER_DAILY,
    matches=matches,
    row_parser=row_parser,
    date_columns=cronometer.DATE_COLUMNS,
    has_foods=False,
    settle=settle,
    notes=notes,
)
