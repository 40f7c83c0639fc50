"""Cronometer's "Servings" export (Food & Recipe entries): one row per logged serving,
with the nutrients Cronometer computed for it. Those are used as logged; the food names
are not matched again.

Three generations of header are known: `Day,Food Name,Amount,Energy (kcal),…` (older,
dates may lack zero padding: 2011-4-18), `Day,Time,Group,Food Name,Amount,…` and
`Day,Group,Food Name,Amount,…,Category`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from ..models import MatchKind
from ..nutrients import VALUE_COLUMNS, VALUE_LIMITS
from ..rows import (
    DateColumn,
    DiaryFormat,
    DiaryKind,
    Record,
    Reject,
    Row,
    RowParser,
    factorized,
    logged_columns,
    logged_values,
    required,
)
from ..units import AmountError, parse_amount
from . import cronometer

# People log protein shakes, protein powders, drink mixes and meal replacements in
# Cronometer's Supplements category. Those are food: a Supplements row counts as food
# when its name has one of these words, or when one serving brings at least
# FOOD_KCAL of energy (no pill or drop does; a gummy vitamin brings about 15).
FOOD_PRODUCT_WORDS = (
    "protein", "whey", "casein", "shake", "smoothie", "meal replacement", "drink mix",
    "drink", "bar", "gainer", "soylent", "huel", "ensure",
)  # fmt: skip
FOOD_KCAL = 50.0
_FOOD_PRODUCT = re.compile(r"\b(?:" + "|".join(map(re.escape, FOOD_PRODUCT_WORDS)) + r")s?\b", re.I)


def matches(header: list[str]) -> bool:
    names = set(header)
    return "food name" in names and "amount" in names and bool({"day", "date"} & names)


def is_supplement(category: str, food: str, energy_kcal: float) -> bool:
    """A row of the Supplements category that is not a food product (see above)."""
    if "supplement" not in category.lower():
        return False
    if _FOOD_PRODUCT.search(food):
        return False
    return not (energy_kcal >= FOOD_KCAL)  # unknown energy: a supplement


def row_parser(header: list[str], dates: DateColumn) -> RowParser:
    columns = logged_columns(header, cronometer.COLUMNS)  # once per file, not per row
    # Older exports have no Category column; there a Group named Supplements says it.
    category = "category" if "category" in header else "group"
    seen: dict[tuple[str, ...], object] = {}  # cells of values -> what they made

    def parse(record: Record) -> Row:
        food = required(record, "food name")
        amount_text = record.get("amount", "").strip()
        try:
            number, unit = parse_amount(amount_text)
        except AmountError:  # Cronometer's own text ("1.00 full recipe"); its values count
            number, unit = np.nan, ""
        values = logged_values(record, columns, seen)
        supplement = is_supplement(
            record.get(category, ""), food, values.get("energy_kcal", np.nan)
        )
        return {
            "date": dates(record),
            "meal": record.get("group", "").strip() or None,
            "food": food,
            "match": MatchKind.LOGGED.value,
            "amount": amount_text,
            "unit": "",
            "number": number,  # grams where the amount is a mass
            "unit_key": unit,
            "source": "supplement" if supplement else "food",
            **values,
        }

    return parse


def _plain_number(text: str) -> float | None:
    """A cell as logged_values reads it in its quick pass (a plain number, or empty:
    unknown), or None where it would read the cell by logged_number instead."""
    if "-" in text or "n" in text.lower():
        return None
    try:
        return float(text or "nan")
    except ValueError:
        return None


def _each_distinct(
    texts: Sequence[str], read: Callable[[str], object]
) -> tuple[np.ndarray, list[object]]:
    """(the code of each of TEXTS, READ of each distinct text): a column of an export
    repeats its cells ("1.00 cup", "Breakfast"), each read once."""
    codes, distinct = factorized(np.asarray(texts, dtype=object))
    return codes, [read(text) for text in distinct]


def parse_columns(
    header: list[str], cells: list[Sequence[str]], dates: DateColumn
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """What row_parser's parse makes of many records, a column at a time: CELLS holds
    each header column's cells, one per record, every record as wide as the header.
    (The rows' columns, as parse gives them; where a record is left to parse itself.)
    Those left are every record parse would reject or read cell by cell (a value such as
    `552mg`), so what can be wrong with a row is said by parse alone."""
    count = len(cells[0]) if cells else 0
    place = {name: at for at, name in enumerate(header)}

    def column(name: str) -> Sequence[str]:
        return cells[place[name]] if name in place else [""] * count

    # Each column's distinct cells read once (their codes kept), the records left found
    # from them; then each kept record's outcome taken from its cell's, once.
    left = np.zeros(count, dtype=bool)
    food_codes, foods = _each_distinct(column("food name"), str.strip)
    left |= np.array([food == "" for food in foods], dtype=bool)[food_codes]  # required()
    logged: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for c in logged_columns(header, cronometer.COLUMNS):
        codes, numbers = _each_distinct(column(c.header), _plain_number)
        # each distinct cell's value and judgement, then each record's (the same product)
        value = np.array([np.nan if n is None else n for n in numbers], dtype=float) * c.factor
        odd = np.array([n is None for n in numbers], dtype=bool)
        odd |= value > VALUE_LIMITS[c.column]  # plausible_value's: parse says
        left |= odd[codes]
        logged[c.column] = codes, value

    def date_of(text: str) -> str | None:
        try:
            return dates.read(text)
        except Reject:
            return None

    date_codes, days = _each_distinct(column(dates.column), date_of)
    left |= np.array([day is None for day in days], dtype=bool)[date_codes]
    kept = np.flatnonzero(~left) if left.any() else None  # (None: every record)

    def spread(codes: np.ndarray, distinct: Sequence[object], dtype: object = object) -> np.ndarray:
        """Each kept record's outcome: its cell's of the DISTINCT cells' (CODES)."""
        at = codes if kept is None else codes[kept]
        return np.array(distinct, dtype=dtype)[at] if len(at) else np.array([], dtype=dtype)

    values = {name: spread(codes, value, float) for name, (codes, value) in logged.items()}
    codes, amounts = _each_distinct(column("amount"), _amount_of)
    amount = spread(codes, [text for text, _, _ in amounts])
    number = spread(codes, [n for _, n, _ in amounts], float)
    unit = spread(codes, [u for _, _, u in amounts])
    codes, meals = _each_distinct(column("group"), lambda text: text.strip() or None)
    meal = spread(codes, meals)
    # is_supplement, of each distinct category and food
    category = "category" if "category" in header else "group"
    codes, named = _each_distinct(column(category), lambda text: "supplement" in text.lower())
    supplement = spread(codes, named, bool)
    products = [bool(_FOOD_PRODUCT.search(text)) for text in foods]  # (each food once)
    supplement &= ~spread(food_codes, products, bool)
    rows = len(supplement)
    energy = values.get("energy_kcal", np.full(rows, np.nan))
    supplement &= ~(energy >= FOOD_KCAL)
    found = {
        "date": spread(date_codes, days),
        "meal": meal,
        "food": spread(food_codes, foods),
        "match": _filled(rows, MatchKind.LOGGED.value),
        "amount": amount,
        "unit": _filled(rows, ""),
        "number": number,
        "unit_key": unit,
        "source": np.array(["food", "supplement"], dtype=object)[supplement.astype(np.intp)],
        **values,
    }
    return found, left


def _filled(count: int, text: str) -> np.ndarray:
    """COUNT times TEXT, as objects (one object: np.full would make a text of each)."""
    cells = np.empty(count, dtype=object)
    cells.fill(text)
    return cells


def _amount_of(text: str) -> tuple[str, float, str]:
    """(the amount as written, its number, its unit) as parse reads an amount cell."""
    written = text.strip()
    try:
        number, unit = parse_amount(written)
    except AmountError:
        return written, np.nan, ""
    return written, number, unit


def notes(header: list[str], path: str) -> list[str]:
    found = {c.column for c in logged_columns(header, cronometer.COLUMNS)}
    missing = [c for c in VALUE_COLUMNS if c not in found and c != "water_g"]
    if missing:
        return [f"{path}: no column for {', '.join(missing)}: counted as unknown"]
    return []


FORMAT = DiaryFormat(
    kind=DiaryKind.CRONOMETER_SERVINGS,
    matches=matches,
    row_parser=row_parser,
    date_columns=cronometer.DATE_COLUMNS,
    notes=notes,
    column_parser=parse_columns,
)
