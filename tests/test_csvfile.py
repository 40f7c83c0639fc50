"""Reading a CSV file's records: every record with its line, or an error naming one."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from screener.cli import cli
from screener.csvfile import records
from screener.diary import read_diary
from screener.errors import DataFileError

# Line 5 opens a quote it never closes: the csv module would take lines 5-8 as one field.
UNCLOSED = (
    "date,meal,food,amount,unit\n"
    "2026-03-02,breakfast,09040,100,g\n"
    "2026-03-03,breakfast,09040,100,g\n"
    "2026-03-04,breakfast,09040,100,g\n"
    '2026-03-05,lunch,"jam,1,tbsp\n'
    "2026-03-06,lunch,09040,100,g\n"
    "2026-03-07,lunch,09040,100,g\n"
    "2026-03-08,lunch,09040,100,g\n"
)


def test_a_quote_never_closed_is_an_error_naming_its_line():
    with pytest.raises(DataFileError) as caught:
        records(UNCLOSED, "log.csv")
    assert str(caught.value) == (
        'log.csv, line 5: a quote opened here is never closed (a name with a " in it? '
        'double it: "")'
    )


def test_a_quote_never_closed_is_found_for_one_user_too():
    text = "user," + UNCLOSED.replace("\n2026", "\nana,2026")
    with pytest.raises(DataFileError) as caught:
        records(text, "log.csv", user="ana")
    assert caught.value.line == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted field over two lines, closed: one record, from line 2
        ('a,b\n"x\ny",1\n3,4\n', [(2, ["x\ny", "1"]), (4, ["3", "4"])]),
        # "" inside a quoted field, and a quote inside an unquoted one (5" pizza)
        ('a,b\n"say ""hi""",5" pizza\n', [(2, ['say "hi"', '5" pizza'])]),
        # text after a closing quote is kept (the csv module's lenient rule)
        ('a,b\n"to"ast,1\n', [(2, ["toast", "1"])]),
        # the last field closed at the very end of the file, no newline after it
        ('a,b\n1,"x\ny"', [(2, ["1", "x\ny"])]),
    ],
)
def test_closed_quotes_are_read_as_the_csv_module_reads_them(text, expected):
    assert records(text, "f.csv") == (["a", "b"], expected)


def test_a_quote_never_closed_in_the_last_field_of_the_file():
    with pytest.raises(DataFileError) as caught:
        records('a,b\n1,2\n3,"x\n\n4,5\n', "f.csv")
    assert caught.value.line == 3


@pytest.mark.parametrize("ending", ["\r", "\r\n", "mixed"])
def test_lone_cr_and_mixed_line_endings_count_lines_as_a_person_sees_them(ending):
    lines = ["a,b", "1,2", '"x', 'y",3', "4,5"]
    text = ending.join(lines) + ending
    if ending == "mixed":
        text = 'a,b\r1,2\n"x\r\ny",3\r4,5\n'
    header, found = records(text, "f.csv")
    assert header == ["a", "b"]
    inside = "x\r\ny" if ending == "\r\n" else "x\ny"  # CRLF throughout: read as written
    assert found == [(2, ["1", "2"]), (3, [inside, "3"]), (5, ["4", "5"])]


def test_a_diary_with_a_quote_never_closed_is_refused_by_report_and_import(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(UNCLOSED, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        read_diary(path)
    assert caught.value.line == 5
    for args in (
        ["report", str(path), "--sex", "female", "--age", "40"],
        ["report", str(path), "--strict"],
        ["import", str(path), "-o", str(tmp_path / "out.csv")],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, args
        assert f"Error: {path}, line 5: a quote opened here is never closed" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_lone_cr_line_endings_are_read_not_refused(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(b"date,food,amount\r2026-03-02,09040,100 g\r2026-03-03,09040,50 g\r")
    read = read_diary(path)
    assert list(read.rows["line"]) == [2, 3]
    assert list(read.rows["grams"]) == [100.0, 50.0]


def test_a_header_too_wide_is_refused_before_any_row_is_read():
    header = ",".join(f"c{i}" for i in range(1001))
    # a quote never closed on line 2 would be the error if the rows were read first
    with pytest.raises(DataFileError) as caught:
        records(header + '\n"x\n', "wide.csv")
    assert str(caught.value) == (
        "wide.csv, line 1: the header has 1,001 columns; a diary has at most 1,000"
    )
    with pytest.raises(DataFileError, match="1,002 columns"):
        records("user," + header + "\nana,1\n", "wide.csv", user="ana")


def test_a_quote_never_closed_on_a_line_of_even_quotes_is_found_for_one_user_too():
    # two quotes on line 3, yet the second opens a field never closed
    text = 'user,date,food,amount\nana,2026-03-02,09040,1 g\nben,5" pizza,"1 slice\nana,x,y,z\n'
    with pytest.raises(DataFileError) as caught:
        records(text, "log.csv", user="ana")
    assert caught.value.line == 3
    with pytest.raises(DataFileError):
        records(text, "log.csv")


@pytest.mark.parametrize("kind", ["supplements", "profiles", "foods", "aliases"])
def test_a_column_named_twice_is_refused_in_every_file_screener_reads(tmp_path, kind):
    from screener.batch import read_profiles
    from screener.foods import load_foods
    from screener.supplements import read_supplements

    text, column, columns, read = {
        "supplements": ("name,nutrient,amount,unit,amount\nMag,magnesium,100,mg,5000\n",
                        "amount", (3, 5), read_supplements),
        "profiles": ("user,sex,age,Age\nana,female,40,67\n", "age", (3, 4), read_profiles),
        "foods": ("food_id,name,magnesium_mg,magnesium_mg\n99001,Thing,1,500\n",
                  "magnesium_mg", (3, 4), lambda p: load_foods(user_foods=p)),
        "aliases": ("alias,food_id,Food_ID\nmine,09040,01077\n", "food_id", (2, 3),
                    lambda p: load_foods(user_aliases=p)),
    }[kind]  # fmt: skip
    path = tmp_path / f"{kind}.csv"
    path.write_text(text)
    with pytest.raises(DataFileError) as caught:
        read(path)
    assert str(caught.value) == (
        f"{path}, line 1, column {column!r}: the header names {column!r} twice (columns "
        f"{columns[0]} and {columns[1]}): rename or remove one"
    )


@pytest.mark.parametrize(
    "text", ["", "a,b", "a\r\nb\r\n", "a\rb", "a\r", "\r\n\r", "\r\r\n", "a\nb\r\n"]
)
def test_a_lone_cr_is_a_cr_not_before_a_line_feed(text: str) -> None:
    from screener.csvfile import has_lone_cr

    # by the definition records() used: fewer CRLFs than CRs
    assert has_lone_cr(text) == (text.count("\r") != text.count("\r\n"))


@pytest.mark.parametrize(
    "text", ["a,b", "a\r\nb\r\n", "a\rb", "a\r", "\r\n\r", "\r\r\n", "a\nb\r\n", "é\nab\n", "\n"]
)
def test_a_files_bytes_give_its_line_breaks_longest_line_and_lone_crs_in_one_pass(
    text: str,
) -> None:
    from screener.csvfile import _byte_lines

    data = text.encode("utf-8")
    # by the definitions: breaks counted, the longest line's bytes (its CR kept), fewer
    # CRLFs than CRs
    assert _byte_lines(data) == (
        text.count("\n"),
        max(len(line) for line in data.split(b"\n")),
        text.count("\r") != text.count("\r\n"),
    )
