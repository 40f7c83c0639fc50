"""Batch screening equals the single report for every person, and loses no row."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screener import chunked
from screener.batch import read_profiles, screen_batch
from screener.cli import cli
from screener.diary import read_diary
from screener.errors import DataFileError
from screener.models import Profile, RejectReason
from screener.report import report_frame
from screener.scoring import screen

from conftest import DATA


def same(left: pd.Series, right: pd.Series) -> bool:
    """Equal, unknowns (None or NaN) alike, numbers to 1e-9 (sums differ in order)."""
    left_numbers = pd.to_numeric(left, errors="coerce")
    right_numbers = pd.to_numeric(right, errors="coerce")
    if left_numbers.notna().sum() == left.notna().sum() and right_numbers.notna().sum() == (
        right.notna().sum()
    ):
        return bool(np.allclose(left_numbers, right_numbers, rtol=1e-9, equal_nan=True))

    def plain(values: pd.Series) -> list:
        return [None if pd.isna(value) else value for value in values]

    return plain(left) == plain(right)


@pytest.mark.parametrize("read_ahead", [False, True])
@pytest.mark.parametrize("chunk_rows", [3, 4, 1000])
def test_batch_equals_the_single_report_for_every_person(chunk_rows, read_ahead):
    profiles = read_profiles(DATA / "cohort_profiles.csv")
    result = screen_batch(
        DATA / "cohort.csv", profiles, chunk_rows=chunk_rows, read_ahead=read_ahead
    )
    read = read_diary(DATA / "cohort.csv")
    for user in ("ana", "ben", "cleo"):
        single = report_frame(screen(read, profiles.get(user, Profile()), user=user))
        batch = result.results[result.results["user"] == user].drop(columns="user")
        batch = batch.reset_index(drop=True)
        assert set(single.columns) <= set(batch.columns)
        for column in single.columns:
            assert same(batch[column], single[column]), (user, column)
        if "ul_note" not in single.columns:
            assert batch["ul_note"].isna().all()


@pytest.mark.parametrize("read_ahead", [False, True])
def test_every_row_is_used_or_rejected_with_its_line(read_ahead):
    result = screen_batch(DATA / "cohort.csv", chunk_rows=4, read_ahead=read_ahead)
    lines = {row.line: row.reason for row in result.rejected}
    assert lines == {
        11: RejectReason.UNKNOWN_FOOD,
        12: RejectReason.UNKNOWN_UNIT,
        13: RejectReason.BAD_AMOUNT,
        15: RejectReason.TOO_MANY_FIELDS,
        16: RejectReason.BAD_DATE,
    }
    assert result.rows_used + len(result.rejected) == result.data_lines == 15
    # the single reader agrees on what was used and what was not
    read = read_diary(DATA / "cohort.csv")
    assert {r.line for r in read.rejected} == set(lines)


def test_users_without_a_profile_get_the_default_and_are_listed():
    result = screen_batch(DATA / "cohort.csv", read_profiles(DATA / "cohort_profiles.csv"))
    assert result.default_profile_users == ["cleo"]


def test_a_file_without_users_is_refused(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("date,food,amount\n2026-03-02,banana,1 medium\n")
    with pytest.raises(DataFileError, match="user"):
        screen_batch(path)


def test_bad_profiles_name_the_line(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("user,sex,age,life_stage\nana,female,40,\nben,male,30,pregnant\n")
    with pytest.raises(DataFileError) as caught:
        read_profiles(path)
    assert str(caught.value) == f"{path}, line 3: life stage 'pregnant' applies only to females"


# (and names that join foods: a row of each food, the weight shared)
FOODS = ["banana", "milk", "oatmeal", "spinach", "09040", "almonds", "egg", "toast with butter",
         "fish and chips"]  # fmt: skip
cohort_rows = st.lists(
    st.tuples(
        st.sampled_from(["2026-03-02", "2026-03-03", "2026-03-05"]),
        st.sampled_from(["ana", "ben", "cleo", "dan"]),
        st.sampled_from(FOODS),
        # grams, ounces, and the weights apps write into the unit (of the whole amount
        # in parentheses, of one after a serving's words)
        st.sampled_from(["{} g", "{} oz", "0.5 cup ({}g)", "2 patty {}g."]).map(
            lambda form: lambda number: form.format(number)
        ),
        st.integers(1, 400),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cohort_rows, st.integers(1, 7))
def test_batch_equals_single_reports_for_any_small_cohort(tmp_path, rows, chunk_rows):
    path = tmp_path / "cohort.csv"
    lines = [f'{d},{u},{f},"{amount(g)}"' for d, u, f, amount, g in rows]
    path.write_text("date,user,food,amount\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = screen_batch(path, chunk_rows=chunk_rows)
    read = read_diary(path)
    assert result.rows_used == read.rows_used() == len(rows)
    for user in sorted({u for _, u, *_ in rows}):
        single = report_frame(screen(read, Profile(), user=user))
        batch = result.results[result.results["user"] == user].drop(columns="user")
        batch = batch.reset_index(drop=True)
        for column in single.columns:
            assert same(batch[column], single[column]), (user, column)
        if "ul_note" not in single.columns:
            assert batch["ul_note"].isna().all()


def test_codes_read_a_cell_without_text_as_empty():
    from screener.cohort_log import _codes

    values = pd.Series(pd.Categorical(["a", None, "b", "a"]))
    codes, distinct = _codes((values.cat.codes.to_numpy(), values.cat.categories.to_numpy()))
    assert [distinct[c] for c in codes] == ["a", "", "b", "a"]


def test_two_profiles_for_one_user_are_an_error_naming_both_lines(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("user,sex,age\nana,female,40\nben,male,30\nana,female,41\n")
    with pytest.raises(DataFileError) as caught:
        read_profiles(path)
    assert str(caught.value) == (
        f"{path}, line 4, column 'user': user 'ana' has two different profiles "
        "(lines 2 and 4): keep one"
    )


def test_a_huge_cell_is_rejected_and_shown_cut(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text("date,user,food,amount\n2026-03-02,a," + "x" * 5_000_000 + ",1\n"
                    "2026-03-02,a,banana,100 g\n")  # fmt: skip
    (rejected,) = screen_batch(path, {}).rejected
    assert rejected.line == 2
    assert len(rejected.value) < 300 and len(rejected.message) < 300


def test_rejected_rows_are_kept_by_line_and_shared_reason(tmp_path):
    """Many rows rejected for one name share what they say; each row keeps its line, in
    order, and the table of them all says the same as the rows themselves."""
    path = tmp_path / "cohort.csv"
    lines = ["date,user,food,amount"]
    for person in ("b", "a"):
        lines += [f"2026-03-02,{person},Mystery Shake,1", f"2026-03-02,{person},banana,100 g"]
        lines += [f"2026-13-45,{person},banana,100 g"]  # no such date
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejected = screen_batch(path, {}).rejected
    assert len(rejected) == 4
    assert [row.line for row in rejected] == [2, 4, 5, 7]  # file lines, in order
    assert [str(row.reason) for row in rejected[:2]] == ["unknown_food", "bad_date"]
    assert rejected[-1].value == "2026-13-45" and rejected[-1].column == "date"
    assert rejected.reasons() == {"unknown_food": 2, "bad_date": 2}
    assert rejected.reasons(3) == {"bad_date": 1}
    table = rejected.to_frame()
    assert table.columns.tolist() == ["line", "reason", "column", "value", "message"]
    assert table["line"].tolist() == [2, 4, 5, 7]
    assert table["message"].tolist() == [row.message for row in rejected]
    assert table["value"].tolist() == ["Mystery Shake", "2026-13-45"] * 2


@pytest.mark.parametrize("chunk_rows", [1, 2, 100])
def test_a_user_written_with_spaces_is_one_person(tmp_path, chunk_rows):
    """ " ana" and "ana" are one person once trimmed, in one chunk or across chunks."""
    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,user,food,amount\n"
        "2026-03-02,ana,09040,100 g\n"
        "2026-03-02, ana,09040,100 g\n"
        "2026-03-03,ben,09040,100 g\n"
        "2026-03-03,ana ,09040,100 g\n",
        encoding="utf-8",
    )
    result = screen_batch(path, chunk_rows=chunk_rows)
    assert sorted(result.results["user"].unique()) == ["ana", "ben"]
    ana = result.results[result.results["user"] == "ana"].set_index("nutrient")
    # SR28 09040 (bananas, raw): 358 mg potassium per 100 g; 200 g on one day, 100 g on the other
    assert ana.loc["potassium", "days_logged"] == 2
    assert ana.loc["potassium", "mean_daily_intake"] == pytest.approx((716 + 358) / 2)


def test_a_weight_written_for_the_whole_amount_is_not_scaled_again(tmp_path):
    """MyFitnessPal writes the weight of the whole amount in parentheses ("0.5 cup (78g)"
    is 78 g in all) and the weight of one after a serving's words ("2 patty 151g." is
    302 g): batch reads both as the single report does."""
    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,user,food,amount,unit\n"
        "2026-03-02,ana,09040,0.5,cup (78g)\n"
        "2026-03-03,ana,09040,2,patty 151g.\n"
        "2026-03-04,ana,09040,1,cup (150 g)\n",
        encoding="utf-8",
    )
    result = screen_batch(path)
    ana = result.results.set_index("nutrient")
    # SR28 09040 (bananas, raw): 358 mg potassium per 100 g; 78 g, 302 g and 150 g
    assert ana.loc["potassium", "mean_daily_intake"] == pytest.approx(3.58 * (78 + 302 + 150) / 3)
    read = read_diary(path)
    single = report_frame(screen(read, Profile(), user="ana"))
    assert same(result.results["mean_daily_intake"], single["mean_daily_intake"])


# --- reading: in this process, or a chunk ahead in a second one ----------------------


def cohort_text(rows: int) -> str:
    foods = ["09040,100,g", "01077,1,cup", "banana,1,medium", "almonds,1,oz", "kiwi,2,"]
    lines = ["date,user,food,amount,unit"]
    for row in range(rows):
        food = foods[row % len(foods)]
        lines.append(f"2026-03-{row % 7 + 2:02d},p{row % 37:03d},{food}")
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(not chunked.can_read_ahead(), reason="no second process here")
@pytest.mark.parametrize("chunk_rows", [7, 100, 100_000])
def test_reading_ahead_in_a_second_process_gives_the_same_results(tmp_path, chunk_rows):
    path = tmp_path / "cohort.csv"
    path.write_text(cohort_text(3000) + "2026-03-02,p001,09040,1 g,kg,more\n", encoding="utf-8")
    here = screen_batch(path, chunk_rows=chunk_rows, read_ahead=False)
    ahead = screen_batch(path, chunk_rows=chunk_rows, read_ahead=True)
    pd.testing.assert_frame_equal(here.results, ahead.results)
    pd.testing.assert_frame_equal(here.rejected.to_frame(), ahead.rejected.to_frame())
    assert here.rejected.to_frame()["line"].tolist() == [3002]  # the row with a field too many
    assert (here.rows_used, here.data_lines) == (ahead.rows_used, ahead.data_lines) == (3000, 3001)


@pytest.mark.parametrize("read_ahead", [False, True])
def test_a_first_row_with_a_field_too_many_is_rejected_not_read_as_an_index(tmp_path, read_ahead):
    """pandas reads a first row with one field more than the header as a file whose first
    column is an index, and shifts every column: "ana" became the date."""
    if read_ahead and not chunked.can_read_ahead():
        pytest.skip("no second process here")
    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,user,food,amount\n"
        "2026-03-02,ana,09040,100 g,extra\n"
        "2026-03-02,ana,09040,100 g\n"
        "2026-03-03,ana,09040,100 g,x,y\n",
        encoding="utf-8",
    )
    result = screen_batch(path, read_ahead=read_ahead)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (2, RejectReason.TOO_MANY_FIELDS),
        (4, RejectReason.TOO_MANY_FIELDS),
    ]
    assert result.rows_used == 1


@pytest.mark.parametrize("read_ahead", [False, True])
def test_a_quote_never_closed_is_an_error_naming_its_line(tmp_path, read_ahead):
    if read_ahead and not chunked.can_read_ahead():
        pytest.skip("no second process here")
    path = tmp_path / "cohort.csv"
    path.write_text(
        'date,user,food,amount\n2026-03-02,ana,09040,100 g\n2026-03-02,ana,"banana,1 medium\n'
        "2026-03-03,ben,09040,100 g\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        screen_batch(path, read_ahead=read_ahead)
    assert caught.value.line == 3
    assert "quote" in caught.value.problem


def test_a_header_naming_a_column_twice_is_refused(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text("date,user,food,amount,amount\n2026-03-02,ana,banana,1 medium,2 kg\n")
    with pytest.raises(DataFileError, match="names 'amount' twice"):
        screen_batch(path)


@pytest.mark.parametrize("read_ahead", [False, True])
def test_a_utf16_cohort_is_read(tmp_path, read_ahead):
    """What a spreadsheet saves as "Unicode text": UTF-16 with a BOM."""
    if read_ahead and not chunked.can_read_ahead():
        pytest.skip("no second process here")
    text = "date,user,food,amount\n2026-03-02,ana,09040,100 g\n2026-03-03,zoë,09040,200 g\n"
    plain, wide = tmp_path / "plain.csv", tmp_path / "wide.csv"
    plain.write_text(text, encoding="utf-8")
    wide.write_text(text, encoding="utf-16")  # with a BOM
    assert wide.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    expected = screen_batch(plain).results
    pd.testing.assert_frame_equal(screen_batch(wide, read_ahead=read_ahead).results, expected)
    assert sorted(expected["user"].unique()) == ["ana", "zoë"]


def test_a_cohort_separated_by_semicolons_reads_decimal_commas_as_a_diary_does(tmp_path):
    """A spreadsheet set to a decimal comma separates with semicolons: "1,5" is one and a
    half, "1.000" is refused (a thousand, or one?), as for a single diary; and an amount
    whose unit disagrees with the unit column is refused in batch as in the report."""
    commas = tmp_path / "commas.csv"
    commas.write_text(
        "date,user,food,amount,unit\n"
        "2026-03-02,ana,09040,1.5,medium\n"
        "2026-03-03,ana,09040,100 g,\n",
        encoding="utf-8",
    )
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text(
        '"date";"user";"food";"amount";"unit"\n'
        "2026-03-02;ana;09040;1,5;medium\n"
        "2026-03-03;ana;09040;100 g;\n"
        "2026-03-04;ana;09040;1.000;g\n"
        "2026-03-05;ana;09040;1 cup;g\n",
        encoding="utf-8",
    )
    expected = screen_batch(commas).results
    found = screen_batch(semicolons)
    pd.testing.assert_frame_equal(found.results, expected)
    rejected = [(r.line, r.reason, r.value) for r in found.rejected]
    assert rejected == [
        (4, RejectReason.BAD_AMOUNT, "1.000"),
        (5, RejectReason.BAD_AMOUNT, "1 cup"),
    ]
    single = read_diary(semicolons)
    assert [(r.line, r.reason, r.value) for r in single.rejected] == rejected


def test_implausible_rows_are_used_as_written_and_said(tmp_path):
    """The single report's definition (diary.implausible): over 3 kg in a row, a date
    before 1970 or in the future, a day more than a year from a person's other days.
    Batch uses such rows as written, and names each: its line, or the person and day."""
    path = tmp_path / "cohort.csv"
    path.write_text(
        "date,user,food,amount\n"
        "2099-03-02,ana,09040,100 g\n"
        "2026-03-02,ana,09040,3.1 kg\n"
        "2026-03-03,ana,09040,3 kg\n"  # 3,000 g is not over 3 kg
        "2019-05-01,ben,09040,100 g\n"
        "2026-03-03,ben,09040,100 g\n"
        "2026-03-04,ben,09040,100 g\n"
        "2026-03-04,cleo,09040,100 g\n",  # one day alone is no gap
        encoding="utf-8",
    )
    result = screen_batch(path)
    assert result.rows_used == 7
    assert result.implausible == [
        (2, "ana", "implausible: a date in the future (2099-03-02)"),
        (3, "ana", "implausible: 3.1 kg in one row"),
        (None, "ben", "implausible: 2019-05-01 is more than a year from the diary's other dates"),
    ]
    read = read_diary(path, user="ana")
    flags = read.rows.set_index("line")["flag"].dropna().to_dict()
    assert flags == {2: result.implausible[0][2], 3: result.implausible[1][2]}
    shown = CliRunner().invoke(cli, ["batch", str(path), "-o", str(tmp_path / "out.csv")])
    assert "Implausible, used as written (check them) (3):" in shown.stderr
    assert "  line 3 (ana): 3.1 kg in one row" in shown.stderr
    assert "  ben: 2019-05-01 is more than a year from the diary's other dates" in shown.stderr


@pytest.mark.skipif(not chunked.can_read_ahead(), reason="no second process here")
def test_a_reading_process_that_fails_or_dies_is_an_error_not_a_hang(tmp_path, monkeypatch):
    """The reading process's own failure comes back as a DataFileError saying what it
    was; a reading process that dies comes back as one too, and nothing waits forever."""
    path = tmp_path / "cohort.csv"
    path.write_text(cohort_text(100), encoding="utf-8")

    def failing(*_):
        yield from ()
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(chunked, "read_chunks", failing)  # the fork takes it along
    with pytest.raises(DataFileError, match="cannot be read: RuntimeError: the disk went away"):
        screen_batch(path, read_ahead=True)

    def dying(*_):
        os._exit(9)
        yield

    monkeypatch.setattr(chunked, "read_chunks", dying)
    with pytest.raises(DataFileError, match="the reading process ended early"):
        screen_batch(path, read_ahead=True)


def test_no_process_to_be_had_means_reading_here(tmp_path, monkeypatch):
    """A fork refused (a process limit reached) is no error: the file is read here."""
    path = tmp_path / "cohort.csv"
    path.write_text(cohort_text(50), encoding="utf-8")

    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(chunked.os, "fork", refused)
    expected = screen_batch(path, read_ahead=False).results
    pd.testing.assert_frame_equal(screen_batch(path, read_ahead=True).results, expected)


def test_lone_cr_line_endings_are_read_as_lines(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_bytes(
        b"user,date,food,amount\rana,2026-03-02,09040,100 g\r\nben,2026-03-03,09040,50 g\r"
    )
    result = screen_batch(path)
    assert (result.data_lines, result.rows_used) == (2, 2)
    assert set(result.results["user"]) == {"ana", "ben"}


def test_a_header_wider_than_the_first_bytes_read_is_counted_whole(tmp_path):
    path = tmp_path / "cohort.csv"
    names = ["user", "date", "food", "amount"] + [f"column_{i:06d}" for i in range(5000)]
    path.write_text(",".join(names) + "\nana,2026-03-02,09040,100 g\n")
    with pytest.raises(DataFileError) as caught:
        screen_batch(path)
    assert caught.value.problem == "the header has 5,004 columns; a diary has at most 1,000"


def test_a_day_of_implausibly_many_rows_or_grams_is_said_per_person(tmp_path):
    path = tmp_path / "cohort.csv"
    rows = (
        ["ana,2026-03-02,09040,1 g"] * 201  # more than 200 rows in a day
        + ["ana,2026-03-03,09040,1 g"] * 200
        + ["ben,2026-03-02,09040,2600 g"] * 4  # 10.4 kg in a day, no row over 3 kg
        + ["ben,2026-03-03,09040,2500 g"] * 4  # 10.0 kg
    )
    path.write_text("user,date,food,amount\n" + "\n".join(rows) + "\n")
    result = screen_batch(path)
    assert result.rows_used == 409
    assert result.implausible == [
        (None, "ana", "implausible: 201 rows on 2026-03-02 (a diary copied into itself?)"),
        (None, "ben", "implausible: 10.4 kg eaten on 2026-03-02"),
    ]


@pytest.mark.parametrize("read_ahead", [False, True])
def test_a_quoted_field_over_several_lines_is_an_error_naming_its_line(tmp_path, read_ahead):
    if read_ahead and not chunked.can_read_ahead():
        pytest.skip("no second process here")
    path = tmp_path / "cohort.csv"
    path.write_text(
        'user,date,food,amount\nana,2026-03-02,09040,100 g\nana,2026-03-03,"to""ast"x,2 slices\n'
        'ana,2026-03-04,"banana\nsplit",1 cup\nana,2026-03-05,09040,100 g\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        screen_batch(path, read_ahead=read_ahead)
    assert str(caught.value) == (
        f"{path}, line 4: a quoted field goes on over several lines here; batch reads one "
        "record per line (screener report reads it): put the text on one line"
    )


def test_a_header_line_over_a_mebibyte_is_refused_unread(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text("user,date,food,amount," + "x" * (1 << 20) + "\nana,2026-03-02,09040,1 g\n")
    with pytest.raises(DataFileError) as caught:
        screen_batch(path)
    assert str(caught.value) == f"{path}, line 1: the header line is longer than 1,048,576 bytes"


# Foods written as people write them, with the amount in the food's text or none at all
SAID = [
    "2 eggs", "a banana", "half a cup of oatmeal", "banana", "milk", "chicken breast 150g",
    "two slices of whole wheat bread", "1 1/2 cups of milk", "cinnamon", "a few eggs",
    "a glass of orange juice", "2 bowls of oatmeal", "a glass of wine",
]  # fmt: skip
said_rows = st.lists(
    st.tuples(
        st.sampled_from(["2026-03-02", "2026-03-03", "2026-03-05"]),
        st.sampled_from(["ana", "ben", "cleo"]),
        st.sampled_from(SAID),
    ),
    min_size=1,
    max_size=20,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(said_rows, st.integers(1, 7))
def test_batch_reads_an_amount_in_the_food_as_a_single_diary_does(tmp_path, rows, chunk_rows):
    """The one grammar in batch too: an amount inside the food's text, and no amount at
    all (the usual portion, counted as assumed); what a single diary refuses ('a few',
    cinnamon without an amount), batch refuses on the same line for the same reason."""
    path = tmp_path / "cohort.csv"
    lines = [f"{d},{u},{f}," for d, u, f in rows]
    path.write_text("date,user,food,amount\n" + "\n".join(lines) + "\n", encoding="utf-8")
    from screener.diary import NoUsableRowsError

    try:
        read = read_diary(path)
    except NoUsableRowsError as single:  # nothing usable: batch refuses it alike
        with pytest.raises(NoUsableRowsError) as caught:
            screen_batch(path, chunk_rows=chunk_rows)
        assert [r.line for r in caught.value.rejected] == [r.line for r in single.rejected]
        return
    result = screen_batch(path, chunk_rows=chunk_rows)
    assert result.rows_used == len(read.rows)
    assert [(r.line, r.reason) for r in result.rejected] == [
        (r.line, r.reason) for r in read.rejected
    ]
    for user in sorted(set(read.rows["user"])):
        report = screen(read, Profile(), user=user)
        single = report_frame(report)
        batch = result.results[result.results["user"] == user].reset_index(drop=True)
        for column in ("mean_daily_intake", "status", "confidence", "days_logged"):
            assert same(batch[column], single[column]), (user, column)
        assert set(batch["amounts_assumed"]) == {len(report.amounts_assumed)}


def test_batch_takes_the_usual_portion_of_a_food_without_an_amount(tmp_path):
    # a banana with no amount is FNDDS's "Quantity not specified" of a banana: 126 g
    # (FNDDS 2017-2018 portion of 63107010 Banana, raw), as the single diary takes it
    path = tmp_path / "cohort.csv"
    # and a glass of orange juice (no glass measure: one usual portion of its twin,
    # 61210000 Orange juice, 100%, NFS, "Quantity not specified" = 248 g), assumed too
    path.write_text(
        "date,user,food,amount\n2026-03-02,ana,banana,\n2026-03-02,ana,2 eggs,\n"
        "2026-03-02,ana,a glass of orange juice,\n"
    )
    result = screen_batch(path)
    read = read_diary(path)
    assert read.rows["grams"].tolist() == [126.0, 100.0, 248.0]
    ana = result.results.set_index("nutrient")
    per_100g = read.rows[["grams", "potassium_mg"]]
    assert ana.loc["potassium", "mean_daily_intake"] == pytest.approx(
        per_100g["potassium_mg"].sum()
    )
    assert ana.loc["potassium", "amounts_assumed"] == 2


def test_one_day_written_two_ways_is_one_day_in_batch_as_in_the_report(tmp_path):
    """Within one chunk too: "2026-03-02" and "2026-3-2" are one day."""
    path = tmp_path / "log.csv"
    path.write_text(
        "date,user,food,amount\n2026-03-02,ana,banana,100 g\n2026-3-2,ana,banana,50 g\n"
        "2026-03-03,ana,banana,100 g\n"
    )
    for chunk_rows in (1, 1000):
        result = screen_batch(path, chunk_rows=chunk_rows)
        days = set(result.results.loc[result.results["user"] == "ana", "days_logged"])
        assert days == {2}
    assert screen(read_diary(path), Profile(), user="ana").days_logged == 2
