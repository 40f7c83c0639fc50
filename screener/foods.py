"""The food table and its household measures: load, look up by id, search by name.

The bundled table is foods.csv, built by scripts/build_foods.py from two USDA tables:
SR28 (ingredients; 5-digit ids) and FNDDS 2017-2018 (foods as eaten; 8-digit codes).
Every food says its table in `source`. It is read on first use, so `import screener`
stays cheap. The national tables (CIQUAL, AFCD, Fineli: `--table`) sit in their own files
in screener/data, ids written NAME:ID, and are read only when chosen.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .cache import Deferred, cache_dir, load_or_build
from .csvfile import check_frame_header, parser_error
from .errors import DataFileError, ScreenerError, UnknownFoodError
from .models import MatchKind

if TYPE_CHECKING:
    from .units import Lent, Measures
from .nutrients import DEFAULT_FOOD_TABLE, FOOD_TABLES, TABLE_TITLES, VALUE_COLUMNS, VALUE_UNITS

PACKAGE_DATA = resources.files("screener") / "data"
# In a source checkout (editable install, tests) foods.csv sits at the repository root;
# a built wheel carries it inside the package as screener/data/foods.csv.
SOURCE_FOODS = Path(__file__).resolve().parent.parent / "foods.csv"

FOOD_COLUMNS = [
    "food_id", "name", "food_group", "common", *VALUE_COLUMNS, "derived", "source",
    "other_names",
]  # fmt: skip
TEXT_COLUMNS = ("food_group", "derived", "source", "other_names")

# Groups a person rarely means when typing a plain food name.
UNLIKELY_GROUPS = {
    "Baby Foods",
    "Fast Foods",
    "Restaurant Foods",
    "American Indian/Alaska Native Foods",
    # FNDDS's WWEIA categories of foods for infants
    "Baby food: cereals",
    "Baby food: fruit",
    "Baby food: vegetable",
    "Baby food: meat and dinners",
    "Baby food: yogurt",
    "Baby food: snacks and sweets",
    "Baby juice",
    "Baby water",
    "Formula, ready-to-feed",
    "Formula, prepared from powder",
    "Formula, prepared from concentrate",
    "Human milk",
}

# Words that describe how a food was prepared or cut, not which food it is: a query made
# of an alias and only these words ("grilled chicken breast", "salmon fillet") is that
# alias's food. Compared as match keys (singular, lower case).
PREPARATION_WORDS = {
    "baked", "boiled", "braised", "broiled", "chopped", "cooked", "cubed", "diced",
    "fillet", "filet", "fresh", "fried", "frozen", "grilled", "homemade", "large",
    "mashed", "medium", "organic", "pan", "plain", "poached", "raw", "roast", "roasted",
    "serving", "sliced", "small", "steamed", "stewed", "whole", "piece", "slice",
    "portion", "bowl", "cup", "glass", "mug", "of", "a", "with", "skin", "skinless",
    "boneless", "lean", "home", "made", "style",
}  # fmt: skip

# A brand is written in capitals in SR28 (KELLOGG'S, CAMPBELL'S): a word of three or
# more capital letters, r"\b[A-Z]{3,}\b". Found as runs of "A" in the names with every
# capital made "A": a literal the regex engine finds at memchr speed, where the class
# [A-Z] is tried at every character.
_CAPITAL_TO_A = str.maketrans(dict.fromkeys(string.ascii_uppercase, "A"))
_CAPITAL_RUN = re.compile("AAA+")


def brand_rows(names: list[str]) -> np.ndarray:
    """Which NAMES have a brand word (see _CAPITAL_RUN)."""
    text = "\n".join(names)
    folded = text.translate(_CAPITAL_TO_A)

    def is_word_char(at: int) -> bool:
        return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")

    starts = [
        run.start()
        for run in _CAPITAL_RUN.finditer(folded)
        if not is_word_char(run.start() - 1) and not is_word_char(run.end())
    ]
    ends = np.cumsum([len(name) + 1 for name in names])
    brand = np.zeros(len(names), dtype=bool)
    brand[np.searchsorted(ends, starts, side="right")] = True
    return brand


# SR28's ids have up to 5 digits (leading zeros optional); FNDDS's food codes have 8,
# the first never 0: the two never collide. A national table's ids carry its name
# ("ciqual:19024", "afcd:F005634", "fineli:689"): its own would collide with SR28's.
_ID_PATTERN = re.compile(r"^\s*(?:0*(\d{1,5})|([1-9]\d{7}))(?:\.0+)?\s*$")
_NATIONAL_ID = re.compile(r"^\s*(ciqual|fineli):0*(\d{1,6})\s*$|^\s*(afcd):(f\d{6})\s*$", re.I)
_NON_WORD = re.compile(r"[^a-z0-9%]+")


def normalize_food_id(value: object) -> str | None:
    """'9040', '09040', 9040 and '9040.0' (a spreadsheet's float) all give '09040' (SR28);
    '11111000' is an FNDDS food code, as it is; 'CIQUAL:19024' is 'ciqual:19024'."""
    match = _ID_PATTERN.match(str(value))
    if not match:
        national = _NATIONAL_ID.match(str(value))
        if national is None:
            return None
        name, code = (national.group(1), national.group(2)) if national.group(1) else (
            national.group(3), national.group(4).upper())  # fmt: skip
        return f"{name.lower()}:{code}"
    return match.group(2) or match.group(1).zfill(5)


def normalize_name(text: str) -> str:
    """Lower case, accents, punctuation and runs of spaces folded ("Jalapeño" ->
    "jalapeno"): the key for exact matches."""
    plain = str(text).lower()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_WORD.sub(" ", plain).strip()


# Units of a powder spooned into water, never of the drink it makes.
SPOONS = frozenset({"tsp", "tbsp"})
# How the two tables name a drink made up from a powder, and the powder.
_MADE_UP = (
    (", prepared with water", (", powder", ", dry")),
    (", reconstituted", (", not reconstituted",)),
)


@dataclass(frozen=True)
class FoodTable:
    """Foods (one row per food, indexed by food_id) and their household measures."""

    foods: pd.DataFrame
    measures: pd.DataFrame
    aliases: pd.DataFrame  # alias, food_id; later rows win
    source: str
    tables: tuple[str, ...] = (DEFAULT_FOOD_TABLE,)  # the --table names it holds, in order
    # an SR28 food -> its FNDDS twin (the same food in the same form, hand-reviewed:
    # screener/data/fndds_twins.csv), whose portions as people say them ("1 banana",
    # "Quantity not specified") its own measures lack
    twins: dict[str, str] = field(default_factory=dict)
    # what other modules derive from this (frozen) table once, kept with it so that a
    # folder of a hundred diaries derives it once: key -> value
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def key_of(self, food_id: object) -> str | None:
        """The id of this table's food FOOD_ID names, or None. A national table's own id
        without its name ("19024" with --table ciqual) is its food too: in the order of
        the tables chosen, so "19024" is SR28's with --table usda,ciqual."""
        key = normalize_food_id(food_id)
        if key is not None and ":" in key:
            return key if key in self.foods.index else None
        for name in self.tables:
            found = key if name == DEFAULT_FOOD_TABLE else normalize_food_id(f"{name}:{food_id}")
            if found is not None and found in self.foods.index:
                return found
        return key if key is not None and key in self.foods.index else None

    def get(self, food_id: object) -> pd.Series:
        key = self.key_of(food_id)
        if key is None:
            raise UnknownFoodError(str(food_id))
        return self.foods.loc[key]

    def has(self, food_id: object) -> bool:
        return self.key_of(food_id) is not None

    def values_of(self, food_ids: np.ndarray) -> np.ndarray:
        """The VALUE_COLUMNS per 100 g of each food (normalised ids), a row per id."""
        rows = self.foods.index.get_indexer(food_ids)
        if (rows < 0).any():
            raise UnknownFoodError(str(food_ids[np.argmax(rows < 0)]))
        return self._values[rows]

    @functools.cached_property
    def _values(self) -> np.ndarray:
        return self.foods[VALUE_COLUMNS].to_numpy(dtype=float)

    def measures_of(self, food_id: object) -> pd.DataFrame:
        start, stop = self._measure_span(food_id)
        return self.measures.iloc[start:stop]

    def as_measured(self, food_id: str, unit: str) -> str:
        """The food FOOD_ID is when measured in UNIT: a spoon of a drink made up from a
        powder is the powder ("2 tsp instant coffee" is SR28's "…, powder", not 10 ml of
        "…, prepared with water"; FNDDS's "not reconstituted" for its "reconstituted").
        Else FOOD_ID itself."""
        from .units import canonical_unit

        if canonical_unit(unit) not in SPOONS:
            return food_id
        powder_of = self.derived.setdefault("powder_of", {})
        if food_id not in powder_of:
            name = str(self.foods.at[food_id, "name"])
            dry = [
                name.replace(made, form)
                for made, forms in _MADE_UP
                if made in name
                for form in forms
            ]
            found = self.foods.index[self.foods["name"].isin(dry)] if dry else []
            # (the first of the dry forms the table has: "…, powder" before "…, dry")
            by_name = {str(self.foods.at[i, "name"]): str(i) for i in found}
            powder_of[food_id] = next((by_name[d] for d in dry if d in by_name), food_id)
        return powder_of[food_id]

    def conversions(self, food_id: object, lend: bool = True) -> Measures:
        """The food's measures ready to convert with; where they lack a unit (or a usual
        portion, or a count), its twin's: an SR28 food's FNDDS portions as people say
        them, an FNDDS food's SR28 measures. Where both lack it, LEND: another food's,
        found only then (lender)."""
        from .units import Measures  # units needs nothing of this module

        key = self.key_of(food_id) or str(food_id)
        name = str(self.foods.at[key, "name"])
        twin = self.twins.get(key) or self._sr28_twins.get(key)
        fallback = Measures.of(name, self.measure_list(twin)) if twin is not None else None
        lender = functools.partial(self.lender, key) if lend else None
        return Measures.of(name, self.measure_list(key), fallback, lender)

    def lender(self, food_id: str) -> Lent | str:
        """The food whose measures FOOD_ID borrows where its own (and its twin's) lack a
        unit, or why there is none; found once, when first asked (a unit its own
        measures lack):
        - a national table's food: the US food (SR28 or FNDDS, of the bundled table)
          its name matches, where that is the same food (same_food): its counts, sizes,
          volumes and usual portion;
        - a USDA food: its density only, from another form of it (siblings: the same
          first two parts of an SR28 name, "Nuts, cashew nuts, …"), else from the FNDDS
          food its name finds."""
        lenders = self.derived.setdefault("lenders", {})
        if food_id not in lenders:
            lenders[food_id] = (
                self._national_lender(food_id) if ":" in food_id else self._sibling(food_id)
            )
        return lenders[food_id]  # type: ignore[no-any-return]

    def _national_lender(self, food_id: str) -> Lent | str:
        from .units import Lent

        name = str(self.foods.at[food_id, "name"])
        table = str(self.foods.at[food_id, "source"])
        us = default_foods()
        found = NAME_FINDERS[0](name, us) if NAME_FINDERS else None
        if found is None:
            return f"{table} has none, and no US food has its name to borrow one from"
        found_id, lent_name = found
        if not same_food(name, lent_name):
            return (
                f'{table} has none, and the US food its name matches ("{lent_name}") is '
                "another food: no measure borrowed"
            )
        measures = us.conversions(found_id, lend=False)
        source = str(us.foods.at[found_id, "source"])
        why = f"the US food its name matches; {table} has no such measure"
        return Lent(found_id, lent_name, source, measures, False, why)

    def _sibling(self, food_id: str) -> Lent | str:
        from .units import Lent

        if food_id not in self.foods.index:
            return ""
        name, source = str(self.foods.at[food_id, "name"]), str(self.foods.at[food_id, "source"])
        ranked = [
            (other, "another form of it, with a volume measure")
            for other in self._siblings(food_id, name, source)
        ]
        ranked += [(other, "the FNDDS food its name finds") for other in self._found(name)]
        for other, why in ranked:
            measures = self.conversions(other, lend=False)
            if measures.grams_per_ml is None and (
                measures.fallback is None or measures.fallback.grams_per_ml is None
            ):
                continue
            lent_name, lent_source = (str(self.foods.at[other, c]) for c in ("name", "source"))
            return Lent(other, lent_name, lent_source, measures, True, why)
        return "no other form of it has a volume measure to borrow a density from"

    def _siblings(self, food_id: str, name: str, source: str) -> list[str]:
        """The other foods of SOURCE whose names start with NAME's first two parts
        ("Nuts, cashew nuts, raw": "Nuts, cashew nuts, dry roasted, …"), the closest
        first: most words in common, then fewest others, then in table order."""
        parts = name.split(", ")
        if len(parts) < 3:
            return []
        prefix = ", ".join(parts[:2]) + ", "
        names = self.foods["name"]
        starts = self.derived.setdefault("name_starts", {})
        if source not in starts:  # each source's names sorted once: a prefix is a range
            mine = self.foods[self.foods["source"] == source]
            order = np.argsort(mine["name"].to_numpy(dtype=str), kind="stable")
            starts[source] = (
                mine["name"].to_numpy(dtype=str)[order],
                mine.index.to_numpy(dtype=str)[order],
            )
        sorted_names, ids = starts[source]
        low = int(np.searchsorted(sorted_names, prefix, "left"))
        high = int(np.searchsorted(sorted_names, prefix + "\uffff", "left"))
        words = set(normalize_name(name).split())
        found = []
        for other in ids[low:high]:
            if other != food_id:
                theirs = set(normalize_name(str(names.at[other])).split())
                found.append((-len(words & theirs), len(theirs - words), str(other)))
        return [other for *_, other in sorted(found)]  # (ids in table order last)

    def _found(self, name: str) -> list[str]:
        """The FNDDS food NAME finds by search, where it is the same food (same_food)."""
        if FNDDS_SOURCE not in set(self.foods["source"]):
            return []
        found = search_foods(name, SIBLING_SEARCH, self)
        fndds = found[(found["source"] == FNDDS_SOURCE) & (found["score"] >= SIBLING_SCORE)]
        return [
            str(i) for i, other in zip(fndds["food_id"], fndds["name"], strict=True)
            if same_food(name, str(other))
        ][:1]  # fmt: skip

    @functools.cached_property
    def _sr28_twins(self) -> dict[str, str]:
        """An FNDDS food -> its SR28 twin: a pair is the same food both ways, and the
        SR28 measures ("medium (2-1/2\" dia)") are the ones Cronometer's exports write."""
        found: dict[str, str] = {}
        for sr28, fndds in self.twins.items():
            found.setdefault(fndds, sr28)
        return found

    def measure_list(self, food_id: object) -> list[tuple[float, str, float]]:
        """The food's measures as (amount, description, grams), in SR28 order."""
        start, stop = self._measure_span(food_id)
        amounts, descriptions, grams = (
            column[start:stop].tolist() for column in self._measure_columns
        )
        return list(zip(amounts, descriptions, grams, strict=True))

    def _measure_span(self, food_id: object) -> tuple[int, int]:
        key = normalize_food_id(food_id)
        ids = self._measure_ids
        return int(np.searchsorted(ids, key, "left")), int(np.searchsorted(ids, key, "right"))

    @functools.cached_property
    def _measure_ids(self) -> np.ndarray:
        ids = self.measures["food_id"].to_numpy(dtype=str)
        if not (ids[:-1] <= ids[1:]).all():
            raise ValueError("measures must be sorted by food_id")  # as the builder writes
        return ids

    @functools.cached_property
    def _measure_columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # arrays, each food's span made a list when asked: a run meets a few dozen foods
        # of the 46,000 measures
        m = self.measures
        return m["amount"].to_numpy(), m["description"].to_numpy(), m["grams"].to_numpy()

    @functools.cached_property
    def search_index(self) -> SearchIndex:
        return SearchIndex.build(self.foods, self.aliases)

    def prepared(self) -> FoodTable:
        """This table with everything a run computes from it built (what the cache keeps)."""
        self.search_index.prepare()
        self._measure_ids  # noqa: B018 - computed and kept
        self._measure_columns  # noqa: B018
        self._values  # noqa: B018
        return self

    # In the disk cache the measures frame is a pickle of its own (cache.Deferred), read
    # when first asked for: a report converts with its columns (_measure_columns, kept
    # beside it), and its 46,000 rows would be made on every read of the cache.
    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        if "measures" in state:  # (else still the Deferred it was read as)
            state["_deferred_measures"] = Deferred(state.pop("measures"))
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def __getattr__(self, name: str) -> object:
        # (only for what the instance lacks: the measures, until first asked for)
        deferred = self.__dict__.get("_deferred_measures")
        if name != "measures" or deferred is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        object.__setattr__(self, "measures", deferred.value)
        del self.__dict__["_deferred_measures"]
        return self.__dict__["measures"]


# What finds the food a name means in a table, (food_id, name) or None: the matcher
# registers it (finds_names), so this module needs none of its code; a national food's
# lender is the US food its name finds (FoodTable.lender)
NAME_FINDERS: list[Callable[[str, FoodTable], tuple[str, str] | None]] = []


def finds_names(
    find: Callable[[str, FoodTable], tuple[str, str] | None],
) -> Callable[[str, FoodTable], tuple[str, str] | None]:
    """Register FIND as what finds the food a name means (NAME_FINDERS)."""
    if find not in NAME_FINDERS:
        NAME_FINDERS.append(find)
    return find


FNDDS_SOURCE = "FNDDS 2017-2018"
# An SR28 food with no volume measure and no sibling that has one borrows the density of
# the FNDDS food its name finds: among the first SIBLING_SEARCH found, scored at least
# SIBLING_SCORE
SIBLING_SEARCH, SIBLING_SCORE = 20, 90.0
# Words of a form that changes what a cup or a count of a food weighs: a food named with
# one is the same food as another only where that one is named with one too ("Coffee,
# ground" is no brewed "Coffee, NS as to type")
FORM_WORDS = frozenset({
    "ground", "powder", "powdered", "dried", "dry", "dehydrated", "concentrate",
    "concentrated", "instant", "flour", "meal", "paste", "puree",
})  # fmt: skip


def same_food(name: str, other: str) -> bool:
    """Whether a food named OTHER is the food NAME is, for its measures: a word of
    NAME's first part (or its words run together: "Chick pea") is a word of OTHER's
    first part ("Toasted bread, home-made" and "Bread, white, toasted"; not "Spinach,
    baby, fresh, raw" and "Pasta, fresh-refrigerated, spinach"), and both or neither
    say a form (FORM_WORDS)."""

    def words(text: str) -> set[str]:
        return {_singular(word) for word in normalize_name(text).split()}

    head, other_head = (words(text.split(",")[0]) for text in (name, other))
    joined = _singular(normalize_name(name.split(",")[0]).replace(" ", ""))
    forms = {_singular(word) for word in FORM_WORDS}
    said, other_said = bool(words(name) & forms), bool(words(other) & forms)
    return bool((head | {joined}) & other_head) and said == other_said


# The most 100 g of food can hold of each value: all of it (100 g); energy a little more
# than pure fat's 900 kcal (SR28 gives oils 884 to 902).
MOST_PER_100G = {
    column: {"g": 100.0, "mg": 100_000.0, "µg": 100_000_000.0, "kcal": 1000.0}[unit]
    for column, unit in VALUE_UNITS.items()
}


def read_food_csv(path: Path | str) -> pd.DataFrame:
    """Read a table in the foods.csv columns, checking what a person may get wrong."""
    try:
        table = pd.read_csv(
            path,
            dtype={"food_id": str, "name": str, **dict.fromkeys(TEXT_COLUMNS, str)},
            keep_default_na=False,
            na_values={column: [""] for column in VALUE_COLUMNS},
            encoding="utf-8",
        )
    except pd.errors.ParserError as error:
        raise parser_error(path, error, "cannot read the food table") from error
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise DataFileError(path, f"cannot read the food table: {error}") from error
    check_frame_header(list(table.columns), path)
    missing = [column for column in ("food_id", "name") if column not in table.columns]
    if missing:
        raise DataFileError(path, "missing column(s): " + ", ".join(missing))
    for column in FOOD_COLUMNS:
        if column not in table.columns:
            table[column] = "" if column in TEXT_COLUMNS else pd.NA
    # a person's own food says its file, unless it names a table itself
    table["source"] = table["source"].where(table["source"].str.strip() != "", Path(path).name)
    for column in VALUE_COLUMNS:
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = numbers.isna() & table[column].notna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise DataFileError(
                path, f"not a number: {table[column].iloc[row]!r}", line=row + 2, column=column
            )
        # an amount per 100 g is finite, not negative, and no more than 100 g of food holds
        impossible = (numbers < 0) | np.isinf(numbers) | (numbers > MOST_PER_100G[column])
        if impossible.any():
            row = int(np.flatnonzero(impossible.to_numpy())[0])
            raise DataFileError(
                path,
                f"{str(table[column].iloc[row])!r} is no amount per 100 g (from 0 to "
                f"{MOST_PER_100G[column]:g} {VALUE_UNITS[column]})",
                line=row + 2,
                column=column,
            )
        table[column] = numbers.astype("float64")
    ids = table["food_id"].map(normalize_food_id)
    if ids.isna().any():
        row = int(np.flatnonzero(ids.isna().to_numpy())[0])
        raise DataFileError(
            path,
            f"food_id {table['food_id'].iloc[row]!r} is neither an SR28 id (up to 5 digits), "
            "an FNDDS food code (8 digits) nor a national table's (ciqual:ID, afcd:ID, "
            "fineli:ID)",
            line=row + 2,
            column="food_id",
        )
    twice = ids.duplicated()
    if twice.any():  # which row is the food cannot be known
        row = int(np.flatnonzero(twice.to_numpy())[0])
        first = int(np.flatnonzero((ids == ids.iloc[row]).to_numpy())[0])
        raise DataFileError(
            path,
            f"food_id {ids.iloc[row]} is on line {first + 2} too; keep one row per food",
            line=row + 2,
            column="food_id",
        )
    table["food_id"] = ids
    table["common"] = table["common"].astype(str).str.lower().isin(["true", "1", "yes", "y"])
    return table[FOOD_COLUMNS]


def _bundled(name: str) -> object:
    packaged = PACKAGE_DATA / name
    if packaged.is_file():
        return packaged
    if name == "foods.csv" and SOURCE_FOODS.is_file():
        return SOURCE_FOODS
    raise DataFileError(name, "the bundled data file is missing; reinstall screener")


class UnknownTableError(ScreenerError, ValueError):
    """A --table name screener has no table of (a usage error, exit 2)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"no food table {self.name!r}; choose from {', '.join(FOOD_TABLES)}"


def table_names(spec: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """'usda', 'ciqual,usda' or ('fineli', 'usda') as table names, in order, each once;
    None or empty is the default (usda). Raises UnknownTableError."""
    if spec is None:
        return (DEFAULT_FOOD_TABLE,)
    parts = [spec] if isinstance(spec, str) else list(spec)
    names = [n.strip().lower() for part in parts for n in str(part).split(",") if n.strip()]
    for name in names:
        if name not in FOOD_TABLES:
            raise UnknownTableError(name)
    return tuple(dict.fromkeys(names)) or (DEFAULT_FOOD_TABLE,)


def _table_files(name: str) -> list[str]:
    """The bundled files of one --table name, foods then measures."""
    if name == DEFAULT_FOOD_TABLE:
        return ["foods.csv", "measures.csv"]
    return [f"foods_{name}.csv", f"measures_{name}.csv"]


def load_foods(
    user_foods: Path | str | None = None,
    user_aliases: Path | str | None = None,
    tables: str | tuple[str, ...] | None = None,
) -> FoodTable:
    """The bundled food tables (TABLES: names of FOOD_TABLES, in order; default usda),
    with a person's own foods and aliases on top.

    User foods have the columns of foods.csv; one with the id of a bundled food replaces
    it. User aliases (alias, food_id) win over the bundled ones. The table comes with its
    search index built, from the disk cache when nothing it is made of has changed.
    """
    names = table_names(tables)
    if user_foods is None and user_aliases is None:
        return default_foods() if names == (DEFAULT_FOOD_TABLE,) else tables_foods(names)
    return _cached_table(user_foods, user_aliases, names)


@functools.cache
def default_foods() -> FoodTable:
    """The bundled tables, read once per process."""
    return _cached_table(None, None)


@functools.cache
def tables_foods(names: tuple[str, ...]) -> FoodTable:
    """The bundled tables NAMES, read once per process."""
    return _cached_table(None, None, names)


# What a later stage derives from every name and keeps in the disk cache with the table
# (matching's name words). That stage registers it with `kept_with_table`, so this module
# needs none of its code; a table built before it registered derives them on first use.
KEPT_DERIVATIONS: list[Callable[[FoodTable], None]] = []


def kept_with_table(derive: Callable[[FoodTable], None]) -> Callable[[FoodTable], None]:
    """Register DERIVE to run on every table built for the disk cache."""
    if derive not in KEPT_DERIVATIONS:
        KEPT_DERIVATIONS.append(derive)
    return derive


# The code that builds a FoodTable and its SearchIndex: a change to it invalidates the cache.
_TABLE_CODE = [Path(__file__).with_name(f) for f in ("foods.py", "nutrients.py", "matching.py")]


def _cached_table(
    user_foods: Path | str | None,
    user_aliases: Path | str | None,
    names: tuple[str, ...] = (DEFAULT_FOOD_TABLE,),
) -> FoodTable:
    files = [file for name in names for file in _table_files(name)]
    bundled = [_bundled(name) for name in [*files, "aliases.csv", "fndds_twins.csv"]]
    mine = [Path(path) for path in (user_foods, user_aliases) if path is not None]

    def build() -> FoodTable:
        return _merged(_read_bundled(names), user_foods, user_aliases, names).prepared()

    def build_to_keep() -> FoodTable:
        # What matching derives from every name (0.3 s) is worth making only
        # when it is kept: a run without the cache derives it for the rows it meets.
        table = build()
        for derive in KEPT_DERIVATIONS:
            derive(table)
        return table

    if cache_dir() is None or not all(isinstance(path, Path) for path in bundled):
        return build()  # no cache (turned off, or the tables are inside a zip)
    # the default keeps its own entries: a national table's never pushes it out
    entry = "foods" if names == (DEFAULT_FOOD_TABLE,) else "tables_" + "_".join(names)
    return load_or_build(entry, [*bundled, *mine], _TABLE_CODE, build_to_keep)  # type: ignore[list-item]


def _merged(
    base: FoodTable,
    user_foods: Path | str | None,
    user_aliases: Path | str | None,
    tables: tuple[str, ...] = (DEFAULT_FOOD_TABLE,),
) -> FoodTable:
    foods, source = base.foods, base.source
    if user_foods is not None:
        extra = read_food_csv(user_foods)
        foods = pd.concat([foods.reset_index(drop=True), extra], ignore_index=True)
        foods = foods.drop_duplicates("food_id", keep="last").set_index("food_id", drop=False)
        source += f" + {user_foods}"
    aliases = base.aliases
    if user_aliases is not None:
        mine = read_aliases(user_aliases, foods, tables)
        aliases = pd.concat([aliases, mine], ignore_index=True)
        source += f" + {user_aliases}"
    return FoodTable(
        foods=foods, measures=base.measures, aliases=aliases, source=source, tables=tables,
        twins=base.twins,
    )  # fmt: skip


def _read_bundled(names: tuple[str, ...] = (DEFAULT_FOOD_TABLE,)) -> FoodTable:
    parts = [_read_one_table(name) for name in names]
    if len(parts) == 1:
        foods, measures = parts[0]
    else:  # in the order chosen; measures sorted by food_id as the table looks them up
        foods = pd.concat([foods for foods, _ in parts])
        measures = pd.concat([measures for _, measures in parts], ignore_index=True)
        measures = measures.sort_values(["food_id", "seq"], kind="stable", ignore_index=True)
    with resources.as_file(_bundled("aliases.csv")) as path:  # type: ignore[arg-type]
        aliases = read_aliases(path)
    # the bundled aliases name USDA foods: a table without them has none of them
    aliases = aliases[aliases["food_id"].isin(foods.index)].reset_index(drop=True)
    source = " + ".join(TABLE_TITLES[name] for name in foods["source"].unique())
    twins = _twins(foods) if DEFAULT_FOOD_TABLE in names else {}
    return FoodTable(
        foods=foods, measures=measures, aliases=aliases, source=source, tables=names, twins=twins
    )


def _twins(foods: pd.DataFrame) -> dict[str, str]:
    """The SR28 food -> FNDDS twin pairs of fndds_twins.csv whose foods both are in FOODS."""
    with resources.as_file(_bundled("fndds_twins.csv")) as path:  # type: ignore[arg-type]
        pairs = pd.read_csv(path, dtype=str, keep_default_na=False)
    known = pairs["food_id"].isin(foods.index) & pairs["fndds_id"].isin(foods.index)
    return dict(zip(pairs["food_id"][known], pairs["fndds_id"][known], strict=True))


def _read_one_table(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    foods_file, measures_file = _table_files(name)
    with resources.as_file(_bundled(foods_file)) as path:  # type: ignore[arg-type]
        # Built by scripts/build_foods.py and checked by its tests: read with fixed
        # types, without the row-by-row checks a person's own table gets.
        foods = pd.read_csv(
            path,
            dtype={
                "food_id": str, "name": str, **dict.fromkeys(TEXT_COLUMNS, str),
                "common": bool, **dict.fromkeys(VALUE_COLUMNS, "float64"),
            },
            keep_default_na=False,
            na_values={column: [""] for column in VALUE_COLUMNS},
            true_values=["true"],
            false_values=["false"],
        )[FOOD_COLUMNS].set_index("food_id", drop=False)  # fmt: skip
    with resources.as_file(_bundled(measures_file)) as path:  # type: ignore[arg-type]
        measures = pd.read_csv(
            path,
            dtype={"food_id": str, "seq": int, "description": str, "amount": float,
                   "grams": float},
            keep_default_na=False,
        )  # fmt: skip
    return foods, measures


# --- search -----------------------------------------------------------------------------

# Folding rules for comparing words, not for showing them: "berries" and "berry" both
# become "berri", "brownies" and "brownie" both "browni".
_PLURAL_RULES = (
    ("ies", "i"),
    ("ie", "i"),
    ("oes", "o"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("xes", "x"),
)


@functools.cache  # a few thousand distinct words across 17,000 names
def _singular(word: str) -> str:
    if len(word) <= 3:
        return word
    for ending, replacement in _PLURAL_RULES:
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    if word.endswith("y"):
        return word[:-1] + "i"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# Words written apart or together alike ("low fat" and "lowfat", "non-fat" and "nonfat",
# both in SR28): one form, on both sides of every comparison.
_COMPOUNDS = re.compile(r"\b(?:(low|non) fat|fat free)\b")


def _compound(match: re.Match) -> str:
    return f"{match.group(1) or 'non'}fat"


@functools.lru_cache(maxsize=1 << 16)  # name parts repeat: "raw", "cooked", "Beans"
def match_key(text: str) -> str:
    """The form two names are compared in: normalised, each word singular."""
    key = " ".join([_singular(word) for word in normalize_name(text).split()])
    return _COMPOUNDS.sub(_compound, key) if "fat" in key else key


def match_keys(texts: list[str]) -> list[str]:
    """match_key of many texts at once: one str.translate over all of them, and each
    distinct word made singular once (the 8,789 food names in about 15 ms)."""
    plain = [
        text if text.isascii() and "\n" not in text else normalize_name(text) for text in texts
    ]
    lines = "\n".join(plain).lower().translate(_FOLD_ASCII).split("\n")
    singular: dict[str, str] = {}
    keys = []
    for line in lines:
        words = line.split()
        keys.append(
            " ".join([singular.get(w) or singular.setdefault(w, _singular(w)) for w in words])
        )
    return _COMPOUNDS.sub(_compound, "\n".join(keys)).split("\n")


# Every ASCII character but a-z, 0-9, % and newline -> space (what _NON_WORD folds,
# at the speed of str.translate; runs of spaces go when the words are split).
_FOLD_ASCII = str.maketrans(
    {chr(c): " " for c in range(128) if not re.fullmatch(r"[a-z0-9%\n]", chr(c))}
)


def id_table(key: str) -> str:
    """The --table name a normalised food id belongs to: a national table's name, which
    its ids carry, else usda."""
    name, colon, _ = key.partition(":")
    return name if colon else DEFAULT_FOOD_TABLE


def read_aliases(
    path: Path | str, foods: pd.DataFrame | None = None, tables: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """An alias file: columns `alias` and `food_id` (and an optional `name` for people).

    With TABLES, an alias of a bundled table not among them is left out, not refused: a
    person's file may hold names chosen under another --table."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.ParserError as error:
        raise parser_error(path, error, "cannot read the alias file") from error
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise DataFileError(path, f"cannot read the alias file: {error}") from error
    check_frame_header(list(table.columns), path)
    table.columns = [str(column).strip().lower() for column in table.columns]
    missing = [column for column in ("alias", "food_id") if column not in table.columns]
    if missing:
        raise DataFileError(path, "missing column(s): " + ", ".join(missing))
    keys = [normalize_food_id(food_id) for food_id in table["food_id"]]
    for row, (alias, food_id, key) in enumerate(
        zip(table["alias"], table["food_id"], keys, strict=True)
    ):
        if not alias.strip():
            raise DataFileError(path, "empty alias", line=row + 2, column="alias")
        elsewhere = tables is not None and key is not None and id_table(key) not in tables
        if key is None or (foods is not None and key not in foods.index and not elsewhere):
            problem = f"food_id {food_id!r} is not in the food table"
            raise DataFileError(path, problem, line=row + 2, column="food_id")
    seen: dict[str, tuple[int, str]] = {}  # match key -> (line, food_id) where first given
    for row, (alias, key) in enumerate(zip(match_keys(list(table["alias"])), keys, strict=True)):
        line, first = seen.setdefault(alias, (row + 2, key))  # type: ignore[arg-type]
        if first != key:  # which food the name means cannot be known
            raise DataFileError(
                path,
                f"alias {table['alias'].iloc[row]!r} is given two foods: {first} on line "
                f"{line} and {key} here; keep one",
                line=row + 2,
                column="alias",
            )
    table["food_id"] = keys
    if tables is not None:
        table = table[[key in foods.index if foods is not None else True for key in keys]]
    return table[["alias", "food_id"]].reset_index(drop=True)


class Lines:
    """The lines of a text, by number, each cut out when asked: a run reads a few hundred
    rows of a kind of name words of 15,000, and a string made for every row of every kind
    (str.split) cost it some 5 ms."""

    __slots__ = ("_asked", "_ends", "_split", "_text")

    # After this many lines asked, all are cut out at once (3 ms for 15,000), and then
    # each is a list's item: a batch of a few hundred new names asks some 40,000.
    ASKED_MOST = 5_000

    def __init__(self, text: str, ends: np.ndarray | None = None) -> None:
        """ENDS: where each line ends (its newline, or the text's end), where known."""
        self._text = text
        self._split: list[str] | None = None
        self._asked = 0
        if ends is None and text.isascii():  # a character per byte: found at memchr speed
            newlines = np.flatnonzero(np.frombuffer(text.encode("ascii"), np.uint8) == 10)
            ends = np.append(newlines, len(text))
        elif ends is None:
            self._split = text.split("\n")
        self._ends = ends if ends is not None else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._split) if self._split is not None else len(self._ends)

    def __getitem__(self, row: int) -> str:
        if self._split is not None:
            return self._split[row]
        self._asked += 1
        if self._asked > self.ASKED_MOST:
            return self.all()[row]
        row = range(len(self._ends))[row]  # (an IndexError past the end, as a list's)
        start = int(self._ends[row - 1]) + 1 if row else 0
        return self._text[start : int(self._ends[row])]

    def take(self, rows: list[int]) -> list[str]:
        """The lines ROWS."""
        if self._split is None and self._asked + len(rows) <= self.ASKED_MOST:
            return [self[row] for row in rows]
        lines = self.all()
        return [lines[row] for row in rows]

    def all(self) -> list[str]:
        """Every line (cut out once, and kept)."""
        if self._split is None:
            ends = self._ends.tolist()
            text = self._text
            starts = [-1, *ends[:-1]]  # (each line begins after the newline before it)
            self._split = [text[s + 1 : e] for s, e in zip(starts, ends, strict=True)]
        return self._split


