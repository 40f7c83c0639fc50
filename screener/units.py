"""An amount and a unit -> grams, for one food.

Mass units convert directly. Volume units (ml, cup, tbsp, ...) and household measures
(medium, slice, ...) convert through the food's own SR28 measures ("1 cup, sliced =
150 g"): a volume through the density any of its volume measures gives, a household
measure by its name. Every factor lives in the tables below.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import ScreenerError

MASS_G: dict[str, float] = {
    "g": 1.0,
    "kg": 1000.0,
    "mg": 0.001,
    "oz": 28.349523125,
    "lb": 453.59237,
}
VOLUME_ML: dict[str, float] = {
    "ml": 1.0,
    "l": 1000.0,
    "cup": 236.5882365,  # US customary cup, as in SR28
    "tbsp": 14.78676478125,
    "tsp": 4.92892159375,
    "fl oz": 29.5735295625,
    "pint": 473.176473,
    "quart": 946.352946,
}
# What people write -> the canonical unit above (or a household measure name).
UNIT_ALIASES: dict[str, str] = {
    "gram": "g", "grams": "g", "gr": "g", "grm": "g", "gs": "g",
    "kilogram": "kg", "kilograms": "kg", "kilo": "kg", "kilos": "kg",
    "milligram": "mg", "milligrams": "mg",
    "ounce": "oz", "ounces": "oz",
    "lbs": "lb", "pound": "lb", "pounds": "lb",
    "milliliter": "ml", "milliliters": "ml", "millilitre": "ml", "millilitres": "ml",
    "mls": "ml", "cc": "ml",
    "liter": "l", "liters": "l", "litre": "l", "litres": "l", "ltr": "l",
    "cups": "cup", "c": "cup",
    "tablespoon": "tbsp", "tablespoons": "tbsp", "tbs": "tbsp", "tbsps": "tbsp",
    "tbl": "tbsp", "tb": "tbsp", "T": "tbsp",
    "teaspoon": "tsp", "teaspoons": "tsp", "tsps": "tsp", "t": "tsp",
    "floz": "fl oz", "fl. oz": "fl oz", "fl.oz": "fl oz", "fluid ounce": "fl oz",
    "fluid ounces": "fl oz", "fl oz.": "fl oz",
    "pints": "pint", "pt": "pint", "quarts": "quart", "qt": "quart",
}  # fmt: skip

# Number forms people type: 2, 1.5, .5, 1/2, 1 1/2, ½, 1½.
_UNICODE_FRACTIONS = {"¼": "1/4", "½": "1/2", "¾": "3/4", "⅓": "1/3", "⅔": "2/3", "⅛": "1/8"}
_NUMBER = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d*\.\d+|\d+)"
_VOLUME_INSIDE = re.compile(
    r"(?:(\d+\s+\d+/\d+|\d+/\d+|\d*\.\d+|\d+)\s*)?\b(cups?|tbsp|tsp|fl oz)\b"
)
_NEGATIVE = re.compile(rf"^-\s*{_NUMBER}")
_AMOUNT = re.compile(rf"^\s*(?P<number>{_NUMBER})\s*(?P<unit>[^\d\s].*?)?\s*$")
# What may follow a number and makes the whole no amount: "2-3 slices", "2 to 3";
# "1,5"; "0x10", "1e5", "1e-320", "1_000", "1/2/3", "1.2.3", "1⁄2" (a fraction slash),
# "10²": not a unit after the number (else "give two different units")
_RANGE = re.compile(r"^(?:[-–—]|to\s)\s*\d")
_DECIMAL_COMMA = re.compile(r"^,\d")
_NOT_A_NUMBER = re.compile(
    r"^[xX_eE/.\u2044][-+]?\d|^[xX]\d*[a-fA-F]|^[\u00b2\u00b3\u00b9\u2070-\u2079]"
)
_THOUSANDS = re.compile(r"^\s*\d{1,3}(?:,\d{3})+(?=\D|$)")


class UnitError(ScreenerError, ValueError):
    """A unit that cannot be turned into grams for this food."""

    def __init__(
        self, unit: str, food_name: str, measures: list[str], fits: list[str] | None = None
    ) -> None:
        self.unit = unit
        self.food_name = food_name
        self.measures = measures
        self.fits = fits or []  # the measures a size word fits, when more than one
        super().__init__(unit)

    def __str__(self) -> str:
        if self.fits:
            return (
                f'unit "{self.unit}" fits several measures of "{self.food_name}" '
                f"({', '.join(self.fits)}): write the one you mean"
            )
        known = ", ".join(self.measures[:6]) or "none in SR28"
        return (
            f'unit "{self.unit}" cannot be converted for "{self.food_name}": use g, oz, lb '
            f"or one of its measures ({known})"
        )


class AmountError(ScreenerError, ValueError):
    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem
        super().__init__(text)

    def __str__(self) -> str:
        return f"amount {self.text!r} {self.problem}"


def parse_amount(text: str) -> tuple[float, str]:
    """'1 1/2 cups' -> (1.5, 'cups'); '150g' -> (150.0, 'g'). The unit may be ''.
    Raises AmountError naming what is wrong."""
    found = _parsed(str(text))
    if isinstance(found, AmountError):
        raise AmountError(found.text, found.problem)
    return found


@functools.lru_cache(maxsize=4096)  # an export repeats its amounts ("1.00 cup")
def _parsed(text: str) -> tuple[float, str] | AmountError:
    try:
        return _parse_amount(text)
    except AmountError as error:
        return error


def _parse_amount(text: str) -> tuple[float, str]:
    cleaned = str(text).strip()
    for symbol, fraction in _UNICODE_FRACTIONS.items() if not cleaned.isascii() else ():
        cleaned = re.sub(rf"(\d){symbol}", rf"\1 {fraction}", cleaned).replace(symbol, fraction)
    if _NEGATIVE.match(cleaned):
        raise AmountError(text, "must be more than 0")
    cleaned = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), cleaned)  # "1,000 g"
    match = _AMOUNT.match(cleaned)
    if not match:
        raise AmountError(text, "is not a number (write e.g. 150, 1.5 or 1/2)")
    unit = match.group("unit") or ""
    if _RANGE.match(unit):
        raise AmountError(text, "is a range: write one amount")
    if _DECIMAL_COMMA.match(unit):
        raise AmountError(text, "has a decimal comma: write it with a point (1.5)")
    if _NOT_A_NUMBER.match(unit):
        raise AmountError(text, "is not a number (write e.g. 150, 1.5 or 1/2)")
    number_text = match.group("number")
    try:
        number = (
            float(number_text)  # most amounts are plain decimals
            if "/" not in number_text
            else float(sum(Fraction(part) for part in number_text.split()))
        )
    except ZeroDivisionError:
        raise AmountError(text, "divides by zero") from None
    except OverflowError:  # a fraction beyond any float
        number = float("inf")
    if number <= 0:
        raise AmountError(text, "must be more than 0")
    if number == float("inf"):  # 400 digits: no amount, and no sum after it is either
        raise AmountError(text, "is too large to be an amount")
    return number, (match.group("unit") or "").strip()


def _singular(word: str) -> str:
    if word.endswith("es") and word[:-2].endswith(("ch", "sh", "x")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return word[:-1]
    return word


# Apps write the weight of a serving inside its text. In parentheses it is the weight of
# the whole amount, as MyFitnessPal scales it ("0.5 cup (78g)": 78 g in all); after the
# serving's words, the weight of one ("1 patty 151g.": 151 g a patty).
_MASS_WORDS = r"(g|gr|grams?|kg|oz|ounces?|lbs?)"
_WEIGHT_OF_ALL = re.compile(rf"\((\d+(?:\.\d+)?)\s*{_MASS_WORDS}\.?\)", re.I)
_WEIGHT_OF_ONE = re.compile(rf"^[^\d(]*[a-z][^\d(]*\s(\d+(?:\.\d+)?)\s*{_MASS_WORDS}\.?$", re.I)


def weight_of_all(unit: str) -> float | None:
    """The grams of the whole amount a unit's text states in parentheses ('cup (78g)'),
    whatever the amount, or None."""
    whole = _WEIGHT_OF_ALL.search(unit)
    return float(whole.group(1)) * MASS_G[canonical_unit(whole.group(2))] if whole else None


def written_grams(amount: float, unit: str) -> float | None:
    """The grams an amount's own text states ('cup (78g)', 'patty 151g.'), or None."""
    whole = weight_of_all(unit)
    if whole is not None:
        return whole
    one = _WEIGHT_OF_ONE.match(unit.strip())
    if one:
        return amount * float(one.group(1)) * MASS_G[canonical_unit(one.group(2))]
    return None


