"""The report as one self-contained HTML page: readable on a phone, printable on A4,
opening offline. Charts are drawn by matplotlib into inline SVG; the page loads
nothing (its Content-Security-Policy forbids it) and runs no script."""

from __future__ import annotations

import html
import io
import math
import re

from .models import NutrientResult, Report, Status, TrendRow, UlStatus
from .nutrients import Nutrient
from .plan import Plan
from .references import REFERENCE_SYSTEMS, default_note
from .scoring import plan_hint
from .sentences import (
    BEYOND_NUTRIENTS,
    CAFFEINE_NOTE,
    HIGH_HEADING,
    LOW_HEADING,
    PLAN_HEADING,
    WATER_NOTE,
    assumed_sentence,
    basis,
    caffeine_sentence,
    coverage_gaps,
    days_chosen_words,
    fmt_amount,
    implausible_sentence,
    incomplete_sentence,
    skipped_sentence,
    sources_sentence,
    status_words,
    too_high,
    water_sentence,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
COLORS = {
    Status.LOW: "#c0392b",
    Status.BORDERLINE: "#e67e22",
    Status.ADEQUATE: "#2e8b57",
    Status.HIGH: "#8e44ad",
    None: "#999999",
}
STYLE = """
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;
max-width:46rem;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .4rem;
border-bottom:1px solid #ddd}h3{font-size:1rem;margin:1rem 0 .2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{padding:.2rem .4rem;
border-bottom:1px solid #eee;text-align:left}td.n{text-align:right}
svg{max-width:100%;height:auto}.note{color:#555;font-size:.9rem}
.disclaimer{border:2px solid #c0392b;padding:.6rem;margin:1.2rem 0;font-weight:600}
.low{color:#c0392b}.borderline{color:#b9650f}.adequate{color:#2e8b57}.high{color:#8e44ad}
@media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:11pt}
h2{break-after:avoid}.nutrient{break-inside:avoid}}
@media (max-width:34rem){body{padding:.6rem}table{font-size:.75rem}td,th{padding:.2rem .12rem}}
"""


def _svg(figure) -> str:  # type: ignore[no-untyped-def]
    """FIGURE as an inline <svg> element (text drawn as paths: no font to fetch)."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    svg = text[text.index("<svg") :]
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)


# Charts are drawn this wide, in this type: scaled down to a phone's 390 px, the text is
# still at least 11 px (CHART_TEXT_PX is what page tests measure against).
CHART_WIDTH_IN = 4.4
CHART_FONT_PT = 11
CHART_MAX_PCT = 400.0  # a bar reaches at most this far; one cut there is marked
CUT_NOTE = f"a bar cut at {CHART_MAX_PCT:g} % ends in a triangle"


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": "screener",
                                "font.size": CHART_FONT_PT})  # fmt: skip
    import matplotlib.pyplot as plt

    return plt


def coverage_chart(report: Report) -> str:
    """Coverage of each nutrient's target, with the EAR and the UL marked as a share
    of the same target."""
    plt = _pyplot()
    results = [r for r in report.results if r.coverage_pct is not None]
    figure, axes = plt.subplots(figsize=(CHART_WIDTH_IN, 0.5 * len(results) + 1.1))
    names = [r.name for r in results][::-1]
    values = [min(r.coverage_pct or 0.0, CHART_MAX_PCT) for r in results][::-1]
    colors = [COLORS[r.status] for r in results][::-1]
    axes.barh(names, values, color=colors, height=0.6)
    for y, result in enumerate(results[::-1]):
        target = result.target or 0
        if result.ear and target:
            axes.plot([100 * result.ear / target] * 2, [y - 0.4, y + 0.4], color="#222", lw=1.5)
        # The magnesium UL concerns supplements only: marked when they are included.
        food_only_magnesium = result.nutrient is Nutrient.MAGNESIUM and (
            result.supplement_intake is None
        )
        near = result.ul_status is UlStatus.ABOVE or (result.ul or 0) / (target or 1) < 4
        if result.ul and target and near and not food_only_magnesium:
            axes.plot([100 * result.ul / target] * 2, [y - 0.4, y + 0.4], color="#8e44ad",
                      lw=1.5, ls="--")  # fmt: skip
        cut = mark_cut(axes, result.coverage_pct, y, f"cut-{result.nutrient.value}")
        axes.text(values[y] + (12 if cut else 3), y, f"{result.coverage_pct:.0f}%", va="center")
    axes.axvline(100, color="#222", lw=1)
    axes.set_xlim(0, max(160.0, min(max(values) + 40, CHART_MAX_PCT + 40)))
    rda, ear = _terms(results)
    label = f"% of the {rda} or AI\n(solid tick: {ear}; dashed: UL; line at 100 %)"
    if max(r.coverage_pct or 0.0 for r in results) > CHART_MAX_PCT:
        label += f"\n{CUT_NOTE}"
    axes.set_xlabel(label)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def mark_cut(axes, value: float | None, y: float, gid: str) -> bool:  # type: ignore[no-untyped-def]
    """A triangle at the end of a bar cut at CHART_MAX_PCT (the SVG group GID): True
    when VALUE goes past it."""
    if value is None or value <= CHART_MAX_PCT:
        return False
    axes.plot([CHART_MAX_PCT], [y], marker=">", color="#222", markersize=8, clip_on=False,
              gid=gid)  # fmt: skip
    return True


def _terms(results: list) -> tuple[str, str]:
    """The words for the RDA and the EAR: EFSA's (PRI, AR) where its values are used."""
    return ("PRI", "AR") if any(r.target_type == "PRI" for r in results) else ("RDA", "EAR")


def daily_chart(result: NutrientResult, daily: dict[str, float]) -> str:
    """The nutrient's food intake on each logged day, against its target, with the mean
    and, where the confidence rests on it, the band of one standard error of the mean
    (SD_w / sqrt n): the spread the confidence comes from."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(CHART_WIDTH_IN, 2.2))
    days = [date[5:] for date in daily]
    axes.bar(days, list(daily.values()), color=COLORS[result.status])
    mean = sum(daily.values()) / len(daily) if daily else None
    if mean is not None:
        axes.axhline(mean, color="#555", lw=1, ls=":")
        if result.sd_within is not None:
            error = result.sd_within / len(daily) ** 0.5
            axes.axhspan(mean - error, mean + error, color="#555", alpha=0.15, lw=0)
        axes.text(-0.5, mean, " mean" + (" ± SE" if result.sd_within else ""), va="bottom",
                  fontsize=CHART_FONT_PT)  # fmt: skip
    if result.target:
        axes.axhline(result.target, color="#222", lw=1)
        axes.text(len(days) - 0.5, result.target, f" {result.target_type}", va="bottom",
                  ha="right", fontsize=CHART_FONT_PT)  # fmt: skip
    axes.set_ylabel(result.unit)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def trend_chart(result: NutrientResult, rows: list[TrendRow], by: str) -> str:
    """The nutrient's mean daily intake in each month (or week) of a long diary, against
    its target, as daily_chart draws days (a period with no day logged has no bar)."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(6.4, 2.0))
    labels = [row.period[2:] if by == "month" else row.period[5:] for row in rows]
    means = [math.nan if r.mean_daily_intake is None else r.mean_daily_intake for r in rows]
    axes.bar(labels, means, color=[COLORS[r.status] for r in rows])
    if result.target:
        axes.axhline(result.target, color="#222", lw=1)
        axes.text(len(labels) - 0.5, result.target, f" {result.target_type}", va="bottom",
                  ha="right", fontsize=9)  # fmt: skip
    step = max(1, len(labels) // 12)  # at most a dozen labels: years of months stay legible
    axes.set_xticks(range(0, len(labels), step), labels[::step])
    axes.set_ylabel(f"{result.unit}, mean a day by {by}")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


# Above this many days logged the daily bars are unreadable: the trend chart alone.
DAILY_BARS_MOST = 56


def page_head(title: str) -> list[str]:
    """The start of every page: the CSP that forbids fetching anything, the style."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}</style></head><body>",
    ]


def render_page(report: Report, top: str = "", plan: str = "", app: bool = False) -> str:
    """The page for REPORT (which carries the daily totals its charts show): the one
    `screener report --format html` writes, or with APP the app's, which names no
    command or option. TOP: HTML the app adds after the first disclaimer (its links);
    PLAN: the plan's HTML, which the app shows where the terminal's page points to
    `screener plan`."""
    e = html.escape
    parts = [
        *page_head("screener report"),
        "<h1>Food diary screen</h1>",
        f'<p class="disclaimer">{e(report.disclaimer)}</p>',
        *([top] if top else []),
        f"<p>Diary: {e(report.diary)} ({e(report.diary_kind)})"
        + (f", user {e(report.user)}" if report.user else "")
        + f"<br>Profile: {e(report.reference_group)}, {REFERENCE_SYSTEMS[report.references]}"
        + f"<br>Days logged: {report.days_logged} ({e(report.first_date)} to "
        f"{e(report.last_date)}); {report.rows_used} rows used, {len(report.rejected)} "
        "rejected</p>",
    ]
    note = default_note(report.profile, app=True) if app else report.default_note
    if note:
        parts.append(f'<p class="note">{e(note)}</p>')
    if report.days_chosen is not None:
        parts.append(f'<p class="note">{e(str(days_chosen_words(report)).capitalize())}</p>')
    if report.incomplete_days:
        parts.append(f'<p class="note">{e(incomplete_sentence(report))}</p>')
    for sentence in (
        skipped_sentence(report),
        implausible_sentence(report, app),
        assumed_sentence(report, app),
    ):
        if sentence:
            parts.append(f'<p class="note">{e(sentence)}</p>')
    parts += ["<h2>Coverage</h2>", coverage_chart(report), _table(report)]
    parts.append(f'<p class="note">{e(sources_sentence(report))}</p>')
    for heading, flagged in (
        (LOW_HEADING, coverage_gaps(report)),
        (HIGH_HEADING, too_high(report)),
    ):
        if flagged:
            parts.append(f"<h2>{e(heading)}</h2>")
        daily = report.daily_totals
        parts += [_flagged(r, daily.get(r.nutrient.value, {}), report) for r in flagged]
    if report.trend_notes:
        parts.append(f"<h2>How intake changed (by {e(str(report.trend_by))})</h2>")
        parts += [f"<p>{e(note)}</p>" for note in report.trend_notes]
    if report.next_step:
        pointer = plan_hint(report.results, app=True) if app and plan else report.next_step
        parts.append(f"<h2>{e(PLAN_HEADING)}</h2><p>{e(str(pointer))}</p>")
        parts += [plan] if plan else []
    over = [r for r in report.results if r.ul_status is UlStatus.ABOVE]
    if over:
        parts.append("<h2>Above the upper limit (UL)</h2>")
        parts += [f"<p>{e(str(r.ul_note))}</p>" for r in over]
    parts.append("<h2>Beyond nutrients</h2>")
    parts.append(f"<p>{e(caffeine_sentence(report) + CAFFEINE_NOTE)}</p>")
    parts.append(f"<p>{e(water_sentence(report) + WATER_NOTE)}</p>")
    parts.append(f"<p>{e(BEYOND_NUTRIENTS)}</p><h2>Notes</h2><ul>")
    parts += [f"<li>{e(note)}</li>" for note in report.notes + report.warnings]
    parts.append("</ul>")
    parts += [f'<p class="disclaimer">{e(report.disclaimer)}</p>', "</body></html>"]
    return "\n".join(parts) + "\n"


def _flagged(r: NutrientResult, daily: dict[str, float], report: Report) -> str:
    """One flagged nutrient: its status, its days (and months, in a long diary), where it
    came from, what would add it."""
    e = html.escape
    parts = [f'<div class="nutrient"><h3 class="{r.status}">{e(r.name)}: {e(status_words(r))}</h3>']
    if daily and len(daily) <= DAILY_BARS_MOST:
        parts.append(daily_chart(r, daily))
    trend = [t for t in report.trend if t.nutrient is r.nutrient]
    if trend and report.trend_by:
        parts.append(trend_chart(r, trend, report.trend_by))
    if r.contributors:
        supplied = ", ".join(f"{c.food} {c.share_pct:.0f}%" for c in r.contributors)
        parts.append(f"<p>From your diary: {e(supplied)}</p>")
    if r.suggestions:
        adds = "; ".join(
            f"{s.label} ({s.portion}) {fmt_amount(s.amount, r.unit)}" for s in r.suggestions
        )
        parts.append(f"<p>Foods that would add it: {e(adds)}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _table(report: Report) -> str:
    e = html.escape
    rows = [
        "<table><tr><th>Nutrient</th><th>Per day</th><th class=target>Target</th><th>Coverage</th>"
        "<th>Status</th><th>Confidence</th></tr>"
    ]
    for r in report.results:
        target = f"{r.target:g} {r.unit} {r.target_type}" if r.target is not None else "-"
        coverage = f"{r.coverage_pct:.0f}%" if r.coverage_pct is not None else "-"
        confidence = f"{100 * r.confidence:.0f}%" if r.confidence is not None else "-"
        if r.confidence is not None and basis(r):  # "from your own 7 days"
            confidence += f"<br><small>{e(basis(r).strip(' ()'))}</small>"
        rows.append(
            f"<tr><td>{e(r.name)}</td><td class=n>{e(fmt_amount(r.mean_daily_intake, r.unit))}"
            f"</td><td class=target>{e(target)}</td><td class=n>{coverage}</td>"
            f'<td class="{r.status}">{e(r.status or "no data")}</td>'
            f"<td class=n>{confidence}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def external_references(page: str) -> list[str]:
    """Any http(s) or protocol-relative address the page would load (for tests)."""
    return re.findall(r"""(?:src|href)\s*=\s*["']?((?:https?:)?//[^"' >]+)""", page)


# --- the plan as a page ---------------------------------------------------------------------


def before_after_chart(plan: Plan) -> str:
    """Each nutrient's coverage before the plan (grey) and after it (green), one chart."""
    plt = _pyplot()
    shown = [n for n in plan.nutrients if n.coverage_before_pct is not None]
    figure, axes = plt.subplots(figsize=(CHART_WIDTH_IN, 0.6 * len(shown) + 1.1))
    names = [n.name for n in shown][::-1]
    before = [min(n.coverage_before_pct or 0.0, CHART_MAX_PCT) for n in shown][::-1]
    after = [min(n.coverage_after_pct or 0.0, CHART_MAX_PCT) for n in shown][::-1]
    rows = range(len(shown))
    axes.barh([y + 0.18 for y in rows], before, height=0.34, color="#aaaaaa", label="now")
    axes.barh([y - 0.18 for y in rows], after, height=0.34, color="#2e8b57",
              label="with the plan")  # fmt: skip
    axes.set_yticks(list(rows), names)
    cut = False
    for y, n in enumerate(shown[::-1]):
        cut |= mark_cut(axes, n.coverage_before_pct, y + 0.18, f"cut-{n.nutrient.value}-now")
        cut |= mark_cut(axes, n.coverage_after_pct, y - 0.18, f"cut-{n.nutrient.value}-plan")
    axes.axvline(100, color="#222", lw=1)
    axes.set_xlim(0, max(160.0, min(max(after + before) + 20, CHART_MAX_PCT + 20)))
    axes.set_xlabel(
        f"% of the {_terms(shown)[0]} or AI (line at 100 %)" + (f"\n{CUT_NOTE}" if cut else "")
    )
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=CHART_FONT_PT,
                frameon=False)  # fmt: skip
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def render_plan_page(plan: Plan, disclaimer: str) -> str:
    """The plan as one self-contained page: the foods, before and after in one chart."""
    e = html.escape
    parts = [
        *page_head("screener plan"),
        f"<h1>{e(PLAN_HEADING)}</h1>",
        f'<p class="disclaimer">{e(disclaimer)}</p>',
        *plan_section(plan),
        f'<p class="disclaimer">{e(disclaimer)}</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def plan_section(plan: Plan) -> list[str]:
    """The plan's page between its heading and disclaimers (the app shows it in the
    report): the foods, before and after in one chart."""
    e = html.escape
    parts = [
        f'<p class="note">Diet: {e(plan.diet)}; at most {plan.max_kcal:g} kcal added a day'
        + (f"; without {e(', '.join(plan.excluded))}" if plan.excluded else "")
        + "</p>",
    ]
    if plan.items:
        parts.append("<table><tr><th>Add each day</th><th>Portion</th><th>Grams</th>"
                     "<th>kcal</th></tr>")  # fmt: skip
        parts += [
            f"<tr><td>{item.portions} x {e(item.name)}</td><td>{e(item.portion)}</td>"
            f"<td class=n>{item.grams_per_day:.0f}</td><td class=n>{item.energy_kcal:.0f}</td>"
            "</tr>"
            for item in plan.items
        ]
        parts.append(f"</table><p>Energy added: {plan.energy_added_kcal:.0f} kcal a day</p>")
    else:
        parts.append("<p>Nothing to add: no gap that food within the limits can close.</p>")
    parts += ["<h2>Coverage now and with the plan</h2>", before_after_chart(plan)]
    for n in plan.nutrients:
        if n.closed is False:
            parts.append(
                f'<p class="note">{e(n.name)} is not closed by food within these limits: '
                f"{e(str(n.advice))}.</p>"
            )
    parts.append(f"<p>{e(plan.note)}</p>")
    return parts
