"""An amount and a unit -> grams, for one food.

Mass units convert directly. Volume units (ml, cup, tbsp, ...) and household measures
(medium, slice, ...) convert through the food's own SR28 measures ("1 cup, sliced =
150 g"): a volume through the density any of its volume measures gives, a household
measure by its name. Every factor lives in the tables below.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

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
    "katori": "bowl", "katoris": "bowl",  # the small bowl South Asian meals are served in
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
_TIMES = re.compile(rf"^[x×]\s+({_NUMBER}\s*\S.*)$")
# Cronometer writes a measure whose own text starts with a number after its amount, a
# decimal: "3.00 1 floweret" (3 of SR28's "1 floweret"), '0.94 14" diameter'
_OF_MEASURE = re.compile(rf"^(?P<number>\d*\.\d+)\s+(?P<measure>{_NUMBER}\s*[\"a-zA-Z].*)$")


class UnitError(ScreenerError, ValueError):
    """A unit that cannot be turned into grams for this food."""

    def __init__(
        self,
        unit: str,
        food_name: str,
        measures: list[str],
        fits: list[str] | None = None,
        drink: bool = False,
        vessel: bool = False,
        liquid: bool = False,
    ) -> None:
        self.unit = unit
        self.food_name = food_name
        self.measures = measures
        self.fits = fits or []  # the measures a size word fits, when more than one
        self.drink = drink  # a drink's volume for a food that is no drink
        self.vessel = vessel  # a glass, bowl, mug …: no one amount (VESSELS)
        self.liquid = liquid  # the food is a drink: a volume may be written in fl oz, ml
        self.unlent = ""  # why no other food's measure was borrowed (Measures.reading)
        super().__init__(unit)

    def __str__(self) -> str:
        text = self._text()
        return f"{text}; {self.unlent}" if self.unlent else text

    def _text(self) -> str:
        if self.drink:
            known = ", ".join(self.measures[:6]) or "none in the food table"
            return (
                f'unit "{self.unit}" measures a drink, and "{self.food_name}" is none (no '
                f"measure of it is in fl oz): use g, oz, lb or one of its measures ({known})"
            )
        if self.fits:
            return (
                f'unit "{self.unit}" fits several measures of "{self.food_name}" '
                f"({', '.join(self.fits)}): write the one you mean"
            )
        known = ", ".join(self.measures[:6]) or "none in the food table"
        if self.vessel:
            volumes = "1 cup, 8 fl oz or 250 ml" if self.liquid else "1 cup or 150 g"
            return (
                f'a {canonical_unit(self.unit)} holds no one amount, and "{self.food_name}" '
                f"has no measure of one: write how much ({volumes}) or one of its "
                f"measures ({known})"
            )
        return (
            f'unit "{self.unit}" cannot be converted for "{self.food_name}": use g, oz, lb '
            f"or one of its measures ({known})"
        )


class NoUnitError(UnitError):
    """A bare number for a food that has no unit to count: grams are never assumed."""

    def __init__(self, number: float, food_name: str, measures: list[str]) -> None:
        self.number = number
        super().__init__("", food_name, measures)

    def _text(self) -> str:
        known = ", ".join(self.measures[:6]) or "none in the food table"
        return (
            f'{self.number:g} without a unit: "{self.food_name}" has no unit to count, and a '
            f"bare number is never read as grams; write the unit: {self.number:g} g, or one "
            f"of its measures ({known})"
        )


class NoAmountError(UnitError):
    """No amount, for a food without a usual portion to assume."""

    def __init__(self, food_name: str, measures: list[str]) -> None:
        super().__init__("", food_name, measures)

    def _text(self) -> str:
        known = ", ".join(self.measures[:6]) or "none in the food table"
        return (
            f'no amount, and "{self.food_name}" has no usual portion to assume: write how '
            f"much (150 g, or one of its measures: {known})"
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


def _plain_fractions(text: str) -> str:
    """'1½' -> '1 1/2', '1⁄2' (the fraction slash, U+2044) -> '1/2'."""
    text = text.replace("\u2044", "/")
    for symbol, fraction in _UNICODE_FRACTIONS.items():
        text = re.sub(rf"(\d){symbol}", rf"\1 {fraction}", text).replace(symbol, fraction)
    return text


def _parse_amount(text: str) -> tuple[float, str]:
    cleaned = str(text).strip()
    if not cleaned.isascii():
        cleaned = _plain_fractions(cleaned)
    if _NEGATIVE.match(cleaned):
        raise AmountError(text, "must be more than 0")
    cleaned = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), cleaned)  # "1,000 g"
    of_measure = _OF_MEASURE.match(cleaned)
    if of_measure:  # Cronometer's "3.00 1 floweret", '0.94 14" diameter'
        return _of_measure(text, float(of_measure.group("number")), of_measure.group("measure"))
    match = _AMOUNT.match(cleaned)
    if not match:
        return _said_in_words(text, cleaned)
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
    unit = unit.strip()
    times = _TIMES.match(unit)
    if times:  # Cronometer's "1.00 x 0.5 cup, shredded": 1 of a half-cup measure
        size, unit = _parse_amount(times.group(1))
        return number * size, unit
    return number, unit


# Everyday words for a size: "a big plate", "a little glass"
SIZE_SYNONYMS = {"big": "large", "huge": "large", "little": "small"}
_SIZE_SYNONYM = re.compile(rf"\b({'|'.join(SIZE_SYNONYMS)})\b", re.IGNORECASE)


def _plain_sizes(text: str) -> str:
    """TEXT with an everyday word for a size as the size ("big plate" -> "large plate")."""
    return _SIZE_SYNONYM.sub(lambda m: SIZE_SYNONYMS[m.group(1).lower()], text)


def _said_in_words(text: str, cleaned: str) -> tuple[float, str]:
    """An amount cell in words, by the grammar of a food's text: 'two', 'half a cup',
    'a couple of', 'two slices', 'big plate'. An article alone ('a') says no amount.
    Raises AmountError for words that are no number ('a few') and for anything else."""
    cleaned = _plain_sizes(cleaned)  # (an amount cell holds no food's name: "big" a size)
    lowered = _SPACES.sub(" ", cleaned.lower())
    for vague in NOT_NUMBERS:
        if lowered == vague or lowered.startswith(vague + " "):
            raise AmountError(text, _VAGUE)
    words = lowered.split(" ")
    lead = _lead_number(words) if lowered not in ("a", "an") else None
    unit, taken = _lead_unit(words)
    one_of = unit and taken == len(words) and canonical_unit(unit) not in MASS_G
    if lead is None and one_of:  # "large", "cup", "slice": one of it (never "g": 1 g)
        last = unit.split(" ")[-1]
        if canonical_unit(last) != last:  # "slices": how many?
            raise AmountError(text, f"says no number: write how many (2 {last})")
        return 1.0, cleaned
    if lead is None:
        raise AmountError(text, "is not a number (write e.g. 150, 1.5 or 1/2)")
    number, taken = lead
    rest = cleaned.split()[taken:]
    if rest[:1] and rest[0].lower() == "of":  # "a couple of", "half of a cup"
        rest = rest[1:]
    return number, " ".join(rest)


def _of_measure(text: str, number: float, measure: str) -> tuple[float, str]:
    """NUMBER of a measure whose own text starts with a number: "1 floweret" (SR28's 1
    of "floweret") is 1 floweret; '14" diameter' (a pizza's size) is the measure."""
    if number <= 0:
        raise AmountError(text, "must be more than 0")
    size, unit = _parse_amount(measure)
    if unit.startswith('"') or not unit:
        return number, measure
    return number * size, unit


def _singular(word: str) -> str:
    if word.endswith("oes") and len(word) > 4:  # potatoes, tomatoes
        return word[:-2]
    if word.endswith("es") and word[:-2].endswith(("ch", "sh", "x", "ss")):
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
    # (and before Cronometer's " - ": 'medium - 2 3/5" diameter', 'can - each 12 fl oz')
    head = re.split(r"[,(]| - ", description.lower(), maxsplit=1)[0].strip()
    if head.startswith(("nlea serving", "fda serving")):  # Cronometer: "FDA Serving Size"
        head = "serving"
    return canonical_unit(head)


# A measure's text as words, to compare a measure as an export writes it with the food
# table's own: Cronometer writes SR28's 'medium (2-1/2" dia)' as 'medium - 2 1/2"
# diameter' and 'slice, large (1/4" thick)' as 'large slice - 1/4" thick'.
_MEASURE_TOKEN = re.compile(r"\d+/\d+|\d*\.\d+|\d+|[a-z]+")
_MEASURE_SPELLINGS = {"diameter": "dia", "inch": "in", "inche": "in"}


@functools.cache
def measure_words(text: str) -> frozenset[str]:
    """The words and numbers of a measure's text, in any order and punctuation:
    'medium - 2 1/2" diameter' and 'medium (2-1/2" dia)' give the same."""
    plain = re.sub(r"(\d)-(\d+/\d+)", r"\1 \2", text.lower().replace('"', " in "))
    return frozenset(
        _MEASURE_SPELLINGS.get(word, word)
        for word in (_singular(token) for token in _MEASURE_TOKEN.findall(plain))
    )


def _numbers(words: frozenset[str]) -> frozenset[str]:
    return frozenset(word for word in words if word[:1].isdigit() or word[:1] == ".")


def _has_number(words: frozenset[str]) -> bool:
    return bool(_numbers(words))


# Volumes that measure drinks: a food is poured in them only when one of its own
# measures is a drink's (SR28 and FNDDS give drinks in fl oz); "3 liters of bread" is
# refused, while cups and spoons convert for any food with a volume measure.
DRINK_VOLUMES = frozenset({"ml", "l", "fl oz", "pint", "quart"})
_LIQUID_MEASURE = re.compile(r"\bfl\.? ?oz\b|\bml\b|\blit(?:er|re)|\bpint|\bquart|\bgallon")
# Measures that count a food, after its own word ("1 egg", "1 pancake") and a medium
# size: the first of the food's measures (in table order) whose key is one of these.
COUNT_WORDS = frozenset({
    "each", "whole", "piece", "slice", "large", "small", "extra large", "extra small",
    "jumbo", "item", "fruit", "unit", "bar", "stick", "link", "patty", "roll", "bun",
    "cookie", "cracker", "sandwich", "taco", "burrito", "muffin", "bagel", "pancake",
    "waffle", "egg", "breast", "thigh", "drumstick", "wing", "leg", "fillet", "steak",
    "chop", "frankfurter", "sausage", "tortilla", "wedge", "spear", "stalk", "clove",
    "container", "packet", "package", "can", "bottle", "pouch", "individual",
    "regular", "pie", "cake", "pizza", "donut", "doughnut", "biscuit", "pretzel", "drink",
})  # fmt: skip
# A bare number's unit as written in the food's name ("6 new potatoes": "#new potato"):
# what it counts, where the food has a measure of it, else its natural unit
COUNTED = "#"


def is_counted(unit: str) -> bool:
    """Whether UNIT is a bare number's: none, or the noun it counts (COUNTED)."""
    return not unit.strip() or unit.startswith(COUNTED)


# What holds some of a food, no one of it
PACKAGE_WORDS = frozenset({
    "bag", "package", "packet", "pack", "box", "container", "carton", "jar", "pouch", "tub",
    "can", "bottle",
})  # fmt: skip
# Count measures of the whole food, not a piece of it: what "2 onions" counts before "1 slice".
WHOLE_WORDS = frozenset({"whole", "each", "fruit", "item", "unit", "individual"})
# A unit the person wrote -> the measure key the food table uses for it (where the food
# has no measure of that very name: an onion's "1 whole" is 148 g).
SAID_UNITS: dict[str, str] = {
    "each": "", "whole": "", "item": "", "cupful": "cup",
    # other words for a table's measure: "a portion of chips", "a packet of crisps"
    "portion": "serving", "helping": "serving", "side": "serving",
    "packet": "package", "pack": "package",
    "pot": "container", "tub": "container", "square": "piece",
    "regular": "medium",  # "a latte, regular": a medium one, where none is "regular"
    # British and Australian words: a tin is a can, a rasher (or strip) of bacon a
    # slice, a stubby a bottle of beer
    "tin": "can", "rasher": "slice", "strip": "slice", "stubby": "bottle", "stubbie": "bottle",
}  # fmt: skip


def grams_of_any_food(amount: float, unit: str) -> float | None:
    """AMOUNT of UNIT in grams where no measure of the food is needed: the weight the
    app wrote, which beats a measure of the food, or a unit of mass. Else None (an empty
    unit too: a bare number counts the food, see Measures.to_grams)."""
    stated = written_grams(amount, unit)
    if stated is not None:
        return stated
    key = canonical_unit(unit)
    return amount * MASS_G[key] if key in MASS_G else None


def is_mass(unit: str) -> bool:
    """Whether UNIT says a weight ('g', 'oz', 'cup (78g)'): grams said, not counted."""
    return canonical_unit(unit) in MASS_G or weight_of_all(unit) is not None


def _other_form(key: str) -> str:
    """KEY with its last word in the other singular spelling: _singular makes 'cherries'
    'cherrie' (as it makes 'cookies' 'cookie'), while a table writes '1 cherry'; so a
    word ending in 'ie' is also tried with 'y', and one in 'y' with 'ie'."""
    head, _, last = key.rpartition(" ")
    if last.endswith("ie"):
        last = last[:-2] + "y"
    elif last.endswith("y"):
        last = last[:-1] + "ie"
    else:
        return key
    return f"{head} {last}".strip()


def _food_words(food_name: str) -> set[str]:
    """The words that name the food itself: its name's first part ('Bananas, raw' ->
    banana; 'Pancakes plain, frozen' -> pancake, plain; FNDDS 'Egg, scrambled' -> egg),
    each in both singular spellings ('Cherries' -> cherrie, cherry)."""
    head = re.split(r"[,(]", food_name.lower(), maxsplit=1)[0]
    words = {_singular(word) for word in re.findall(r"[a-z]+", head)}
    return words | {_other_form(word) for word in words}


def _names_food(key: str, own: set[str]) -> bool:
    """Whether a measure's KEY is the food's own word: 'cherry' of cherries, and the
    tail of a compound one ('berry' of blueberries: SR28's '50 berries')."""
    return key in own or (" " not in key and len(key) >= 4 and any(w.endswith(key) for w in own))


def _natural_unit(food_name: str, counts: list[tuple[str, str, float]]) -> tuple[str, float] | None:
    """The unit a bare number counts, the first that fits, each in the table's order:
    a measure that is the food's own word ('1 egg', '1 banana', SR28 'pizza'); a medium
    size ('medium', 'medium pancake'); a measure of the food's own word with another
    size ('small pancake'); a medium or regular count measure ('medium or regular
    slice'); a count of the whole food (WHOLE_WORDS: 'whole', 'fruit'); a count measure
    (COUNT_WORDS: 'slice', 'each', 'large' …).
    None when the food has none (milk, rice): a bare number is then an error, never
    grams. Of a food's own word in several sizes, the medium one."""
    found = _natural_ranked(food_name, counts)
    return found[:2] if found is not None else None


# A count weighing less than the usual portion over this is a bit of the food (a
# kernel, a chip), never one of it of a size
BITS_IN_A_PORTION = 10

# A count measure of a small one, or of half of one
_SMALL_ONE = re.compile(r"\b(?:mini|miniature|small|1 slice bread)\b", re.IGNORECASE)

# Up to this test (_natural_ranked), a count is one of the food itself (its own word, a
# medium one, its own word in a size): one of it is a portion where no table weighs one
USUAL_COUNT = 2
# FNDDS's heaviest "Quantity not specified" of a food (27341000, chicken, potatoes, corn
# and cheese with gravy, 531 g; only drinks weigh more): a count heavier is a whole to
# share, no portion
LARGEST_PORTION_G = 531.0
_NLEA = re.compile(r"\bNLEA serving\b", re.IGNORECASE)


def _is_whole_one(description: str) -> bool:
    """Whether a measure is one whole food: a size alone ("large", SR28's egg), or a
    sandwich (SR28's fast-food burgers)."""
    said = set(re.findall(r"[a-z]+", re.split(r"[(,]", description.lower())[0]))
    return bool(said) and (said <= SIZE_WORDS or said == {"sandwich"})


# From this test on (_natural_ranked), a count only says "a piece" of the food: a twin's
# own word or size is the better count
WEAK_COUNT = 5


def _natural_ranked(
    food_name: str, counts: list[tuple[str, str, float]]
) -> tuple[str, float, int] | None:
    """_natural_unit with the rank of the test it passed (0 the best): a twin's measure
    that passes an earlier test is the better count ("1 medium breast" of FNDDS's
    chicken breast before SR28's "1 unit (yield from 1 lb ready-to-cook chicken)")."""
    own = _food_words(food_name)
    sized = own | SIZE_WORDS

    def words(key: str) -> set[str]:
        return set(key.split(" ")) if key else set()

    def size_said(description: str) -> set[str]:
        return set(re.findall(r"[a-z]+", description.lower())) & SIZE_WORDS

    # (a food of two words or more that a measure ends with: FNDDS's "1 McDonald's Big
    # Mac" of "Big Mac (McDonalds)"; its "Kit Kat Bite" is a bite of one)
    head = [_singular(w) for w in re.findall(r"[a-z]+", re.split(r"[,(]", food_name.lower())[0])]

    def ends_with_food(key: str) -> bool:
        return len(head) > 1 and key.split(" ")[-len(head) :] == head

    tests = (
        lambda key: _names_food(key, own) or ends_with_food(key),
        lambda key: "medium" in words(key) and words(key) <= own | {"medium"},
        lambda key: bool(words(key) & own) and words(key) <= sized,  # "potato large"
        # (a medium bag, box or package is what holds some, no one of the food: SR28's
        # graham crackers' twin's "small or medium single serving bag")
        lambda key: (
            bool(words(key) & {"medium", "regular"} and words(key) & COUNT_WORDS)
            and not words(key) & PACKAGE_WORDS
        ),
        lambda key: key in WHOLE_WORDS,  # the whole food before a piece of it ("2 onions")
        lambda key: key in COUNT_WORDS or key.split(" ")[0] in COUNT_WORDS,
    )
    # (SR28's "unit (yield from 1 lb ready-to-cook chicken)" is what a pound gives, no
    # count of the food)
    counts = [c for c in counts if not re.match(r"unit\b.*\byield\b", c[1].lower())]
    for rank, test in enumerate(tests):
        passed = [(description, grams) for key, description, grams in counts if test(key)]
        if passed:
            # of the food's own word in several sizes ("croissant, mini" … "croissant,
            # large"), the medium one, else one of no size, else the first
            medium = [p for p in passed if "medium" in size_said(p[0])]
            plain = [p for p in passed if not size_said(p[0])]
            description, grams = (medium or plain or passed)[0]
            if _SMALL_ONE.search(description):
                # a small or half one, where the food's own word comes medium or
                # regular too: that one ("Roll, white, soft": its "medium/regular/
                # sandwich size roll", 43 g, not its "miniature/small roll"; FNDDS's
                # sandwiches: a "regular sandwich", not one of 1 slice of bread)
                usual = [
                    (d, g) for key, d, g in counts
                    if words(key) & own and words(key) & {"medium", "regular"}
                ]  # fmt: skip
                description, grams = usual[0] if usual else (description, grams)
            return description, grams, rank
    return None


_TWO_NAMES = re.compile(r"^([a-z]+)(?: or |\s*/\s*)([a-z]+)$")


def _alternatives(description: str) -> list[str]:
    """The two names of one thing a measure gives ('can or bottle (12 fl oz)', FNDDS's
    'piece/slice', 'slice or wedge'): each is a unit of it, so 'a bottle' of beer is
    the first measure in table order that names a bottle. Only one word each side: in
    'small steak/cutlet' the sides are no two names of one thing."""
    head = re.split(r"[,(]| - ", description.lower(), maxsplit=1)[0].strip()
    found = _TWO_NAMES.match(head)
    return [canonical_unit(found.group(1)), canonical_unit(found.group(2))] if found else []


class _MeasureText(NamedTuple):
    """What Measures.of reads in a measure's description, whatever its amount and grams."""

    not_specified: bool  # FNDDS's "Quantity not specified": a usual portion, no unit
    plain: str  # lower case, spaces as one: by_description's key
    key: str  # measure_key
    liquid: bool  # a drink's measure
    medium_words: tuple[str, ...]  # what a medium or regular size it names is of
    unit_words: str  # by_words' key: the unit its words before any parenthesis say
    keys: tuple[str, ...]  # grams_by_key's keys, in order
    volume_ml: float | None  # ml of one of its volume unit, for a volume measure
    said: frozenset[str]  # measure_words
    qualifier: frozenset[str]  # a volume measure's other words ("ground")
    inside: tuple[str, float, float] | None  # a volume stated inside: (unit, how many, ml)


@functools.cache  # SR28 and FNDDS repeat a few thousand descriptions over 46,000 measures
def _measure_text(description: str) -> _MeasureText:
    lower = description.lower()
    if lower.startswith(NOT_SPECIFIED):
        return _MeasureText(True, "", "", False, (), "", (), None, frozenset(), frozenset(), None)
    key = measure_key(description)
    head = set(key.split(" "))
    medium_words = tuple(head - SIZE_WORDS - {"or"}) if head & {"medium", "regular"} else ()
    first_word = key.split(" ")[0] if key else key
    keys = tuple(dict.fromkeys([key, first_word, *_alternatives(description)]))
    volume = key if key in VOLUME_ML else first_word
    volume_ml = VOLUME_ML.get(volume)
    said = measure_words(description)
    inner = _VOLUME_INSIDE.search(lower)
    inside = None
    if inner and (key == "serving" or first_word == "serving" or inner.start() > 0):
        size = float(sum(Fraction(p) for p in (inner.group(1) or "1").split()))
        unit = canonical_unit(inner.group(2))
        inside = (unit, size, VOLUME_ML[unit])
    return _MeasureText(
        False, _SPACES.sub(" ", lower.strip()), key, bool(_LIQUID_MEASURE.search(lower)),
        medium_words, canonical_unit(description.split("(")[0]), keys, volume_ml, said,
        _qualifier(said, volume), inside,
    )  # fmt: skip


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
    # the unit a bare number counts ('2 eggs'), as (description, grams per 1), or None
    natural: tuple[str, float] | None = None
    natural_rank: int | None = None  # how good a count it is (_natural_ranked), 0 the best
    usual_portion: float | None = None  # grams of FNDDS's "Quantity not specified"
    largest: float = 0.0  # grams of the food's largest measure, for plausibility
    by_description: dict[str, float] = field(default_factory=dict)  # as written, lower
    liquid: bool = False  # a measure of it is a drink's (fl oz, ml, pint …)
    # the measures of its FNDDS twin: what a unit, a count or a usual portion the food's
    # own lack is (foods.FoodTable.twins)
    fallback: Measures | None = None
    # a unit word -> grams of its medium or regular size, where a measure names one
    # (FNDDS's "medium or regular slice"): what "a slice" is, before "slice, crust not eaten"
    medium_of: dict[str, float] = field(default_factory=dict)
    # each measure's words (measure_words) -> grams per 1 of it: a measure as an export
    # writes it, found by its words
    by_measure_words: dict[frozenset[str], float] = field(default_factory=dict)
    # a volume measure's other words ("ground" of "cup, ground") -> its density (g/ml):
    # "6 tbsp, ground" weighs as the ground food does, not as the first volume measure
    density_of: dict[frozenset[str], float] = field(default_factory=dict)
    # where these measures and the twin's lack a unit: another food whose measures are
    # borrowed (foods.FoodTable.lender), asked for only then, once (see Lent)
    lender: Callable[[], Lent | str] | None = field(default=None, compare=False, repr=False)
    # what the lender gave: the Lent (or None) once asked, and the units read by it
    _lent: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        food_name: str,
        measures: list[tuple[float, str, float]],
        fallback: Measures | None = None,
        lender: Callable[[], Lent | str] | None = None,
    ) -> Measures:
        """From the food's (amount, description, grams) measures, in SR28 order; FALLBACK:
        the measures to turn to where these lack a unit, a count or a usual portion;
        LENDER: where both lack one, what gives another food's (Measures.reading), or
        why there is none."""
        grams_by_key: dict[str, float] = {}
        by_words: dict[str, float] = {}
        by_description: dict[str, float] = {}
        density = None
        described = []
        usual = None
        liquid = False
        medium_of: dict[str, float] = {}
        counts: list[tuple[str, str, float]] = []  # (key, description, grams per 1)
        by_measure_words: dict[frozenset[str], float] = {}
        density_of: dict[frozenset[str], float] = {}
        # the heaviest measure as written ("100 ml" = 95.7 g of AFCD's milk is no 1 g one)
        written_most = 0.0
        for amount, description, grams in measures:
            amount, grams = float(amount), float(grams)
            if amount <= 0 or grams <= 0:
                continue
            written_most = max(written_most, grams)
            text = _measure_text(description)
            if text.not_specified:
                usual = grams / amount if usual is None else usual
                continue  # no unit a person says: only the weight of no amount
            described.append(f"{amount:g} {description} = {grams:g} g")
            if text.plain == TABLE_PORTION and usual is None:
                usual = grams / amount
            by_description.setdefault(text.plain, grams / amount)
            counts.append((text.key, description, grams / amount))
            liquid = liquid or text.liquid
            for word in text.medium_words:
                medium_of.setdefault(word, grams / amount)
            by_words.setdefault(text.unit_words, grams / amount)
            for candidate in text.keys:
                grams_by_key.setdefault(candidate, grams / amount)
            if density is None and text.volume_ml is not None:
                density = grams / (amount * text.volume_ml)
            by_measure_words.setdefault(text.said, grams / amount)
            if text.volume_ml is not None and text.qualifier:
                density_of.setdefault(text.qualifier, grams / (amount * text.volume_ml))
            if text.inside is not None:
                # "serving 1/2 cup" = 66 g: a cup of it weighs 132 g
                unit, size, unit_ml = text.inside
                ml = amount * size * unit_ml
                grams_by_key.setdefault(unit, grams * unit_ml / ml)
                if density is None:
                    density = grams / ml
        ranked = _natural_ranked(food_name, counts)
        natural = ranked[:2] if ranked is not None else None
        largest = max(max((g for _, _, g in counts), default=0.0), written_most)
        if fallback is not None:
            # the twin's count where the food's own is only a count word ("1 unit (yield
            # from 1 lb ready-to-cook chicken)") and the twin's a better one
            better = fallback.natural_rank is not None and (
                ranked is None or ranked[2] >= WEAK_COUNT > fallback.natural_rank
            )
            natural = fallback.natural if better else natural or fallback.natural
            usual = usual if usual is not None else fallback.usual_portion
            largest, liquid = max(largest, fallback.largest), liquid or fallback.liquid
        # no weight for no amount in either table: the label's serving (SR28's "NLEA
        # serving", FDA's reference amount customarily consumed), else one of the food's
        # own natural unit
        if usual is None:
            usual = next((g for a, d, g in measures if _NLEA.search(str(d)) and float(g) > 0), None)
            usual = float(usual) if usual is not None else None
        # ("1 large" scrambled egg, "1 medium" croissant), where it is a count of the food
        # (not a whole to share: SR28's "1 chicken, bone removed", 598 g; a 14" pizza)
        if (
            usual is None
            and ranked is not None
            and natural
            and (ranked[2] <= USUAL_COUNT or _is_whole_one(natural[0]))
            and natural[1] <= LARGEST_PORTION_G
        ):
            usual = natural[1]
        return cls(
            food_name, grams_by_key, density, described, by_words,
            natural=natural, usual_portion=usual, largest=largest,
            natural_rank=ranked[2] if ranked is not None else None,
            by_description=by_description, liquid=liquid, medium_of=medium_of,
            fallback=fallback, by_measure_words=by_measure_words, density_of=density_of,
            lender=lender,
        )  # fmt: skip

    def to_grams(self, amount: float, unit: str) -> float:
        """AMOUNT of UNIT in grams. An empty unit counts the food's natural unit ('2
        eggs'), never grams. Raises UnitError (NoUnitError for a bare number of a food
        with nothing to count). A unit the food's own measures lack is looked up in its
        twin's (FALLBACK), and the error, if any, lists its own."""
        # a measure written with its details ('medium - 2 1/2" diameter'): the measure
        # of the food (or of its twin) those words describe, before any reading of its
        # first word ("medium" of a honeydew is no "small wedge")
        described = None if is_mass(unit) else self._described(unit)
        if described is None and self.fallback is not None and not is_mass(unit):
            described = self.fallback._described(unit)
        if described is not None:
            return amount * described
        try:
            return self._to_grams(amount, unit)
        except UnitError as own:
            error = own
        # a measure of the very unit said, in either table, before a near one: "3 large
        # pancakes" are FNDDS's "large pancake" (90 g), not SR28's one 4" pancake
        for measures, loose in ((self.fallback, False), (self, True), (self.fallback, True)):
            if measures is not None:
                try:
                    return measures._to_grams(amount, unit, loose)
                except UnitError:
                    pass
        raise error

    def portion_of(self, amount: float, unit: str) -> tuple[float, bool]:
        """(grams of AMOUNT of UNIT, whether the weight was assumed). A vessel the food
        has no measure of ("a glass of orange juice", "2 bowls of soup"), a serving or
        portion where it has none, and a size it is not weighed in ("a large orange
        juice"), is a serving of a size left unsaid: the food's usual portion each
        (FNDDS's "Quantity not specified", the weight a survey codes for one), assumed
        as a missing amount is.
        Raises UnitError as to_grams does where there is no usual portion either."""
        try:
            return self.to_grams(amount, unit), False
        except UnitError as error:
            key = canonical_unit(unit)
            *size, last = key.split(" ") or [""]
            sized_vessel = last in VESSELS and set(size) <= SIZE_WORDS  # "a small glass"
            unsaid = error.vessel or sized_vessel or SAID_UNITS.get(key, key) == "serving"
            # a pack of one, of a size the food is not weighed in ("a packet of oatmeal",
            # "a small bag of M&Ms"): one portion
            unsaid = unsaid or (last in SINGLE_PACKS and set(size) <= SIZE_WORDS)
            # a size the food is not weighed in ("a large orange juice", "fries, medium"):
            # one of a size the table does not say, its usual portion
            unsaid = unsaid or SAID_UNITS.get(key, key) in SIZES_ALONE
            if unsaid and self.usual_portion is not None:
                # (of the size said: "a small glass", "a big plate", "fries, large")
                share = next(
                    (SIZE_SHARE[w] for w in reversed(key.split(" ")) if w in SIZE_SHARE), 1.0
                )
                return amount * self.usual_portion * share, True
            raise

    def reading(self, amount: float, unit: str) -> Reading:
        """portion_of, and where the food's own measures (and its twin's) have no measure
        of UNIT, the LENDER's: another food's measure of it (a national table's food
        read by the US food of its name; a density of another form of an SR28 food), the
        weight assumed, and the reading's note saying which food it came from. The
        food's own measure always wins. Raises portion_of's UnitError where the lender
        has none either (or there is no lender), or where the food's own measures fit
        the unit several ways (the person says which)."""
        try:
            grams, assumed = self.portion_of(amount, unit)
            return Reading(grams, assumed, None)
        except UnitError as own:
            if own.fits or self.lender is None:
                raise
            lent = self._lender()
            if isinstance(lent, str):  # none: why, said with the refusal
                own.unlent = lent
                raise
            if lent.volume_only and not is_volume(unit):  # (a density only)
                raise
            try:
                grams, _ = lent.measures.portion_of(amount, unit)
            except UnitError:
                own.unlent = f"nor has {lent.named} ({lent.why}), whose measures it borrows"
                raise own from None
            self._lent[unit] = lent
            return Reading(grams, True, lent.note)

    def usual(self) -> Reading | None:
        """The weight of a row with no amount: the food's usual portion (its own or its
        twin's), else the lender's (not a density's), assumed; None where none has one."""
        if self.usual_portion is not None:
            return Reading(self.usual_portion, True, None)
        lent = self._lender()
        if not isinstance(lent, Lent) or lent.volume_only or lent.measures.usual_portion is None:
            return None
        return Reading(lent.measures.usual_portion, True, lent.note)

    def largest_for(self, unit: str) -> float:
        """The largest measure an amount in UNIT is judged by (diary.implausible_amount):
        the food's own, or the lender's too where UNIT was read by the lender's."""
        lent = self._lent.get(unit)
        return max(self.largest, lent.measures.largest) if isinstance(lent, Lent) else self.largest

    def _lender(self) -> Lent | str:
        """The lender's Lent, or why there is none (asked once)."""
        if self.lender is None:
            return ""
        if "" not in self._lent:
            self._lent[""] = self.lender()
        return self._lent[""]  # type: ignore[return-value]

    def _described(self, unit: str) -> float | None:
        """Grams per 1 of the measure UNIT's words describe: the one with the very
        words; else, where they state a size in numbers, the only one (in grams) whose
        words hold them all ('large - 3" diameter' is 'large whole (3" dia)'), else the
        closest with those very numbers and a word of them ('small - 5 1/4" diameter'
        is 'melon (5-1/4" dia)'). None when UNIT says too little (one word: "medium")
        or fits none or several."""
        said = measure_words(unit)
        if len(said) < 2:
            return None
        if said in self.by_measure_words:
            return self.by_measure_words[said]
        if not _has_number(said):
            return None
        fits = {grams for words, grams in self.by_measure_words.items() if said < words}
        if not fits:  # the sizes in numbers alone: 'small - 5 1/4" diameter' of a honeydew
            numbers, other = _numbers(said), said - _numbers(said) - {"in"}
            closeness = {
                words: (len(other & words), -len(words - said))
                for words in self.by_measure_words
                if _numbers(words) == numbers and other & words
            }
            # the closest: most words in common, then fewest others ('fruit (2-1/8" dia)',
            # not 'wedge or slice (1/8 of one 2-1/8" dia lemon)')
            best = max(closeness.values(), default=None)
            fits = {self.by_measure_words[w] for w, close in closeness.items() if close == best}
        return fits.pop() if len(fits) == 1 else None

    def _to_grams(self, amount: float, unit: str, loose: bool = False) -> float:
        """AMOUNT of UNIT by these measures alone: strictly, by a measure of that unit;
        LOOSE, by a near one (a count of another size, a slice for a piece)."""
        if unit.startswith(COUNTED):  # a bare number of what the name says it counts
            noun = unit[len(COUNTED) :]
            each = self._counted(noun)
            if each is None and self.fallback is not None:  # (or its twin's measure of it)
                each = self.fallback._counted(noun)
            if each is not None:
                return amount * each
            unit = ""  # (else the food's natural unit)
        found = grams_of_any_food(amount, unit)
        if found is not None:
            return found
        key = canonical_unit(unit)
        if key not in self.grams_by_key:  # the food's own measure of that name first
            key = SAID_UNITS.get(key, key)
        if key not in self.grams_by_key and _other_form(key) in self.grams_by_key:
            key = _other_form(key)  # "2 cherries": SR28's "1 cherry"
        if not key:
            if self.natural is None:
                raise NoUnitError(amount, self.food_name, self.described)
            return amount * self.natural[1]
        # a unit is the measure of that very name ("1 slice"), else its medium or
        # regular size ("medium or regular slice"), else the first measure it heads
        # ("slice, crust not eaten")
        if key in self.by_description:
            return amount * self.by_description[key]
        if key in self.medium_of:
            return amount * self.medium_of[key]
        if key in self.grams_by_key:  # the food's own measure, volume or household
            return amount * self.grams_by_key[key]
        said = _SPACES.sub(" ", unit.lower().strip())
        if said in self.by_description:  # a measure as the table writes it (Cronometer)
            return amount * self.by_description[said]
        if key in CUP_SIZES_FL_OZ:  # a coffee-shop size: a volume (see CUP_SIZES_FL_OZ)
            amount, key = amount * CUP_SIZES_FL_OZ[key], "fl oz"
        if key in DRINK_VOLUMES and not self.liquid:
            raise UnitError(unit, self.food_name, self.described, drink=True)
        if key in VOLUME_ML and self.grams_per_ml is not None:
            return amount * VOLUME_ML[key] * self.grams_per_ml
        head = measure_key(unit)  # "cup, whole pieces", 'medium (7" to 7-7/8" long)'
        qualifier = _qualifier(measure_words(unit), head)
        if head in VOLUME_ML and qualifier in self.density_of:  # "tbsp, ground"
            return amount * VOLUME_ML[head] * self.density_of[qualifier]
        if head not in (key, canonical_unit(unit)) and head:  # (not "packet" again)
            try:
                return self.to_grams(amount, head)
            except UnitError:
                stated = _stated_inside(unit)
                if stated is None:
                    raise
                return self.to_grams(amount * stated[0], stated[1])
        # A size or piece word of one measure: SR28 often puts the food's own word first
        # ("potato medium", "slice large"), so "medium" is that measure when it is the
        # only one, and "large slice" is "slice large".
        # (a measure in a mass or volume is no size of a piece: "cup, pieces" of bacon)
        words = set(key.split())
        fits = [
            k for k in self.by_words
            if words and words <= set(k.split()) and not set(k.split()) - words & _NO_SIZE
        ]  # fmt: skip
        if words & VESSELS:  # "prepackaged bowl" of cereal: a package, not a bowl one fills
            other = _food_words(self.food_name) | _SIZE_OR
            fits = [k for k in fits if set(k.split()) - words <= other]
        if len(fits) == 1:
            return amount * self.by_words[fits[0]]
        # a serving the text weighs in other units: "Serving (2 medium slice)", "serving
        # 1/2 cup" (Cronometer)
        stated = _stated_inside(unit) if key.startswith("serving") else None
        if stated is not None:
            return self.to_grams(amount * stated[0], stated[1])
        # the food's own word as its unit ("1 Doughnut" of "Doughnuts, french crullers"):
        # a count of the food, one of its natural unit
        if loose and key in _food_words(self.food_name) and not fits:
            each = [g for k, g in self.by_words.items() if _is_count(k)]
            if self.natural is not None or len(set(each)) == 1:
                return amount * (self.natural[1] if self.natural is not None else each[0])
        if loose:
            found = self._near(amount, key, fits)
            if found is not None:
                return found
            # a size of the food's own word ("3 large egg" of FNDDS's egg, weighed "1
            # large"): that size
            size = words - _food_words(self.food_name)
            if size != words and size and size <= SIZE_WORDS:
                return self._to_grams(amount, " ".join(sorted(size)), loose)
        raise UnitError(
            unit, self.food_name, self.described, fits if len(fits) > 1 else None,
            vessel=key in VESSELS, liquid=self.liquid,
        )  # fmt: skip

    def _counted(self, noun: str) -> float | None:
        """Grams of one of what NOUN (the last words of a food's name as written) counts,
        where the food has a measure of it: all its words ("new potato": FNDDS's "1 new
        potato", not a medium potato), else one of them, the last first ("cherry
        tomato": SR28's "1 cherry"; "sushi roll": "1 roll"); never a weight, a volume
        or a vessel ("peanut butter cups" are no cups)."""
        words = noun.split(" ")
        own = _food_words(self.food_name)
        natural = set(measure_key(self.natural[0]).split(" ")) if self.natural else set()
        for key in (noun, *reversed(words)) if len(words) > 1 else (noun,):
            if (
                key
                and key in self.by_words  # (a measure's own words, not a first word's)
                and not (key in MASS_G or key in VOLUME_ML or key in VESSELS or key in _MEASURED)
            ):
                # (the food's own word that is its natural unit is that, of the right
                # size: "30 croissants" are medium ones, not SR28's first, a mini one)
                return None if key in natural else self.by_words[key]
        # else a measure that names it with a count word, the plainest (FNDDS's "1 Oreo
        # sandwich" for "3 oreos", before its "Oreo mini sandwich" and "Oreo thin")
        said = set(words) - own

        def plainest(key: str) -> tuple[int, int, int]:
            # fewest other words; of a size, the medium or regular one ("1 medium fillet"
            # of "salmon fillet", not the large one), then one of no size; then in order
            extra = set(key.split(" ")) - said
            sized = 0 if extra & {"medium", "regular"} else 1 + bool(extra & SIZE_WORDS)
            return len(extra - SIZE_WORDS), sized, order[key]

        order = {key: at for at, key in enumerate(self.by_words)}
        named = [
            key for key in self.by_words
            if said
            and said <= set(key.split(" "))
            and set(key.split(" ")) - said <= COUNT_WORDS | SIZE_WORDS
        ]  # fmt: skip
        return self.by_words[min(named, key=plainest)] if named else None

    def _near(self, amount: float, key: str, fits: list[str]) -> float | None:
        """AMOUNT of unit KEY by a measure near it, where none is of it, or None."""
        words = set(key.split())
        # a size of a food FNDDS counts in its own word only ("2 large eggs": "1 egg" =
        # 50 g; "a large banana": "1 banana"), or in one count, where that is one of the
        # food, not a bit of it (a kernel of popcorn, a chip, a fry: less than a tenth of
        # its usual portion)
        counts = [k for k in self.by_words if _is_count(k)]
        if not fits and words and words <= SIZE_WORDS:
            if self.natural is not None and self.natural[0] in _food_words(self.food_name):
                return amount * self.natural[1]
            if len(counts) == 1 and self._whole(counts[0]):
                return amount * self.by_words[counts[0]]
            # a food weighed in one size only ("1 large" of SR28's hard-boiled egg): a
            # "medium" one is that one, the nearest there is
            sizes = [k for k in self.by_words if k and set(k.split()) <= SIZE_WORDS]
            if len(sizes) == 1 and not counts and words <= {"medium", "regular"}:
                return amount * self.by_words[sizes[0]]
        # a medium or regular one of a unit the food has in one size: that one ("a medium
        # slice" of a bread whose slice is "1 slice")
        plain = " ".join(w for w in key.split() if w not in {"medium", "regular"})
        if plain != key and plain and plain in self.grams_by_key:
            return amount * self.grams_by_key[plain]
        # a slice of a food cut in pieces, or a piece of one cut in slices: one cut, as
        # FNDDS's own "piece/slice" portions say ("a slice of cake": "1 piece (1/12 of a
        # cake)"; "a piece of bacon": "1 slice")
        *size, last = key.split() or [""]
        other = {"slice": "piece", "piece": "slice"}.get(last)
        if other is not None:
            cut = self._near_cut(amount, " ".join([*size, other]))
            if cut is not None:
                return cut
        # a piece of a food counted in one whole one ("4 pieces" of FNDDS's nuggets, "1
        # nugget"), a sandwich of one that is a sandwich ("1 sandwich" of its hamburger,
        # "1 hamburger"): that count
        if not size and last in _ONE_OF_IT and len(counts) == 1 and self._whole(counts[0]):
            return amount * self.by_words[counts[0]]
        return None

    def _whole(self, count: str) -> bool:
        """Whether one of the count measure COUNT is one of the food, not a bit of it
        (a kernel of popcorn, a chip: less than a tenth of its usual portion)."""
        return (
            self.usual_portion is None
            or self.by_words[count] * BITS_IN_A_PORTION >= self.usual_portion
        )

    def _near_cut(self, amount: float, key: str) -> float | None:
        try:
            return self._to_grams(amount, key)
        except UnitError:
            return None


