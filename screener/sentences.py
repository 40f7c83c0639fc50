"""The sentences a report says, in one place: the text table and the page (and the
app, through the page) both word them from here."""

from __future__ import annotations

import textwrap
from collections import Counter

from .diary import ValueSource
from .models import AssumedRow, NutrientResult, RejectReason, Report, Status
from .scoring import INCOMPLETE_DAY_KCAL, OWN_DAYS

WIDTH = 80

BEYOND_NUTRIENTS = (
    "Stress, too little sleep, dehydration and hard exercise can all bring on twitches "
    "and cramps; rest, regular fluids and moderate exercise help."
)
SALT_NOTE = "Salt added in cooking or at the table is rarely logged."
CAFFEINE_NOTE = (
    "Caffeine and other stimulants can make twitching worse; about 400 mg a day is the "
    "amount usually cited as safe for healthy adults."
)


def fmt_amount(value: float | None, unit: str = "") -> str:
    if value is None:
        return "unknown"
    text = f"{value:.0f}" if abs(value) >= 10 or value == 0 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def coverage_text(coverage: float) -> str:
    """Five characters: ' 57%', '135%', or ' 47x' from 1000 % on."""
    return f"{coverage:4.0f}%" if coverage < 999.5 else f"{coverage / 100:4.0f}x"


def coverage_bar(coverage: float | None, width: int = 10) -> str:
    """'███████░░░' for 70 %; full at 100 % and more."""
    if coverage is None:
        return " " * width
    filled = round(min(coverage, 100.0) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def status_words(result: NutrientResult) -> str:
    if result.status is None:
        return "no data"
    if result.target_type == "AI" and result.status in (Status.LOW, Status.BORDERLINE):
        return f"{result.status.value}: below the Adequate Intake"
    if result.status is Status.HIGH:
        return "high: above the CDRR, worth reducing"
    return result.status.value


def wrap(text: str, indent: str = "", hanging: int = 2) -> list[str]:
    """TEXT wrapped at 80 columns; continuation lines indented under the first."""
    follow = " " * (len(indent) + hanging)
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=follow) or [""]


LOW_HEADING = "Little dietary coverage"
PLAN_HEADING = "One way to close the gaps"
HIGH_HEADING = "Above the CDRR: worth reducing"


# Below this share of known values, a total is a floor, not an estimate.
MOSTLY_KNOWN_PCT = 95.0


def coverage_gaps(report: Report) -> list[NutrientResult]:
    """Nutrients that get little dietary coverage (low or borderline)."""
    return [r for r in report.results if r.status in (Status.LOW, Status.BORDERLINE)]


def too_high(report: Report) -> list[NutrientResult]:
    """Nutrients flagged for being above their CDRR (sodium)."""
    return [r for r in report.results if r.status is Status.HIGH]


def caffeine_sentence(report: Report) -> str:
    """Caffeine per day, said as a floor where part of it is unknown, or unknown."""
    if report.caffeine_mg_per_day is None:
        return "Caffeine: unknown (no item of this diary has a known caffeine value). "
    share = report.caffeine_complete_pct
    if share is not None and share < MOSTLY_KNOWN_PCT and report.caffeine_mg_per_day == 0:
        return f"Caffeine: none in the {share:.0f}% of what was eaten whose caffeine is known. "
    if share is not None and share < MOSTLY_KNOWN_PCT:
        return (
            f"Caffeine: at least {report.caffeine_mg_per_day:.0f} mg a day in this diary "
            f"(known for only {share:.0f}% of what was eaten). "
        )
    return f"Caffeine: {report.caffeine_mg_per_day:.0f} mg a day in this diary. "


WATER_NOTE = "Plain water is often not logged, so a low figure may mean only that it was not."


