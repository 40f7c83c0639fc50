"""The method (docs/method.md): daily totals, mean intake, coverage, status, confidence.

Every threshold the statuses use is defined here, once.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd

from .diary import (
    IMPLAUSIBLE,
    DiaryRead,
    ValueSource,
    assumed_rows,
    joined_extra,
    read_diary,
    source_names,
    value_sources,
)
from .errors import ScreenerError
from .foods import FoodTable, default_foods, normalize_food_id
from .models import (
    Contributor,
    DayNote,
    DaysChosen,
    FlaggedRow,
    MatchKind,
    NutrientResult,
    Profile,
    ReferenceIntake,
    ReferenceIntakes,
    Report,
    Status,
    Suggestion,
    TrendRow,
    UlStatus,
)
from .nutrients import NUTRIENTS, TABLE_CREDITS, TABLE_TITLES, Nutrient
from .reference_systems import reference_values
from .references import EFSA, NASEM, UL_RISKS, water_ai
from .rows import DiaryKind
from .supplements import SupplementsRead, read_supplements
from .units import Measures

# A logged day under this many kcal probably misses meals; the report says so.
INCOMPLETE_DAY_KCAL = 800.0

# Nutrients with only an AI (potassium, sodium): below this share of the AI the status
# is `low`, from there up to the AI `borderline`. 1/1.2 (83 %) mirrors where the EAR
# sits below the RDA for a nutrient with a 10 % CV (RDA = 1.2 x EAR), so the band
# below the target is as wide for AI nutrients as for the others. Below the AI the
# wording is always "below the Adequate Intake", never "deficient".
AI_LOW_FRACTION = 1 / 1.2

# IOM 2000 (p. 46, app. B): daily intakes of these are too skewed for the normal
# approximation, so no probability is printed for them.
SKEWED_INTAKES = {Nutrient.VITAMIN_B12, Nutrient.VITAMIN_D}

# Above this probability "reasonably sure" (method.md 4: Phi(1), the IOM's "about 85 %"),
# below its complement reasonably sure of the opposite, between uncertain.
REASONABLY_SURE = NormalDist().cdf(1.0)

CONTRIBUTORS_SHOWN = 3
SUGGESTIONS_SHOWN = 3

NO_SUPPLEMENTS_NOTE = "Supplements were not included: this is food only."
SUPPLEMENTS_NOTE = (
    "Supplements are included: coverage, status and confidence are judged on food plus "
    "supplements. Amounts are of the element or vitamin itself."
)


def sum_by(
    codes: np.ndarray,
    size: int,
    values: np.ndarray,
    of: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """The engine's one way of adding rows up: row i of VALUES (rows x columns) added
    into row CODES[i] of a SIZE-row table (of days, of a person's days, of people). A
    value NaN (unknown) adds nothing: a sum is of the values known. OF = (ITEMS, TABLE):
    VALUES is each row's amount of an item (grams of a food), and the row's values are
    that amount times the item's row of TABLE (what a gram adds).

    One weighted count per column (numpy's bincount: one pass in row order, no sort, no
    hash); with OF, each column's weights are the amounts times that column of TABLE,
    made a column at a time, so no rows-by-columns product is ever held."""
    values = np.asarray(values, dtype=float)
    codes = np.asarray(codes, dtype=np.intp)
    if of is not None:
        items, table = of
        values = _known(values)  # an unknown amount adds nothing either
        by_column = np.ascontiguousarray(_known(np.asarray(table, dtype=float)).T)
        sums = np.empty((by_column.shape[0], size))
        for column, per_item in enumerate(by_column):
            sums[column] = np.bincount(codes, weights=values * per_item[items], minlength=size)
        return sums.T
    values = values[:, None] if values.ndim == 1 else values
    # each column's weights in a run (bincount copies a strided column): copied once,
    # unless they are stored so already (the batch keeps its sums a column each)
    by_column = values.T
    if not by_column.flags.c_contiguous:
        by_column = by_column.copy()
    by_column = _known(by_column)  # (a copy, only where a value is unknown)
    sums = np.empty((values.shape[1], size))
    for column, weights in enumerate(by_column):
        sums[column] = np.bincount(codes, weights=weights, minlength=size)
    return sums.T


def _known(values: np.ndarray) -> np.ndarray:
    """VALUES with each NaN (unknown) as 0, copied only where there is one: as
    np.nan_to_num makes it (which also bounds an infinity), in one pass where none is."""
    unknown = np.isnan(values)
    if not unknown.any():
        return values
    if np.isinf(values).any():
        return np.nan_to_num(values)
    known = values.copy()
    known[unknown] = 0.0
    return known


# The values daily_totals adds up per day: each nutrient, energy, caffeine and water.
DAY_COLUMNS = [
    *(info.column for info in NUTRIENTS.values()),
    "energy_kcal",
    "caffeine_mg",
    "water_g",
]


def daily_totals(rows: pd.DataFrame, day_values: bool = False) -> pd.DataFrame:
    """Per logged date, the sum of each known value (unknown values left out): sum_by,
    the one summing the batch does per person and day too.

    Only dates with at least one row appear: a date without rows inside the span is
    missing, never a day of zero intake. DAY_VALUES: the rows are an export's totals
    (a daily summary), so a date none of whose rows knows a value has it unknown (NaN,
    left out of that value's mean), never 0; a food diary's day sums the foods known.
    """
    columns = DAY_COLUMNS
    codes, dates = pd.factorize(rows["date"].to_numpy(dtype=object), sort=True)
    values = rows[columns].to_numpy(dtype=float)
    sums = sum_by(codes, len(dates), values)
    if day_values:  # a date none of whose rows knows a value has it unknown
        known = sum_by(codes, len(dates), ~np.isnan(values))
        sums[known == 0] = np.nan
    return pd.DataFrame(sums, index=pd.Index(dates, name="date"), columns=columns)


def known_days_share(totals: pd.DataFrame, column: str) -> float | None:
    """% of the logged days of TOTALS (daily_totals of an export's totals) whose COLUMN
    is known."""
    if totals.empty:
        return None
    return float(100.0 * totals[column].notna().mean())


def known_share(rows: pd.DataFrame, column: str) -> float | None:
    """% of logged food (by grams, or by rows where some have no grams) whose value of
    COLUMN is known."""
    return known_shares(rows, [column])[column]


def known_shares(rows: pd.DataFrame, columns: list[str]) -> dict[str, float | None]:
    """known_share of each of COLUMNS (the rows' grams looked at once)."""
    if rows.empty:
        return dict.fromkeys(columns)
    grams = rows["grams"].to_numpy(dtype=float)
    total = grams.sum()
    by_grams = not np.isnan(grams).any() and total > 0
    shares: dict[str, float | None] = {}
    for column in columns:
        known = ~np.isnan(rows[column].to_numpy(dtype=float))
        shares[column] = float(
            100.0 * grams[known].sum() / total if by_grams else 100.0 * known.mean()
        )
    return shares


def classify_many(means: np.ndarray, ref: ReferenceIntake) -> np.ndarray:
    """The status (a Status value) of each mean daily intake against REF: the one
    definition of the thresholds, for one person or ten thousand."""
    means = np.asarray(means, dtype=float)
    if ref.ear is not None and ref.rda is not None:
        conditions = [means < ref.ear, means < ref.rda]
        choices = [Status.LOW.value, Status.BORDERLINE.value]
    elif ref.ai is not None:
        conditions = [means < AI_LOW_FRACTION * ref.ai, means < ref.ai]
        choices = [Status.LOW.value, Status.BORDERLINE.value]
    else:
        raise ValueError(f"{ref.nutrient}: no EAR/RDA and no AI")
    if ref.cdrr is not None:
        conditions.insert(0, means > ref.cdrr)
        choices.insert(0, Status.HIGH.value)
    return texts(conditions, choices, default=Status.ADEQUATE.value)


def texts(conditions: list[np.ndarray], choices: list, default: object) -> np.ndarray:
    """np.select of texts, as an object array whose cells share the CHOICES' strings
    (np.select makes fixed-width numpy text, and a string object per cell from it)."""
    if all(np.shape(condition) == (1,) for condition in conditions):  # one person: at
        picked = next((at for at, c in enumerate(conditions, 1) if c[0]), 0)  # Python speed
        one = np.empty(1, dtype=object)
        one[0] = [default, *choices][picked]
        return one
    picked = np.select(conditions, list(range(1, len(choices) + 1)), default=0)
    return np.array([default, *choices], dtype=object)[picked]


def classify(mean: float, ref: ReferenceIntake) -> Status:
    """The status of a mean daily intake against the person's reference values."""
    return Status(classify_many(np.array([mean]), ref)[0])


# Little dietary coverage (low or borderline), or sodium above its CDRR.
FLAGGED = (Status.LOW, Status.BORDERLINE, Status.HIGH)


POOLED = "pooled"  # the group's within-person SD, from the national survey tables
OWN_DAYS = "own days"  # the diary's own: the sample SD of its daily totals
# The diary's own SD needs this many logged days at least (method.md, section 2).
MIN_OWN_DAYS = 3
# A UL or CDRR is "near" from this share of it: its confidence is given from there.
LIMIT_NEAR = 0.8


@dataclass
class Confidence:
    """The method's answer for each of several people (arrays of one length)."""

    probability: np.ndarray  # NaN where not computed
    words: np.ndarray  # the wording, or "not computed"
    note: np.ndarray  # why not computed (None where computed)
    basis: np.ndarray  # POOLED, OWN_DAYS, or None: what SD_w rests on
    sd_within: np.ndarray  # the SD_w used (NaN where none)
    limit_probability: np.ndarray  # that usual intake exceeds the UL or CDRR; NaN
    limit_words: np.ndarray  # its wording, or None


def _cdf(z: np.ndarray, days: np.ndarray, own: np.ndarray) -> np.ndarray:
    """Phi(z) where SD_w is pooled; Student's t with n - 1 degrees of freedom where it is
    the diary's own (itself uncertain; method.md, section 4)."""
    z = np.asarray(z, dtype=float)
    probability = np.empty(len(z))
    pooled = ~own
    probability[pooled] = 0.5 * (1.0 + _ERF(z[pooled] / math.sqrt(2.0)).astype(float))
    if own.any():
        probability[own] = student_t_cdfs(z[own], np.asarray(days)[own].astype(int) - 1)
    return probability


# Phi is computed as statistics.NormalDist().cdf computes it, 0.5 (1 + erf(x / sqrt 2)),
# with math.erf called once per value and no NormalDist built each time (±inf give 0
# and 1, NaN stays NaN).
_ERF = np.frompyfunc(math.erf, 1, 1)


def student_t_cdf(value: float, df: int) -> float:
    """The CDF of Student's t with DF (a whole number of) degrees of freedom at VALUE."""
    return float(student_t_cdfs(np.array([value], dtype=float), np.array([df]))[0])


def student_t_cdfs(values: np.ndarray, dfs: np.ndarray) -> np.ndarray:
    """The CDF of Student's t at each of VALUES with the whole number of degrees of
    freedom beside it, by the exact finite series of Abramowitz and Stegun 26.7.3-4 (a
    test holds it to scipy.stats.t, which takes half a second to import, twice a whole
    report), for all the values of one DF at once."""
    values = np.asarray(values, dtype=float)
    result = np.where(values < 0, 0.0, 1.0)  # ±inf; NaN is set below
    result[np.isnan(values)] = np.nan
    finite = np.isfinite(values)
    for df in np.unique(dfs[finite]).tolist():
        at = finite & (dfs == df)
        value = values[at]
        theta = np.arctan(np.abs(value) / math.sqrt(df))
        cos2 = np.cos(theta) ** 2
        if df % 2 == 0:  # A = sin(theta) (1 + 1/2 cos^2 + 1.3/(2.4) cos^4 + ... )
            inside = np.sin(theta) * _series(cos2, 2, df)
        else:  # A = 2/pi (theta + sin cos (1 + 2/3 cos^2 + 2.4/(3.5) cos^4 + ...))
            series = np.zeros_like(value)
            if df > 1:
                series = np.sin(theta) * np.cos(theta) * _series(cos2, 3, df)
            inside = 2 / math.pi * (theta + series)
        result[at] = 0.5 + 0.5 * np.copysign(inside, value)
    return result


# Up to this many values of one DF, the series is summed value by value in Python floats
# (a year of days is a series of 180 terms: 180 numpy calls on one value cost 100 times
# more); the same operations in the same order, so the same sums to the last bit.
SERIES_BY_VALUE = 8


def _series(cos2: np.ndarray, first: int, df: int) -> np.ndarray:
    """1 + the series' terms for k = FIRST, FIRST + 2, ... below DF, each the one before
    times cos^2 (k - 1) / k, added in that order, for each of COS2."""
    if len(cos2) > SERIES_BY_VALUE:
        total, term = np.ones_like(cos2), np.ones_like(cos2)
        for k in range(first, df, 2):
            term = term * cos2 * (k - 1) / k
            total = total + term
        return total
    totals = []
    for c in cos2.tolist():
        total = term = 1.0
        for k in range(first, df, 2):
            term = term * c * (k - 1) / k
            total = total + term
        totals.append(total)
    return np.array(totals, dtype=float)


def _sure(probability: np.ndarray, above: str, below: str, between: str) -> np.ndarray:
    """Wording by the probability: above REASONABLY_SURE, below its complement, between."""
    return texts(
        [probability > REASONABLY_SURE, probability < 1 - REASONABLY_SURE],
        [above, below],
        default=between,
    )


def confidence_many(
    nutrient: Nutrient,
    means: np.ndarray,
    days: np.ndarray,
    ref: ReferenceIntake,
    own_sd: np.ndarray | None = None,
) -> Confidence:
    """The IOM 2000 method (method.md, section 4) for each mean over its number of days,
    with the group's pooled SD_w where one is sourced, else the diary's OWN_SD (its daily
    totals' sample SD) when at least MIN_OWN_DAYS are logged; the probability that usual
    intake is adequate (EAR), at or above the AI, and above a UL or CDRR that is crossed
    or near. Where the method does not apply, NaN and the reason."""
    means = np.asarray(means, dtype=float)
    days = np.asarray(days, dtype=float)
    count = len(means)
    nan = np.full(count, np.nan)
    none = np.full(count, None, dtype=object)

    def not_computed(why: str) -> Confidence:
        return Confidence(nan, np.full(count, "not computed", dtype=object),
                          np.full(count, why, dtype=object), none, nan, nan, none)  # fmt: skip

    if nutrient in SKEWED_INTAKES:
        return not_computed("daily intakes too skewed for the normal approximation (IOM 2000)")
    if ref.sd_within is not None:
        sd = np.full(count, ref.sd_within)
        own = np.zeros(count, dtype=bool)
    else:
        own_sd = nan if own_sd is None else np.asarray(own_sd, dtype=float)
        own = (days >= MIN_OWN_DAYS) & np.isfinite(own_sd)
        sd = np.where(own, own_sd, np.nan)
    known = np.isfinite(sd) & np.isfinite(means)
    basis = texts([known & own, known], [OWN_DAYS, POOLED], default=None)
    why = texts(
        [~known],
        [f"fewer than {MIN_OWN_DAYS} days logged, and no pooled within-person SD for {ref.group}"],
        default=None,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        if ref.ear is not None:
            if ref.sd_requirement is None:
                return not_computed("no SD of requirement")
            z = (means - ref.ear) / np.sqrt(ref.sd_requirement**2 + sd**2 / days)
            probability = _cdf(z, days, own)
            words = _sure(
                probability,
                "reasonably sure intake is adequate",
                "reasonably sure intake is inadequate",
                "uncertain",
            )
        else:
            assert ref.ai is not None
            z = (means - ref.ai) / (sd / np.sqrt(days))
            probability = _cdf(z, days, own)
            words = _sure(
                probability,
                "reasonably sure intake is at or above the AI",
                "cannot conclude adequacy",
                "cannot conclude adequacy",
            )
        limit_probability, limit_words = _limit(ref, means, days, sd, own)
    probability = np.where(known, probability, np.nan)
    words = np.where(known, words, "not computed")
    limit_probability = np.where(known, limit_probability, np.nan)
    limit_words = np.where(known, limit_words, None)
    return Confidence(probability, words, why, basis, sd, limit_probability, limit_words)


def _limit(
    ref: ReferenceIntake, means: np.ndarray, days: np.ndarray, sd: np.ndarray, own: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The probability that usual intake exceeds the CDRR or a UL of the total, where the
    mean crosses it or comes within LIMIT_NEAR of it; NaN elsewhere."""
    limit, name = (ref.cdrr, "CDRR") if ref.cdrr is not None else (ref.ul, "UL")
    if limit is None or (name == "UL" and ref.ul_applies_to != "total"):
        return np.full(len(means), np.nan), np.full(len(means), None, dtype=object)
    z = (means - limit) / (sd / np.sqrt(days))
    near = means >= LIMIT_NEAR * limit
    probability = np.full(len(means), np.nan)
    probability[near] = _cdf(z[near], days[near], own[near])
    words = _sure(
        probability,
        f"reasonably sure usual intake is above the {name}",
        f"reasonably sure usual intake is below the {name}",
        f"uncertain whether usual intake is above the {name}",
    )
    return probability, np.where(np.isnan(probability), None, words)


def confidence(
    nutrient: Nutrient,
    mean: float,
    days: int,
    ref: ReferenceIntake,
    own_sd: float | None = None,
) -> tuple[float | None, str, str | None]:
    """(probability, words, why-not) for one person."""
    found = confidence_many(
        nutrient, np.array([mean]), np.array([days]), ref,
        None if own_sd is None else np.array([own_sd]),
    )  # fmt: skip
    probability = float(found.probability[0])
    if np.isnan(probability):
        return None, str(found.words[0]), found.note[0]
    return probability, str(found.words[0]), None


def top_contributors(rows: pd.DataFrame, days: int) -> dict[str, list[Contributor]]:
    """For each nutrient column, the diary foods that supplied most of it, per day and
    as a share of the diary's total (one group-by for all nutrients)."""
    columns = [info.column for info in NUTRIENTS.values()]
    ids = rows["food_id"].astype(object)
    key = ids.where(ids.notna(), rows["food"].str.lower())
    totals = rows.groupby(key, sort=True)[columns].sum()
    labels = rows.groupby(key, sort=True)["food"].first()
    found = {}
    for column in columns:
        supplied = totals[column][totals[column] > 0].sort_values(ascending=False, kind="stable")
        whole = supplied.sum()
        found[column] = [
            Contributor(
                food=str(labels[food]),
                amount_per_day=round(float(total / days), 4),
                share_pct=round(float(100 * total / whole), 1),
            )
            for food, total in supplied.head(CONTRIBUTORS_SHOWN).items()
        ]
    return found


@functools.cache
def suggestion_table() -> dict[str, list[dict[str, str]]]:
    """nutrient key -> its rows of suggestions.csv (food_id, label, amount, unit)."""
    by_nutrient: dict[str, list[dict[str, str]]] = {}
    with (
        resources.as_file(resources.files("screener") / "data" / "suggestions.csv") as path,
        open(path, encoding="utf-8", newline="") as stream,
    ):
        for row in csv.DictReader(stream):
            by_nutrient.setdefault(row["nutrient"], []).append(row)
    return by_nutrient


def suggestions(nutrient: Nutrient, foods: FoodTable) -> list[Suggestion]:
    """Foods rich in NUTRIENT per ordinary portion, richest first (a hand-picked list
    that echoes the usual advice; amounts computed from the food table), derived once
    per food table."""
    key = ("suggestions", nutrient)
    if key not in foods.derived:
        foods.derived[key] = _suggestions(nutrient, foods)
    return list(foods.derived[key])


def _suggestions(nutrient: Nutrient, foods: FoodTable) -> list[Suggestion]:
    column = NUTRIENTS[nutrient].column
    found = []
    for item in suggestion_table().get(nutrient.value, []):
        key = normalize_food_id(item["food_id"])
        if key is None or key not in foods.foods.index:  # the list's ids, exactly
            continue  # a custom table without this food
        per_100g = foods.foods.at[key, column]
        if pd.isna(per_100g):
            continue
        measures = Measures.of(foods.foods.at[key, "name"], foods.measure_list(key))
        amount = float(item["amount"])
        grams = measures.to_grams(amount, item["unit"])
        found.append(
            Suggestion(
                food_id=item["food_id"],
                label=item["label"],
                portion=f"{amount:g} {item['unit']}",
                amount=round(float(per_100g * grams / 100), 4),
            )
        )
    if not found:  # a national table: the richest portions of its own plan list
        found = _plan_suggestions(nutrient, foods)
    found.sort(key=lambda s: -s.amount)
    return found[:SUGGESTIONS_SHOWN]


def _plan_suggestions(nutrient: Nutrient, foods: FoodTable) -> list[Suggestion]:
    """NUTRIENT per portion of the plan's candidates of FOODS (hand-reviewed everyday
    foods of each national table, data/plan_foods_NAME.csv) that have it known."""
    from .plan import candidates

    column = NUTRIENTS[nutrient].column
    return [
        Suggestion(
            food_id=c.food_id,
            label=c.label,
            portion=c.portion,
            amount=round(c.values[nutrient], 4),
        )
        for c in candidates(foods)
        if not pd.isna(foods.foods.at[c.food_id, column]) and c.values[nutrient] > 0
    ]


def _rows_for(read: DiaryRead, user: str | None) -> pd.DataFrame:
    rows = read.rows
    if read.has_users:
        users = read.users
        if user is None:
            raise ScreenerError(
                f"{read.path} holds {len(users):,} people ({_some(users)}): choose one with "
                "--user, or screen them all with `screener batch`"
            )
        if user not in users:
            raise ScreenerError(f"{read.path} has no user {user!r}; it holds: {_some(users)}")
        rows = rows[rows["user"] == user]
    elif user is not None:
        raise ScreenerError(f"{read.path} has no user column, so --user {user!r} does not apply")
    return rows


def _some(users: list[str], shown: int = 10) -> str:
    """The first SHOWN users, and how many more."""
    listed = ", ".join(users[:shown])
    return listed + (f" and {len(users) - shown:,} more" if len(users) > shown else "")


def ul_exceeded(
    ref: ReferenceIntake, totals: np.ndarray, supplements: np.ndarray | None
) -> np.ndarray:
    """Each UL by its own rule (references.UL_APPLIES_TO): the magnesium UL against
    supplements alone (never food), the others against the total. At the UL is not
    above it."""
    totals = np.asarray(totals, dtype=float)
    if ref.ul is None:
        return np.zeros(totals.shape, dtype=bool)
    if ref.ul_applies_to == "supplements only":
        if supplements is None:
            return np.zeros(totals.shape, dtype=bool)
        return np.asarray(supplements, dtype=float) > ref.ul
    return totals > ref.ul


def ul_check(
    nutrient: Nutrient, ref: ReferenceIntake, total: float | None, supplement: float | None
) -> tuple[UlStatus, str | None]:
    """The UL status of one person, and the sentence when a UL is crossed."""
    if ref.ul is None:
        return UlStatus.NO_UL, None
    supplements = None if supplement is None else np.array([supplement])
    if total is None or not ul_exceeded(ref, np.array([total]), supplements)[0]:
        return UlStatus.BELOW, None
    info = NUTRIENTS[nutrient]
    supplements_only = ref.ul_applies_to == "supplements only"
    judged = supplement if supplements_only else total
    which = "from supplements" if supplements_only else "in total"
    return UlStatus.ABOVE, (
        f"{info.name} {which} is {judged:.4g} {info.unit} a day, above the UL of "
        f"{ref.ul:g} {info.unit}. {UL_RISKS[nutrient]}"
    )


# The columns score_nutrient gives: what the method says of one nutrient for each person.
SCORED_COLUMNS = (
    "mean_daily_intake", "coverage_pct", "status", "flagged", "confidence",
    "confidence_words", "confidence_note", "sd_within", "sd_within_basis",
    "limit_confidence", "limit_words", "ul_status", "ul_note",
)  # fmt: skip
NO_KNOWN_VALUE = "no known value in the diary"


def score_nutrient(
    nutrient: Nutrient,
    ref: ReferenceIntake,
    means: np.ndarray,
    days: np.ndarray,
    own_sd: np.ndarray | None = None,
    supplements: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """The method for one nutrient and any number of people: from each person's mean
    daily intake (NaN: unknown; food plus SUPPLEMENTS where given) over their DAYS, and
    OWN_SD (the SD of their daily food totals), the SCORED_COLUMNS, one array each. The
    single report (assess) and the batch both score through here, so they cannot differ.
    """
    means = np.asarray(means, dtype=float)
    days = np.asarray(days)
    known = ~np.isnan(means)
    status = np.where(known, classify_many(means, ref), None)  # object, shared texts
    sure = confidence_many(nutrient, means, days, ref, own_sd)
    above = ul_exceeded(ref, means, supplements)
    ul_notes = np.full(len(means), None, dtype=object)
    for i in np.flatnonzero(above):
        supplement = None if supplements is None else float(supplements[i])
        ul_notes[i] = ul_check(nutrient, ref, float(means[i]), supplement)[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = 100 * means / ref.target if ref.target else np.full(len(means), np.nan)
    return {
        "mean_daily_intake": means,
        "coverage_pct": coverage,
        "status": status,
        "flagged": np.logical_or.reduce([status == s.value for s in FLAGGED]),
        "confidence": sure.probability,
        "confidence_words": sure.words,
        "confidence_note": np.where(known, sure.note, NO_KNOWN_VALUE),
        "sd_within": sure.sd_within,
        "sd_within_basis": sure.basis,
        "limit_confidence": sure.limit_probability,
        "limit_words": sure.limit_words,
        "ul_status": (
            np.full(len(means), UlStatus.NO_UL.value, dtype=object)
            if ref.ul is None
            else texts([above], [UlStatus.ABOVE.value], default=UlStatus.BELOW.value)
        ),
        "ul_note": ul_notes,
    }


def _value(array: np.ndarray, at: int = 0) -> object:
    """One cell of a scored column as a model field takes it: NaN is None."""
    value = array[at]
    if isinstance(value, float | np.floating):
        return None if np.isnan(value) else float(value)
    return value


def assess(
    refs: ReferenceIntakes,
    means: dict[str, float],
    days: int,
    complete: dict[str, float | None],
    supplement_per_day: dict[Nutrient, float] | None,
    contributors: dict[str, list[Contributor]] | None,
    foods: FoodTable | None,
    sources: dict[str, ValueSource] | None = None,
    own_sd: dict[str, float] | None = None,
    known_days: dict[str, int] | None = None,
) -> list[NutrientResult]:
    """The method for one person: from the mean daily food intake of each value column
    over DAYS logged days, the known share of each value, and supplements per day
    (None: not included), every nutrient's coverage, status, confidence and UL check
    (score_nutrient, on one person). Suggestions need FOODS. SOURCES says where each
    column's values came from (default: the food table where any value is known).
    OWN_SD: the sample SD of the daily food totals of each column, for the confidence
    where no pooled SD is sourced (daily supplement doses add a constant: they move the
    mean, not the SD)."""
    results = []
    for nutrient, info in NUTRIENTS.items():
        ref = refs.get(nutrient)
        # KNOWN_DAYS: the days a column's mean is of, where an export left it blank on some
        n_days = min(days, (known_days or {}).get(info.column, days)) or days
        food = float(means[info.column]) if complete[info.column] else None
        supplement = None if supplement_per_day is None else supplement_per_day[nutrient]
        mean = food + supplement if food is not None and supplement is not None else food
        scored = score_nutrient(
            nutrient, ref, np.array([np.nan if mean is None else mean]), np.array([n_days]),
            None if own_sd is None else np.array([own_sd.get(info.column, np.nan)]),
            None if supplement is None else np.array([supplement]),
        )  # fmt: skip
        fields = {column: _value(scored[column]) for column in SCORED_COLUMNS}
        status = None if fields["status"] is None else Status(fields["status"])
        results.append(
            NutrientResult(
                **fields | {"status": status, "flagged": bool(fields["flagged"])},
                nutrient=nutrient,
                group=info.group,
                unit=info.unit,
                target=ref.target,
                target_type=ref.target_type,
                data_complete_pct=complete[info.column],
                values_from=(
                    sources[info.column]
                    if sources is not None
                    else ValueSource.FOOD_TABLE
                    if complete[info.column]
                    else ValueSource.NONE
                ).value,
                days_logged=n_days,
                name=info.name,
                ear=ref.ear,
                rda=ref.rda,
                ai=ref.ai,
                ul=ref.ul,
                cdrr=ref.cdrr,
                sd_requirement_basis=ref.sd_requirement_basis,
                food_intake=food if supplement_per_day is not None else None,
                supplement_intake=supplement,
                contributors=contributors[info.column] if contributors else [],
                suggestions=(
                    suggestions(nutrient, foods)
                    if foods is not None and fields["flagged"] and status is not Status.HIGH
                    else []
                ),
            )
        )
    return results


@dataclass
class Scored:
    """What the method makes of one person's rows of a read diary (score_read): the
    results and what they rest on; screen() builds the Report from it."""

    everything: pd.DataFrame  # the person's rows, food and supplements
    rows: pd.DataFrame  # their food rows
    totals: pd.DataFrame  # daily_totals of the food rows
    days: int
    refs: ReferenceIntakes
    included: bool  # supplements included
    supplement_per_day: dict[Nutrient, float] | None
    day_values: bool  # an export of day totals
    results: list[NutrientResult]
    spread: pd.Series  # per value, the sample SD of the daily totals (NaN: one day)


def score_read(
    read: DiaryRead,
    profile: Profile | None = None,
    user: str | None = None,
    foods: FoodTable | None = None,
    supplements: SupplementsRead | None = None,
    references: str = NASEM,
    extras: bool = True,
    supplements_recorded: bool = False,
) -> Scored:
    """The scoring of screen() (see there), without the Report around it: batch's table
    of many people needs the results alone."""
    foods = foods or default_foods()
    profile = profile or Profile()
    everything = _rows_for(read, user)
    source = everything["source"].to_numpy(dtype=object)
    food = source == "food"
    rows = everything if food.all() else everything[food]  # (all food: no copy)
    taken = source == "supplement"
    day_values = not read.has_foods  # an export of day totals: a blank is an unknown day
    totals = daily_totals(rows, day_values)
    days = len(totals)
    if days == 0:
        raise no_food_rows(read)
    energy = None
    if references == EFSA:  # EFSA's thiamin is per MJ: the person's own energy intake
        from .efsa import EnergyNeededError

        if not known_share(rows, "energy_kcal"):
            raise EnergyNeededError()
        energy = float(totals["energy_kcal"].mean())
    refs = reference_values(profile, references, energy)
    included = supplements is not None or supplements_recorded or bool(taken.any())
    supplement_per_day = None
    if included:
        from_file = supplements.per_day() if supplements is not None else {}
        supplement_per_day = {
            nutrient: _total(everything, info.column, taken) / days + from_file.get(nutrient, 0.0)
            for nutrient, info in NUTRIENTS.items()
        }
    value_columns = [info.column for info in NUTRIENTS.values()]
    complete = (
        {column: known_days_share(totals, column) for column in value_columns}
        if day_values
        else known_shares(rows, value_columns)
    )
    means = totals.mean().to_dict()  # of the days each value is known (NaN: unknown days)
    known_days = totals.notna().sum().to_dict()
    spread = totals.std(ddof=1)  # the sample SD of the daily food totals
    own_sd = spread.to_dict() if days > 1 else None
    contributors = top_contributors(rows, days) if read.has_foods and extras else None
    sources = value_sources(rows, read.logged)
    results = assess(
        refs, means, days, complete, supplement_per_day, contributors,
        foods if extras else None, sources, own_sd, known_days,
    )  # fmt: skip
    return Scored(
        everything, rows, totals, days, refs, included, supplement_per_day, day_values, results,
        spread,
    )  # fmt: skip


def no_food_rows(read: DiaryRead) -> ScreenerError:
    """The error of a person of READ with no food row to score."""
    if read.kind is DiaryKind.ASA24_SUPPLEMENTS:
        return ScreenerError(
            f"{read.path}: an ASA24 supplements file (TS or INS) holds supplements "
            "alone, no food: screen it beside its study's Totals file "
            "(screener batch FOLDER adds them to the recalls)"
        )
    return ScreenerError(f"{read.path}: no food rows to score")


def _total(rows: pd.DataFrame, column: str, which: np.ndarray) -> float:
    """The sum of the known values of COLUMN of the rows WHICH (a mask) of ROWS (0 where
    none is), as pandas' Series.sum adds them: the unknown as 0, then numpy's sum."""
    values = rows[column].to_numpy(dtype=float)[which]
    unknown = np.isnan(values)
    return float((np.where(unknown, 0.0, values) if unknown.any() else values).sum())


def assumed(rows: pd.DataFrame) -> dict[str, pd.Series]:
    """Which of ROWS were read on an assumption, by the Report's name for each list
    (models.ASSUMED_COUNTS): an amount, a food, a fuzzy match."""
    which = assumed_masks(rows["amount_assumed"].to_numpy(), rows["match"].to_numpy(dtype=object))
    return {name: pd.Series(mask, index=rows.index, dtype=bool) for name, mask in which.items()}


def assumed_masks(amount_assumed: np.ndarray, match: np.ndarray) -> dict[str, np.ndarray]:
    """assumed() of the rows' AMOUNT_ASSUMED and MATCH columns, as arrays."""
    return {
        "amounts_assumed": amount_assumed == True,  # noqa: E712
        "foods_assumed": match == MatchKind.ASSUMED.value,
        "fuzzy_matched": match == MatchKind.FUZZY.value,
    }  # (== of each cell, as pandas' eq: NaN and None are not True, 1.0 is)


def screen(
    read: DiaryRead,
    profile: Profile | None = None,
    user: str | None = None,
    foods: FoodTable | None = None,
    supplements: SupplementsRead | None = None,
    references: str = NASEM,
    extras: bool = True,
    supplements_recorded: bool = False,
) -> Report:
    """Score a read diary against the person's reference intakes (REFERENCES: nasem,
    the US/Canada DRIs, or efsa, EFSA's DRVs).

    With SUPPLEMENTS (or supplement rows in the diary), coverage, status and confidence
    are judged on food + supplements, and each UL by its own rule. EXTRAS: the trend
    over the diary's weeks, the foods that supplied each nutrient and those that would
    add it, which a person's own report shows and batch's table does not (without them
    the Report has them empty; every score is the same). SUPPLEMENTS_RECORDED: the diary
    asked about supplements on every day (an ASA24 study with its TS or INS file), so a
    person without supplement rows took none (0), rather than being food only.
    """
    foods = foods or default_foods()
    profile = profile or Profile()
    scored = score_read(
        read, profile, user, foods, supplements, references, extras, supplements_recorded
    )
    everything, rows, totals = scored.everything, scored.rows, scored.totals
    refs, included, results = scored.refs, scored.included, scored.results
    supplement_per_day, day_values, days = (
        scored.supplement_per_day, scored.day_values, scored.days
    )  # fmt: skip
    energy = totals["energy_kcal"]
    incomplete = [
        DayNote(date=str(date), energy_kcal=round(float(kcal), 1))
        for date, kcal in energy.items()
        if kcal < INCOMPLETE_DAY_KCAL
    ]
    caffeine_complete = known_share(rows, "caffeine_mg")
    water_complete = (
        known_days_share(totals, "water_g") if day_values else known_share(rows, "water_g")
    )
    trend_by, trend, trend_notes = (
        trend_of(totals, refs, supplement_per_day, results) if extras else (None, [], [])
    )
    notes = [SUPPLEMENTS_NOTE if included else NO_SUPPLEMENTS_NOTE]
    if supplements is not None and supplements.rejected:
        notes.append(
            f"{len(supplements.rejected)} row(s) of {supplements.path} could not be used "
            "(listed on stderr)."
        )
    notes += list(dict.fromkeys(advice for i in refs.intakes for advice in i.advice))
    long = long_diary_note(str(totals.index.min()), str(totals.index.max()), read.days_chosen)
    if long:
        notes.insert(0, long)
    return Report(
        diary=read.path,
        diary_kind=read.kind.value,
        user=user,
        profile=profile,
        reference_group=refs.group,
        references=references,
        default_note=refs.default_note,
        days_logged=days,
        first_date=str(totals.index.min()),
        last_date=str(totals.index.max()),
        incomplete_days=incomplete,
        caffeine_mg_per_day=round(float(totals["caffeine_mg"].mean()), 1)
        if caffeine_complete
        else None,
        caffeine_complete_pct=round(caffeine_complete, 1) if caffeine_complete else None,
        water_l_per_day=round(float(totals["water_g"].mean()) / 1000, 3)
        if water_complete
        else None,  # unknown water stays unknown
        water_complete_pct=round(water_complete, 1) if water_complete else None,
        water_ai_l=water_ai(profile).ai_l,
        results=results,
        notes=notes,
        warnings=read.warnings,
        rejected=[r for r in read.rejected if user is None or r.user == user],
        rows_used=len(everything) - joined_extra(everything["part"].to_numpy()),
        skipped=[s for s in read.skipped if user is None or s.user in (None, user)],
        days_chosen=read.days_chosen,
        trend_by=trend_by,
        trend=trend,
        trend_notes=trend_notes,
        next_step=plan_hint(results),
        rows=everything,
        daily_totals={
            nutrient.value: _rounded_by_day(totals[info.column])
            for nutrient, info in NUTRIENTS.items()
        },  # a day whose value is unknown is not listed (unknown is not zero)
        day_totals=totals,
        implausible_rows=_implausible_rows(everything),
        **{name: assumed_rows(everything[which]) for name, which in assumed(everything).items()},
        food_tables=food_tables(rows),
        food_table_credits=food_table_credits(rows),
        supplements_included=included,
        supplement_rejected=supplements.rejected if supplements is not None else [],
    )


def _rounded_by_day(values: pd.Series) -> dict[str, float]:
    """VALUES of each day whose value is known, rounded to 6 places, by the day's date."""
    known = values.dropna()
    return {str(d): round(float(v), 6) for d, v in zip(known.index, known.tolist(), strict=True)}


def _implausible_rows(rows: pd.DataFrame) -> list[FlaggedRow]:
    """The ROWS flagged implausible (zip, not itertuples: a namedtuple class of every
    column is made per call)."""
    flagged = rows[rows["flag"].notna()]
    columns = (flagged[column].tolist() for column in ("line", "food", "flag"))
    return [
        FlaggedRow(line=int(line), food=str(food), flag=str(flag))
        for line, food, flag in zip(*columns, strict=True)
        if IMPLAUSIBLE in str(flag)
    ]


# A diary spanning more than this many weeks, screened whole, is said to be (the last
# weeks are what a person with symptoms this month asks about).
LONG_DIARY_WEEKS = 8
RECENT_WEEKS = 4  # what the note suggests screening instead


def long_diary_note(first: str, last: str, chosen: DaysChosen | None) -> str | None:
    """The sentence for a diary from FIRST to LAST spanning more than LONG_DIARY_WEEKS,
    screened whole (CHOSEN None): that it is, and how to screen the recent weeks."""
    span = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1
    if chosen is not None or span <= 7 * LONG_DIARY_WEEKS:
        return None
    return (
        f"This diary spans {span // 7} weeks ({first} to {last}) and is screened whole: "
        "the means are of all of it. To screen only the recent weeks, choose them with "
        f"--last {RECENT_WEEKS}w (or --from DATE --to DATE)."
    )


# A diary spanning more than TREND_FROM_DAYS has a trend: by calendar week (Monday to
# Sunday) up to MONTHS_FROM_DAYS (12 weeks), by calendar month beyond.
TREND_FROM_DAYS = 28
MONTHS_FROM_DAYS = 84


def trend_of(
    totals: pd.DataFrame,
    refs: ReferenceIntakes,
    supplement_per_day: dict[Nutrient, float] | None,
    results: list[NutrientResult],
) -> tuple[str | None, list[TrendRow], list[str]]:
    """(by, rows, notes): how intake changed over the days of TOTALS (the daily food
    totals the means rest on, unknown days NaN). Each nutrient's mean of the days of each
    month or week that know it (a period with no such day: None, 0 days), supplements
    added per day as in the whole; and, per nutrient, a sentence where the last period
    with days logged has another status than the whole."""
    dates = pd.to_datetime(pd.Series(totals.index, index=totals.index))
    first, last = dates.min(), dates.max()
    if (last - first).days + 1 <= TREND_FROM_DAYS:
        return None, [], []
    by = "month" if (last - first).days + 1 > MONTHS_FROM_DAYS else "week"
    periods = dates.dt.to_period("M" if by == "month" else "W-SUN")
    every = pd.period_range(periods.min(), periods.max(), freq=periods.dt.freq)
    rows: list[TrendRow] = []
    notes: list[str] = []
    for result in results:
        info = NUTRIENTS[result.nutrient]
        ref = refs.get(result.nutrient)
        values = totals[info.column]
        grouped = values.groupby(periods.to_numpy()).agg(["mean", "count"]).reindex(every)
        extra = supplement_per_day[result.nutrient] if supplement_per_day is not None else 0.0
        means = grouped["mean"].to_numpy(dtype=float) + extra
        counts = np.nan_to_num(grouped["count"].to_numpy(dtype=float)).astype(int)
        statuses = classify_many(means, ref)
        for period, mean, count, status in zip(every, means, counts, statuses, strict=True):
            known = count > 0 and not np.isnan(mean)
            start = max(period.start_time.normalize(), first)
            end = min(period.end_time.normalize(), last)
            rows.append(
                TrendRow(
                    nutrient=result.nutrient,
                    period=str(period) if by == "month" else f"{period.start_time:%Y-%m-%d}",
                    first_date=start.date().isoformat(),
                    last_date=end.date().isoformat(),
                    days_logged=int(count),
                    mean_daily_intake=round(float(mean), 4) if known else None,
                    unit=info.unit,
                    coverage_pct=round(100 * float(mean) / ref.target, 1)
                    if known and ref.target
                    else None,
                    status=Status(status) if known else None,
                )
            )
        note = _trend_note(result, [r for r in rows if r.nutrient is result.nutrient], by)
        if note:
            notes.append(note)
    return by, rows, notes


def _amount(value: float) -> str:
    """VALUE as the report writes amounts: 2,864; 54; 1.25."""
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2f}"


def _trend_note(result: NutrientResult, rows: list[TrendRow], by: str) -> str | None:
    """The sentence where the last period with days logged differs in status from the
    whole diary (fine before and low now, or the reverse); None where it does not."""
    logged = [r for r in rows if r.days_logged > 0]
    if not logged or result.status is None or result.mean_daily_intake is None:
        return None
    latest = logged[-1]
    if latest.status is result.status:
        return None
    amount = f"{_amount(latest.mean_daily_intake)} {latest.unit}"
    whole = f"{_amount(result.mean_daily_intake)} {result.unit}"
    return (
        f"{result.name}: {latest.status.value} in the last {by} ({latest.period}, "
        f"{amount} a day over {latest.days_logged} day(s)), {result.status.value} over all "
        f"the days screened ({whole} a day)."
    )


def food_tables(rows: pd.DataFrame) -> list[str]:
    """The titles of the food tables ROWS' values came from, in the order of TABLE_TITLES
    (a person's own file last)."""
    used = set(rows.loc[rows["values_from"] != ValueSource.EXPORT.value, "table"].dropna())
    known = [title for table, title in TABLE_TITLES.items() if table in used]
    return known + sorted(used - set(TABLE_TITLES))


def food_table_credits(rows: pd.DataFrame) -> list[str]:
    """The credits (TABLE_CREDITS) of the national tables ROWS' values came from."""
    used = set(rows.loc[rows["values_from"] != ValueSource.EXPORT.value, "table"].dropna())
    return [credit for table, credit in TABLE_CREDITS.items() if table in used]


def plan_hint(results: list[NutrientResult], app: bool = False) -> str | None:
    """Where nutrients get little coverage: the pointer to the plan that closes them. The
    terminal's names the command; the app's (APP) the plan it shows below it: the one
    difference between them."""
    gaps = [r.name for r in results if r.status in (Status.LOW, Status.BORDERLINE)]
    if not gaps:
        return None
    finds = (
        f"the fewest portions a day of everyday foods that bring {', '.join(gaps)} to the "
        "target, within the limits"
    )
    if app:
        return f"The plan below gives {finds}."
    return f"`screener plan` finds {finds}; give it the same diary and options."


def screen_file(
    path: Path | str,
    profile: Profile | None = None,
    user: str | None = None,
    foods: FoodTable | None = None,
    strict: bool = False,
    supplements: Path | str | None = None,
) -> Report:
    """Read and screen a diary file (and a supplements file) in one call."""
    foods = foods or default_foods()
    read = read_diary(path, foods=foods, strict=strict)
    taken = read_supplements(supplements) if supplements is not None else None
    return screen(read, profile, user, foods, taken)


# --- many people at once --------------------------------------------------------------------


@dataclass
class PeopleRows:
    """Many people's rows of read diaries as columns, each row with its person: what
    score_people scores. A row of no one's (PERSON -1) is left out."""

    names: list[str]  # the people, numbered in order
    person: np.ndarray  # int, each row's person
    date: np.ndarray  # ISO date texts
    source: np.ndarray  # "food" or "supplement"
    grams: np.ndarray
    values: np.ndarray  # rows x VALUE_COLUMNS, NaN: unknown
    export: np.ndarray  # rows x VALUE_COLUMNS: True where the value is the export's
    assumed: np.ndarray  # rows x ASSUMED_COUNTS: read on an assumption (as assumed())
    day_values: np.ndarray  # per person: their file is an export of day totals
    supplements_recorded: np.ndarray  # per person: their file's supplements were read


def rows_of(read: DiaryRead, people: list[str], supplements_recorded: bool) -> PeopleRows:
    """The rows of READ (a read diary, PEOPLE its people in order, SUPPLEMENTS_RECORDED
    whether supplements were recorded with it) as a PeopleRows: a row of a read with
    users belongs to its user among PEOPLE (else to no one), every row of a read
    without them to its one person. Only what scoring takes is kept of the read."""
    column = read.column
    if read.has_users:
        person = pd.Index(people, dtype=object).get_indexer(column("user").astype(object))
    else:
        person = np.zeros(len(column("line")), dtype=np.int64)
    masks = assumed_masks(column("amount_assumed"), np.asarray(column("match"), dtype=object))
    return PeopleRows(  # (the read's arrays themselves where they are of these types)
        names=list(people),
        person=person,
        date=np.asarray(column("date"), dtype=object),
        source=np.asarray(column("source"), dtype=object),
        grams=np.asarray(column("grams"), dtype=float),
        values=read.value_table(),
        export=read.exported(),
        assumed=np.column_stack(list(masks.values())),
        day_values=np.full(len(people), not read.has_foods),
        supplements_recorded=np.full(len(people), supplements_recorded),
    )


def joined_rows(parts: list[PeopleRows]) -> PeopleRows:
    """PARTS (each of rows_of) as one PeopleRows, their people numbered part by part."""
    offsets = np.cumsum([0, *(len(part.names) for part in parts)])
    person = [
        np.where(part.person >= 0, part.person + offset, -1)
        for part, offset in zip(parts, offsets.tolist(), strict=False)
    ]
    arrays = ("date", "source", "grams", "values", "export", "assumed")
    return PeopleRows(
        names=[name for part in parts for name in part.names],
        person=np.concatenate(person),
        **{name: np.concatenate([getattr(part, name) for part in parts]) for name in arrays},
        day_values=np.concatenate([part.day_values for part in parts]),
        supplements_recorded=np.concatenate([part.supplements_recorded for part in parts]),
    )


@dataclass
class PeopleScored:
    """What the method makes of many people (score_people): per person, the columns of
    their report's results, a block per nutrient and group of people scored together."""

    blocks: list[dict[str, object]]  # each: "position" (of its people), "order" (of its
    # nutrient), and the results' columns, an array or one value for all its people
    days: np.ndarray  # per person: days logged
    included: np.ndarray  # per person: supplements included
    spread: np.ndarray  # person x DAY_COLUMNS: the sample SD of the daily food totals


def _sorted_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the number of each of VALUES among the distinct ones in sorted order; those).
    Hashed, and only the distinct ones sorted."""
    codes, distinct = pd.factorize(values)
    order = np.argsort(np.asarray(distinct), kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes], np.asarray(distinct)[order]


def _mean_count_sd(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of VALUES (a value's daily totals, a row per value), what pandas'
    DataFrame.mean(), .notna().sum() and .std(ddof=1) of the days give (its nanops: the
    unknown as 0 in numpy's pairwise sum, then divided by the days known; the two-pass
    variance), to the bit, without a frame per person."""
    unknown = np.isnan(values)
    known = np.where(unknown, 0.0, values) if unknown.any() else values
    count = (~unknown).sum(axis=1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = known.sum(axis=1) / count
        mean[count == 0] = np.nan
        squares = (mean[:, None] - known) ** 2
        squares[unknown] = 0.0
        variance = squares.sum(axis=1) / (count - 1)
    variance[count <= 1] = np.nan
    return mean, count.astype(np.int64), np.sqrt(variance)


def score_people(rows: PeopleRows, profiles: list[Profile]) -> PeopleScored:
    """score_read's scoring (extras left out, NASEM's references) of every person of
    ROWS at once, each with their profile of PROFILES: the rows summed per person and
    day in one sum_by, each person's days to their means and SDs as the single report
    takes them, and each nutrient scored by score_nutrient for all the people of one
    profile together. Every person has at least one food row (else no_food_rows)."""
    from .nutrients import VALUE_COLUMNS

    count = len(rows.names)
    mine = rows.person >= 0
    food = mine & (rows.source == "food")
    everyone = bool(food.all())  # (every row a food row of someone's: no copies)
    food_at = slice(None) if everyone else np.flatnonzero(food)
    person = rows.person[food_at]
    food_values = rows.values[food_at]  # rows x VALUE_COLUMNS
    # daily totals, as daily_totals: per person and date, each person's dates in order
    date, dates = _sorted_codes(rows.date[food_at])
    key, keys = _sorted_codes(person * max(len(dates), 1) + date)
    day_person = keys // max(len(dates), 1)
    at_column = [VALUE_COLUMNS.index(column) for column in DAY_COLUMNS]
    values = food_values[:, at_column]
    sums = sum_by(key, len(keys), values)
    totals = sums
    day_values = rows.day_values[day_person]
    if day_values.any():  # a date none of whose rows knows a value has it unknown
        known_rows = sum_by(key, len(keys), ~np.isnan(values))
        totals = np.where(day_values[:, None] & (known_rows == 0), np.nan, sums)
    starts = np.searchsorted(day_person, np.arange(count + 1))
    days = np.diff(starts)
    columns = len(DAY_COLUMNS)
    means = np.full((count, columns), np.nan)
    known_days = np.zeros((count, columns), dtype=np.int64)
    sd = np.full((count, columns), np.nan)  # of the totals the means are of
    food_sd = {}  # an export of day totals: the SD of its days, the unknown as 0
    by_value = np.ascontiguousarray(totals.T)  # a row per value: each person's days a run
    food_by_value = np.ascontiguousarray(sums.T) if day_values.any() else by_value
    for p in np.flatnonzero(days):
        first, end = starts[p], starts[p + 1]
        means[p], known_days[p], sd[p] = _mean_count_sd(by_value[:, first:end])
        if rows.day_values[p]:
            food_sd[p] = _mean_count_sd(food_by_value[:, first:end])[2]
    spread = sd  # per person, the SD of their daily food totals
    if food_sd:
        spread = sd.copy()
        spread[list(food_sd)] = list(food_sd.values())
    # the known share of each nutrient (known_shares), of the food rows in their order
    nutrient_at = [VALUE_COLUMNS.index(info.column) for info in NUTRIENTS.values()]
    together = len(person) < 2 or bool((person[1:] >= person[:-1]).all())
    order = slice(None) if together else np.argsort(person, kind="stable")
    # (each person's food rows together, in their order: as they are, file by file)
    row_starts = np.searchsorted(person[order], np.arange(count + 1))
    scored = np.flatnonzero(days)  # (the people with food rows)

    def per_person(mask: np.ndarray) -> np.ndarray:
        """Per person and column, how many of their food rows MASK marks."""
        marked = np.zeros((count, mask.shape[1]), dtype=np.int64)
        if len(scored):
            marked[scored] = np.add.reduceat(mask, row_starts[scored], axis=0, dtype=np.int64)
        return marked

    found = ~np.isnan(food_values[order])
    grams = rows.grams[food_at][order]
    unknown = per_person(~found[:, nutrient_at])
    no_grams = per_person(np.isnan(grams)[:, None])[:, 0]
    complete = np.full((count, len(nutrient_at)), np.nan)
    for p in scored:
        if rows.day_values[p]:  # known_days_share
            complete[p] = [100.0 * (n / days[p]) for n in known_days[p, : len(nutrient_at)]]
            continue
        mass = grams[row_starts[p] : row_starts[p + 1]]
        total = mass.sum()
        by_grams = not no_grams[p] and total > 0
        # every value known: all the grams (or rows); else those of the rows known
        complete[p] = 100.0 * total / total if by_grams else 100.0 * 1.0
        for column in np.flatnonzero(unknown[p]):
            which = found[row_starts[p] : row_starts[p + 1], nutrient_at[column]]
            complete[p, column] = (
                100.0 * mass[which].sum() / total if by_grams else 100.0 * which.mean()
            )
    # where each value came from (value_sources)
    export = rows.export[food_at][order]
    from_export = per_person(found & export) > 0
    from_table = per_person(found & ~export) > 0
    sources = source_names(from_export, from_table)  # person x VALUE_COLUMNS
    # supplements: each person's supplement rows' values summed, per day logged (_total)
    taken_at = np.flatnonzero(mine & (rows.source == "supplement"))
    taker = rows.person[taken_at]
    included = rows.supplements_recorded | (np.bincount(taker, minlength=count) > 0)
    per_day = np.full((count, len(nutrient_at)), np.nan)
    taken_order = np.argsort(taker, kind="stable")
    taken = np.nan_to_num(rows.values[taken_at][:, nutrient_at][taken_order])
    taken_starts = np.searchsorted(taker[taken_order], np.arange(count + 1))
    for p in np.flatnonzero(included & (days > 0)):
        mine_taken = taken[taken_starts[p] : taken_starts[p + 1]]
        per_day[p] = [float(column.sum()) / days[p] + 0.0 for column in mine_taken.T]
    counts = np.zeros((count, rows.assumed.shape[1]), dtype=np.int64)  # (few rows have any)
    some = np.flatnonzero(mine & rows.assumed.any(axis=1))
    for at, column in enumerate(rows.assumed[some].T):
        counts[:, at] = np.bincount(rows.person[some][column], minlength=count)
    # every nutrient of every person, the people of one profile (and of supplements
    # included or not) scored together
    groups: dict[tuple[Profile, bool], list[int]] = {}
    for p in np.flatnonzero(days):
        groups.setdefault((profiles[p], bool(included[p])), []).append(int(p))
    blocks = []
    for (profile, with_supplements), positions in groups.items():
        who = np.array(positions, dtype=np.int64)
        refs = reference_values(profile, NASEM, None)
        for order_of, (nutrient, info) in enumerate(NUTRIENTS.items()):
            ref = refs.get(nutrient)
            j = DAY_COLUMNS.index(info.column)
            share = complete[who, order_of]
            food = np.where(share != 0, means[who, j], np.nan)  # (as `if share`: NaN is)
            n_days = np.minimum(days[who], known_days[who, j])
            n_days = np.where(n_days == 0, days[who], n_days)
            supplement = per_day[who, order_of] if with_supplements else None
            mean = food + supplement if supplement is not None else food
            own_sd = np.where(days[who] > 1, sd[who, j], np.nan)
            blocks.append({
                "position": who,
                "order": order_of,
                "nutrient": nutrient.value,
                "group": info.group,
                "unit": info.unit,
                "target": ref.target,
                "target_type": ref.target_type,
                **score_nutrient(nutrient, ref, mean, n_days, own_sd, supplement),
                "data_complete_pct": share,
                "values_from": sources[who, VALUE_COLUMNS.index(info.column)],
                "days_logged": n_days,
                "name": info.name,
                "ear": ref.ear, "rda": ref.rda, "ai": ref.ai, "ul": ref.ul, "cdrr": ref.cdrr,
                "sd_requirement_basis": ref.sd_requirement_basis,
                "food_intake": food if with_supplements else np.nan,
                "supplement_intake": supplement if with_supplements else np.nan,
                "amounts_assumed": counts[who, 0],
                "foods_assumed": counts[who, 1],
                "fuzzy_matched": counts[who, 2],
            })  # fmt: skip
    return PeopleScored(blocks, days, included, spread)
