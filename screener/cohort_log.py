"""A cohort's meal log (a `user` column, one record per line), read chunk by chunk and
column by column: the used rows (person, date, food and grams) of each chunk, and every
other row rejected with its line and reason.

Each chunk is parsed through its distinct values (dates, amounts, names, food and unit
pairs), with the same parsers, matcher and converter as a single diary (rows.amount_row,
matching.resolve_names, the food's own measures), so a million rows cost a few thousand
parser calls. What the rows add up to is batch's business, not this module's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import numpy as np
import pandas as pd

from .chunked import Chunk, chunks, header_of
from .csvfile import check_file, check_header
from .diary import (
    EARLIEST_DATE,
    IMPLAUSIBLE_GRAMS,
    MAX_PORTIONS,
    implausible,
    implausible_amount,
    joined_parts,
    not_food_message,
    shown,
    unmatched_food,
)
from .errors import DataFileError
from .foods import SPOONS, FoodTable
from .formats.meal_log import SUPPLEMENT_PREFIX
from .matching import GUESSED, prepare_names, resolve_names
from .models import MatchKind, RejectedRow, RejectReason
from .rows import DECIMAL_COMMA, Reject, amount_row, counted_in, parse_date, said_amount_row
from .supplements import not_food
from .units import (
    Measures,
    NoAmountError,
    UnitError,
    canonical_unit,
    grams_of_any_food,
    is_mass,
    weight_of_all,
)

# The unit of a row with no amount anywhere: the food's usual portion (FNDDS's "Quantity
# not specified"), as a single diary takes it.
USUAL = "(usual portion)"
TOO_MANY_FIELDS = (
    RejectReason.TOO_MANY_FIELDS, None, "",
    "more fields than the header has (a comma inside a name? quote it)",
)  # fmt: skip


class RejectedRows(Sequence[RejectedRow]):
    """The rows batch did not use, in line order: each row's line, and what it shares with
    the others rejected for the same thing (reason, column, value, message). A cohort may
    reject tens of thousands of rows for a few hundred names the table lacks, so a
    RejectedRow is made only when one is asked for; `to_frame` gives them all as a table."""

    def __init__(self, lines: np.ndarray, kinds: np.ndarray, why: list[tuple]) -> None:
        """LINES and KINDS, a row each: the line and what it was rejected for, a
        (reason, column, value, message) of WHY."""
        order = np.argsort(lines, kind="stable")
        self.lines = np.asarray(lines, dtype=np.int64)[order]
        self.kinds = np.asarray(kinds, dtype=np.int64)[order]
        # a 50 MB cell is not shown whole
        self.why = [(r, c, shown(v), shown(m)) for r, c, v, m in why]

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, at: int) -> RejectedRow: ...
    @overload
    def __getitem__(self, at: slice) -> list[RejectedRow]: ...
    def __getitem__(self, at: int | slice) -> RejectedRow | list[RejectedRow]:
        if isinstance(at, slice):
            return [self[i] for i in range(*at.indices(len(self)))]
        reason, column, value, message = self.why[self.kinds[at]]
        return RejectedRow(
            line=int(self.lines[at]), reason=reason, column=column, value=value, message=message
        )

    def reasons(self, start: int = 0) -> Counter[str]:
        """How many rows from START on were rejected for each reason."""
        counts = np.bincount(self.kinds[start:], minlength=len(self.why))
        found: Counter[str] = Counter()
        for (reason, *_), count in zip(self.why, counts.tolist(), strict=True):
            found[str(reason)] += count
        return +found

    def to_frame(self) -> pd.DataFrame:
        """Every rejected row: line, reason, column, value, message."""
        table = pd.DataFrame(self.why, columns=["reason", "column", "value", "message"])
        table["reason"] = table["reason"].astype(str)
        table["column"] = table["column"].fillna("")
        rows = table.iloc[self.kinds].reset_index(drop=True)
        rows.insert(0, "line", self.lines)
        return rows


@dataclass
class UsedRows:
    """The used rows of a chunk: who, which day, which food and how many grams."""

    users: tuple[np.ndarray, np.ndarray]  # (distinct users, code of each row)
    dates: tuple[np.ndarray, np.ndarray]  # (distinct dates, code of each row)
    foods: np.ndarray  # each row's row of the food table
    grams: np.ndarray
    # 1 where the row's food was assumed, 2 where fuzzy-matched, else 0 (the single
    # report's foods_assumed and fuzzy_matched)
    guessed: np.ndarray | None = None
    # True where the row had no amount and took the food's usual portion
    amount_assumed: np.ndarray | None = None
    # True where the row is the second or a later food of a name that joins foods (the
    # input row is counted once: in its first food's row)
    joined_extra: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.grams)


class ChunkParser:
    """Turns chunks of meal-log text cells into used rows and rejections, remembering
    what each distinct value became across chunks. FOODS: the food table, or how to
    load it (then loaded on first use: while the reading process reads the first chunk,
    see `prepare`, so the reading need not wait for it)."""

    def __init__(self, foods: FoodTable | Callable[[], FoodTable], strict: bool) -> None:
        self._foods = foods
        self.strict = strict
        self.dates: dict[str, str | Exception] = {}
        self.amounts: dict[tuple[str, str], tuple[float, str] | Exception] = {}
        self.said: dict[tuple[str, str], dict | Reject] = {}  # (food, unit) with no amount
        self.names: dict[str, object] = {}
        self.grams_per: dict[tuple[str, str], float | Exception] = {}
        # (food_id, unit) pairs whose weight is a usual portion: a vessel of no measure
        self.portion_assumed: set[tuple[str, str]] = set()
        self.measures: dict[str, Measures] = {}
        self.reasons: dict[tuple, int] = {}  # (reason, column, value, message) -> number
        self.today = dt.date.today() + dt.timedelta(days=1)  # a day of time zones
        self.odd: list[tuple[int, str, str]] = []  # (row index, user, why): implausible
        self.counted: dict[str, str] = {}  # a food's text -> what a bare number counts

    @functools.cached_property
    def foods(self) -> FoodTable:
        return self._foods if isinstance(self._foods, FoodTable) else self._foods()

    @functools.cached_property
    def food_ids(self) -> list[str]:
        return self.foods.foods["food_id"].tolist()

    @functools.cached_property
    def row_of(self) -> dict[str, int]:
        return {food_id: row for row, food_id in enumerate(self.food_ids)}

    def why(self, reason: RejectReason, column: str | None, value: str, message: str) -> int:
        """The number of a reason for rejecting rows (the same number for the same one)."""
        key = (reason, column, value, message)
        found = self.reasons.get(key)
        if found is None:
            found = self.reasons[key] = len(self.reasons)
        return found

    def parse(self, chunk: Chunk, first_index: int) -> tuple[UsedRows, np.ndarray, np.ndarray]:
        """(used rows: user, date, food row and grams; and the others: the index of each
        rejected row, and the number of what it was rejected for, see `why`).

        Every step works on the distinct values of the chunk (pandas.factorize), then
        spreads its answers back to the rows by their codes: a million rows cost a few
        thousand parser calls. A row is rejected for the first thing wrong with it.
        """
        n = chunk.rows
        cols = {c: _Column(chunk.columns.get(c), n) for c in
                ("date", "user", "food", "food_id", "amount", "unit")}  # fmt: skip
        others = [_blank(values) for name, values in chunk.columns.items() if name not in cols]
        blank = np.logical_and.reduce([column.empty for column in cols.values()] + others)
        said_why = self._said_in_food(cols)  # before matching: the food words left
        self.resolve_all(cols["food"].uniques.tolist())  # all new names at once
        origin, shared = self._split_joined(cols, chunk.cut)
        if origin is not None:  # a row of each food a name joins, appended
            blank = blank[origin]
            said_why = said_why[origin] if said_why is not None else None
            n = len(origin)
        ok = ~blank
        rejected_at: list[np.ndarray] = []
        rejected_why: list[np.ndarray] = []

        def reject(mask: np.ndarray, why: int | np.ndarray) -> None:
            """Reject the rows of MASK not rejected before, for WHY (one number, or the
            number of each row)."""
            nonlocal ok
            at = np.flatnonzero(mask & ok)
            if len(at):
                rejected_at.append(at)
                rejected_why.append(np.full(len(at), why) if np.ndim(why) == 0 else why[at])
            ok &= ~mask

        if chunk.cut:  # read without the field too many it had: not to be used
            cut = np.zeros(n, dtype=bool)
            cut[chunk.cut] = True
            reject(cut, self.why(*TOO_MANY_FIELDS))
        for column in ("date", "user"):
            why = self.why(RejectReason.MISSING_VALUE, column, "", f"no {column}")
            reject(cols[column].empty, why)
        reject(cols["food"].empty & cols["food_id"].empty,
               self.why(RejectReason.MISSING_VALUE, "food", "", "no food or food_id"))  # fmt: skip
        not_read = "supplement rows are not read by batch; use screener report"
        supplement_why = [
            self.why(RejectReason.UNKNOWN_FOOD, "food", value, not_read)
            if value.lower().startswith(SUPPLEMENT_PREFIX) else -1
            for value in cols["food"].uniques
        ]  # fmt: skip
        self._reject_by(reject, supplement_why, cols["food"].codes)
        if said_why is not None:  # an amount in the food's text that cannot be read
            reject(said_why >= 0, said_why)

        dates = cols["date"].map(self._date)
        date_why = [
            self.why(RejectReason.BAD_DATE, "date", value, str(date))
            if isinstance(date, Exception) else -1
            for value, date in zip(cols["date"].uniques, dates.results, strict=True)
        ]  # fmt: skip
        self._reject_by(reject, date_why, dates.codes)
        amount_pairs = _Pairs(cols["amount"], cols["unit"])
        amounts = amount_pairs.map(self._amount)
        amount_why = [
            self.why(*parsed.rejected) if isinstance(parsed, Reject) else -1
            for parsed in amounts.results
        ]
        self._reject_by(reject, amount_why, amounts.codes)
        pairs = _Pairs(cols["food_id"], cols["food"])
        foods = pairs.map(self._food)
        # what each distinct (food_id, food) says when rejected (a name the table lacks
        # may be in every person's diary: tens of thousands of rows, one reason)
        food_why = [
            self.why(problem[0], problem[1], pair[0] if problem[1] == "food_id" else pair[1],
                     problem[2])
            if (problem := result[1]) is not None else -1
            for result, pair in zip(foods.results, pairs.values, strict=True)
        ]  # fmt: skip
        self._reject_by(reject, food_why, foods.codes)

        used = np.flatnonzero(ok)
        no_row = -1
        rows = foods.spread(lambda f: self.row_of.get(f[0], no_row), np.int64)[used]
        ok_amount = lambda a: not isinstance(a, Exception)  # noqa: E731
        # Units numbered per distinct amount, not per row: a few hundred texts to hash.
        unit_of = np.array([a[1] if ok_amount(a) else "" for a in amounts.results], dtype=object)
        unit_of_amount, unit_names = pd.factorize(unit_of)
        amount_codes = amounts.codes[used]
        unit_codes = unit_of_amount[amount_codes]
        unit_codes, unit_names = self._counted_units(cols["food"], used, unit_codes, unit_names)
        numbers = np.array([a[0] if ok_amount(a) else np.nan for a in amounts.results])
        rows = self._as_measured(rows, unit_codes, unit_names.tolist())
        pair_codes, pairs_met = number_keys(
            rows * len(unit_names) + unit_codes, len(self.food_ids) * len(unit_names)
        )
        food_ids, units = self.food_ids, unit_names.tolist()
        per_unit = [
            self._grams(food_ids[pair // len(units)], units[pair % len(units)])
            for pair in pairs_met.tolist()
        ]
        failed_pair = np.array([isinstance(g, Exception) for g in per_unit], dtype=bool)
        pair_assumed = np.array(
            [
                (food_ids[pair // len(units)], units[pair % len(units)]) in self.portion_assumed
                for pair in pairs_met.tolist()
            ],
            dtype=bool,
        )
        if failed_pair.any():
            failed = failed_pair[pair_codes]
            why = np.full(n, -1, dtype=np.int64)
            for position in np.flatnonzero(failed):
                i = used[position]
                column = "unit" if not cols["unit"].empty[i] else "amount"
                error = per_unit[pair_codes[position]]
                if isinstance(error, NoAmountError):  # as a single diary says it
                    why[i] = self.why(RejectReason.MISSING_VALUE, "amount", "", str(error))
                    continue
                why[i] = self.why(
                    RejectReason.UNKNOWN_UNIT, column, cols[column].value(i), str(error)
                )
            reject(why >= 0, why)
            keep = ~failed
            used, rows, amount_codes, pair_codes = (
                used[keep],
                rows[keep],
                amount_codes[keep],
                pair_codes[keep],
            )
        vessel = pair_assumed[pair_codes] if len(pairs_met) else np.zeros(0, dtype=bool)
        per_one, whole = (
            np.array([(np.nan, np.nan) if isinstance(g, Exception) else g for g in per_unit])
            .reshape(-1, 2)
            .T
        )
        grams = numbers[amount_codes] * per_one[pair_codes] + whole[pair_codes]
        # an amount that cannot be meant (diary.implausible_amount), refused as there
        limits = np.array(
            [
                self._limit(food_ids[p // len(units)], units[p % len(units)])
                for p in pairs_met.tolist()
            ]
        )
        beyond = grams > limits[pair_codes] if len(pairs_met) else np.zeros(0, dtype=bool)
        if beyond.any():
            why = np.full(n, -1, dtype=np.int64)
            for position in np.flatnonzero(beyond):
                i, pair = used[position], pairs_met[pair_codes[position]]
                food_id, unit = food_ids[pair // len(units)], units[pair % len(units)]
                number = float(numbers[amount_codes[position]])
                message = implausible_amount(
                    number, unit, float(grams[position]), self.measures[food_id]
                )
                column = "unit" if not cols["unit"].empty[i] else "amount"
                why[i] = self.why(
                    RejectReason.BAD_AMOUNT, column, cols[column].value(i), str(message)
                )
            reject(why >= 0, why)
            keep = ~beyond
            used, rows, grams, vessel = used[keep], rows[keep], grams[keep], vessel[keep]
        usual = np.array([a == (1.0, USUAL) for a in amounts.results] + [False], dtype=bool)
        if shared is not None:  # a share of a joined name's weight is assumed too
            vessel = vessel | shared[used]
        used_rows = UsedRows(
            amount_assumed=usual[amounts.codes[used]] | vessel,
            joined_extra=None if origin is None else used >= chunk.rows,
            users=(cols["user"].uniques, cols["user"].codes[used]),
            dates=(np.array(dates.results, dtype=object), dates.codes[used]),
            foods=rows,
            grams=grams,
            guessed=self._guessed(pairs.values, foods.codes[used]),
        )
        at = np.concatenate(rejected_at) if rejected_at else np.zeros(0, dtype=np.int64)
        why_of = np.concatenate(rejected_why) if rejected_why else np.zeros(0, dtype=np.int64)
        if origin is not None:  # each appended row is its input row's; that row once
            used, at = origin[used], origin[at]
            at, first = np.unique(at, return_index=True)
            why_of = why_of[first]
        self._note_implausible(used_rows, used + first_index)
        return used_rows, at + first_index, why_of

    def _split_joined(
        self, cols: dict[str, _Column], cut: Sequence[int]
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Rows whose name no food has, or only a guess, but joins foods
        (diary.joined_parts, as a single diary reads them): the row becomes its first
        food, a row of each other food is appended, each with its amount. COLS are
        extended and rewritten in place.
        (Each row's index of the row it came from, and where a weight was shared; or
        None, None where no row joins foods.)"""
        food, food_id = cols["food"], cols["food_id"]
        joins = [
            code
            for code, text in enumerate(food.uniques.tolist())
            if (found := self.names.get(text)) is not None
            and (found.food_id is None or found.match in GUESSED)  # type: ignore[attr-defined]
        ]
        if self.strict or not joins:
            return None, None
        joined = np.zeros(len(food.uniques), dtype=bool)
        joined[joins] = True  # (looked up by code: faster than np.isin on the rows)
        candidate = joined[food.codes] & food_id.empty
        if len(cut):
            candidate[np.asarray(cut, dtype=np.int64)] = False
        at = np.flatnonzero(candidate)
        if not len(at):
            return None, None
        amount, unit = cols["amount"], cols["unit"]
        # the cells of each distinct (food, amount, unit) of those rows, found once
        sizes = (len(amount.uniques), len(unit.uniques))
        food_codes = food.codes[at].astype(np.int64)  # (a product of codes: see CODE_TYPE)
        key = (food_codes * sizes[0] + amount.codes[at]) * sizes[1] + unit.codes[at]
        _, first_at, which = np.unique(key, return_index=True, return_inverse=True)
        made = [
            self._joined_cells(food.value(i), amount.value(i), unit.value(i))
            for i in at[first_at].tolist()
        ]
        parts = np.array([len(cells) if cells else 0 for cells in made])[which]
        if not parts.any():
            return None, None
        n = len(food.codes)
        # the row itself becomes its first food; a row of each other food is appended
        rewritten, texts, shared_cells = [], [], []
        for place in range(int(parts.max())):
            rows = at[parts > place]
            chosen = which[parts > place]
            cells = [cells[place] if cells and len(cells) > place else None for cells in made]
            rewritten.append(rows)
            texts.append(np.array([c if c else ("", "", "", False) for c in cells], dtype=object))
            texts[-1] = texts[-1][chosen]
            shared_cells.append(np.array([bool(c and c[3]) for c in cells])[chosen])
        appended = np.concatenate([np.zeros(0, dtype=np.int64), *rewritten[1:]])
        origin = np.concatenate([np.arange(n), appended])
        for column in cols.values():
            column.extend(appended)
        at_rows = np.concatenate([rewritten[0], np.arange(n, len(origin))])
        cells_of = np.concatenate(texts)
        for place, name in enumerate(("food", "amount", "unit")):
            cols[name].rewrite(at_rows, cells_of[:, place])
        shared = np.zeros(len(origin), dtype=bool)
        shared[at_rows] = np.concatenate(shared_cells)
        return origin, shared

    def _joined_cells(
        self, written: str, amount_text: str, unit_text: str
    ) -> list[tuple[str, str, str, bool]] | None:
        """The cells (food, amount, unit, a share of a weight) of a row of each food the
        name WRITTEN joins, with the row's amount and unit texts; None where it joins
        none or its amount cannot be shared."""
        said = self._amount(amount_text, unit_text)
        if isinstance(said, Reject):
            return None
        number, unit_key = (None, "") if said == (1.0, USUAL) else said
        parts = joined_parts(written, number, unit_key, self.foods)
        if parts is None:
            return None
        cells = []
        for place, part in enumerate(parts):
            key = f"{written}\x1f{place}"  # (the part's food, as the name's)
            resolution = part.resolution
            if resolution.match is not MatchKind.FUZZY:
                resolution = resolution.model_copy(update={"match": MatchKind.ASSUMED})
            self.names[key] = resolution
            if part.number is None:
                self.amounts[(USUAL, USUAL)] = (1.0, USUAL)
                cells.append((key, USUAL, USUAL, False))
            elif part.shared:
                text = f"{part.number:g} (a weight the reader set)"
                self.amounts[(text, "g")] = (part.number, "g")
                cells.append((key, text, "g", True))
            else:
                cells.append((key, amount_text, unit_text, False))
        return cells

    def _as_measured(
        self, rows: np.ndarray, unit_codes: np.ndarray, units: list[str]
    ) -> np.ndarray:
        """ROWS with each food the food it is in its row's unit (FoodTable.as_measured:
        "2 tsp instant coffee" is the powder), as a single diary reads it."""
        spoons = [i for i, unit in enumerate(units) if canonical_unit(unit) in SPOONS]
        if not spoons:
            return rows
        spoon = np.zeros(len(units), dtype=bool)
        spoon[spoons] = True
        at = np.flatnonzero(spoon[unit_codes] & (rows >= 0))
        if not len(at):
            return rows
        # per distinct (food, spoon unit) of those rows, not per row
        codes, pairs = number_keys(rows[at] * len(units) + unit_codes[at],
                                   len(self.food_ids) * len(units))  # fmt: skip
        measured = np.array(
            [
                self.row_of.get(
                    self.foods.as_measured(self.food_ids[p // len(units)], units[p % len(units)]),
                    p // len(units),
                )
                for p in pairs.tolist()
            ],
            dtype=np.int64,
        )
        rows = rows.copy()
        rows[at] = measured[codes]
        return rows

    def _limit(self, food_id: str, unit: str) -> float:
        """The most grams a row of the food in UNIT may weigh (diary.implausible_amount):
        no limit for a weight, which is taken as written."""
        measures = self.measures.get(food_id)
        if measures is None or is_mass(unit) or unit == USUAL:  # a usual portion is one
            return np.inf
        limit = MAX_PORTIONS * measures.largest_for(unit) or IMPLAUSIBLE_GRAMS
        return min(IMPLAUSIBLE_GRAMS, limit)

    def _guessed(self, pairs: list[tuple[str, str]], pair_codes: np.ndarray) -> np.ndarray:
        """Per used row: 1 where its food was assumed, 2 where fuzzy-matched, else 0."""
        guessed = [MatchKind.ASSUMED, MatchKind.FUZZY]
        return np.array(
            [
                guessed.index(found.match) + 1  # type: ignore[attr-defined]
                if not food_id
                and (found := self.names.get(food)) is not None
                and found.match in guessed  # type: ignore[attr-defined]
                else 0
                for food_id, food in pairs
            ],
            dtype=np.int64,
        )[pair_codes]

    def _note_implausible(self, rows: UsedRows, index: np.ndarray) -> None:
        """Remember the used rows that weigh too much or are dated before EARLIEST_DATE
        or in the future (diary.implausible): used as written, and said."""
        (dates, date_code), (users, user_code) = rows.dates, rows.users
        odd_date = np.array(
            [isinstance(d, str) and bool(d)
             and not EARLIEST_DATE.isoformat() <= d <= self.today.isoformat()
             for d in dates.tolist()],  # (a date that is no date: its rows are rejected)
            dtype=bool,
        )  # fmt: skip
        for position in np.flatnonzero((rows.grams > IMPLAUSIBLE_GRAMS) | odd_date[date_code]):
            date = str(dates[date_code[position]])
            why = implausible(float(rows.grams[position]), date, False, self.today)
            if why is not None:
                self.odd.append((int(index[position]), str(users[user_code[position]]), why))

    @staticmethod
    def _reject_by(reject: Callable, why_of_value: list[int], codes: np.ndarray) -> None:
        """Reject the rows whose distinct value has a reason (WHY_OF_VALUE >= 0)."""
        why = np.array(why_of_value, dtype=np.int64)
        if (why >= 0).any():
            per_row = why[codes]
            reject(per_row >= 0, per_row)

    def _date(self, text: str) -> str | Exception:
        if text not in self.dates:
            try:
                self.dates[text] = parse_date(text).isoformat() if text else ""
            except ValueError as error:
                self.dates[text] = error
        return self.dates[text]

    def _amount(self, amount: str, unit: str) -> tuple[float, str] | Reject:
        """(number, unit) of an amount and unit as a single diary reads them, or why not."""
        key = (amount, unit)
        if key not in self.amounts:
            try:
                found = amount_row(amount, unit)
                self.amounts[key] = (found["number"], found["unit_key"])
            except Reject as error:
                self.amounts[key] = error
        return self.amounts[key]

    def _counted_units(
        self, food: _Column, used: np.ndarray, unit_codes: np.ndarray, unit_names: pd.Index
    ) -> tuple[np.ndarray, pd.Index]:
        """The units of the USED rows with what a bare number counts by each row's food
        text (rows.counted_in, as a single diary reads it: "new potatoes, 6")."""
        names = unit_names.tolist()
        if "" not in names:
            return unit_codes, unit_names
        bare = np.flatnonzero(unit_codes == names.index(""))
        if not len(bare):
            return unit_codes, unit_names
        texts, inverse = np.unique(food.codes[used[bare]], return_inverse=True)
        counted = []
        for code in texts.tolist():
            text = str(food.uniques[code])
            if text not in self.counted:  # (a joined name's part counts as the name did)
                self.counted[text] = "" if "\x1f" in text else counted_in(text)
            unit = self.counted[text]
            if unit not in names:
                names.append(unit)
            counted.append(names.index(unit))
        unit_codes = unit_codes.copy()
        unit_codes[bare] = np.array(counted, dtype=unit_codes.dtype)[inverse]
        return unit_codes, pd.Index(names, dtype=object)

    def _food(self, food_id: str, food: str):
        if food_id or self.foods.has(food):
            key = self.foods.key_of(food_id or food)  # a national table's own id too
            if key is None or key not in self.row_of:
                return None, (RejectReason.UNKNOWN_FOOD, "food_id" if food_id else "food",
                              f"food_id {food_id or food!r} is not in the food table")  # fmt: skip
            return key, None
        why = not_food(food)
        if why is not None:
            return None, (RejectReason.NOT_A_FOOD, "food", not_food_message(food, why))
        if food not in self.names:
            self.names[food] = resolve_names([food], self.foods)[food]
        resolution = self.names[food]
        if resolution.food_id is None:  # type: ignore[attr-defined]
            reason, message = unmatched_food(food, resolution, self.foods)  # type: ignore[arg-type]
            return None, (reason, "food", message)
        if self.strict and resolution.match in GUESSED:  # type: ignore[attr-defined]
            how = resolution.match.value  # type: ignore[attr-defined]
            return None, (RejectReason.FUZZY_MATCH, "food",
                          f'food "{food}" only matched on a guess ({how})')  # fmt: skip
        return resolution.food_id, None  # type: ignore[attr-defined]

    def _grams(self, food_id: str, unit: str) -> tuple[float, float] | Exception:
        """(grams per 1 of UNIT of the food, grams whatever the amount): a row's grams are
        its amount times the first, plus the second. The second is the weight of the
        whole amount an app writes in parentheses ("0.5 cup (78g)" is 78 g)."""
        key = (food_id, unit)
        if key not in self.grams_per and unit == USUAL:  # FNDDS "Quantity not specified"
            if food_id not in self.measures:
                self.measures[food_id] = self.foods.conversions(food_id)
            measure = self.measures[food_id]
            usual = measure.usual()
            if usual is None:
                self.grams_per[key] = NoAmountError(measure.food_name, measure.described)
            else:
                self.grams_per[key] = (0.0, usual.grams)
        if key not in self.grams_per:
            whole = weight_of_all(unit)
            per_one = 0.0 if whole is not None else grams_of_any_food(1.0, unit)
            if per_one is None:  # a measure of the food's own
                if food_id not in self.measures:
                    self.measures[food_id] = self.foods.conversions(food_id)
                try:
                    per_one, assumed, _ = self.measures[food_id].reading(1.0, unit)
                except UnitError as error:
                    self.grams_per[key] = error
                    return error
                if assumed:
                    self.portion_assumed.add(key)
            self.grams_per[key] = (per_one, whole or 0.0)
        return self.grams_per[key]

    def _said_in_food(self, cols: dict[str, _Column]) -> np.ndarray | None:
        """Rows with an empty amount cell read by the one grammar of a single diary
        (rows.said_amount_row): an amount inside the food's text ('2 eggs', 'half a cup
        of rice') becomes the row's amount and unit, the words left its food; no amount
        at all is the food's usual portion (USUAL, marked assumed). COLS are rewritten
        in place; the number of why each row that cannot be read is rejected (-1: none),
        or None where every row has an amount cell."""
        at = np.flatnonzero(cols["amount"].empty)
        if not len(at):
            return None
        food, unit = cols["food"], cols["unit"]
        pair = food.codes[at].astype(np.int64) * len(unit.uniques) + unit.codes[at]
        codes, distinct = number_keys(pair, len(food.uniques) * len(unit.uniques))
        foods_said, amounts_said, units_said, whys = [], [], [], []
        for p in distinct.tolist():
            text, written_unit = (
                str(food.uniques[p // len(unit.uniques)]),
                str(unit.uniques[p % len(unit.uniques)]),
            )
            key = (text, written_unit)
            if key not in self.said:
                try:
                    self.said[key] = said_amount_row(text, "", written_unit)
                except Reject as error:
                    self.said[key] = error
            found = self.said[key]
            if isinstance(found, Reject):
                whys.append(self.why(*found.rejected))
                foods_said.append(text)
                amounts_said.append("")
                units_said.append(written_unit)
                continue
            whys.append(-1)
            foods_said.append(str(found.get("match_text") or text))
            if found["number"] is None:  # no amount anywhere: the usual portion
                amount, said_unit = USUAL, USUAL
                self.amounts[(USUAL, USUAL)] = (1.0, USUAL)
            else:  # keyed apart from any amount cell, whose parse may differ (1.000)
                amount = f"{found['number']:g} (in the food's text)"
                said_unit = str(found["unit_key"])
                self.amounts[(amount, said_unit)] = (float(found["number"]), said_unit)
            amounts_said.append(amount)
            units_said.append(said_unit)
        for name, texts in (("food", foods_said), ("amount", amounts_said), ("unit", units_said)):
            cols[name].rewrite(at, np.array(texts, dtype=object)[codes])
        why = np.full(len(cols["food"].codes), -1, dtype=np.int64)
        why[at] = np.array(whys, dtype=np.int64)[codes]
        return why

    def prepare(self) -> None:
        """Load the food table now, and build what matching new names and telling food
        ids builds on first use."""
        self.row_of  # noqa: B018 - the table loaded, its rows numbered
        prepare_names(self.foods)
        "" in self.foods.foods.index  # noqa: B015 - (its hash table, built on first use)
        not_food("")

    def resolve_all(self, names: list[str]) -> None:
        """Match many distinct names in one batch call (faster than one by one)."""
        todo = [n for n in dict.fromkeys(names) if n and n not in self.names]
        todo = [n for n in todo if not self.foods.has(n) and not_food(n) is None]
        if todo:
            self.names.update(resolve_names(todo, self.foods))


# The type of a chunk's codes of a column (a code per row, so a chunk's fit): half the
# memory of int64, which a chunk of half a million rows would spend in fresh pages (some
# 15 ms a chunk). A product of codes (a pair's key) is taken in int64.
CODE_TYPE = np.int32


def _codes(column: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A chunk's COLUMN, (codes, distinct texts), with a code for every cell: one with
    no text at all (code -1) is the empty string."""
    codes, distinct = column
    codes = codes.astype(CODE_TYPE)
    if (codes < 0).any():
        distinct = np.append(distinct, "")
        codes[codes < 0] = len(distinct) - 1
    return codes, distinct


def _blank(column: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Which cells are empty, for a column read only to find blank lines. (A cell of
    spaces counts as content here: such a row is then rejected, not skipped.)"""
    codes, distinct = _codes(column)
    return (distinct == "")[codes]


class _Column:
    """One column of a chunk as codes into its distinct values, trimmed once each."""

    def __init__(self, values: tuple[np.ndarray, np.ndarray] | None, n: int) -> None:
        if values is None:
            self.codes, self.uniques = np.zeros(n, dtype=CODE_TYPE), np.array([""], dtype=object)
        else:
            self.codes, distinct = _codes(values)
            trimmed = [str(u).strip() for u in distinct]
            if len(set(trimmed)) < len(trimmed):  # " ana" and "ana": one value
                same, trimmed = pd.factorize(np.array(trimmed, dtype=object))
                self.codes = same[self.codes]
            self.uniques = np.array(trimmed, dtype=object)
        self.empty = (self.uniques == "")[self.codes]

    def value(self, i: int) -> str:
        return str(self.uniques[self.codes[i]])

    def extend(self, rows: np.ndarray) -> None:
        """Append a copy of each of ROWS (an index of a row)."""
        self.codes = np.concatenate([self.codes, self.codes[rows]])
        self.empty = np.concatenate([self.empty, self.empty[rows]])

    def rewrite(self, at: np.ndarray, texts: np.ndarray) -> None:
        """Set the cells AT to TEXTS (one each), as new distinct values."""
        codes, distinct = pd.factorize(texts)
        self.codes = self.codes.copy()
        self.codes[at] = len(self.uniques) + codes
        self.uniques = np.concatenate([self.uniques, np.asarray(distinct, dtype=object)])
        self.empty = (self.uniques == "")[self.codes]

    def map(self, convert: Callable[[str], object]) -> _Mapped:
        return _Mapped([convert(u) for u in self.uniques], self.codes)


def number_keys(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(the number of each of KEYS, 0 <= key < SIZE, among the distinct keys; the distinct
    keys). Where SIZE is small beside the keys, by marking them in an array of SIZE, with
    no hashing (a few times faster than pandas.factorize on half a million keys)."""
    if size > 4 * len(keys) + 1024:
        codes, distinct = pd.factorize(keys)
        return codes, np.asarray(distinct)
    present = np.zeros(size, dtype=bool)
    present[keys] = True
    distinct = np.flatnonzero(present)
    number = np.zeros(size, dtype=CODE_TYPE)  # (fewer keys than 2**31: see CODE_TYPE)
    number[distinct] = np.arange(len(distinct))
    return number[keys], distinct


class _Pairs:
    """Two columns together, as codes into their distinct pairs of values."""

    def __init__(self, first: _Column, second: _Column) -> None:
        combined = first.codes.astype(np.int64) * len(second.uniques) + second.codes
        self.codes, pairs = number_keys(combined, len(first.uniques) * len(second.uniques))
        size = len(second.uniques)
        self.values = [(first.uniques[p // size], second.uniques[p % size]) for p in pairs.tolist()]

    def map(self, convert: Callable[[str, str], object]) -> _Mapped:
        return _Mapped([convert(a, b) for a, b in self.values], self.codes)


@dataclass
class _Mapped:
    """What each distinct value became, read by row."""

    results: list
    codes: np.ndarray

    def spread(self, pick: Callable[[object], object], dtype: type) -> np.ndarray:
        """PICK of each distinct result, spread to the rows."""
        return np.array([pick(r) for r in self.results], dtype=dtype)[self.codes]


# No header of MAX_COLUMNS columns is this long (a thousand names of a kilobyte each).
HEADER_MOST_BYTES = 1 << 20

SPANS_LINES = (
    "a quoted field goes on over several lines here; batch reads one record per line "
    "(screener report reads it): put the text on one line"
)


def _first_spanning_row(chunk: Chunk) -> int | None:
    """The first row of CHUNK with a line break inside a cell (a quoted field over
    several lines), or None."""
    first = None
    for codes, distinct in chunk.columns.values():
        texts = [str(text) for text in distinct]
        joined = "".join(texts)
        if "\n" not in joined and "\r" not in joined:
            continue
        broken = np.array(["\n" in text or "\r" in text for text in texts] + [False])
        rows = np.flatnonzero(broken[codes])  # (code -1, no text: the False at the end)
        if len(rows) and (first is None or rows[0] < first):
            first = int(rows[0])
    return first


def _line_numbers(rows: int, skipped: list[int]) -> np.ndarray:
    """Line of each parsed row: from line 2 on, minus the lines pandas skipped."""
    candidates = np.arange(2, rows + len(skipped) + 2)
    return candidates[~np.isin(candidates, skipped)][:rows]


class CohortLog:
    """The used rows of a cohort's meal log at PATH, a UsedRows per chunk as it is read
    (CHUNK_ROWS rows; PROGRESS(bytes read, bytes) after each); once read: `rejected`
    (every row not used, in line order), `used` (rows used), `data_lines` (rows that are
    not blank), `implausible` ((line, user, why) of rows used but implausible) and
    `today` (the latest plausible date). FOODS: the food table, or how to load it (once
    the reading has begun)."""

    def __init__(
        self,
        path: Path,
        foods: FoodTable | Callable[[], FoodTable],
        strict: bool,
        chunk_rows: int,
        progress: Callable[[int, int], None] | None = None,
        read_ahead: bool | None = None,
    ) -> None:
        self.path = path
        self.head = check_file(path)  # as a single diary is checked, without reading it all
        if b"\n" not in self.head and b"\r" not in self.head:  # a longer header: all of it
            with open(path, "rb") as stream:
                self.head = stream.readline(HEADER_MOST_BYTES + 1)
            if len(self.head) > HEADER_MOST_BYTES:
                raise DataFileError(
                    path, f"the header line is longer than {HEADER_MOST_BYTES:,} bytes", line=1
                )
        header, self.delimiter = header_of(self.head)
        check_header(header, str(path))
        if "user" not in header or "date" not in header or "amount" not in header:
            raise DataFileError(
                path, "batch needs a meal log with user, date, food or food_id, amount columns",
                line=1,
            )  # fmt: skip
        self.parser = ChunkParser(foods, strict)
        self.chunk_rows, self.progress, self.read_ahead = chunk_rows, progress, read_ahead
        self.rejected: RejectedRows = RejectedRows(np.zeros(0), np.zeros(0), [])
        self.used = 0
        self.data_lines = 0
        self.implausible: list[tuple[int, str, str]] = []
        self.today = self.parser.today

    def __iter__(self) -> Iterator[UsedRows]:
        parser, path = self.parser, self.path
        rejected_at: list[np.ndarray] = []  # index of each rejected row, and why
        rejected_why: list[np.ndarray] = []
        skipped: list[int] = []
        rows_seen = 0
        size = path.stat().st_size
        # a file separated by semicolons writes decimal commas, as for a single diary
        decimal_comma = DECIMAL_COMMA.set(self.delimiter == ";")
        with contextlib.ExitStack() as done:
            done.callback(DECIMAL_COMMA.reset, decimal_comma)
            stream = done.enter_context(
                chunks(path, self.head, self.chunk_rows, self.read_ahead, parser.prepare)
            )
            for chunk in stream:
                spanning = _first_spanning_row(chunk)
                if spanning is not None:  # the lines of every row after it would be wrong
                    lines = _line_numbers(rows_seen + spanning + 1, skipped + chunk.skipped)
                    raise DataFileError(path, SPANS_LINES, line=int(lines[-1]))
                rows, at, why = parser.parse(chunk, rows_seen)
                rows_seen += chunk.rows
                skipped += chunk.skipped
                rejected_at.append(at)
                rejected_why.append(why)
                if self.progress is not None:
                    self.progress(min(chunk.read, size), size)
                if len(rows):
                    extra = rows.joined_extra
                    self.used += len(rows) - (int(extra.sum()) if extra is not None else 0)
                    yield rows
        lines = _line_numbers(rows_seen, skipped)
        too_many = parser.why(*TOO_MANY_FIELDS)
        at = np.concatenate([np.zeros(0, dtype=np.int64), *rejected_at])
        self.rejected = RejectedRows(
            np.concatenate([lines[at], np.array(skipped, dtype=np.int64)]),
            np.concatenate([np.zeros(0, dtype=np.int64), *rejected_why,
                            np.full(len(skipped), too_many, dtype=np.int64)]),
            list(parser.reasons),
        )  # fmt: skip
        blank_rows = rows_seen - self.used - len(at)
        self.data_lines = rows_seen - blank_rows + len(skipped)
        self.implausible = sorted((int(lines[at]), user, why) for at, user, why in parser.odd)
