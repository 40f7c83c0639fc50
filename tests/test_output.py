"""Every write: atomic, never clobbering, one document on stdout, one clear error each."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from screener import chunked
from screener.cli import cli
from screener.errors import OutputError, OutputExistsError
from screener.output import write_atomic

from conftest import DATA, ROOT

WEEK = str(ROOT / "examples" / "week.csv")
PROFILE = ["--sex", "female", "--age", "40"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _race(path: str, number: int, start, results) -> None:
    start.wait()
    try:
        write_atomic(path, f"writer {number}\n")
        results.put(number)
    except OutputExistsError:
        results.put(None)


def test_racing_writers_in_real_processes_never_clobber(tmp_path):
    path = str(tmp_path / "report.csv")
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(8), context.Queue()
    writers = [context.Process(target=_race, args=(path, i, start, results)) for i in range(8)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(20)
    won = [n for n in (results.get(timeout=5) for _ in writers) if n is not None]
    assert len(won) == 1
    assert Path(path).read_text() == f"writer {won[0]}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]  # no temporary left


def test_the_same_file_named_twice_is_a_usage_error_before_any_work(tmp_path):
    same = str(tmp_path / "same.csv")
    result = run("report", WEEK, *PROFILE, "-o", same, "--details", same)
    assert result.exit_code == 2
    assert "is named twice" in result.output
    assert not Path(same).exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_force_replaces_only_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("report", WEEK, *PROFILE, "-o", str(fifo), "--force")
    assert result.exit_code == 1
    assert "is not a regular file; --force replaces only files" in result.output
    assert fifo.is_fifo()


@pytest.mark.parametrize(
    ("name", "said"),
    [("missing/out.csv", "the folder"), ("a_folder", "is a folder"),
     ("x" * 300 + ".csv", "the file name is too long")],
)  # fmt: skip
def test_a_file_that_cannot_be_written_is_one_clear_error(tmp_path, name, said):
    (tmp_path / "a_folder").mkdir()
    target = tmp_path / name
    result = run("report", WEEK, *PROFILE, "-o", str(target), "--force")
    assert result.exit_code == 1
    assert said in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_folder"]


def test_write_atomic_names_a_full_disk(tmp_path, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", full)
    with pytest.raises(OutputError, match="the disk is full"):
        write_atomic(tmp_path / "out.csv", "text")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_behind_stdout_is_a_message_not_a_traceback():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "screener", "report", WEEK, *PROFILE],
            stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
    assert done.returncode == 1
    assert "cannot write to standard output" in done.stderr
    assert "Traceback" not in done.stderr


def test_batch_to_stdout_is_one_csv_document(tmp_path):
    result = run(
        "batch", str(DATA / "cohort.csv"), "--profiles", str(DATA / "cohort_profiles.csv"),
        "-o", "-",
    )  # fmt: skip
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["nutrient"] for row in rows)
    people = {row["user"] for row in rows}
    assert len(rows) == 8 * len(people)  # eight nutrients a person, nothing else
    assert "flagged" in result.stderr  # the summary went to stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_ctrl_c_exits_130_with_one_line_and_no_file(tmp_path):
    diary = tmp_path / "diary.csv"
    os.mkfifo(diary)  # a diary that never ends: screener waits on it
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "screener", "import", str(diary), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    with open(diary, "w") as writer:
        writer.write("date,food,amount\n2026-03-02,banana,100 g\n")
        writer.flush()
        time.sleep(3)  # screener has started and waits for the rest
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert_interrupted(process.returncode, stderr, tmp_path, left=["diary.csv"])


def assert_interrupted(code: int, stderr: str, folder: Path, left: list[str]) -> None:
    """Ctrl-C's contract: exit 130, one line and no traceback, no output file in FOLDER
    beside the inputs LEFT."""
    assert code == 130
    assert stderr.strip().splitlines()[-1] == "Interrupted; no file was left half written."
    assert "Traceback" not in stderr
    assert sorted(p.name for p in folder.iterdir()) == left


@pytest.mark.skipif(not chunked.can_read_ahead(), reason="no second reading process here")
def test_ctrl_c_during_a_batch_read_ahead_ends_both_processes(tmp_path):
    """Ctrl-C while a second process reads the cohort: one line, exit 130, no output
    file, and no reading process left behind."""
    cohort = tmp_path / "big-cohort.csv"
    rows = "".join(f"2026-03-0{day % 7 + 2},p{person:05d},,banana,1,medium\n"
                   for person in range(2000) for day in range(7))  # fmt: skip
    cohort.write_text("date,user,meal,food,amount,unit\n" + rows * 80, encoding="utf-8")
    out = tmp_path / "out.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "screener", "batch", str(cohort), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "SCREENER_READ_AHEAD": "1"},
    )  # fmt: skip
    # as soon as the second process reads (the 1.1 million rows take it a second)
    deadline = time.monotonic() + 20
    while len(_running(cohort)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(_running(cohort)) == 2 and process.poll() is None
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert_interrupted(process.returncode, stderr, tmp_path, left=["big-cohort.csv"])
    time.sleep(0.2)
    assert _running(cohort) == []


def _running(path: Path) -> list[str]:
    """The processes started with PATH among their arguments."""
    return [pid for pid in os.listdir("/proc") if pid.isdigit() and _runs(pid, path)]


def _runs(pid: str, path: Path) -> bool:
    """Whether process PID was started with PATH among its arguments."""
    try:
        return str(path).encode() in (Path("/proc") / pid / "cmdline").read_bytes()
    except OSError:  # it ended meanwhile
        return False
