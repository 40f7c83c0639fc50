"""The row model every diary format shares: what a row is (ROW_COLUMNS), the formats
(DiaryFormat, DiaryKind), and the cells apps write (dates, amounts, logged values),
parsed into rows. The format modules (`screener/formats/`) build on this module alone;
`screener/diary.py` reads a file through them.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from .errors import DataFileError
from .models import MatchKind, RejectedRow, RejectReason
from .nutrients import VALUE_COLUMNS, VALUE_LIMITS, VALUE_UNITS
from .units import (
    COUNTED,
    MASS_G,
    SIZES_ALONE,
    AmountError,
    canonical_unit,
    parse_amount,
    split_amount,
)

ROW_COLUMNS = [
    "line", "date", "meal", "user", "food", "food_id", "name", "table", "match", "score",
    "alternatives", "amount", "unit", "grams", "amount_assumed", "flag", "source",
    "values_from", "part",
    *VALUE_COLUMNS,
]  # fmt: skip
# `table`: the food table the matched food is from (foods.csv's `source`: SR28, FNDDS
# 2017-2018, or a person's own file); `source`: whether the row is food or a supplement;
# `part`: in the rows of a name that joins foods ("toast with butter"), the food's place
# in it (0 first), else NaN


class DiaryKind(StrEnum):
    """Every format screener reads, by the name a person knows it by."""

    MEAL_LOG = "meal log"
    CRONOMETER_SERVINGS = "Cronometer servings export"
    CRONOMETER_DAILY = "Cronometer daily summary export"
    MFP_SUMMARY = "MyFitnessPal nutrition summary export"
    MFP_DIARY = "MyFitnessPal food diary"
    LOSEIT = "LoseIt food log export"
    ASA24_TOTALS = "ASA24 Totals file"
    ASA24_ITEMS = "ASA24 Items file"
    ASA24_SUPPLEMENTS = "ASA24 supplements file (TS or INS)"


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


def factorized(values: Sequence[object] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pd.factorize(VALUES, use_na_sentinel=False): each value's code among the distinct
    values, in the order they first come, a missing one (None, NaN) coded as any other.

    Objects (texts: a file's cells, a read's dates) go straight to the hash table that
    pd.factorize puts objects in, by each object's own hash (Python keeps a text's with
    it) and compared as objects first (pandas' parser makes one object of a column's
    equal cells): without pd.factorize's scans of every cell, for a missing one and for
    one that is no text, and its hash of every text's characters (half the time). The
    missing among them are then as pd.factorize makes them (None and NaN one value)."""
    if _ObjectTable is not None and isinstance(values, np.ndarray) and values.dtype == object:
        # (a table of up to 1,024 at first: a year's dates not rehashed on the way)
        distinct, codes = _ObjectTable(min(len(values), 1024)).factorize(values, ignore_na=False)
        if not pd.isna(distinct).any():
            return codes, distinct
        return pd.factorize(values, use_na_sentinel=False)
    codes, distinct = pd.factorize(values)
    if len(codes) and codes.min() < 0:
        return pd.factorize(values, use_na_sentinel=False)
    return codes, distinct


def first_places(codes: np.ndarray) -> np.ndarray:
    """Where each of factorized's CODES first comes, in code order: as np.unique's
    return_index gives it, without a sort (the codes are numbered in the order they
    first come, so each first place is where the codes so far reach a new highest)."""
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    highest = np.maximum.accumulate(codes)
    return np.flatnonzero(np.concatenate([[True], highest[1:] > highest[:-1]]))


try:  # (pandas' own, as pd.factorize uses it)
    from pandas._libs.hashtable import PyObjectHashTable as _ObjectTable
except ImportError:  # pragma: no cover
    _ObjectTable = None


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


@functools.lru_cache(maxsize=1 << 14)
def _iso_date(text: str, order: str | None) -> str | ValueError:
    """parse_date's YYYY-MM-DD of TEXT, or its error: the same few thousand dates come
    again in every file of a folder of exports."""
    try:
        return parse_date(text, order).isoformat()
    except ValueError as error:
        return error


# Each date cell's reading (_iso_date's) by its column's name and order: kept between the
# files of a folder (a year's exports share their dates), up to _DATES_KEPT cells each.
_DATE_CELLS: dict[tuple[str, str | None], dict[str, str | ValueError]] = {}
_DATES_KEPT = 1 << 14


class DateColumn:
    """Turns a record's date cell into YYYY-MM-DD, in the order its column was decided;
    a bad date rejects the row. Each distinct text is parsed once."""

    def __init__(self, column: str, order: str | None) -> None:
        self.column = column
        self.order = order
        self._seen = _DATE_CELLS.setdefault((column, order), {})
        if len(self._seen) > _DATES_KEPT:
            self._seen.clear()

    def __call__(self, record: Record) -> str:
        return self.read(record.get(self.column, ""))

    def read(self, cell: str) -> str:
        """The date of a date cell CELL (a Reject where it is empty or no date)."""
        found = self._seen.get(cell)  # (each distinct cell read once)
        if found is None:
            text = required({self.column: cell}, self.column)
            found = self._seen[cell] = _iso_date(text, self.order)
        if isinstance(found, ValueError):
            raise Reject(RejectReason.BAD_DATE, self.column, cell.strip(), str(found))
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


