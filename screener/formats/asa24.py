"""NIH's ASA24 (Automated Self-Administered 24-hour recall) analysis files, versions
2016 and 2020: nutrient values as ASA24 coded them from FNDDS, used as logged.

`Totals` has one row per recall (or record day) and person: `UserName`, `RecallNo` (a
food record's `RecordNo`, `RecordDayNo`), `IntakeStartDateTime` (the day recalled; a
record has `ReportingDate`), and a column per nutrient by its FNDDS code. `Items` has
one row per food, with its `FoodCode`, `Food_Description` and `FoodAmt` in grams.
`UserName` is the person. ASA24's units are FNDDS's: mg, µg for `VB12` and `VITD`, g of
water for `MOIS`, kcal for `KCAL`.

Supplements come in their own files, with the same identifying columns and nutrient
codes: `TS`, one row per recall day with supplements (`NumSuppls`, the day's supplement
totals), and `INS`, one row per supplement taken (`SupplNum`, `SupplCode`, `SupplUnit`,
`SupplAmount`, `Suppl_Description`). Both are read as supplement rows, values as
logged, to be added to the food of the same person's recalls (batch pairs them with
the study's Totals or Items file). `TNS` holds food and supplements summed together
(`NumFoods` beside `NumSuppls`): the food cannot be told from the supplements there, so
it is not read; Totals plus TS is the same sum, kept apart.
"""

from __future__ import annotations

import numpy as np

from ..models import MatchKind, RejectReason
from ..nutrients import NUTRIENTS, ROW_MOST_GRAMS, Nutrient
from ..rows import (
    MONTH_FIRST,
    ColumnPatterns,
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Reject,
    Row,
    RowParser,
    Skip,
    daily_total_row,
    logged_columns,
    logged_number,
    logged_values,
    required,
)

