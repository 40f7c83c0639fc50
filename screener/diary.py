"""Reading diary files into rows: what every format shares.

A format module (`screener/formats/`) recognises its header and turns each record into a
row; this module reads the file, decides the date order of the whole date column, parses
the cells apps write (`552mg`, `"3,436"`, `n/a`), matches food names to the food table,
fills nutrient amounts, and keeps the accounts.

Every data line of the file ends as a row (with the food and grams it became; a name
that joins foods, "toast with butter", as a row of each, sharing the line), as a
RejectedRow with its line number and reason, or as a skipped row (a line that is not an
entry: a day with nothing logged, an entry deleted in the app):
`read.rows_used() + len(rejected) + len(skipped) == data_lines` always holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from codecs import BOM_UTF8
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .csvfile import (
    decode,
    delimiter_of,
    is_utf16,
    person_column,
    read_bytes,
    record_columns,
    records,
)
from .errors import DataFileError, ScreenerError
from .foods import FoodTable, default_foods
from .formats import detect
from .matching import GUESSED, joined_foods, resolve_names
from .models import AssumedRow, DaysChosen, MatchKind, RejectedRow, RejectReason, Resolution
from .nutrients import ROW_MOST_GRAMS, VALUE_COLUMNS
from .rows import (
    DECIMAL_COMMA,
    EXPORT_ONLY,
    ROW_COLUMNS,
    DateColumn,
    DiaryKind,
    Record,
    Reject,
    RowParser,
    Skip,
    date_order,
    factorized,
    first_places,
)
from .supplements import not_food
from .units import (
    BORROWED,
    MASS_G,
    Measures,
    NoAmountError,
    UnitError,
    canonical_unit,
    is_counted,
    is_mass,
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

    def column(self, name: str) -> np.ndarray:
        """The rows' column NAME (of ROW_COLUMNS) as an array."""
        return self.rows[name].to_numpy()

    def rows_used(self, rows: pd.DataFrame | None = None) -> int:
        """How many input rows the used ROWS (the read's, unless given) are: a row whose
        name joins foods is one, used as a row per food (`part`)."""
        part = self.column("part") if rows is None else rows["part"].to_numpy()
        return len(part) - joined_extra(part)

    def exported(self) -> np.ndarray:
        """Per row and VALUE_COLUMNS, whether the value came from the export."""
        return export_marks(self.rows, self.logged)

    def value_table(self) -> np.ndarray:
        """The rows' VALUE_COLUMNS, a row each (rows x columns, float)."""
        return self.rows[VALUE_COLUMNS].to_numpy(dtype=float)


class ColumnarRead(DiaryRead):
    """A DiaryRead whose rows are kept as arrays (COLUMNS: ROW_COLUMNS, one array each,
    those of VALUE_COLUMNS the columns of VALUES; EXPORT: the mask of values from the
    export), a frame made of them only when `rows`
    or `logged` is asked for: batch's folders of long exports take the arrays."""

    def __init__(
        self,
        *args: object,
        columns: dict[str, np.ndarray] | None = None,
        export: np.ndarray | None = None,
        values: np.ndarray | None = None,
        **fields: object,
    ) -> None:
        self.columns, self.export, self.values = columns, export, values
        self._frame = self._logged = None
        fields.setdefault("rows", None)
        fields.setdefault("logged", None)
        super().__init__(*args, **fields)  # type: ignore[arg-type]

    @property  # type: ignore[override]
    def rows(self) -> pd.DataFrame:
        if self._frame is None and self.columns is not None:
            frame = pd.DataFrame(self.columns, columns=ROW_COLUMNS)
            frame["flag"] = frame["flag"].astype(object)  # (as _read's frame has it)
            self._frame = frame
        return self._frame

    @rows.setter
    def rows(self, frame: pd.DataFrame | None) -> None:
        if frame is not None:  # rows given: they are the read's (no arrays of them)
            self.columns = self.export = self.values = None
        self._frame = frame

    @property  # type: ignore[override]
    def logged(self) -> pd.DataFrame | None:
        if self._logged is None and self.export is not None:
            self._logged = pd.DataFrame(self.export, columns=VALUE_COLUMNS)
        return self._logged

    @logged.setter
    def logged(self, frame: pd.DataFrame | None) -> None:
        self._logged = frame

    @property
    def users(self) -> list[str]:
        if self.columns is None or not self.has_users:
            return super().users
        return sorted(set(pd.Series(self.columns["user"], dtype=object).dropna()))

    def column(self, name: str) -> np.ndarray:
        return self.columns[name] if self.columns is not None else super().column(name)

    def exported(self) -> np.ndarray:
        return self.export if self.columns is not None else super().exported()

    def value_table(self) -> np.ndarray:
        return self.values if self.columns is not None else super().value_table()


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
    header: list[str],
    data: list[tuple[int, list[str]]],
    parse: RowParser,
    text_last: bool = False,
    dates: DateColumn | None = None,
) -> tuple[list[dict[str, object]], list[RejectedRow], list[RejectedRow]]:
    """(rows, rejected, skipped) of the data records, each record in exactly one.
    TEXT_LAST: the last column is free text that may hold unquoted commas. DATES: PARSE
    reads the date cell by DATES alone, into its row's `date` (a format with a column
    parser does): records alike in every other cell, each of a date DATES reads, then
    make one outcome, found once (an export repeats its rows on every day)."""
    rows: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    skipped: list[RejectedRow] = []
    who = person_column(header)
    user_at = header.index(who) if who is not None else None
    date_at = header.index(dates.column) if dates is not None and dates.column in header else None
    alike = date_at is not None and not text_last
    # the cells but the date -> (rows, rejected or skipped; the row, or the RejectedRow's
    # fields but its line)
    done: dict[tuple[str, ...], tuple[list, dict[str, object]]] = {}
    for line, fields in data:
        key = None
        if alike and len(fields) == len(header):
            date = _date_read(dates, fields[date_at])  # type: ignore[arg-type, index]
            if date is not None:
                key = (*fields[:date_at], *fields[date_at + 1 :])  # type: ignore[index, operator]
                found = done.get(key)
                if found is not None:
                    into, made = found
                    if into is rows:
                        rows.append({**made, "date": date, "line": line})
                    else:
                        into.append(RejectedRow(line=line, **made))  # type: ignore[arg-type]
                    continue
        record, too_many = _fields(header, line, fields, text_last)
        if too_many is not None:
            user = fields[user_at].strip() if user_at is not None and user_at < len(fields) else ""
            rejected.append(too_many.model_copy(update={"user": user or None}))
            continue
        try:
            row = parse(record)
        except Reject as reject:
            reason, column, value, message = reject.rejected
            into, made = rejected, {
                "reason": reason, "column": column, "value": shown(value), "message": message,
                "user": (record.get(who, "").strip() or None) if who else None,
            }  # fmt: skip
        except Skip as skip:
            reason, column, value, message = skip.skipped
            into = skipped
            made = {"reason": reason, "column": column, "value": value, "message": message}
        else:
            row.setdefault("line", line)
            into, made = rows, row
        if key is not None:
            done[key] = (into, dict(made))
        into.append(made if into is rows else RejectedRow(line=line, **made))  # type: ignore[arg-type]
    return rows, rejected, skipped