class Reading(NamedTuple):
    """An amount read in grams (Measures.reading)."""

    grams: float
    assumed: bool  # a usual portion, or another food's measure: counted and listed
    note: str | None  # where it came from, where another food's measure: Lent.note


# The start of a row's note where its amount was read by another food's measure.
BORROWED = "borrowed"


@dataclass(frozen=True)
class Lent:
    """Another food whose measures a food borrows where its own (and its twin's) lack
    a unit: a national table's food the US food its name matches (counts, sizes,
    volumes, a usual portion); an SR28 or FNDDS food another form of it (its density,
    for volumes only)."""

    food_id: str
    name: str
    source: str  # the lender's table, as foods.csv writes it ("SR28")
    measures: Measures
    volume_only: bool  # only its density is borrowed
    why: str  # why this food: "the US food of the same name", "another form of it"

    @property
    def named(self) -> str:
        return f'{self.source} {self.food_id} "{self.name}"'

    @property
    def note(self) -> str:
        """The row's note: which food's measure its amount was read by, and why that one."""
        kind = "density" if self.volume_only else "measure"
        return f"{BORROWED} {kind}: {self.named} ({self.why})"


def is_volume(unit: str) -> bool:
    """Whether UNIT says a volume ('cup', '2 tbsp', 'cup, whole pieces', 'grande')."""
    key = canonical_unit(unit)
    return key in VOLUME_ML or key in CUP_SIZES_FL_OZ or measure_key(unit) in VOLUME_ML


