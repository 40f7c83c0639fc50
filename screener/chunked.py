"""Reading a large meal log in chunks, each column's cells as codes into its distinct
texts: what batch parses.

Reading is a third of a batch's time, and pandas' C parser holds the interpreter while
it reads, so a thread cannot read beside the parsing. Where a core is free and a
process can be forked (Linux), a second process reads and tokenizes the file while
this one parses the chunk before, and hands each chunk over through a pipe: numpy codes
and the distinct texts, pickled. The reader waits while the pipe is full, so it is at
most a chunk ahead and memory stays bounded. Elsewhere, and for small files, the
chunks are read here. Both ways give the same chunks.

Only pandas runs in the reading process: no matcher, no threads, nothing printed. Its
problems come back as the DataFileError they would have been here; Ctrl-C ends it
quietly, and it is ended whenever the reading stops early.
"""

from __future__ import annotations

import contextlib
import csv
import os
import pickle
import queue
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from .csvfile import delimiter_of, is_utf16, parser_error
from .errors import DataFileError

# A second process pays for itself from about this size (it costs a fork and the
# pickling of each chunk's codes: a few milliseconds).
READ_AHEAD_BYTES = 8 << 20
FIRST_CHUNK_ROWS = 50_000
# Chunks read but not yet parsed, at most: the reader waits when this many are waiting.
CHUNKS_AHEAD = 3
READ_AHEAD_ENV = "SCREENER_READ_AHEAD"  # "0": always read here; "1": ahead where possible
# pandas' warning that the first data row had a field more than the header, cut off
FIRST_ROW_CUT = "Length of header or names does not match length of data"


@dataclass
class Chunk:
    """Some rows of the file: per column (its header name trimmed and in lower case),
    the code of each cell (-1: no text at all) and the distinct texts."""

    columns: dict[str, tuple[np.ndarray, np.ndarray]]
    rows: int
    read: int  # bytes of the file read so far
    skipped: list[int] = field(default_factory=list)  # lines with more fields than the header
    cut: list[int] = field(default_factory=list)  # rows read without a field too many


def encoding_of(head: bytes) -> str:
    """UTF-16 where a BOM says so, else UTF-8 (with a BOM or not)."""
    return "utf-16" if is_utf16(head) else "utf-8-sig"


def header_of(head: bytes) -> tuple[list[str], str]:
    """(the names of the first line of a file whose first bytes are HEAD, trimmed and in
    lower case; its separator: a comma, or the semicolon or tab it has more of). A
    character cut at the end of HEAD is replaced."""
    text = head.decode("utf-16" if is_utf16(head) else "utf-8", errors="replace")
    first = re.split(r"[\r\n]", text.lstrip("\ufeff"), maxsplit=1)[0]  # a lone CR ends it too
    delimiter = delimiter_of(first)
    names = next(csv.reader([first], delimiter=delimiter), [])
    return [name.strip().lower() for name in names], delimiter


def read_chunks(path: Path, head: bytes, chunk_rows: int) -> Iterator[Chunk]:
    """The file's chunks, read in this process: a small one first (its new names can
    be matched while the rest is read), then CHUNK_ROWS at a time."""
    with open(path, "rb") as handle, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Bytes straight to the C parser, which decodes each distinct text once. Each
        # column is read as a categorical: the parser numbers its distinct texts in C,
        # which costs less than a Python string per cell hashed again.
        try:
            reader = pd.read_csv(
                handle, sep=header_of(head)[1], dtype="category", keep_default_na=False,
                iterator=True,
                skip_blank_lines=False, on_bad_lines="warn",
                # not an index: pandas reads a file whose first row has a field more
                # than the header as one whose first column is the index, and shifts
                # every column ("ana" became the date); with this, that row is cut and
                # a warning says so (the row is then rejected)
                index_col=False,
                encoding=encoding_of(head), encoding_errors="replace",
                low_memory=False,  # one categorical per column and chunk, not many to merge
            )  # fmt: skip
            with contextlib.closing(reader):
                yield from _chunks_of(reader, handle, chunk_rows, caught)
        except pd.errors.ParserError as error:
            raise parser_error(path, error) from None


def _chunks_of(
    reader: pd.io.parsers.TextFileReader, handle: BinaryIO, chunk_rows: int, caught: list
) -> Iterator[Chunk]:
    size = min(chunk_rows, FIRST_CHUNK_ROWS)
    while True:
        try:
            frame = reader.get_chunk(size)
        except StopIteration:  # the last lines may have been skipped: say which
            skipped, _ = _warned(caught)
            if skipped:
                yield Chunk({}, 0, handle.tell(), skipped)
            return
        size = chunk_rows
        columns = {str(name).strip().lower(): _codes(frame[name]) for name in frame.columns}
        skipped, first_cut = _warned(caught)
        yield Chunk(columns, len(frame), handle.tell(), skipped, [0] if first_cut else [])