def _date_read(dates: DateColumn, text: str) -> str | None:
    """DATES' date of a date cell TEXT, or None where it rejects it."""
    try:
        return dates.read(text)
    except Reject:
        return None


def unmatched_food(
    written: str, resolution: Resolution, foods: FoodTable
) -> tuple[RejectReason, str]:
    """Why a food name took no food, as every reader says it: asked (ambiguous) or
    unknown, with the closest foods, or the foods it joins, to write apart (a joined
    name is refused only where its amount cannot be shared: `joined_parts`)."""
    reason = (
        RejectReason.AMBIGUOUS_FOOD if (resolution.score or 0) >= 60 else RejectReason.UNKNOWN_FOOD
    )
    parts = joined_foods(written, foods)
    if parts is not None:
        named = ", ".join(f'"{part}"' for part in parts[:-1]) + f' and "{parts[-1]}"'
        return reason, (
            f'food "{written}" names {len(parts)} foods, {named}: write each on a row of '
            "its own, with its amount"
        )
    words = "is ambiguous" if reason is RejectReason.AMBIGUOUS_FOOD else "is not known"
    return reason, f'food "{written}" {words}; {hint(resolution)}'


@dataclass(frozen=True)
class JoinedPart:
    """One food of a name that joins foods, and its share of the row's amount."""

    resolution: Resolution
    number: float | None  # None: the food's usual portion
    unit: str  # a unit key ("" with no number)
    shared: bool = False  # a weight the reader set: a share of the row's, or a guideline amount


# A drink's usual portion poured into another is a splash where it is at most this share
# of the drink's (cream's 20 g of a coffee's 360 g), else a glass of its own (milk's 244 g)
SPLASHES_IN_A_DRINK = 4

# Flag of each row of a name that joins foods (the row's food is the name as written)
JOINED = "one of the foods this name joins"


def joined_parts(
    written: str, number: float | None, unit: str, foods: FoodTable
) -> list[JoinedPart] | None:
    """The foods a name no food has joins (matching.joined_foods), each with its amount,
    or None where the name joins none or its amount cannot be shared. As a survey codes
    such a report: each food is a food of its own, and a food whose amount was not said
    takes its usual portion (FNDDS's "Quantity not specified"):
    - no amount: each food its usual portion;
    - a weight ("fish and chips, 400 g"): shared in proportion to their usual portions;
    - any other amount ("toast with butter, 2 slices"): of the first food it measures,
      the others their usual portion;
    - a drink added to a drink, its amount unsaid ("coffee with milk"): not shared, the
      person is asked for each.
    Each part but the one that took the amount as written is an assumed amount."""
    key = (written, number, unit)
    seen = foods.derived.setdefault("joined parts", {})
    if key not in seen:
        seen[key] = _joined_parts(written, number, unit, foods)
    return seen[key]