def _qualifier(words: frozenset[str], volume: str) -> frozenset[str]:
    """A volume measure's words besides the volume and numbers ("ground" of "cup,
    ground"), or none."""
    if volume not in VOLUME_ML:
        return frozenset()
    return frozenset(w for w in words - measure_words(volume) if not _has_number({w}))


# What a measure's text says one of it is, in other units: Cronometer's "serving 1/2 cup",
# "Serving (2 medium slice - 4 1/2" x 4 1/4")", "can - each 12 fl oz".
_STATED = re.compile(
    rf"(?:\(|\beach\s+|^serving\s+)(?P<amount>{_NUMBER}\s*[a-z][^(),]*(?:,[^(),]*)?)", re.I
)


def _stated_inside(unit: str) -> tuple[float, str] | None:
    """(number, unit) that UNIT's text says one of it is, or None."""
    found = _STATED.search(unit.strip())
    if found is None:
        return None
    text = found.group("amount").split(" - ")[0].strip()
    try:
        number, inner = parse_amount(text)
    except AmountError:
        return None
    return (number, inner) if inner and canonical_unit(inner) != canonical_unit(unit) else None


# Words that say a size, not a unit.
SIZE_WORDS = {"small", "medium", "large", "extra", "jumbo", "regular", "mini", "miniature"}
_SIZE_OR = SIZE_WORDS | {"or"}
_MEASURED = frozenset(MASS_G) | frozenset(VOLUME_ML)
# Words of a measure that is no size of a unit: a mass or volume, or energy ("100 calorie
# package" is no packet of crisps)
_NO_SIZE = _MEASURED | {"calorie"}
# What a person fills as they like: FNDDS weighs a glass only of wine (its "1 glass"
# portions are all wines, nonalcoholic wines and sangrias), a bowl only as a package
# ("prepackaged bowl", "microwave bowl"), a mug, plate or handful never. So one of them
# is the food's own measure of it where it has one, else one usual portion
# (Measures.portion_of), assumed.
VESSELS = frozenset({"glass", "bowl", "mug", "plate", "handful"})
# Packs a person opens and eats one of (not a box, a jar, a carton: those are many)
SINGLE_PACKS = frozenset({"packet", "pack", "bag", "pouch", "sachet"})
# Units that are one of the food whatever it is called: a piece, a sandwich of a food
# that is one (Measures._near)
_ONE_OF_IT = frozenset({"piece", "sandwich"})
# FNDDS's weight for "no amount given" (its "Quantity not specified"): the usual portion
# a row without an amount takes, but no count of anything.
NOT_SPECIFIED = "quantity not specified"
# Fineli's own portion of a medium eater (its PORTM, beside a small and a big one): the
# table's usual portion, as FNDDS's "Quantity not specified" is, and a unit too
TABLE_PORTION = "medium-sized portion"


