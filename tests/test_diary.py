from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener.diary import (
    DiaryRejectedError,
    NoUsableRowsError,
    import_frame,
    read_diary,
)
from screener.errors import DataFileError
from screener.models import RejectReason
from screener.output import frame_to_csv
from screener.rows import DiaryKind, parse_date

from conftest import DATA


def write(tmp_path: Path, text: str, name: str = "diary.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_meal_log_week_grams_and_foods():
    read = read_diary(DATA / "meal_log_week.csv")
    assert read.kind is DiaryKind.MEAL_LOG
    rows = read.rows.set_index("line")
    # grams from SR28 measures: 1 cup oatmeal 234 g; 1 medium banana 118 g; 2 cups raw
    # spinach 2 x 30 g; 2 large eggs 2 x 50 g; 1.5 oz almonds 42.52 g.
    assert rows.loc[2, ["food_id", "grams"]].tolist() == ["08121", 234.0]
    assert rows.loc[3, ["food_id", "grams"]].tolist() == ["09040", 118.0]
    assert rows.loc[4, "grams"] == 60.0
    assert rows.loc[6, "grams"] == 100.0
    assert rows.loc[9, "grams"] == pytest.approx(1.5 * 28.349523125)
    assert rows.loc[10, ["food_id", "match"]].tolist() == ["09040", "food_id"]
    assert rows.loc[11, ["food_id", "match"]].tolist() == ["09040", "fuzzy"]
    # Nutrients: grams / 100 x value per 100 g (banana magnesium 27 mg / 100 g).
    assert rows.loc[3, "magnesium_mg"] == pytest.approx(1.18 * 27)


def test_every_rejection_reason_with_its_line():
    read = read_diary(DATA / "meal_log_week.csv")
    reasons = {row.line: row.reason for row in read.rejected}
    assert reasons == {
        12: RejectReason.UNKNOWN_FOOD,
        13: RejectReason.UNKNOWN_UNIT,
        14: RejectReason.BAD_AMOUNT,
        15: RejectReason.BAD_DATE,
        16: RejectReason.BAD_DATE,
        17: RejectReason.MISSING_VALUE,
        18: RejectReason.TOO_MANY_FIELDS,
    }
    assert len(read.rows) + len(read.rejected) == read.data_lines == 17
    by_line = {row.line: row for row in read.rejected}
    assert "ambiguous date '03/04/2026'" in by_line[15].message
    assert by_line[13].message.startswith('unit "bucket" cannot be converted for "Spinach, raw"')


def test_ambiguous_name_is_reported_with_three_suggestions(tmp_path):
    path = write(
        tmp_path, "date,food,amount\n2026-03-02,dark chocolate 70%,20 g\n2026-03-02,egg,1\n"
    )
    read = read_diary(path)
    (rejected,) = read.rejected
    assert rejected.reason is RejectReason.AMBIGUOUS_FOOD
    # "did you mean: a; b; c", each a food id and its name (a name may hold a ";")
    assert len(re.findall(r"(?:mean: |; )(?:\d{5}|\d{8}) ", rejected.message)) == 3


def test_strict_turns_fuzzy_matches_and_rejections_into_a_failure(tmp_path):
    path = write(tmp_path, "date,food,amount\n2026-03-02,bananna,100 g\n2026-03-02,egg,1\n")
    assert len(read_diary(path).rows) == 2
    with pytest.raises(DiaryRejectedError) as caught:
        read_diary(path, strict=True)
    assert caught.value.rejected[0].reason is RejectReason.FUZZY_MATCH


def test_food_id_wins_over_the_name(tmp_path):
    path = write(tmp_path, "date,food,food_id,amount\n2026-03-02,spinach,9040,100 g\n")
    row = read_diary(path).rows.iloc[0]
    assert (row["food_id"], row["name"], row["match"]) == ("09040", "Bananas, raw", "food_id")


def test_unit_column_and_unit_in_amount(tmp_path):
    path = write(
        tmp_path,
        "Date , FOOD ,Amount,Unit\n2026-03-02,banana,1,medium\n2026-03-02,banana,1 medium,\n"
        "2026-03-02,banana,1 cup,medium\n",
    )
    read = read_diary(path)
    assert read.rows["grams"].tolist() == [118.0, 118.0]
    assert read.rejected[0].reason is RejectReason.BAD_AMOUNT
    assert "two different units" in read.rejected[0].message


def test_bom_and_latin1(tmp_path):
    bom = write(tmp_path, "\ufeffdate,food,amount\n2026-03-02,banana,100 g\n", "bom.csv")
    assert len(read_diary(bom).rows) == 1
    latin = write(tmp_path, "date,food,amount\n2026-03-02,jalapeño,20 g\n", "latin.csv", "cp1252")
    read = read_diary(latin)
    assert any("Windows-1252" in warning for warning in read.warnings)
    row = read.rows.iloc[0]
    assert (row["food"], row["name"]) == ("jalapeño", "Peppers, jalapeno, raw")


def test_semicolon_separated_file(tmp_path):
    path = write(tmp_path, "date;food;amount\n2026-03-02;banana;100 g\n")
    assert read_diary(path).rows.iloc[0]["grams"] == 100.0


def test_implausible_amount_is_flagged_not_silently_used(tmp_path):
    path = write(tmp_path, "date,food,amount\n2026-03-02,milk,4 kg\n2026-03-02,milk,1 cup\n")
    rows = read_diary(path).rows
    assert rows["flag"].tolist()[0] == "implausible: 4.0 kg in one row"
    assert pd.isna(rows["flag"].tolist()[1])


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        ("", "is empty"),
        ("\x00\x01\x02binary", "is a binary file, not CSV text"),
        ("just some text\nwithout a header\n", "no recognisable header"),
        ("date,food,amount\n2026-13-01,banana,1\n", "no usable rows (1 rejected"),
        ("Day,Group,Metric,Unit,Amount\n2026-03-02,x,Weight,kg,70\n", "biometrics export"),
    ],
)
def test_unreadable_files_are_one_clear_error(tmp_path, content, problem):
    path = tmp_path / "diary.csv"
    if content is not None:
        path.write_bytes(content.encode("latin-1"))
    with pytest.raises(DataFileError) as caught:
        read_diary(path)
    assert problem in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="is a directory"):
        read_diary(tmp_path)