@functools.cache  # a diary repeats a few units over many rows
def canonical_unit(unit: str) -> str:
    """The unit's key: a MASS_G or VOLUME_ML key, or a household measure's words.
    Apps' plural marks go: 'serving(s)' is 'serving', 'lb(s)' is 'lb'."""
    text = re.sub(r"\s+", " ", re.sub(r"\((?:e?s)\)", "", unit).strip().rstrip("."))
    if text in UNIT_ALIASES:  # case matters only for T (tbsp) and t (tsp)
        return UNIT_ALIASES[text]
    text = text.lower()
    if text in UNIT_ALIASES:
        return UNIT_ALIASES[text]
    if text in MASS_G or text in VOLUME_ML:
        return text
    return " ".join(_singular(word) for word in re.sub(r"[^a-z0-9 ]", " ", text).split())


@functools.cache  # SR28 repeats a few hundred descriptions across 15,000 measures
def measure_key(description: str) -> str:
    """'cup, sliced' -> 'cup'; 'medium (7" to 7-7/8" long)' -> 'medium'; 'slices' -> 'slice'."""
    head = re.split(r"[,(]", description.lower(), maxsplit=1)[0].strip()
    if head.startswith("nlea serving"):
        head = "serving"
    return canonical_unit(head)


def grams_of_any_food(amount: float, unit: str) -> float | None:
    """AMOUNT of UNIT in grams where no measure of the food is needed: the weight the
    app wrote, which beats a measure of the food, or a unit of mass (an empty unit means
    grams). Else None."""
    stated = written_grams(amount, unit)
    if stated is not None:
        return stated
    key = canonical_unit(unit) if unit.strip() else "g"
    return amount * MASS_G[key] if key in MASS_G else None