# (id of the patterns, header) -> (the patterns, their columns): every file of a folder of
# one app's exports has the same header (the patterns held, so their id stays theirs)
_LOGGED_SEEN: dict[tuple[int, tuple[str, ...]], tuple[ColumnPatterns, list[LoggedColumn]]] = {}


def logged_columns(header: list[str], patterns: ColumnPatterns) -> list[LoggedColumn]:
    """The export's nutrient columns, matched by name and unit (never by position): for
    each of our columns, the first header name that fully matches one of its patterns."""
    key = (id(patterns), tuple(header))
    seen = _LOGGED_SEEN.get(key)
    if seen is None or seen[0] is not patterns:
        if len(_LOGGED_SEEN) > 256:  # a few headers a session: bounded all the same
            _LOGGED_SEEN.clear()
        seen = _LOGGED_SEEN[key] = (patterns, _logged_columns(header, patterns))
    return list(seen[1])


def _logged_columns(header: list[str], patterns: ColumnPatterns) -> list[LoggedColumn]:
    found: dict[str, LoggedColumn] = {}
    for name in header:
        for column, options in patterns.items():
            for pattern, factor, *unit in options:
                if column not in found and re.fullmatch(pattern, name):
                    cell_unit = unit[0] if unit else VALUE_UNITS[column]
                    found[column] = LoggedColumn(name, column, factor, cell_unit)
    return [found[column] for column in VALUE_COLUMNS if column in found]


def logged_values(
    record: Record, columns: list[LoggedColumn], seen: dict[tuple[str, ...], object] | None = None
) -> dict[str, float]:
    """Our value columns from the record's cells (unknown stays NaN). SEEN: what the
    same cells made before (their values, or the Reject's reason), in one file of one
    decimal mark: an export repeats its rows, and each is read once."""
    texts = [record.get(c.header, "") for c in columns]
    if seen is None:
        return _logged_values(texts, columns)
    key = tuple(texts)
    found = seen.get(key)
    if found is None:
        try:
            found = _logged_values(texts, columns)
        except Reject as reject:
            found = reject.rejected
        seen[key] = found
    if isinstance(found, tuple):
        raise Reject(*found)
    return dict(found)  # type: ignore[call-overload]


def _logged_values(texts: list[str], columns: list[LoggedColumn]) -> dict[str, float]:
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
    # the same reading as row_parser's, of many records a column at a time (a format
    # with no settle): (the header, each column's cells, the dates) -> (the rows it read,
    # as columns; a mask of the records it leaves to row_parser). None: row by row only.
    # A format with one has a row parser that reads the date cell by its DateColumn
    # alone, into the row's `date` (diary.parse_rows reads records alike but for the
    # date once)
    column_parser: (
        Callable[
            [list[str], list[Sequence[str]], DateColumn],
            tuple[dict[str, np.ndarray], np.ndarray],
        ]
        | None
    ) = None

    def date_column(self, header: list[str]) -> str:
        return next(column for column in self.date_columns if column in header)


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
        found = amount_row(amount_text, unit_text, has_values)
        if not found["unit_key"] and not np.isnan(float(found["number"])):  # type: ignore[arg-type]
            found["unit_key"] = counted_in(food)  # "new potatoes, 6"; "pint of lager, 2"
        return found
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
        # a size first and no number ("large coffee", "medium fries"): one of that size,
        # as "a large coffee" is (the matcher keeps a size the table names the food by:
        # "large lima beans")
        size = _LEADING_SIZE.match(said.food)
        if size is not None:
            return {"number": 1.0, "unit_key": size.group(1).lower(), "match_text": said.food}
        return {"number": None, "unit_key": ""}
    unit = said.unit or counted_in(said.food, of_unit=False)  # "6 new potatoes"
    return {"number": said.number, "unit_key": unit, "match_text": said.food}


def counted_in(food: str, of_unit: bool = True) -> str:
    """What a bare number counts by the food's text: OF_UNIT, a unit its text says one of
    ("pint of lager, 2" is 2 pints), else the noun its name ends with, as COUNTED ("new
    potatoes" -> "#new potato": units.Measures counts one of it where the food has a
    measure of it, else the food's natural unit)."""
    if of_unit:
        try:
            said = split_amount(food)
        except AmountError:
            said = None
        if said is not None and said.unit and said.number == 1.0 and _ONE_OF.match(said.said):
            return said.unit
    noun = canonical_unit(" ".join(re.findall(r"[a-z]+", food.lower())[-2:]))
    return COUNTED + noun if noun else ""


# An amount in a food's text that says one of a unit and no number of its own: "pint of",
# "a slice of"
_ONE_OF = re.compile(r"^(?:an?\s+)?[a-z][a-z ]*\bof$", re.IGNORECASE)


_LEADING_SIZE = re.compile(
    rf"^({'|'.join(sorted(SIZES_ALONE, key=len, reverse=True))})\s+(?=[a-z])", re.IGNORECASE
)


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


def daily_total_row(
    date: str, food: str, values: dict[str, float], meal: str | None = None, **more: object
) -> Row:
    """A row of an export's totals for a day (a daily summary, an ASA24 Totals file): its
    VALUES stand as logged, one "day" of FOOD (how the day is named), no grams."""
    return {
        "date": date,
        "meal": meal,
        "food": food,
        "match": MatchKind.LOGGED.value,
        "amount": "1",
        "unit": "day",
        "grams": np.nan,
        "source": "food",
        **more,
        **values,
    }


EXPORT_ONLY = "only the export's values"
