"""A disk cache for what is slow to prepare and rarely changes: the food table with its
search index. Building them takes about 60 ms per run; reading them back takes about 10.

The cache lives in $SCREENER_CACHE_DIR, else $XDG_CACHE_HOME/screener, else
~/.cache/screener. SCREENER_CACHE_DIR set to "" (or "off") turns it off. It holds only
what was built from the food tables (the bundled ones and a person's own), never a diary.

An entry is used only when everything it was built from is unchanged: each input file
(path, size, modification time), the code that built it, and the Python, pandas and
numpy versions. Anything else (a damaged, foreign or stale file, a read-only folder) means
building afresh, never an error.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_ENV = "SCREENER_CACHE_DIR"
OFF_VALUES = {"", "0", "off", "none", "false"}
# Raise when the layout of what is cached changes in a way the code hash would not see.
CACHE_FORMAT = 4
KEEP_ENTRIES = 4


def cache_dir() -> Path | None:
    """Where cached data goes, or None when caching is off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in OFF_VALUES else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "screener"


def entry_key(inputs: list[Path], code: list[Path]) -> str:
    """A digest of everything an entry depends on."""
    import numpy
    import pandas

    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT} {sys.version} {pandas.__version__} {numpy.__version__}".encode())
    for path in code:
        digest.update(Path(path).read_bytes())
    for path in inputs:
        stat = Path(path).stat()
        digest.update(f"\n{Path(path).resolve()} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:24]


def _owned_by_me(path: Path) -> bool:
    """Only a file of this user is unpickled: pickle runs code, so another user's file
    in a shared cache folder must never be read."""
    try:
        stat = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or stat.st_uid == getuid()


_MISSING = object()


class Deferred:
    """A value kept in a cache entry as a pickle of its own, unpickled when first asked
    for: what a run rarely needs (FNDDS's other names, some 7 MB made) is then not made
    on every read of the entry. Outside the cache it is the value, kept as it is."""

    __slots__ = ("_data", "_value")

    def __init__(self, value: object) -> None:
        self._value, self._data = value, b""

    @property
    def value(self) -> object:
        if self._value is _MISSING:
            collecting = gc.isenabled()  # (as _read: many objects, none garbage)
            gc.disable()
            try:
                self._value = pickle.loads(self._data)
            finally:
                if collecting:
                    gc.enable()
            self._data = b""
        return self._value

    def __reduce__(self) -> tuple[Callable[[bytes], Deferred], tuple[bytes]]:
        data = self._data or pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL)
        return _deferred, (data,)


def _deferred(data: bytes) -> Deferred:
    """A Deferred read from a cache entry: its value still a pickle."""
    found = Deferred(_MISSING)
    found._data = data
    return found


def _read(path: Path) -> object:
    """The value of a usable entry at PATH, else _MISSING (none, another user's, damaged,
    or written by code that no longer unpickles it: each means building afresh)."""
    if not _owned_by_me(path):
        return _MISSING
    # The table is some 100,000 small objects, none of them garbage: the cyclic
    # collector, run over and over as they are made, would take as long as the read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except Exception:  # any failure to unpickle is a miss, never an error
        return _MISSING
    finally:
        if collecting:
            gc.enable()


def load_or_build(name: str, inputs: list[Path], code: list[Path], build: Callable[[], T]) -> T:
    """The cached value of NAME for these INPUTS and CODE, else BUILD() (and cache it)."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        path = folder / f"{name}-{entry_key(inputs, code)}.pickle"
    except OSError:
        return build()  # an input vanished: let the build report it
    value = _read(path)
    if value is _MISSING:
        value = build()
        # A read-only or full disk costs speed, not the run.
        with contextlib.suppress(OSError, pickle.PicklingError):
            _store(folder, name, path, value)
    return value  # type: ignore[return-value]


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    # Keep the newest few (with and without a person's own files, say), not every
    # version of every table ever built.
    entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
    for old in entries[:-KEEP_ENTRIES]:
        old.unlink(missing_ok=True)
