"""Many people at once: a cohort's meal log (a `user` column) read in chunks, or a
folder or list of diary files of any format the report reads.

A cohort's log is read by cohort_log.CohortLog (the rows of each chunk, and every other
row rejected with its line); here they are summed per person and day (scoring.sum_by)
and only those totals are kept in memory, so the file may be far larger than memory
and a person's rows may be spread anywhere in it. Each person is scored by
scoring.score_nutrient, the single report's own scoring. A diary file of another format
is screened by the single report itself (scoring.screen), one person at a time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .chunked import header_of
from .cohort_log import CohortLog, RejectedRows, UsedRows, number_keys
from .csvfile import check_file, read_text
from .diary import (
    EARLIEST_DATE,
    FAR_DAYS,
    IMPLAUSIBLE,
    IMPLAUSIBLE_DAY_ROWS,
    DiaryRead,
    ValueSource,
    implausible,
    implausible_day,
)
from .errors import DataFileError, ScreenerError
from .foods import FoodTable, default_foods
from .models import (
    ASSUMED_COUNTS,
    CSV_COLUMNS,
    DISCLAIMER,
    SUPPLEMENT_FIELDS,
    Profile,
    RejectedRow,
    RejectReason,
    Status,
)
from .nutrients import NUTRIENTS, ROW_MOST_GRAMS, Nutrient
from .prevalence import prevalence_table
from .references import reference_intakes
from .rows import DiaryKind
from .scoring import PeopleRows, rows_of, score_nutrient, sum_by, texts

CHUNK_ROWS = 500_000
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
    inverse, distinct = number_keys(person * dates + date, people * dates)
    person, date = np.divmod(distinct, dates)
    # the parts' columns joined as columns (each part's sums are stored a column each)
    values = np.concatenate([v.T for _, v in parts], axis=1).T
    sums = sum_by(inverse, len(distinct), values)
    return person * slots + date, sums


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

    def add(self, rows: UsedRows) -> None:
        (users, user_code), (dates, date_code) = rows.users, rows.dates
        person = self.people.of(users)
        date = self.dates.of(dates)
        if len(np.unique(date)) < len(date):  # one day written two ways: "2026-3-2"
            date, same_day = np.unique(date, return_inverse=True)
            date_code = same_day[date_code]
        slots = len(users) * len(date)
        if slots <= 4 * len(rows) + 1024:  # few enough to number in place: no hashing
            cell = user_code.astype(np.int64) * len(date) + date_code  # (codes: int32)
            present = np.flatnonzero(np.bincount(cell, minlength=slots))
            keys = person[present // len(date)] * self.DATE_SLOTS + date[present % len(date)]
            position = np.zeros(slots, dtype=np.int64)
            position[present] = np.arange(len(present))
            cell = position[cell]
        else:
            cell, keys = pd.factorize(person[user_code] * self.DATE_SLOTS + date[date_code])
        # what each row adds (its grams times what a gram of its food adds), and before
        # the row count what the person-day took on a guess
        guessed = rows.guessed if rows.guessed is not None else np.zeros(len(rows), dtype=int)
        usual = (
            rows.amount_assumed
            if rows.amount_assumed is not None
            else np.zeros(len(rows), dtype=bool)
        )
        counts = np.empty((4, len(rows)))  # a column each, stored as such: (rows, 4) of .T
        counts[0], counts[1], counts[2], counts[3] = guessed == 1, guessed == 2, usual, 1.0
        if rows.joined_extra is not None:  # a name that joins foods is one input row
            counts[3] = ~rows.joined_extra
        # (a column each, stored as such: _sum_by then adds the chunks a column at a time
        # without copying one out)
        sums = np.concatenate([
            sum_by(cell, len(keys), rows.grams, of=(rows.foods, self.per_gram)).T,
            sum_by(cell, len(keys), counts.T).T,
        ]).T  # fmt: skip
        self._merge(np.asarray(keys, dtype=np.int64), sums)

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
        person, who = number_keys(keys // self.DATE_SLOTS, len(people))
        sums = sum_by(person, len(who), daily)
        days = np.bincount(person)
        summed = len(SUMMED)
        index = people[who]
        means = sums[:, :summed] / days[:, None]
        eaten = pd.DataFrame(sums[:, summed:-4], index=index, columns=["grams", *NUTRIENT_COLUMNS])
        guessed = pd.DataFrame(
            sums[:, -4:-1], index=index, columns=["assumed", "fuzzy", "amount_assumed"]
        )
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
        # what the batch made and keeps goes to the oldest generation (as at import, see
        # screener/__init__.py), or the collector's first walk once on would go over all
        # of it: some 40 ms
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
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
    profiles = profiles or {}
    path = Path(diary)
    # the table loaded once the reading process has begun: it reads the first chunk meanwhile
    log = CohortLog(path, foods or default_foods, strict, chunk_rows, progress, read_ahead)
    totals: _Accumulator | None = None
    for rows in log:
        totals = totals or _Accumulator(added_per_gram(log.parser.foods))
        totals.add(rows)
    if strict and log.rejected:
        from .diary import DiaryRejectedError

        raise DiaryRejectedError(str(path), log.rejected)
    if log.used == 0:
        from .diary import NoUsableRowsError

        raise NoUsableRowsError(str(path), log.rejected)
    assert totals is not None  # rows were used
    odd = log.implausible + totals.far_days(log.today) + totals.odd_days()
    outside, people_outside = (
        totals.choose(*days, str(path)) if any(d is not None for d in days) else (0, [])
    )
    means, logged, grams = totals.totals()
    results, defaults = _score(means, logged, grams, profiles, totals.spread, totals.guessed)
    return BatchResult(
        results=results,
        summary=summarize(results),
        prevalence=group_prevalence(results, totals.spread, profiles),
        spread=totals.spread,
        rejected=log.rejected,
        data_lines=log.data_lines,
        rows_used=log.used - outside,
        default_profile_users=defaults,
        implausible=odd,
        rows_outside=outside,
        people_outside=people_outside,
    )


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
        else np.zeros((len(users), 3), dtype=np.int64)
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
                "amounts_assumed": guessed_of[who, 2],
                "foods_assumed": guessed_of[who, 0],
                "fuzzy_matched": guessed_of[who, 1],
                "disclaimer": DISCLAIMER,
            }  # fmt: skip
            blocks.append(block)
    columns = result_columns(supplements=False)  # a cohort's log: no supplements read
    return _table(blocks, ["user", *columns]), defaults


# Files of this many rows in all are scored together (score_people), then the next: the
# rows held in memory stay about this many (a folder of 100 year-long exports: 4 parts).
SCORED_TOGETHER = 100_000


def _score_reads(
    reads: list[PeopleRows], profiles: dict[str, Profile], columns: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The people of READS (each of scoring.rows_of) scored together (score_people):
    their results table of COLUMNS, people in order, each one's nutrients in report
    order; and per person the SD of their daily food totals."""
    from .scoring import DAY_COLUMNS, joined_rows, score_people

    rows = joined_rows(reads)
    default = Profile()
    scored = score_people(rows, [profiles.get(name, default) for name in rows.names])
    users = np.array(rows.names, dtype=object)
    for block in scored.blocks:
        block["user"] = users[block["position"]]
        block["disclaimer"] = DISCLAIMER
    spread = pd.DataFrame(scored.spread, index=pd.Index(users), columns=DAY_COLUMNS)
    return _table(scored.blocks, columns), spread