# FNDDS's "NFS" (not further specified) and "NS as to ...": its defaults for a detail
# a person left unsaid (matching.py prefers them where the name says nothing they lack)
SURVEY_DEFAULT = re.compile(r"\bNFS\b|\bNS as to\b|\bAVERAGE\b|\(average\)")


@dataclass(frozen=True)
class SearchIndex:
    """What matching needs, computed once per table: match keys, aliases and priors."""

    food_ids: np.ndarray
    names: list[str]
    full_names: list[str]
    prior: np.ndarray
    alias_keys: list[str]
    alias_rows: np.ndarray  # row in food_ids of each alias
    exact_names: dict[str, int]  # match key of a name -> row
    exact_aliases: dict[str, int]  # match key of an alias -> row; the user's win
    head_keys: dict[int, str] = field(default_factory=dict)  # filled as rows are scored
    # Per kind of name words matching derives from each row (matching.NameWords), the
    # rows' texts on lines of one string: made once for the disk cache, where a set per
    # row would take 10x as long to load, and even a string per row 5 ms.
    row_words: dict[str, str] = field(default_factory=dict)
    # where each row's line of row_words ends, by kind (Lines)
    row_ends: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _row_lines: dict[str, Lines] = field(default_factory=dict, repr=False)

    # An alias was chosen by hand for the food people mean: it outranks a name that
    # merely contains the query.
    ALIAS_BONUS = 8.0
    # Below this an alias says nothing ("almond" and "salmon" score 83).
    ALIAS_MIN_SCORE = 90.0
    # A query word not in any name is read as its closest name word at this similarity
    # or more ("bananna" -> "banana").
    WORD_MIN_SCORE = 80.0
    COMMON_WORD_ROWS = 800

    @classmethod
    def build(cls, foods: pd.DataFrame, aliases: pd.DataFrame) -> SearchIndex:
        full_names = foods["name"].tolist()
        names = match_keys(full_names)
        segments = np.array([name.count(",") for name in full_names])
        # "from raw milk" (CIQUAL, Fineli) says an unpasteurised milk, not a raw food
        raw = np.array([" raw " in f" {key} ".replace(" raw milk ", " ") for key in names])
        # (FNDDS's NFS and NS are no brand's capitals)
        brand = brand_rows([SURVEY_DEFAULT.sub(" ", name) for name in full_names])
        # a name all in capitals (Fineli writes every name so) says no brand by its case
        brand &= np.array([not name.isupper() for name in full_names], dtype=bool)
        prior = (
            6.0 * foods["common"].to_numpy(dtype=float)
            + 3.0 * raw
            - 1.5 * np.minimum(segments, 8)
            - 20.0 * foods["food_group"].isin(UNLIKELY_GROUPS).to_numpy()
            - 8.0 * brand
        )
        rows_of_aliases = pd.Index(foods["food_id"]).get_indexer(aliases["food_id"])
        known = rows_of_aliases >= 0
        alias_keys = match_keys(aliases["alias"][known].tolist()) if known.any() else []
        alias_rows = rows_of_aliases[known].astype(int)
        return cls(
            food_ids=foods["food_id"].to_numpy(),
            names=names,
            full_names=full_names,
            prior=prior.astype(float),
            alias_keys=alias_keys,
            alias_rows=alias_rows,
            exact_names=dict(zip(names, range(len(names)), strict=True)),
            # A later alias (the user's) wins over an earlier one.
            exact_aliases=dict(zip(alias_keys, alias_rows.tolist(), strict=True)),
        )

    def exact(self, key: str) -> tuple[int, MatchKind] | None:
        """The row a match key names exactly: an alias first (chosen by hand), then a
        name."""
        if key in self.exact_aliases:
            return self.exact_aliases[key], MatchKind.ALIAS
        if key in self.exact_names:
            return self.exact_names[key], MatchKind.NAME
        return None

    def prepare(self) -> None:
        """Build now what fuzzy matching otherwise builds on first use."""
        self.vocabulary_by_letter  # noqa: B018 - computed and kept, with _word_index

    def row_lines(self, kind: str) -> Lines:
        """The text of KIND (see row_words) of each row (Lines: each cut out when asked)."""
        lines = self._row_lines.get(kind)
        if lines is None:
            lines = self._row_lines[kind] = Lines(self.row_words[kind], self.row_ends.get(kind))
        return lines

    def keep_row_words(self, kind: str, texts: list[str]) -> None:
        """Keep TEXTS, a text per row, as the row_words of KIND (for the disk cache)."""
        self.row_words[kind] = "\n".join(texts)
        # (a line ends where the next begins, less its newline)
        ends = np.cumsum([len(text) + 1 for text in texts], dtype=np.int64) - 1
        self.row_ends[kind] = ends if len(texts) else np.zeros(1, dtype=np.int64)

    def heads_of(self, rows: np.ndarray) -> list[str]:
        """Match key of each row's first name segment ("banana" of "Bananas, raw"),
        computed for the rows that need it and kept."""
        if "head" in self.row_words:  # derived for the disk cache
            return self.row_lines("head").take(rows.tolist())
        missing = [row for row in rows.tolist() if row not in self.head_keys]
        if missing:
            heads = match_keys([self.full_names[row].split(",")[0] for row in missing])
            self.head_keys.update(zip(missing, heads, strict=True))
        return [self.head_keys[row] for row in rows.tolist()]

    @functools.cached_property
    def _word_index(self) -> tuple[dict[str, tuple[int, int]], np.ndarray]:
        """Which rows have each name word: (word -> its span of ROWS, ROWS), the rows of
        one word together and in order. Built once and kept in the disk cache: finding a
        diary's words in every name by text search cost 0.2 s per run."""
        rows_of: dict[str, list[int]] = {}
        for row, name in enumerate(self.names):
            for word in dict.fromkeys(name.split()):
                rows_of.setdefault(word, []).append(row)
        spans, start = {}, 0
        for word, rows in rows_of.items():
            spans[word] = (start, start + len(rows))
            start += len(rows)
        every = (row for rows in rows_of.values() for row in rows)
        flat = np.fromiter(every, dtype=np.intp, count=start)
        return spans, flat

    @functools.cached_property
    def vocabulary(self) -> set[str]:
        return set(self._word_index[0])

    @functools.cached_property
    def vocabulary_in_order(self) -> list[str]:
        """The vocabulary sorted: where two words are as near a typo, the first in this
        order is taken, the same in every run (a set's order changes with the process)."""
        return sorted(self.vocabulary)

    @functools.cached_property
    def vocabulary_by_letter(self) -> dict[str, list[str]]:
        """The vocabulary in order, by first letter: a typo rarely changes it."""
        found: dict[str, list[str]] = {}
        for word in self.vocabulary_in_order:
            found.setdefault(word[:1], []).append(word)
        return found

    def rows_with(self, word: str) -> np.ndarray:
        """Rows whose name key has WORD, in order (not to be changed: a view)."""
        spans, flat = self._word_index
        start, stop = spans.get(word, (0, 0))
        return flat[start:stop]

    def candidates(self, key: str, by_alias: np.ndarray) -> np.ndarray:
        """Rows whose name shares a word with the query (after fixing typos): the only
        names worth scoring, a few hundred of 8,789."""
        from rapidfuzz import fuzz, process

        found = []
        for word in key.split():
            rows = self.rows_with(word)
            if not len(rows) and len(word) > 2:  # a typo? read it as the closest word
                near = process.extractOne(
                    word, self.vocabulary_in_order, scorer=fuzz.ratio,
                    score_cutoff=self.WORD_MIN_SCORE,
                )  # fmt: skip
                rows = self.rows_with(near[0]) if near else rows
            if len(rows):
                found.append(rows)
        # Words in most names ("raw", "cooked") say little; keep them only when the
        # query has nothing rarer.
        rare = [rows for rows in found if len(rows) <= self.COMMON_WORD_ROWS]
        found = rare or sorted(found, key=len)[:1]
        aliased = self.alias_rows[by_alias > 0]  # foods an alias of the query points at
        if not found:
            return np.unique(aliased)
        # Names with the most query words first: a name with "chicken" and "breast"
        # beats any name with one of them, so the others need no scoring. (Each word's
        # rows are distinct: a count per row, without sorting them.)
        hits = np.bincount(np.concatenate(found), minlength=len(self.names))
        rows = np.flatnonzero(hits == hits.max())
        return np.union1d(rows, aliased) if len(aliased) else rows

    @functools.cached_property
    def _aliases_by_start(self) -> dict[str, tuple[int, ...]]:
        """The first two letters of every alias word -> the aliases (columns) with one."""
        found: dict[str, set[int]] = {}
        for column, alias in enumerate(self.alias_keys):
            for word in alias.split():
                found.setdefault(word[:2], set()).add(column)
        return {start: tuple(sorted(columns)) for start, columns in found.items()}

    def alias_scores(self, keys: list[str]) -> np.ndarray:
        """For each query key x alias: the blend of token_set_ratio and ratio, where
        nearly all the alias's words are in the query ("brown rice cooked" has "brown
        rice"; "whole wheat toast" has not "whole wheat pasta"); else 0."""
        from rapidfuzz import fuzz, process

        if not self.alias_keys:
            return np.zeros((len(keys), 0))
        # Only an alias every word of which is near a query word can score (below), and
        # words that near share their first two letters (as a typo rarely changes them):
        # each query is weighed against those aliases alone, not all of them.
        contained = np.zeros((len(keys), len(self.alias_keys)), dtype=np.float32)
        for row, key in enumerate(keys):
            starts = self._aliases_by_start
            columns = sorted({c for w in key.split() for c in starts.get(w[:2], ())})
            if columns:
                found = process.cdist(
                    [key], [self.alias_keys[c] for c in columns], scorer=fuzz.token_set_ratio,
                    score_cutoff=self.ALIAS_MIN_SCORE,
                )[0]  # fmt: skip
                contained[row, columns] = found
        # (the whole name's likeness only where the alias is in it: a few pairs of many)
        similar = np.zeros_like(contained)
        for row, column in zip(*np.nonzero(contained), strict=True):
            similar[row, column] = fuzz.ratio(keys[row], self.alias_keys[column])
            alias_words = self.alias_keys[column].split()
            extra = {
                word
                for word in keys[row].split()
                if max(fuzz.ratio(word, a) for a in alias_words) < self.WORD_MIN_SCORE
            }
            # nor is "chicken" a "chicken pie": the alias's own words must be there too
            query_words = keys[row].split()
            missing = {
                a
                for a in alias_words
                if max(fuzz.ratio(a, word) for word in query_words) < self.WORD_MIN_SCORE
                # (a stem: "fri" of "french fries" is in "french fried")
                and not any(len(a) >= 3 and word.startswith(a) for word in query_words)
            }
            if not extra <= PREPARATION_WORDS or not missing <= PREPARATION_WORDS:
                contained[row, column] = 0
        return np.where(contained > 0, 0.6 * contained + 0.4 * similar, 0.0)

    def scores(
        self, query: str, by_alias: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(candidate rows, text score 0-100, ranking score) for one query.

        The text score is rapidfuzz's: token_set_ratio on the whole name (all query words
        present) blended with ratio on the name's first segment ("banana" in "Bananas,
        raw": what the food is), or, for an alias, the same blend against the alias
        when nearly all its words are in the query. The ranking score adds priors
        (common, raw, plain, not baby or fast food, not a brand) that break the many
        ties among names containing the query, and a bonus for aliases.
        """
        from rapidfuzz import fuzz, process

        key = match_key(query)
        if by_alias is None:
            by_alias = self.alias_scores([key])[0]
        rows = self.candidates(key, by_alias)
        names = [self.names[row] for row in rows]
        heads = self.heads_of(rows)
        whole = process.cdist([key], names, scorer=fuzz.token_set_ratio)[0]
        head = process.cdist([key], heads, scorer=fuzz.ratio)[0]
        text = 0.6 * whole + 0.4 * head
        ranking = text.copy()
        hit = by_alias > 0
        if hit.any():
            position = np.searchsorted(rows, self.alias_rows[hit])
            np.maximum.at(text, position, by_alias[hit])
            np.maximum.at(ranking, position, by_alias[hit] + self.ALIAS_BONUS)
        return rows, text, ranking + self.prior[rows]

    def rank(self, queries: list[str], limit: int) -> list[list[tuple[int, float, float]]]:
        """For each query, the best `limit` (row, text score, ranking score), best first."""
        results = []
        by_alias = self.alias_scores([match_key(query) for query in queries])
        for query, alias_row in zip(queries, by_alias, strict=True):
            rows, text, ranking = self.scores(query, alias_row)
            if len(rows) == 0:
                results.append([])
                continue
            count = min(limit, len(rows))
            top = np.argpartition(-ranking, count - 1)[:count]
            top = top[np.lexsort((self.food_ids[rows[top]], -ranking[top]))]
            results.append([(int(rows[i]), float(text[i]), float(ranking[i])) for i in top])
        return results


def search_foods(query: str, limit: int = 10, table: FoodTable | None = None) -> pd.DataFrame:
    """Ranked matches for QUERY: columns food_id, name, food_group, source (the table),
    score (0-100).

    A food id (with or without leading zeros) or an exact name or alias comes first.
    The score is the one the list is ranked by (the name's likeness with the everyday
    food preferred, at most 100), so it never rises down the list.
    """
    table = table or default_foods()
    index = table.search_index
    columns = ["food_id", "name", "food_group", "source", "score"]
    first: list[tuple[int, float]] = []
    exact = index.exact(match_key(query))
    if table.has(query):
        first = [(table.foods.index.get_loc(table.key_of(query)), 100.0)]
    elif exact is not None:
        first = [(exact[0], 100.0)]
    found = index.rank([query], limit)[0] if match_key(query) else []
    ranked = [(row, max(0.0, min(ranking, 100.0))) for row, _, ranking in found]
    seen: set[int] = set()
    rows = []
    for row, score in first + ranked:
        if row in seen or len(rows) >= limit:
            continue
        seen.add(row)
        food = table.foods.iloc[row]
        rows.append(
            [food["food_id"], food["name"], food["food_group"], food["source"], round(score, 1)]
        )
    return pd.DataFrame(rows, columns=columns)


DERIVED_NOTES = {
    "from_iu": "converted from IU: 1 µg = 40 IU",
    "plant_zero": "set to 0: not present in unfortified plant foods",
}


def describe_food(food_id: object, table: FoodTable | None = None) -> dict[str, object]:
    """One food as plain data: values per 100 g (None = unknown), notes, measures."""
    table = table or default_foods()
    food = table.get(food_id)
    derived = {}
    for flag in filter(None, str(food["derived"]).split(";")):
        column, _, rule = flag.partition(":")
        derived[column] = DERIVED_NOTES.get(rule, rule)
    measures = table.measures_of(food["food_id"])
    return {
        "food_id": food["food_id"],
        "name": food["name"],
        "food_group": food["food_group"],
        "source": food["source"],
        "table": TABLE_TITLES.get(food["source"], food["source"]),
        "other_names": food["other_names"],
        "common": bool(food["common"]),
        "per_100g": {
            column: None if pd.isna(food[column]) else float(food[column])
            for column in VALUE_COLUMNS
        },
        "derived": derived,
        "measures": [
            {"amount": float(amount), "description": description, "grams": float(grams)}
            for amount, description, grams in zip(
                measures["amount"], measures["description"], measures["grams"], strict=True
            )
        ],
    }


def user_config_dir() -> Path:
    """Where a person keeps their own foods and aliases: $XDG_CONFIG_HOME/screener, else
    ~/.config/screener."""
    import os

    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "screener"


def load_user_foods(
    user_foods: Path | str | None = None,
    user_aliases: Path | str | None = None,
    tables: str | tuple[str, ...] | None = None,
    saving: bool = False,
) -> FoodTable:
    """load_foods of TABLES with the person's files: the ones given, else those in
    user_config_dir() (foods.csv, aliases.csv) when they exist. SAVING: USER_ALIASES is
    where choices go (resolve, the app), so it may be a file still to start: missing or
    empty, it adds no alias (and the default file none either)."""
    folder = user_config_dir()
    if user_foods is None and is_file(folder / "foods.csv"):
        user_foods = folder / "foods.csv"
    if saving and user_aliases is not None and not has_aliases(Path(user_aliases)):
        return load_foods(user_foods, None)
    if user_aliases is None and is_file(folder / "aliases.csv"):
        user_aliases = folder / "aliases.csv"
    return load_foods(user_foods, user_aliases, tables)


def is_file(path: Path) -> bool:
    """Whether PATH is a file, or a DataFileError where that cannot be known (a folder
    that may not be looked into: its files would be left out unsaid)."""
    try:
        return path.is_file()
    except OSError as error:
        raise DataFileError(path, f"cannot be looked at: {error.strerror}") from error


def has_aliases(path: Path) -> bool:
    """Whether PATH holds anything: False for a missing or empty file (one to start)."""
    try:
        with open(path, "rb") as stream:
            return bool(stream.read(4096).strip(b" \t\r\n\xef\xbb\xbf"))
    except FileNotFoundError:
        return False
    except OSError:  # a folder, a name too long: read_aliases says which
        return True


def chosen_aliases(choices: dict[str, str], table: FoodTable) -> pd.DataFrame:
    """CHOICES (written name -> food_id of TABLE) as alias rows (alias, food_id), or an
    UnknownFoodError for an id the table lacks."""
    new = pd.DataFrame(
        [(alias, normalize_food_id(food_id)) for alias, food_id in choices.items()],
        columns=["alias", "food_id"],
    )
    for written, key in zip(choices.values(), new["food_id"], strict=True):
        if key is None or key not in table.foods.index:
            raise UnknownFoodError(str(written))
    return new


def with_aliases(choices: dict[str, str], table: FoodTable) -> FoodTable:
    """TABLE with CHOICES (written name -> food_id) as the person's aliases on top, in
    memory: the table a run reads once save_aliases has saved them, nothing written."""
    if not choices:
        return table
    aliases = pd.concat([table.aliases, chosen_aliases(choices, table)], ignore_index=True)
    return FoodTable(
        foods=table.foods, measures=table.measures, aliases=aliases, source=table.source,
        tables=table.tables, twins=table.twins,
    ).prepared()  # fmt: skip


def save_aliases(
    choices: dict[str, str], table: FoodTable | None = None, path: Path | str | None = None
) -> Path:
    """Add CHOICES (written name -> food_id of TABLE) to the person's alias file (default:
    user_config_dir() / aliases.csv), keeping what was there; a name already in it takes
    the new food. Written atomically. Returns the file's path."""
    from .output import frame_to_csv, write_atomic

    path = Path(path) if path is not None else user_config_dir() / "aliases.csv"
    table = table or default_foods()
    kept = (
        read_aliases(path)
        if is_file(path) and has_aliases(path)
        else pd.DataFrame(columns=["alias", "food_id"])
    )
    try:
        new = chosen_aliases(choices, table)
    except UnknownFoodError as error:
        raise DataFileError(path, f"food_id {error.query!r} is not in the food table") from None
    replaced = kept["alias"].map(match_key).isin(new["alias"].map(match_key))
    merged = pd.concat([kept[~replaced], new], ignore_index=True)
    merged["name"] = [table.foods.at[food_id, "name"] for food_id in merged["food_id"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, frame_to_csv(merged), force=True)  # all it held is kept
    return path