# ASA24's nutrient variables (its researcher data dictionary), in our units already.
COLUMNS: ColumnPatterns = {
    "energy_kcal": [("kcal", 1.0)],
    "water_g": [("mois", 1.0)],
    "caffeine_mg": [("caff", 1.0)],
    NUTRIENTS[Nutrient.MAGNESIUM].column: [("magn", 1.0)],
    NUTRIENTS[Nutrient.CALCIUM].column: [("calc", 1.0)],
    NUTRIENTS[Nutrient.THIAMIN].column: [("vb1", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_B6].column: [("vb6", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_B12].column: [("vb12", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_D].column: [("vitd", 1.0)],
    NUTRIENTS[Nutrient.POTASSIUM].column: [("pota", 1.0)],
    NUTRIENTS[Nutrient.SODIUM].column: [("sodi", 1.0)],
}

# The day a recall is of; a food record's day is the day it was reported.
DATE_COLUMNS = ("intakestartdatetime", "reportingdate")
RECALL_COLUMNS = ("recallno", "recordno")
ITEM_COLUMNS = {"foodcode", "food_description", "foodamt"}


def _is_asa24(header: list[str]) -> bool:
    names = set(header)
    return (
        "username" in names
        and bool(set(RECALL_COLUMNS) & names)
        and bool(set(DATE_COLUMNS) & names)
        and len(logged_columns(header, COLUMNS)) > 2
    )


def has_supplements(header: list[str]) -> bool:
    """An ASA24 file of supplements (TS, INS) or of food and supplements together (TNS):
    a column of supplements (`NumSuppls`, `SupplNum`, `Suppl_Description`, …)."""
    return any("suppl" in name for name in header)


# INS: a row per supplement; TS: a row per day, with the number of supplements summed
SUPPLEMENT_ROWS = "supplnum"
SUPPLEMENT_DAYS = "numsuppls"


def supplements_match(header: list[str]) -> bool:
    """A TS or INS file: supplements alone (TNS, with `NumFoods`, is food too)."""
    names = set(header)
    return (
        _is_asa24(header)
        and "numfoods" not in names
        and not ITEM_COLUMNS & names
        and bool({SUPPLEMENT_ROWS, SUPPLEMENT_DAYS} & names)
    )


def totals_match(header: list[str]) -> bool:
    return _is_asa24(header) and not ITEM_COLUMNS & set(header) and not has_supplements(header)


def items_match(header: list[str]) -> bool:
    return _is_asa24(header) and set(header) >= ITEM_COLUMNS and not has_supplements(header)


def refused(header: list[str]) -> bool:
    """An ASA24 analysis file screener does not read: TNS (see has_supplements)."""
    return _is_asa24(header) and has_supplements(header) and not supplements_match(header)


SUPPLEMENTS_INSTEAD = (
    "an ASA24 TNS file (food and supplements summed together, which cannot be told "
    "apart): screen the study's Totals (or Items) file, with its TS file for the "
    "supplements (screener batch FOLDER pairs them)"
)


def _recall(record: Record) -> str:
    """'recall 2', 'record 1 day 3': which recall of the person the row is of."""
    if record.get("recallno", "").strip():
        return f"recall {record['recallno'].strip()}"
    number = required(record, "recordno")
    day = record.get("recorddayno", "").strip()
    return f"record {number}" + (f" day {day}" if day else "")


def totals_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, COLUMNS)

    def parse(record: Record) -> Row:
        date = dates(record)
        values = logged_values(record, columns)
        if all(np.isnan(value) for value in values.values()):
            why = f"{date}: nothing recalled (every value blank)"
            raise Skip(RejectReason.EMPTY_DAY, "date", date, why)
        food = f"(daily total, {_recall(record)})"
        return daily_total_row(date, food, values, user=required(record, "username"))

    return parse


def _logged_row(
    record: Record,
    date: str,
    food: str,
    amount: tuple[str, str, float],
    source: str,
    values: dict[str, float],
) -> Row:
    """A row of an Items or supplements file: one food or supplement of UserName's
    recall, its AMOUNT (text, unit, grams) and its VALUES as ASA24 coded them."""
    text, unit, grams = amount
    return {
        "date": date,
        "user": required(record, "username"),
        "meal": record.get("occ_name", "").strip() or None,
        "food": food,
        "match": MatchKind.LOGGED.value,
        "amount": text,
        "unit": unit,
        "grams": grams,
        "source": source,
        **values,
    }


def items_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, COLUMNS)

    def parse(record: Record) -> Row:
        date = dates(record)
        text = required(record, "foodamt")
        grams = logged_number(text, "FoodAmt", "g")
        if np.isnan(grams):
            raise Reject(RejectReason.BAD_AMOUNT, "foodamt", text, f"FoodAmt {text!r} is no number")
        if grams > ROW_MOST_GRAMS:
            raise Reject(
                RejectReason.BAD_AMOUNT, "foodamt", text,
                f"FoodAmt {text!r}: more grams than a day's food and drink",
            )  # fmt: skip
        values = logged_values(record, columns)
        code = record.get("foodcode", "").strip()
        food = record.get("food_description", "").strip() or code
        if not food:
            raise Reject(RejectReason.MISSING_VALUE, "food_description", "", "no food")
        return _logged_row(record, date, food, (text, "g", grams), "food", values)

    return parse


def supplements_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, COLUMNS)
    per_supplement = SUPPLEMENT_ROWS in header

    def parse(record: Record) -> Row:
        date = dates(record)
        values = logged_values(record, columns)
        if per_supplement:
            what = record.get("suppl_description", "").strip()
            food = what or f"supplement {record.get('supplcode', '').strip()}".strip()
            amount = record.get("supplamount", "").strip()
            unit = record.get("supplunit", "").strip()
        else:
            count = record.get(SUPPLEMENT_DAYS, "").strip()
            food = f"(supplements of the day, {_recall(record)}" + (
                f", {count} taken)" if count else ")"
            )
            amount, unit = "1", "day"
        return _logged_row(record, date, food, (amount, unit, np.nan), "supplement", values)

    return parse


def notes(header: list[str], path: str) -> list[str]:
    return [f"{path}: an ASA24 Totals file has no foods, so contributors cannot be shown"]


def _asa24_format(kind: DiaryKind, **more) -> DiaryFormat:
    """An ASA24 analysis file's format: its day in DATE_COLUMNS, a US date."""
    return DiaryFormat(kind=kind, date_columns=DATE_COLUMNS, date_order=MONTH_FIRST, **more)


TOTALS = _asa24_format(
    DiaryKind.ASA24_TOTALS, matches=totals_match, row_parser=totals_parser, has_foods=False,
    notes=notes,
)  # fmt: skip
SUPPLEMENTS = _asa24_format(
    DiaryKind.ASA24_SUPPLEMENTS, matches=supplements_match, row_parser=supplements_parser,
    has_foods=False,
)  # fmt: skip
ITEMS = _asa24_format(DiaryKind.ASA24_ITEMS, matches=items_match, row_parser=items_parser)
