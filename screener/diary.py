"""Reading diary files into rows: what every format shares.

A format module (`screener/formats/`) recognises its header and turns each record into a
row; this module reads the file, decides the date order of the whole date column, parses
the cells apps write (`552mg`, `"3,436"`, `n/a`), matches food names to the food table,
fills nutrient amounts, and keeps the accounts.

Every data line of the file ends as a row (with the food and grams it became), as a
RejectedRow with its line number and reason, or as a skipped row (a line that is not an
entry: a day with nothing logged, an entry deleted in the app):
`len(rows) + len(rejected) + len(skipped) == data_lines` always holds.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from .csvfile import decode, delimiter_of, read_bytes, records
from .errors import DataFileError, ScreenerError
from .foods import FoodTable, default_foods
from .matching import GUESSED, resolve_names
from .models import AssumedRow, DaysChosen, MatchKind, RejectedRow, RejectReason, Resolution
from .nutrients import ROW_MOST_GRAMS, VALUE_COLUMNS, VALUE_LIMITS, VALUE_UNITS
from .supplements import not_food
from .units import (
    MASS_G,
    AmountError,
    Measures,
    NoAmountError,
    UnitError,
    canonical_unit,
    is_mass,
    parse_amount,
    split_amount,
    written_grams,
)
from .zipped import diary_in_zip, is_zip

# What is implausible, in one place: such a row is still used, as written, and every
# output says it (the report's table, JSON and page, stderr, --details and import's
# `flag`). A row that weighs more than IMPLAUSIBLE_GRAMS; a date before EARLIEST_DATE,
# after today, or more than FAR_DAYS from every other date of the diary (a 2099 typo in
# a 2026 diary; a diary logged for years has no such gap).
IMPLAUSIBLE = "implausible"
IMPLAUSIBLE_GRAMS = 3000.0
# An amount said in a unit that is no weight ("40 cups", "30 slices") cannot be meant
# when it comes to more than IMPLAUSIBLE_GRAMS, or to more than MAX_PORTIONS of the
# food's largest measure: the row is refused with the reason. Grams a person writes are
# taken as written (and flagged beyond IMPLAUSIBLE_GRAMS): they are a weighed amount.
MAX_PORTIONS = 20
EARLIEST_DATE = dt.date(1970, 1, 1)
FAR_DAYS = 366
# A day of one person with more rows than this, or more grams than a day's food and
# drink (nutrients.ROW_MOST_GRAMS, 10 kg), is implausible: each of its rows is flagged
# (one day pasted 10,000 times). A heavy day of logging has some 60 rows.
IMPLAUSIBLE_DAY_ROWS = 200

ROW_COLUMNS = [
    "line", "date", "meal", "user", "food", "food_id", "name", "table", "match", "score",
    "alternatives", "amount", "unit", "grams", "amount_assumed", "flag", "source",
    "values_from",
    *VALUE_COLUMNS,
]  # fmt: skip
# `table`: the food table the matched food is from (foods.csv's `source`: SR28, FNDDS
# 2017-2018, or a person's own file); `source`: whether the row is food or a supplement


class DiaryKind(StrEnum):
    """Every format screener reads, by the name a person knows it by."""

    MEAL_LOG = "meal log"
    CRONOMETER_SERVINGS = "Cronometer servings export"
    CRONOMETER_DAILY = "Cronometer daily summary export"
    MFP_SUMMARY = "MyFitnessPal nutrition summary export"
    MFP_DIARY = "MyFitnessPal food diary"
    LOSEIT = "LoseIt food log export"


class ValueSource(StrEnum):
    """Where a nutrient's known values came from."""

    EXPORT = "export"  # as logged in the diary file
    FOOD_TABLE = "food table"  # the matched food's values x grams
    BOTH = "export and food table"
    NONE = "none"  # no known value: unknown, never zero


class DiaryRejectedError(ScreenerError, ValueError):
    """--strict: the diary has rows that could not be used, so nothing is written."""

    def __init__(self, path: str, rejected: list[RejectedRow]) -> None:
        self.path = path
        self.rejected = rejected
        super().__init__(path)

    def __str__(self) -> str:
        return (
            f"{self.path}: {len(self.rejected)} row(s) could not be used, and --strict "
            "allows none (first: line "
            f"{self.rejected[0].line}: {self.rejected[0].message})"
        )


class NoUsableRowsError(DataFileError):
    def __init__(self, path: str, rejected: list[RejectedRow]) -> None:
        self.rejected = rejected
        problem = "no usable rows"
        if rejected:
            problem += f" ({len(rejected)} rejected; first: line {rejected[0].line}: "
            problem += f"{rejected[0].message})"
        super().__init__(path, problem)


@dataclass
class DiaryRead:
    """What a diary file became."""

    path: str
    kind: DiaryKind
    rows: pd.DataFrame  # ROW_COLUMNS; nutrient columns are amounts in the row
    rejected: list[RejectedRow]
    data_lines: int
    resolutions: list[Resolution] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    has_users: bool = False
    skipped: list[RejectedRow] = field(default_factory=list)  # lines that are not entries
    has_foods: bool = True  # False for exports of totals (no contributors to show)
    # True where a row's value came from the export (rows' index, VALUE_COLUMNS)
    logged: pd.DataFrame | None = None
    days_chosen: DaysChosen | None = None  # where only some days are screened

    @property
    def users(self) -> list[str]:
        return sorted(set(self.rows["user"].dropna())) if self.has_users else []


# --- dates ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# 1/2/2019, 01-02-19, 1.2.2019, with an optional time after it (Excel re-saves add one)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[T ,].*)?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
# "January 1, 2019", "Jan 1 2019", "Tue, Jan 1, 2019"; and "1 January 2019", "1-Jan-2019"
_MONTH_FIRST = re.compile(
    r"^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I
)
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$", re.I)

DAY_FIRST = "day/month/year"
MONTH_FIRST = "month/day/year"


