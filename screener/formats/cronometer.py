"""What Cronometer's exports share: their nutrient columns, and their refusals."""

from __future__ import annotations

from ..nutrients import IU_PER_UG_VITAMIN_D, NUTRIENTS, Nutrient
from ..rows import ColumnPatterns

# Cronometer nutrient columns, matched by name and unit, never by position. Each pattern
# is matched against the lower-cased header; the factor turns the column into our unit.
_MICRO = "(?:µg|μg|mcg|ug)"
COLUMNS: ColumnPatterns = {
    "energy_kcal": [(r"energy \(kcal\)", 1.0)],
    "water_g": [(r"water \(g\)", 1.0)],
    "caffeine_mg": [(r"caffeine \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.MAGNESIUM].column: [(r"magnesium \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.CALCIUM].column: [(r"calcium \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.THIAMIN].column: [(r"(?:b1 \(thiamine?\)|thiamine?) \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_B6].column: [(r"(?:b6 \(pyridoxine\)|vitamin b6) \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.VITAMIN_B12].column: [
        (rf"(?:b12 \(cobalamin\)|vitamin b12) \({_MICRO}\)", 1.0)
    ],
    NUTRIENTS[Nutrient.VITAMIN_D].column: [
        (r"vitamin d \(iu\)", 1.0 / IU_PER_UG_VITAMIN_D, "IU"),
        (rf"vitamin d \({_MICRO}\)", 1.0),
    ],
    NUTRIENTS[Nutrient.POTASSIUM].column: [(r"potassium \(mg\)", 1.0)],
    NUTRIENTS[Nutrient.SODIUM].column: [(r"sodium \(mg\)", 1.0)],
}

DATE_COLUMNS = ("day", "date")
