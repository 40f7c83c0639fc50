"""Reading a CSV file a person made: its text whatever the encoding, and its records
with the line each starts on."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .errors import DataFileError


def is_utf16(head: bytes) -> bool:
    """Whether a file's first bytes are a UTF-16 BOM ("Unicode text" from a spreadsheet)."""
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def check_file(path: Path | str, head: bytes | None = None) -> bytes:
    """The file's first bytes, or a DataFileError saying why it cannot be a CSV file."""
    path = Path(path)
    if not path.exists():
        raise DataFileError(path, "no such file")
    if path.is_dir():
        raise DataFileError(path, "is a directory, not a CSV file")
    if head is None:
        try:
            with open(path, "rb") as stream:
                head = stream.read(8192)
        except OSError as error:
            raise DataFileError(path, f"cannot be read: {error.strerror}") from error
    return check_head(path, head)


def check_head(path: Path | str, head: bytes) -> bytes:
    """HEAD, the first bytes of PATH, or a DataFileError: empty, or binary."""
    if not head.strip():
        raise DataFileError(path, "is empty")
    if b"\x00" in head[:8192] and not is_utf16(head):
        raise DataFileError(path, "is a binary file, not CSV text")
    return head


def read_text(path: Path | str, data: bytes | None = None) -> tuple[str, list[str]]:
    """The file's text (UTF-8, BOM or not; else Windows-1252 with a warning). DATA: the
    file's bytes when they are already in memory (an upload); PATH then only names it."""
    return decode(read_bytes(path) if data is None else data, path)


def read_bytes(path: Path | str) -> bytes:
    """The bytes of the file PATH, or a DataFileError saying why it cannot be read."""
    check_file(path, head=b"x")  # exists, not a folder
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise DataFileError(path, f"cannot be read: {error.strerror}") from error


def decode(raw: bytes, path: Path | str) -> tuple[str, list[str]]:
    """RAW, the bytes of the file PATH, as text, and the warnings of its reading."""
    if is_utf16(raw):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError as error:
            raise DataFileError(path, "says it is UTF-16 but is not") from error
    check_head(path, raw)
    with contextlib.suppress(UnicodeDecodeError):  # not UTF-8: fall back below
        return raw.decode("utf-8-sig"), []
    warning = f"{path}: not UTF-8; read as Windows-1252 (latin-1). Save as UTF-8 to be sure."
    try:
        return raw.decode("cp1252"), [warning]
    except UnicodeDecodeError:
        return raw.decode("latin-1"), [warning]


# The csv module stops a whole file at a field over 128 KiB; screener reads any field
# (the file is in memory already) and rejects the row of one too long to be a cell.
FIELD_LIMIT = 2**31 - 1


# The widest header a file screener reads may have: exports carry about a hundred
# columns; a million would make every row as wide (checked before any row is read).
MAX_COLUMNS = 1000


def check_header(header: list[str], path: Path | str) -> None:
    """A DataFileError where HEADER (trimmed, lower-cased) has more than MAX_COLUMNS
    columns, or names one twice: which one is meant cannot be known (a banana of 59 kg
    when the second `amount` wins). Unnamed columns (an index, trailing commas) are
    ignored. Linear in the columns."""
    if len(header) > MAX_COLUMNS:
        raise DataFileError(
            path,
            f"the header has {len(header):,} columns; a diary has at most {MAX_COLUMNS:,}",
            line=1,
        )
    first: dict[str, int] = {}
    for position, name in enumerate(header):
        if not name:
            continue
        if name in first:
            raise DataFileError(
                path,
                f"the header names {name!r} twice (columns {first[name] + 1} and "
                f"{position + 1}): rename or remove one",
                line=1,
                column=name,
            )
        first[name] = position


def check_frame_header(columns: list[str], path: Path | str) -> None:
    """check_header for a file pandas read: it renames a second `x` to `x.1`, which
    would then be ignored."""
    named = set(columns)
    names = []
    for column in map(str, columns):
        mangled = re.fullmatch(r"(.*)\.\d+", column)
        names.append(mangled.group(1) if mangled and mangled.group(1) in named else column)
    check_header([name.strip().lower() for name in names], path)