def test_no_usable_rows_keeps_the_rejected_rows(tmp_path):
    path = write(tmp_path, "date,food,amount\n2026-03-02,xyzzy,1\n")
    with pytest.raises(NoUsableRowsError) as caught:
        read_diary(path)
    assert caught.value.rejected[0].line == 2


def test_cronometer_servings_columns_by_name_and_unit():
    read = read_diary(DATA / "cronometer_servings.csv")
    assert read.kind is DiaryKind.CRONOMETER_SERVINGS
    rows = read.rows.set_index("line")
    salmon = rows.loc[5]
    assert salmon["vitamin_d_ug"] == pytest.approx(789 / 40)  # IU / 40
    assert salmon["vitamin_b12_ug"] == 4.2
    assert salmon["grams"] == 150.0
    assert rows.loc[6, "date"] == "2026-03-03"  # "2026-3-3"
    assert math.isnan(rows.loc[7, "energy_kcal"])  # empty cell: unknown, not 0
    assert rows.loc[8, "source"] == "supplement"
    assert rows.loc[2, "meal"] == "Breakfast"
    assert {r.reason for r in read.rejected} == {
        RejectReason.BAD_DATE,
        RejectReason.BAD_AMOUNT,
        RejectReason.TOO_MANY_FIELDS,
    }
    assert len(read.rows) + len(read.rejected) == read.data_lines


