"""Every diary format screener reads, the order they are tried in, and the exports of
the same apps it refuses (with what to export instead).

A format is one module with a `FORMAT` (`screener.diary.DiaryFormat`): how to recognise
its header and how to turn a record into a row. Adding a format is adding a module, its
line in FORMATS, its fixtures and its tests.
"""

from __future__ import annotations

from ..errors import DataFileError
from ..rows import DiaryFormat
from . import asa24, cronometer_daily, cronometer_servings, loseit, meal_log, mfp_diary, mfp_summary

# Tried in this order; the first whose header test passes reads the file. The meal log
# comes first: a file that has its columns is ours, whatever else it has.
FORMATS: tuple[DiaryFormat, ...] = (
    meal_log.FORMAT,
    cronometer_servings.FORMAT,
    cronometer_daily.FORMAT,
    mfp_summary.FORMAT,
    mfp_diary.FORMAT,
    loseit.FORMAT,
    asa24.TOTALS,
    asa24.ITEMS,
    asa24.SUPPLEMENTS,
)

CRONOMETER_INSTEAD = "export 'Servings' (Food & Recipe entries) from Cronometer instead"
MFP_INSTEAD = (
    "take the Nutrition Summary file of MyFitnessPal's export, or a food diary saved "
    "from its printable diary, instead"
)
LOSEIT_INSTEAD = "take the food log (food-logs.csv, or a weekly export) from LoseIt instead"

# Exports that hold no food: (columns that all mark it, what it is, what to take instead).
# Checked in order, after every format has declined the file.
REFUSALS: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"exercise calories"}), "a MyFitnessPal exercise summary", MFP_INSTEAD),
    (frozenset({"calories", "minutes"}), "an exercise diary", MFP_INSTEAD),
    (frozenset({"note type"}), "a MyFitnessPal notes diary", MFP_INSTEAD),
    (frozenset({"date", "weight"}), "a weight or measurement export", MFP_INSTEAD),
    (frozenset({"food cals", "exercise cals"}), "a LoseIt daily calorie summary", LOSEIT_INSTEAD),
    (frozenset({"calories burned"}), "a Cronometer exercise export", CRONOMETER_INSTEAD),
    (frozenset({"exercise"}), "a Cronometer exercise export", CRONOMETER_INSTEAD),
    (frozenset({"metric"}), "a Cronometer biometrics export", CRONOMETER_INSTEAD),
    (frozenset({"note"}), "a Cronometer notes export", CRONOMETER_INSTEAD),
    (frozenset({"title", "body"}), "a LoseIt notes export", LOSEIT_INSTEAD),
)

HELP = (
    "expected a meal log (columns date, food or food_id, amount, unit; see the README), "
    "a Cronometer servings or daily-summary export, a MyFitnessPal nutrition summary or "
    "food diary, a LoseIt food log, or an ASA24 Totals or Items file"
)


def detect(header: list[str], path: str) -> DiaryFormat:
    """The format of a file with this (lower-cased, trimmed) header, or a DataFileError
    that says what the file looks like and what to export instead."""
    for diary_format in FORMATS:
        if diary_format.matches(header):
            return diary_format
    if asa24.refused(header):
        raise DataFileError(path, f"this looks like {asa24.SUPPLEMENTS_INSTEAD}")
    names = set(header)
    for columns, what, instead in REFUSALS:
        if columns <= names:
            raise DataFileError(path, f"this looks like {what}, which has no foods; {instead}")
    shown = ", ".join(header[:8]) + (", …" if len(header) > 8 else "")
    raise DataFileError(path, f"no recognisable header ({shown}): {HELP}", line=1)


__all__ = ["FORMATS", "REFUSALS", "detect"]