def _date(year: int | str, month: int, day: int, text: str) -> dt.date:
    """The date; a YEAR of two digits (the text, "19") is of this century, and a year
    of four is as written ("0000" is no year, not 2000)."""
    number = int(year) + 2000 if isinstance(year, str) and len(year) == 2 else int(year)
    if number == 0:
        raise ValueError(f"no such date: {text!r} (there is no year 0)")
    try:
        return dt.date(number, month, day)
    except ValueError:
        raise ValueError(f"no such date: {text!r}") from None


def parse_date(text: str, order: str | None = None) -> dt.date:
    """YYYY-MM-DD and the ISO-like forms people type (2026-3-4, 2026/03/04, 20260304,
    2026-03-04T08:00); months by name ("January 1, 2019", "1 Jan 2019"); and numeric
    day-month forms (1/2/2019) in ORDER (DAY_FIRST or MONTH_FIRST), which the whole
    date column decides (`date_order`). Without an ORDER, 03/04/2026 is refused: it
    could be either."""
    cleaned = text.strip()
    match = _ISO_DATE.match(cleaned) or _COMPACT_DATE.match(cleaned)
    if match:
        year, month, day = (int(part) for part in match.groups()[:3])
        return _date(year, month, day, cleaned)
    named = _MONTH_FIRST.match(cleaned)
    if named and named.group(1).lower() in _MONTHS:
        month_name, day, year = named.groups()
        return _date(int(year), _MONTHS[month_name.lower()], int(day), cleaned)
    named = _DAY_FIRST.match(cleaned)
    if named and named.group(2).lower() in _MONTHS:
        day, month_name, year = named.groups()
        return _date(int(year), _MONTHS[month_name.lower()], int(day), cleaned)
    numeric = _NUMERIC_DATE.match(cleaned)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        year = numeric.group(3)  # two digits or four: _date tells them apart
        if order == DAY_FIRST:
            return _date(year, second, first, cleaned)
        if order == MONTH_FIRST or first == second:  # 03.03.2026: either order, one day
            return _date(year, first, second, cleaned)
        if first <= 12 and second <= 12:
            raise ValueError(
                f"ambiguous date {cleaned!r} (day/month or month/day?): write it as YYYY-MM-DD"
            )
        raise ValueError(f"date {cleaned!r} is not in YYYY-MM-DD form")
    raise ValueError(f"not a date: {cleaned!r} (write YYYY-MM-DD)")


def date_order(
    dates: Iterable[tuple[int, str]], default: str | None, path: str, column: str
) -> str | None:
    """The order of the numeric dates (1/2/2019) of one date column, decided for the whole
    column from the values that can only be one order (13/1 is day-first, 1/13 month-first),
    else DEFAULT (the app's own: MONTH_FIRST for US apps). A column that has both is an
    error naming the line where the second order first appears."""
    first_seen: dict[str, tuple[int, str]] = {}
    for line, text in dates:
        numeric = _NUMERIC_DATE.match(text.strip())
        if not numeric:
            continue
        first, second = int(numeric.group(1)), int(numeric.group(2))
        if first > 12 >= second:
            first_seen.setdefault(DAY_FIRST, (line, text.strip()))
        elif second > 12 >= first:
            first_seen.setdefault(MONTH_FIRST, (line, text.strip()))
        if len(first_seen) == 2:
            (one, (one_line, one_text)), (_, (two_line, two_text)) = first_seen.items()
            raise DataFileError(
                path,
                f"the dates mix two orders: {two_text!r} can only be {_other(one)}, but "
                f"{one_text!r} (line {one_line}) can only be {one}; write them as YYYY-MM-DD",
                line=two_line,
                column=column,
            )
    if first_seen:
        return next(iter(first_seen))
    return default


def _other(order: str) -> str:
    return MONTH_FIRST if order == DAY_FIRST else DAY_FIRST


# --- cells ----------------------------------------------------------------------------------


class Reject(Exception):
    """Raised by a format's row parser: the row cannot be used, for this reason."""

    def __init__(self, reason: RejectReason, column: str | None, value: str, message: str):
        self.rejected = (reason, column, value, message)


class Skip(Exception):
    """Raised by a format's row parser: the line is not a diary entry (a day with nothing
    logged, an entry deleted in the app, an exercise bonus). It is listed, not used."""

    def __init__(self, reason: RejectReason, column: str | None, value: str, message: str):
        self.skipped = (reason, column, value, message)


def required(record: dict[str, str], column: str) -> str:
    value = record.get(column, "").strip()
    if not value:
        raise Reject(RejectReason.MISSING_VALUE, column, "", f"no {column}")
    return value


Record = dict[str, str]
Row = dict[str, object]
RowParser = Callable[[Record], Row]


class DateColumn:
    """Turns a record's date cell into YYYY-MM-DD, in the order its column was decided;
    a bad date rejects the row. Each distinct text is parsed once."""

    def __init__(self, column: str, order: str | None) -> None:
        self.column = column
        self.order = order
        self._seen: dict[str, str | ValueError] = {}

    def __call__(self, record: Record) -> str:
        text = required(record, self.column)
        found = self._seen.get(text)
        if found is None:
            try:
                found = parse_date(text, self.order).isoformat()
            except ValueError as error:
                found = error
            self._seen[text] = found
        if isinstance(found, ValueError):
            raise Reject(RejectReason.BAD_DATE, self.column, text, str(found))
        return found


# Cells that say "no value": unknown, never zero. MyFitnessPal's printable diary writes
# "--" (with the unit: "--mg"), LoseIt "n/a".
_NO_VALUE = {"", "--", "-", "n/a", "na", "—", "null", "none"}
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL = re.compile(r"^(?:\d+\.?\d*|\.\d+)$")
_UNIT_AFTER = re.compile(r"[a-zµμ%]+\.?$")
_WITH_UNIT = re.compile(r"^([\d.,]+)\s*([a-zµμ%]*)\.?$", re.I)
_MICRO_UNITS = {"µg", "μg", "mcg", "ug"}


def _unit_factor(written: str, unit: str) -> float | None:
    """What a value written in WRITTEN is worth in UNIT (the column's); None if it cannot
    be (grams in an energy column)."""
    written = written.lower().replace("μ", "µ")
    unit = unit.lower()
    if not written or written == unit or (written in _MICRO_UNITS and unit == "µg"):
        return 1.0
    grams = {**MASS_G, **dict.fromkeys(_MICRO_UNITS, 1e-6)}
    if written in grams and unit in grams:
        return grams[written] / grams[unit]
    if unit == "kcal" and written in ("cal", "kcal", "calories"):
        return 1.0
    return None


