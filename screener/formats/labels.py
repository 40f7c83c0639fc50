"""Nutrient columns as apps built on food labels (MyFitnessPal, LoseIt) name them.

Their amounts are per logged entry or meal, in mg where the column or the cell says no
other unit. Calcium without a unit is a % of the label Daily Value, as in MyFitnessPal's
exports and printable diary.
"""

from __future__ import annotations

from ..nutrients import NUTRIENTS, Nutrient
from ..rows import ColumnPatterns

# The US label Daily Value for calcium was 1,000 mg until the 2016 label rule (in force
# from 2020, 2021 for small makers), 1,300 mg since. An entry's % came from the label it
# was typed from, which a diary does not say, so screener reads % with 1,000 mg: the lower
# of the two, so calcium is never overstated (it may be understated by up to 23 %).
CALCIUM_DAILY_VALUE_MG = 1000.0

_MG = r"(?: \(mg\))?"
COLUMNS: ColumnPatterns = {
    "energy_kcal": [(r"calories(?: \(kcal\))?|energy(?: \(kcal\))?|food cals", 1.0)],
    "caffeine_mg": [(rf"caffeine{_MG}", 1.0)],
    NUTRIENTS[Nutrient.MAGNESIUM].column: [(rf"magnesium{_MG}", 1.0)],
    NUTRIENTS[Nutrient.CALCIUM].column: [
        (r"calcium \(mg\)", 1.0),
        (r"calcium(?: \(%(?: dv)?\))?", CALCIUM_DAILY_VALUE_MG / 100, "%"),
    ],
    NUTRIENTS[Nutrient.POTASSIUM].column: [(rf"potassium{_MG}", 1.0)],
    NUTRIENTS[Nutrient.SODIUM].column: [(rf"sodium{_MG}", 1.0)],
}


def percent_note(header: list[str], path: str) -> list[str]:
    """The note a file with calcium as % Daily Value gets."""
    if "calcium" in header or "calcium (%)" in header or "calcium (% dv)" in header:
        return [
            f"{path}: calcium is given as % of the label Daily Value; read with a Daily "
            f"Value of {CALCIUM_DAILY_VALUE_MG:,.0f} mg (labels since 2020 use 1,300 mg, "
            "so calcium may be understated)"
        ]
    return []
