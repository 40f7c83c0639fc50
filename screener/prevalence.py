"""A group's prevalence of inadequacy, on its usual-intake distribution.

A person's mean of a few days is their usual intake plus day-to-day noise, so the
spread of a group's person means is wider than the spread of their usual intakes, and
more people fall below the EAR than would on their usual intake. The NRC/IOM method
(NRC 1986; IOM 2000, Dietary Reference Intakes: Applications in Dietary Assessment,
ch. 4 and App. C) removes the within-person variance first:

- s_w², the within-person variance, pooled over the people with at least two days:
  Σ (n_i − 1) s_i² / Σ (n_i − 1), where s_i is a person's SD over their n_i days;
- s_obs², the variance of the person means, and s_b² = s_obs² − s_w² × mean(1 / n_i),
  the between-person variance (with n days each, s_w² / n of each mean is noise);
- each person mean is moved toward the group mean x̄:
  x̂_i = x̄ + (x_i − x̄) × √(s_b² / s_obs²), so the adjusted values spread as usual
  intakes do (variance s_b²);
- the EAR cut-point method on the adjusted values: the share below the EAR estimates
  the prevalence of inadequacy (for nutrients with an EAR; an AI gives none).

No transformation toward normality is made (the ISU/NCI methods do, and use more
of each person's days); the adjustment is the one IOM 2000 App. C works by hand.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .models import ReferenceIntake
from .nutrients import NUTRIENTS, Nutrient
from .output import counted

# A group smaller than this, or with fewer people of two days or more, gets only the
# naive share: the variances would be estimated from too few people to move anyone.
MIN_GROUP_PEOPLE = 10
MIN_REPEAT_PEOPLE = 5

PREVALENCE_COLUMNS = [
    "group", "nutrient", "people", "people_with_repeat_days", "mean_intake", "unit",
    "ear", "naive_below_ear_pct", "adjusted_below_ear_pct", "limit", "limit_type",
    "naive_above_limit_pct", "adjusted_above_limit_pct", "sd_within", "sd_between",
    "shrink_factor", "note",
]  # fmt: skip


@dataclass(frozen=True)
class Shrinkage:
    """The variance components of one group and nutrient, and the adjusted values."""

    mean: float  # x̄, the mean of the person means
    var_observed: float  # s_obs²
    var_within: float  # s_w², pooled
    var_between: float  # s_b² (may be ≤ 0: then nothing is adjusted)
    factor: float | None  # √(s_b² / s_obs²); None when s_b² ≤ 0 or s_obs² is 0
    adjusted: np.ndarray  # x̂_i, or NaN where no factor


def shrink(means: np.ndarray, days: np.ndarray, sds: np.ndarray) -> Shrinkage:
    """The NRC/IOM adjustment of person MEANS (each of DAYS days, with the SD SDS of
    their daily totals, NaN for one day) toward the group mean."""
    means = np.asarray(means, dtype=float)
    days = np.asarray(days, dtype=float)
    sds = np.asarray(sds, dtype=float)
    mean = float(means.mean())
    observed = float(means.var(ddof=1)) if len(means) > 1 else np.nan
    repeat = days >= 2
    dof = float((days[repeat] - 1).sum())
    within = float(((days[repeat] - 1) * sds[repeat] ** 2).sum() / dof) if dof else np.nan
    between = observed - within * float((1.0 / days).mean())
    factor = None
    if np.isfinite(between) and between > 0 and observed > 0:
        factor = float(np.sqrt(between / observed))
    adjusted = mean + (means - mean) * factor if factor is not None else np.full_like(means, np.nan)
    return Shrinkage(mean, observed, within, between, factor, adjusted)


def _share(values: np.ndarray, below: float | None = None, above: float | None = None):
    if below is not None:
        return round(100.0 * float((values < below).mean()), 1)
    return round(100.0 * float((values > above).mean()), 1)


def _limit(ref: ReferenceIntake) -> tuple[float | None, str | None]:
    """The upper level a food intake is judged against: a UL that applies to total
    intake, else sodium's CDRR."""
    if ref.ul is not None and ref.ul_applies_to == "total":
        return ref.ul, "UL"
    if ref.cdrr is not None:
        return ref.cdrr, "CDRR"
    return None, None