def _is_count(key: str) -> bool:
    """Whether a measure's words name a count of the food ("egg", "banana"), not a mass,
    a volume, a size alone or FNDDS's weight for no amount."""
    first = key.split(" ")[0] if key else key
    return (
        bool(key)
        and key != NOT_SPECIFIED
        and not ({key, first} & (set(MASS_G) | set(VOLUME_ML)) or set(key.split()) <= SIZE_WORDS)
    )


# --- amounts inside a food's text ----------------------------------------------------------
# "2 eggs", "a slice of pepperoni pizza", "half a cup of rice", "chicken breast 150g",
# "grande latte": split into (number, unit, the food words left to match).

NUMBER_WORDS: dict[str, float] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "half": 0.5, "dozen": 12, "quarter": 0.25,
}  # fmt: skip
_VAGUE = "is not a number: say how many (2 eggs) or how much (100 g)"
# Words that say there was some, not how much: the row asks for an amount.
NOT_NUMBERS = ("a few", "few", "some", "several", "a little", "a bit of", "a lot of",
               "lots of", "a lot", "many", "a bunch of", "bunch of", "plenty of")  # fmt: skip
# Units said inside a food's text that are no mass or volume: each is a measure of the
# food itself (its SR28 measure or FNDDS portion: "1 slice", "1 bowl"), looked up by
# name. A glass, mug, bowl or plate holds what its owner pours: no one weight or volume
# can be sourced for them, so they need the food's own measure. Only words that hold
# or cut a food: a food's own noun ("sandwich", "egg", "muffin") is the food, counted
# by its natural unit ("a turkey sandwich", "2 eggs"), and "whole" is too often part of
# a name ("whole wheat") to be a unit there.
EVERYDAY_UNITS = (
    "slice", "piece", "glass", "bowl", "plate", "handful", "can", "bottle", "mug",
    "scoop", "serving", "container", "packet", "package", "pack", "bar", "stick", "box",
    "carton", "jar", "pouch", "bag", "wedge", "spear", "strip", "stalk", "clove", "sprig",
    "pinch", "dash", "shot", "cube", "square", "portion", "helping", "cupful", "pot", "tub",
    "tin", "rasher", "stubby", "side",
)  # fmt: skip
SIZE_UNITS = ("extra small", "extra large", "small", "medium", "large", "jumbo", "regular")
# The sizes that, written alone, say how big one is: "regular" says which (no diet cola),
# "jumbo" a kind (jumbo shrimp)
SIZES_ALONE = frozenset({"extra small", "small", "medium", "large", "extra large"})
# A size of a usual portion, where the food is weighed in no such size: FNDDS's own
# sizes, the median over the foods it weighs small, medium and large (801 foods: a small
# one 2/3 of a medium one; 823: a large one 1.5 times)
SIZE_SHARE = {"small": 2 / 3, "large": 1.5}
# Coffee-shop cup sizes, as Starbucks states them: short 8, tall 12, grande 16 and venti
# 20 US fl oz (a hot venti; the iced one is 24). They are volumes, converted through the
# food's density like any volume. (FNDDS's coffee drinks weigh small/medium/large at
# 360/480/600 g: 12/16/20 fl oz, the same cups.)
CUP_SIZES_FL_OZ: dict[str, float] = {"short": 8.0, "tall": 12.0, "grande": 16.0, "venti": 20.0}