def water_sentence(report: Report) -> str:
    """Water from food and drinks against the Adequate Intake for total water: a floor
    where part of it is unknown, or unknown."""
    if report.water_l_per_day is None or report.water_ai_l is None:
        return "Water: unknown (no item of this diary has a known water value). "
    share = report.water_complete_pct
    floor = "at least " if share is not None and share < MOSTLY_KNOWN_PCT else ""
    known = f", known for only {share:.0f}% of what was eaten and drunk" if floor else ""
    pct = 100 * report.water_l_per_day / report.water_ai_l
    return (
        f"Water from food and drinks: {floor}{report.water_l_per_day:.1f} L a day{known}, "
        f"{pct:.0f}% of the Adequate Intake for total water ({report.water_ai_l:g} L a day, "
        "NASEM 2005). "
    )


_SOURCE_WORDS = {
    ValueSource.EXPORT.value: "as logged in the diary file",
    ValueSource.FOOD_TABLE.value: "from the food table",
    ValueSource.BOTH.value: "as logged, and from the food table where the file had none",
    ValueSource.NONE.value: "unknown: not in the diary file, and no food to look up",
}


def sources_sentence(report: Report) -> str:
    """Where each nutrient's values came from, grouped, naming the food tables."""
    by_source: dict[str, list[str]] = {}
    for r in report.results:
        by_source.setdefault(r.values_from, []).append(r.name)
    tables = f" ({', '.join(report.food_tables)})" if report.food_tables else ""

    def words(source: str) -> str:
        said = _SOURCE_WORDS[source]
        return said.replace("the food table", f"the food table{tables}", 1)

    # the credit a national table's licence asks for, wherever its values are used
    credits = "".join(f" Food table: {credit}." for credit in report.food_table_credits)
    if len(by_source) == 1:
        (source,) = by_source
        return f"Values: {words(source)}, for every nutrient.{credits}"
    parts = [f"{words(source)}: {', '.join(names)}" for source, names in by_source.items()]
    return "Values " + "; ".join(parts) + "." + credits


def implausible_sentence(report: Report, app: bool = False) -> str | None:
    """The rows used as written that look wrong, to check (APP: the app has no
    --details to point to)."""
    if not report.implausible_rows:
        return None
    rows = report.implausible_rows
    listed = "; ".join(
        f"line {r.line} ({r.food}): {r.flag.split(': ', 1)[-1]}" for r in rows[:ROWS_LISTED]
    )
    more = (
        f"; and {len(rows) - ROWS_LISTED:,} more" + ("" if app else " (all in --details)")
        if len(rows) > ROWS_LISTED
        else ""
    )
    return f"Implausible, used as written (check them): {listed}{more}."


ROWS_LISTED = 5


# What the rows read as a usual portion were written with (units.Measures.portion_of).
USUAL_PORTION_ROWS = (
    "without an amount, in a glass, bowl, mug, plate or handful of no stated size, or "
    "in a size their food is not weighed in, were read as a usual portion"
)


# What the rows read by another food's measure were (units.Measures.reading).
BORROWED_ROWS = (
    "were read by another food's measure, their own table having none of the unit written"
)


def assumed_sentence(report: Report, app: bool = False) -> str | None:
    """What was assumed, counted: rows without an amount read as a usual portion (each
    listed, up to ROWS_LISTED), rows read by another food's measure, rows whose food was
    assumed, rows fuzzy-matched (APP: the app has no --details to point to)."""
    said = []
    # (a line of several foods, "toast with butter": each amount's food said)
    lines = Counter(r.line for r in report.amounts_assumed)

    def amount(r: AssumedRow) -> str:
        which = f" ({str(r.name).split(',')[0]})" if lines[r.line] > 1 and r.name else ""
        return f'line {r.line} "{r.food}"{which}, {fmt_amount(r.grams, "g")}'

    usual = [r for r in report.amounts_assumed if r.borrowed is None]
    borrowed = [r for r in report.amounts_assumed if r.borrowed is not None]
    for rows, words, shown in (
        (usual, USUAL_PORTION_ROWS, amount),
        (borrowed, BORROWED_ROWS, lambda r: f"{amount(r)} by {r.borrowed}"),
        (report.foods_assumed, "took the usual form of a food",
         lambda r: f'line {r.line} "{r.food}" as {r.name}'),
        (report.fuzzy_matched, "matched a food by a fuzzy match",
         lambda r: f'line {r.line} "{r.food}" as {r.name}'),
    ):  # fmt: skip
        if rows:
            listed = "; ".join(shown(r) for r in rows[:ROWS_LISTED])
            more = f"; and {len(rows) - ROWS_LISTED:,} more" if len(rows) > ROWS_LISTED else ""
            said.append(f"{_rows(len(rows))} {words}: {listed}{more}.")
    if not said:
        return None
    marks = "" if app else " (--details marks each row)"
    return f"Assumed, to check{marks}: " + " ".join(said)