def test_old_cronometer_export_with_micro_sign_variant():
    rows = read_diary(DATA / "cronometer_servings_old.csv").rows
    assert rows["date"].tolist() == ["2016-09-26", "2016-09-26", "2016-09-27"]
    assert rows["vitamin_b12_ug"].tolist() == [1.32, 0.0, 1.11]  # "(μg)", Greek mu
    assert rows["vitamin_d_ug"].tolist()[0] == 3.0  # 120 IU


def test_cronometer_header_with_extra_and_reordered_columns(tmp_path):
    path = write(
        tmp_path,
        "Sodium (mg),Food Name,Fiber (g),Day,Amount,Magnesium (mg),Vitamin D (µg)\n"
        "100,Lentils,8,2026-03-02,1 cup,71,0\n",
    )
    row = read_diary(path).rows.iloc[0]
    assert (row["sodium_mg"], row["magnesium_mg"], row["vitamin_d_ug"]) == (100, 71, 0)
    assert math.isnan(row["calcium_mg"])


def test_cronometer_daily_summary():
    read = read_diary(DATA / "cronometer_daily.csv")
    assert read.kind is DiaryKind.CRONOMETER_DAILY
    assert read.rows["magnesium_mg"].tolist() == [280.0, 240.0]
    assert any("contributors cannot be shown" in w for w in read.warnings)


def test_cronometer_exercise_export_is_refused():
    with pytest.raises(
        DataFileError, match="exercise export, which has no foods; export 'Servings'"
    ):
        read_diary(DATA / "cronometer_exercises.csv")


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2026-03-04", "2026-03-04"), ("2026-3-4", "2026-03-04"), ("2026/03/04", "2026-03-04"),
     ("20260304", "2026-03-04"), ("2026-03-04T08:30", "2026-03-04"),
     ("2026-03-04 08:30", "2026-03-04")],
)  # fmt: skip
def test_dates(text, iso):
    assert parse_date(text).isoformat() == iso


@pytest.mark.parametrize("text", ["03/04/2026", "2026-02-30", "yesterday", "25/03/2026"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("text", ["0000-01-01", "00000101", "January 1, 0000", "1 Jan 0000"])
def test_there_is_no_year_0(text):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == f"no such date: {text!r} (there is no year 0)"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("2/1/19", "2019-02-01"), ("2/1/0019", "0019-02-01"), ("0099-01-02", "0099-01-02")],
)
def test_only_a_year_of_two_digits_is_of_this_century(text, iso):
    assert parse_date(text, "month/day/year").isoformat() == iso


def test_a_row_of_year_0_is_rejected_with_its_line(tmp_path):
    path = write(tmp_path, "date,food,amount\n2026-03-02,09040,100 g\n0000-01-01,09040,50 g\n")
    read = read_diary(path)
    assert read.rows["date"].tolist() == ["2026-03-02"]
    [rejected] = read.rejected
    assert (rejected.line, rejected.reason) == (3, RejectReason.BAD_DATE)


def roundtrip(tmp_path: Path, source: Path) -> tuple[str, str]:
    first = frame_to_csv(import_frame(read_diary(source)))
    again = write(tmp_path, first, "again.csv")
    return first, frame_to_csv(import_frame(read_diary(again)))


@pytest.mark.parametrize(
    "name",
    [
        "meal_log_week.csv", "cronometer_servings.csv", "cronometer_daily.csv",
        "cronometer_daily_blank_days.csv", "mfp_summary.csv", "mfp_food_diary.csv",
        "mfp_food_diary_scraper.csv", "loseit_food_log.csv",
    ],
)  # fmt: skip
def test_import_output_imports_again_unchanged(tmp_path, name):
    first, second = roundtrip(tmp_path, DATA / name)
    assert first == second


FOODS = ["banana", "milk", "spinach", "oatmeal", "egg", "09040", "cheddar cheese", "rice"]
UNITS = ["g", "oz", "cup", "", "kg", "medium", "slice"]
rows = st.tuples(
    st.dates(
        min_value=pd.Timestamp("2020-01-01").date(), max_value=pd.Timestamp("2030-12-31").date()
    ),
    st.sampled_from(FOODS),
    st.decimals(min_value="0.1", max_value="500", places=2),
    st.sampled_from(UNITS),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(rows, min_size=1, max_size=8))