def group_row(
    group: str, nutrient: Nutrient, ref: ReferenceIntake, means, days, sds, supplements=None
) -> dict[str, object]:
    """One line of the prevalence table: the group's naive and adjusted shares.
    SUPPLEMENTS: each person's mean daily supplement intake (NaN: not recorded), for a
    UL that applies to supplements alone (magnesium's)."""
    means, days, sds = (np.asarray(a, dtype=float) for a in (means, days, sds))
    known = ~np.isnan(means)
    means, days, sds = means[known], days[known], sds[known]
    taken = None if supplements is None else np.asarray(supplements, dtype=float)[known]
    people, repeat = len(means), int((days >= 2).sum())
    limit, limit_type = _limit(ref)
    row: dict[str, object] = {
        "group": group, "nutrient": nutrient.value, "people": people,
        "people_with_repeat_days": repeat, "unit": NUTRIENTS[nutrient].unit, "ear": ref.ear,
        "limit": limit, "limit_type": limit_type,
    }  # fmt: skip
    if not people:
        return {**row, "note": "no person with a known value"}
    row["mean_intake"] = round(float(means.mean()), 3)
    notes = []
    found = shrink(means, days, sds)
    adjusted = None
    if people < MIN_GROUP_PEOPLE:
        notes.append(
            f"{counted(people, 'person', 'people')}: too few to remove the day-to-day "
            f"variation (it takes {MIN_GROUP_PEOPLE}), so only the naive share"
        )
    elif repeat < MIN_REPEAT_PEOPLE:
        notes.append(
            f"{counted(repeat, 'person', 'people')} with two days or more: too few to "
            f"estimate the day-to-day variation (it takes {MIN_REPEAT_PEOPLE}), so only the "
            "naive share"
        )
    elif found.factor is None:
        notes.append(
            "the person means vary no more than day-to-day variation explains, so only "
            "the naive share"
        )
    else:
        adjusted = found.adjusted
        row.update(
            sd_within=round(float(np.sqrt(found.var_within)), 3),
            sd_between=round(float(np.sqrt(found.var_between)), 3),
            shrink_factor=round(found.factor, 4),
        )
    if ref.ear is not None:
        row["naive_below_ear_pct"] = _share(means, below=ref.ear)
        if adjusted is not None:
            row["adjusted_below_ear_pct"] = _share(adjusted, below=ref.ear)
    else:  # an AI: no prevalence of inadequacy (IOM 2000, ch. 4)
        at_or_above = means.mean() >= (ref.ai or 0)
        notes.append(
            f"AI only ({ref.ai:g} {ref.unit}), no EAR: the group's mean intake is "
            + (
                "at or above the AI, so a low prevalence of inadequacy is likely"
                if at_or_above
                else "below the AI, and the prevalence of inadequacy cannot be judged"
            )
        )
    if limit is not None:
        row["naive_above_limit_pct"] = _share(means, above=limit)
        if adjusted is not None:
            row["adjusted_above_limit_pct"] = _share(adjusted, above=limit)
    elif ref.ul is not None and taken is not None and (~np.isnan(taken)).any():
        recorded = taken[~np.isnan(taken)]
        row.update(limit=ref.ul, limit_type="UL (supplements)")
        row["naive_above_limit_pct"] = _share(recorded, above=ref.ul)
        notes.append(
            f"its UL ({ref.ul:g} {ref.unit}) is for supplements alone: the share above it "
            f"is of the {counted(len(recorded), 'person', 'people')} whose supplements were "
            "recorded, by their days' mean supplement intake"
        )
    elif ref.ul is not None:
        notes.append(f"its UL ({ref.ul:g} {ref.unit}) is for supplements only: not judged")
    row["note"] = "; ".join(notes)
    return row


def prevalence_table(parts: Iterable[tuple]) -> pd.DataFrame:
    """Per group and nutrient, the naive and adjusted shares (group_row), groups in the
    order given, each group's nutrients in report order. PARTS: (group, nutrient, its
    ReferenceIntake, the people's means, days, and SDs of their daily totals, and
    optionally their mean supplement intakes)."""
    order = {nutrient: i for i, nutrient in enumerate(NUTRIENTS)}
    rows = [group_row(*part) for part in parts]
    groups = list(dict.fromkeys(str(row["group"]) for row in rows))
    rows.sort(key=lambda row: (groups.index(str(row["group"])), order[Nutrient(row["nutrient"])]))
    return pd.DataFrame(rows, columns=PREVALENCE_COLUMNS)


def prevalence_text(table: pd.DataFrame, width: int = 80) -> str:
    """TABLE as a person reads it: per group, a line a nutrient, then its notes."""
    from .output import text_table  # (the table layout every command prints)

    def pct(value: object) -> str:
        return "" if pd.isna(value) else f"{float(value):.1f}%"  # type: ignore[arg-type]

    def amount(value: object, unit: str) -> str:
        return "" if pd.isna(value) else f"{float(value):g} {unit}"  # type: ignore[arg-type]

    parts = []
    for group, rows in table.groupby("group", sort=False):
        people = int(rows["people"].max())
        repeat = int(rows["people_with_repeat_days"].max())
        parts += textwrap.wrap(
            f"Prevalence, {group}: {counted(people, 'person', 'people')}, {repeat} with two "
            "days or more. "
            "Below/above (days): the share of people by their own days' mean; (usual): "
            "on usual intakes, the day-to-day variation removed (NRC/IOM).",
            width,
        )
        shown = pd.DataFrame(
            {
                "nutrient": rows["nutrient"],
                "EAR": [amount(e, u) for e, u in zip(rows["ear"], rows["unit"], strict=True)],
                "below (days)": rows["naive_below_ear_pct"].map(pct),
                "(usual)": rows["adjusted_below_ear_pct"].map(pct),
                "limit": [
                    "" if pd.isna(v) else f"{amount(v, u)} {t}"
                    for v, u, t in zip(rows["limit"], rows["unit"], rows["limit_type"], strict=True)
                ],
                "above (days)": rows["naive_above_limit_pct"].map(pct),
                "(usual) ": rows["adjusted_above_limit_pct"].map(pct),
            }
        )
        parts.append(text_table(shown, width=width, right_align=list(shown.columns[1:])).rstrip())
        said = [
            str(note).split("; ") if isinstance(note, str) and note else [] for note in rows["note"]
        ]
        common = [note for note in said[0] if all(note in notes for notes in said)]
        for note in common:
            parts += textwrap.wrap(f"All nutrients: {note}.", width, subsequent_indent="  ")
        for nutrient, notes in zip(rows["nutrient"], said, strict=True):
            own = [note for note in notes if note not in common]
            if own:
                parts += textwrap.wrap(
                    f"{nutrient}: {'; '.join(own)}.", width, subsequent_indent="  "
                )
        parts.append("")
    return "\n".join(parts)