def logged_number(text: str, column: str, unit: str = "") -> float:
    """A nutrient cell as an app writes it: `12.5`, `"3,436"`, `552mg`, `28g`, `--mg`,
    `n/a`. Empty or a no-value mark is unknown (NaN), never zero. UNIT is the column's:
    a value written with another mass unit is converted (1.2g of sodium is 1200 mg)."""
    cleaned = decimal_point(text.strip(), column)
    try:
        number = float(cleaned)  # the plain number most cells hold
    except ValueError:
        return _written_number(cleaned, column, unit)
    if np.isnan(number) or np.isinf(number) or number < 0:  # "nan" is no app's mark
        raise Reject(RejectReason.BAD_AMOUNT, column, text, f"{column}: {text!r} is not valid")
    return number


def _written_number(text: str, column: str, unit: str) -> float:
    lowered = text.lower()
    if lowered in _NO_VALUE or _UNIT_AFTER.sub("", lowered).strip() in ("--", "-"):
        return np.nan
    match = _WITH_UNIT.match(text)
    if match:
        digits, written_unit = match.groups()
        if _THOUSANDS.match(digits):
            digits = digits.replace(",", "")
        factor = _unit_factor(written_unit, unit)
        if factor is not None and _DECIMAL.match(digits):
            return float(digits) * factor
    raise Reject(
        RejectReason.BAD_AMOUNT, column, text,
        f"{column}: {text!r} is not a number" + (f" of {unit}" if unit else ""),
    )  # fmt: skip


@dataclass(frozen=True)
class LoggedColumn:
    """A nutrient column of an export: which of our columns it fills, and the factor that
    turns its values into our unit."""

    header: str  # the export's column, lower-cased
    column: str  # our value column (VALUE_COLUMNS)
    factor: float = 1.0
    unit: str = ""  # the unit its cells are written in, when they carry one ("552mg")


# our value column -> [(pattern of the export's column name, factor to our unit[, the
# unit its cells are written in, where not ours: "IU", "%")]]
ColumnPatterns = dict[str, list[tuple[str, float] | tuple[str, float, str]]]


def logged_columns(header: list[str], patterns: ColumnPatterns) -> list[LoggedColumn]:
    """The export's nutrient columns, matched by name and unit (never by position): for
    each of our columns, the first header name that fully matches one of its patterns."""
    found: dict[str, LoggedColumn] = {}
    for name in header:
        for column, options in patterns.items():
            for pattern, factor, *unit in options:
                if column not in found and re.fullmatch(pattern, name):
                    cell_unit = unit[0] if unit else VALUE_UNITS[column]
                    found[column] = LoggedColumn(name, column, factor, cell_unit)
    return [found[column] for column in VALUE_COLUMNS if column in found]


def logged_values(record: Record, columns: list[LoggedColumn]) -> dict[str, float]:
    """Our value columns from the record's cells (unknown stays NaN)."""
    texts = [record.get(c.header, "") for c in columns]
    try:  # the plain numbers and empty cells most exports hold, converted in one pass
        numbers = list(map(float, [text or "nan" for text in texts]))
        written = "".join(texts).lower()
        if "-" in written or "n" in written or DECIMAL_COMMA.get():  # said per cell
            raise ValueError(written)
    except ValueError:
        numbers = [
            logged_number(text, c.header, c.unit) for text, c in zip(texts, columns, strict=True)
        ]
    values = {}
    for c, text, number in zip(columns, texts, numbers, strict=True):
        values[c.column] = plausible_value(number * c.factor, c.column, c.header, text)
    return values


def plausible_value(value: float, column: str, header: str, text: str) -> float:
    """VALUE of our COLUMN, written TEXT in the file's column HEADER, or a Reject where
    it is more than any food holds in a row (VALUE_LIMITS) or no finite number (1e309)."""
    limit = VALUE_LIMITS[column]
    if not value <= limit and not np.isnan(value):
        raise Reject(
            RejectReason.BAD_AMOUNT, header, text,
            f"{header}: {text!r} is more than any food holds in one row "
            f"(at most {limit:,.0f} {VALUE_UNITS[column]})",
        )  # fmt: skip
    return value


def _settled(rows: list[Row]) -> tuple[list[Row], list[RejectedRow]]:
    return rows, []


def _no_notes(header: list[str], path: str) -> list[str]:
    return []


@dataclass(frozen=True)
class DiaryFormat:
    """One source format (a module of `screener/formats/` defines one)."""

    kind: DiaryKind
    # True when a lower-cased, trimmed header is this format's: by the columns it needs,
    # never by the whole header or by position (apps add and reorder columns)
    matches: Callable[[list[str]], bool]
    # the function that turns one record into a row (raising Reject or Skip)
    row_parser: Callable[[list[str], DateColumn], RowParser]
    date_columns: tuple[str, ...] = ("date",)  # the first of these the header has
    date_order: str | None = None  # numeric dates of an ambiguous column: MONTH_FIRST for US apps
    has_foods: bool = True  # False for exports of totals: no contributors to show
    # columns of free text that the app may write unquoted (commas and all) when last
    free_text_columns: tuple[str, ...] = ()
    # after all rows are parsed: rows that turn out not to be entries (subtotals)
    settle: Callable[[list[Row]], tuple[list[Row], list[RejectedRow]]] = _settled
    notes: Callable[[list[str], str], list[str]] = _no_notes  # what to tell about this file

    def date_column(self, header: list[str]) -> str:
        return next(column for column in self.date_columns if column in header)


# --- records to rows ------------------------------------------------------------------------


# A cell longer than this is no food name, amount or value (a note may be long, but is
# never read); its row is rejected, and only the start of it is shown.
MAX_CELL = 2_000
SHOWN_VALUE = 200


def shown(text: str) -> str:
    """TEXT as a rejection shows it: at most SHOWN_VALUE characters."""
    return (
        text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + f"… ({len(text):,} characters)"
    )


