"""Reading diary files into rows: the meal log and Cronometer's exports.

Every data line of the file ends either as a row (with the food and grams it became)
or as a RejectedRow with its line number and reason: `len(rows) + len(rejected) ==
data_lines` always holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from .csvfile import read_text, records
from .errors import DataFileError, ScreenerError
from .foods import FoodTable, default_foods, normalize_food_id, resolve_names
from .models import MatchKind, RejectedRow, RejectReason, Resolution
from .nutrients import IU_PER_UG_VITAMIN_D, NUTRIENTS, VALUE_COLUMNS, Nutrient
from .supplements import nutrient_of, to_nutrient_unit
from .units import MASS_G, AmountError, Measures, UnitError, canonical_unit, parse_amount

# One row that weighs more than this is flagged as implausible (still used, and said).
IMPLAUSIBLE_GRAMS = 3000.0

ROW_COLUMNS = [
    "line", "date", "meal", "user", "food", "food_id", "name", "match", "score",
    "amount", "unit", "grams", "flag", "source", *VALUE_COLUMNS,
]  # fmt: skip


class DiaryKind(StrEnum):
    MEAL_LOG = "meal log"
    CRONOMETER_SERVINGS = "Cronometer servings export"
    CRONOMETER_DAILY = "Cronometer daily summary export"


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

    @property
    def users(self) -> list[str]:
        return sorted(set(self.rows["user"].dropna())) if self.has_users else []


# --- dates ----------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_OTHER_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})$")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD and the ISO-like forms people type (2026-3-4, 2026/03/04, 20260304,
    2026-03-04T08:00). Day-month orders are refused: 03/04/2026 could be either."""
    cleaned = text.strip()
    match = _ISO_DATE.match(cleaned) or _COMPACT_DATE.match(cleaned)
    if match:
        year, month, day = (int(part) for part in match.groups()[:3])
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"no such date: {cleaned!r}") from None
    other = _OTHER_DATE.match(cleaned)
    if other:
        first, second = int(other.group(1)), int(other.group(2))
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(
                f"ambiguous date {cleaned!r} (day/month or month/day?): write it as YYYY-MM-DD"
            )
        raise ValueError(f"date {cleaned!r} is not in YYYY-MM-DD form")
    raise ValueError(f"not a date: {cleaned!r} (write YYYY-MM-DD)")


# --- format detection ------------------------------------------------------------------------

