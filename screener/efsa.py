"""EFSA's Dietary Reference Values for the eight nutrients (`--references efsa`).

Data: screener/data/efsa_drv.csv, EFSA's summary tables (2017) as tabulated in
../shared/reference/efsa_drv.csv, its rows for the eight nutrients unchanged; and
screener/data/efsa_ul.csv, the ULs of EFSA's (and the SCF's) UL opinions, each with its
source. EFSA's terms map onto the method's: an AR (average requirement) is an EAR, a PRI
(population reference intake) an RDA, an AI an AI; sodium's "safe and adequate intake"
is judged as an AI. Thiamin's AR and PRI are per MJ of energy: the person's own energy
intake gives the value.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from importlib import resources

from .errors import ScreenerError
from .models import LifeStage, Profile, ReferenceIntake, ReferenceIntakes, Sex
from .nutrients import NUTRIENTS, Nutrient
from .references import DEFAULT_AGE, _sd_within, default_note, sd_of_requirement  # the DRIs'

DATA = resources.files("screener") / "data"
KJ_PER_KCAL = 4.184

# EFSA's names of the eight, as efsa_drv.csv writes them.
EFSA_NAMES: dict[str, Nutrient] = {
    "Magnesium": Nutrient.MAGNESIUM,
    "Calcium": Nutrient.CALCIUM,
    "Thiamin": Nutrient.THIAMIN,
    "Vitamin B6": Nutrient.VITAMIN_B6,
    "Cobalamin": Nutrient.VITAMIN_B12,
    "Vitamin D": Nutrient.VITAMIN_D,
    "Potassium": Nutrient.POTASSIUM,
    "Sodium": Nutrient.SODIUM,
}
# efsa_drv.csv's units -> the factor to screener's (mg, µg); thiamin stays per MJ here
UNIT_FACTORS = {"mg/d": 1.0, "ug/d": 1.0, "g/d": 1000.0, "mg/MJ": 1.0}
PER_MJ = "mg/MJ"
STAGES = {LifeStage.NONE: "None", LifeStage.PREGNANT: "Pregnancy", LifeStage.LACTATING: "Lactation"}

# EFSA's words for each value, as EFSA writes them.
TERMS = {"ear": "AR", "rda": "PRI", "ai": "AI", "ul": "UL"}
SODIUM_TERM = "safe and adequate intake"

NOTES: dict[Nutrient, str] = {
    Nutrient.MAGNESIUM: (
        "EFSA sets an Adequate Intake for magnesium, no AR or PRI: below it adequacy cannot "
        "be shown. Its UL (250 mg, SCF 2001) is for magnesium from supplements and "
        "medicines only, never food and water."
    ),
    Nutrient.POTASSIUM: (
        "EFSA sets an Adequate Intake for potassium (3,500 mg for adults), no AR or PRI and "
        "no UL: below it adequacy cannot be shown; that alone does not mean too little."
    ),
    Nutrient.SODIUM: (
        "EFSA sets 2.0 g of sodium a day as a safe and adequate intake for adults, "
        "and no UL; it is judged here as an Adequate Intake."
    ),
    Nutrient.VITAMIN_D: (
        "EFSA's vitamin D value is an Adequate Intake set assuming minimal sun exposure "
        "(minimal synthesis in the skin); a food diary shows neither sun nor supplements."
    ),
    Nutrient.VITAMIN_B12: (
        "EFSA sets an Adequate Intake for vitamin B12 (cobalamin; 4.0 µg for adults), no "
        "AR or PRI: below it adequacy cannot be shown."
    ),
}
THIAMIN_NOTE = "EFSA's thiamin values are per MJ of energy (AR 0.072 mg/MJ, PRI 0.1 mg/MJ): {how}."


class EnergyNeededError(ScreenerError, ValueError):
    """EFSA's thiamin value needs the person's energy intake, and the diary has none."""

    def __str__(self) -> str:
        return (
            "EFSA's thiamin value is per MJ of energy, and no food of the diary has a known "
            "energy value: use --references nasem, or foods whose energy the table gives"
        )


def _span(age_group: str) -> tuple[float, float]:
    """An age group of efsa_drv.csv as [low, high) in years: '1-3 yr' -> (1, 4),
    '7-11 mo' -> (7/12, 1), '>25 yr' -> (25, 200); a life stage covers every age."""
    if age_group in ("Pregnancy", "Lactation"):
        return 0.0, 200.0
    if age_group.startswith(">"):
        return float(age_group[1:].split()[0]), 200.0
    match = re.fullmatch(r"(\d+)-(\d+) (yr|mo)", age_group)
    if match is None:
        raise ValueError(f"efsa_drv.csv: age group {age_group!r} not understood")
    low, high, unit = int(match.group(1)), int(match.group(2)), match.group(3)
    scale = 12.0 if unit == "mo" else 1.0
    return low / scale, (high + 1) / scale


@functools.cache
def drv_rows() -> tuple[dict[str, object], ...]:
    """The rows of efsa_drv.csv with nutrient key, sexes, age span and value in screener's
    unit (None where EFSA gives none)."""
    rows = []
    with resources.as_file(DATA / "efsa_drv.csv") as path, open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            low, high = _span(row["age_group"])
            value = float(row["value"]) * UNIT_FACTORS[row["units"]] if row["value"] else None
            rows.append({
                **row, "key": EFSA_NAMES[row["nutrient"]],
                "sexes": {"Males": {"male"}, "Females": {"female"}}.get(row["sex"],
                                                                        {"male", "female"}),
                "low": low, "high": high, "amount": value,
            })  # fmt: skip
    return tuple(rows)


@functools.cache
def ul_rows() -> tuple[dict[str, str], ...]:
    with resources.as_file(DATA / "efsa_ul.csv") as path, open(path, encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def _years(profile: Profile) -> int:
    return math.floor(profile.age if profile.age is not None else DEFAULT_AGE)


def _sexes(profile: Profile) -> set[str]:
    if profile.life_stage is not LifeStage.NONE:
        return {Sex.FEMALE.value}
    if profile.sex is None:
        return {Sex.FEMALE.value, Sex.MALE.value}
    return {profile.sex.value}


def group_rows(profile: Profile, nutrient: Nutrient) -> tuple[list[dict[str, object]], bool]:
    """(the person's rows of NUTRIENT, whether the life stage had none of its own at this
    age and the age group's rows stand in: EFSA gives no pregnancy value for sodium, nor
    for calcium, magnesium and potassium under 18)."""
    years, sexes = _years(profile), _sexes(profile)

    def rows_of(stage: str) -> list[dict[str, object]]:
        return [
            row for row in drv_rows()
            if row["key"] is nutrient and row["stage"] == stage and row["sexes"] & sexes
            and row["low"] <= years < row["high"]
        ]  # fmt: skip

    own = rows_of(STAGES[profile.life_stage])
    if own or profile.life_stage is LifeStage.NONE:
        return own, False
    return rows_of("None"), True


def _highest(rows: list[dict[str, object]], drv: str) -> float | None:
    values = [float(row["amount"]) for row in rows if row["drv"] == drv and row["amount"]]  # type: ignore[arg-type]
    return max(values) if values else None


def _ul(profile: Profile, nutrient: Nutrient) -> tuple[float | None, str | None, str]:
    years = _years(profile)
    for row in ul_rows():
        if row["nutrient"] == nutrient.value and (
            float(row["age_min_years"]) <= years < float(row["age_max_years"])
        ):
            return float(row["ul"]), row["ul_applies_to"], row["source"]
    return None, None, ""


def energy_mj(energy_kcal: float) -> float:
    return energy_kcal * KJ_PER_KCAL / 1000.0


def group_words(profile: Profile) -> str:
    years = _years(profile)
    if profile.life_stage is LifeStage.PREGNANT:
        return f"pregnancy, age {years}"
    if profile.life_stage is LifeStage.LACTATING:
        return f"lactation, age {years}"
    who = {None: "adults (sex not given)" if years >= 18 else "children (sex not given)",
           Sex.FEMALE: "females", Sex.MALE: "males"}[profile.sex]  # fmt: skip
    return f"{who}, age {years}"


def efsa_reference_intakes(
    profile: Profile | None = None, energy_kcal: float | None = None
) -> ReferenceIntakes:
    """The person's EFSA reference values for the eight nutrients. ENERGY_KCAL (the
    person's mean daily energy intake) gives thiamin's AR and PRI, set per MJ; without
    it thiamin has none (and `references` shows the per-MJ values)."""
    profile = profile or Profile()
    group = group_words(profile)
    # the within-person SD of daily intake is the diet's, not the reference values'
    sds = _sd_within(profile)
    intakes = []
    for nutrient, info in NUTRIENTS.items():
        rows, stood_in = group_rows(profile, nutrient)
        if not rows:
            raise LookupError(f"efsa_drv.csv has no {nutrient.value} value for {profile!r}")
        ar = _highest(rows, "AR")
        pri_or_ai = _highest(rows, "PRI/AI") or _highest(rows, "AI")
        per_mj = any(row["units"] == PER_MJ for row in rows)
        notes = []
        advice = [NOTES[nutrient]] if nutrient in NOTES else []
        if per_mj:
            how = "not applied without an energy intake"
            if energy_kcal is not None:
                mj = energy_mj(energy_kcal)
                how = (
                    f"applied to this person's own mean energy intake, {energy_kcal:.0f} kcal "
                    f"({mj:.2f} MJ) a day"
                )
                # to 3 decimals, as EFSA writes its own mg values
                ar = None if ar is None else round(ar * mj, 3)
                pri_or_ai = None if pri_or_ai is None else round(pri_or_ai * mj, 3)
            else:
                ar = pri_or_ai = None
            advice.append(THIAMIN_NOTE.format(how=how))
        if stood_in:
            notes.append(
                f"EFSA gives no {STAGES[profile.life_stage].lower()} value at this age: "
                "the age group's value is used"
            )
        # an AR where EFSA sets one: the PRI is then a PRI, else the value is an AI
        has_ar = ar is not None or (per_mj and energy_kcal is None)
        ul, applies, ul_source = _ul(profile, nutrient)
        sd, basis = sd_of_requirement(None, ar, pri_or_ai if has_ar else None)
        sd_row = sds.get(nutrient.value)
        sources = dict.fromkeys(f"EFSA (2017) DRV summary, {row['efsa_table']}" for row in rows)
        intakes.append(
            ReferenceIntake(
                nutrient=nutrient, unit=info.unit, ear=ar,
                rda=pri_or_ai if has_ar else None, ai=None if has_ar else pri_or_ai,
                ul=ul, cdrr=None, ul_applies_to=applies, cv_percent=None,
                sd_requirement=sd, sd_requirement_basis=basis,
                sd_within=None if sd_row is None else float(sd_row["sd_w"]),
                sd_within_status=None if sd_row is None else str(sd_row["status"]),
                sd_within_source=None if sd_row is None else str(sd_row["source"]),
                group=group,
                source=" || ".join([*sources, *([ul_source] if ul_source else [])]),
                notes="; ".join(notes), advice=advice, system="efsa",
            )
        )  # fmt: skip
    rows_for_note = [{"sex": "female" if profile.sex is None else "any"}]
    return ReferenceIntakes(
        profile=profile, group=group, default_note=default_note(profile, rows_for_note),
        intakes=intakes, system="efsa",
    )  # fmt: skip


def per_mj_values(profile: Profile) -> tuple[float | None, float | None]:
    """Thiamin's (AR, PRI) in mg per MJ for the person, as EFSA writes them."""
    rows, _ = group_rows(profile, Nutrient.THIAMIN)
    return _highest(rows, "AR"), _highest(rows, "PRI/AI")
