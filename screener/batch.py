"""Many people at once: a meal log with a `user` column, read in chunks.

Only per-person daily totals are kept in memory, so the file may be far larger than
memory and a person's rows may be spread anywhere in it. Each chunk is parsed column by
column through its distinct values (dates, amounts, names, food and unit pairs), with
the same parsers, matcher and converter as a single diary, then summed per person and
day. Scoring is the single report's own `assess`.

Batch reads the meal-log format only, one record per line (a quoted field may not span
lines), so that every rejected row keeps its line number.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .csvfile import check_file, read_text
from .diary import SUPPLEMENT_PREFIX, hint, parse_date
from .errors import DataFileError
from .foods import FoodTable, default_foods, normalize_food_id, resolve_names
from .models import (
    DISCLAIMER,
    MatchKind,
    Profile,
    ReferenceIntakes,
    RejectedRow,
    RejectReason,
    Status,
)
from .nutrients import NUTRIENTS, VALUE_COLUMNS
from .references import reference_intakes
from .report import CSV_COLUMNS
from .scoring import assess
from .units import AmountError, Measures, UnitError, parse_amount

CHUNK_ROWS = 200_000
SUMMED = [info.column for info in NUTRIENTS.values()] + ["energy_kcal", "caffeine_mg"]
LIFE_STAGE_WORDS = {
    "pregnant": "pregnant", "pregnancy": "pregnant",
    "lactating": "lactating", "lactation": "lactating",
}  # fmt: skip


@dataclass
class BatchResult:
    results: pd.DataFrame  # one row per person and nutrient: `user` + the report's CSV
    summary: pd.DataFrame  # per nutrient: people flagged, of how many, share
    rejected: list[RejectedRow] = field(default_factory=list)
    data_lines: int = 0
    rows_used: int = 0
    default_profile_users: list[str] = field(default_factory=list)


def read_profiles(path: Path | str) -> dict[str, Profile]:
    """PROFILES: CSV of user, sex, age, life_stage. A bad row is an error naming it."""
    import pydantic

    from .csvfile import records

    text, _ = read_text(path)
    header, data = records(text)
    missing = [column for column in ("user", "sex", "age") if column not in header]
    if missing:
        raise DataFileError(path, "missing column(s): " + ", ".join(missing), line=1)
    profiles: dict[str, Profile] = {}
    for line, fields in data:
        row = dict(zip(header, [f.strip() for f in fields], strict=False))
        stage = LIFE_STAGE_WORDS.get(row.get("life_stage", "").lower(), "none")
        try:
            profiles[row["user"]] = Profile(
                sex=row.get("sex") or None, age=row.get("age") or None, life_stage=stage
            )
        except pydantic.ValidationError as error:
            problem = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in error.errors())
            raise DataFileError(path, problem, line=line) from error
    return profiles


class _Accumulator:
    """Per person: daily sums of each value, and grams with a known value."""

    def __init__(self) -> None:
        self.daily: list[pd.DataFrame] = []
        self.grams: list[pd.DataFrame] = []

    def add(self, rows: pd.DataFrame) -> None:
        self.daily.append(rows.groupby(["user", "date"], sort=False)[SUMMED].sum())
        weights = pd.DataFrame(
            {"user": rows["user"], "grams": rows["grams"]}
            | {c: rows["grams"].where(rows[c].notna(), 0.0) for c in SUMMED[:8]}
        )
        self.grams.append(weights.groupby("user", sort=False).sum())

    def totals(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        daily = pd.concat(self.daily).groupby(level=[0, 1], sort=True).sum()
        grams = pd.concat(self.grams).groupby(level=0, sort=True).sum()
        return daily, grams


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
        self.per_100g = foods.foods[VALUE_COLUMNS].to_numpy()
        self.row_of = {food_id: row for row, food_id in enumerate(foods.foods["food_id"])}

    def parse(self, chunk: pd.DataFrame, first_index: int) -> tuple[pd.DataFrame, list]:
        """(used rows with user, date, grams and value columns; [(index, reason, column,
        value, message)] for the rest)."""
        rejected: list[tuple[int, RejectReason, str, str, str]] = []
        chunk = chunk.reset_index(drop=True)
        n = len(chunk)
        index = np.arange(first_index, first_index + n)
        # Cells stay as read; values are trimmed once per distinct value, not per row.
        cell = {
            c: _trimmed(chunk[c]) if c in chunk else pd.Series([""] * n, dtype=object)
            for c in ("date", "user", "food", "food_id", "amount", "unit")
        }
        ok = np.ones(n, dtype=bool)
        blank = np.logical_and.reduce([(chunk[c] == "").to_numpy() for c in chunk.columns])
        ok &= ~blank  # blank lines are not rows

        def reject(mask: np.ndarray, reason: RejectReason, column: str, messages) -> None:
            nonlocal ok
            hit = mask & ok
            for i in np.flatnonzero(hit):
                value = cell[column].iat[i] if column in cell else ""
                message = messages(i) if callable(messages) else messages
                rejected.append((int(index[i]), reason, column, value, message))
            ok &= ~hit

        for column in ("date", "user", "amount"):
            reject((cell[column] == "").to_numpy(), RejectReason.MISSING_VALUE, column,
                   f"no {column}")  # fmt: skip
        reject(((cell["food"] == "") & (cell["food_id"] == "")).to_numpy(),
               RejectReason.MISSING_VALUE, "food", "no food or food_id")  # fmt: skip
        supplement = cell["food"].str.lower().str.startswith(SUPPLEMENT_PREFIX).to_numpy()
        reject(supplement, RejectReason.UNKNOWN_FOOD, "food",
               "supplement rows are not read by batch; use screener report")  # fmt: skip

        # Each step works on the distinct values of the chunk, then spreads the answer
        # back to the rows by their codes (pandas.factorize): a million rows cost a few
        # thousand parser calls.
        dates = _per_distinct(cell["date"], self._date)
        bad = np.array([isinstance(d, Exception) for d in dates.uniques], dtype=bool)
        reject(bad[dates.codes], RejectReason.BAD_DATE, "date",
               lambda i: str(dates.uniques[dates.codes[i]]))  # fmt: skip

        pairs = cell["amount"] + "\x1f" + cell["unit"]
        amounts = _per_distinct(pairs, lambda p: self._amount(*p.split("\x1f")))
        bad = np.array([isinstance(a, Exception) for a in amounts.uniques], dtype=bool)
        reject(bad[amounts.codes], RejectReason.BAD_AMOUNT, "amount",
               lambda i: str(amounts.uniques[amounts.codes[i]]))  # fmt: skip

        foods = _per_distinct(cell["food_id"] + "\x1f" + cell["food"],
                              lambda p: self._food(*p.split("\x1f")))  # fmt: skip
        for i in np.flatnonzero(
            ok & np.array([f[1] is not None for f in foods.uniques])[foods.codes]
        ):
            reason, column, message = foods.uniques[foods.codes[i]][1]
            rejected.append((int(index[i]), reason, column, cell[column].iat[i], message))
            ok[i] = False
        food_ids = np.array([f[0] for f in foods.uniques], dtype=object)[foods.codes]

        units = np.array(
            [a[1] if not isinstance(a, Exception) else "" for a in amounts.uniques], dtype=object
        )[amounts.codes]
        numbers = np.array(
            [a[0] if not isinstance(a, Exception) else np.nan for a in amounts.uniques]
        )[amounts.codes]
        usable = np.where(ok, food_ids, "").astype(object)
        keys = pd.Series(usable, dtype=object) + "\x1f" + pd.Series(units, dtype=object)
        per_unit = _per_distinct(
            keys, lambda k: self._grams(*k.split("\x1f")) if not k.startswith("\x1f") else 0.0
        )
        failed = np.array([isinstance(g, Exception) for g in per_unit.uniques])[per_unit.codes]
        for i in np.flatnonzero(ok & failed):
            column = "unit" if cell["unit"].iat[i] else "amount"
            message = str(per_unit.uniques[per_unit.codes[i]])
            rejected.append((int(index[i]), RejectReason.UNKNOWN_UNIT, column,
                             cell[column].iat[i], message))  # fmt: skip
            ok[i] = False
        factors = np.array(
            [g if not isinstance(g, Exception) else np.nan for g in per_unit.uniques]
        )[per_unit.codes]
        grams = numbers * factors
        used = np.flatnonzero(ok)
        rows = np.array([self.row_of[f] for f in food_ids[used]], dtype=int)
        values = self.per_100g[rows] * grams[used, None] / 100.0
        frame = pd.DataFrame(values, columns=VALUE_COLUMNS)
        frame.insert(0, "user", cell["user"].to_numpy()[used])
        frame.insert(1, "date", np.asarray(dates.uniques, dtype=object)[dates.codes[used]])
        frame.insert(2, "grams", grams[used])
        return frame, rejected

    def _date(self, text: str) -> str | Exception:
        if text not in self.dates:
            try:
                self.dates[text] = parse_date(text).isoformat() if text else ""
            except ValueError as error:
                self.dates[text] = error
        return self.dates[text]

    def _amount(self, amount: str, unit: str) -> tuple[float, str] | Exception:
        key = (amount, unit)
        if key not in self.amounts:
            try:
                number, in_amount = parse_amount(amount)
                self.amounts[key] = (number, in_amount or unit)
            except AmountError as error:
                self.amounts[key] = error
        return self.amounts[key]

    def _food(self, food_id: str, food: str):
        if food_id or self.foods.has(food):
            key = normalize_food_id(food_id or food)
            if key is None or key not in self.row_of:
                return None, (RejectReason.UNKNOWN_FOOD, "food_id" if food_id else "food",
                              f"food_id {food_id or food!r} is not in the food table")  # fmt: skip
            return key, None
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
        if self.strict and resolution.match is MatchKind.FUZZY:  # type: ignore[attr-defined]
            return None, (RejectReason.FUZZY_MATCH, "food",
                          f'food "{food}" only matched fuzzily')  # fmt: skip
        return resolution.food_id, None  # type: ignore[attr-defined]

    def _grams(self, food_id: str, unit: str) -> float | Exception:
        key = (food_id, unit)
        if key not in self.grams_per:
            if food_id not in self.measures:
                name = self.foods.foods.at[food_id, "name"]
                self.measures[food_id] = Measures.of(name, self.foods.measure_list(food_id))
            try:
                self.grams_per[key] = self.measures[food_id].to_grams(1.0, unit)
            except UnitError as error:
                self.grams_per[key] = error
        return self.grams_per[key]

    def resolve_all(self, names: list[str]) -> None:
        """Match many distinct names in one batch call (faster than one by one)."""
        todo = [n for n in dict.fromkeys(names) if n and n not in self.names]
        todo = [n for n in todo if not self.foods.has(n)]
        if todo:
            self.names.update(resolve_names(todo, self.foods))


def screen_batch(
    diary: Path | str,
    profiles: dict[str, Profile] | None = None,
    foods: FoodTable | None = None,
    strict: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    progress: Callable[[int, int], None] | None = None,
) -> BatchResult:
    """Screen every person of DIARY (a meal log with a user column) for their profile;
    a person without one gets the default profile. PROGRESS(done, total) is called with
    bytes read after each chunk."""
    foods = foods or default_foods()
    profiles = profiles or {}
    path = Path(diary)
    head = check_file(path)  # as a single diary is checked, without reading it all
    header_line = head.decode("utf-8", errors="replace").split("\n", 1)[0]
    header = [name.strip().lower() for name in header_line.lstrip("\ufeff").split(",")]
    if "user" not in header or "date" not in header or "amount" not in header:
        raise DataFileError(
            path, "batch needs a meal log with user, date, food or food_id, amount columns",
            line=1,
        )  # fmt: skip
    parser = _ChunkParser(foods, strict)
    totals = _Accumulator()
    rejected: list[tuple[int, RejectReason, str, str, str]] = []
    skipped: list[int] = []
    rows_seen = 0
    used = 0
    size = path.stat().st_size
    with (
        open(path, encoding="utf-8-sig", errors="replace", newline="") as handle,
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        reader = pd.read_csv(
            handle, dtype=str, keep_default_na=False, chunksize=chunk_rows,
            skip_blank_lines=False, on_bad_lines="warn",
        )  # fmt: skip
        for chunk in reader:
            chunk.columns = [str(c).strip().lower() for c in chunk.columns]
            if "food" in chunk:
                parser.resolve_all(chunk["food"].str.strip().tolist())
            rows, bad = parser.parse(chunk, rows_seen)
            rows_seen += len(chunk)
            rejected += bad
            if not rows.empty:
                totals.add(rows)
                used += len(rows)
            if progress is not None:
                progress(min(handle.tell(), size), size)
        for warning in caught:
            for part in str(warning.message).split("Skipping line ")[1:]:
                skipped.append(int(part.split(":")[0]))
    lines = _line_numbers(rows_seen, skipped)
    rejected_rows = sorted(
        [RejectedRow(line=lines[i], reason=reason, column=column, value=value, message=message)
         for i, reason, column, value, message in rejected]
        + [RejectedRow(line=line, reason=RejectReason.TOO_MANY_FIELDS, column=None, value="",
                       message="more fields than the header has (a comma inside a name? "
                       "quote it)") for line in skipped],
        key=lambda r: r.line,
    )  # fmt: skip
    if strict and rejected_rows:
        from .diary import DiaryRejectedError

        raise DiaryRejectedError(str(path), rejected_rows)
    if used == 0:
        from .diary import NoUsableRowsError

        raise NoUsableRowsError(str(path), rejected_rows)
    daily, grams = totals.totals()
    results, defaults = _score(daily, grams, profiles)
    blank_rows = rows_seen - used - len(rejected)
    return BatchResult(
        results=results,
        summary=summarize(results),
        rejected=rejected_rows,
        data_lines=rows_seen - blank_rows + len(skipped),
        rows_used=used,
        default_profile_users=defaults,
    )


def _trimmed(values: pd.Series) -> pd.Series:
    """VALUES with surrounding spaces removed, trimming each distinct value once."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    stripped = np.array([str(u).strip() for u in uniques], dtype=object)
    return pd.Series(stripped[codes], dtype=object)


