"""The DRI table and a person's reference values (EAR, RDA, AI, UL, CDRR, SDs).

Data: screener/data/dri.csv, requirement_cv.csv and within_person_sd.csv, compiled from
the DRI reports with a source for every value (see screener/data/README.md).
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

from .models import LifeStage, Profile, ReferenceIntake, ReferenceIntakes, Sex
from .nutrients import NUTRIENTS, Nutrient

DATA = resources.files("screener") / "data"

# The default profile when sex or age is not given. It errs toward flagging: an adult
# of 31-50 (the group of the IOM worked example), and where the sexes differ, the higher
# EAR, RDA and AI and the lower UL and CDRR of the two.
DEFAULT_AGE = 40.0
DEFAULT_GROUP_WORDS = "adult 31-50"

# Which intake a UL is compared with. The magnesium UL covers supplements and
# medicines only (IOM 1997); the others apply to the total from food and supplements.
UL_APPLIES_TO: dict[Nutrient, str] = {Nutrient.MAGNESIUM: "supplements only"}
UL_APPLIES_TO_DEFAULT = "total"

# Why each UL matters, in words the report prints when one is crossed.
UL_RISKS: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: "Magnesium supplements above the UL commonly cause diarrhoea.",
    Nutrient.VITAMIN_B6: (
        "High supplemental vitamin B6 can itself cause tingling and numbness (sensory "
        "neuropathy): the very symptoms that bring many people here."
    ),
    Nutrient.CALCIUM: (
        "Too much calcium, mostly from supplements, raises the risk of kidney stones."
    ),
    Nutrient.VITAMIN_D: "Too much vitamin D can raise blood calcium (hypercalcaemia).",
}

LIFE_STAGE_ROWS = {
    LifeStage.NONE: "general",
    LifeStage.PREGNANT: "pregnancy",
    LifeStage.LACTATING: "lactation",
}

# The special cases, in words a report can print.
NUTRIENT_NOTES: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: (
        "The magnesium UL applies only to magnesium from supplements and medicines, "
        "never to food and water."
    ),
    Nutrient.POTASSIUM: (
        "Potassium has no EAR or RDA and no UL (NASEM 2019): only an Adequate Intake. "
        "Below it, adequacy cannot be shown; that alone does not mean too little."
    ),
    Nutrient.SODIUM: (
        "Sodium has no EAR, RDA or UL (NASEM 2019): an Adequate Intake, and a Chronic "
        "Disease Risk Reduction intake (CDRR) above which intake should be reduced."
    ),
    Nutrient.VITAMIN_D: (
        "Vitamin D is also made in the skin in sunlight; the DRIs assume minimal sun "
        "exposure, and a food diary shows neither sun nor supplements."
    ),
}
B12_OVER_50_NOTE = (
    "After age 50, vitamin B12 should come mainly from fortified foods or supplements: "
    "many older people absorb the B12 bound in food poorly (IOM 1998)."
)
B12_NOTE_FROM_AGE = 51


Record = dict[str, Any]  # a row of a shipped table: text, or a float (NaN when empty)

# Columns of the shipped tables that hold numbers; an empty cell is no value (NaN).
_NUMBER_COLUMNS = {
    "age_min_years", "age_max_years", "ear", "rda", "ai", "ul", "cdrr", "cv_percent", "sd_w",
}  # fmt: skip


@functools.cache
def _records(name: str) -> tuple[Record, ...]:
    """The rows of a small shipped table (read with the csv module: these are a few
    hundred cells, and pandas would take longer to start than to read them)."""
    with resources.as_file(DATA / name) as path, open(path, encoding="utf-8", newline="") as f:
        return tuple(
            {
                column: (float(value) if value else math.nan)
                if column in _NUMBER_COLUMNS
                else value
                for column, value in row.items()
            }
            for row in csv.DictReader(f)
        )


def dri_table() -> pd.DataFrame:
    """Every row of the shipped DRI table (8 nutrients x 22 life-stage rows)."""
    return pd.DataFrame(list(_records("dri.csv")))


def requirement_cv() -> dict[str, float | None]:
    return {
        str(row["nutrient"]): None if math.isnan(row["cv_percent"]) else float(row["cv_percent"])
        for row in _records("requirement_cv.csv")
    }


def _completed_years(profile: Profile) -> int:
    return math.floor(profile.age if profile.age is not None else DEFAULT_AGE)


def _sexes(profile: Profile) -> list[str]:
    if profile.life_stage is not LifeStage.NONE:
        return [Sex.FEMALE.value]  # pregnancy and lactation rows are female rows
    if profile.sex is None:
        return [Sex.FEMALE.value, Sex.MALE.value]
    return [profile.sex.value]


def _age_words(low: float, high: float) -> str:
    return f"{int(low)}+" if high > 120 else f"{int(low)}-{int(high) - 1}"


def _rows_of_group(name: str, profile: Profile) -> list[Record]:
    """The rows of the data file NAME (columns life_stage, sex, age_min_years,
    age_max_years) for the person's life-stage group, either sex where it is not given."""
    years = _completed_years(profile)
    stage = LIFE_STAGE_ROWS[profile.life_stage]
    sexes = {*_sexes(profile), "any"}
    return [
        row
        for row in _records(name)
        if row["life_stage"] == stage
        and row["sex"] in sexes
        and row["age_min_years"] <= years < row["age_max_years"]
    ]