def _rows(count: int) -> str:
    return f"{count:,} row" + ("" if count == 1 else "s")


def incomplete_sentence(report: Report) -> str:
    """The days of less energy than a whole day's eating: perhaps not all logged."""
    listed = ", ".join(f"{d.date} ({d.energy_kcal:.0f} kcal)" for d in report.incomplete_days)
    return f"Looks incomplete (under {INCOMPLETE_DAY_KCAL:g} kcal): {listed}"


def skipped_sentence(report: Report) -> str | None:
    """The lines that are not entries, by kind: empty dates named, the rest counted."""
    if not report.skipped:
        return None
    empty = [s.value for s in report.skipped if s.reason is RejectReason.EMPTY_DAY]
    others: dict[str, int] = {}
    for s in report.skipped:
        if s.reason not in (RejectReason.EMPTY_DAY, RejectReason.LEFT_OUT):
            others[SKIPPED_WORDS[s.reason]] = others.get(SKIPPED_WORDS[s.reason], 0) + 1
    said = []
    if empty:
        said.append(f"dates with nothing logged, not counted as days: {', '.join(empty)}")
    said += [f"{count} {words}" for words, count in others.items()]
    left = [s.value for s in report.skipped if s.reason is RejectReason.LEFT_OUT]
    if left:  # the person's own choice: each name said
        names = ", ".join(dict.fromkeys(left))
        said.append(f"{len(left)} {'row' if len(left) == 1 else 'rows'} you left out ({names})")
    return "Left out: " + "; ".join(said) + "."


SKIPPED_WORDS = {
    RejectReason.DELETED_ENTRY: "entries deleted in the app",
    RejectReason.NOT_FOOD: "exercise lines",
    RejectReason.SUBTOTAL: "meal subtotals (the day's Total row counts)",
    RejectReason.NOTE_TEXT: "lines of notes",
    RejectReason.OUTSIDE_DAYS: "rows outside the chosen days",
}


def days_line(report: Report) -> str:
    """Days logged, their span, the rows; and the days chosen, where they were."""
    days = f"Days logged: {report.days_logged}"
    if report.days_logged > 1:
        days += f", {report.first_date} to {report.last_date}"
    days += f"; {report.rows_used} rows used, {len(report.rejected)} rejected"
    chosen = days_chosen_words(report)
    return days + (f" ({chosen})" if chosen else "")


def days_chosen_words(report: Report) -> str | None:
    """'the days chosen: A to B, of a diary from C to D', where days were chosen."""
    chosen = report.days_chosen
    if chosen is None:
        return None
    return (
        f"the days chosen: {chosen.from_date or 'the start'} to {chosen.to_date or 'the end'}, "
        f"of a diary from {chosen.diary_first_date} to {chosen.diary_last_date}"
    )


def basis(r: NutrientResult) -> str:
    """' (from your own 7 days)' where the confidence rests on the diary's own spread."""
    if r.sd_within_basis == OWN_DAYS:
        return f" (from your own {r.days_logged} days)"
    return ""