def _fields(
    header: list[str], line: int, fields: list[str], text_last: bool = False
) -> tuple[Record, RejectedRow | None]:
    long = (
        next(i for i, f in enumerate(fields) if len(f) > MAX_CELL)
        if max(map(len, fields), default=0) > MAX_CELL  # the usual case, at C speed
        else None
    )
    if long is not None and not (text_last and long >= len(header) - 1):
        column = header[long] if long < len(header) else None
        return {}, RejectedRow(
            line=line,
            reason=RejectReason.FIELD_TOO_LONG,
            column=column,
            value=shown(fields[long]),
            message=f"a cell of {len(fields[long]):,} characters: no diary cell is that long",
        )
    extra = fields[len(header) :]
    if extra and text_last:  # commas of an unquoted note: the fields are all the note's
        fields = [*fields[: len(header) - 1], ",".join(fields[len(header) - 1 :])]
    elif any(value.strip() for value in extra):
        return {}, RejectedRow(
            line=line,
            reason=RejectReason.TOO_MANY_FIELDS,
            value=shown(",".join(fields)),
            message=f"{len(fields)} fields where the header has {len(header)} "
            "(a comma inside a name? quote it)",
        )
    padded = fields + [""] * (len(header) - len(fields))
    return dict(zip(header, padded, strict=False)), None


def parse_rows(
    header: list[str], data: list[tuple[int, list[str]]], parse: RowParser, text_last: bool = False
) -> tuple[list[dict[str, object]], list[RejectedRow], list[RejectedRow]]:
    """(rows, rejected, skipped) of the data records, each record in exactly one.
    TEXT_LAST: the last column is free text that may hold unquoted commas."""
    rows: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    skipped: list[RejectedRow] = []
    user_at = header.index("user") if "user" in header else None
    for line, fields in data:
        record, too_many = _fields(header, line, fields, text_last)
        if too_many is not None:
            user = fields[user_at].strip() if user_at is not None and user_at < len(fields) else ""
            rejected.append(too_many.model_copy(update={"user": user or None}))
            continue
        try:
            row = parse(record)
        except Reject as reject:
            reason, column, value, message = reject.rejected
            rejected.append(
                RejectedRow(
                    line=line,
                    reason=reason,
                    column=column,
                    value=shown(value),
                    message=message,
                    user=record.get("user", "").strip() or None,
                )
            )
            continue
        except Skip as skip:
            reason, column, value, message = skip.skipped
            skipped.append(
                RejectedRow(line=line, reason=reason, column=column, value=value, message=message)
            )
            continue
        row.setdefault("line", line)
        rows.append(row)
    return rows, rejected, skipped


# A file separated by semicolons comes from a spreadsheet set to a decimal comma
# ("1,5" is one and a half); set by read_diary for the file it reads.
DECIMAL_COMMA: contextvars.ContextVar[bool] = contextvars.ContextVar("decimal_comma", default=False)
_COMMA_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_DOTTED_THOUSANDS = re.compile(r"\d\.\d{3}(?!\d)")


def decimal_point(text: str, column: str) -> str:
    """TEXT with its decimal commas made points, in a file that writes them (see
    DECIMAL_COMMA); a dot before three digits there ("1.000") could mean a thousand or
    one, and rejects the row."""
    if not DECIMAL_COMMA.get() or not any(c in text for c in ",."):
        return text
    if _DOTTED_THOUSANDS.search(text):
        raise Reject(
            RejectReason.BAD_AMOUNT, column, text,
            f"{column}: {text!r} in a file with decimal commas: write 1000 or 1,0",
        )  # fmt: skip
    return _COMMA_DECIMAL.sub(".", text)


def amount_row(
    amount_text: str, unit_text: str = "", has_values: bool = False
) -> dict[str, object]:
    """The amount of a row whose food is to be matched: its number and unit as written
    ('1 1/2 cups', '2 serving(s)', '1 patty 151g.'), converted to grams once the food is
    known. An amount that is no number rejects the row, unless the row carries its own
    values (HAS_VALUES), which stand without it."""
    try:
        number, unit_in_amount = parse_amount(decimal_point(amount_text, "amount"))
    except AmountError as error:
        if not has_values:
            raise Reject(RejectReason.BAD_AMOUNT, "amount", amount_text, str(error)) from None
        number, unit_in_amount = np.nan, ""
    if unit_in_amount and unit_text and canonical_unit(unit_in_amount) != canonical_unit(unit_text):
        raise Reject(
            RejectReason.BAD_AMOUNT,
            "amount",
            amount_text,
            f"amount {amount_text!r} and unit {unit_text!r} give two different units",
        )
    return {"number": number, "unit_key": unit_in_amount or unit_text}


def said_amount_row(
    food: str, amount_text: str, unit_text: str = "", has_values: bool = False
) -> dict[str, object]:
    """The amount of a row whose food is to be matched, by the one grammar: in the
    amount (and unit) cells when there is one (amount_row), else inside the food's text
    ('2 eggs', 'half a cup of rice', 'chicken breast 150g'), and the food words left to
    match (`match_text`). No amount anywhere: `number` is None, and the food's usual
    portion is taken once the food is known (`_resolve`)."""
    if amount_text.strip():
        return amount_row(amount_text, unit_text, has_values)
    if unit_text.strip():
        raise Reject(
            RejectReason.MISSING_VALUE, "amount", "",
            f"unit {unit_text!r} without an amount: write how many",
        )  # fmt: skip
    try:
        said = split_amount(decimal_point(food, "food"))
    except AmountError as error:
        if has_values:  # the export's own values stand without an amount
            return {"number": np.nan, "unit_key": ""}
        raise Reject(RejectReason.BAD_AMOUNT, "food", food, str(error)) from None
    if said.number is None:
        return {"number": None, "unit_key": ""}
    return {"number": said.number, "unit_key": said.unit, "match_text": said.food}


def food_row(
    date: str,
    meal: str | None,
    food: str,
    amount: str,
    unit: str,
    values: dict[str, float],
    match_text: str | None = None,
) -> Row:
    """A row of an app's food log: its food to match (MATCH_TEXT, else FOOD) at the amount
    written, and the VALUES the file carries, which stand even if the food is not found."""
    return {
        "date": date,
        "meal": meal,
        "food": food,
        "match_text": match_text or food,
        "amount": amount,
        "unit": unit,
        "source": "food",
        **said_amount_row(match_text or food, f"{amount} {unit}".strip(), "", has_values=True),
        **values,
    }


