"""batch's column-at-a-time reading of a Cronometer servings export (read_diary's
COLUMNAR) against the row-by-row reading every other command uses: the same rows, the
same rejections (line, reason, column, value, message), the same skipped lines and
warnings, on every fixture and on hostile files; and values checked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from screener.diary import DiaryRead, read_diary
from screener.errors import ScreenerError
from screener.models import RejectReason

from conftest import DATA

HEADER = (
    "Day,Time,Group,Food Name,Amount,Energy (kcal),Caffeine (mg),Water (g),"
    "B1 (Thiamine) (mg),B12 (Cobalamin) (µg),B6 (Pyridoxine) (mg),Vitamin D (IU),"
    "Calcium (mg),Magnesium (mg),Potassium (mg),Sodium (mg),Category"
)


def both(path: Path) -> tuple[DiaryRead | str, DiaryRead | str]:
    """The row-by-row and the columnar read of PATH (an error: its text)."""
    found = []
    for columnar in (False, True):
        try:
            found.append(read_diary(path, columnar=columnar))
        except ScreenerError as error:
            found.append(f"{type(error).__name__}: {error}")
    return found[0], found[1]


def assert_same(rows: DiaryRead | str, columns: DiaryRead | str) -> None:
    if isinstance(rows, str) or isinstance(columns, str):
        assert rows == columns
        return
    pd.testing.assert_frame_equal(rows.rows, columns.rows)  # values and dtypes
    pd.testing.assert_frame_equal(rows.logged, columns.logged)
    assert rows.rejected == columns.rejected
    assert rows.skipped == columns.skipped
    assert rows.warnings == columns.warnings
    assert (rows.kind, rows.data_lines, rows.resolutions) == (
        columns.kind,
        columns.data_lines,
        columns.resolutions,
    )


@pytest.mark.parametrize("path", sorted(DATA.glob("*.csv")), ids=lambda p: p.name)
def test_every_fixture_reads_the_same_in_columns(path: Path) -> None:
    assert_same(*both(path))


# Every kind of cell parse must judge: no food name, a cell that is no number, one with
# its unit (552mg), a no-value mark, a negative, one beyond any food (1e999), a bad and a
# missing date, too many and too few fields, a blank line and a line of commas, a name
# with a quoted newline, a cell too long, a Supplements row that is food (a shake) and
# one that is not.
HOSTILE = [
    HEADER,
    # line 2
    '2026-03-02,,Breakfast,"Oatmeal, Cooked",1.00 cup,166.4,0,197.8,0.18,0,0.02,0,21.1,63.2,'
    "164.3,9.4,Cereals",
    # line 3
    "2026-03-02,,Breakfast,,1.00 cup,166.4,0,197.8,0.18,0,0.02,0,21.1,63.2,164.3,9.4,Cereals",
    # line 4
    "2026-03-02,,Lunch,Soup,1 bowl,abc,0,197.8,0.18,0,0.02,0,21.1,63.2,164.3,9.4,Soups",
    # line 5
    "2026-03-02,,Lunch,Soup,1 bowl,120,0,197.8,0.18,0,0.02,0,21.1,63.2,164.3,552mg,Soups",
    # line 6
    "2026-03-02,,Lunch,Soup,1 bowl,n/a,0,197.8,0.18,0,0.02,0,21.1,63.2,164.3,9.4,Soups",
    # line 7
    "2026-03-02,,Lunch,Soup,1 bowl,-5,0,197.8,0.18,0,0.02,0,21.1,63.2,164.3,9.4,Soups",
    # line 8
    "2026-03-02,,Lunch,Soup,1 bowl,1e999,0,197.8,0.18,0,0.02,0,21.1,63.2,164.3,9.4,Soups",
    # line 9
    "2026/13/45,,Dinner,Rice,150.00 g,200,0,100,0.1,0,0.1,0,10,20,30,5,Grains",
    # line 10
    ",,Dinner,Rice,150.00 g,200,0,100,0.1,0,0.1,0,10,20,30,5,Grains",
    # line 11
    "2026-03-03,,Dinner,Pickles, dill,1 spear,5,0,0,0,0,0,0,10,1,10,300,Vegetables",
    # line 12: too few fields, padded as blanks
    "2026-03-03,,Dinner,Rice,150.00 g,200",
    # line 13
    "",
    # line 14
    ",,,,,,,,,,,,,,,,",
    # line 15-16
    '2026-03-03,,Dinner,"Rice,\nBrown",0.52 Serving (22 tsp),,0,,0.18,,0.29,,20.2,78.8,86.9,'
    "10.1,Grains",
    # line 17
    "2026-03-03,,Dinner,Rice," + "9" * 2500 + " g,200,0,100,0.1,0,0.1,0,10,20,30,5,Grains",
    # line 18
    "2026-03-04,,Supplements,Whey Protein Shake,1 scoop,120,0,0,0,0,0,0,100,20,150,50,Supplements",
    # line 19
    "2026-03-04,,Supplements,Magnesium Citrate,1.00 tablet,0,0,0,0,0,0,0,0,200,0,0,Supplements",
    # line 20
    "2026-3-4,,Snacks,Banana,not a number,105,0,88.4,0.04,0,0.43,40,5.9,31.9,422.4,1.2,Fruits",
    # line 21
    "2026-03-04,,,Tea,1 cup,2,47,237,0,0,0,,0,2.4,87,7,Beverages",
]


def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join(HOSTILE) + "\n", encoding="utf-8")
    return path


def test_a_hostile_export_reads_the_same_in_columns(tmp_path: Path) -> None:
    assert_same(*both(hostile(tmp_path)))


def test_a_hostile_export_read_in_columns_by_hand(tmp_path: Path) -> None:
    read = read_diary(hostile(tmp_path), columnar=True)
    rejected = {r.line: (r.reason, r.column) for r in read.rejected}
    assert rejected == {
        3: (RejectReason.MISSING_VALUE, "food name"),
        4: (RejectReason.BAD_AMOUNT, "energy (kcal)"),
        7: (RejectReason.BAD_AMOUNT, "energy (kcal)"),
        8: (RejectReason.BAD_AMOUNT, "energy (kcal)"),
        9: (RejectReason.BAD_DATE, "day"),
        10: (RejectReason.MISSING_VALUE, "day"),
        11: (RejectReason.TOO_MANY_FIELDS, None),
        17: (RejectReason.FIELD_TOO_LONG, "amount"),
    }
    rows = read.rows.set_index("line")
    assert sorted(rows.index) == [2, 5, 6, 12, 15, 18, 19, 20, 21]
    # 17 records: lines 13 and 14 are blank, 16 is inside 15's quoted name
    assert len(rows) + len(read.rejected) + len(read.skipped) == read.data_lines == 17
    assert rows.at[5, "sodium_mg"] == 552.0  # "552mg" in a column of mg
    assert math.isnan(rows.at[6, "energy_kcal"])  # n/a: unknown, never zero
    assert rows.at[12, "grams"] == 150.0 and math.isnan(rows.at[12, "sodium_mg"])
    assert rows.at[15, "food"] == "Rice,\nBrown" and math.isnan(rows.at[15, "grams"])
    assert rows.at[20, "date"] == "2026-03-04" and rows.at[20, "vitamin_d_ug"] == 1.0  # 40 IU
    assert math.isnan(rows.at[20, "grams"]) and rows.at[20, "amount"] == "not a number"
    assert rows.at[18, "source"] == "food"  # a shake in Supplements is food
    assert rows.at[19, "source"] == "supplement"
    assert rows.at[21, "meal"] is None or pd.isna(rows.at[21, "meal"])
    assert math.isnan(rows.at[21, "vitamin_d_ug"])


def test_records_alike_but_their_date_each_keep_their_own_date_and_line(
    tmp_path: Path,
) -> None:
    """The records the row parser reads, again on other days (parse_rows reads records
    alike but the date once): each rejection at its own line, each row of its own
    date, and a bad date still judged where the rest of the record is good."""
    soup = HOSTILE[3]  # "abc" energy
    salty = HOSTILE[4]  # 552mg sodium: read, by the row parser
    lines = [HEADER]
    for day in ("2026-03-02", "2026-03-05", "2026-3-6", "2026/13/45", ""):
        lines += [day + soup[10:], day + salty[10:]]
    path = tmp_path / "alike.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_same(*both(path))
    read = read_diary(path, columnar=True)
    rejected = {r.line: (r.reason, r.column, r.value) for r in read.rejected}
    abc = (RejectReason.BAD_AMOUNT, "energy (kcal)", "abc")
    assert rejected == {
        2: abc, 4: abc, 6: abc, 8: abc, 10: abc,  # the value first, whatever the date
        9: (RejectReason.BAD_DATE, "day", "2026/13/45"),
        11: (RejectReason.MISSING_VALUE, "day", ""),
    }  # fmt: skip
    rows = read.rows.set_index("line")
    assert rows["date"].to_dict() == {3: "2026-03-02", 5: "2026-03-05", 7: "2026-03-06"}
    assert rows["sodium_mg"].tolist() == [552.0] * 3


def test_the_benchmark_folder_reads_the_same_in_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year of servings drawn from the fixture, as benchmarks/bench_folder.py makes it;
    only the records to reject go to the row parser."""
    import sys

    from screener import diary

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_folder import make_folder

    assert make_folder(tmp_path, 2) == 2 * 365 * 10
    by_row = diary.parse_rows
    records: list[int] = []

    def counted(header, data, *more):
        records.append(len(data))
        return by_row(header, data, *more)

    monkeypatch.setattr(diary, "parse_rows", counted)
    for path in sorted(tmp_path.iterdir()):
        records.clear()
        rows, columns = both(path)
        assert_same(rows, columns)
        assert len(columns.rejected) == 365  # the fixture's "abc" vitamin D, once a day
        assert records == [3650, 365]  # row by row: all; in columns: the rejected