# What a quote opened and never closed means, in every reader (records() and batch's).
UNCLOSED_QUOTE = 'a quote opened here is never closed (a name with a " in it? double it: "")'


def parser_error(path: Path | str, error: Exception, before: str = "") -> DataFileError:
    """pandas' C parser's ERROR reading PATH as the DataFileError naming its line (its
    "row N" counts the header as row 0), a quote never closed said as records() says
    it. BEFORE: words to put before another problem ("cannot read the food table")."""
    message = str(error)
    found = re.search(r"row (\d+)", message)
    line = int(found.group(1)) + 1 if found else None
    problem = message.removeprefix("Error tokenizing data. C error: ")
    if "EOF inside string" in problem:
        return DataFileError(path, UNCLOSED_QUOTE, line=line)
    return DataFileError(path, f"{before or 'cannot be read as CSV'}: {problem}", line=line)


def delimiter_of(text: str) -> str:
    """The separator of the file: the one its first line has most of."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]  # (not split: a copy of all the rest)
    return max(",;\t", key=first_line.count)


_LONE_CR = re.compile("\r(?!\n)")


def has_lone_cr(text: str) -> bool:
    """Whether TEXT has a CR that is not the start of a CRLF (a line ended by a lone CR,
    as old Macs wrote them): fewer CRLFs than CRs, found without counting either (and
    without the pattern where there is no CR at all: most files)."""
    return "\r" in text and _LONE_CR.search(text) is not None


# The column that names the person a row is of: a meal log's `user`, ASA24's `UserName`.
PERSON_COLUMNS = ("user", "username")


def person_column(header: list[str]) -> str | None:
    """The (lower-cased) column of HEADER that names the person, or None."""
    return next((column for column in PERSON_COLUMNS if column in header), None)


def records(
    text: str, path: Path | str = "<text>", user: str | None = None
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header (lower-cased, trimmed) and (line number, fields) of every non-blank record.
    With USER, of a file with a person column (PERSON_COLUMNS) only that person's records
    are kept (a cohort of millions of rows, one person's report: the others never held)."""
    if has_lone_cr(text):  # lone CRs, or mixed: lines as a person
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # sees them (CRLF reads as is)
    delimiter = delimiter_of(text)
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    if user is not None:
        found = _records_of_user(text, path, user, delimiter)
        if found is not None:
            return found
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    at_user: int | None = None
    found = []
    previous = 0
    start = 1
    try:
        for fields in reader:
            start = previous + 1
            previous = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = [name.strip().lower() for name in fields]
                check_header(header, path)
                who = person_column(header)
                at_user = header.index(who) if user is not None and who is not None else None
                continue
            if at_user is not None and (at_user >= len(fields) or fields[at_user].strip() != user):
                continue  # another person's row: neither held nor counted
            found.append((start, fields))
    except csv.Error as error:  # a NUL byte inside the text, say
        raise DataFileError(path, f"is not CSV text here: {error}", line=previous + 1) from error
    # The csv module ends a quote never closed at the end of the file, silently: the
    # rest of the file one field of the last record. Only the last record can hold it.
    if '"' in text:
        offset = _line_offset(text, start)
        opened = _unclosed_quote(text, offset, delimiter)
        if opened is not None:
            line = start + text.count("\n", offset, opened)
            raise DataFileError(path, UNCLOSED_QUOTE, line=line)
    return header or [], found


def _line_offset(text: str, line: int) -> int:
    """Where LINE (1-based) of TEXT (lines ended by \\n) starts, counted from the end:
    the line wanted is the last record's, near it."""
    after = text.count("\n") - (line - 1)  # line ends at or after the line's start
    offset = len(text)
    for _ in range(after + 1):
        offset = text.rfind("\n", 0, offset)
        if offset < 0:
            return 0
    return offset + 1


