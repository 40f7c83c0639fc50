"""Writing what screener produces: safe CSV cells, atomic files, text tables.

Pure helpers; the CLI decides where output goes, these decide how it is written.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pandas as pd

from .errors import OutputExistsError

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
            safe[column] = safe[column].map(neutralize_cell)
    safe.columns = [neutralize_cell(str(column)) for column in safe.columns]
    return safe


def frame_to_csv(frame: pd.DataFrame) -> str:
    """CSV text of FRAME: formula cells neutralised, unknown values as empty cells."""
    buffer = io.StringIO()
    neutralize_frame(frame).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_atomic(path: Path | str, text: str, force: bool = False) -> None:
    """Write TEXT to PATH through a temporary file in the same folder, then rename.

    A reader never sees half a file, and an existing file is replaced only with FORCE.
    """
    path = Path(path)
    if path.exists() and not force:
        raise OutputExistsError(path)
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)  # as open() would create it, not mkstemp's 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
