"""Errors a user can act on.

Bad input is the user's to fix, so the message names the file, the row, the column, the value
and what was expected. The CLI turns :class:`InputError` into exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_LISTED = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in an input file.

    ``row`` is the row as a spreadsheet shows it (the header is row 1), or None when the
    problem is with the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        value = "" if self.value is None else f": value {self.value!r}"
        return f"{', '.join(where)}{value}; expected {self.expected}"


class InputError(Exception):
    """Input that cannot be used as it is. Carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_LISTED]]
        extra = len(self.problems) - MAX_LISTED
        if extra > 0:
            lines.append(f"... and {extra} more problem(s)")
        return "bad input:\n  " + "\n  ".join(lines)

    @classmethod
    def single(
        cls, file: str | Path, row: int | None, column: str | None, value: object, expected: str
    ) -> InputError:
        return cls(Problem(str(file), row, column, value, expected))


class PublishingBlocked(Exception):
    """The disclosure audit found a count that could be worked out; nothing public is written."""
