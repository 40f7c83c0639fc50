"""Reading a supplements file into daily amounts per nutrient.

A person writes the file once: one row per nutrient of a product (a B-complex is
several rows with the same name). Amounts are of the element or vitamin itself
(200 mg of magnesium, not 200 mg of magnesium citrate). Like a diary, every row ends
either used or rejected with its line and reason.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from fractions import Fraction
from importlib.resources import files
from pathlib import Path

import pandas as pd

from .csvfile import read_text, records
from .errors import DataFileError
from .models import RejectedRow, RejectReason
from .nutrients import IU_PER_UG_VITAMIN_D, NUTRIENTS, VALUE_LIMITS, Nutrient

# What people write for each nutrient. A name matches when it is one of these phrases
# or holds one as whole words ("magnesium citrate", "vitamin D3 2000", "B-complex B6").
NUTRIENT_NAMES: dict[Nutrient, tuple[str, ...]] = {
    Nutrient.MAGNESIUM: ("magnesium",),
    Nutrient.CALCIUM: ("calcium",),
    Nutrient.THIAMIN: ("thiamin", "thiamine", "b1", "vitamin b1"),
    Nutrient.VITAMIN_B6: (
        "b6", "vitamin b6", "pyridoxine", "pyridoxal", "p5p", "pyridoxal 5 phosphate",
    ),
    Nutrient.VITAMIN_B12: (
        "b12", "vitamin b12", "cobalamin", "cyanocobalamin", "methylcobalamin",
        "hydroxocobalamin", "adenosylcobalamin",
    ),
    Nutrient.VITAMIN_D: (
        "vitamin d", "d3", "d2", "vitamin d3", "vitamin d2", "cholecalciferol",
        "ergocalciferol",
    ),
    Nutrient.POTASSIUM: ("potassium",),
    Nutrient.SODIUM: ("sodium",),
}  # fmt: skip

# Mass units -> factor to mg; the nutrient's own unit (mg or µg) follows from it.
UNIT_TO_MG: dict[str, float] = {"g": 1000.0, "mg": 1.0, "µg": 0.001, "mcg": 0.001, "ug": 0.001}
UNIT_SPELLINGS: dict[str, str] = {"μg": "µg", "microgram": "µg", "micrograms": "µg"}

# Times per day for the frequencies people write.
_FREQUENCY_WORDS: dict[str, float] = {
    "": 1.0, "daily": 1.0, "every day": 1.0, "once a day": 1.0, "once daily": 1.0,
    "twice daily": 2.0, "twice a day": 2.0, "weekly": 1 / 7, "once a week": 1 / 7,
    "every other day": 0.5, "alternate days": 0.5, "every second day": 0.5,
    "monthly": 12 / 365, "once a month": 12 / 365,
}  # fmt: skip
_PER_PERIOD = re.compile(
    r"^(?P<count>\d+(?:\.\d+)?)\s*(?:x|times)?\s*(?:/|per|a|an|every)\s*(?P<period>day|week|month)$"
)
_PERIOD_DAYS = {"day": 1.0, "week": 7.0, "month": 365 / 12}

SUPPLEMENT_COLUMNS = ["line", "name", "nutrient", "amount", "unit", "frequency", "per_day"]


@dataclass
class SupplementsRead:
    path: str
    rows: pd.DataFrame  # SUPPLEMENT_COLUMNS; per_day in the nutrient's unit
    rejected: list[RejectedRow] = field(default_factory=list)
    data_lines: int = 0

    def per_day(self) -> dict[Nutrient, float]:
        """Average daily amount of each nutrient from all the products."""
        totals = self.rows.groupby("nutrient")["per_day"].sum()
        return {nutrient: float(totals.get(nutrient.value, 0.0)) for nutrient in Nutrient}


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@functools.cache
def not_food_words() -> dict[str, str]:
    """Words that make a name a medicine or a supplement, never a food (word -> kind),
    from screener/data/not_food_words.csv."""
    table = pd.read_csv(files("screener") / "data" / "not_food_words.csv", dtype=str)
    return dict(zip(table["word"], table["kind"], strict=True))


# What may stand beside a nutrient's name in a supplement written as a food: a dose.
_DOSE_WORDS = re.compile(r"^(?:\d+(?:\.\d+)?|mg|mcg|ug|µg|iu|g|k2|high|strength|pure|extra)$")


@functools.lru_cache(maxsize=4096)  # a diary repeats its names
def not_food(text: str) -> str | None:
    """Why a name written as a food is a medicine or supplement ('magnesium glycinate',
    'ibuprofen', 'vitamin D 1000 IU'), or None. Such a row is never taken as food."""
    words = _words(text).split()
    kinds = not_food_words()
    for word in words:
        singular = word[:-1] if word.endswith("s") and word[:-1] in kinds else word
        if singular in kinds:
            return f"{singular!r} is a {kinds[singular]}"
    if nutrient_of(text) is not None:
        rest = f" {' '.join(words)} "
        for name in sorted((n for names in NUTRIENT_NAMES.values() for n in names), key=len)[::-1]:
            rest = rest.replace(f" {name} ", " ")
        if all(_DOSE_WORDS.match(word) for word in rest.split()):
            return "it names a nutrient, not a food"
    return None


def nutrient_of(text: str) -> Nutrient | None:
    """The nutrient a name means: a key ("vitamin_b6") or a common name ("B1",
    "cobalamin", "magnesium citrate", "vitamin D3")."""
    if text.strip() in {n.value for n in Nutrient}:
        return Nutrient(text.strip())
    words = f" {_words(text)} "
    for nutrient, names in NUTRIENT_NAMES.items():
        if any(f" {name} " in words for name in names):
            return nutrient
    return None


# More doses a day than this is no supplement routine: a typo (1000000/day) to fix.
MAX_DOSES_PER_DAY = 6.0


def times_per_day(text: str) -> float | None:
    """'daily' -> 1; '3/week' -> 3/7; 'every other day' -> 0.5; None if unknown, or
    negative ('-3/week', '1/-7'), or more than MAX_DOSES_PER_DAY a day."""
    cleaned = " ".join(re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text.lower()).split())
    if cleaned in _FREQUENCY_WORDS:
        return _FREQUENCY_WORDS[cleaned]
    match = _PER_PERIOD.match(cleaned)
    if match:
        per_day = float(match.group("count")) / _PERIOD_DAYS[match.group("period")]
        return per_day if 0 < per_day <= MAX_DOSES_PER_DAY else None
    return None


def to_nutrient_unit(nutrient: Nutrient, amount: float, unit: str) -> float | None:
    """AMOUNT of UNIT in the nutrient's own unit (mg, or µg for B12 and vitamin D)."""
    key = unit.strip()
    key = UNIT_SPELLINGS.get(key, UNIT_SPELLINGS.get(key.lower(), key.lower()))
    if key == "iu":
        return amount / IU_PER_UG_VITAMIN_D if nutrient is Nutrient.VITAMIN_D else None
    if key not in UNIT_TO_MG:
        return None
    mg = amount * UNIT_TO_MG[key]
    return mg * 1000.0 if NUTRIENTS[nutrient].unit == "µg" else mg