def test_any_valid_row_survives_a_round_trip(tmp_path, diary):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "food", "amount", "unit"])
    for date, food, amount, unit in diary:
        writer.writerow([date.isoformat(), food, str(amount), unit])
    path = write(tmp_path, buffer.getvalue())
    try:
        read = read_diary(path)
    except DataFileError:
        return  # every row was a unit the food lacks: reported, nothing used
    assert len(read.rows) + len(read.rejected) == len(diary)
    # a unit the food lacks, a bare number of a food with nothing to count, or a count
    # beyond what one row can be (diary.MAX_PORTIONS)
    assert all(
        r.reason in (RejectReason.UNKNOWN_UNIT, RejectReason.BAD_AMOUNT) for r in read.rejected
    )
    first, second = roundtrip(tmp_path, path)
    assert first == second


cells = st.text(alphabet=st.sampled_from('ab1,;"\n -/.2g'), max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(cells, min_size=0, max_size=6), min_size=1, max_size=10))
def test_row_accounting_holds_for_arbitrary_files(tmp_path, records):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "food", "amount", "unit"])
    writer.writerows(records)
    path = write(tmp_path, buffer.getvalue())
    try:
        read = read_diary(path)
    except NoUsableRowsError as error:
        assert len(error.rejected) == sum(1 for r in records if any(c.strip() for c in r))
        return
    lines = [r.line for r in read.rejected] + read.rows["line"].tolist()
    assert len(lines) == len(set(lines)) == read.data_lines


def test_user_aliases_and_foods_override_the_bundled_ones(tmp_path, monkeypatch):
    from screener.foods import load_user_foods

    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_id\nbanana,09041\nnana's porridge,99001\n")
    foods = tmp_path / "foods.csv"
    foods.write_text(
        "food_id,name,food_group,common,magnesium_mg,calcium_mg\n"
        "99001,Nana's porridge,Homemade,true,50,120\n"
    )
    diary = write(tmp_path, "date,food,amount\n2026-03-02,banana,10 g\n"
                  "2026-03-02,nana's porridge,200 g\n")  # fmt: skip
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    table = load_user_foods(foods, aliases)
    rows = read_diary(diary, foods=table).rows
    assert rows["food_id"].tolist() == ["09041", "99001"]  # the user's choice wins
    assert rows["magnesium_mg"].tolist()[1] == pytest.approx(100.0)
    assert math.isnan(rows["potassium_mg"].tolist()[1])  # not in the user's table: unknown


def test_user_files_are_found_in_the_config_folder(tmp_path, monkeypatch):
    from screener.foods import load_user_foods

    folder = tmp_path / "screener"
    folder.mkdir()
    (folder / "aliases.csv").write_text("alias,food_id\nmy cereal,08013\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    diary = write(tmp_path, "date,food,amount\n2026-03-02,my cereal,1 cup\n")
    assert read_diary(diary, foods=load_user_foods()).rows["food_id"].tolist() == ["08013"]


def test_bad_user_files_name_file_line_and_column(tmp_path):
    from screener.foods import load_foods

    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,food_id\nok,09040\nbad,12345678\n")
    with pytest.raises(DataFileError) as caught:
        load_foods(user_aliases=aliases)
    assert str(caught.value) == (
        f"{aliases}, line 3, column 'food_id': food_id '12345678' is not in the food table"
    )
    foods = tmp_path / "foods.csv"
    foods.write_text("food_id,name,magnesium_mg\n99001,Thing,lots\n")
    with pytest.raises(DataFileError) as caught:
        load_foods(user_foods=foods)
    assert str(caught.value) == f"{foods}, line 2, column 'magnesium_mg': not a number: 'lots'"


def test_a_column_named_twice_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, "date,meal,food,amount,amount,unit\n2026-03-02,b,banana,1,59,kg\n")
    with pytest.raises(DataFileError) as caught:
        read_diary(path)
    assert (caught.value.line, caught.value.column) == (1, "amount")
    assert "names 'amount' twice (columns 4 and 5)" in str(caught.value)