def hint(resolution: Resolution) -> str:
    """'did you mean: a; b; c', or what to do when nothing comes close."""
    if resolution.suggestions:
        return "did you mean: " + "; ".join(resolution.suggestions)
    return "nothing close: try `screener foods search`, or add it with --aliases or --foods"


EXPORT_ONLY = "only the export's values"


def _mass_of(number: object, unit: str) -> float:
    """Grams of an amount whose unit is a mass or states one; NaN otherwise (no amount
    too, and a bare number: grams are said, never assumed)."""
    if number is None:
        return np.nan
    number = float(number)  # type: ignore[arg-type]
    stated = written_grams(number, unit)
    if stated is not None:
        return stated
    key = canonical_unit(unit)
    return number * MASS_G[key] if key in MASS_G else np.nan


def _has_values(row: dict[str, object]) -> bool:
    return any(
        isinstance(row.get(column), float) and not np.isnan(row[column])  # type: ignore[arg-type]
        for column in VALUE_COLUMNS
    )


def _resolve(
    rows: list[dict[str, object]], foods: FoodTable, strict: bool
) -> tuple[list[dict[str, object]], list[RejectedRow], list[Resolution]]:
    """Food and grams for each row to match (`match` not yet set). A row whose food or
    amount cannot be resolved is rejected, unless it carries values of its own from the
    export: it is then kept with those, flagged, and its other nutrients are unknown."""
    to_match = [row for row in rows if row.get("match") is None]
    names = [
        str(row.get("match_text") or row["food"])
        for row in to_match
        if not row.get("food_id") and not foods.has(row["food"]) and not _not_food(row)
    ]
    resolutions = resolve_names(names, foods) if names else {}
    measures: dict[str, Measures] = {}
    kept: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    seen_ids: dict[str, Resolution] = {}

    def refuse(row: dict[str, object], reason: RejectReason, column: str, message: str) -> None:
        if _has_values(row) and not strict:  # the export's own values stand without a food
            row["match"] = MatchKind.LOGGED.value
            row["flag"] = f"{EXPORT_ONLY}: {message}"
            row["grams"] = _mass_of(row.get("number"), str(row["unit_key"]))
            kept.append(row)
            return
        rejected.append(
            RejectedRow(
                line=int(row["line"]),  # type: ignore[call-overload]
                reason=reason,
                column=column,
                value=shown(str(row.get(column) or row["food"])),
                message=message,
                user=str(row["user"]) if row.get("user") else None,
            )
        )

    for row in rows:
        if row.get("match") is not None:  # values as logged: nothing to match
            if "grams" not in row:  # grams only when its amount is (or states) a mass
                row["grams"] = _mass_of(row.get("number"), str(row.get("unit_key") or ""))
            kept.append(row)
            continue
        food_id = row.get("food_id")
        medicine = None if food_id else _not_food(row)
        if medicine:
            written = str(row.get("match_text") or row["food"])
            refuse(row, RejectReason.NOT_A_FOOD, "food", not_food_message(written, medicine))
            continue
        if food_id or foods.has(row["food"]):  # a food written as its SR28 number
            food_id = food_id or str(row["food"])
            key = foods.key_of(food_id)  # a chosen national table's own id too
            if key is None:
                refuse(
                    row,
                    RejectReason.UNKNOWN_FOOD,
                    "food_id",
                    f"food_id {food_id!r} is not in the food table",
                )
                continue
            resolution = Resolution(
                written=str(food_id),
                food_id=key,
                name=foods.get(key)["name"],
                match=MatchKind(row.get("first_match", MatchKind.FOOD_ID)),
                score=row.get("first_score", 100.0),
            )
            seen_ids.setdefault(key, resolution)
        else:
            written = str(row.get("match_text") or row["food"])
            resolution = resolutions[written]
            if resolution.food_id is None:
                reason = (
                    RejectReason.AMBIGUOUS_FOOD
                    if (resolution.score or 0) >= 60
                    else RejectReason.UNKNOWN_FOOD
                )
                words = "is ambiguous" if reason is RejectReason.AMBIGUOUS_FOOD else "is not known"
                refuse(row, reason, "food", f'food "{written}" {words}; {hint(resolution)}')
                continue
            if strict and resolution.match in GUESSED:
                how = "fuzzily" if resolution.match is MatchKind.FUZZY else "by assumption"
                refuse(
                    row,
                    RejectReason.FUZZY_MATCH,
                    "food",
                    f'food "{written}" only matched {how} ("{resolution.name}", score '
                    f"{resolution.score:g}); --strict needs an exact name, alias or food_id",
                )
                continue
        food_key = str(resolution.food_id)
        if food_key not in measures:
            measures[food_key] = foods.conversions(food_key)
        measure = measures[food_key]
        if row.get("number") is None:  # no amount: the food's usual portion, said so
            if measure.usual_portion is None:
                error = NoAmountError(measure.food_name, measure.described)
                refuse(row, RejectReason.MISSING_VALUE, "amount", str(error))
                continue
            grams = measure.usual_portion
            row["amount_assumed"] = True
        else:
            number = float(row["number"])  # type: ignore[arg-type]
            if np.isnan(number):
                refuse(
                    row, RejectReason.BAD_AMOUNT, "amount", f"amount {row['amount']!r} is no number"
                )
                continue
            unit = str(row["unit_key"])
            try:
                grams = measure.to_grams(number, unit)
            except UnitError as error:
                refuse(
                    row, RejectReason.UNKNOWN_UNIT, "unit" if row["unit"] else "amount", str(error)
                )
                continue
            too_much = implausible_amount(number, unit, grams, measure)
            if too_much:
                refuse(row, RejectReason.BAD_AMOUNT, "unit" if row["unit"] else "amount", too_much)
                continue
        row["food_id"], row["name"] = resolution.food_id, resolution.name
        row["table"] = foods.foods.at[food_key, "source"]
        row["match"], row["score"] = resolution.match.value, resolution.score  # type: ignore[union-attr]
        if resolution.match is MatchKind.ASSUMED and resolution.suggestions:  # to pin one
            row["alternatives"] = "; ".join(resolution.suggestions)
        row["grams"] = grams
        kept.append(row)
    used = list(resolutions.values()) + list(seen_ids.values())
    return kept, rejected, used