def group_records(profile: Profile) -> list[Record]:
    """The DRI rows of the person's life-stage group (two per nutrient when the sex is
    not given and the group differs by sex)."""
    rows = _rows_of_group("dri.csv", profile)
    if {row["nutrient"] for row in rows} != set(Nutrient):
        raise LookupError(f"the DRI table has no complete group for {profile!r}")
    return rows


@dataclass(frozen=True)
class WaterIntake:
    """The Adequate Intake for total water (food, drinks and drinking water) of a
    person's group: NASEM 2005 (screener/data/water_ai.csv)."""

    ai_l: float  # litres a day
    source: str


def water_ai(profile: Profile) -> WaterIntake:
    """The total-water AI of the person's group, from water_ai.csv; the higher of the
    two sexes' where the sex is not given (as every default here errs toward flagging)."""
    rows = _rows_of_group("water_ai.csv", profile)
    if not rows:
        raise LookupError(f"the water table has no group for {profile!r}")
    row = max(rows, key=lambda r: r["ai"])
    return WaterIntake(ai_l=float(row["ai"]), source=str(row["source"]).split(";")[0])


def group_rows(profile: Profile) -> pd.DataFrame:
    """group_records as a table."""
    return pd.DataFrame(group_records(profile))


def group_words(profile: Profile, rows: list[Record]) -> str:
    low, high = rows[0]["age_min_years"], rows[0]["age_max_years"]
    ages = _age_words(low, high)
    if profile.life_stage is LifeStage.PREGNANT:
        return f"pregnancy {ages}"
    if profile.life_stage is LifeStage.LACTATING:
        return f"lactation {ages}"
    if all(row["sex"] == "any" for row in rows):
        return f"children {ages}"
    if profile.sex is None:
        return f"{'adults' if low >= 19 else 'ages'} {ages} (sex not given)"
    return f"{profile.sex.value}s {ages}"


def _combine(values: list[float], pick: str) -> float | None:
    known = [value for value in values if not math.isnan(value)]
    if not known:
        return None
    return float(max(known) if pick == "max" else min(known))


def _sd_within(profile: Profile) -> dict[str, Record]:
    """nutrient -> the pooled within-person SD row for the person's group, where a
    sourced one exists."""
    if profile.sex is None or profile.life_stage is not LifeStage.NONE:
        return {}  # the SDs are per sex, and none is known for pregnancy or lactation
    years = _completed_years(profile)
    return {
        str(row["nutrient"]): row
        for row in _records("within_person_sd.csv")
        if row["sex"] == profile.sex.value and row["age_min_years"] <= years < row["age_max_years"]
    }


# What the person is asked to give: the terminal's options, the app's form fields.
ASKED = {False: {"age": "--age", "sex": "--sex"}, True: {"age": "the age", "sex": "the sex"}}