def _reject(line: int, reason: RejectReason, column: str, value: str, message: str):
    return RejectedRow(line=line, reason=reason, column=column, value=value, message=message)


def read_supplements(path: Path | str, data: bytes | None = None) -> SupplementsRead:
    """Read a supplements file (name, nutrient, amount, unit, frequency[, form]). DATA:
    its bytes when already in memory (an upload); PATH then only names it."""
    name = str(path)
    text, _ = read_text(path, data)
    header, data = records(text, name)
    missing = [c for c in ("name", "nutrient", "amount", "unit") if c not in header]
    if missing:
        raise DataFileError(
            path,
            "missing column(s): "
            + ", ".join(missing)
            + " (a supplements file has name, nutrient, amount, unit, frequency)",
            line=1,
        )
    rows = []
    rejected = []
    for line, fields in data:
        if len(fields) > len(header) and any(f.strip() for f in fields[len(header) :]):
            rejected.append(
                _reject(line, RejectReason.TOO_MANY_FIELDS, "", ",".join(fields),
                        f"{len(fields)} fields where the header has {len(header)}")
            )  # fmt: skip
            continue
        record = dict(zip(header, fields + [""] * (len(header) - len(fields)), strict=False))
        product = record["name"].strip()
        nutrient_text = record["nutrient"].strip()
        nutrient = nutrient_of(nutrient_text) if nutrient_text else None
        amount_text, unit = record["amount"].strip(), record["unit"].strip()
        frequency = record.get("frequency", "").strip()
        if not product or not nutrient_text or not amount_text or not unit:
            empty = next(
                c for c, v in (("name", product), ("nutrient", nutrient_text),
                               ("amount", amount_text), ("unit", unit)) if not v
            )  # fmt: skip
            rejected.append(_reject(line, RejectReason.MISSING_VALUE, empty, "", f"no {empty}"))
            continue
        if nutrient is None:
            known = ", ".join(n.value for n in Nutrient)
            rejected.append(
                _reject(line, RejectReason.UNKNOWN_NUTRIENT, "nutrient", nutrient_text,
                        f"nutrient {nutrient_text!r} is not one screener knows ({known})")
            )  # fmt: skip
            continue
        try:
            amount = float(sum(Fraction(part) for part in amount_text.split()))
        except (ValueError, ZeroDivisionError, OverflowError):  # 1e309: beyond a float
            amount = -1.0
        if amount < 0:
            rejected.append(
                _reject(line, RejectReason.BAD_AMOUNT, "amount", amount_text,
                        f"amount {amount_text!r} is not a number of 0 or more")
            )  # fmt: skip
            continue
        converted = to_nutrient_unit(nutrient, amount, unit)
        if converted is None:
            allowed = "mg, µg (mcg), g" + (", IU" if nutrient is Nutrient.VITAMIN_D else "")
            rejected.append(
                _reject(line, RejectReason.UNKNOWN_UNIT, "unit", unit,
                        f"unit {unit!r} does not fit {nutrient.value}: use {allowed}")
            )  # fmt: skip
            continue
        limit = VALUE_LIMITS[NUTRIENTS[nutrient].column]
        if not converted <= limit:  # no dose: as no food's value is (nutrients.VALUE_LIMITS)
            rejected.append(
                _reject(line, RejectReason.BAD_AMOUNT, "amount", amount_text,
                        f"amount {amount_text!r} {unit} is no dose of {nutrient.value} "
                        f"(at most {limit:,.0f} {NUTRIENTS[nutrient].unit})")
            )  # fmt: skip
            continue
        per_day = times_per_day(frequency)
        if per_day is None:
            rejected.append(
                _reject(line, RejectReason.BAD_FREQUENCY, "frequency", frequency,
                        f"frequency {frequency!r} is not understood: write daily, "
                        "twice daily, 3/week, weekly or every other day (from once a "
                        f"month to {MAX_DOSES_PER_DAY:g} a day)")
            )  # fmt: skip
            continue
        rows.append(
            {
                "line": line, "name": product, "nutrient": nutrient.value,
                "amount": converted, "unit": NUTRIENTS[nutrient].unit,
                "frequency": frequency or "daily", "per_day": converted * per_day,
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=SUPPLEMENT_COLUMNS)
    if frame.empty and not rejected:
        raise DataFileError(path, "no supplement rows")
    return SupplementsRead(path=name, rows=frame, rejected=rejected, data_lines=len(data))
