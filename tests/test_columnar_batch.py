"""batch's quick path for a folder of exports against the way every other command reads
and screens one file: csvfile.record_columns (pandas' C parser) against records() (the
csv module), record by record and line by line; and screen_files' table, rejections and
accounts against read_diary row by row and the single report, on every fixture and on
hostile Cronometer exports (quoted line breaks, blank lines, a BOM, CRLF and lone CR
line ends, short and long rows, bad cells)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_columnar import assert_same, both

from screener.batch import _is_cohort_log, result_columns, screen_files
from screener.csvfile import record_columns, records
from screener.diary import read_diary
from screener.errors import DataFileError, ScreenerError
from screener.models import ASSUMED_COUNTS, Profile, report_frame
from screener.scoring import screen

from conftest import DATA, unknown_as_none


def _padded(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """records() of TEXT, each record padded with empty fields to the header's width (as
    diary._fields pads a short one)."""
    header, data = records(text)
    return header, [(line, fields + [""] * (len(header) - len(fields))) for line, fields in data]


def _in_columns(
    text: str, data: bytes | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    found = record_columns(text, data=data)
    if found is None:
        return None
    header, lines, cells, longest = found
    if longest is not None:  # a bound on every cell's length
        assert all(len(cell) <= longest for column in cells for cell in column)
    return header, [
        (int(line), [str(column[i]) for column in cells]) for i, line in enumerate(lines)
    ]


PIECES = ["a", "1", " ", ",", ",", ";", "\t", '"', '""', 'x"y', "\n", "\n", "\r\n", "\r", "\ufeff"]


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(["h,i,j\n", "h;i\n", "h\ti\tj\n", "h,i\r\n", ""]),
    st.lists(st.sampled_from(PIECES), max_size=40),
)
def test_records_in_columns_are_records_or_left_to_them(head: str, pieces: list[str]) -> None:
    """Any text: record_columns gives what records() gives (each record at its first
    line, padded), raises its error, or leaves the text to it (None)."""
    text = head + "".join(pieces)
    try:
        expected: object = _padded(text)
    except DataFileError as error:
        expected = str(error)
    for data in (None, text.encode("utf-8")):  # the text, or its bytes (a UTF-8 file's)
        try:
            found = _in_columns(text, data)
        except DataFileError as error:
            assert str(error) == expected
            continue
        assert found is None or found == expected


def test_line_breaks_blank_lines_and_short_rows_keep_their_lines() -> None:
    text = 'h,i,j\n1,2,3\n\n   \n,,\n"a\nb",x,"c\n\nd"\n4\n5,6,7'
    # by hand: lines 3-5 are blank, the record on line 6 runs to line 9
    assert _in_columns(text) == (
        ["h", "i", "j"],
        [(2, ["1", "2", "3"]), (6, ["a\nb", "x", "c\n\nd"]), (10, ["4", "", ""]),
         (11, ["5", "6", "7"])],
    )  # fmt: skip
    assert _in_columns(text) == _padded(text)
    # lone CR lines are lines, as records() reads them
    assert _in_columns(text.replace("\n", "\r")) == _padded(text)
    unquoted = "h,i,j\n1,2,3\n\n   \n,,\n4\n5,6,7"  # CRLF lines (no quoted CRLF)
    assert _in_columns(unquoted.replace("\n", "\r\n")) == _padded(unquoted) == (
        ["h", "i", "j"], [(2, ["1", "2", "3"]), (6, ["4", "", ""]), (7, ["5", "6", "7"])]
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "h,i\n1,2,3\n",  # a record wider than the header: _fields says what it is
        "h,i\n1,2,\n",  # a trailing comma (an empty field too many)
        "\nh,i\n1,2\n",  # a blank line before the header
        'h,i\n"a\r\nb",1\r\n',  # a quoted CRLF
        'h,i\n"open,1\n2,3\n',  # a quote never closed: records() says where
        "h,i\n1,\x002\n",  # a NUL byte
        "\ufeffh,i\n1,2\n",  # a BOM left in the text
    ],
)
def test_what_the_c_parser_might_read_otherwise_is_left_to_records(text: str) -> None:
    assert record_columns(text) is None


# --- whole files ------------------------------------------------------------------------------


def _export() -> tuple[list[str], list[list[str]]]:
    with open(DATA / "cronometer_servings.csv", newline="", encoding="utf-8") as stream:
        header, *rows = list(csv.reader(stream))
    return header, [row for row in rows if len(row) == len(header)]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _hostile_exports(folder: Path) -> list[Path]:
    """Cronometer servings exports, each hostile in one way."""
    header, rows = _export()
    plain = _csv([header, *rows, *rows])
    lines = plain.split("\n")
    named = [row[:] for row in rows]
    named[1][3], named[4][3] = "Banana,\nRaw", 'Say ""hi""\n\nthere'
    cells = [row[:] for row in rows]
    for at, (column, text) in enumerate(
        [(7, "552mg"), (9, "n/a"), (5, "-5"), (5, "1e999"), (4, ""), (3, ""), (0, "2026-02-30"),
         (0, ""), (10, "x" * 3000), (5, " 12 ")]
    ):  # fmt: skip
        cells[at][column] = text
    day_first = [["13/03/2026" if n % 2 else "03/04/2026", *row[1:]] for n, row in enumerate(rows)]
    odd = [row[:] for row in rows]  # a 2019 typo, a future day, 1960, 5 kg in a row
    for at, day in enumerate(["2019-03-02", "2099-01-01", "1960-05-05"]):
        odd[at][0] = day
    odd[3][4] = "5000.00 g"
    many = [["2026-03-09", *rows[0][1:]]] * 205  # a day of implausibly many rows
    texts = {
        "implausible.csv": _csv([header, *odd, *rows, *many]),
        "plain.csv": plain,
        "bom.csv": "\ufeff" + plain,
        "crlf.csv": plain.replace("\n", "\r\n"),
        "lone_cr.csv": plain.replace("\n", "\r"),
        "mixed_ends.csv": plain.replace("\n", "\r\n", 5),
        "blank_lines.csv": "\n".join([*lines[:3], "", "   ", ",,,,", "", *lines[3:]]),
        "quoted_breaks.csv": _csv([header, *named, *rows]),
        "quoted_crlf.csv": _csv([header, *named, *rows]).replace("\n", "\r\n"),
        "short_rows.csv": "\n".join(
            [*lines[:2], ",".join(rows[0][:5]), ",".join(rows[1][:1]), *lines[2:]]
        ),
        "long_rows.csv": "\n".join([*lines[:2], lines[2] + ",extra", lines[3] + ",,", *lines[4:]]),
        "bad_cells.csv": _csv([header, *cells, *rows]),
        "spaces.csv": plain.replace(",Breakfast,", ", Breakfast ,"),
        "header_wider.csv": ",".join(header) + ",,\n" + "\n".join(lines[1:]),
        "day_first.csv": _csv([header, *day_first]),
    }
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def hostile_exports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return _hostile_exports(tmp_path_factory.mktemp("hostile"))


def test_hostile_exports_read_the_same_in_columns(hostile_exports: list[Path]) -> None:
    taken = 0
    for path in hostile_exports:
        assert_same(*both(path))
        taken += record_columns(path.read_text(encoding="utf-8-sig")) is not None
    assert taken >= 10  # most of them read by the C parser, not left to records()


def _files_to_screen(hostile: list[Path]) -> list[Path]:
    return sorted(p for p in DATA.glob("*") if p.suffix in (".csv", ".tsv", ".txt")) + hostile


def test_every_file_screens_in_batch_as_its_own_report(hostile_exports: list[Path]) -> None:
    """Per file: batch's rows of each person are the single report's CSV table (in
    batch's columns), its rejected rows and accounts read_diary's row by row."""
    screened = 0
    for path in _files_to_screen(hostile_exports):
        try:
            read = read_diary(path)
        except ScreenerError:
            continue  # unreadable alone: test_batch_files says how batch lists it
        if read.kind.value.startswith("asa24") or _is_cohort_log(path):
            continue  # a study's files are read together, a cohort streamed (their own tests)
        try:
            batch, files = screen_files([path])
        except ScreenerError as error:
            # a file batch cannot screen: neither can the report
            with pytest.raises(ScreenerError):
                for user in read.users or [None]:
                    screen(read, Profile(), user)
            assert str(path) in str(error)
            continue
        (account,) = files
        assert account.error is None
        said = ("line", "reason", "column", "value", "message")
        assert [[getattr(r, name) for name in said] for r in account.rejected] == [
            [getattr(r, name) for name in said] for r in read.rejected
        ]
        assert (account.data_lines, account.rows_used, account.skipped) == (
            read.data_lines, len(read.rows), len(read.skipped)
        )  # fmt: skip
        supplements = bool(read.rows["source"].eq("supplement").any())
        implausible = []
        for user in read.users or [None]:
            person = user if user is not None else path.stem
            report = screen(read, Profile(), user)
            alone = report_frame(report).reindex(columns=result_columns(supplements))
            alone[list(ASSUMED_COUNTS)] = alone[list(ASSUMED_COUNTS)].fillna(0).astype(int)
            alone.insert(0, "user", person)
            mine = batch.results[batch.results["user"] == person].reset_index(drop=True)
            pd.testing.assert_frame_equal(  # (unknowns: NaN in batch, None in a report)
                unknown_as_none(mine), unknown_as_none(alone), check_dtype=False
            )
            implausible += [(r.line, person, r.flag) for r in report.implausible_rows]
        flagged = sorted((line, person, why) for line, person, why in batch.implausible)
        assert flagged == sorted(
            (line, person, why)
            for line, person, flags in implausible
            for why in flags.split("; ")
            if why.startswith("implausible")
        )
        screened += 1
    assert screened >= 20


@pytest.mark.parametrize("table", [True, False])  # pandas' object table, or pd.factorize
def test_factorized_codes_values_in_the_order_they_first_come(table, monkeypatch) -> None:
    import numpy as np

    from screener import rows
    from screener.rows import factorized

    if not table:
        monkeypatch.setattr(rows, "_ObjectTable", None)
    ab = "".join(["a", "b"])  # equal texts, two objects
    texts = np.array(["b", "ab", "b", "", ab], dtype=object)
    codes, distinct = factorized(texts)
    assert codes.tolist() == [0, 1, 0, 2, 1]
    assert distinct.tolist() == ["b", "ab", ""]
    # a missing value is coded as any other, None and NaN alike (pd.factorize's
    # use_na_sentinel=False)
    codes, distinct = factorized(np.array([None, "x", float("nan"), "x"], dtype=object))
    assert codes.tolist() == [0, 1, 0, 1]
    assert pd.isna(distinct[0]) and distinct[1] == "x" and len(distinct) == 2
    codes, distinct = factorized(np.array([], dtype=object))
    assert codes.tolist() == [] and distinct.tolist() == []


def test_first_places_are_where_each_code_first_comes() -> None:
    import numpy as np

    from screener.rows import first_places

    # codes numbered as they first come: 0 at 0, 1 at 2, 2 at 3, 3 at 6 (by hand)
    assert first_places(np.array([0, 0, 1, 2, 1, 0, 3, 3])).tolist() == [0, 2, 3, 6]
    assert first_places(np.array([0])).tolist() == [0]
    assert first_places(np.array([], dtype=np.int64)).tolist() == []


def test_a_date_cell_reads_the_same_in_every_file_of_its_column_and_order() -> None:
    from screener.rows import DAY_FIRST, MONTH_FIRST, DateColumn, Reject

    first, second = DateColumn("day", DAY_FIRST), DateColumn("day", DAY_FIRST)
    assert first.read("03/04/2026") == second.read("03/04/2026") == "2026-04-03"
    assert DateColumn("day", MONTH_FIRST).read("03/04/2026") == "2026-03-04"  # its own
    for column in (first, second):  # a bad date rejects its row in every file
        with pytest.raises(Reject) as rejected:
            column.read(" 2026-13-01 ")
        reason, where, value, _ = rejected.value.rejected
        assert (reason.value, where, value) == ("bad_date", "day", "2026-13-01")


def test_a_files_columns_are_the_parsers_or_else_the_frames(monkeypatch) -> None:
    from pandas.io.parsers.readers import TextFileReader

    from screener.csvfile import _parsed_columns

    text = 'h,i\n"a,b",1\n,2\n'
    expected = [["h", "a,b", ""], ["i", "1", "2"]]  # by hand: every cell a text
    assert [column.tolist() for column in _parsed_columns(io.StringIO(text), ",")] == expected
    # a pandas that lends no parser object: the frame read_csv makes
    monkeypatch.setattr(TextFileReader, "__enter__", lambda self: object())
    assert [column.tolist() for column in _parsed_columns(io.StringIO(text), ",")] == expected