def default_note(
    profile: Profile, rows: list[Record] | None = None, app: bool = False
) -> str | None:
    """The sentence that says which default was used, or None when none was. ROWS: the
    group's reference rows (default: those of PROFILE); APP: asking in the app's words."""
    rows = group_records(profile) if rows is None else rows
    sex_matters = profile.life_stage is LifeStage.NONE and any(row["sex"] != "any" for row in rows)
    missing = []
    parts = []
    if profile.age is None:
        missing.append(ASKED[app]["age"])
        parts.append(f"age taken as {DEFAULT_GROUP_WORDS}")
    if profile.sex is None and sex_matters:
        missing.append(ASKED[app]["sex"])
        parts.append("the higher of the female and male values for each nutrient")
    if not missing:
        return None
    return (
        "Default profile: "
        + "; ".join(parts)
        + ". This errs toward flagging; give "
        + " and ".join(missing)
        + " for your own reference values."
    )


PUBLISHED_CV = "published CV"
IMPLIED_BY_RDA = "implied by RDA and EAR"


def sd_of_requirement(
    cv_percent: float | None, ear: float | None, rda: float | None
) -> tuple[float | None, str | None]:
    """(SD of requirement, its basis) by method.md section 2: CV x EAR where a CV is
    published; otherwise the spread the DRI committee built into the RDA, which covers
    about 97.5 % of the group: RDA = EAR + 2 SD_r, so SD_r = (RDA - EAR) / 2."""
    if ear is None:
        return None, None
    if cv_percent is not None:
        return round(cv_percent / 100 * ear, 6), PUBLISHED_CV
    if rda is not None and rda > ear:
        return round((rda - ear) / 2, 6), IMPLIED_BY_RDA
    return None, None


def reference_intakes(profile: Profile | None = None) -> ReferenceIntakes:
    """The person's reference values for the eight nutrients, with sources and notes."""
    return _reference_intakes(profile or Profile())


@functools.lru_cache(maxsize=256)
def _reference_intakes(profile: Profile) -> ReferenceIntakes:
    """reference_intakes of a PROFILE (frozen, as its values are): a folder's people of
    one profile each have them made once."""
    records = group_records(profile)
    cvs = requirement_cv()
    sds = _sd_within(profile)
    group = group_words(profile, records)
    intakes = []
    for nutrient, info in NUTRIENTS.items():
        own = [row for row in records if row["nutrient"] == nutrient.value]

        def values(column: str, own: list[dict[str, object]] = own) -> list[float]:
            return [float(row[column]) for row in own]  # type: ignore[arg-type]

        ear = _combine(values("ear"), "max")
        rda = _combine(values("rda"), "max")
        ul = _combine(values("ul"), "min")
        cv = cvs.get(nutrient.value)
        sd_requirement, sd_basis = sd_of_requirement(cv, ear, rda)
        sd_row = sds.get(nutrient.value)
        advice = [NUTRIENT_NOTES[nutrient]] if nutrient in NUTRIENT_NOTES else []
        if nutrient is Nutrient.VITAMIN_B12 and _completed_years(profile) >= B12_NOTE_FROM_AGE:
            advice.append(B12_OVER_50_NOTE)
        intakes.append(
            ReferenceIntake(
                nutrient=nutrient,
                unit=info.unit,
                ear=ear,
                rda=rda,
                ai=_combine(values("ai"), "max"),
                ul=ul,
                cdrr=_combine(values("cdrr"), "min"),
                ul_applies_to=(
                    UL_APPLIES_TO.get(nutrient, UL_APPLIES_TO_DEFAULT) if ul is not None else None
                ),
                cv_percent=cv,
                sd_requirement=sd_requirement,
                sd_requirement_basis=sd_basis,
                sd_within=None if sd_row is None else float(sd_row["sd_w"]),
                sd_within_status=None if sd_row is None else str(sd_row["status"]),
                sd_within_source=None if sd_row is None else str(sd_row["source"]),
                group=group,
                source=" || ".join(dict.fromkeys(str(row["source"]) for row in own)),
                notes="; ".join(n for n in dict.fromkeys(str(row["notes"]) for row in own) if n),
                advice=advice,
            )
        )
    return ReferenceIntakes(
        profile=profile,
        group=group,
        default_note=default_note(profile, records),
        intakes=intakes,
    )


# The reference values --references chooses, by the name every output gives them.
NASEM = "nasem"
EFSA = "efsa"
REFERENCE_SYSTEMS: dict[str, str] = {
    NASEM: "US/Canada Dietary Reference Intakes",
    EFSA: "EFSA Dietary Reference Values",
}
