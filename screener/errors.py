"""Errors raised by the library. The CLI turns any ScreenerError into a message and exit 1.

Each subclass keeps its builtin meaning (LookupError, ValueError, OSError) so callers
may catch either, and `__str__` is the sentence a person reads.
"""

from __future__ import annotations

from pathlib import Path


class ScreenerError(Exception):
    """Base of every error screener raises on purpose."""


class ProfileError(ScreenerError, ValueError):
    """Sex, age and life stage that do not make a person screener can judge (the CLI
    turns it into a usage error, exit 2)."""


class UnknownFoodError(ScreenerError, LookupError):
    def __init__(self, query: str, suggestions: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = suggestions or []
        super().__init__(query)

    def __str__(self) -> str:
        text = f'no food matches "{self.query}"'
        if self.suggestions:
            text += " (did you mean: " + "; ".join(self.suggestions) + ")"
        return text


class DataFileError(ScreenerError, ValueError):
    """A file screener reads (diary, foods, aliases, profiles) cannot be used.

    `line` and `column` point at the place when there is one (1-based line numbers,
    counting the header as line 1).
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(problem)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column {self.column!r}"
        return f"{where}: {self.problem}"


class OutputExistsError(ScreenerError, FileExistsError):
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        super().__init__(self.path)

    def __str__(self) -> str:
        return f"{self.path} exists already; use --force to replace it"


class OutputError(ScreenerError, OSError):
    """A file screener was asked to write cannot be written (a folder, a missing folder,
    a full disk, the same file named twice)."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(problem)

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class SameOutputError(OutputError, ValueError):
    """Two options name one file: a usage error, found before anything is written."""