def _joined_parts(
    written: str, number: float | None, unit: str, foods: FoodTable
) -> list[JoinedPart] | None:
    texts = joined_foods(written, foods)
    if texts is None:
        return None
    found = resolve_names(list(texts), foods)
    parts = [found[text] for text in texts]
    measures = [foods.conversions(str(part.food_id)) for part in parts]
    # (as a row of the food alone reads it: its own usual portion, else a lender's)
    usual = [reading.grams if (reading := measure.usual()) else None for measure in measures]
    taker = None
    if number is not None:
        grams = _mass_of(number, unit)
        if not np.isnan(grams):  # a weight of all of it: shared as their usual portions
            if any(u is None for u in usual):
                return None
            total = sum(usual)  # type: ignore[arg-type]
            return [
                JoinedPart(part, grams * u / total, "g", shared=True)  # type: ignore[operator]
                for part, u in zip(parts, usual, strict=True)
            ]
        taker = next((at for at, m in enumerate(measures) if _reads(m, number, unit)), None)
        if taker is None:
            return None
    # the first food's weight, where it is known: what FNDDS's guideline amounts of the
    # others are per ("per fl oz of beverage": milk in a coffee)
    first = usual[0]
    if taker == 0:
        first = measures[0].reading(number, unit).grams  # type: ignore[arg-type]
    guided = [
        None
        if at in (0, taker) or first is None
        else _guided(str(part.food_id), measures[0], first, foods)
        for at, part in enumerate(parts)
    ]
    if any(u is None and guided[at] is None for at, u in enumerate(usual) if at != taker):
        return None
    # a drink's usual portion is a glass of it, not what is poured into another drink
    # ("coffee with milk" is no glass of milk): the person is asked for each amount; a
    # splash is its own usual portion (cream, 20 g, in a double double)
    if any(
        measures[0].liquid
        and measures[at].liquid
        and guided[at] is None
        and (first is None or usual[at] * SPLASHES_IN_A_DRINK > first)  # type: ignore[operator]
        for at in range(1, len(parts))
        if at != taker
    ):
        return None
    return [
        JoinedPart(part, number, unit)
        if at == taker
        else JoinedPart(part, guided[at], "g", shared=True)
        if guided[at] is not None
        else JoinedPart(part, None, "")
        for at, part in enumerate(parts)
    ]


@functools.cache
def guideline_amounts() -> dict[str, dict[str, float]]:
    """FNDDS's guideline amounts (screener/data/guidelines.csv, built from its Portions
    and Weights workbook): food_id -> {what it is per ("per fl oz of beverage"): grams}."""
    text = (resources.files("screener") / "data" / "guidelines.csv").read_text("utf-8")
    found: dict[str, dict[str, float]] = {}
    for row in csv.DictReader(text.splitlines()):
        found.setdefault(row["food_id"], {})[row["per"]] = float(row["grams"])
    return found


# What a guideline amount is per -> (the unit of the first food it counts, the words
# that food's name must hold to be that food: a bread or roll, a hot cereal)
GUIDED_PER: dict[str, tuple[str, re.Pattern[str] | None]] = {
    "per fl oz of beverage": ("fl oz", None),  # (any drink)
    "per slice of bread/roll": (
        "slice", re.compile(r"\b(?:bread|toast|roll|bagel|bun|muffin)s?\b", re.IGNORECASE),
    ),
    "per cup of hot cereal": (
        "cup",
        re.compile(
            r"\b(?:oatmeal|grits|farina|cream of wheat|porridge)\b|\bcereals?\b.*\bcooked\b",
            re.IGNORECASE,
        ),
    ),
}  # fmt: skip


def _guided(food_id: str, first: Measures, first_grams: float, foods: FoodTable) -> float | None:
    """Grams of FOOD_ID with FIRST_GRAMS of the food FIRST measures, by FNDDS's guideline
    amount of it (its own, else its FNDDS twin's) per what FIRST is ("tea with milk": 2.5
    g of milk per fl oz of the tea; "toast with butter": 7 g a slice), or None."""
    amounts = guideline_amounts()
    own = amounts.get(food_id) or amounts.get(foods.twins.get(food_id, ""), {})
    for per, (unit, named) in GUIDED_PER.items():
        if per not in own or (named is None and not first.liquid):
            continue
        if named is not None and not named.search(first.food_name):
            continue
        try:
            each = first.to_grams(1.0, unit)
        except UnitError:
            continue
        return own[per] * first_grams / each
    return None


def _reads(measure: Measures, number: float, unit: str) -> bool:
    """Whether MEASURE reads NUMBER of UNIT as an amount that can be meant, as a row of
    the food alone does (a lender's measure too)."""
    try:
        grams = measure.reading(number, unit).grams
    except UnitError:
        return False
    return not implausible_amount(number, unit, grams, measure)


def joined_extra(part: np.ndarray) -> int:
    """How many rows are the second and later foods of a joined name (PART: the rows'
    `part`, the food's place in the name, 0 first; NaN in a row of one food)."""
    part = np.asarray(part, dtype=float)
    return int((part > 0).sum())