def test_a_header_of_a_thousand_columns_is_read_and_one_more_refused(tmp_path):
    names = ["date", "food", "amount"] + [f"x{i}" for i in range(997)]
    path = write(tmp_path, ",".join(names) + "\n2026-03-02,09040,100 g\n")
    assert read_diary(path).rows["grams"].tolist() == [100.0]
    path = write(tmp_path, ",".join([*names, "x997"]) + "\n2026-03-02,09040,100 g\n")
    with pytest.raises(DataFileError) as caught:
        read_diary(path)
    assert str(caught.value) == (
        f"{path}, line 1: the header has 1,001 columns; a diary has at most 1,000"
    )


def test_a_column_named_twice_among_many_names_both_columns(tmp_path):
    names = ["date", "food", "amount"] + [f"x{i}" for i in range(990)] + ["x5"]
    path = write(tmp_path, ",".join(names) + "\n2026-03-02,09040,100 g\n")
    with pytest.raises(DataFileError, match=r"names 'x5' twice \(columns 9 and 994\)"):
        read_diary(path)


def test_an_unnamed_column_is_ignored(tmp_path):
    path = write(tmp_path, ",date,food,amount,\n0,2026-03-02,banana,100 g,\n")
    assert read_diary(path).rows["grams"].tolist() == [100.0]


def test_a_field_far_too_long_rejects_its_row_and_is_shown_cut(tmp_path):
    huge = "x" * 5_000_000
    path = write(tmp_path, f"date,food,amount\n2026-03-02,{huge},1\n2026-03-02,banana,100 g\n")
    read = read_diary(path)
    (rejected,) = read.rejected
    assert (rejected.line, rejected.reason) == (2, RejectReason.FIELD_TOO_LONG)
    assert len(rejected.value) < 300
    assert read.rows["food"].tolist() == ["banana"]


def test_a_nul_inside_the_text_is_a_row_not_a_traceback(tmp_path):
    filler = "".join(f"2026-03-02,banana,{n} g\n" for n in range(1, 600))
    path = tmp_path / "diary.csv"
    path.write_bytes(f"date,food,amount\n{filler}".encode() + b"2026-03-02,xy\x00zzy,1\n")
    read = read_diary(path)
    assert [r.line for r in read.rejected] == [601]
    assert len(read.rows) == 599


def test_utf16_unicode_text_is_read(tmp_path):
    path = tmp_path / "diary.csv"
    path.write_bytes("date\tfood\tamount\n2026-03-02\tbanana\t100 g\n".encode("utf-16"))
    assert read_diary(path).rows["food_id"].tolist() == ["09040"]


@pytest.mark.parametrize(
    ("date", "said"),
    [("2099-01-01", "a date in the future (2099-01-01)"),
     ("1900-01-01", "a date before 1970 (1900-01-01)"),
     ("2024-03-02", "2024-03-02 is more than a year from the diary's other dates")],
)  # fmt: skip
def test_implausible_dates_are_used_and_flagged(tmp_path, date, said):
    text = "date,food,amount\n" + "".join(f"2026-03-0{d},banana,100 g\n" for d in (2, 3, 4))
    read = read_diary(write(tmp_path, text + f"{date},banana,100 g\n"))
    flags = read.rows.set_index("line")["flag"]
    assert flags[5] == f"implausible: {said}"
    assert flags[[2, 3, 4]].isna().all()


def test_a_day_of_implausibly_many_rows_is_flagged_on_each_of_its_rows(tmp_path):
    day = "2026-03-02,09040,1 g\n"
    text = "date,food,amount\n" + day * 201 + "2026-03-03,09040,1 g\n" * 200
    rows = read_diary(write(tmp_path, text)).rows
    flags = rows.groupby("date")["flag"].agg(lambda f: set(f.dropna()))
    # more than 200 rows in a day: a diary copied into itself, not a day of eating
    assert flags["2026-03-02"] == {
        "implausible: 201 rows on 2026-03-02 (a diary copied into itself?)"
    }
    assert flags["2026-03-03"] == set()  # 200 rows: a lot, but said nothing of
    assert len(rows) == 401  # used, as written


