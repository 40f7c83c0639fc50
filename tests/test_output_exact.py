"""Exact messages and mechanics of writing a file, and plural units: mutants of
output.py and units.py that the looser tests let through (docs/mutation.md)."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from screener.errors import OutputError, OutputExistsError
from screener.output import (
    _cut,
    _link_new,
    _why,
    check_outputs,
    frame_to_csv,
    text_table,
    write_atomic,
)
from screener.units import (
    AmountError,
    Measures,
    UnitError,
    _singular,
    parse_amount,
    written_grams,
)


@pytest.mark.parametrize(
    ("word", "singular"),
    [
        ("slices", "slice"),
        ("peaches", "peach"),  # -es after ch
        ("dishes", "dish"),  # -es after sh
        ("boxes", "box"),  # -es after x
        ("pieces", "piece"),  # -es after c: only the s goes
        ("glass", "glass"),  # -ss is no plural
        ("us", "us"),  # two letters: left alone
        ("lbs", "lb"),  # three letters: the s goes
        ("cups", "cup"),
        ("medium", "medium"),
    ],
)
def test_singular(word, singular):
    assert _singular(word) == singular


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "cannot be written: the disk is full"),
        (errno.ENAMETOOLONG, "cannot be written: the file name is too long"),
        (errno.EACCES, "cannot be written: permission denied"),
        (errno.EROFS, "cannot be written: the file system is read-only"),
        (errno.EISDIR, "cannot be written: is a folder: give a file name"),
        (errno.ENOENT, "cannot be written: the folder does not exist"),
        (errno.EIO, "cannot be written: Input/output error"),  # the system's own words
    ],
)
def test_why_in_words(number, words):
    assert _why(OSError(number, os.strerror(number))) == words


def test_an_error_without_words_says_what_it_is():
    assert _why(OSError("odd")) == "cannot be written: odd"


def test_exact_messages_of_the_checks(tmp_path):
    folder = tmp_path / "a_folder"
    folder.mkdir()
    with pytest.raises(OutputError) as caught:
        check_outputs([str(folder)], force=False)
    assert str(caught.value) == f"{folder}: is a folder: give a file name"
    missing = tmp_path / "missing" / "out.csv"
    with pytest.raises(OutputError) as caught:
        check_outputs([str(missing)], force=False)
    assert str(caught.value) == (
        f"{missing}: cannot be written: the folder {missing.parent} does not exist"
    )
    one, same = tmp_path / "one.csv", tmp_path / "." / "one.csv"
    with pytest.raises(OutputError) as caught:
        check_outputs([str(one), None, "-", str(same)], force=False)
    assert str(caught.value) == (
        f"{same}: is named twice (also as {one}): give each output its own file"
    )
    check_outputs([None, "-", "-"], force=False)  # stdout, named twice, is no file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_force_replaces_only_a_regular_file_exact(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        check_outputs([str(fifo)], force=True)
    assert str(caught.value) == f"{fifo}: is not a regular file; --force replaces only files"


def test_a_file_in_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_atomic("here.csv", "a\n")
    assert Path("here.csv").read_text() == "a\n"
    with pytest.raises(OutputExistsError):
        write_atomic("here.csv", "b\n")
    write_atomic("here.csv", "b\n", force=True)
    assert sorted(os.listdir(".")) == ["here.csv"]
    assert Path("here.csv").read_text() == "b\n"


def test_the_new_file_has_the_usual_permissions(tmp_path):
    before = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.csv", "x\n")
    finally:
        os.umask(before)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644


def test_the_text_is_written_exactly(tmp_path):
    text = "a,b\r\nµg,é\n"
    write_atomic(tmp_path / "out.csv", text)
    assert (tmp_path / "out.csv").read_bytes() == text.encode("utf-8")


def test_the_temporary_file_is_hidden_beside_the_target(tmp_path, monkeypatch):
    seen = []
    real_link = os.link

    def watching(source, target):
        seen.append(Path(source))
        return real_link(source, target)

    monkeypatch.setattr(os, "link", watching)
    write_atomic(tmp_path / "out.csv", "x\n")
    assert seen[0].parent == tmp_path
    assert seen[0].name.startswith(".screener.") and seen[0].name.endswith(".tmp")


def test_without_hard_links_the_name_is_still_taken_exclusively(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    write_atomic(tmp_path / "out.csv", "first\n")
    assert (tmp_path / "out.csv").read_text() == "first\n"
    with pytest.raises(OutputExistsError):
        write_atomic(tmp_path / "out.csv", "second\n")
    assert (tmp_path / "out.csv").read_text() == "first\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_failed_write_leaves_no_temporary(tmp_path, monkeypatch):
    def refuse(source, target):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", refuse)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "out.csv", "x\n")
    assert str(caught.value) == f"{tmp_path / 'out.csv'}: cannot be written: the disk is full"
    assert list(tmp_path.iterdir()) == []


# --- the text table (foods search, references, the batch summary) -----------------------


def test_text_table_exact_layout():
    frame = pd.DataFrame(
        {
            "id": ["1", "22"],
            "name": ["Apples, raw, with skin", "Kiwi"],
            "kcal": [52.0, 161.5],
            "group": ["Fruits and Fruit Juices", None],
        }
    )
    table = text_table(
        frame, width=40, wrap_column="name", max_widths={"group": 10, "absent": 3},
        right_align=["id"],
    )  # fmt: skip
    # Widths by hand: id 2, kcal 5 ("161.5"), group cut to 10; the name gets what is left
    # of 40: 40 - (2 + 5 + 10) - 3 gaps of 2 = 17, so "Apples, raw, with skin" is cut to
    # 16 characters and "…". Numbers and the right_align column align right; an empty
    # cell is blank; trailing spaces are stripped.
    assert table == (
        "id  name                kcal  group\n"
        "--  -----------------  -----  ----------\n"
        " 1  Apples, raw, wit…   52.0  Fruits an…\n"
        "22  Kiwi               161.5\n"
    )


def test_text_table_without_room_to_cut_leaves_values_whole():
    frame = pd.DataFrame({"a": ["xy"], "b": ["z"]})
    # a wrap column or a width for a column the table does not have changes nothing
    assert text_table(frame, wrap_column="nope", max_widths={"nope": 1}) == (
        "a   b\n--  -\nxy  z\n"
    )
    # a width under the header's is widened to the header
    assert text_table(pd.DataFrame({"abc": ["abcdef"]}), max_widths={"abc": 1}) == (
        "abc\n---\nab…\n"
    )


def test_cut_keeps_a_value_that_fits_exactly():
    assert _cut(pd.Series(["abcd", "abcdef", "ab"]), 4).tolist() == ["abcd", "abc…", "ab"]


# --- the unit error's words -----------------------------------------------------------------


def test_unit_error_lists_six_measures_at_most():
    measures = ["cup", "tbsp", "oz", "slice", "piece", "bar", "stick"]
    error = UnitError("scoop", "Test grain", measures)
    assert str(error) == (
        'unit "scoop" cannot be converted for "Test grain": use g, oz, lb or one of its '
        "measures (cup, tbsp, oz, slice, piece, bar)"
    )
    assert error.args == ("scoop",)


def test_unit_error_for_a_food_without_measures():
    assert str(UnitError("scoop", "Test oil", [])) == (
        'unit "scoop" cannot be converted for "Test oil": use g, oz, lb or one of its '
        "measures (none in the food table)"
    )


def test_amount_error_words():
    error = AmountError("two-ish", "is not a number")
    assert str(error) == "amount 'two-ish' is not a number"
    assert error.args == ("two-ish",)


# --- writing: the rarer failures --------------------------------------------------------


def test_no_temporary_file_is_one_clear_error(tmp_path, monkeypatch):
    def full(**kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "out.csv", "x\n")
    assert str(caught.value) == f"{tmp_path / 'out.csv'}: cannot be written: the disk is full"
    assert caught.value.path == str(tmp_path / "out.csv")


def test_without_hard_links_a_name_taken_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    # The name appears between the check and the link (another writer): the fallback
    # creates the name exclusively, so it fails rather than replace the other file.
    def no_links(source, target):
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    temporary = tmp_path / ".screener.x.tmp"
    temporary.write_text("mine\n")
    taken = tmp_path / "out.csv"
    taken.write_text("theirs\n")
    with pytest.raises(FileExistsError):
        _link_new(str(temporary), taken)
    assert taken.read_text() == "theirs\n"


# --- the CSV writer -------------------------------------------------------------------------


def test_csv_of_a_frame_with_its_own_index_and_formula_cells():
    # A frame indexed by food id (as foods search gives): the neutralised column must
    # stay with its rows, and the index is not written.
    frame = pd.DataFrame(
        {"name": ["=cmd", "Kiwi", None], "kcal": [52.5, float("nan"), 3.0]},
        index=["09003", "09148", "01001"],
    )
    assert frame_to_csv(frame) == "name,kcal\n'=cmd,52.5\nKiwi,\n,3.0\n"


def test_csv_cells_of_every_kind():
    frame = pd.DataFrame(
        {
            "count": pd.array([1, None, 3], dtype="Int64"),
            "flag": pd.array([True, None, False], dtype="boolean"),
            "mixed": ["a, b", 1.5, float("nan")],
            "plain": [1, 2, 3],
        }
    )
    assert frame_to_csv(frame) == 'count,flag,mixed,plain\n1,True,"a, b",1\n,,1.5,2\n3,False,,3\n'


def test_a_name_too_long_to_look_up_is_said_with_the_name(tmp_path):
    path = tmp_path / ("x" * 300 + ".csv")
    with pytest.raises(OutputError) as caught:
        check_outputs([str(path)], force=False)
    assert str(caught.value) == f"{path}: cannot be written: the file name is too long"


def test_the_file_is_written_as_utf8_whatever_the_locale(tmp_path, monkeypatch):
    opened = []
    real_fdopen = os.fdopen

    def watching(handle, *args, **kwargs):
        opened.append(kwargs)
        return real_fdopen(handle, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", watching)
    write_atomic(tmp_path / "out.csv", "µg\n")
    assert opened == [{"encoding": "utf-8", "newline": ""}]


# --- a food's measures -------------------------------------------------------------------


def test_measures_skip_what_cannot_be_used_and_keep_the_rest():
    measures = Measures.of(
        "Test food",
        [(0.0, "cup", 100.0), (1.0, "slice", 0.0), (1.0, "tbsp", -5.0),
         (2.0, "cup, chopped", 320.0), (2.0, "potato medium", 426.0)],
    )  # fmt: skip
    assert measures.to_grams(1, "cup") == 160.0  # 320 g for 2 cups
    assert measures.to_grams(1, "medium") == 213.0  # the size word of "potato medium"
    with pytest.raises(UnitError):
        measures.to_grams(1, "slice")  # 0 g is no measure


def test_a_fluid_ounce_measure_gives_the_density():
    # 1 fl oz = 30 g; a cup is 8 fl oz exactly (236.5882365 / 29.5735295625), so 240 g
    measures = Measures.of("Test juice", [(1.0, "fl oz", 30.0)])
    assert measures.to_grams(1, "cup") == pytest.approx(240.0)


def test_a_serving_of_a_volume_without_a_number():
    # "serving (cup)" = 240 g: one cup is 240 g
    measures = Measures.of("Test soup", [(1.0, "serving (cup)", 240.0)])
    assert measures.to_grams(2, "cup") == pytest.approx(480.0)


def test_a_serving_of_half_a_cup():
    # "serving 1/2 cup" = 66 g: a cup of it is 132 g, a tablespoon (1/16 cup) 8.25 g
    measures = Measures.of("Test cereal", [(1.0, "serving 1/2 cup", 66.0)])
    assert measures.to_grams(1, "cup") == pytest.approx(132.0)
    assert measures.to_grams(1, "tbsp") == pytest.approx(8.25)


def test_the_weight_of_one_written_in_ounces():
    assert written_grams(2, "patty 2 oz") == pytest.approx(4 * 28.349523125)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-2 cups", "amount '-2 cups' must be more than 0"),
        ("0 g", "amount '0 g' must be more than 0"),
        ("lots", "amount 'lots' is not a number (write e.g. 150, 1.5 or 1/2)"),
        ("2-3 slices", "amount '2-3 slices' is a range: write one amount"),
        ("1,5 cup", "amount '1,5 cup' has a decimal comma: write it with a point (1.5)"),
        ("0x10", "amount '0x10' is not a number (write e.g. 150, 1.5 or 1/2)"),
    ],
)
def test_amount_messages_word_for_word(text, message):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert str(caught.value) == message


def test_an_amount_without_a_unit():
    assert parse_amount("150") == (150.0, "")
    assert parse_amount("1½ cups") == (1.5, "cups")


def test_a_size_word_inside_parentheses_is_not_the_measures_own():
    # "large" is the size of "fruit large"; "piece (1 large)" only says what a piece is
    measures = Measures.of(
        "Test fruit", [(1.0, "piece (1 large)", 50.0), (1.0, "fruit large", 200.0)]
    )
    assert measures.to_grams(1, "large") == 200.0


def test_a_serving_of_a_cup_beats_the_density_of_a_spoon():
    # the tablespoon gives a density (20 g per 14.8 ml, 320 g a cup); the serving says
    # what a cup of this food weighs: 2 x 66 = 132 g
    measures = Measures.of("Test cereal", [(1.0, "tbsp", 20.0), (1.0, "serving 1/2 cup", 66.0)])
    assert measures.to_grams(1, "cup") == pytest.approx(132.0)


def test_a_text_that_cannot_be_encoded_leaves_no_temporary(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        write_atomic(tmp_path / "out.csv", "a lone surrogate: \ud800\n")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    def taken(source, target):
        raise FileExistsError(errno.EEXIST, "File exists")

    monkeypatch.setattr(os, "link", taken)
    with pytest.raises(OutputExistsError) as caught:
        write_atomic(tmp_path / "out.csv", "x\n")
    assert str(caught.value) == f"{tmp_path / 'out.csv'} exists already; use --force to replace it"
    assert list(tmp_path.iterdir()) == []


def test_an_amount_that_divides_by_zero():
    with pytest.raises(AmountError) as caught:
        parse_amount("1/0 cup")
    assert str(caught.value) == "amount '1/0 cup' divides by zero"


def test_the_weight_an_app_wrote_beats_the_measure():
    # "0.5 cup (78g)": 78 g in all, whatever a cup of the food weighs
    measures = Measures.of("Test rice", [(1.0, "cup", 200.0)])
    assert measures.to_grams(0.5, "cup (78g)") == 78.0