def hint(resolution: Resolution) -> str:
    """'did you mean: a; b; c', or what to do when nothing comes close."""
    if resolution.suggestions:
        return "did you mean: " + "; ".join(resolution.suggestions)
    return "nothing close: try `screener foods search`, or add it with --aliases or --foods"


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

    queue = list(reversed(rows))  # (a name that joins foods puts a row of each back)
    while queue:
        row = queue.pop()
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
        elif "joined" in row:  # one food of a name that joins foods
            resolution = row.pop("joined")  # type: ignore[assignment]
        else:
            written = str(row.get("match_text") or row["food"])
            resolution = resolutions[written]
            parts = None
            # (a guess may be a dish of other foods than the name joins: joined_foods)
            guessed = resolution.food_id is None or resolution.match in GUESSED
            if guessed and not strict and _amount_read(row):
                number, unit = row.get("number"), str(row.get("unit_key") or "")
                parts = joined_parts(written, number, unit, foods)  # type: ignore[arg-type]
            if parts is not None:  # a row of each, in the name's order
                queue.extend(reversed(_rows_of_parts(row, parts)))
                continue
            if resolution.food_id is None:
                reason, message = unmatched_food(written, resolution, foods)
                refuse(row, reason, "food", message)
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
        if row.get("number") is not None:  # "2 tsp instant coffee": the powder
            measured = foods.as_measured(food_key, str(row["unit_key"]))
            if measured != food_key:
                food_key, name = measured, str(foods.foods.at[measured, "name"])
                others = [s for s in resolution.suggestions if not s.startswith(f"{measured} ")]
                resolution = resolution.model_copy(
                    update={"food_id": measured, "name": name, "suggestions": others}
                )
        if food_key not in measures:
            measures[food_key] = foods.conversions(food_key)
        measure = measures[food_key]
        if row.get("number") is None:  # no amount: the food's usual portion, said so
            reading = measure.usual()
            if reading is None:
                error = NoAmountError(measure.food_name, measure.described)
                refuse(row, RejectReason.MISSING_VALUE, "amount", str(error))
                continue
        else:
            number = float(row["number"])  # type: ignore[arg-type]
            if np.isnan(number):
                refuse(
                    row, RejectReason.BAD_AMOUNT, "amount", f"amount {row['amount']!r} is no number"
                )
                continue
            unit = str(row["unit_key"])
            try:
                reading = measure.reading(number, unit)
            except UnitError as error:
                refuse(
                    row, RejectReason.UNKNOWN_UNIT, "unit" if row["unit"] else "amount", str(error)
                )
                continue
            too_much = implausible_amount(number, unit, reading.grams, measure)
            if too_much:
                refuse(row, RejectReason.BAD_AMOUNT, "unit" if row["unit"] else "amount", too_much)
                continue
        grams, row["amount_assumed"] = reading.grams, reading.assumed
        if reading.note:  # another food's measure: which, in the row's notes
            before = row.get("flag")
            row["flag"] = reading.note if not before or before == reading.note else (
                f"{before}; {reading.note}")  # fmt: skip
        row["food_id"], row["name"] = resolution.food_id, resolution.name
        row["table"] = foods.foods.at[food_key, "source"]
        row["match"], row["score"] = resolution.match.value, resolution.score  # type: ignore[union-attr]
        if row.get("part") is not None:  # which foods a name joins is an assumption
            if resolution.match is not MatchKind.FUZZY:
                row["match"] = MatchKind.ASSUMED.value
            row["amount_assumed"] = bool(row["amount_assumed"]) or row.pop("shared", False)
        if resolution.match is MatchKind.ASSUMED and resolution.suggestions:  # to pin one
            row["alternatives"] = "; ".join(resolution.suggestions)
        row["grams"] = grams
        kept.append(row)
    used = list(resolutions.values()) + list(seen_ids.values())
    return kept, rejected, used


def _amount_read(row: dict[str, object]) -> bool:
    """Whether ROW's amount is read: none at all, or a number (not a cell of no number)."""
    number = row.get("number")
    return number is None or not np.isnan(float(number))  # type: ignore[arg-type]


def _rows_of_parts(row: dict[str, object], parts: list[JoinedPart]) -> list[dict[str, object]]:
    """A row of each food of PARTS, the foods ROW's name joins: its line and its food as
    written, each part's amount (an amount it did not say written empty) and flag."""
    made = []
    for at, part in enumerate(parts):
        mine = dict(row, part=at, joined=part.resolution, flag=JOINED)
        mine["number"], mine["unit_key"] = part.number, part.unit
        if part.number is None:
            mine["amount"] = mine["unit"] = ""
        elif part.shared:  # a weight the reader set
            mine["amount"], mine["unit"], mine["shared"] = f"{part.number:.4g}", "g", True
        made.append(mine)
    return made


def _nutrient_amounts(rows: pd.DataFrame, foods: FoodTable) -> pd.DataFrame:
    """Fill each matched row's nutrient amounts: grams / 100 x value per 100 g, except
    where the row carries the export's own value, which is used as logged. Logged rows
    keep theirs. A value unknown in both stays unknown (NaN), never 0.

    Returns where each value came from: True where from the export."""
    values = rows[VALUE_COLUMNS].to_numpy(dtype=float, copy=True)
    match, food_id = rows["match"].to_numpy(dtype=object), rows["food_id"].to_numpy()
    grams = rows["grams"].to_numpy(dtype=float)
    filled, from_export, sources = _amounts(values, match, food_id, grams, foods)
    if filled:
        rows[VALUE_COLUMNS] = values
    rows["values_from"] = sources
    return pd.DataFrame(from_export, columns=VALUE_COLUMNS, index=rows.index)