def test_a_day_of_implausibly_many_grams_is_flagged(tmp_path):
    # four rows of 2.6 kg: none over 3 kg alone, 10.4 kg in the day (over 10 kg)
    text = "date,food,amount\n" + "2026-03-02,09040,2600 g\n" * 4 + "2026-03-03,09040,2500 g\n" * 4
    rows = read_diary(write(tmp_path, text)).rows
    assert rows["flag"].tolist()[:4] == ["implausible: 10.4 kg eaten on 2026-03-02"] * 4
    assert rows["flag"].iloc[4:].isna().all()  # 10.0 kg


def test_an_implausible_weight_beyond_a_million_kg_is_said_in_few_digits(tmp_path):
    text = "date,food,amount\n2026-03-02,09040,1" + "0" * 300 + " g\n"
    rows = read_diary(write(tmp_path, text)).rows
    assert rows["flag"].tolist() == [
        "implausible: 1e+297 kg in one row; implausible: 1e+297 kg eaten on 2026-03-02"
    ]


def test_implausible_days_are_per_person(tmp_path):
    text = "date,user,food,amount\n" + "2026-03-02,ana,09040,1 g\n2026-03-02,ben,09040,1 g\n" * 101
    rows = read_diary(write(tmp_path, text)).rows
    assert rows["flag"].isna().all()  # 202 rows that day, but 101 each


@pytest.mark.parametrize("value", ["-500", "inf", "100001"])
def test_own_food_values_must_be_finite_and_not_negative(tmp_path, value):
    from screener.foods import load_foods

    foods = tmp_path / "foods.csv"
    foods.write_text(f"food_id,name,magnesium_mg\n99001,Thing,{value}\n")
    with pytest.raises(DataFileError) as caught:
        load_foods(user_foods=foods)
    assert (caught.value.line, caught.value.column) == (2, "magnesium_mg")
    assert "no amount per 100 g" in str(caught.value)


def test_a_semicolon_file_has_decimal_commas(tmp_path):
    path = write(tmp_path, "date;food;amount;unit\n2026-03-02;banana;1,5;medium\n"
                 "2026-03-02;banana;1.000;g\n")  # fmt: skip
    read = read_diary(path)
    assert read.rows["grams"].tolist() == [1.5 * 118]
    (rejected,) = read.rejected
    assert rejected.message == "amount: '1.000' in a file with decimal commas: write 1000 or 1,0"


def test_a_diary_kept_for_years_is_not_implausible(tmp_path):
    days = pd.date_range("2022-01-01", "2025-12-31", freq="30D")
    text = "date,food,amount\n" + "".join(f"{d.date()},banana,100 g\n" for d in days)
    assert read_diary(write(tmp_path, text)).rows["flag"].isna().all()


def test_a_row_of_two_foods_whose_amount_cannot_be_shared_asks_for_a_row_of_each(tmp_path):
    """A name no food has that joins two foods of the table, with an amount neither food
    measures, is refused with the two to write apart, in a single diary and in batch
    alike (tests/test_joined.py: the amounts that are shared)."""
    from screener.batch import screen_batch

    path = tmp_path / "diary.csv"
    path.write_text(
        "date,user,food,amount\n2026-03-02,ana,toast with butter,3 liters\n"
        "2026-03-02,ana,banana,1\n"
    )
    read = read_diary(path)
    (refused,) = read.rejected
    assert refused.line == 2
    assert '"toast" and "butter": write each on a row of its own' in refused.message
    (batch,) = screen_batch(path).rejected
    assert (batch.line, batch.reason, batch.message) == (2, refused.reason, refused.message)