def _nutrient_amounts(rows: pd.DataFrame, foods: FoodTable) -> pd.DataFrame:
    """Fill each matched row's nutrient amounts: grams / 100 x value per 100 g, except
    where the row carries the export's own value, which is used as logged. Logged rows
    keep theirs. A value unknown in both stays unknown (NaN), never 0.

    Returns where each value came from: True where from the export."""
    values = rows[VALUE_COLUMNS].to_numpy(dtype=float, copy=True)
    from_export = ~np.isnan(values)
    matched = (rows["match"] != MatchKind.LOGGED.value).to_numpy()
    from_table = np.zeros_like(from_export)
    if matched.any():
        per_100g = foods.values_of(rows["food_id"].to_numpy()[matched])
        grams = rows["grams"].to_numpy(dtype=float)[matched, None]
        table = per_100g * grams / 100.0
        logged = values[matched]
        values[matched] = np.where(np.isnan(logged), table, logged)
        from_table[matched] = np.isnan(logged) & ~np.isnan(table)
        rows[VALUE_COLUMNS] = values
    rows["values_from"] = _source_names(from_export.any(axis=1), from_table.any(axis=1))
    return pd.DataFrame(from_export, columns=VALUE_COLUMNS, index=rows.index)


def value_sources(rows: pd.DataFrame, logged: pd.DataFrame | None) -> dict[str, ValueSource]:
    """Per value column, where the known values of ROWS came from (LOGGED: the read's
    mask of values from the export, or None when none were)."""
    sources = {}
    for column in VALUE_COLUMNS:
        known = rows[column].notna().to_numpy()
        export = (
            logged[column].reindex(rows.index).to_numpy(dtype=bool)
            if logged is not None
            else np.zeros(len(rows), dtype=bool)
        )
        sources[column] = ValueSource(
            str(_source_names((known & export).any(), (known & ~export).any()))
        )
    return sources


def _source_names(export: np.ndarray | bool, table: np.ndarray | bool) -> np.ndarray:
    """The ValueSource of each (export, table) pair of flags."""
    return np.select(
        [np.logical_and(export, table), export, table],
        [ValueSource.BOTH.value, ValueSource.EXPORT.value, ValueSource.FOOD_TABLE.value],
        default=ValueSource.NONE.value,
    )


def assumed_rows(rows: pd.DataFrame) -> list[AssumedRow]:
    """ROWS (of ROW_COLUMNS) as a report or review lists what was assumed of them."""
    return [
        AssumedRow(
            line=int(row.line),
            food=str(row.food),
            name=None if pd.isna(row.name) else str(row.name),
            grams=None if pd.isna(row.grams) else round(float(row.grams), 1),
        )
        for row in rows.itertuples()
    ]


def implausible_amount(number: float, unit: str, grams: float, measures: Measures) -> str | None:
    """Why an amount said in a unit that is no weight cannot be meant (see MAX_PORTIONS),
    or None."""
    if is_mass(unit):
        return None
    limit = min(IMPLAUSIBLE_GRAMS, MAX_PORTIONS * measures.largest or IMPLAUSIBLE_GRAMS)
    if grams <= limit:
        return None
    counted = f" ({measures.natural[0]})" if not unit.strip() and measures.natural else ""
    said = f"{number:g} {unit}".strip() + counted
    beyond = (
        f"{MAX_PORTIONS} times its largest measure ({measures.largest:g} g)"
        if limit < IMPLAUSIBLE_GRAMS
        else f"{IMPLAUSIBLE_GRAMS / 1000:g} kg"
    )
    fix = (
        f'a bare number counts, it is not grams: for grams write "{number:g} g"'
        if not unit.strip()
        else "check the amount (a weighed amount in grams is taken as written)"
    )
    return f'{said} of "{measures.food_name}" is {grams:,.0f} g, more than {beyond}: {fix}'


# A bare number this large counts more of a food than one row usually holds: it may be
# grams written the old way (a bare number meant grams until issue 24), so it is said.
MANY_COUNTED = 10


def _many_counted(path: str, rows: list[dict[str, object]]) -> list[str]:
    """The warning for rows that count MANY_COUNTED or more of a food by a bare number."""
    many = [
        row for row in rows
        if row.get("match") not in (None, MatchKind.LOGGED.value)
        and not str(row.get("unit_key") or "").strip()
        and isinstance(row.get("number"), float) and row["number"] >= MANY_COUNTED  # type: ignore[operator]
    ]  # fmt: skip
    if not many:
        return []
    listed = ", ".join(
        f"line {row['line']}: {row['number']:g} x {row['name']}"  # type: ignore[str-format]
        for row in many[:3]
    )
    return [
        f"{path}: {len(many)} row(s) count {MANY_COUNTED} or more of a food by a bare number "
        f"({listed}); a bare number counts the food, it is never grams: if grams were "
        "meant, write them (150 g)"
    ]


def not_food_message(written: str, why: str) -> str:
    """The rejection of a medicine or supplement written as a food."""
    return (
        f'"{written}" is no food ({why}): give supplements with --supplements (a '
        "supplements file), and leave medicines out"
    )


def _not_food(row: dict[str, object]) -> str | None:
    """Why a row's food is a medicine or supplement (supplements.not_food), or None."""
    return not_food(str(row.get("match_text") or row["food"]))


def implausible(grams: float, date: str, isolated: bool, today: dt.date) -> str | None:
    """Why a row is implausible (see IMPLAUSIBLE), or None. ISOLATED: its date is more
    than FAR_DAYS from every other date of the diary."""
    if grams > IMPLAUSIBLE_GRAMS:
        return f"{IMPLAUSIBLE}: {_kg(grams)} kg in one row"
    day = dt.date.fromisoformat(date)
    if day < EARLIEST_DATE:
        return f"{IMPLAUSIBLE}: a date before {EARLIEST_DATE.year} ({date})"
    if day > today:
        return f"{IMPLAUSIBLE}: a date in the future ({date})"
    if isolated:
        return f"{IMPLAUSIBLE}: {date} is more than a year from the diary's other dates"
    return None