# Cronometer nutrient columns, matched by name and unit, never by position. Each pattern
# is matched against the lower-cased header; the factor turns the column into our unit.
_MICRO = "(?:µg|μg|mcg|ug)"
CRONOMETER_COLUMNS: dict[str, list[tuple[str, float]]] = {
    "energy_kcal": [(r"energy \(kcal\)", 1.0)],
    "water_g": [(r"water \(g\)", 1.0)],
    "caffeine_mg": [(r"caffeine \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.MAGNESIUM].column: [(r"magnesium \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.CALCIUM].column: [(r"calcium \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.THIAMIN].column: [(r"(?:b1 \(thiamine?\)|thiamine?) \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_B6].column: [(r"(?:b6 \(pyridoxine\)|vitamin b6) \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_B12].column: [
        (rf"(?:b12 \(cobalamin\)|vitamin b12) \({_MICRO}\)", 1.0)
    ],
    NUTRIENTS[Nutrient.VITAMIN_D].column: [
        (r"vitamin d \(iu\)", 1.0 / IU_PER_UG_VITAMIN_D),
        (rf"vitamin d \({_MICRO}\)", 1.0),
    ],
    NUTRIENTS[Nutrient.POTASSIUM].column: [(r"potassium \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.SODIUM].column: [(r"sodium \(mg\)", 1.0)],
}
OTHER_EXPORTS = {
    "exercise": "a Cronometer exercise export",
    "calories burned": "a Cronometer exercise export",
    "metric": "a Cronometer biometrics export",
    "note": "a Cronometer notes export",
}
MEAL_LOG_HELP = (
    "expected a meal log (columns date, food or food_id, amount, unit; see the README) "
    "or a Cronometer servings or daily-summary export"
)


def cronometer_columns(header: list[str]) -> dict[str, tuple[int, float]]:
    """Our value column -> (position, factor) for each nutrient column the header has."""
    found: dict[str, tuple[int, float]] = {}
    for position, name in enumerate(header):
        for column, patterns in CRONOMETER_COLUMNS.items():
            for pattern, factor in patterns:
                if column not in found and re.fullmatch(pattern, name):
                    found[column] = (position, factor)
    return found


def detect_kind(header: list[str], path: str) -> DiaryKind:
    names = set(header)
    nutrients = cronometer_columns(header)
    if "food name" in names and "amount" in names and ("day" in names or "date" in names):
        return DiaryKind.CRONOMETER_SERVINGS
    if {"date", "amount"} <= names and ({"food", "food_id"} & names):
        return DiaryKind.MEAL_LOG
    if ("date" in names or "day" in names) and "energy (kcal)" in names and len(nutrients) > 2:
        return DiaryKind.CRONOMETER_DAILY
    for column, export in OTHER_EXPORTS.items():
        if column in names:
            raise DataFileError(
                path,
                f"this looks like {export}; export 'Servings' (Food & Recipe entries) "
                "from Cronometer instead",
            )
    shown = ", ".join(header[:8]) + (", …" if len(header) > 8 else "")
    raise DataFileError(path, f"no recognisable header ({shown}): {MEAL_LOG_HELP}", line=1)


# --- rows -----------------------------------------------------------------------------------


class _Reject(Exception):
    def __init__(self, reason: RejectReason, column: str | None, value: str, message: str):
        self.rejected = (reason, column, value, message)


def _required(record: dict[str, str], column: str) -> str:
    value = record.get(column, "").strip()
    if not value:
        raise _Reject(RejectReason.MISSING_VALUE, column, "", f"no {column}")
    return value


def _date(record: dict[str, str], column: str) -> str:
    value = _required(record, column)
    try:
        return parse_date(value).isoformat()
    except ValueError as error:
        raise _Reject(RejectReason.BAD_DATE, column, value, str(error)) from None


def _number(value: str, column: str) -> float:
    """A nutrient cell: empty is unknown (NaN), never zero."""
    text = value.strip().replace(",", "")
    if not text:
        return np.nan
    try:
        number = float(text)
    except ValueError:
        raise _Reject(
            RejectReason.BAD_AMOUNT, column, value, f"{column}: {value!r} is not a number"
        ) from None
    if not np.isfinite(number) or number < 0:
        raise _Reject(RejectReason.BAD_AMOUNT, column, value, f"{column}: {value!r} is not valid")
    return number


def _fields(
    header: list[str], line: int, fields: list[str]
) -> tuple[dict[str, str], RejectedRow | None]:
    extra = fields[len(header) :]
    if any(value.strip() for value in extra):
        return {}, RejectedRow(
            line=line,
            reason=RejectReason.TOO_MANY_FIELDS,
            value=",".join(fields),
            message=f"{len(fields)} fields where the header has {len(header)} "
            "(a comma inside a name? quote it)",
        )
    padded = fields + [""] * (len(header) - len(fields))
    return dict(zip(header, padded, strict=False)), None


def _parse_rows(
    header: list[str],
    records: list[tuple[int, list[str]]],
    parse: Callable[[dict[str, str]], dict[str, object]],
) -> tuple[list[dict[str, object]], list[RejectedRow]]:
    rows: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    for line, fields in records:
        record, too_many = _fields(header, line, fields)
        if too_many is not None:
            rejected.append(too_many)
            continue
        try:
            row = parse(record)
        except _Reject as reject:
            reason, column, value, message = reject.rejected
            rejected.append(
                RejectedRow(line=line, reason=reason, column=column, value=value, message=message)
            )
            continue
        row.setdefault("line", line)
        rows.append(row)
    return rows, rejected


def _logged_values(record: dict[str, str], header: list[str]) -> dict[str, float]:
    values = {}
    for column, (position, factor) in cronometer_columns(header).items():
        values[column] = _number(record.get(header[position], ""), header[position]) * factor
    return values


def _cronometer_row(header: list[str]) -> Callable[[dict[str, str]], dict[str, object]]:
    day = "day" if "day" in header else "date"

    def parse(record: dict[str, str]) -> dict[str, object]:
        food = _required(record, "food name")
        amount_text = record.get("amount", "").strip()
        grams = np.nan
        try:
            number, unit = parse_amount(amount_text)
            if canonical_unit(unit or "g") in MASS_G:
                grams = number * MASS_G[canonical_unit(unit or "g")]
        except AmountError:
            pass  # Cronometer's own amount text; its nutrients are what count
        category = record.get("category", "")
        return {
            "date": _date(record, day),
            "meal": record.get("group", "").strip() or None,
            "food": food,
            "match": MatchKind.LOGGED.value,
            "amount": amount_text,
            "unit": "",
            "grams": grams,
            "source": "supplement" if "supplement" in category.lower() else "food",
            **_logged_values(record, header),
        }

    return parse


def _cronometer_daily_row(header: list[str]) -> Callable[[dict[str, str]], dict[str, object]]:
    day = "date" if "date" in header else "day"

    def parse(record: dict[str, str]) -> dict[str, object]:
        return {
            "date": _date(record, day),
            "food": "(daily total)",
            "match": MatchKind.LOGGED.value,
            "amount": "1",
            "unit": "day",
            "grams": np.nan,
            "source": "food",
            **_logged_values(record, header),
        }

    return parse


def _meal_log_row(header: list[str]) -> Callable[[dict[str, str]], dict[str, object]]:
    own_values = [column for column in VALUE_COLUMNS if column in header]
    has_users = "user" in header

    def parse(record: dict[str, str]) -> dict[str, object]:
        date = _date(record, "date")
        food = record.get("food", "").strip()
        if food.lower().startswith(SUPPLEMENT_PREFIX):
            return _supplement_row(record, date, food, has_users)
        food_id_text = record.get("food_id", "").strip()
        if not food and not food_id_text:
            raise _Reject(RejectReason.MISSING_VALUE, "food", "", "no food or food_id")
        logged = {column: _number(record.get(column, ""), column) for column in own_values}
        is_logged = any(not np.isnan(value) for value in logged.values())
        amount_text = _required(record, "amount")
        unit_text = record.get("unit", "").strip()
        try:
            number, unit_in_amount = parse_amount(amount_text)
        except AmountError as error:
            if not is_logged:  # a logged row's nutrients stand without a usable amount
                raise _Reject(RejectReason.BAD_AMOUNT, "amount", amount_text, str(error)) from None
            number, unit_in_amount = np.nan, ""
        if (
            unit_in_amount
            and unit_text
            and canonical_unit(unit_in_amount) != canonical_unit(unit_text)
        ):
            raise _Reject(
                RejectReason.BAD_AMOUNT,
                "amount",
                amount_text,
                f"amount {amount_text!r} and unit {unit_text!r} give two different units",
            )
        row: dict[str, object] = {
            "date": date,
            "meal": record.get("meal", "").strip() or None,
            "user": _required(record, "user") if has_users else None,
            "food": food or food_id_text,
            "food_id": food_id_text or None,
            "amount": amount_text,
            "unit": unit_text,
            "number": number,
            "unit_key": unit_in_amount or unit_text,
            "source": "supplement" if record.get("source", "").strip() == "supplement" else "food",
        }
        # Our own import output: keep the source line and how the food was first matched.
        if record.get("line", "").strip().isdigit():
            row["line"] = int(record["line"])
        if food_id_text and record.get("match", "").strip() in set(MatchKind) - {"logged"}:
            row["first_match"] = record["match"].strip()
            row["first_score"] = _number(record.get("score", ""), "score")
        if is_logged:
            row |= logged
            row["match"] = MatchKind.LOGGED.value
        return row

    return parse


# A meal-log food written "supplement: magnesium citrate" is a supplement: its amount
# is of the nutrient itself ("200 mg", "1000 IU").
SUPPLEMENT_PREFIX = "supplement:"


def _supplement_row(
    record: dict[str, str], date: str, food: str, has_users: bool
) -> dict[str, object]:
    what = food[len(SUPPLEMENT_PREFIX) :].strip()
    nutrient = nutrient_of(what)
    if nutrient is None:
        raise _Reject(
            RejectReason.UNKNOWN_NUTRIENT, "food", food,
            f"supplement {what!r}: no nutrient screener knows in its name",
        )  # fmt: skip
    amount_text = _required(record, "amount")
    try:
        number, unit = parse_amount(amount_text)
    except AmountError as error:
        raise _Reject(RejectReason.BAD_AMOUNT, "amount", amount_text, str(error)) from None
    unit = unit or record.get("unit", "").strip()
    amount = to_nutrient_unit(nutrient, number, unit)
    if amount is None:
        raise _Reject(
            RejectReason.UNKNOWN_UNIT, "unit", unit,
            f"unit {unit!r} does not fit {nutrient.value} (use mg, µg, or IU for vitamin D)",
        )  # fmt: skip
    return {
        "date": date,
        "meal": record.get("meal", "").strip() or None,
        "user": _required(record, "user") if has_users else None,
        "food": food,
        "match": MatchKind.LOGGED.value,
        "amount": amount_text,
        "unit": record.get("unit", "").strip(),
        "grams": np.nan,
        "source": "supplement",
        NUTRIENTS[nutrient].column: amount,
    }


def hint(resolution: Resolution) -> str:
    """'did you mean: a; b; c', or what to do when nothing comes close."""
    if resolution.suggestions:
        return "did you mean: " + "; ".join(resolution.suggestions)
    return "nothing close: try `screener foods search`, or add it with --aliases or --foods"


def _resolve_meal_log(
    rows: list[dict[str, object]], foods: FoodTable, strict: bool
) -> tuple[list[dict[str, object]], list[RejectedRow], list[Resolution]]:
    """Food and grams for each meal-log row; rows that cannot be resolved are rejected."""
    names = [
        str(row["food"])
        for row in rows
        if not row.get("food_id") and row.get("match") is None and not foods.has(row["food"])
    ]
    resolutions = resolve_names(names, foods) if names else {}
    measures: dict[str, Measures] = {}
    kept: list[dict[str, object]] = []
    rejected: list[RejectedRow] = []
    seen_ids: dict[str, Resolution] = {}

    def reject(row: dict[str, object], reason: RejectReason, column: str, message: str) -> None:
        rejected.append(
            RejectedRow(
                line=int(row["line"]),  # type: ignore[call-overload]
                reason=reason,
                column=column,
                value=str(row[column]),
                message=message,
            )
        )

    for row in rows:
        food_id = row.get("food_id")
        if row.get("match") == MatchKind.LOGGED.value:
            resolution = None
        elif food_id or foods.has(row["food"]):  # a food written as its SR28 number
            food_id = food_id or str(row["food"])
            key = normalize_food_id(food_id)
            if key is None or not foods.has(key):
                reject(
                    row,
                    RejectReason.UNKNOWN_FOOD,
                    "food_id",
                    f"food_id {food_id!r} is not in the food table",
                )
                continue
            food = foods.get(key)
            resolution = Resolution(
                written=str(food_id),
                food_id=key,
                name=food["name"],
                match=MatchKind(row.get("first_match", MatchKind.FOOD_ID)),
                score=row.get("first_score", 100.0),
            )
            seen_ids.setdefault(key, resolution)
        else:
            resolution = resolutions[str(row["food"])]
            if resolution.food_id is None:
                reason = (
                    RejectReason.AMBIGUOUS_FOOD
                    if (resolution.score or 0) >= 60
                    else RejectReason.UNKNOWN_FOOD
                )
                words = "is ambiguous" if reason is RejectReason.AMBIGUOUS_FOOD else "is not known"
                reject(row, reason, "food", f'food "{row["food"]}" {words}; {hint(resolution)}')
                continue
            if strict and resolution.match is MatchKind.FUZZY:
                reject(
                    row,
                    RejectReason.FUZZY_MATCH,
                    "food",
                    f'food "{row["food"]}" only matched fuzzily ("{resolution.name}", score '
                    f"{resolution.score:g}); --strict needs an exact name, alias or food_id",
                )
                continue
        if resolution is not None:
            row["food_id"], row["name"] = resolution.food_id, resolution.name
            row["match"], row["score"] = resolution.match.value, resolution.score  # type: ignore[union-attr]
            food_key = str(resolution.food_id)
            if food_key not in measures:
                measures[food_key] = Measures.of(str(resolution.name), foods.measure_list(food_key))
            try:
                row["grams"] = measures[food_key].to_grams(
                    float(row["number"]),  # type: ignore[arg-type]
                    str(row["unit_key"]),
                )
            except UnitError as error:
                reject(
                    row, RejectReason.UNKNOWN_UNIT, "unit" if row["unit"] else "amount", str(error)
                )
                continue
        elif "grams" not in row:  # a logged row: grams only when its amount is a mass
            unit = canonical_unit(str(row["unit_key"]) or "g")
            row["grams"] = float(row["number"]) * MASS_G[unit] if unit in MASS_G else np.nan  # type: ignore[arg-type]
        kept.append(row)
    used = list(resolutions.values()) + list(seen_ids.values())
    return kept, rejected, used


def _nutrient_amounts(rows: pd.DataFrame, foods: FoodTable) -> pd.DataFrame:
    """Fill each matched row's nutrient amounts: grams / 100 x value per 100 g.

    Logged rows (Cronometer, or a meal log with its own nutrient columns) keep theirs.
    A value unknown in the food table stays unknown (NaN), never 0.
    """
    matched = (rows["match"] != MatchKind.LOGGED.value).to_numpy()
    if matched.any():
        per_100g = foods.values_of(rows["food_id"].to_numpy()[matched])
        grams = rows["grams"].to_numpy(dtype=float)[matched, None]
        values = rows[VALUE_COLUMNS].to_numpy(dtype=float, copy=True)
        values[matched] = per_100g * grams / 100.0
        rows[VALUE_COLUMNS] = values
    return rows


def read_diary(
    path: Path | str,
    foods: FoodTable | None = None,
    strict: bool = False,
) -> DiaryRead:
    """Read a meal log or a Cronometer export into rows of known foods and grams.

    Bad rows are collected in `rejected` with their line and reason, never dropped.
    With STRICT, a fuzzy name match is a rejection too, and any rejection raises
    DiaryRejectedError. A file that cannot be read at all raises DataFileError.
    """
    foods = foods or default_foods()
    name = str(path)
    text, warnings = read_text(path)
    header, data = records(text)
    kind = detect_kind(header, name)
    resolutions: list[Resolution] = []
    if kind is DiaryKind.MEAL_LOG:
        parsed, rejected = _parse_rows(header, data, _meal_log_row(header))
        parsed, unresolved, resolutions = _resolve_meal_log(parsed, foods, strict)
        rejected += unresolved
    elif kind is DiaryKind.CRONOMETER_SERVINGS:
        parsed, rejected = _parse_rows(header, data, _cronometer_row(header))
        found = cronometer_columns(header)
        missing = [c for c in VALUE_COLUMNS if c not in found and c != "water_g"]
        if missing:
            warnings.append(f"{name}: no column for {', '.join(missing)}: counted as unknown")
    else:
        parsed, rejected = _parse_rows(header, data, _cronometer_daily_row(header))
        warnings.append(
            f"{name}: a daily-summary export has no foods, so contributors cannot be shown"
        )
    rejected.sort(key=lambda r: r.line)
    frame = pd.DataFrame(parsed, columns=ROW_COLUMNS)
    numbers = [*VALUE_COLUMNS, "grams", "score"]  # one conversion for all of them
    frame[numbers] = frame[numbers].to_numpy(dtype="float64")
    frame = _nutrient_amounts(frame, foods)
    heavy = frame["grams"] > IMPLAUSIBLE_GRAMS
    frame["flag"] = np.where(
        heavy, [f"implausible: {g / 1000:.1f} kg in one row" for g in frame["grams"]], None
    )
    frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    read = DiaryRead(
        path=name,
        kind=kind,
        rows=frame,
        rejected=rejected,
        data_lines=len(data),
        resolutions=resolutions,
        warnings=warnings,
        has_users="user" in header,
    )
    if strict and rejected:
        raise DiaryRejectedError(name, rejected)
    if frame.empty:
        raise NoUsableRowsError(name, rejected)
    return read


IMPORT_COLUMNS = [
    "line", "date", "meal", "user", "food", "food_id", "name", "match", "score",
    "amount", "unit", "grams", "flag",
]  # fmt: skip


def import_frame(read: DiaryRead) -> pd.DataFrame:
    """The meal-log form of a diary: one row per used input row, what was written beside
    what it became. It reads back as a meal log and gives the same rows again."""
    columns = [c for c in IMPORT_COLUMNS if c != "user" or read.has_users]
    frame = read.rows[columns].copy()
    frame["grams"] = frame["grams"].round(2)
    logged = read.rows["match"] == MatchKind.LOGGED.value
    if logged.any():
        # Logged nutrients travel with the row: the meal log reads them back as logged.
        values = read.rows[VALUE_COLUMNS].copy()
        values.loc[~logged] = np.nan
        frame = pd.concat([frame, values.round(4)], axis=1)
    if (read.rows["source"] == "supplement").any():
        frame["source"] = read.rows["source"]
    return frame
