"""The source formats: detection, values as logged, dates, amounts, blank days, accounting.

Fixtures are written from each format's documented header (see the module docstrings of
screener/formats/); expected values are computed by hand from the fixture's cells and,
where the food table fills a value, from SR28's own numbers.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.diary import ValueSource, read_diary
from screener.errors import DataFileError
from screener.models import Profile, RejectReason
from screener.report import render_table
from screener.rows import DAY_FIRST, MONTH_FIRST, DiaryKind, date_order, parse_date
from screener.scoring import screen

from conftest import DATA

OZ = 28.349523125
LB = 453.59237


def write(tmp_path: Path, text: str, name: str = "diary.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def accounted(read) -> bool:
    lines = (
        read.rows["line"].tolist()
        + [r.line for r in read.rejected]
        + [r.line for r in read.skipped]
    )
    return len(lines) == len(set(lines)) == read.data_lines


def by_line(read):
    return read.rows.set_index("line")


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("meal_log_week.csv", DiaryKind.MEAL_LOG),
        ("cronometer_servings.csv", DiaryKind.CRONOMETER_SERVINGS),
        ("cronometer_daily.csv", DiaryKind.CRONOMETER_DAILY),
        ("cronometer_daily_blank_days.csv", DiaryKind.CRONOMETER_DAILY),
        ("mfp_summary.csv", DiaryKind.MFP_SUMMARY),
        ("mfp_food_diary.csv", DiaryKind.MFP_DIARY),
        ("mfp_food_diary_scraper.csv", DiaryKind.MFP_DIARY),
        ("loseit_food_log.csv", DiaryKind.LOSEIT),
        ("loseit_weekly.csv", DiaryKind.LOSEIT),
        ("asa24_totals.csv", DiaryKind.ASA24_TOTALS),
        ("asa24_items.csv", DiaryKind.ASA24_ITEMS),
    ],
)
def test_each_fixture_is_read_as_its_format(name, kind):
    read = read_diary(DATA / name)
    assert read.kind is kind
    assert accounted(read)


MFP_SUMMARY_HEADERS = [
    # as the app wrote it over the years: with and without Time, with and without Note
    "Date,Meal,Calories,Fat (g),Saturated Fat,Polyunsaturated Fat,Monounsaturated Fat,"
    "Trans Fat,Cholesterol,Sodium (mg),Potassium,Carbohydrates (g),Fiber,Sugar,Protein (g),"
    "Vitamin A,Vitamin C,Calcium,Iron,Note",
    "Date,Meal,Time,Calories,Fat (g),Saturated Fat,Polyunsaturated Fat,Monounsaturated Fat,"
    "Trans Fat,Cholesterol,Sodium (mg),Potassium,Carbohydrates (g),Fiber,Sugar,Protein (g),"
    "Vitamin A,Vitamin C,Calcium,Iron",
]


@pytest.mark.parametrize("header", MFP_SUMMARY_HEADERS)
def test_mfp_summary_with_a_note_column_is_not_taken_for_a_notes_export(tmp_path, header):
    cells = {"Date": "2024-07-02", "Meal": "Breakfast", "Calories": "518.0",
             "Sodium (mg)": "574.5", "Potassium": "740.0", "Calcium": "20.0"}  # fmt: skip
    line = ",".join(cells.get(name, "0.0") for name in header.split(","))
    read = read_diary(write(tmp_path, f"{header}\n{line}\n"))
    assert read.kind is DiaryKind.MFP_SUMMARY
    row = read.rows.iloc[0]
    assert (row["sodium_mg"], row["potassium_mg"], row["calcium_mg"]) == (574.5, 740.0, 200.0)


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("Date,Exercise,Type,Exercise Calories,Exercise Minutes,Sets,Reps Per Set,Kilograms,"
         "Steps,Note", "a MyFitnessPal exercise summary, which has no foods; take the "
         "Nutrition Summary"),
        ("Date,Weight", "a weight or measurement export"),
        ("Date,Food cals,Exercise cals,Budget cals,EER", "a LoseIt daily calorie summary"),
        ("Day,Group,Exercise,Minutes,Calories Burned", "a Cronometer exercise export"),
        ("Day,Time,Group,Metric,Unit,Amount", "a Cronometer biometrics export"),
        ("Day,Group,Note", "a Cronometer notes export, which has no foods; export 'Servings'"),
        ("Date,Entry,Item,Amount,Calories,Minutes,Sets,Reps,Weight", "an exercise diary"),
        ("Date,Note,Note Type", "a MyFitnessPal notes diary"),
    ],
)  # fmt: skip
def test_exports_without_food_are_refused_with_what_to_take_instead(tmp_path, header, said):
    with pytest.raises(DataFileError) as caught:
        read_diary(write(tmp_path, f"{header}\n2024-07-02,1,2,3,4,5,6,7,8,9\n"))
    assert said in str(caught.value)


def test_an_unknown_header_names_every_format_read(tmp_path):
    with pytest.raises(DataFileError) as caught:
        read_diary(write(tmp_path, "when,what\n2024-07-02,toast\n"))
    message = str(caught.value)
    assert "line 1" in message
    for app in ("Cronometer", "MyFitnessPal", "LoseIt", "meal log"):
        assert app in message


# --- MyFitnessPal nutrition summary ----------------------------------------------------------


def test_mfp_summary_values_as_logged_with_calcium_from_percent_daily_value():
    read = read_diary(DATA / "mfp_summary.csv")  # UTF-8 BOM, CRLF, a note over two lines
    rows = by_line(read)
    assert rows.loc[2, "sodium_mg"] == 574.5
    assert rows.loc[3, "meal"] == "Snack (1)"
    assert rows.loc[2, "calcium_mg"] == 200.0  # 20 % of a 1,000 mg Daily Value
    assert rows.loc[8, "sodium_mg"] == 1204.0  # "1,204.0"
    assert math.isnan(rows.loc[8, "potassium_mg"])  # n/a: unknown
    assert math.isnan(rows.loc[2, "magnesium_mg"])  # not in the export: unknown
    assert any("1,000 mg" in w for w in read.warnings)


def test_mfp_summary_report_says_what_is_unknown_and_where_values_came_from():
    report = screen(read_diary(DATA / "mfp_summary.csv"), Profile(sex="female", age=40))
    assert report.days_logged == 3
    # by hand: day 1 574.5 + 1013.7, day 2 424.8 + 606.2, day 3 1204 (mg)
    sodium = report.get("sodium")
    assert sodium.mean_daily_intake == pytest.approx((1588.2 + 1031.0 + 1204.0) / 3)
    assert sodium.values_from == ValueSource.EXPORT.value
    calcium = report.get("calcium")
    assert calcium.mean_daily_intake == pytest.approx((450 + 907 + 150) / 3)
    magnesium = report.get("magnesium")
    assert magnesium.mean_daily_intake is None
    assert magnesium.status is None
    assert magnesium.data_complete_pct == 0
    assert magnesium.values_from == ValueSource.NONE.value
    assert all(not r.contributors for r in report.results)  # meal totals are no foods
    text = " ".join(render_table(report).split())  # unwrapped
    assert "Caffeine: unknown" in text
    assert "unknown: not in the diary file, and no food to look up: Magnesium" in text


def test_mfp_summary_notes_written_unquoted_over_several_lines(tmp_path):
    # MyFitnessPal writes a note as it was typed: unquoted, commas and line breaks and all
    header = MFP_SUMMARY_HEADERS[0]
    zeros = ",".join(["0.0"] * 16)
    text = (
        f"{header}\n"
        f"2019-05-13,Breakfast,140.5,{zeros},**Week 1, Phase 3**\n"
        "\n"
        "20 mins low intensity cardio, after lifting.\n"
        "* build habits\n"
        f"2019-05-13,Dinner,300.0,{zeros},\n"
        "2019-05-14,,100.0\n"
    )
    read = read_diary(write(tmp_path, text))
    assert read.rows["line"].tolist() == [2, 6]
    assert read.rows["energy_kcal"].tolist() == [140.5, 300.0]
    assert [(r.line, r.reason) for r in read.skipped] == [
        (4, RejectReason.NOTE_TEXT),
        (5, RejectReason.NOTE_TEXT),
    ]
    # a row without a meal after a row without a note is rejected, never skipped
    assert [(r.line, r.reason) for r in read.rejected] == [(7, RejectReason.MISSING_VALUE)]
    assert accounted(read)


# --- MyFitnessPal food diary -----------------------------------------------------------------


def test_mfp_food_diary_dates_amounts_and_values():
    read = read_diary(DATA / "mfp_food_diary.csv")
    rows = by_line(read)
    assert rows.loc[2, "date"] == "2019-01-01"  # "January 1, 2019"
    assert rows.loc[9, "date"] == "2019-01-03"
    assert rows.loc[2, "sodium_mg"] == 552.0  # "552mg"
    assert rows.loc[4, "sodium_mg"] == 3436.0  # "3,436mg"
    assert math.isnan(rows.loc[8, "sodium_mg"]) is False  # "--mg" there: the table fills it
    assert rows.loc[2, "grams"] == pytest.approx(4.8 * OZ)
    assert rows.loc[5, "grams"] == 151.0  # "1 patty 151g."
    assert rows.loc[7, "grams"] == 78.0  # "0.5 cup (78g)": the weight of the whole amount
    assert rows.loc[9, "grams"] == pytest.approx(0.75 * LB)  # "0.75 lb(s)"
    # "Onions, raw, 0.5 cup" with amount "chopped": SR28 1 cup, chopped = 160 g
    # "Onions, raw": SR28's or FNDDS's
    assert rows.loc[6, "food_id"] in {"11282", "75117020"}
    assert rows.loc[6, "grams"] == 80.0
    assert rows.loc[8, "grams"] == pytest.approx(1.13 * 244)  # "1.13 C" of whole milk
    # a row with no value of its own and a food not in the table is rejected, by line
    assert [(r.line, r.reason) for r in read.rejected] == [(10, RejectReason.AMBIGUOUS_FOOD)]
    assert accounted(read)


def test_mfp_logged_values_win_and_the_food_table_fills_the_rest():
    rows = by_line(read_diary(DATA / "mfp_food_diary.csv"))
    banana = rows.loc[3]  # "Generic - Banana", 1 medium = 118 g (SR28)
    assert banana["food_id"] == "09040"
    assert banana["energy_kcal"] == 105.0  # logged (the table would give 105.02)
    assert banana["sodium_mg"] == 1.0  # logged "1mg"
    assert banana["magnesium_mg"] == pytest.approx(27 * 1.18)  # SR28: 27 mg per 100 g
    assert banana["values_from"] == ValueSource.BOTH.value
    milk = rows.loc[8]  # sodium "--mg": the food table's 43 mg per 100 g
    assert milk["sodium_mg"] == pytest.approx(43 * 1.13 * 2.44)


def test_a_food_that_does_not_match_keeps_the_exports_values_and_is_flagged():
    rows = by_line(read_diary(DATA / "mfp_food_diary.csv"))
    casserole = rows.loc[9]
    assert casserole["sodium_mg"] == 890.0
    assert casserole["energy_kcal"] == 410.0
    assert math.isnan(casserole["magnesium_mg"])  # unknown, never zero
    assert "only the export's values" in casserole["flag"]


def test_strict_refuses_a_food_that_does_not_match():
    from screener.diary import DiaryRejectedError

    with pytest.raises(DiaryRejectedError):
        read_diary(DATA / "mfp_food_diary.csv", strict=True)


def test_mfp_scraper_layout_with_the_serving_inside_the_name():
    rows = by_line(read_diary(DATA / "mfp_food_diary_scraper.csv"))
    assert rows.loc[2, "food"] == "Jimmy John's - Chocolate Chunk Cookie"
    assert rows.loc[2, "amount"] == "1 giant cookie"
    assert rows.loc[3, "grams"] == 11.2
    assert rows.loc[4, ["food_id", "grams"]].tolist() == ["09040", 118.0]
    assert rows.loc[5, "sodium_mg"] == 1000.0  # "1,000mg"
    assert rows.loc[5, "date"] == "2020-03-21"


# --- LoseIt ---------------------------------------------------------------------------------


def test_loseit_food_log():
    read = read_diary(DATA / "loseit_food_log.csv")
    rows = by_line(read)
    assert rows.loc[2, "date"] == "2020-01-13"  # 01/13/2020
    assert rows.loc[2, "energy_kcal"] == 1656.0  # "1,656"
    assert rows.loc[2, "sodium_mg"] == 5121.0
    assert rows.loc[3, ["food_id", "grams"]].tolist() == ["09040", 118.0]  # 1.0 Medium
    assert rows.loc[6, ["food_id", "grams"]].tolist() == ["01077", 244.0]  # 1 Cup
    assert rows.loc[6, "sodium_mg"] == pytest.approx(43 * 2.44)  # n/a: from the table
    skipped = {r.line: r.reason for r in read.skipped}
    assert skipped == {4: RejectReason.DELETED_ENTRY, 7: RejectReason.NOT_FOOD}
    assert accounted(read)


def test_loseit_weekly_export_without_icon_or_deleted():
    read = read_diary(DATA / "loseit_weekly.csv")
    assert read.rows["date"].tolist() == ["2020-01-01", "2020-01-01", "2020-01-02"]
    assert [r.line for r in read.skipped] == [5]  # HealthKit Workout
    assert read.rows["energy_kcal"].tolist() == [1656.0, 144.0, 91.0]


def test_loseit_ambiguous_dates_are_us_dates(tmp_path):
    header = "Date,Name,Meal,Quantity,Units,Calories,Sodium (mg)"
    read = read_diary(write(tmp_path, f"{header}\n03/04/2020,Banana,Breakfast,1,Medium,105,1\n"))
    assert read.rows["date"].tolist() == ["2020-03-04"]


# --- Cronometer -----------------------------------------------------------------------------


def test_cronometer_daily_summary_blank_dates_are_not_days():
    read = read_diary(DATA / "cronometer_daily_blank_days.csv")
    assert read.rows["date"].tolist() == ["2025-06-21", "2025-06-23", "2025-06-25"]
    assert [(r.line, r.reason) for r in read.skipped] == [
        (3, RejectReason.EMPTY_DAY),
        (5, RejectReason.EMPTY_DAY),
    ]
    report = screen(read, Profile(sex="female", age=40))
    assert report.days_logged == 3
    assert report.rejected == []
    text = " ".join(render_table(report).split())  # unwrapped
    assert "dates with nothing logged, not counted as days: 2025-06-22, 2025-06-24" in text


def test_cronometer_daily_summary_total_rows_and_meal_rows():
    read = read_diary(DATA / "cronometer_daily_groups.csv")
    assert read.rows["magnesium_mg"].tolist() == [250.0, 120.0]  # the Total; a lone meal
    reasons = [(r.line, r.reason) for r in read.skipped]
    assert reasons == [
        (2, RejectReason.EMPTY_DAY),
        (3, RejectReason.SUBTOTAL),
        (4, RejectReason.SUBTOTAL),
    ]
    assert accounted(read)


SERVINGS = (
    "Day,Group,Food Name,Amount,Energy (kcal),Caffeine (mg),Calcium (mg),Magnesium (mg),Category\n"
)


@pytest.mark.parametrize(
    ("food", "kcal", "source"),
    [
        ("Premier Protein, Protein Shake, Chocolate", "160", "food"),
        ("Whey Isolate", "", "food"),
        ("Chocolate Drink Mix", "40", "food"),
        ("Huel Black Edition", "400", "food"),
        ("Magnesium Citrate", "0", "supplement"),
        ("Vitamin D3 Gummies", "15", "supplement"),
        ("Calcium + D3", "", "supplement"),
        ("Cod Liver Oil", "120", "food"),  # a food by its energy
    ],
)
def test_cronometer_supplements_that_are_food(tmp_path, food, kcal, source):
    path = write(tmp_path, SERVINGS + f'2026-03-02,Breakfast,"{food}",1.00 serving,{kcal},,300,50,'
                 "Supplements\n")  # fmt: skip
    assert read_diary(path).rows["source"].tolist() == [source]


def test_unknown_caffeine_is_a_floor_not_zero(tmp_path):
    path = write(
        tmp_path,
        SERVINGS
        + "2026-03-02,Breakfast,Coffee,1.00 cup,2,95,5,7,Beverages\n"
        + "2026-03-02,Lunch,Cola,1.00 can,140,,10,0,Beverages\n"
        + "2026-03-02,Dinner,Tea,1.00 cup,2,,0,7,Beverages\n",
    )
    report = screen(read_diary(path), Profile(sex="female", age=40))
    assert report.caffeine_mg_per_day == 95.0
    assert report.caffeine_complete_pct == pytest.approx(100 / 3, abs=0.1)
    assert "Caffeine: at least 95 mg a day" in render_table(report)


def test_high_sodium_has_its_own_heading(tmp_path):
    path = write(
        tmp_path,
        "Day,Food Name,Amount,Energy (kcal),Calcium (mg),Magnesium (mg),Sodium (mg)\n"
        "2026-03-02,Soup,1 cup,2000,1200,400,4000\n",
    )
    text = render_table(screen(read_diary(path), Profile(sex="female", age=40)))
    high = text.index("Above the CDRR: worth reducing")
    assert "Sodium: 4000 mg a day, above the CDRR of 2300 mg" in text[high:]
    assert "Little dietary coverage" not in text  # calcium and magnesium are covered


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order", "iso"),
    [("January 1, 2019", None, "2019-01-01"), ("Jan 1, 2019", None, "2019-01-01"),
     ("Sept 30, 2019", None, "2019-09-30"), ("Tue, Jan 1, 2019", None, "2019-01-01"),
     ("1 January 2019", None, "2019-01-01"), ("01-Jan-2019", None, "2019-01-01"),
     ("1/2/2019", MONTH_FIRST, "2019-01-02"), ("1/2/2019", DAY_FIRST, "2019-02-01"),
     ("01/27/2026", MONTH_FIRST, "2026-01-27"), ("2/3/19", MONTH_FIRST, "2019-02-03")],
)  # fmt: skip
def test_dates_as_apps_write_them(text, order, iso):
    assert parse_date(text, order).isoformat() == iso


@pytest.mark.parametrize("text", ["Smarch 1, 2019", "February 30, 2019", "1/2/2019"])
def test_dates_that_are_not(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_the_column_decides_the_order_from_values_that_can_only_be_one():
    assert date_order([(2, "1/2/2019"), (3, "13/2/2019")], None, "f", "date") == DAY_FIRST
    assert date_order([(2, "1/2/2019"), (3, "1/13/2019")], None, "f", "date") == MONTH_FIRST
    assert date_order([(2, "1/2/2019")], MONTH_FIRST, "f", "date") == MONTH_FIRST
    assert date_order([(2, "1/2/2019")], None, "f", "date") is None


def test_a_column_that_mixes_orders_is_an_error_naming_the_line(tmp_path):
    text = (
        "date,food,amount\n13/01/2026,banana,100 g\n01/02/2026,banana,100 g\n01/14/2026,banana,1\n"
    )
    with pytest.raises(DataFileError) as caught:
        read_diary(write(tmp_path, text))
    assert caught.value.line == 4
    assert caught.value.column == "date"
    assert "'01/14/2026' can only be month/day/year" in str(caught.value)


def test_a_meal_log_with_day_first_dates_reads_them_all(tmp_path):
    text = "date,food,amount\n13/01/2026,banana,100 g\n02/01/2026,banana,100 g\n"
    assert read_diary(write(tmp_path, text)).rows["date"].tolist() == ["2026-01-13", "2026-01-02"]


# --- properties -----------------------------------------------------------------------------

amounts_of_sodium = st.decimals(min_value="0", max_value="99999.99", places=2)


def written(value) -> str:
    """A value as an app may write it: plain, with thousands separators, with its unit."""
    return f"{value:,}mg" if value >= 1000 else f"{value}mg"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(amounts_of_sodium, st.booleans()), min_size=1, max_size=8))
def test_every_logged_value_is_kept_exactly(tmp_path, values):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Date", "Entry", "Item", "Amount", "Calories", "Sodium"])
    for value, deleted in values:
        item = "Xyzzy - Nothing Known" if deleted else "Generic - Banana"
        writer.writerow(["January 2, 2019", "Lunch", item, "1 medium", "100", written(value)])
    read = read_diary(write(tmp_path, buffer.getvalue()))
    assert accounted(read)
    assert read.rows["sodium_mg"].tolist() == [float(value) for value, _ in values]


cell_texts = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: f"{x:.3f}"),
    st.sampled_from(["", "--", "n/a", "1,656", "552mg", "--mg", "inf", "-0.0", "1e3", "nan"]),
)


@given(st.lists(cell_texts, min_size=1, max_size=6))
def test_the_fast_path_for_a_record_agrees_with_each_cell_alone(texts):
    from screener.rows import LoggedColumn, Reject, logged_number, logged_values

    columns = [LoggedColumn(f"c{i}", "sodium_mg", 1.0, "mg") for i in range(len(texts))]
    record = {c.header: text for c, text in zip(columns, texts, strict=True)}
    try:
        alone = [
            logged_number(text, c.header, "mg") for c, text in zip(columns, texts, strict=True)
        ]
    except Reject:
        with pytest.raises(Reject):
            logged_values(record, columns)
        return
    together = logged_values(record, columns)  # one key: the last column's value
    last = alone[-1]
    assert together["sodium_mg"] == last or (math.isnan(last) and math.isnan(together["sodium_mg"]))


@pytest.mark.parametrize("cell", ["-5", "inf", "-0.5mg", "1,5", "abc"])
def test_a_value_that_is_no_amount_rejects_its_row(tmp_path, cell):
    path = write(tmp_path, SERVINGS + f"2026-03-02,Lunch,Soup,1 cup,100,,\"{cell}\",7,Meals\n"
                 "2026-03-02,Lunch,Bread,1 slice,80,,30,7,Baked\n")  # fmt: skip
    read = read_diary(path)
    assert [(r.line, r.reason, r.column) for r in read.rejected] == [
        (2, RejectReason.BAD_AMOUNT, "calcium (mg)")
    ]


# --- values no food holds -------------------------------------------------------------------

MFP_SODIUM = "Date,Entry,Item,Amount,Calories,Sodium\n"


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("1e308", "is more than any food holds in one row (at most 4,000,000 mg)"),
        ("1e309", "is more than any food holds in one row (at most 4,000,000 mg)"),
        # 40,000 mg per 100 g (table salt, rounded up) in 10 kg: the most a row may hold
        ("4000001", "is more than any food holds in one row (at most 4,000,000 mg)"),
        ("4001 g", "is more than any food holds in one row (at most 4,000,000 mg)"),
        ("nan", "is not valid"),
        ("inf", "is not valid"),
    ],
)
def test_an_exports_value_no_food_holds_is_rejected_with_its_line(tmp_path, cell, problem):
    text = (
        MFP_SODIUM
        + '"January 2, 2019",Lunch,Generic - Banana,1 medium,100,5\n'
        + f'"January 3, 2019",Lunch,Generic - Banana,1 medium,100,"{cell}"\n'
    )
    read = read_diary(write(tmp_path, text))
    assert read.rows["sodium_mg"].tolist() == [5.0]
    assert accounted(read)
    [rejected] = read.rejected
    assert (rejected.line, rejected.reason, rejected.column) == (3, "bad_amount", "sodium")
    assert rejected.message == f"sodium: {cell!r} {problem}"


def test_the_most_a_row_may_hold_is_kept(tmp_path):
    text = MFP_SODIUM + '"January 2, 2019",Lunch,Generic - Banana,1 medium,100,4000000\n'
    assert read_diary(write(tmp_path, text)).rows["sodium_mg"].tolist() == [4_000_000.0]


def test_a_meal_logs_own_value_no_food_holds_is_rejected(tmp_path):
    text = "date,food,amount,vitamin_d_ug\n2026-03-02,09040,100 g,1\n2026-03-03,09040,100 g,25001\n"
    read = read_diary(write(tmp_path, text))
    assert read.rows["vitamin_d_ug"].tolist() == [1.0]
    [rejected] = read.rejected
    assert rejected.line == 3
    assert "(at most 25,000 µg)" in rejected.message


def test_no_food_in_the_table_holds_more_than_the_limits_allow(full_foods):
    from screener.nutrients import RICHEST_PER_100G, ROW_MOST_GRAMS

    for column, most in RICHEST_PER_100G.items():
        assert full_foods.foods[column].max() <= most, column
    assert ROW_MOST_GRAMS == 10_000


def test_a_meal_log_supplement_of_no_possible_dose_is_rejected(tmp_path):
    text = (
        "date,food,amount\n2026-03-02,09040,100 g\n"
        "2026-03-02,supplement: magnesium,80001 mg\n2026-03-02,supplement: magnesium,100 mg\n"
    )
    read = read_diary(write(tmp_path, text))
    assert read.rows["line"].tolist() == [2, 4]
    [rejected] = read.rejected
    assert (rejected.line, rejected.reason) == (3, "bad_amount")
    assert rejected.message.endswith("(at most 80,000 mg)")


# --- ASA24 --------------------------------------------------------------------------------

# ASA24's variable -> our column, as its researcher data dictionary gives the units
ASA24_CODES = {
    "MAGN": "magnesium_mg", "CALC": "calcium_mg", "VB1": "thiamin_mg", "VB6": "vitamin_b6_mg",
    "VB12": "vitamin_b12_ug", "VITD": "vitamin_d_ug", "POTA": "potassium_mg",
    "SODI": "sodium_mg", "KCAL": "energy_kcal", "CAFF": "caffeine_mg", "MOIS": "water_g",
}  # fmt: skip


def _asa24_cells(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize("name", ["asa24_totals.csv", "asa24_items.csv"])
def test_asa24_values_are_the_files_own_per_person_and_day(name):
    read = read_diary(DATA / name)
    assert accounted(read) and read.rejected == []
    assert read.users == ["STU01", "STU02"]
    for row, cells in zip(read.rows.to_dict("records"), _asa24_cells(name), strict=True):
        assert row["user"] == cells["UserName"]
        month, day, year = cells["IntakeStartDateTime"].split()[0].split("/")
        assert row["date"] == f"{year}-{month}-{day}"  # the day recalled, not reported
        for code, column in ASA24_CODES.items():
            if code in cells:
                assert row[column] == pytest.approx(float(cells[code]))
        assert row["values_from"] == ValueSource.EXPORT.value


def test_asa24_items_keep_each_food_and_its_grams():
    read = read_diary(DATA / "asa24_items.csv")
    cells = _asa24_cells("asa24_items.csv")
    assert read.rows["food"].tolist() == [c["Food_Description"] for c in cells]
    assert read.rows["grams"].tolist() == [float(c["FoodAmt"]) for c in cells]
    assert read.rows["meal"].tolist() == [c["Occ_Name"] for c in cells]


def test_asa24_totals_report_of_one_person_is_the_mean_of_their_recalls():
    read = read_diary(DATA / "asa24_totals.csv", user="STU02")
    report = screen(read, Profile(sex="female", age=40), user="STU02")
    recalls = [c for c in _asa24_cells("asa24_totals.csv") if c["UserName"] == "STU02"]
    assert report.days_logged == len(recalls) == 3
    for result in report.results:
        code = next(k for k, v in ASA24_CODES.items() if v.startswith(result.nutrient.value))
        mean = sum(float(c[code]) for c in recalls) / len(recalls)
        assert result.mean_daily_intake == pytest.approx(mean, rel=1e-9)


def test_asa24_bad_cells_are_rejected_with_line_and_column(tmp_path):
    header = "UserName,RecallNo,IntakeStartDateTime,KCAL,MAGN,CALC,POTA,SODI"
    path = write(
        tmp_path,
        f"{header}\n"
        "A,1,04/17/2016 00:00,1800,250,700,2400,3000\n"
        ",2,04/18/2016 00:00,1800,250,700,2400,3000\n"
        "A,3,04/19/2016 00:00,1800,lots,700,2400,3000\n"
        "A,4,04/20/2016 00:00,,,,,\n",
    )
    read = read_diary(path)
    assert read.kind is DiaryKind.ASA24_TOTALS
    assert accounted(read)
    assert [(r.line, r.reason, r.column) for r in read.rejected] == [
        (3, RejectReason.MISSING_VALUE, "username"),
        (4, RejectReason.BAD_AMOUNT, "magn"),
    ]
    assert [(r.line, r.reason) for r in read.skipped] == [(5, RejectReason.EMPTY_DAY)]
    # a nutrient the file has no column for is unknown, never zero
    assert read.rows["vitamin_d_ug"].isna().all()


def test_asa24_food_records_are_days_of_their_record(tmp_path):
    # ASA24 food records (not recalls): RecordNo and RecordDayNo, dated by ReportingDate
    header = "UserName,RecordNo,RecordDayNo,ReportingDate,KCAL,MAGN,CALC,POTA,SODI,VITD"
    path = write(
        tmp_path,
        f"{header}\n"
        "R1,1,1,2020-05-04,1700,210,640,2100,2500,3.1\n"
        "R1,1,2,2020-05-05,1900,250,700,2300,2900,4.0\n",
    )
    read = read_diary(path)
    assert read.kind is DiaryKind.ASA24_TOTALS
    assert read.rows["date"].tolist() == ["2020-05-04", "2020-05-05"]
    assert read.rows["food"].tolist() == [
        "(daily total, record 1 day 1)",
        "(daily total, record 1 day 2)",
    ]
    assert read.rows["magnesium_mg"].tolist() == [210.0, 250.0]