def _flag_implausible(frame: pd.DataFrame) -> None:
    """Add the implausible rows' reason to their flag (rows stay used, as written)."""
    if frame.empty:
        return
    dates = frame["date"].to_numpy(dtype=str)
    grams = frame["grams"].to_numpy(dtype=float)
    today = dt.date.today() + dt.timedelta(days=1)  # a day of time zones
    distinct, where = np.unique(dates, return_inverse=True)  # sorted
    days = np.array([dt.date.fromisoformat(d).toordinal() for d in distinct])
    gaps = np.diff(days)
    before = np.concatenate([[np.inf], gaps])  # days to the date before, and after
    after = np.concatenate([gaps, [np.inf]])
    isolated = (np.minimum(before, after) > FAR_DAYS) & (len(days) > 1)
    suspect = (
        (grams > IMPLAUSIBLE_GRAMS)
        | (dates < EARLIEST_DATE.isoformat())
        | (dates > today.isoformat())
        | isolated[where]
    )
    for position in np.flatnonzero(suspect):
        why = implausible(
            float(grams[position]), str(dates[position]), bool(isolated[where[position]]), today
        )
        if why is not None:
            _add_flag(frame, position, why)
    _flag_implausible_days(frame, grams)


def _add_flag(frame: pd.DataFrame, position: int, why: str) -> None:
    before = frame.at[position, "flag"]
    frame.at[position, "flag"] = f"{before}; {why}" if isinstance(before, str) else why


def implausible_day(rows: int, grams: float, date: str) -> str | None:
    """Why a day of one person is implausible (see IMPLAUSIBLE_DAY_ROWS), or None."""
    if rows > IMPLAUSIBLE_DAY_ROWS:
        return f"{IMPLAUSIBLE}: {rows:,} rows on {date} (a diary copied into itself?)"
    if grams > ROW_MOST_GRAMS:
        return f"{IMPLAUSIBLE}: {_kg(grams)} kg eaten on {date}"
    return None


def _kg(grams: float) -> str:
    """GRAMS in kg, as a person reads them: 4.0, 11.6; 1.2e+297, not 300 digits."""
    kg = grams / 1000
    return f"{kg:.1f}" if kg < 1e6 else f"{kg:.3g}"


def _flag_implausible_days(frame: pd.DataFrame, grams: np.ndarray) -> None:
    """Flag every row of a day (of one person) with implausibly many rows or grams."""
    users = frame["user"].to_numpy(dtype=object)
    dates = frame["date"].to_numpy(dtype=object)
    day_of, days = pd.factorize(pd.MultiIndex.from_arrays([users, dates]))
    sizes = np.bincount(day_of, minlength=len(days))
    weights = np.bincount(day_of, weights=np.nan_to_num(grams), minlength=len(days))
    odd = np.flatnonzero((sizes > IMPLAUSIBLE_DAY_ROWS) | (weights > ROW_MOST_GRAMS))
    why = {day: implausible_day(int(sizes[day]), float(weights[day]), days[day][1]) for day in odd}
    for position in np.flatnonzero(np.isin(day_of, odd)):
        _add_flag(frame, int(position), str(why[day_of[position]]))


def read_diary(
    path: Path | str,
    foods: FoodTable | None = None,
    strict: bool = False,
    user: str | None = None,
    data: bytes | None = None,
) -> DiaryRead:
    """Read a diary file of any format screener knows into rows of known foods and grams.

    Bad rows are collected in `rejected` with their line and reason, never dropped.
    With STRICT, a fuzzy name match is a rejection too, and any rejection raises
    DiaryRejectedError (in a diary of several people, for USER's rows only: another's
    bad row is no reason to refuse USER's report). A file that cannot be read at all
    raises DataFileError. DATA: the file's bytes, when they are already in memory (an
    upload, never written to disk); PATH then only names the diary.
    """
    foods = foods or default_foods()
    name = str(path)
    raw = read_bytes(path) if data is None else data
    notes: list[str] = []
    if is_zip(raw):  # the export as downloaded: its diary, read as if given directly
        name, raw, notes = diary_in_zip(name, raw)
    text, warnings = decode(raw, name)
    warnings = notes + warnings
    decimal_comma = DECIMAL_COMMA.set(delimiter_of(text) == ";")
    try:
        return _read(name, text, warnings, foods, strict, user)
    finally:
        DECIMAL_COMMA.reset(decimal_comma)


def _read(
    name: str, text: str, warnings: list[str], foods: FoodTable, strict: bool, user: str | None
) -> DiaryRead:
    """read_diary, once the file's text is in hand."""
    from .formats import detect  # the formats build on this module

    header, data = records(text, name, user)
    if user is not None and "user" in header and not data:
        raise DataFileError(name, f"has no row of user {user!r}")
    diary_format = detect(header, name)
    date_column = diary_format.date_column(header)
    position = header.index(date_column)
    order = date_order(
        ((line, fields[position]) for line, fields in data if position < len(fields)),
        diary_format.date_order,
        name,
        date_column,
    )
    parse = diary_format.row_parser(header, DateColumn(date_column, order))
    text_last = bool(header) and header[-1] in diary_format.free_text_columns
    parsed, rejected, skipped = parse_rows(header, data, parse, text_last)
    parsed, settled = diary_format.settle(parsed)
    skipped += settled
    parsed, unresolved, resolutions = _resolve(parsed, foods, strict)
    rejected += unresolved
    rejected.sort(key=lambda r: r.line)
    skipped.sort(key=lambda r: r.line)
    warnings += diary_format.notes(header, name)
    partly = sum(1 for row in parsed if str(row.get("flag") or "").startswith(EXPORT_ONLY))
    if partly:
        warnings.append(
            f"{name}: {partly} row(s) kept only the file's own values, their food or amount "
            "not found in the food table; their other nutrients are unknown (`screener "
            "import` lists them)"
        )
    warnings += _many_counted(name, parsed)
    frame = pd.DataFrame(parsed, columns=ROW_COLUMNS)
    numbers = [*VALUE_COLUMNS, "grams", "score"]  # one conversion for all of them
    frame[numbers] = frame[numbers].to_numpy(dtype="float64")
    frame["flag"] = frame["flag"].astype(object)
    frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    logged = _nutrient_amounts(frame, foods)
    _flag_implausible(frame)
    read = DiaryRead(
        path=name,
        kind=diary_format.kind,
        rows=frame,
        rejected=rejected,
        data_lines=len(data),
        resolutions=resolutions,
        warnings=warnings,
        has_users="user" in header,
        skipped=skipped,
        has_foods=diary_format.has_foods,
        logged=logged,
    )
    counted = [r for r in rejected if user is None or r.user == user]
    if strict and counted:
        raise DiaryRejectedError(name, counted)
    if frame.empty:
        raise NoUsableRowsError(name, rejected)
    return read