def _amounts(
    values: np.ndarray, match: np.ndarray, food_id: np.ndarray, grams: np.ndarray, foods: FoodTable
) -> tuple[bool, np.ndarray, np.ndarray]:
    """_nutrient_amounts of the rows' arrays: VALUES (rows x VALUE_COLUMNS) filled in
    place. (Whether any row was matched, so filled; where each value came from the
    export; each row's values_from.)"""
    from_export = ~np.isnan(values)
    matched = match != MatchKind.LOGGED.value
    from_table = np.zeros_like(from_export)
    if matched.any():
        per_100g = foods.values_of(food_id[matched])
        table = per_100g * grams[matched, None] / 100.0
        logged = values[matched]
        values[matched] = np.where(np.isnan(logged), table, logged)
        from_table[matched] = np.isnan(logged) & ~np.isnan(table)
    sources = source_names(from_export.any(axis=1), from_table.any(axis=1))
    return bool(matched.any()), from_export, sources


def value_sources(rows: pd.DataFrame, logged: pd.DataFrame | None) -> dict[str, ValueSource]:
    """Per value column, where the known values of ROWS came from (LOGGED: the read's
    mask of values from the export, or None when none were)."""
    known = ~np.isnan(rows[VALUE_COLUMNS].to_numpy(dtype=float))  # every column at once
    export = export_marks(rows, logged)
    from_export, from_table = (known & export).any(axis=0), (known & ~export).any(axis=0)
    names = source_names(from_export, from_table)
    return {column: ValueSource(str(names[at])) for at, column in enumerate(VALUE_COLUMNS)}


def export_marks(rows: pd.DataFrame, logged: pd.DataFrame | None) -> np.ndarray:
    """Per row of ROWS and VALUE_COLUMNS, whether its value came from the export
    (LOGGED: the read's mask of those, or None when none did)."""
    if logged is None:
        return np.zeros((len(rows), len(VALUE_COLUMNS)), dtype=bool)
    marks = logged if list(logged.columns) == VALUE_COLUMNS else logged[VALUE_COLUMNS]
    export = marks.to_numpy(dtype=bool)
    if not logged.index.equals(rows.index):  # some of the read's rows: theirs
        at = logged.index.get_indexer(rows.index)  # (a row it has not: unknown, True)
        export = np.where((at >= 0)[:, None], export[at], True)
    return export


def source_names(export: np.ndarray | bool, table: np.ndarray | bool) -> np.ndarray:
    """The ValueSource of each (export, table) pair of flags."""
    return np.select(
        [np.logical_and(export, table), export, table],
        [ValueSource.BOTH.value, ValueSource.EXPORT.value, ValueSource.FOOD_TABLE.value],
        default=ValueSource.NONE.value,
    )


def assumed_rows(rows: pd.DataFrame) -> list[AssumedRow]:
    """ROWS (of ROW_COLUMNS) as a report or review lists what was assumed of them."""
    columns = (rows[column].tolist() for column in ("line", "food", "name", "grams", "flag"))
    return [  # (zip, not itertuples: a namedtuple class of every column is made per call)
        AssumedRow(
            line=int(line),
            food=str(food),
            name=None if pd.isna(name) else str(name),
            grams=None if pd.isna(grams) else round(float(grams), 1),
            borrowed=borrowed_from(flag),
        )
        for line, food, name, grams, flag in zip(*columns, strict=True)
    ]


def borrowed_from(flag: object) -> str | None:
    """The food a row's amount was read by, from its flag's note (units.Lent.note:
    'borrowed measure: SR28 09040 "Bananas, raw" (why)' gives 'SR28 09040 "Bananas,
    raw"'), or None."""
    if not isinstance(flag, str) or BORROWED not in flag:
        return None
    note = next(part for part in flag.split("; ") if part.startswith(BORROWED))
    return note.split(": ", 1)[-1].rsplit(" (", 1)[0]