def _warned(caught: list) -> tuple[list[int], bool]:
    """(the lines pandas skipped, having more fields than the header; whether it cut the
    field too many off the first row) by the warnings CAUGHT, which are then cleared."""
    messages = [str(warning.message) for warning in caught]
    caught.clear()
    parts = [part for message in messages for part in message.split("Skipping line ")[1:]]
    skipped = [int(part.split(":")[0]) for part in parts]
    return skipped, any(message.startswith(FIRST_ROW_CUT) for message in messages)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories.to_numpy(dtype=object)
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))  # an empty chunk
    return codes, np.asarray(distinct, dtype=object)


@contextlib.contextmanager
def chunks(
    path: Path,
    head: bytes,
    chunk_rows: int,
    ahead: bool | None = None,
    while_reading: Callable[[], None] | None = None,
) -> Iterator[Iterator[Chunk]]:
    """The file's chunks: read by a second process a chunk ahead where AHEAD and fork
    exists (AHEAD None: where the file is large and the machine can, or as
    $SCREENER_READ_AHEAD says), else here. WHILE_READING is called once the second
    process reads, before its first chunk is taken: this process would only wait."""
    wanted = os.environ.get(READ_AHEAD_ENV, "").strip()
    if ahead is None:
        ahead = wanted == "1" or (wanted != "0" and path.stat().st_size >= READ_AHEAD_BYTES)
        ahead = ahead and can_read_ahead()
    if not ahead or not hasattr(os, "fork"):
        reading = read_chunks(path, head, chunk_rows)
        with contextlib.closing(reading):
            yield reading
        return
    try:
        reader = _Reader(path, head, chunk_rows)
    except OSError:  # no process or pipe to be had (a limit reached): read here
        with contextlib.closing(read_chunks(path, head, chunk_rows)) as reading:
            yield reading
        return
    try:
        if while_reading is not None:
            while_reading()
        yield reader.chunks()
    finally:
        reader.stop()


def can_read_ahead() -> bool:
    """A second process can read: fork exists and is safe (Linux, and no other thread
    of Python that could hold a lock), and a second core is there to run it."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and threading.active_count() == 1


class _Reader:
    """read_chunks in a forked process. Each chunk goes through a pipe, pickled after
    its length; a thread of this process takes them off the pipe as they come (waiting
    on the pipe lets other threads run), so the reader is not held up by the parsing
    until CHUNKS_AHEAD are waiting."""

    def __init__(self, path: Path, head: bytes, chunk_rows: int) -> None:
        self.path = path
        read_end, write_end = os.pipe()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if self.pid == 0:  # the reading process: it never returns
            os.close(read_end)
            self._read_into(write_end, path, head, chunk_rows)
        os.close(write_end)
        self.stream = os.fdopen(read_end, "rb", buffering=1 << 20)
        self.waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=CHUNKS_AHEAD)
        self.stopping = False
        self.thread = threading.Thread(target=self._take, daemon=True)
        self.thread.start()

    @staticmethod
    def _read_into(write_end: int, path: Path, head: bytes, chunk_rows: int) -> None:
        status = 0
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: end, print nothing
            with os.fdopen(write_end, "wb", buffering=1 << 20) as out:

                def send(message: tuple) -> None:
                    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                    out.write(len(data).to_bytes(8, "little"))
                    out.write(data)
                    out.flush()

                try:
                    for chunk in read_chunks(path, head, chunk_rows):
                        send(("chunk", chunk))
                    message: tuple = ("end", None)
                except DataFileError as error:
                    message = ("problem", (error.problem, error.line))
                except Exception as error:  # anything else: the parent says what it was
                    message = ("failure", f"{type(error).__name__}: {error}")
                send(message)
        except BaseException:  # the parent stopped reading (a broken pipe)
            status = 1
        finally:
            os._exit(status)  # no cleanup of the parent's: its files, its buffers

    def _take(self) -> None:
        """Move each message off the pipe into `waiting`; None at the end of the pipe
        (or if the pipe fails: chunks() then says the reading ended early)."""
        try:
            while not self.stopping:
                size = self.stream.read(8)
                data = self.stream.read(int.from_bytes(size, "little")) if len(size) == 8 else b""
                if not data:
                    break
                self._put(data)
        except (OSError, ValueError):  # the pipe closed under it
            pass
        self._put(None)

    def _put(self, item: bytes | None) -> None:
        while not self.stopping:
            try:
                self.waiting.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def chunks(self) -> Iterator[Chunk]:
        while True:
            data = self.waiting.get()
            if data is None:
                raise DataFileError(self.path, "the reading process ended early")
            kind, item = pickle.loads(data)
            if kind == "chunk":
                yield item
            elif kind == "problem":
                problem, line = item
                raise DataFileError(self.path, problem, line=line)
            elif kind == "failure":
                raise DataFileError(self.path, f"cannot be read: {item}")
            else:
                return

    def stop(self) -> None:
        """End the reading process (at once, if it is still reading), reap it, and let
        the thread go."""
        self.stopping = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        self.thread.join()
        self.stream.close()
