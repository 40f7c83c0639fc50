"""Exact messages and mechanics of writing a file, and plural units: mutants of
output.py and units.py that the looser tests let through (docs/mutation.md)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from screener.errors import OutputError, OutputExistsError
from screener.output import _why, check_outputs, write_atomic
from screener.units import _singular


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