def _unclosed_quote(text: str, offset: int, delimiter: str) -> int | None:
    """Where, from OFFSET (the start of a record), a quoted field opens that the text
    never closes; None if none does. The csv module's rules, not strict: a quote opens
    a field only at its start, and after a closing quote anything may follow."""
    ends = re.compile(f"[{re.escape(delimiter)}\n]")
    size = len(text)
    position = offset
    while position < size:
        if text[position] == '"':  # a quoted field: to its closing quote, "" kept
            opened = position
            while True:
                close = text.find('"', position + 1)
                if close < 0:
                    return opened
                if text.startswith('"', close + 1):
                    position = close + 1
                    continue
                position = close + 1
                break
        end = ends.search(text, position)  # the rest of the field is unquoted text
        if end is None:
            return None
        position = end.end()
    return None


def _records_of_user(
    text: str, path: Path | str, user: str, delimiter: str
) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """records() of USER's rows, reading only the lines that hold USER's name: where
    every line with a quote closes all it opens, no record spans lines, so each line is
    a record. (A cohort of a million rows: 0.2 s, not 2 s.) None where a record may span
    lines (or a quote is never closed: records() says where), or the file has no `user`
    column."""
    if has_lone_cr(text):  # lines ended by a lone CR: let csv split them
        return None
    lines = text.split("\n")
    if not _lines_are_records([line for line in lines if '"' in line], delimiter):
        return None
    header: list[str] | None = None
    found = []
    for number, line in enumerate(lines, start=1):
        if header is None:
            fields = _fields(line, path, number, delimiter)
            if any(f.strip() for f in fields):
                header = [name.strip().lower() for name in fields]
                check_header(header, path)
                who = person_column(header)
                if who is None:
                    return None
                at_user = header.index(who)
            continue
        if user not in line:  # another person's row: neither held nor counted
            continue
        fields = _fields(line, path, number, delimiter)
        if at_user < len(fields) and fields[at_user].strip() == user:
            found.append((number, fields))
    return header or [], found


def _lines_are_records(lines: list[str], delimiter: str) -> bool:
    """Whether each of LINES closes every quote it opens, by the csv module's own rules:
    a record that went on into the next line (or the sentinel after the last) makes
    fewer records than lines. (An odd number of quotes is not the test: 'x",y,"z' has
    two, and its second is never closed.)"""
    try:
        return sum(1 for _ in csv.reader([*lines, "end"], delimiter=delimiter)) == len(lines) + 1
    except csv.Error:  # a NUL byte: records() reads the file whole and says where
        return False


def _fields(line: str, path: Path | str, number: int, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line.rstrip("\r")], delimiter=delimiter), [])
    except csv.Error as error:  # a NUL byte inside the text, say
        raise DataFileError(path, f"is not CSV text here: {error}", line=number) from error


def _byte_lines(data: bytes) -> tuple[int, int, bool]:
    """(How many line breaks DATA, UTF-8 bytes, has; the length of its longest line, in
    bytes (no fewer than its characters); whether it has a CR that starts no CRLF, as
    has_lone_cr): in one pass over the bytes (in UTF-8 a byte 0x0A or 0x0D is only that
    character)."""
    codes = np.frombuffer(data, dtype=np.uint8)
    breaks = codes == ord("\n")
    ends = np.flatnonzero(breaks)
    longest = int(np.diff(ends, prepend=-1, append=len(data)).max()) - 1
    lone = False
    if b"\r" in data:
        returns = codes == ord("\r")
        lone = int(np.count_nonzero(returns)) != int(np.count_nonzero(returns[:-1] & breaks[1:]))
    return len(ends), longest, lone


def _longest_line(text: str) -> int:
    """The length of TEXT's longest line."""
    return max(map(len, text.split("\n")))


class RecordColumns(NamedTuple):
    """A file's records a column at a time (record_columns)."""

    header: list[str]  # lower-cased, trimmed, as records() gives it
    lines: np.ndarray  # the line each non-blank record starts on
    cells: list[np.ndarray]  # each header column's cells of those records
    longest: int | None  # no cell is longer than this (None: a record spans lines)