def implausible_amount(number: float, unit: str, grams: float, measures: Measures) -> str | None:
    """Why an amount said in a unit that is no weight cannot be meant (see MAX_PORTIONS),
    or None."""
    if is_mass(unit):
        return None
    largest = measures.largest_for(unit)  # a borrowed measure is judged with the lender's
    limit = min(IMPLAUSIBLE_GRAMS, MAX_PORTIONS * largest or IMPLAUSIBLE_GRAMS)
    if grams <= limit:
        return None
    counted = f" ({measures.natural[0]})" if is_counted(unit) and measures.natural else ""
    said = f"{number:g} {'' if is_counted(unit) else unit}".strip() + counted
    beyond = (
        f"{MAX_PORTIONS} times its largest measure ({largest:g} g)"
        if limit < IMPLAUSIBLE_GRAMS
        else f"{IMPLAUSIBLE_GRAMS / 1000:g} kg"
    )
    fix = (
        f'a bare number counts, it is not grams: for grams write "{number:g} g"'
        if is_counted(unit)
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
        and is_counted(str(row.get("unit_key") or ""))
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
    found = _implausible_flags(
        frame["grams"].to_numpy(dtype=float), frame["date"].to_numpy(dtype=object),
        frame["user"].to_numpy(),
    )  # fmt: skip
    for position, why in found:
        _add_flag(frame, position, why)


def _flag_implausible_in(columns: dict[str, np.ndarray]) -> None:
    """_flag_implausible of the rows' arrays (COLUMNS, of ROW_COLUMNS)."""
    found = _implausible_flags(columns["grams"], columns["date"], columns["user"])
    flags = columns["flag"]
    for position, why in found:
        before = flags[position]
        flags[position] = f"{before}; {why}" if isinstance(before, str) else why


def _implausible_flags(
    grams: np.ndarray, dates: np.ndarray, users: np.ndarray
) -> list[tuple[int, str]]:
    """(position, why) of each implausible row, in the order their flags add up."""
    if not len(grams):
        return []
    found: list[tuple[int, str]] = []
    today = dt.date.today() + dt.timedelta(days=1)  # a day of time zones
    # each distinct date once, in date order (a row's: WHERE)
    codes, texts = factorized(dates)
    order = np.argsort(np.array([str(text) for text in texts], dtype=object), kind="stable")
    distinct = [str(texts[at]) for at in order]
    where = np.empty(len(order), dtype=np.int64)
    where[order] = np.arange(len(order))
    where = where[codes]
    days = np.array([_day_number(d) for d in distinct])
    gaps = np.diff(days)
    before = np.concatenate([[np.inf], gaps])  # days to the date before, and after
    after = np.concatenate([gaps, [np.inf]])
    isolated = (np.minimum(before, after) > FAR_DAYS) & (len(days) > 1)
    earliest, latest = EARLIEST_DATE.isoformat(), today.isoformat()
    odd_date = np.array([d < earliest or d > latest for d in distinct], dtype=bool)
    suspect = (grams > IMPLAUSIBLE_GRAMS) | (odd_date | isolated)[where]
    for position in np.flatnonzero(suspect):
        day = where[position]
        why = implausible(float(grams[position]), distinct[day], bool(isolated[day]), today)
        if why is not None:
            found.append((int(position), why))
    return found + _implausible_days(users, grams, (codes, texts))


@functools.lru_cache(maxsize=1 << 14)
def _day_number(date: str) -> int:
    """The day number (ordinal) of an ISO date: a folder's files share their dates."""
    return dt.date.fromisoformat(date).toordinal()


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


def _implausible_days(
    users: np.ndarray, grams: np.ndarray, dated: tuple[np.ndarray, np.ndarray]
) -> list[tuple[int, str]]:
    """(position, why) of every row of a day (of one person) with implausibly many rows
    or grams. DATED: the rows' dates factorized (each row's code, the distinct dates)."""
    if users.dtype.kind == "f" and np.isnan(users).all():  # a diary without users
        user = np.zeros(len(users), dtype=np.int64)
    else:
        user, _ = factorized(users)  # (no user: NaN)
    date, dates = dated
    day_of, days = pd.factorize(user * len(dates) + date)  # a person's day: one integer
    sizes = np.bincount(day_of, minlength=len(days))
    weights = np.bincount(day_of, weights=np.nan_to_num(grams), minlength=len(days))
    odd = np.flatnonzero((sizes > IMPLAUSIBLE_DAY_ROWS) | (weights > ROW_MOST_GRAMS))
    why = {
        day: implausible_day(int(sizes[day]), float(weights[day]), dates[days[day] % len(dates)])
        for day in odd
    }
    return [
        (int(position), str(why[day_of[position]]))
        for position in np.flatnonzero(np.isin(day_of, odd))
    ]


def read_diary(
    path: Path | str,
    foods: FoodTable | None = None,
    strict: bool = False,
    user: str | None = None,
    data: bytes | None = None,
    columnar: bool = False,
) -> DiaryRead:
    """Read a diary file of any format screener knows into rows of known foods and grams.

    Bad rows are collected in `rejected` with their line and reason, never dropped.
    With STRICT, a fuzzy name match is a rejection too, and any rejection raises
    DiaryRejectedError (in a diary of several people, for USER's rows only: another's
    bad row is no reason to refuse USER's report). A file that cannot be read at all
    raises DataFileError. DATA: the file's bytes, when they are already in memory (an
    upload, never written to disk); PATH then only names the diary. COLUMNAR: read the
    records of a format that has a column parser a column at a time (batch's folders of
    long exports), the same rows and rejections as row by row.
    """
    foods = foods or default_foods()
    name = str(path)
    raw = read_bytes(path) if data is None else data
    notes: list[str] = []
    if is_zip(raw):  # the export as downloaded: its diary, read as if given directly
        name, raw, notes = diary_in_zip(name, raw)
    text, warnings = decode(raw, name)
    utf8 = raw if not warnings and not is_utf16(raw) and not raw.startswith(BOM_UTF8) else None
    warnings = notes + warnings
    decimal_comma = DECIMAL_COMMA.set(delimiter_of(text) == ";")
    try:
        return _read(name, text, warnings, foods, strict, user, columnar, utf8)
    finally:
        DECIMAL_COMMA.reset(decimal_comma)


def _read(
    name: str,
    text: str,
    warnings: list[str],
    foods: FoodTable,
    strict: bool,
    user: str | None,
    columnar: bool = False,
    utf8: bytes | None = None,
) -> DiaryRead:
    """read_diary, once the file's text is in hand (UTF8: its bytes, where they are the
    text's UTF-8)."""
    table = record_columns(text, name, utf8) if columnar and user is None else None
    if table is not None:
        diary_format = detect(table[0], name)
        text_last = bool(table[0]) and table[0][-1] in diary_format.free_text_columns
        if diary_format.column_parser is None or DECIMAL_COMMA.get() or text_last:
            table = None  # read row by row: records() as every command reads it
    if table is None:
        header, data = records(text, name, user)
        data_lines = len(data)
    else:
        header, lines, cells, longest = table
        data_lines = len(lines)
    if user is not None and person_column(header) and not data:
        raise DataFileError(name, f"has no row of user {user!r}")
    diary_format = detect(header, name)
    date_column = diary_format.date_column(header)
    position = header.index(date_column)
    if table is None:
        dated = ((line, fields[position]) for line, fields in data if position < len(fields))
    else:  # each distinct date once, at its first line: what date_order decides by
        codes, distinct = factorized(cells[position])
        first = first_places(codes)
        dated = zip(lines[first].tolist(), distinct.tolist(), strict=True)
    order = date_order(dated, diary_format.date_order, name, date_column)
    dates = DateColumn(date_column, order)
    parse = diary_format.row_parser(header, dates)
    text_last = bool(header) and header[-1] in diary_format.free_text_columns
    in_columns: dict[str, np.ndarray] = {}
    column_parser = diary_format.column_parser
    alike = dates  # a format with a column parser reads its date cells by DATES alone
    if table is not None:
        fits = longest is not None and longest <= MAX_CELL  # no cell can be too long
        in_columns, left = _parse_table(header, lines, cells, column_parser, dates, fits)
    elif columnar and column_parser is not None and not DECIMAL_COMMA.get() and not text_last:
        in_columns, left = _parse_columns(header, data, column_parser, dates)
    else:
        left, alike = data, None
    parsed, rejected, skipped = parse_rows(header, left, parse, text_last, alike)
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
    fields = {
        "path": name, "kind": diary_format.kind, "rejected": rejected,
        "data_lines": data_lines, "resolutions": resolutions, "warnings": warnings,
        "has_users": person_column(header) is not None, "skipped": skipped,
        "has_foods": diary_format.has_foods,
    }  # fmt: skip
    numbers = [*VALUE_COLUMNS, "grams", "score"]
    if in_columns:  # kept as arrays (ColumnarRead): the frame only when asked for
        read: DiaryRead = _columnar_read(_frame_of(in_columns, parsed), numbers, foods, fields)
        empty = not len(read.column("line"))
    else:
        frame = pd.DataFrame(parsed, columns=ROW_COLUMNS)
        dtypes = frame.dtypes.to_dict()  # (one look at the frame, not one per column)
        if any(dtypes[column] != np.float64 for column in numbers):  # one conversion
            frame[numbers] = frame[numbers].to_numpy(dtype="float64")
        frame["flag"] = frame["flag"].astype(object)
        line = frame["line"].to_numpy()
        if len(line) > 1 and not (line[1:] >= line[:-1]).all():  # (in order already: as is)
            frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
        logged = _nutrient_amounts(frame, foods)
        _flag_implausible(frame)
        read = DiaryRead(rows=frame, logged=logged, **fields)
        empty = frame.empty
    counted = [r for r in rejected if user is None or r.user == user]
    if strict and counted:
        raise DiaryRejectedError(name, counted)
    if empty:
        raise NoUsableRowsError(name, rejected)
    return read


def _columnar_read(
    columns: dict[str, np.ndarray], numbers: list[str], foods: FoodTable, fields: dict
) -> ColumnarRead:
    """The rows' COLUMNS (_frame_of's) made what _read makes of a frame of them (the
    NUMBERS as floats, flags as objects, in line order, values filled, implausible rows
    flagged), as a ColumnarRead of FIELDS."""
    for column in numbers:
        if columns[column].dtype != np.float64:
            columns[column] = columns[column].astype(np.float64)
    flag = columns["flag"]
    if flag.dtype != object and np.isnan(flag).all():  # no flag: one NaN object for all
        columns["flag"] = np.empty(len(flag), dtype=object)  # (not a float object made
        columns["flag"].fill(np.nan)  # for every row)
    else:
        columns["flag"] = flag.astype(object)
    line = columns["line"]
    if len(line) > 1 and not (line[1:] >= line[:-1]).all():  # (in order already: as is)
        order = np.argsort(line, kind="stable")
        columns = {column: values[order] for column, values in columns.items()}
    values = np.column_stack([columns[column] for column in VALUE_COLUMNS])
    match, food_id = columns["match"], columns["food_id"]
    _, export, sources = _amounts(values, match, food_id, columns["grams"], foods)
    for at, column in enumerate(VALUE_COLUMNS):
        columns[column] = values[:, at]
    columns["values_from"] = sources
    _flag_implausible_in(columns)
    return ColumnarRead(columns=columns, export=export, values=values, **fields)


def _parse_columns(
    header: list[str],
    data: list[tuple[int, list[str]]],
    column_parser,
    dates: DateColumn,
) -> tuple[dict[str, np.ndarray], list[tuple[int, list[str]]]]:
    """(The rows COLUMN_PARSER (a DiaryFormat's) reads of DATA's records, as columns
    with their `line` and `grams`; the records left to the row parser.) Only records as
    wide as the header go to it: _fields says what the others are."""
    wide = np.fromiter((len(fields) == len(header) for _, fields in data), bool, len(data))
    at = np.flatnonzero(wide)
    lines = np.array([data[i][0] for i in at], dtype=np.int64)
    columns = zip(*(data[i][1] for i in at), strict=True)
    cells = [np.array(column, dtype=object) for column in columns]
    rows, left = _parse_table(header, lines, cells, column_parser, dates)
    left_lines = {line for line, _ in left}  # (each record has a line of its own)
    return rows, [
        record
        for record, whole in zip(data, wide, strict=True)
        if not whole or record[0] in left_lines
    ]


def _parse_table(
    header: list[str],
    lines: np.ndarray,
    cells: list[np.ndarray],
    column_parser,
    dates: DateColumn,
    fits: bool = False,
) -> tuple[dict[str, np.ndarray], list[tuple[int, list[str]]]]:
    """(The rows COLUMN_PARSER (a DiaryFormat's) reads of the records starting on LINES,
    CELLS holding each header column's cells of them (every record as wide as the
    header), as columns with their `line` and `grams`; the records left to the row
    parser, in line order.) A record with a cell too long goes to the row parser too:
    _fields says what it is (FITS: no cell is, known already). Its rows are values as
    logged, each with grams where its amount is a mass, as _resolve gives a logged row."""
    count = len(lines)
    too_long = np.zeros(count, dtype=bool)
    for texts in [] if fits else cells:  # a cell too long: _fields says which (at C
        if count and max(map(len, texts)) > MAX_CELL:  # speed when none is)
            too_long |= np.fromiter(map(len, texts), np.int64, count) > MAX_CELL
    at = np.flatnonzero(~too_long)
    if not len(at):
        return {}, _records_at(lines, cells, np.arange(count))
    mine = [texts[at] for texts in cells] if too_long.any() else cells
    rows, left = column_parser(header, mine if mine else [[]] * len(header), dates)
    rows["line"] = lines[at[~left]]
    codes = factorized(rows["amount"])[0]
    first = first_places(codes)
    grams = [_mass_of(rows["number"][i], str(rows["unit_key"][i])) for i in first]
    rows["grams"] = np.array(grams, dtype=float)[codes] if len(codes) else np.array([])
    remaining = np.sort(np.concatenate([np.flatnonzero(too_long), at[left]]))
    return rows, _records_at(lines, cells, remaining)


def _records_at(
    lines: np.ndarray, cells: list[np.ndarray], at: np.ndarray
) -> list[tuple[int, list[str]]]:
    """The records AT (positions) as records() gives them: (line, fields)."""
    fields = zip(*(texts[at].tolist() for texts in cells), strict=True) if cells else ()
    return [(line, list(row)) for line, row in zip(lines[at].tolist(), fields, strict=True)]


def _frame_of(
    in_columns: dict[str, np.ndarray], parsed: list[dict[str, object]]
) -> dict[str, np.ndarray]:
    """The rows of a read as one array per column of ROW_COLUMNS: those read a column at
    a time (IN_COLUMNS) and those row by row (PARSED), as a frame of the rows alone has
    them."""
    count = len(in_columns["line"])
    columns = {}
    for name in ROW_COLUMNS:
        mine = in_columns.get(name)
        if mine is None:  # no value in any row read here: unknown, as a row without it
            mine = np.full(count, np.nan)
        if not parsed:  # (as joined to none: its own, text as objects; IN_COLUMNS' arrays
            columns[name] = mine if mine.dtype.kind in "ifO" else mine.astype(object)
            continue  # are the read's alone, not copied again)
        theirs = [row.get(name, np.nan) for row in parsed]
        if mine.dtype.kind in "if":  # numbers (the line, grams, values) stay numbers
            try:
                columns[name] = np.concatenate([mine, np.array(theirs, dtype=mine.dtype)])
                continue
            except (TypeError, ValueError):  # a text among them: pandas says what
                pass
        columns[name] = np.concatenate([mine.astype(object), np.array(theirs, dtype=object)])
    return columns


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
    outside = outside[~(outside["part"].to_numpy(dtype=float) > 0)]  # a line once
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
