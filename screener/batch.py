"""Many people at once: a meal log with a `user` column, read in chunks.

Only per-person daily totals are kept in memory, so the file may be far larger than
memory and a person's rows may be spread anywhere in it. Each chunk is parsed column by
column through its distinct values (dates, amounts, names, food and unit pairs), with
the same parsers, matcher and converter as a single diary, then summed per person and
day. Scoring is the single report's own `assess`.

Batch reads the meal-log format only, one record per line (a quoted field over several
lines is an error naming it), so that every rejected row keeps its line number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

import numpy as np
import pandas as pd

from .chunked import Chunk, chunks, header_of
from .csvfile import check_file, check_header, read_text
from .diary import (
    EARLIEST_DATE,
    FAR_DAYS,
    IMPLAUSIBLE,
    IMPLAUSIBLE_DAY_ROWS,
    IMPLAUSIBLE_GRAMS,
    MAX_PORTIONS,
    ValueSource,
    hint,
    implausible,
    implausible_amount,
    implausible_day,
    not_food_message,
    shown,
)
from .errors import DataFileError, ScreenerError
from .foods import FoodTable, default_foods
from .formats.meal_log import SUPPLEMENT_PREFIX
from .matching import GUESSED, resolve_names
from .models import (
    ASSUMED_COUNTS,
    CSV_COLUMNS,
    DISCLAIMER,
    MatchKind,
    Profile,
    RejectedRow,
    RejectReason,
    Status,
)
from .nutrients import NUTRIENTS, ROW_MOST_GRAMS, Nutrient
from .prevalence import prevalence_table
from .references import reference_intakes
from .rows import DECIMAL_COMMA, DiaryKind, Reject, amount_row, parse_date
from .scoring import score_nutrient, sum_by, texts
from .supplements import not_food
from .units import (
    Measures,
    UnitError,
    grams_of_any_food,
    is_mass,
    weight_of_all,
)

CHUNK_ROWS = 500_000
TOO_MANY_FIELDS = (
    RejectReason.TOO_MANY_FIELDS, None, "",
    "more fields than the header has (a comma inside a name? quote it)",
)  # fmt: skip
NUTRIENT_COLUMNS = [info.column for info in NUTRIENTS.values()]
SUMMED = [*NUTRIENT_COLUMNS, "energy_kcal", "caffeine_mg"]
LIFE_STAGE_WORDS = {
    "pregnant": "pregnant", "pregnancy": "pregnant",
    "lactating": "lactating", "lactation": "lactating",
}  # fmt: skip


@dataclass
class BatchResult:
    results: pd.DataFrame  # one row per person and nutrient: `user` + the report's CSV
    summary: pd.DataFrame  # per nutrient: people flagged, of how many, share
    rejected: Sequence[RejectedRow] = field(default_factory=list)
    data_lines: int = 0
    rows_used: int = 0
    default_profile_users: list[str] = field(default_factory=list)
    # rows used as written but implausible (diary.implausible), in line order: (line,
    # user, why); a date far from all of a person's others has no one line: (None, …)
    implausible: list[tuple[int | None, str, str]] = field(default_factory=list)
    # --from, --to, --last: rows dated outside the days chosen (counted, not used), and
    # the people with no day logged inside them (so not screened)
    rows_outside: int = 0
    people_outside: list[str] = field(default_factory=list)
    # per profile group and nutrient: the naive and the usual-intake prevalence
    prevalence: pd.DataFrame = field(default_factory=pd.DataFrame)
    # per person (the index), the SD of their daily totals of each value
    spread: pd.DataFrame = field(default_factory=pd.DataFrame)


def read_profiles(path: Path | str) -> dict[str, Profile]:
    """PROFILES: CSV of user, sex, age, life_stage. A bad row is an error naming it."""
    import pydantic

    from .csvfile import records

    text, _ = read_text(path)
    header, data = records(text, path)
    missing = [column for column in ("user", "sex", "age") if column not in header]
    if missing:
        raise DataFileError(path, "missing column(s): " + ", ".join(missing), line=1)
    profiles: dict[str, Profile] = {}
    lines: dict[str, int] = {}
    for line, fields in data:
        row = dict(zip(header, [f.strip() for f in fields], strict=False))
        stage = LIFE_STAGE_WORDS.get(row.get("life_stage", "").lower(), "none")
        try:
            profile = Profile(
                sex=row.get("sex") or None, age=row.get("age") or None, life_stage=stage
            )
        except pydantic.ValidationError as error:
            problem = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
            raise DataFileError(path, problem, line=line) from error
        user = row.get("user", "")
        if user in profiles and profiles[user] != profile:  # which one is right?
            raise DataFileError(
                path,
                f"user {user!r} has two different profiles (lines {lines[user]} and {line}): "
                "keep one",
                line=line,
                column="user",
            )
        profiles[user], lines[user] = profile, lines.get(user, line)
    return profiles


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


def _sum_by(
    parts: list[tuple[np.ndarray, np.ndarray]], people: int, dates: int, slots: int
) -> tuple[np.ndarray, np.ndarray]:
    """PARTS of (keys, a row of sums per key), the keys of each distinct, as one: each
    key once, with the sum of its rows. A key is person * SLOTS + date (of PEOPLE and
    DATES so far), added by sum_by."""
    if len(parts) == 1:
        return parts[0]
    keys = np.concatenate([k for k, _ in parts])
    person, date = np.divmod(keys, slots)
    inverse, distinct = _number(person * dates + date, people * dates)
    person, date = np.divmod(distinct, dates)
    sums = sum_by(inverse, len(distinct), np.concatenate([v for _, v in parts]))
    return person * slots + date, sums


@dataclass
class _Used:
    """The used rows of a chunk: who, which day, which food and how many grams."""

    users: tuple[np.ndarray, np.ndarray]  # (distinct users, code of each row)
    dates: tuple[np.ndarray, np.ndarray]  # (distinct dates, code of each row)
    foods: np.ndarray  # each row's row of the food table
    grams: np.ndarray
    # 1 where the row's food was assumed, 2 where fuzzy-matched, else 0 (the single
    # report's foods_assumed and fuzzy_matched)
    guessed: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.grams)


# What a person-day adds up, a column each: each SUMMED value (an unknown one adds
# nothing, as in the single report), grams, and grams of food whose value of each
# nutrient is known.
ADDED = [*SUMMED, "grams", *(f"known_{column}" for column in NUTRIENT_COLUMNS)]


def added_per_gram(foods: FoodTable) -> np.ndarray:
    """Per food table row, what one gram of it adds to each ADDED column."""
    per_100g = foods.foods[SUMMED].to_numpy(dtype=float)
    known = ~np.isnan(per_100g[:, : len(NUTRIENT_COLUMNS)])
    ones = np.ones((len(per_100g), 1))
    return np.hstack([np.nan_to_num(per_100g) / 100.0, ones, known.astype(float)])


class _Numbering(dict):
    """Names numbered as they are met (name -> number, in order)."""

    def __init__(self) -> None:
        super().__init__()
        self._index = pd.Index([], dtype=object)

    def of(self, uniques: np.ndarray) -> np.ndarray:
        """The numbers of distinct names, numbering new ones: one hash lookup of them
        all, against an index rebuilt only after new names came."""
        if len(self._index) != len(self):
            self._index = pd.Index(list(self), dtype=object)
        ids = self._index.get_indexer(uniques) if len(self) else np.full(len(uniques), -1)
        new = np.flatnonzero(ids < 0)
        if len(new):  # (two texts may be one name once trimmed: numbered once)
            codes, names = pd.factorize(np.array([str(u) for u in uniques[new]], dtype=object))
            ids[new] = len(self) + codes
            self.update(zip(names.tolist(), range(len(self), len(self) + len(names)), strict=True))
        return ids.astype(np.int64)


def _ordinal(text: str) -> int:
    """The day number of an ISO date; 0 for a text that is none (a rejected row's)."""
    try:
        return dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return 0


class _Accumulator:
    """Per person and day, the sums of the ADDED columns. People and dates are numbered
    as they come, so the sums group by integers."""

    DATE_SLOTS = 1 << 24  # key = person * DATE_SLOTS + date
    MERGE_ROWS = 1 << 20  # chunks' person-days are merged when they are more than this

    def __init__(self, per_gram: np.ndarray) -> None:
        self.per_gram = per_gram  # added_per_gram of the food table
        self.people = _Numbering()
        self.dates = _Numbering()
        self.daily: list[tuple[np.ndarray, np.ndarray]] = []  # (keys, sums: a row per key)
        self.merged_rows = 0

    def add(self, rows: _Used) -> None:
        (users, user_code), (dates, date_code) = rows.users, rows.dates
        person = self.people.of(users)
        date = self.dates.of(dates)
        slots = len(users) * len(dates)
        if slots <= 4 * len(rows) + 1024:  # few enough to number in place: no hashing
            cell = user_code * len(dates) + date_code
            present = np.flatnonzero(np.bincount(cell, minlength=slots))
            keys = person[present // len(dates)] * self.DATE_SLOTS + date[present % len(dates)]
            position = np.zeros(slots, dtype=np.int64)
            position[present] = np.arange(len(present))
            cell = position[cell]
        else:
            cell, keys = pd.factorize(person[user_code] * self.DATE_SLOTS + date[date_code])
        # what each row adds (its grams times what a gram of its food adds), then, before
        # the row count, what it took on a guess
        guessed = rows.guessed if rows.guessed is not None else np.zeros(len(rows), dtype=int)
        added = np.column_stack([
            rows.grams[:, None] * self.per_gram[rows.foods], guessed == 1, guessed == 2,
            np.ones(len(rows)),
        ])  # fmt: skip
        self._merge(np.asarray(keys, dtype=np.int64), sum_by(cell, len(keys), added))

    def _merge(self, keys: np.ndarray, sums: np.ndarray) -> None:
        """Keep a chunk's person-days; merge them all once they are many (a person's days
        may be spread over every chunk), so memory holds about each person-day once."""
        self.daily.append((keys, sums))
        if sum(len(k) for k, _ in self.daily) > max(self.MERGE_ROWS, 2 * self.merged_rows):
            self.daily = [self._merged()]
            self.merged_rows = len(self.daily[0][0])

    def _merged(self) -> tuple[np.ndarray, np.ndarray]:
        """Every person-day once, with its sums (kept merged)."""
        merged = _sum_by(self.daily, len(self.people), len(self.dates), self.DATE_SLOTS)
        self.daily = [merged]
        return merged

    def far_days(self, today: dt.date) -> list[tuple[None, str, str]]:
        """(None, user, why) for each day of a person more than FAR_DAYS from all their
        other days (diary.implausible: a 2019 typo in a 2026 diary), where the date is
        not implausible by itself (the rows of that day are said already)."""
        keys, _ = self._merged()
        person, date = np.divmod(keys, self.DATE_SLOTS)
        names = list(self.dates)
        days = np.array([_ordinal(text) for text in names])[date]
        order = np.lexsort((days, person))
        person, days, date = person[order], days[order], date[order]
        same = person[1:] == person[:-1]
        gap = np.where(same, np.diff(days), np.inf)
        nearest = np.minimum(np.r_[np.inf, gap], np.r_[gap, np.inf])
        people = list(self.people)
        found = []
        for at in np.flatnonzero(nearest > FAR_DAYS):
            has_others = (at > 0 and same[at - 1]) or (at < len(same) and same[at])
            text = names[date[at]]
            if has_others and EARLIEST_DATE.isoformat() <= text <= today.isoformat():
                why = implausible(0.0, text, True, today)
                found.append((None, people[person[at]], str(why)))
        return found

    def odd_days(self) -> list[tuple[None, str, str]]:
        """(None, user, why) for each day of a person with implausibly many rows or grams
        (diary.implausible_day)."""
        keys, daily = self._merged()
        grams, rows = daily[:, len(SUMMED)], daily[:, -1]
        people, names = list(self.people), list(self.dates)
        found = []
        for at in np.flatnonzero((rows > IMPLAUSIBLE_DAY_ROWS) | (grams > ROW_MOST_GRAMS)):
            person, date = divmod(int(keys[at]), self.DATE_SLOTS)
            why = implausible_day(int(rows[at]), float(grams[at]), names[date])
            if why is not None:
                found.append((None, people[person], why))
        return found

    def choose(
        self, first: dt.date | None, last: dt.date | None, last_days: int | None, path: str
    ) -> tuple[int, list[str]]:
        """Keep only the person-days from FIRST to LAST (inclusive; None: open), or the
        LAST_DAYS days up to LAST (None: the diary's last logged day), as
        diary.choose_days does for one person. (Rows left out, people with no day
        kept); a ScreenerError when no day of anyone is inside."""
        keys, daily = self._merged()
        people = list(self.people)
        person, date = np.divmod(keys, self.DATE_SLOTS)
        names = list(self.dates)
        days = np.array([_ordinal(text) for text in names])[date]
        end = last.toordinal() if last is not None else None
        if last_days is not None:
            end = end if end is not None else int(days.max())
            start: int | None = end - last_days + 1
        else:
            start = first.toordinal() if first is not None else None
        keep = np.ones(len(keys), dtype=bool)
        if start is not None:
            keep &= days >= start
        if end is not None:
            keep &= days <= end
        if not keep.any():
            span = " to ".join(
                dt.date.fromordinal(day).isoformat() if day is not None else edge
                for day, edge in ((start, "the start"), (end, "the end"))
            )
            raise ScreenerError(f"{path}: no day logged from {span}")
        outside = int(daily[~keep, -1].sum())  # the last column counts the rows
        gone = sorted(set(person.tolist()) - set(person[keep].tolist()))
        self.daily = [(keys[keep], daily[keep])]
        return outside, sorted(people[p] for p in gone)

    def totals(self) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
        """Per user, in user order: the mean daily sum of each value over the days
        logged, the number of days logged, and grams eaten (in all, and with each value
        known)."""
        keys, daily = self._merged()  # one row per person and day
        people = np.array(list(self.people), dtype=object)
        person, who = _number(keys // self.DATE_SLOTS, len(people))
        sums = sum_by(person, len(who), daily)
        days = np.bincount(person)
        summed = len(SUMMED)
        index = people[who]
        means = sums[:, :summed] / days[:, None]
        eaten = pd.DataFrame(sums[:, summed:-3], index=index, columns=["grams", *NUTRIENT_COLUMNS])
        guessed = pd.DataFrame(sums[:, -3:-1], index=index, columns=["assumed", "fuzzy"])
        # the sample SD of each person's daily totals (the confidence's own SD_w)
        squares = sum_by(person, len(who), daily[:, :summed] ** 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            variance = (squares - days[:, None] * means**2) / (days[:, None] - 1)
        spread = pd.DataFrame(np.sqrt(np.maximum(variance, 0)), index=index, columns=SUMMED)
        order = np.argsort(index.astype(str), kind="stable")
        self.spread = spread.iloc[order]
        self.guessed = guessed.iloc[order].astype(np.int64)  # each person's rows on a guess
        means_frame = pd.DataFrame(means, index=index, columns=SUMMED)
        return means_frame.iloc[order], days[order], eaten.iloc[order]


class _ChunkParser:
    """Turns chunks of meal-log text cells into used rows and rejections, remembering
    what each distinct value became across chunks."""

    def __init__(self, foods: FoodTable, strict: bool) -> None:
        self.foods = foods
        self.strict = strict
        self.dates: dict[str, str | Exception] = {}
        self.amounts: dict[tuple[str, str], tuple[float, str] | Exception] = {}
        self.names: dict[str, object] = {}
        self.grams_per: dict[tuple[str, str], float | Exception] = {}
        self.measures: dict[str, Measures] = {}
        self.food_ids = foods.foods["food_id"].tolist()
        self.row_of = {food_id: row for row, food_id in enumerate(self.food_ids)}
        self.reasons: dict[tuple, int] = {}  # (reason, column, value, message) -> number
        self.today = dt.date.today() + dt.timedelta(days=1)  # a day of time zones
        self.odd: list[tuple[int, str, str]] = []  # (row index, user, why): implausible

    def why(self, reason: RejectReason, column: str | None, value: str, message: str) -> int:
        """The number of a reason for rejecting rows (the same number for the same one)."""
        key = (reason, column, value, message)
        found = self.reasons.get(key)
        if found is None:
            found = self.reasons[key] = len(self.reasons)
        return found

    def parse(self, chunk: Chunk, first_index: int) -> tuple[_Used, np.ndarray, np.ndarray]:
        """(used rows: user, date, food row and grams; and the others: the index of each
        rejected row, and the number of what it was rejected for, see `why`).

        Every step works on the distinct values of the chunk (pandas.factorize), then
        spreads its answers back to the rows by their codes: a million rows cost a few
        thousand parser calls. A row is rejected for the first thing wrong with it.
        """
        n = chunk.rows
        cols = {c: _Column(chunk.columns.get(c), n) for c in
                ("date", "user", "food", "food_id", "amount", "unit")}  # fmt: skip
        self.resolve_all(cols["food"].uniques.tolist())  # all new names at once
        others = [_blank(values) for name, values in chunk.columns.items() if name not in cols]
        ok = ~np.logical_and.reduce([column.empty for column in cols.values()] + others)
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
        for column in ("date", "user", "amount"):
            # batch reads amounts from the amount column only: none inside the food's
            # text, and no usual portion for a row without one (`screener report` does)
            said = f"no {column}" + (
                ": batch needs the amount column (screener report reads one in the "
                "food's text, or takes a usual portion)"
                if column == "amount" else ""
            )  # fmt: skip
            reject(cols[column].empty, self.why(RejectReason.MISSING_VALUE, column, "", said))
        reject(cols["food"].empty & cols["food_id"].empty,
               self.why(RejectReason.MISSING_VALUE, "food", "", "no food or food_id"))  # fmt: skip
        not_read = "supplement rows are not read by batch; use screener report"
        supplement_why = [
            self.why(RejectReason.UNKNOWN_FOOD, "food", value, not_read)
            if value.lower().startswith(SUPPLEMENT_PREFIX) else -1
            for value in cols["food"].uniques
        ]  # fmt: skip
        self._reject_by(reject, supplement_why, cols["food"].codes)

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
        numbers = np.array([a[0] if ok_amount(a) else np.nan for a in amounts.results])
        pair_codes, pairs_met = _number(
            rows * len(unit_names) + unit_codes, len(self.food_ids) * len(unit_names)
        )
        food_ids, units = self.food_ids, unit_names.tolist()
        per_unit = [
            self._grams(food_ids[pair // len(units)], units[pair % len(units)])
            for pair in pairs_met.tolist()
        ]
        failed_pair = np.array([isinstance(g, Exception) for g in per_unit], dtype=bool)
        if failed_pair.any():
            failed = failed_pair[pair_codes]
            why = np.full(n, -1, dtype=np.int64)
            for position in np.flatnonzero(failed):
                i = used[position]
                column = "unit" if not cols["unit"].empty[i] else "amount"
                message = str(per_unit[pair_codes[position]])
                why[i] = self.why(RejectReason.UNKNOWN_UNIT, column, cols[column].value(i), message)
            reject(why >= 0, why)
            keep = ~failed
            used, rows, amount_codes, pair_codes = (
                used[keep],
                rows[keep],
                amount_codes[keep],
                pair_codes[keep],
            )
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
            used, rows, grams = used[keep], rows[keep], grams[keep]
        used_rows = _Used(
            users=(cols["user"].uniques, cols["user"].codes[used]),
            dates=(np.array(dates.results, dtype=object), dates.codes[used]),
            foods=rows,
            grams=grams,
            guessed=self._guessed(pairs.values, foods.codes[used]),
        )
        self._note_implausible(used_rows, used + first_index)
        at = np.concatenate(rejected_at) if rejected_at else np.zeros(0, dtype=np.int64)
        why_of = np.concatenate(rejected_why) if rejected_why else np.zeros(0, dtype=np.int64)
        return used_rows, at + first_index, why_of

    def _limit(self, food_id: str, unit: str) -> float:
        """The most grams a row of the food in UNIT may weigh (diary.implausible_amount):
        no limit for a weight, which is taken as written."""
        measures = self.measures.get(food_id)
        if measures is None or is_mass(unit):
            return np.inf
        limit = MAX_PORTIONS * measures.largest or IMPLAUSIBLE_GRAMS
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

    def _note_implausible(self, rows: _Used, index: np.ndarray) -> None:
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
            reason = (
                RejectReason.AMBIGUOUS_FOOD
                if (resolution.score or 0) >= 60  # type: ignore[attr-defined]
                else RejectReason.UNKNOWN_FOOD
            )
            words = "is ambiguous" if reason is RejectReason.AMBIGUOUS_FOOD else "is not known"
            return None, (reason, "food", f'food "{food}" {words}; {hint(resolution)}')  # type: ignore[arg-type]
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
        if key not in self.grams_per:
            whole = weight_of_all(unit)
            per_one = 0.0 if whole is not None else grams_of_any_food(1.0, unit)
            if per_one is None:  # a measure of the food's own
                if food_id not in self.measures:
                    self.measures[food_id] = self.foods.conversions(food_id)
                try:
                    per_one = self.measures[food_id].to_grams(1.0, unit)
                except UnitError as error:
                    self.grams_per[key] = error
                    return error
            self.grams_per[key] = (per_one, whole or 0.0)
        return self.grams_per[key]

    def resolve_all(self, names: list[str]) -> None:
        """Match many distinct names in one batch call (faster than one by one)."""
        todo = [n for n in dict.fromkeys(names) if n and n not in self.names]
        todo = [n for n in todo if not self.foods.has(n) and not_food(n) is None]
        if todo:
            self.names.update(resolve_names(todo, self.foods))


def screen_batch(
    diary: Path | str,
    profiles: dict[str, Profile] | None = None,
    foods: FoodTable | None = None,
    strict: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int, int], None] | None = None,
    read_ahead: bool | None = None,
    days: tuple[dt.date | None, dt.date | None, int | None] = (None, None, None),
) -> BatchResult:
    """Screen every person of DIARY (a meal log with a user column) for their profile;
    a person without one gets the default profile. PROGRESS(done, total) is called with
    bytes read after each chunk. DAYS: (first, last, last_days), the days to screen (see
    diary.choose_days; --last counts back from the diary's last logged day)."""
    with _no_cycle_collection():
        return _screen_batch(diary, profiles, foods, strict, chunk_rows, progress, read_ahead, days)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: a cohort makes hundreds of thousands of small
    objects (distinct values, rejected rows), none of them in a cycle, and the collector
    would walk them all again and again (a quarter of the batch's time on a cohort with
    many rejected rows). Reference counting still frees everything."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _screen_batch(
    diary: Path | str,
    profiles: dict[str, Profile] | None,
    foods: FoodTable | None,
    strict: bool,
    chunk_rows: int,
    progress: Callable[[int, int], None] | None,
    read_ahead: bool | None,
    days: tuple[dt.date | None, dt.date | None, int | None] = (None, None, None),
) -> BatchResult:
    foods = foods or default_foods()
    profiles = profiles or {}
    path = Path(diary)
    head = check_file(path)  # as a single diary is checked, without reading it all
    if b"\n" not in head and b"\r" not in head:  # a header longer than the head: all of it
        with open(path, "rb") as stream:
            head = stream.readline(HEADER_MOST_BYTES + 1)
        if len(head) > HEADER_MOST_BYTES:
            raise DataFileError(
                path, f"the header line is longer than {HEADER_MOST_BYTES:,} bytes", line=1
            )
    header, delimiter = header_of(head)
    check_header(header, str(path))
    if "user" not in header or "date" not in header or "amount" not in header:
        raise DataFileError(
            path, "batch needs a meal log with user, date, food or food_id, amount columns",
            line=1,
        )  # fmt: skip
    parser = _ChunkParser(foods, strict)
    totals = _Accumulator(added_per_gram(foods))
    rejected_at: list[np.ndarray] = []  # index of each rejected row, and why
    rejected_why: list[np.ndarray] = []
    skipped: list[int] = []
    rows_seen = 0
    used = 0
    size = path.stat().st_size
    # a file separated by semicolons writes decimal commas, as for a single diary
    decimal_comma = DECIMAL_COMMA.set(delimiter == ";")
    with contextlib.ExitStack() as done:
        done.callback(DECIMAL_COMMA.reset, decimal_comma)
        stream = done.enter_context(chunks(path, head, chunk_rows, ahead=read_ahead))
        for chunk in stream:
            spanning = _first_spanning_row(chunk)
            if spanning is not None:  # the lines of every row after it would be wrong
                line = int(_line_numbers(rows_seen + spanning + 1, skipped + chunk.skipped)[-1])
                raise DataFileError(path, SPANS_LINES, line=line)
            rows, at, why = parser.parse(chunk, rows_seen)
            rows_seen += chunk.rows
            skipped += chunk.skipped
            rejected_at.append(at)
            rejected_why.append(why)
            if len(rows):
                totals.add(rows)
                used += len(rows)
            if progress is not None:
                progress(min(chunk.read, size), size)
    lines = _line_numbers(rows_seen, skipped)
    too_many = parser.why(*TOO_MANY_FIELDS)
    at = np.concatenate([np.zeros(0, dtype=np.int64), *rejected_at])
    rejected_rows = RejectedRows(
        np.concatenate([lines[at], np.array(skipped, dtype=np.int64)]),
        np.concatenate([np.zeros(0, dtype=np.int64), *rejected_why,
                        np.full(len(skipped), too_many, dtype=np.int64)]),
        list(parser.reasons),
    )  # fmt: skip
    if strict and rejected_rows:
        from .diary import DiaryRejectedError

        raise DiaryRejectedError(str(path), rejected_rows)
    if used == 0:
        from .diary import NoUsableRowsError

        raise NoUsableRowsError(str(path), rejected_rows)
    odd = [(int(lines[at]), user, why) for at, user, why in parser.odd]
    odd = sorted(odd) + totals.far_days(parser.today) + totals.odd_days()
    outside, people_outside = (
        totals.choose(*days, str(path)) if any(d is not None for d in days) else (0, [])
    )
    means, logged, grams = totals.totals()
    results, defaults = _score(means, logged, grams, profiles, totals.spread, totals.guessed)
    blank_rows = rows_seen - used - len(at)
    return BatchResult(
        results=results,
        summary=summarize(results),
        prevalence=group_prevalence(results, totals.spread, profiles),
        spread=totals.spread,
        rejected=rejected_rows,
        data_lines=rows_seen - blank_rows + len(skipped),
        rows_used=used - outside,
        default_profile_users=defaults,
        implausible=odd,
        rows_outside=outside,
        people_outside=people_outside,
    )


def _codes(column: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A chunk's COLUMN, (codes, distinct texts), with a code for every cell: one with
    no text at all (code -1) is the empty string."""
    codes, distinct = column
    codes = codes.astype(np.int64)
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
            self.codes, self.uniques = np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
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

    def map(self, convert: Callable[[str], object]) -> _Mapped:
        return _Mapped([convert(u) for u in self.uniques], self.codes)


def _number(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(the number of each of KEYS, 0 <= key < SIZE, among the distinct keys; the distinct
    keys). Where SIZE is small beside the keys, by marking them in an array of SIZE, with
    no hashing (a few times faster than pandas.factorize on half a million keys)."""
    if size > 4 * len(keys) + 1024:
        codes, distinct = pd.factorize(keys)
        return codes, np.asarray(distinct)
    present = np.zeros(size, dtype=bool)
    present[keys] = True
    distinct = np.flatnonzero(present)
    number = np.zeros(size, dtype=np.int64)
    number[distinct] = np.arange(len(distinct))
    return number[keys], distinct


class _Pairs:
    """Two columns together, as codes into their distinct pairs of values."""

    def __init__(self, first: _Column, second: _Column) -> None:
        combined = first.codes * len(second.uniques) + second.codes
        self.codes, pairs = _number(combined, len(first.uniques) * len(second.uniques))
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


def _score(
    means: pd.DataFrame,
    days: np.ndarray,
    grams: pd.DataFrame,
    profiles: dict[str, Profile],
    spread: pd.DataFrame,
    guessed: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Everyone's results, with the single report's own threshold, confidence and UL
    functions applied to all the people of one profile at once."""
    # as scoring.known_share: the share of grams whose value is known
    shares = 100.0 * grams[NUTRIENT_COLUMNS].div(grams["grams"], axis=0).reindex(means.index)
    users = means.index.astype(str).to_numpy()
    defaults = [user for user in users if user not in profiles]
    default = Profile()
    by_profile: dict[Profile, list[int]] = {}
    if not profiles:  # everyone has the default profile
        by_profile[default] = list(range(len(users)))
    for position, user in enumerate(users if profiles else []):
        by_profile.setdefault(profiles.get(user, default), []).append(position)
    guessed_of = (
        guessed.reindex(means.index).to_numpy()
        if guessed is not None
        else np.zeros((len(users), 2), dtype=np.int64)
    )
    blocks = []
    for profile, positions in by_profile.items():
        who = np.zeros(len(users), dtype=bool)
        who[positions] = True
        refs = reference_intakes(profile)
        for order, (nutrient, info) in enumerate(NUTRIENTS.items()):
            ref = refs.get(nutrient)
            complete = shares[info.column].to_numpy()[who]
            known = ~np.isnan(complete) & (complete > 0)
            mean = np.where(known, means[info.column].to_numpy()[who], np.nan)
            own_sd = spread[info.column].to_numpy()[who]
            block = {
                "position": np.flatnonzero(who),
                "user": users[who],
                "order": order,
                "nutrient": nutrient.value,
                "group": info.group,
                "unit": info.unit,
                "target": ref.target,
                "target_type": ref.target_type,
                **score_nutrient(nutrient, ref, mean, days[who], own_sd),
                "data_complete_pct": complete,
                # a meal log's values all come from the food table
                "values_from": texts(
                    [known], [ValueSource.FOOD_TABLE.value], default=ValueSource.NONE.value
                ),
                "days_logged": days[who],
                "name": info.name,
                "ear": ref.ear, "rda": ref.rda, "ai": ref.ai, "ul": ref.ul, "cdrr": ref.cdrr,
                "sd_requirement_basis": ref.sd_requirement_basis,
                # batch reads a meal log with its amounts: none is assumed
                "amounts_assumed": 0,
                "foods_assumed": guessed_of[who, 0],
                "fuzzy_matched": guessed_of[who, 1],
                "disclaimer": DISCLAIMER,
            }  # fmt: skip
            blocks.append(block)
    columns = [c for c in CSV_COLUMNS if c not in ("food_intake", "supplement_intake")]
    columns[-1:-1] = ASSUMED_COUNTS  # before the disclaimer, as in the single report
    # One array per column for all blocks, then one table: people in user order (as
    # `means` is), each person's nutrients in report order. A value a block gives all its
    # people is taken once per row from the blocks' values, not spread block by block.
    sizes = [len(b["position"]) for b in blocks]
    position = np.concatenate([b["position"] for b in blocks])
    order = np.lexsort((np.repeat([b["order"] for b in blocks], sizes), position))
    block_of_row = np.repeat(np.arange(len(blocks)), sizes)[order]
    merged = {}
    for name in ["user", *columns]:
        values = [b[name] for b in blocks]
        if any(np.ndim(v) for v in values):
            merged[name] = np.concatenate(
                [_column(v, size) for v, size in zip(values, sizes, strict=True)]
            )[order]
        else:
            merged[name] = _column(values, len(values))[block_of_row]
    # Text stays in object columns: pandas would check every cell of each to make it its
    # string dtype (20 ms for 10,000 people), and the cells are the method's own texts.
    table = {
        name: pd.Series(values, dtype=object, copy=False) if values.dtype == object else values
        for name, values in merged.items()
    }
    return pd.DataFrame(table, copy=False), defaults


def _column(value: object, rows: int) -> np.ndarray:
    """VALUE (an array, or one value for every row) as an array of ROWS. Text is kept as
    Python strings (one object shared by all rows), never as fixed-width numpy text."""
    if np.ndim(value):
        array = np.asarray(value)
        return array.astype(object) if array.dtype.kind == "U" else array
    text = value is None or isinstance(value, str)
    return np.full(rows, value, dtype=object if text else None)


def group_prevalence(
    results: pd.DataFrame, spread: pd.DataFrame, profiles: dict[str, Profile]
) -> pd.DataFrame:
    """The prevalence table (prevalence.prevalence_table) of RESULTS, each person in the
    DRI group of their profile, with SPREAD, the SD of each person's daily totals (a row
    per person). Grouped through integer codes: 10,000 people cost a few milliseconds."""
    default = Profile()  # (made once: a profile is a validated model)
    person = spread.index.get_indexer(results["user"].to_numpy(dtype=object))
    profile_of = [profiles.get(user, default) for user in spread.index] if profiles else []
    distinct = list(dict.fromkeys(profile_of)) or [default]
    refs = {profile: reference_intakes(profile) for profile in distinct}
    names = list(dict.fromkeys(r.group for r in refs.values()))  # groups, in order met
    code = {profile: names.index(refs[profile].group) for profile in distinct}
    group_of_person = np.array([code[p] for p in profile_of], dtype=np.int64)
    group = group_of_person[person] if profiles else np.zeros(len(person), dtype=np.int64)
    nutrient, nutrients = pd.factorize(results["nutrient"].to_numpy(dtype=object))
    column = spread.columns.get_indexer([NUTRIENTS[Nutrient(n)].column for n in nutrients])
    sd = spread.to_numpy(dtype=float)[person, column[nutrient]]
    mean = results["mean_daily_intake"].to_numpy(dtype=float)
    days = results["days_logged"].to_numpy(dtype=float)
    key = group * len(nutrients) + nutrient
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    reference = {refs[p].group: refs[p] for p in distinct}
    parts = []
    for k, rows in zip(keys.tolist(), np.split(order, starts[1:]), strict=True):
        name = names[k // len(nutrients)]
        which = Nutrient(nutrients[k % len(nutrients)])
        parts.append((name, which, reference[name].get(which), mean[rows], days[rows], sd[rows]))
    return prevalence_table(parts)


def summarize(results: pd.DataFrame) -> pd.DataFrame:
    """Per nutrient, in the order met: how many people were flagged, of how many, and
    the share. (Counted over codes: a groupby with a function per group took 25 ms for
    10,000 people.)"""
    nutrient, nutrients = pd.factorize(results["nutrient"].to_numpy(dtype=object))
    user, users = pd.factorize(results["user"].to_numpy(dtype=object))
    status = results["status"].to_numpy(dtype=object)
    seen = np.zeros((len(nutrients), len(users)), dtype=bool)
    seen[nutrient, user] = True
    people = seen.sum(axis=1)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(nutrient, weights=mask, minlength=len(nutrients)).astype(int)

    summary = pd.DataFrame(
        {
            "nutrient": nutrients,
            "people": people,
            "flagged": count(results["flagged"].to_numpy(dtype=bool)),
            "low": count(status == Status.LOW.value),
            "borderline": count(status == Status.BORDERLINE.value),
        }
    )
    summary["flagged_pct"] = (100.0 * summary["flagged"] / summary["people"]).round(1)
    return summary


# --- many files -----------------------------------------------------------------------------

# The files of a folder that are diaries: the text files apps export, and the ZIP an
# export is downloaded as (its one diary read by screener.zipped, as `report` reads it).
DIARY_SUFFIXES = (".csv", ".tsv", ".txt", ".zip")


@dataclass
class FileRead:
    """What one file of a batch of many became: its people and accounts, or why it
    could not be read (ERROR; its people are then not screened)."""

    path: str
    kind: str | None = None  # the format it was read as
    people: list[str] = field(default_factory=list)
    data_lines: int = 0
    rows_used: int = 0
    rejected: Sequence[RejectedRow] = field(default_factory=list)
    skipped: int = 0  # lines that are no entries (empty days, deleted entries)
    error: str | None = None
    left_out: str | None = None  # why a file was not read, by design (not an error)


# An ASA24 study's analysis files, by the end of their names (`…_Totals.csv`): the
# Totals file is read; the others hold the same recalls (Items: by food) or supplements.
# What each file holds (NCI, "ASA24 Sample Analysis Files and Data Dictionaries",
# riskfactor.cancer.gov/asa24/researcher/sample.html): INS by supplement (supplement
# codes, gram weights, nutrients), TS by respondent and day (supplements' nutrient
# totals), TNS by respondent and day (foods, beverages and supplements combined). Their
# column headers are not read here: no published TS or INS header was found to check a
# reader against (issue 26), so these files are left out and said so, not guessed at.
ASA24_READ = "totals"
ASA24_OTHERS = {
    "items": "the foods of the same recalls as {totals}, which is read",
    "tns": "food and supplements together, the Totals file has the food",
    "ts": "supplements (ASA24 TS), which batch does not read",
    "ins": "supplements (ASA24 INS), which batch does not read",
    "resp": "the recall's answers, not nutrients",
    "responses": "the recall's answers, not nutrients",
}


def _asa24_left_out(paths: list[Path]) -> dict[Path, str]:
    """The files of an ASA24 study that batch leaves out, with why: every analysis file
    but Totals where its study's Totals file is given too (Items alone is read)."""

    def parts(path: Path) -> tuple[str, str]:
        prefix, _, role = path.stem.rpartition("_")
        return prefix, role.lower()

    totals = {parts(p)[0]: p for p in paths if parts(p)[1] == ASA24_READ}
    found = {}
    for path in paths:
        prefix, role = parts(path)
        if role in ASA24_OTHERS and (role != "items" or prefix in totals):
            why = ASA24_OTHERS[role].format(totals=totals.get(prefix, "the Totals file"))
            found[path] = f"an ASA24 {role.upper() if role != 'items' else 'Items'} file: {why}"
    return found


class NoFileScreenedError(DataFileError):
    """None of a batch's files could be screened: each one's reason."""

    def __init__(self, files: list[FileRead]) -> None:
        self.files = files
        why = [f.error or f"{f.path}: left out: {f.left_out}" for f in files]
        self.why = why[0] if len(files) == 1 else f"none could be screened (first: {why[0]})"
        super().__init__(files[0].path if len(files) == 1 else f"{len(files)} files", self.why)

    def __str__(self) -> str:
        return self.why if len(self.files) == 1 else super().__str__()


def diary_files(paths: Sequence[Path | str]) -> list[Path]:
    """PATHS with each folder replaced by its diary files (DIARY_SUFFIXES, not hidden,
    in name order). A folder without one is an error naming it."""
    found: list[Path] = []
    for given in map(Path, paths):
        if not given.is_dir():
            found.append(given)
            continue
        inside = sorted(
            p
            for p in given.iterdir()
            if p.suffix.lower() in DIARY_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
        if not inside:
            raise DataFileError(
                given, f"is a folder with no diary file ({', '.join(DIARY_SUFFIXES)}) in it"
            )
        found += inside
    return found


def _screen_read(
    read, people: list[str], profiles: dict[str, Profile], foods: FoodTable, days: tuple
) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[int | None, str, str]], int, list[str]]:
    """Each of PEOPLE of a diary READ (diary.DiaryRead) screened by the report itself
    (scoring.screen) on the DAYS chosen (diary.choose_days), as batch results; the SD
    of each one's daily food totals; their implausible rows (line, person, why); the
    rows outside the days chosen; and the people with no day inside them."""
    from .diary import choose_days
    from .models import report_frame
    from .scoring import daily_totals, screen

    columns = [c for c in CSV_COLUMNS if c not in ("food_intake", "supplement_intake")]
    blocks, spreads, odd, gone = [], [], [], []
    outside = 0
    first, last, last_days = days
    if last_days is not None and last is None and not read.rows.empty:  # as a cohort's:
        last = dt.date.fromisoformat(str(read.rows["date"].max()))  # the file's last day
    for person in people:
        user = person if read.has_users else None
        try:
            mine = choose_days(read, first, last, last_days, user=user)
        except ScreenerError:  # no day of theirs in the days chosen
            gone.append(person)
            continue
        if mine.days_chosen is not None:
            outside += mine.days_chosen.rows_outside
        report = screen(mine, profiles.get(person, Profile()), user, foods)
        frame = report_frame(report).reindex(columns=columns)
        frame.insert(0, "user", person)
        blocks.append(frame)
        rows = mine.rows if user is None else mine.rows[mine.rows["user"] == user]
        spreads.append(daily_totals(rows[rows["source"] == "food"]).std(ddof=1).rename(person))
        for line, flag in rows[["line", "flag"]].itertuples(index=False):
            for why in flag.split("; ") if isinstance(flag, str) else []:
                if why.startswith(IMPLAUSIBLE):
                    odd.append((int(line), person, why))
    if not blocks:
        raise ScreenerError(f"{read.path}: no day logged in the days chosen")
    results = pd.concat(blocks, ignore_index=True)
    return results, pd.DataFrame(spreads), odd, outside, gone


def _is_cohort_log(path: Path) -> bool:
    """Whether PATH is a meal log with user and amount columns: streamed in chunks, as one
    cohort. (Any other file, a meal log of amounts in the food's text too, is read as the
    report reads it.)"""
    from .formats import meal_log
    from .zipped import is_zip

    if path.is_file():
        with open(path, "rb") as stream:
            if is_zip(stream.read(4)):  # a downloaded export: read as the report reads it
                return False
    header, _ = header_of(check_file(path))
    return {"user", "amount"} <= set(header) and meal_log.matches(header)


def screen_files(
    paths: Sequence[Path | str],
    profiles: dict[str, Profile] | None = None,
    foods: FoodTable | None = None,
    strict: bool = False,
    progress: Callable[[int, int], None] | None = None,
    days: tuple[dt.date | None, dt.date | None, int | None] = (None, None, None),
) -> tuple[BatchResult, list[FileRead]]:
    """Screen every person of many diary files (folders: every diary file in them) of
    any format screener reads. A meal log with a user column is streamed as a cohort;
    any other file is read as `screener report` reads it, and each of its people (the
    file's stem, where it has no user column) is screened by the report itself. A file
    that cannot be read is listed with why, and the others are still screened (STRICT:
    it, or any rejected row, raises, so nothing is written). DAYS: as for screen_batch."""
    from .diary import read_diary

    foods = foods or default_foods()
    profiles = profiles or {}
    files: list[FileRead] = []
    parts: list[pd.DataFrame] = []
    spreads: list[pd.DataFrame] = []
    odd: list[tuple[int | None, str, str]] = []
    owner: dict[str, str] = {}  # person -> the file they came from
    rows_outside, people_outside = 0, []
    given = diary_files(paths)
    left_out = _asa24_left_out(given)
    for path in given:
        name = str(path)
        if path in left_out:
            files.append(FileRead(name, left_out=left_out[path]))
            continue
        try:
            if _is_cohort_log(path):
                found = screen_batch(path, profiles, foods, strict, progress=progress, days=days)
                people = list(dict.fromkeys(found.results["user"]))
                read_as = FileRead(
                    name, str(DiaryKind.MEAL_LOG), people, found.data_lines, found.rows_used,
                    found.rejected, found.rows_outside,  # outside the days: left out
                )  # fmt: skip
                results, spread = found.results, found.spread
                implausible = found.implausible
                outside, gone = found.rows_outside, found.people_outside
            else:
                read = read_diary(path, foods, strict)
                people = read.users if read.has_users else [path.stem]
                results, spread, implausible, outside, gone = _screen_read(
                    read, people, profiles, foods, days
                )
                people = [person for person in people if person not in gone]
                read_as = FileRead(
                    name, str(read.kind), people, read.data_lines, len(read.rows) - outside,
                    read.rejected, len(read.skipped) + outside,
                )  # fmt: skip
            twice = [person for person in people if person in owner]
            if twice:
                raise DataFileError(
                    path,
                    f"person {twice[0]!r} is in {owner[twice[0]]} too: keep each person's "
                    "days in one file (or name the files apart)",
                )
        except ScreenerError as error:  # unreadable, no usable rows, a person not scored
            if strict:
                raise
            files.append(FileRead(name, error=str(error)))
            continue
        owner.update(dict.fromkeys(people, name))
        files.append(read_as)
        odd += implausible
        rows_outside += outside
        people_outside += gone
        parts.append(results)
        spreads.append(spread)
    if not parts:
        raise NoFileScreenedError([f for f in files if f.error is not None] or files)
    results = pd.concat(parts, ignore_index=True)
    spread = pd.concat(spreads)
    users = list(dict.fromkeys(results["user"]))
    return (
        BatchResult(
            results=results,
            summary=summarize(results),
            data_lines=sum(f.data_lines for f in files),
            rows_used=sum(f.rows_used for f in files),
            default_profile_users=[u for u in users if u not in profiles],
            implausible=odd,
            rows_outside=rows_outside,
            people_outside=sorted(people_outside),
            prevalence=group_prevalence(results, spread, profiles),
        ),
        files,
    )


def rejected_frame(files: list[FileRead]) -> pd.DataFrame:
    """Every rejected row of every file: file, line, reason, column, value, message."""
    columns = ["file", "line", "reason", "column", "value", "message"]
    frames = []
    for f in files:
        if isinstance(f.rejected, RejectedRows):
            frame = f.rejected.to_frame()
        else:
            frame = pd.DataFrame(
                [r.model_dump(mode="json", include=set(columns)) for r in f.rejected],
                columns=columns[1:],
            )
            frame["column"] = frame["column"].fillna("")
        frame.insert(0, "file", f.path)
        frames.append(frame)
    return (
        pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)
    )