IMPORT_COLUMNS = [
    "line", "date", "meal", "user", "food", "food_id", "name", "match", "score",
    "alternatives", "amount", "unit", "grams", "flag",
]  # fmt: skip


def import_frame(read: DiaryRead) -> pd.DataFrame:
    """The meal-log form of a diary: one row per used input row, what was written beside
    what it became. It reads back as a meal log and gives the same rows again."""
    columns = [c for c in IMPORT_COLUMNS if c != "user" or read.has_users]
    frame = read.rows[columns].copy()
    frame["grams"] = frame["grams"].round(2)
    if read.rows["amount_assumed"].eq(True).any():  # said, and read back the same
        frame.insert(
            frame.columns.get_loc("grams") + 1, "amount_assumed", read.rows["amount_assumed"]
        )
    logged = (read.rows["match"] == MatchKind.LOGGED.value) | read.rows["values_from"].isin(
        [ValueSource.EXPORT.value, ValueSource.BOTH.value]
    )
    if logged.any():
        # Values from an export travel with the row (all of its values, so that the ones
        # the food table filled stay the same): the meal log reads them back as logged.
        values = read.rows[VALUE_COLUMNS].copy()
        values.loc[~logged] = np.nan
        frame = pd.concat([frame, values.round(4)], axis=1)
    if (read.rows["source"] == "supplement").any():
        frame["source"] = read.rows["source"]
    return frame


# --- choosing the days ----------------------------------------------------------------------

OUTSIDE_WORDS = "outside the chosen days"
_LAST = re.compile(r"^\s*(\d{1,5})\s*(d|days?|w|weeks?)?\s*$", re.I)


def parse_last(text: str) -> int:
    """The days of `--last`: N (days), Nd, or Nw (weeks: `4w` is 28 days); a ValueError
    saying what is accepted otherwise."""
    found = _LAST.match(text)
    if not found or int(found.group(1)) == 0:
        raise ValueError(f"{text!r} is not a number of days (28) or weeks (4w)")
    number, unit = int(found.group(1)), (found.group(2) or "d").lower()
    return number * 7 if unit.startswith("w") else number


def choose_days(
    read: DiaryRead,
    first: dt.date | None = None,
    last: dt.date | None = None,
    last_days: int | None = None,
    user: str | None = None,
) -> DiaryRead:
    """READ with only the rows dated FIRST to LAST (inclusive; None: open), or the
    LAST_DAYS days up to LAST (None: the diary's last logged day, of USER in a diary of
    several people). No row is lost: the others become skipped rows `outside_days`
    (an empty date of a summary outside them too), so the accounting still adds up. A
    ScreenerError when no day is logged in the chosen days."""
    if first is None and last is None and last_days is None:
        return read
    rows = read.rows
    mine = rows if user is None or not read.has_users else rows[rows["user"] == user]
    if mine.empty:
        return read  # no such user: screening says so
    dates = rows["date"].astype(str)
    diary_first, diary_last = str(mine["date"].min()), str(mine["date"].max())
    if last_days is not None:
        end = last or dt.date.fromisoformat(diary_last)
        first = end - dt.timedelta(days=last_days - 1)
        last = end
    start, end_text = (first.isoformat() if first else None), (last.isoformat() if last else None)
    inside = np.ones(len(rows), dtype=bool)
    if start is not None:
        inside &= (dates >= start).to_numpy()
    if end_text is not None:
        inside &= (dates <= end_text).to_numpy()
    span = f"{start or diary_first} to {end_text or diary_last}"
    if not inside[rows.index.get_indexer(mine.index)].any():
        raise ScreenerError(
            f"{read.path}: no day logged from {span}; the diary runs from {diary_first} to "
            f"{diary_last}"
        )
    message = f"{OUTSIDE_WORDS} ({span})"
    outside = rows[~inside]
    left_out = [
        RejectedRow(
            line=int(line), reason=RejectReason.OUTSIDE_DAYS, column="date", value=str(date),
            message=f"{date}: {message}", user=str(who) if isinstance(who, str) else None,
        )
        for line, date, who in zip(outside["line"], outside["date"], outside["user"], strict=True)
    ]  # fmt: skip

    def out_of_span(day: str) -> bool:
        return (start is not None and day < start) or (end_text is not None and day > end_text)

    skipped = []
    for row in read.skipped:  # an empty date outside the days is outside them, not listed
        if row.reason is RejectReason.EMPTY_DAY and out_of_span(row.value):
            row = row.model_copy(
                update={"reason": RejectReason.OUTSIDE_DAYS, "message": f"{row.value}: {message}"}
            )
        skipped.append(row)
    skipped = sorted(skipped + left_out, key=lambda r: r.line)
    chosen = DaysChosen(
        from_date=start,
        to_date=end_text,
        diary_first_date=diary_first,
        diary_last_date=diary_last,
        rows_outside=sum(
            1 for r in skipped if r.reason is RejectReason.OUTSIDE_DAYS and r.user in (None, user)
        ),
    )
    logged = read.logged[inside].reset_index(drop=True) if read.logged is not None else None
    return replace(
        read,
        rows=rows[inside].reset_index(drop=True),
        logged=logged,
        skipped=skipped,
        days_chosen=chosen,
    )
