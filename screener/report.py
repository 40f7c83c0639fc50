"""Turning a scored Report into what people read: a table, CSV, JSON, details CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .models import (
    CSV_COLUMNS,
    NutrientResult,
    Report,
    TrendRow,
    UlStatus,
    absent_fields,
    report_frame,
)
from .nutrients import NUTRIENTS, VALUE_COLUMNS, Nutrient
from .output import frame_to_csv
from .references import NASEM, REFERENCE_SYSTEMS
from .rows import ROW_COLUMNS
from .scoring import daily_totals
from .sentences import (
    BEYOND_NUTRIENTS,
    CAFFEINE_NOTE,
    HIGH_HEADING,
    LOW_HEADING,
    MOSTLY_KNOWN_PCT,
    PLAN_HEADING,
    SALT_NOTE,
    WATER_NOTE,
    assumed_sentence,
    basis,
    caffeine_sentence,
    coverage_bar,
    coverage_gaps,
    coverage_text,
    days_line,
    fmt_amount,
    implausible_sentence,
    incomplete_sentence,
    skipped_sentence,
    sources_sentence,
    status_words,
    too_high,
    water_sentence,
    wrap,
)

if TYPE_CHECKING:  # the planner (pydantic models, a data file) only for the plan command
    from .plan import Plan


def render_csv(report: Report) -> str:
    return frame_to_csv(report_frame(report))


def render_json(report: Report) -> str:
    exclude: dict[str, object] = {"results": {"__all__": absent_fields(report)}}
    if not report.supplements_included:
        exclude |= {"supplements_included": True, "supplement_rejected": True}
    if report.days_chosen is None:  # the whole diary, as before days could be chosen
        exclude |= {"days_chosen": True}
    if report.trend_by is None:  # 4 weeks or less: no trend to show
        exclude |= {"trend_by": True, "trend": True, "trend_notes": True}
    if not report.food_table_credits:
        exclude |= {"food_table_credits": True}
    if report.references == NASEM:
        exclude |= {"references": True}
    return report.model_dump_json(indent=2, exclude=exclude) + "\n"


def render_table(report: Report) -> str:
    lines = [
        f"Diary: {report.diary} ({report.diary_kind})"
        + (f", user {report.user}" if report.user else ""),
        f"Profile: {report.reference_group}, {REFERENCE_SYSTEMS[report.references]}",
    ]
    if report.default_note:
        lines += wrap(report.default_note)
    lines += wrap(days_line(report))
    if report.incomplete_days:
        lines += wrap(incomplete_sentence(report))
    for sentence in (
        skipped_sentence(report),
        implausible_sentence(report),
        assumed_sentence(report),
    ):
        if sentence:
            lines += wrap(sentence)
    lines.append("")
    lines += _supplement_table(report) if report.supplements_included else _table(report)
    b_vitamins = [r for r in report.results if r.group == "B vitamins"]
    lines.append(
        "B vitamins: "
        + ", ".join(f"{r.name.split(' (')[0]} {r.status or 'no data'}" for r in b_vitamins)
    )
    incomplete_data = [
        f"{r.name} {r.data_complete_pct:.0f}%"
        for r in report.results
        if r.data_complete_pct and r.data_complete_pct < MOSTLY_KNOWN_PCT  # 0: said below
    ]
    if incomplete_data:
        lines += wrap(
            "Values known for only part of what was eaten (unknown is not counted as "
            "zero): " + ", ".join(incomplete_data)
        )
    lines += wrap(sources_sentence(report))
    lines.append("")
    lines.append(
        f"How sure can {report.days_logged} day(s) be? (IOM 2000: the chance that usual "
        "intake is adequate)"
    )
    computed = [r for r in report.results if r.confidence is not None]
    for r in computed:
        lines += wrap(f"{r.name}: {100 * r.confidence:.0f}%, {r.confidence_words}{basis(r)}.", "  ")
    for r in report.results:
        if r.limit_confidence is not None:
            limit = "CDRR" if r.cdrr is not None else "UL"
            lines += wrap(
                f"{r.name} against its {limit}: {100 * r.limit_confidence:.0f}%, "
                f"{r.limit_words}{basis(r)}.",
                "  ",
            )
    reasons: dict[str, list[str]] = {}
    for r in report.results:
        if r.confidence is None:
            reasons.setdefault(str(r.confidence_note), []).append(r.name)
    for reason, names in reasons.items():
        lines += wrap(f"Not computed for {', '.join(names)}: {reason}.", "  ")
    gaps = coverage_gaps(report)
    if gaps:
        lines += ["", LOW_HEADING]
        for r in gaps:
            lines.append(
                f"{r.name}: {status_words(r)} ({fmt_amount(r.mean_daily_intake, r.unit)} "
                f"a day, {r.coverage_pct:.0f}% of the {r.target_type})"
            )
            lines += trend_line(report, r)
            lines += _contributor_lines(r)
            if r.nutrient is Nutrient.SODIUM:
                lines += wrap(SALT_NOTE, "  ")
            if r.suggestions:
                adds = "; ".join(
                    f"{s.label} ({s.portion}) {fmt_amount(s.amount, r.unit)}" for s in r.suggestions
                )
                lines += wrap(f"Foods that would add it: {adds}", "  ")
    high = too_high(report)
    if high:
        lines += ["", HIGH_HEADING]
        for r in high:
            lines.append(
                f"{r.name}: {fmt_amount(r.mean_daily_intake, r.unit)} a day, above the CDRR "
                f"of {r.cdrr:g} {r.unit}"
            )
            lines += trend_line(report, r)
            lines += _contributor_lines(r)
    if report.trend_notes:
        lines += ["", f"How intake changed (by {report.trend_by})"]
        for note in report.trend_notes:
            lines += wrap(note, "  ")
    if report.next_step:
        lines += ["", PLAN_HEADING, *wrap(report.next_step, "  ")]
    over = [r for r in report.results if r.ul_status is UlStatus.ABOVE]
    if over:
        lines += ["", "Above the upper limit (UL)"]
        for r in over:
            lines += wrap(str(r.ul_note), "  ")
    lines += ["", "Beyond nutrients"]
    lines += wrap(caffeine_sentence(report) + CAFFEINE_NOTE, "  ")
    lines += wrap(water_sentence(report) + WATER_NOTE, "  ")
    lines += wrap(BEYOND_NUTRIENTS, "  ")
    lines += ["", "Notes"]
    for note in report.notes + report.warnings:
        lines += wrap(note, "- ", hanging=0)
    if report.rejected:
        lines += wrap(
            f"{len(report.rejected)} diary row(s) could not be used (listed on stderr; "
            "all rows in --details).",
            "- ",
            hanging=0,
        )
    lines += ["", *wrap(report.disclaimer, hanging=0)]
    return "\n".join(lines) + "\n"


# The compact trend line of a flagged nutrient shows its last periods; --trend FILE and
# the JSON have them all.
TREND_SHOWN = 12


def trend_line(report: Report, r: NutrientResult) -> list[str]:
    """'By month, mg a day: 2018-01 160 (31 d), 2018-02 none (0 d), …' for a nutrient."""
    rows = [t for t in report.trend if t.nutrient is r.nutrient]
    if not rows:
        return []
    shown = rows[-TREND_SHOWN:]
    which = f"the last {len(shown)} of {len(rows)} " if len(rows) > len(shown) else ""
    cells = ", ".join(
        f"{t.period} "
        + (fmt_amount(t.mean_daily_intake) if t.mean_daily_intake is not None else "none")
        + f" ({t.days_logged}d)"
        for t in shown
    )
    return wrap(f"By {report.trend_by}, {which}{r.unit} a day: {cells}", "  ")


def trend_frame(report: Report) -> pd.DataFrame:
    """The trend as a table (`--trend FILE`): one row per nutrient and period."""
    columns = list(TrendRow.model_fields)
    return pd.DataFrame([t.model_dump(mode="json") for t in report.trend], columns=columns)


def _contributor_lines(r: NutrientResult) -> list[str]:
    if not r.contributors:
        return []
    supplied = ", ".join(f"{c.food} {c.share_pct:.0f}%" for c in r.contributors)
    return wrap(f"From your diary: {supplied}", "  ")


def _target(r: NutrientResult) -> str:
    return f"{r.target:g} {r.unit} {r.target_type}" if r.target is not None else "-"


def _table(report: Report) -> list[str]:
    header = (
        f"{'Nutrient':<12}  {'Per day':>9}  {'Target':<11}  {'Coverage':<15}  "
        f"{'Status':<10}  {'Conf.':>5}"
    )
    lines = [header, "-" * len(header)]
    for r in report.results:
        coverage = (
            f"{coverage_text(r.coverage_pct)} {coverage_bar(r.coverage_pct)}"
            if r.coverage_pct is not None
            else ""
        )
        status = r.status.value if r.status else "no data"
        conf = f"{100 * r.confidence:.0f}%" if r.confidence is not None else "-"
        lines.append(
            f"{_short_name(r):<12}  {fmt_amount(r.mean_daily_intake, r.unit):>9}  "
            f"{_target(r):<11}  {coverage:<15}  {status:<10}  {conf:>5}".rstrip()
        )
    return lines


def _supplement_table(report: Report) -> list[str]:
    """Food, supplements and their total, the total judged; 80 columns."""
    header = (
        f"{'Nutrient':<12}  {'Food':>8}  {'Suppl.':>8}  {'Total':>8}  {'Target':<11}  "
        f"{'Coverage':<11}  {'Status'}"
    )
    lines = [header, "-" * 80]
    for r in report.results:
        coverage = (
            f"{coverage_text(r.coverage_pct)} {coverage_bar(r.coverage_pct, 5)}"
            if r.coverage_pct is not None
            else ""
        )
        lines.append(
            f"{_short_name(r):<12}  {fmt_amount(r.food_intake, r.unit):>8}  "
            f"{fmt_amount(r.supplement_intake, r.unit):>8}  "
            f"{fmt_amount(r.mean_daily_intake, r.unit):>8}  {_target(r):<11}  "
            f"{coverage:<11}  {r.status.value if r.status else 'no data':<10}".rstrip()
        )
    return lines


def _short_name(r: NutrientResult) -> str:
    return r.name.replace("Thiamin (B1)", "Thiamin B1")


def details_frame(report: Report) -> pd.DataFrame:
    """Every diary row with its food, grams and nutrient amounts; every rejected row
    and every line that is no entry, with its line and reason; and the daily totals.
    Nothing in the input is missing. From the Report alone (which carries its rows)."""
    rows = report.rows if report.rows is not None else pd.DataFrame(columns=ROW_COLUMNS)
    used = rows[ROW_COLUMNS].assign(kind="row")
    rejected = pd.DataFrame(
        [
            {
                "kind": kind,
                "line": r.line,
                "reason": r.reason.value,
                "column": r.column,
                "value": r.value,
                "message": r.message,
                "user": r.user,
            }
            for kind, listed in (("rejected", report.rejected), ("skipped", report.skipped))
            for r in listed
        ]
    )
    totals = (
        report.day_totals
        if report.day_totals is not None
        else daily_totals(rows[rows["source"] == "food"])
    ).reset_index()
    totals["kind"] = "daily_total"
    columns = ["kind", *ROW_COLUMNS, "reason", "column", "value", "message"]
    frame = pd.concat([used, rejected, totals], ignore_index=True).reindex(columns=columns)
    frame["line"] = frame["line"].astype("Int64")  # 12, not 12.0, beside the daily totals
    return frame


def render(report: Report, fmt: str) -> str:
    """REPORT in FMT (table, csv, json, html): what `screener report` writes, and the app."""
    if fmt == "html":
        from .page import render_page  # matplotlib: only for the page

        return render_page(report)
    renderers = {"table": render_table, "csv": render_csv, "json": render_json}
    return renderers[fmt](report)


__all__ = [
    "CSV_COLUMNS",
    "VALUE_COLUMNS",
    "Nutrient",
    "details_frame",
    "render",
    "render_csv",
    "render_json",
    "render_table",
    "report_frame",
]


# --- the plan -------------------------------------------------------------------------------


def plan_frame(plan: Plan) -> pd.DataFrame:
    """One row per food: food_id, name, portion, portions, grams_per_day, then the amount
    it adds a day of each nutrient (in its unit, the column says which), and energy."""
    rows = []
    for item in plan.items:
        row = {
            "food_id": item.food_id, "name": item.name, "portion": item.portion,
            "portions": item.portions, "grams_per_day": item.grams_per_day,
            "energy_kcal": item.energy_kcal,
        }  # fmt: skip
        row |= {NUTRIENTS[Nutrient(k)].column: v for k, v in item.adds.items()}
        rows.append(row)
    columns = ["food_id", "name", "portion", "portions", "grams_per_day"]
    nutrients = [i.column for i in NUTRIENTS.values()]
    return pd.DataFrame(rows, columns=[*columns, *nutrients, "energy_kcal"])


def render_plan_table(plan: Plan, disclaimer: str) -> str:
    lines = [
        f"One way to close the gaps (diet: {plan.diet}; at most {plan.max_kcal:g} kcal "
        "added a day" + (f"; without {', '.join(plan.excluded)}" if plan.excluded else "") + ")",
        "",
    ]
    if plan.items:
        lines.append(f"{'Add each day':<44}  {'Portion':<14}  {'Grams':>6}  {'kcal':>5}")
        lines.append("-" * 76)
        for item in plan.items:
            what = f"{item.portions} x {item.name}"
            what = what if len(what) <= 44 else what[:43] + "…"
            lines.append(
                f"{what:<44}  {item.portion[:14]:<14}  {item.grams_per_day:>6.0f}  "
                f"{item.energy_kcal:>5.0f}"
            )
        lines.append(f"Energy added: {plan.energy_added_kcal:.0f} kcal a day")
    else:
        lines.append("Nothing to add: no gap that food within the limits can close.")
    lines += ["", f"{'Nutrient':<12}  {'Before':>9}  {'After':>9}  {'Coverage':<16}  Target"]
    for n in plan.nutrients:
        if n.before is None:
            continue
        change = (
            f"{coverage_text(n.coverage_before_pct).strip()} -> "
            f"{coverage_text(n.coverage_after_pct).strip()}"
            if n.coverage_before_pct is not None and n.coverage_after_pct is not None
            else ""
        )
        target = f"{n.target:g} {n.unit} {n.target_type}" if n.target is not None else "-"
        lines.append(
            f"{n.name.replace('Thiamin (B1)', 'Thiamin B1'):<12}  "
            f"{fmt_amount(n.before, n.unit):>9}  {fmt_amount(n.after, n.unit):>9}  "
            f"{change:<16}  {target}".rstrip()
        )
    for n in plan.nutrients:
        if n.closed is False:
            lines += wrap(f"{n.name} is not closed by food within these limits: {n.advice}.")
    lines += ["", *wrap(plan.note, hanging=0), "", *wrap(disclaimer, hanging=0)]
    return "\n".join(lines) + "\n"


def render_plan(plan: Plan, fmt: str, disclaimer: str) -> str:
    if fmt == "html":
        from .page import render_plan_page

        return render_plan_page(plan, disclaimer)
    if fmt == "csv":
        return frame_to_csv(plan_frame(plan))
    if fmt == "json":
        return plan.model_dump_json(indent=2) + "\n"
    return render_plan_table(plan, disclaimer)