@dataclass
class _Distinct:
    uniques: list  # what each distinct value became
    codes: np.ndarray  # for each row, the position of its value in uniques


def _per_distinct(values: pd.Series, convert: Callable) -> _Distinct:
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    return _Distinct([convert(value) for value in uniques], codes)


def _line_numbers(rows: int, skipped: list[int]) -> np.ndarray:
    """Line of each parsed row: from line 2 on, minus the lines pandas skipped."""
    candidates = np.arange(2, rows + len(skipped) + 2)
    return candidates[~np.isin(candidates, skipped)][:rows]


def _score(
    daily: pd.DataFrame, grams: pd.DataFrame, profiles: dict[str, Profile]
) -> tuple[pd.DataFrame, list[str]]:
    """Each person's results by scoring.assess, from their daily totals."""
    rows = []
    defaults = []
    refs_cache: dict[Profile, ReferenceIntakes] = {}
    columns = [c for c in CSV_COLUMNS if c not in ("food_intake", "supplement_intake", "ul_note")]
    means = daily.groupby(level=0, sort=True).mean().to_dict("index")
    days = daily.groupby(level=0, sort=True).size().to_dict()
    # as scoring.known_share: the share of grams whose value is known
    shares = (100.0 * grams[SUMMED[:8]].div(grams["grams"], axis=0)).to_dict("index")
    for user, person_means in means.items():
        profile = profiles.get(str(user))
        if profile is None:
            defaults.append(str(user))
            profile = Profile()
        if profile not in refs_cache:
            refs_cache[profile] = reference_intakes(profile)
        known = shares[user]
        complete = {
            info.column: None if math.isnan(known[info.column]) else known[info.column]
            for info in NUTRIENTS.values()
        }
        results = assess(
            refs_cache[profile], person_means, int(days[user]), complete, None, None, None
        )
        for result in results:
            row = result.model_dump(mode="json", exclude={"contributors", "suggestions"})
            row["disclaimer"] = DISCLAIMER
            row["user"] = str(user)
            rows.append(row)
    return pd.DataFrame(rows, columns=["user", *columns]), defaults


def summarize(results: pd.DataFrame) -> pd.DataFrame:
    """Per nutrient: how many people were flagged, of how many, and the share."""
    grouped = results.groupby("nutrient", sort=False)
    summary = pd.DataFrame(
        {
            "people": grouped["user"].nunique(),
            "flagged": grouped["flagged"].sum().astype(int),
            "low": grouped["status"].apply(lambda s: int((s == Status.LOW.value).sum())),
            "borderline": grouped["status"].apply(
                lambda s: int((s == Status.BORDERLINE.value).sum())
            ),
        }
    ).reset_index()
    summary["flagged_pct"] = (100.0 * summary["flagged"] / summary["people"]).round(1)
    return summary