_SPACES = re.compile(r"\s+")
_DIGITS = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d*\.\d+|\d+(?:,\d{3})*)"
_LEAD_DIGITS = re.compile(rf"^(?P<number>{_DIGITS})(?P<after>\S*)")
# the denominators of fractions people say; "93/7 ground beef" or "80/20" is no amount
_SAID_DENOMINATORS = {"2", "3", "4", "5", "6", "8", "10", "12", "16"}


@dataclass(frozen=True)
class SaidAmount:
    """What a food's text says of its amount."""

    number: float | None  # None: no amount in the text
    unit: str  # as written, '' when none was said ("2 eggs")
    food: str  # the words left to match
    said: str = ""  # the amount's own words ("half a cup of"), for messages


def _unit_words() -> dict[str, str]:
    """Every word (or two) that names a unit -> itself, plural forms included."""
    words = {*MASS_G, *VOLUME_ML, *UNIT_ALIASES, *EVERYDAY_UNITS, *SIZE_UNITS, *CUP_SIZES_FL_OZ}
    found = {}
    for word in words:
        found[word.lower()] = word
        if word in EVERYDAY_UNITS or word in SIZE_UNITS or word in ("cup", "pint", "quart"):
            found[_plural(word)] = word
    found.pop("t", None)  # "t" and "c" alone are too often no unit in a food's words
    found.pop("c", None)
    return found


