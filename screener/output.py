"""Writing what screener produces: safe CSV cells, atomic files, text tables.

Pure helpers; the CLI decides where output goes, these decide how it is written.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import OutputError, OutputExistsError, SameOutputError

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def counted(count: int, noun: str, nouns: str | None = None) -> str:
    """COUNT NOUN(s) as a person writes it: "1 name", "3 names"."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def neutralize_cell(value: object) -> object:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of FRAME in which every text cell is safe to open in a spreadsheet."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = _neutralized(safe[column])
    safe.columns = [neutralize_cell(str(column)) for column in safe.columns]
    return safe


def _neutralized(values: pd.Series) -> pd.Series:
    """VALUES with formula cells neutralised, each distinct value checked once (a results
    table repeats a few texts over many rows)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    safe = [neutralize_cell(value) for value in distinct]
    if all(a is b for a, b in zip(safe, distinct, strict=True)):
        return values
    table = np.array([*safe, None], dtype=object)  # code -1 (no value) -> None
    return pd.Series(table[codes], index=values.index, name=values.name)


def frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV text of FRAME: formula cells neutralised, unknown values as empty cells.

    Written column by column (floats by repr, as pandas writes them), about twice as
    fast as DataFrame.to_csv on a table of numbers."""
    safe = neutralize_frame(frame)
    columns = [_cells(safe[name]) for name in safe.columns]
    header = ",".join(_quoted([str(name) for name in safe.columns]))
    lines = map(",".join, zip(*columns, strict=True))
    return "\n".join([header, *lines]) + "\n"


def _quoted(cells: list[str]) -> list[str]:
    """CELLS quoted as the csv module quotes (minimal): only where a cell has a comma,
    a quote or a line break."""
    return [
        '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
        for cell in cells
    ]


_NEEDS_QUOTES = re.compile(r'[,"\n\r]')


def _cells(values: pd.Series) -> list[str]:
    """One column's cells as text: no value is an empty cell. Each distinct value is
    written once, then spread to its rows (a results table repeats most of its values:
    a nutrient's name, unit and targets on every person's row)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # no value: code -1
    uniques = uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)
    if pd.api.types.is_float_dtype(values):
        texts = [repr(float(number)) for number in uniques]
    elif pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
        texts = [str(value) for value in uniques]
    else:
        texts = _quoted(["" if _missing(value) else str(value) for value in uniques])
    return np.array([*texts, ""], dtype=object)[codes].tolist()


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def check_outputs(paths: list[str | None], force: bool) -> None:
    """Before any work: the files a command will write, checked as a set. The same file
    named twice, a folder, a missing folder, or (without FORCE) an existing file is an
    error, so that nothing is computed and then lost."""
    named = [Path(p) for p in paths if p not in (None, "-")]
    seen: dict[Path, Path] = {}
    for path in named:
        try:
            key = path.resolve()
        except RuntimeError as error:  # Python before 3.13: a loop of symbolic links
            raise OutputError(path, _why(OSError(errno.ELOOP, str(error)))) from error
        except OSError as error:
            raise OutputError(path, _why(error)) from error
        if key in seen:
            raise SameOutputError(
                path, f"is named twice (also as {seen[key]}): give each output its own file"
            )
        seen[key] = path
        _check_target(path, force)


def _check_target(path: Path, force: bool) -> None:
    try:
        _check_path(path, force)
    except OSError as error:  # a name too long to look up, a folder we may not read
        if isinstance(error, OutputError | FileExistsError):
            raise
        raise OutputError(path, _why(error)) from error


def _check_path(path: Path, force: bool) -> None:
    if path.is_dir():
        raise OutputError(path, "is a folder: give a file name")
    parent = path.parent  # "." for a bare file name, never empty
    if not parent.is_dir():
        raise OutputError(path, f"cannot be written: the folder {parent} does not exist")
    if path.exists() or path.is_symlink():
        if not force:
            raise OutputExistsError(path)
        if not path.is_file():
            raise OutputError(path, "is not a regular file; --force replaces only files")


def write_atomic(path: Path | str, text: str, force: bool = False) -> None:
    """Write TEXT to PATH through a temporary file in the same folder, then rename.

    A reader never sees half a file. Without FORCE an existing file is never replaced,
    even by a writer racing this one (the finished file is linked to its name, which
    fails if the name exists); with FORCE only a regular file is. A missing folder, a
    folder, a name too long or a full disk is one OutputError; no temporary file stays.
    """
    path = Path(path)
    _check_target(path, force)
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".screener.", suffix=".tmp")
    except OSError as error:
        raise OutputError(path, _why(error)) from error
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # as open() would create it, not mkstemp's 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if force:
            os.replace(temporary, path)
        else:
            _link_new(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, FileExistsError):
            raise OutputExistsError(path) from error
        raise OutputError(path, _why(error)) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def _link_new(temporary: str, path: Path) -> None:
    """Give the finished TEMPORARY file the name PATH only if no file has it (atomic)."""
    try:
        os.link(temporary, path)
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # a file system without hard links: create the name exclusively, then replace
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        os.close(descriptor)
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _why(error: OSError) -> str:
    """An OSError in words a person can act on."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.ENAMETOOLONG: "the file name is too long",
        errno.EACCES: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.EISDIR: "is a folder: give a file name",
        errno.ENOENT: "the folder does not exist",
        errno.ELOOP: "the name is a loop of symbolic links",
    }
    return "cannot be written: " + reasons.get(error.errno, error.strerror or str(error))


def _cut(values: pd.Series, room: int) -> pd.Series:
    return values.map(lambda value: value if len(value) <= room else value[: room - 1] + "…")


def text_table(
    frame: pd.DataFrame,
    width: int = 80,
    wrap_column: str | None = None,
    max_widths: dict[str, int] | None = None,
    right_align: list[str] | None = None,
) -> str:
    """FRAME as aligned text no wider than WIDTH.

    Columns in MAX_WIDTHS are cut to their width, and WRAP_COLUMN to whatever room is
    left; a cut value ends in '…'. Numbers, and the RIGHT_ALIGN columns, align right.
    """
    cells = frame.astype(object).where(frame.notna(), "").astype(str)
    headers = [str(column) for column in frame.columns]
    widths = {
        column: max([len(header), *(len(value) for value in cells[column])])
        for column, header in zip(frame.columns, headers, strict=True)
    }
    for column, limit in (max_widths or {}).items():
        if column in widths and widths[column] > limit:
            widths[column] = max(limit, len(str(column)))
            cells[column] = _cut(cells[column], widths[column])
    if wrap_column is not None and wrap_column in widths:
        others = sum(w for c, w in widths.items() if c != wrap_column) + 2 * (len(widths) - 1)
        room = max(len(str(wrap_column)), width - others)
        if widths[wrap_column] > room:
            widths[wrap_column] = room
            cells[wrap_column] = _cut(cells[wrap_column], room)
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    numeric |= set(right_align or [])

    def line(values: list[str]) -> str:
        parts = [
            value.rjust(widths[c]) if c in numeric else value.ljust(widths[c])
            for c, value in zip(frame.columns, values, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rows = [line(headers), line(["-" * widths[c] for c in frame.columns])]
    rows += [line(list(values)) for values in cells.itertuples(index=False)]
    return "\n".join(rows) + "\n"