def _table(blocks: list[dict[str, object]], columns: list[str]) -> pd.DataFrame:
    """BLOCKS (each: its people's POSITION, its nutrient's ORDER, and COLUMNS, an array
    or one value for all its people) as one table: people in order, each person's
    nutrients in report order."""
    # One array per column for all blocks, then one table. A value a block gives all its
    # people is taken once per row from the blocks' values, not spread block by block.
    sizes = [len(b["position"]) for b in blocks]
    position = np.concatenate([b["position"] for b in blocks])
    order = np.lexsort((np.repeat([b["order"] for b in blocks], sizes), position))
    block_of_row = np.repeat(np.arange(len(blocks)), sizes)[order]
    merged = {}
    for name in columns:
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
    return pd.DataFrame(table, copy=False)


def result_columns(supplements: bool) -> list[str]:
    """The columns of batch's results after `user`: the single report's CSV columns,
    with its counts of assumed rows always (before the disclaimer, as in the report),
    and food_intake and supplement_intake where SUPPLEMENTS of someone were read."""
    columns = [c for c in CSV_COLUMNS if supplements or c not in SUPPLEMENT_FIELDS]
    columns[-1:-1] = ASSUMED_COUNTS
    return columns


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
    taken = (
        results["supplement_intake"].to_numpy(dtype=float)
        if "supplement_intake" in results
        else None
    )
    key = group * len(nutrients) + nutrient
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    reference = {refs[p].group: refs[p] for p in distinct}
    parts = []
    for k, rows in zip(keys.tolist(), np.split(order, starts[1:]), strict=True):
        name = names[k // len(nutrients)]
        which = Nutrient(nutrients[k % len(nutrients)])
        supplements = None if taken is None else taken[rows]
        ref = reference[name].get(which)
        parts.append((name, which, ref, mean[rows], days[rows], sd[rows], supplements))
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


# An ASA24 study's analysis files, by the end of their names: ASA24 names a download
# `<study>_<number>_<file>.csv` (`MCTs_23890_Totals.csv`, `MCTs_23892_TS.csv`: each file
# its own number), so a study is the name without the number and the file's role. What
# each file holds (NCI, "ASA24 Sample Analysis Files and Data Dictionaries",
# riskfactor.cancer.gov/asa24/researcher/sample.html): Totals by respondent and day
# (food), Items by food, INS by supplement, TS by respondent and day (supplements'
# totals), TNS by respondent and day (food and supplements combined). The food is read
# from Totals (or Items, where the study has no Totals), and the supplements from TS (or
# INS) are added to the same people's recalls (formats.asa24 reads both).
ASA24_NAME = re.compile(r"^(?P<study>.+?)(?:_\d+)?_(?P<role>[A-Za-z]+)$")
ASA24_FOOD = ("totals", "items")  # the first the study has is read
ASA24_SUPPLEMENTS = ("ts", "ins")  # the first the study has is added to it
ASA24_OTHERS = {
    "tns": "food and supplements summed together, which cannot be told apart; the "
    "Totals file has the food and the TS file the supplements",
    "resp": "the recall's answers, not nutrients",
    "responses": "the recall's answers, not nutrients",
}
ASA24_ROLES = (*ASA24_FOOD, *ASA24_SUPPLEMENTS, *ASA24_OTHERS)


def _asa24_role(path: Path) -> tuple[str, str] | None:
    """(study, role) of a file named as ASA24 names its analysis files, or None."""
    found = ASA24_NAME.match(path.stem)
    if found is None or found["role"].lower() not in ASA24_ROLES:
        return None
    return found["study"].lower(), found["role"].lower()


def _asa24_studies(paths: list[Path]) -> tuple[dict[Path, str], dict[Path, Path]]:
    """(the files of an ASA24 study that batch leaves out, with why; each food file's
    supplements file, read with it): the study's first food file of ASA24_FOOD is read,
    its first supplements file of ASA24_SUPPLEMENTS added to it, the rest left out."""
    studies: dict[str, dict[str, Path]] = {}
    for path in paths:
        found = _asa24_role(path)
        if found is not None:
            studies.setdefault(found[0], {}).setdefault(found[1], path)
    left_out: dict[Path, str] = {}
    paired: dict[Path, Path] = {}
    for path in paths:
        found = _asa24_role(path)
        if found is None:
            continue
        study, role = found
        files = studies[study]
        food = next((files[r] for r in ASA24_FOOD if r in files), None)
        supplements = next((files[r] for r in ASA24_SUPPLEMENTS if r in files), None)
        name = "Items" if role == "items" else role.upper()
        if role in ASA24_OTHERS:
            why = ASA24_OTHERS[role]
        elif role in ASA24_FOOD and path != food:
            why = f"the foods of the same recalls as {food}, which is read"
        elif role in ASA24_SUPPLEMENTS and path != supplements:
            why = f"the same supplements as {supplements}, which is read"
        elif role in ASA24_SUPPLEMENTS and food is None:
            why = "supplements, with no Totals or Items file of the same study to add them to"
        else:
            if role in ASA24_SUPPLEMENTS and food is not None:
                paired[food] = path
            continue
        left_out[path] = f"an ASA24 {name} file: {why}"
    return left_out, paired


def _with_supplements(food: DiaryRead, supplements: DiaryRead) -> tuple[DiaryRead, DiaryRead]:
    """FOOD (an ASA24 Totals or Items file read) with the supplement rows of the same
    people added (SUPPLEMENTS: its TS or INS file read); and SUPPLEMENTS with the rows
    of anyone FOOD has no recall of rejected (their supplements have no food to go with)."""
    people = set(food.users)
    rows = supplements.rows
    mine = rows["user"].isin(people).to_numpy()
    stray = [
        RejectedRow(
            line=int(row.line), reason=RejectReason.NO_FOOD_RECALL, column="username",
            value=str(row.user), user=str(row.user),
            message=f"{row.user!r} has no recall in {food.path}: supplements without food",
        )
        for row in rows[~mine].itertuples()
    ]  # fmt: skip
    rows_together = pd.concat([food.rows, rows[mine]], ignore_index=True)
    logged = None
    if food.logged is not None and supplements.logged is not None:
        logged = pd.concat(
            [food.logged, supplements.logged.loc[rows.index[mine]]], ignore_index=True
        )
    together = replace(food, rows=rows_together, logged=logged)
    kept = replace(
        supplements,
        rows=rows[mine],
        rejected=sorted([*supplements.rejected, *stray], key=lambda r: r.line),
        logged=None if supplements.logged is None else supplements.logged.loc[rows.index[mine]],
    )
    return together, kept


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


def _pieces(
    read: DiaryRead, people: list[str], days: tuple, supplements_recorded: bool
) -> tuple[list[tuple[DiaryRead, list[str], bool]], int, list[str]]:
    """PEOPLE of a diary READ on the DAYS chosen (diary.choose_days), as reads for
    scoring.rows_of (each with its people and SUPPLEMENTS_RECORDED); the rows
    outside the days chosen; the people with no day inside them. A ScreenerError where
    a person has no food row (scoring.no_food_rows), as their report's."""
    from .diary import choose_days
    from .scoring import no_food_rows

    first, last, last_days = days
    pieces, gone, outside = [], [], 0
    if first is None and last is None and last_days is None:
        pieces.append((read, people, supplements_recorded))
    else:
        if last_days is not None and last is None and not read.rows.empty:  # as a cohort's:
            last = dt.date.fromisoformat(str(read.rows["date"].max()))  # the file's last day
        for person in people:
            try:
                mine = choose_days(read, first, last, last_days, person if read.has_users else None)
            except ScreenerError:  # no day of theirs in the days chosen
                gone.append(person)
                continue
            if mine.days_chosen is not None:
                outside += mine.days_chosen.rows_outside
            pieces.append((mine, [person], supplements_recorded))
        if not pieces:
            raise ScreenerError(f"{read.path}: no day logged in the days chosen")
    for piece, mine, _ in pieces:
        food = piece.column("source") == "food"
        if piece.has_users:
            fed = set(piece.column("user")[food].tolist())
            if any(person not in fed for person in mine):
                raise no_food_rows(piece)
        elif not food.any():
            raise no_food_rows(piece)
    return pieces, outside, gone


def _implausible_of(pieces: list[tuple[DiaryRead, list[str], bool]]) -> list[tuple[int, str, str]]:
    """(line, person, why) of each implausible row of PIECES' people (diary.implausible),
    person by person, in line order."""
    odd = []
    for read, people, _ in pieces:
        flags = read.column("flag")
        flagged = pd.notna(flags)
        if not flagged.any():
            continue
        lines = read.column("line")[flagged].tolist()
        texts = flags[flagged].tolist()
        users = read.column("user")[flagged].tolist() if read.has_users else [None] * len(lines)
        for person in people:
            for line, flag, user in zip(lines, texts, users, strict=True):
                if (user is None or user == person) and isinstance(flag, str):
                    odd += [(int(line), person, why) for why in flag.split("; ")
                            if why.startswith(IMPLAUSIBLE)]  # fmt: skip
    return odd


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
    with _no_cycle_collection():  # (each file's rows and rejections: many small objects)
        return _screen_files(paths, profiles, foods, strict, progress, days)


def _screen_files(
    paths: Sequence[Path | str],
    profiles: dict[str, Profile] | None,
    foods: FoodTable | None,
    strict: bool,
    progress: Callable[[int, int], None] | None,
    days: tuple[dt.date | None, dt.date | None, int | None],
) -> tuple[BatchResult, list[FileRead]]:
    from .diary import read_diary

    foods = foods or default_foods()
    profiles = profiles or {}
    files: list[FileRead] = []
    parts: list[pd.DataFrame] = []  # results: of a cohort, or of files scored together
    spreads: list[pd.DataFrame] = []
    pending: list[PeopleRows] = []  # the rows of the files to score together next

    def score_pending() -> None:
        """The files read since the last scored together (score_people), as one part."""
        if pending:
            # (the supplements' columns too: left out at the end where no file had any)
            table, spread = _score_reads(pending, profiles, ["user", *result_columns(True)])
            parts.append(table)
            spreads.append(spread)
            pending.clear()

    supplements = False  # some file screened with supplements
    odd: list[tuple[int | None, str, str]] = []
    owner: dict[str, str] = {}  # person -> the file they came from
    rows_outside, people_outside = 0, []
    given = diary_files(paths)
    left_out, paired = _asa24_studies(given)
    added = set(paired.values())  # read with their study's food file
    for path in given:
        name = str(path)
        if path in left_out:
            files.append(FileRead(name, left_out=left_out[path]))
            continue
        if path in added:
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
                implausible, pieces = found.implausible, []
                score_pending()  # (the files before it first: parts in file order)
                with_supplements = bool(SUPPLEMENT_FIELDS & set(results.columns))
                outside, gone = found.rows_outside, found.people_outside
            else:
                read = read_diary(path, foods, strict, columnar=True)
                added_rows = 0
                if path in paired:
                    alone = len(read.rows)
                    read = _read_supplements(read, paired[path], foods, strict, files)
                    added_rows = len(read.rows) - alone
                people = read.users if read.has_users else [path.stem]
                if path in paired:  # the people of the recalls, not of the supplements
                    people = sorted(set(read.rows.loc[read.rows["source"] == "food", "user"]))
                recorded = added_rows > 0
                # (of all the file's rows, before the days are chosen)
                with_supplements = recorded or bool((read.column("source") == "supplement").any())
                pieces, outside, gone = _pieces(read, people, days, recorded)
                implausible = _implausible_of(pieces)
                results = None
                people = [person for person in people if person not in gone]
                # (supplements: their own; a name that joins foods: one row)
                own_rows = read.rows_used() - added_rows
                read_as = FileRead(
                    name, str(read.kind), people, read.data_lines, own_rows - outside,
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
        if results is not None:
            parts.append(results)
            spreads.append(spread)
        pending.extend(rows_of(*piece) for piece in pieces)  # (the rest of the read let go)
        if sum(len(rows.person) for rows in pending) >= SCORED_TOGETHER:
            score_pending()
        supplements |= with_supplements
    score_pending()
    if not parts:
        raise NoFileScreenedError([f for f in files if f.error is not None] or files)
    columns = ["user", *result_columns(supplements)]
    results = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    results = results.reindex(columns=columns)
    spread = spreads[0] if len(spreads) == 1 else pd.concat(spreads)
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


def _read_supplements(
    food: DiaryRead, path: Path, foods: FoodTable, strict: bool, files: list[FileRead]
) -> DiaryRead:
    """FOOD with the supplements of its study's TS or INS file at PATH added (the file's
    account appended to FILES); FOOD alone where that file cannot be read (STRICT: an
    error)."""
    from .diary import read_diary

    try:
        supplements = read_diary(path, foods, strict)
        if supplements.kind is not DiaryKind.ASA24_SUPPLEMENTS:
            raise DataFileError(
                path, f"named as ASA24 supplements, but read as a {supplements.kind}"
            )
    except ScreenerError as error:
        if strict:
            raise
        files.append(FileRead(str(path), error=str(error)))
        return food
    together, kept = _with_supplements(food, supplements)
    if strict and len(kept.rejected):
        from .diary import DiaryRejectedError

        raise DiaryRejectedError(str(path), kept.rejected)
    files.append(
        FileRead(
            str(path), str(kept.kind), kept.users, kept.data_lines, kept.rows_used(),
            kept.rejected, len(kept.skipped),
        )
    )  # fmt: skip
    return together


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