def _plural(word: str) -> str:
    if word.endswith(("ch", "sh", "x", "s")):  # glasses, boxes, pouches
        return word + "es"
    if word.endswith("f"):
        return word[:-1] + "ves"  # loaf, leaf
    return word + "s"


_UNITS_SAID = _unit_words()
# In a food's text, a size word only before a unit and "of" ("a big plate of pasta"): "a
# big mac" is a food
_SIZED_VESSEL_OF = re.compile(
    rf"(?<=\s)({'|'.join(SIZE_SYNONYMS)})(?=\s+(?:{'|'.join(map(re.escape, EVERYDAY_UNITS))})"
    r"(?:e?s)?\s+of\b)",
    re.IGNORECASE,
)
_TWO_WORD_UNITS = {u for u in _UNITS_SAID if " " in u}


def _number_of(text: str) -> float | None:
    """A written number ('2', '1 1/2', '.5', '1,000') or None (also for '93/7')."""
    if "/" in text and text.rsplit("/", 1)[1] not in _SAID_DENOMINATORS:
        return None
    try:
        number, unit = parse_amount(text)
    except AmountError:
        return None
    return number if not unit else None


def _lead_number(words: list[str]) -> tuple[float, int] | None:
    """The number the words start with and how many words it takes, or None."""
    if not words:
        return None
    first = words[0]
    if first[:1].isdigit() or first[:1] == ".":
        if len(words) > 1 and re.fullmatch(r"\d+/\d+", words[1]) and first.isdigit():
            mixed = _number_of(f"{first} {words[1]}")  # "1 1/2"
            if mixed is not None:
                return mixed, 2
        number = _number_of(first)
        return (number, 1) if number is not None else None
    text = " ".join(words[:4])
    for phrase, number, taken in (
        ("a couple of", 2.0, 3), ("couple of", 2.0, 2), ("a couple", 2.0, 2),
        ("half a dozen", 6.0, 3), ("a dozen", 12.0, 2), ("half of a", 0.5, 3),
        ("half an", 0.5, 2), ("half a", 0.5, 2), ("a half", 0.5, 2), ("one half", 0.5, 2),
        ("a quarter of a", 0.25, 4), ("a quarter", 0.25, 2), ("half of", 0.5, 2),
    ):  # fmt: skip
        if text == phrase or text.startswith(phrase + " "):
            return number, taken
    if first in NUMBER_WORDS:
        number, taken = float(NUMBER_WORDS[first]), 1
        if " ".join(words[1:4]) in ("and a half",) or " ".join(words[1:4]).startswith(
            "and a half "
        ):
            number, taken = number + 0.5, 4
        return number, taken
    return None