@dataclass(frozen=True)
class Measures:
    """One food's household measures, ready to convert with."""

    food_name: str
    grams_by_key: dict[str, float]  # measure key -> grams per 1 of it (first SR28 one)
    grams_per_ml: float | None  # density from the food's first volume measure
    described: list[str]  # "1 cup, sliced = 150 g", for messages
    # each measure's words before any parenthesis ("piece small", "potato medium") ->
    # grams per 1 of it: what a size or piece word is looked up in
    by_words: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, food_name: str, measures: list[tuple[float, str, float]]) -> Measures:
        """From the food's (amount, description, grams) measures, in SR28 order."""
        grams_by_key: dict[str, float] = {}
        by_words: dict[str, float] = {}
        density = None
        described = []
        for amount, description, grams in measures:
            amount, grams = float(amount), float(grams)
            if amount <= 0 or grams <= 0:
                continue
            described.append(f"{amount:g} {description} = {grams:g} g")
            key = measure_key(description)
            by_words.setdefault(canonical_unit(description.split("(")[0]), grams / amount)
            first_word = key.split(" ")[0] if key else key
            for candidate in dict.fromkeys([key, first_word]):
                grams_by_key.setdefault(candidate, grams / amount)
            volume = key if key in VOLUME_ML else first_word
            if density is None and volume in VOLUME_ML:
                density = grams / (amount * VOLUME_ML[volume])
            inner = _VOLUME_INSIDE.search(description.lower())
            if inner and (key == "serving" or first_word == "serving" or inner.start() > 0):
                # "serving 1/2 cup" = 66 g: a cup of it weighs 132 g
                size = float(sum(Fraction(p) for p in (inner.group(1) or "1").split()))
                ml = amount * size * VOLUME_ML[canonical_unit(inner.group(2))]
                grams_by_key.setdefault(
                    canonical_unit(inner.group(2)),
                    grams * VOLUME_ML[canonical_unit(inner.group(2))] / ml,
                )
                if density is None:
                    density = grams / ml
        return cls(food_name, grams_by_key, density, described, by_words)

    def to_grams(self, amount: float, unit: str) -> float:
        """AMOUNT of UNIT in grams; an empty unit means grams. Raises UnitError."""
        found = grams_of_any_food(amount, unit)
        if found is not None:
            return found
        key = canonical_unit(unit) if unit.strip() else "g"
        if key in self.grams_by_key:  # the food's own measure, volume or household
            return amount * self.grams_by_key[key]
        if key in VOLUME_ML and self.grams_per_ml is not None:
            return amount * VOLUME_ML[key] * self.grams_per_ml
        # A size or piece word of one measure: SR28 often puts the food's own word first
        # ("potato medium"), so "medium" is that measure when it is the only one.
        words = set(key.split())
        fits = [k for k in self.by_words if words and words < set(k.split())]
        if len(fits) == 1:
            return amount * self.by_words[fits[0]]
        # a size of a food FNDDS weighs in one count only ("2 large eggs": "1 egg" = 50 g)
        counts = [k for k in self.by_words if _is_count(k)]
        if not fits and words and words <= SIZE_WORDS and len(counts) == 1:
            return amount * self.by_words[counts[0]]
        raise UnitError(unit, self.food_name, self.described, fits if len(fits) > 1 else None)


# Words that say a size, not a unit.
SIZE_WORDS = {"small", "medium", "large", "extra", "jumbo", "regular"}
# FNDDS's weight for "no amount given": a portion, but no count of anything.
NOT_SPECIFIED = "quantity not specified"


def _is_count(key: str) -> bool:
    """Whether a measure's words name a count of the food ("egg", "banana"), not a mass,
    a volume, a size alone or FNDDS's weight for no amount."""
    first = key.split(" ")[0] if key else key
    return (
        bool(key)
        and key != NOT_SPECIFIED
        and not ({key, first} & (set(MASS_G) | set(VOLUME_ML)) or set(key.split()) <= SIZE_WORDS)
    )