def _parsed_columns(source: io.IOBase, delimiter: str) -> list[np.ndarray]:
    """Each column's cells (object arrays) of SOURCE as pandas' C parser reads it, every
    cell a text: taken from the parser itself where pandas lets them be (no frame made of
    them, with a Series and its checks for each column: most of a millisecond a file),
    else from the frame read_csv makes."""
    import pandas as pd

    options = dict(
        sep=delimiter, header=None, dtype=object, na_filter=False, skip_blank_lines=False,
        engine="c", quotechar='"', doublequote=True, quoting=csv.QUOTE_MINIMAL,
        skipinitialspace=False, comment=None, encoding_errors="strict", low_memory=False,
    )  # fmt: skip
    with pd.read_csv(source, iterator=True, **options) as reader:
        read = getattr(getattr(reader, "_engine", None), "read", None)
        found = read() if read is not None else None  # (index, names, each one's cells)
    if isinstance(found, tuple) and len(found) == 3 and isinstance(found[2], dict):
        _, names, columns = found
        return [np.asarray(columns[name], dtype=object) for name in names]
    source.seek(0)  # (a pandas whose parser gives them otherwise: read again, as a frame)
    frame = pd.read_csv(source, **options)
    return [frame[column].to_numpy(dtype=object) for column in frame.columns]


def record_columns(
    text: str, path: Path | str = "<text>", data: bytes | None = None
) -> RecordColumns | None:
    """records() a column at a time, by pandas' C parser. DATA: TEXT's UTF-8 bytes (a
    file's own, when it is UTF-8 without a BOM), which the parser reads as they are
    (not TEXT copied and encoded again). A record with fewer
    fields than the header has the rest empty, as _fields pads it (every record is then
    as wide as the header). None where the C parser might read the text otherwise than
    records() (a record wider than the header, a NUL byte, a quote never closed, a BOM
    left in the text, a quoted line break in a file of CRLF lines) or cannot tell a
    line: records() then reads it, and says what is wrong."""
    import pandas as pd

    from .rows import factorized  # (rows builds on this module)

    lines = _byte_lines(data) if data is not None else None
    if lines[2] if lines is not None else has_lone_cr(text):  # as records(): lone CRs
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # are line ends
        data, lines = None, None
    if "\x00" in text or text.startswith("\ufeff"):
        return None
    delimiter = delimiter_of(text)
    try:
        cells = _parsed_columns(io.StringIO(text) if data is None else io.BytesIO(data), delimiter)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    count = len(cells[0]) if cells else 0
    # Each record's first line: one per record, plus the line breaks inside its fields
    breaks, longest_line = (text.count("\n"), None) if lines is None else lines[:2]
    physical = breaks + (0 if text.endswith("\n") else 1)
    if count == physical:
        starts = np.arange(1, count + 1, dtype=np.int64)
    else:
        if "\r" in text:  # a quoted CRLF: records() counts it as the csv module does
            return None
        inside = np.zeros(count, dtype=np.int64)
        for column in cells:
            has = np.flatnonzero(pd.Series(column, dtype=object).str.contains("\n", regex=False))
            inside[has] += np.array([column[i].count("\n") for i in has], dtype=np.int64)
        before = np.concatenate([[0], np.cumsum(inside)[:-1]])  # lines inside the records before
        starts = 1 + np.arange(count, dtype=np.int64) + before
        if count and int(starts[-1] + inside[-1]) != physical:
            return None
    blank = np.arange(count)  # a record of blank fields is no record (records() skips it)
    for column in cells:  # (column by column, of the records still blank: few after one)
        if not len(blank):
            break
        codes, distinct = factorized(column[blank] if len(blank) < count else column)
        if not all(isinstance(text, str) for text in distinct):
            return None  # a cell that is no text (missing): not as records() reads it
        empty = np.array([not text.strip() for text in distinct], dtype=bool)
        blank = blank[empty[codes]]
    if not count:
        return None
    if len(blank):
        kept = np.setdiff1d(np.arange(count), blank, assume_unique=True)
        if not len(kept):
            return None
        if kept[0] != 0:  # the width pandas took is the first line's: the header's only here
            return None
    header = [str(column[0]).strip().lower() for column in cells]
    check_header(header, path)
    rows = kept[1:] if len(blank) else slice(1, None)  # (no blank record: a view)
    # where each record is one line, none of its cells is longer than the longest line
    longest = None
    if count == physical:
        longest = longest_line if longest_line is not None else _longest_line(text)
    return RecordColumns(header, starts[rows], [column[rows] for column in cells], longest)