def _lead_unit(words: list[str]) -> tuple[str, int]:
    """The unit the words start with (a size, then a unit: 'large bowl') and how many
    words it takes; ('', 0) when none."""
    taken, parts = 0, []
    for _ in range(2):  # a size, then a unit
        pair = " ".join(words[taken : taken + 2])
        if pair in _TWO_WORD_UNITS or pair in ("fl oz", "fluid ounce", "fluid ounces"):
            parts.append(pair)
            taken += 2
        elif taken < len(words) and words[taken] in _UNITS_SAID:
            parts.append(words[taken])
            taken += 1
        if len(parts) == 1 and canonical_unit(parts[0]) not in SIZE_UNITS:
            break
        if len(parts) != _ + 1:
            break
    return " ".join(parts), taken


_TRAILING = re.compile(
    rf"^(?P<food>.*?[a-z].*?)[\s,]+(?P<number>{_NUMBER})\s*(?P<unit>[a-z][a-z. ]*?)\.?$", re.I
)


@functools.lru_cache(maxsize=4096)  # a diary repeats its foods (an error is not kept)
def split_amount(text: str) -> SaidAmount:
    """A food as written -> (number, unit, the food words left). The amount may lead
    ('2 eggs', 'a slice of pizza', 'half a cup of rice', 'two slices of toast', '1 1/2
    cups oats', '150g chicken', 'grande latte') or trail as a mass or volume ('chicken
    breast 150g', 'coke 12 oz'). No amount in the text: number None, the text as it is.
    Raises AmountError for words that are no number ('a few eggs', 'some rice') and for
    parse_amount's refusals (a range '2-3 eggs', a decimal comma '1,5 cups')."""
    cleaned = _SPACES.sub(" ", _plain_fractions(text.strip()) if not text.isascii() else text)
    cleaned = _SIZED_VESSEL_OF.sub(lambda m: SIZE_SYNONYMS[m.group(1).lower()], cleaned.strip())
    lowered = cleaned.lower()
    for vague in NOT_NUMBERS:
        if lowered == vague or lowered.startswith(vague + " "):
            raise AmountError(cleaned[: len(vague)], _VAGUE)
    glued = _LEAD_DIGITS.match(lowered)
    if glued and glued.group("after"):
        after = glued.group("after")
        # "150g chicken": a unit glued to its number; "2-3 eggs", "1,5 cups": refused
        if after in _UNITS_SAID:
            lowered = f"{glued.group('number')} {after}{lowered[glued.end() :]}"
            cleaned = lowered
        elif (after[0] in "-–—,xX_eE." and after[1:2].isdigit()) or after.startswith("/"):
            parse_amount(glued.group(0))  # raises, saying why
            return SaidAmount(None, "", text.strip())
        else:  # "2%", "7up", "3-bean salad": part of the name
            return _trailing(text.strip())
    if _NEGATIVE.match(lowered):  # "-2 eggs"
        raise AmountError(lowered.split(" ")[0], "must be more than 0")
    words = lowered.split(" ")
    if (
        len(words) > 2
        and words[1] in ("-", "to", "or", "–")
        and all(w[:1].isdigit() or w in NUMBER_WORDS for w in (words[0], words[2]))
    ):  # "2 to 3 eggs", "two or three eggs"
        raise AmountError(" ".join(words[:3]), "is a range: write one amount")
    lead = _lead_number(words)
    if lead is None and re.fullmatch(r"\d+(?:/\d+)?", words[0]) and len(words) > 1:
        parse_amount(words[0])  # "0 eggs", "1/0 eggs": raises, saying why
    if lead is None:
        # "cup of tea", "slice of pizza", "large bowl of soup": one of the unit said
        unit, unit_taken = _lead_unit(words)
        one_of = unit and canonical_unit(unit) not in {*SIZE_UNITS, "g", "mg"}  # no "g of rice"
        if one_of and words[unit_taken:][:1] == ["of"]:
            rest = " ".join(cleaned.split(" ")[unit_taken + 1 :]).strip(" ,")
            said = " ".join(cleaned.split(" ")[: unit_taken + 1])
            last = unit.split(" ")[-1]
            if rest and canonical_unit(last) != last:  # "slices of toast": how many?
                raise AmountError(unit, f"says no number: write how many (2 {last})")
            if rest:
                return SaidAmount(1.0, unit, rest, said)
        size = words[0] if words and words[0] in CUP_SIZES_FL_OZ else None
        if size and len(words) > 1:  # "grande latte": one cup of that size
            return SaidAmount(1.0, size, " ".join(cleaned.split(" ")[1:]), size)
        return _trailing(text.strip())
    number, taken = lead
    unit, unit_taken = _lead_unit(words[taken:])
    end = taken + unit_taken
    if end < len(words) and words[end] == "of":
        end += 1
    rest = " ".join(cleaned.split(" ")[end:]).strip(" ,")
    if not rest and unit:  # "2 eggs", "3 large pancakes": the last unit word is the food
        *size, food = unit.split(" ")
        if canonical_unit(food) in MASS_G or canonical_unit(food) in VOLUME_ML:
            return SaidAmount(None, "", text.strip())  # "2 cups": no food in it
        unit, rest = " ".join(size), " ".join(cleaned.split(" ")[end - 1 :])
        end -= 1
    if not rest:
        return SaidAmount(None, "", text.strip())
    said = " ".join(cleaned.split(" ")[:end])
    if number <= 0:
        raise AmountError(said, "must be more than 0")
    return SaidAmount(number, unit, rest, said)


def _trailing(text: str) -> SaidAmount:
    """'chicken breast 150g', 'coke, 12 oz': a mass or volume at the end of the name."""
    found = _TRAILING.match(text)
    if found:
        unit = canonical_unit(found.group("unit"))
        number = _number_of(found.group("number"))
        if number is not None and (unit in MASS_G or unit in VOLUME_ML):
            said = text[found.start("number") :]
            return SaidAmount(number, found.group("unit").strip(), found.group("food"), said)
    return SaidAmount(None, "", text)
