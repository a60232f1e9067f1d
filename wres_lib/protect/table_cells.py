"""How a reader reads one published WRES table: each printed figure as a cell over counts.

Disclosure control and ``wres audit`` must agree on what a public table tells its reader, so
both read the tables here, from the cells as displayed (:mod:`wres_lib.protect.published_tables`
gives the same cells from a CSV as from the table in memory). A cell is

* ``count`` a printed whole number (the Model Employer table's staff numbers);
* ``fraction`` "n out of N" (numerator, denominator);
* ``percent`` 100·n/N to its printed decimals, with or without a likely range;
* ``ratio`` a relative likelihood (a/A)/(b/B), with or without a likely range;
* ``derived`` any other figure worked out from counts (a flag, a shortfall, a difference, a
  p-value): shown only when every count it rests on is shown.

Counts are named the way a reader knows them, the national WRES layout and nothing about how
the report was made: ``(year, indicator, measure, group, part)`` with the same number printed in
two places as one key (:func:`canonical`). Which tables exist and what their rows and columns
mean is :data:`TABLES` and the readers below; a figure a reader cannot place is *unread*, and
disclosure control refuses to publish a table with one (an unaudited number is a leak waiting
to happen).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from wres_lib.inputs.bands import band_row_labels
from wres_lib.measure.headcounts import shared_key
from wres_lib.protect.published_tables import EMPTY, HIDDEN, read_cell

FINER = ("Asian", "Black", "Mixed", "Other")
GROUPS = ("White", "BME", *FINER)
Key = tuple[str, int, str, str, str]  # year, indicator, measure, group, numerator/denominator
SENIOR = "senior|"  # measure prefix of the Model Employer senior-band totals: senior|Band 8a
FIXED_BASELINE = "baseline set in the plan"  # in the trajectory's header when the trust set it
BOARD_ROWS = {
    "all Board members": "all",
    "voting members": "voting",
    "executive members": "executive",
}

_YEAR = re.compile(r"(\d{4})/(\d{2})")
_NUMBERED = re.compile(r"^\d+_(.+)$")
_INDICATOR = re.compile(r"^indicator_(\d)(?:_(.+))?$")
_COUNT_ROW = re.compile(r"^(?:n\. (\w+)|(\w+) \(number out of total\))")
_PERCENT_ROW = re.compile(r"^% (\w+)\b")
_RATIO_ROW = re.compile(r"^Relative likelihood \((\w+)/(\w+)\)")
_RATIO_NAME = re.compile(r"^(\w+)/(\w+)$")
_BOARD_ROW = re.compile(r"^(%\s)?(BME|Difference), ([\w ]+?)(?: \(percentage points\))?$")
_SENIOR = re.compile(r"\((Band \w+|VSM) and above\)")


@dataclass(frozen=True)
class Place:
    """Where a figure is printed: folder, table, row and column labels."""

    folder: str
    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.folder}: {self.table}, row '{self.row}', column '{self.column}'"


@dataclass(frozen=True)
class Cell:
    """One printed figure and the counts it is built on (see the module docstring).

    ``numbers`` are the whole numbers a count or fraction prints (None where ``R``); ``value``
    and ``dp`` a percentage's or ratio's printed value and decimals (None where ``R``).
    """

    place: Place
    kind: str
    keys: tuple[Key, ...]
    text: str
    numbers: tuple[int | None, ...] = ()
    value: float | None = None
    dp: int = 0
    interval: bool = False

    @property
    def hidden(self) -> bool:
        """Printed as ``R`` (a fraction whose numerator is ``R`` counts as hidden)."""
        if self.kind in ("count", "fraction"):
            return self.numbers[0] is None
        return self.text.startswith(HIDDEN)


@dataclass
class TableReading:
    """A table's cells, and the figures in it nobody could place (each a reason)."""

    cells: list[Cell] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def year_of(label: str) -> str | None:
    match = _YEAR.search(label)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def canonical(key: Key) -> Key:
    """One key for one number wherever it is printed (the shared headcounts): the rule lives
    with the counts (:func:`wres_lib.measure.headcounts.shared_key`), which ``wres validate``
    also checks supplied counts against."""
    return shared_key(key)


def pair(year: str, indicator: int, measure: str, group: str) -> tuple[Key, Key]:
    """The numerator and denominator keys of one group's rate."""
    return (
        canonical((year, indicator, measure, group, "numerator")),
        canonical((year, indicator, measure, group, "denominator")),
    )


def table_name(stem: str) -> str:
    """``07_indicator_3_all`` -> ``indicator_3_all`` (the number is the report's order)."""
    match = _NUMBERED.match(stem)
    return match.group(1) if match else stem


def _measure_labels() -> dict[str, str]:
    labels = {text: measure for measure, text in band_row_labels().items()}
    labels["All substantive staff"] = "overall"
    # Reports built before the grouped row took the band rows' name printed it this way.
    labels.setdefault("Below Band 2", "grouped|Under Band 1")
    return labels


# -- one cell -----------------------------------------------------------------------------------
def _whole(text: str) -> int | None:
    return None if text == HIDDEN else int(text)


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


class _Reader:
    """Turns one table's displayed cells into :class:`Cell` s, noting what it cannot place."""

    def __init__(self, folder: str, stem: str) -> None:
        self.folder, self.stem = folder, stem
        self.reading = TableReading()

    def place(self, row: str, column: str) -> Place:
        return Place(self.folder, self.stem, row, column)

    def unread(self, row: str, column: str, text: str, why: str) -> None:
        self.reading.unread.append(f"{self.place(row, column)}: {text!r} ({why})")

    def add(self, row: str, column: str, text: str, kind: str, keys: tuple[Key, ...]) -> None:
        """Read one printed figure as ``kind`` over ``keys``; blank and "–" print nothing."""
        shown = read_cell(text)
        if shown.kind == "empty":
            return
        place = self.place(row, column)
        text = str(text).strip()
        if shown.kind == "hidden":
            numbers = (None, None) if kind == "fraction" else (None,)
            self.reading.cells.append(Cell(place, kind, keys, text, numbers))
            return
        if kind == "fraction" and shown.kind == "fraction":
            numbers = tuple(_whole(p) for p in shown.parts)
            self.reading.cells.append(Cell(place, kind, keys, text, numbers))
        elif kind == "count" and shown.kind == "number" and shown.parts[0].isdigit():
            self.reading.cells.append(Cell(place, kind, keys, text, (int(shown.parts[0]),)))
        elif kind == "percent" and shown.kind == "percent":
            number = shown.parts[0]
            value = None if number == HIDDEN else float(number)
            cell = Cell(place, kind, keys, text, (), value, decimals(number), shown.interval)
            self.reading.cells.append(cell)
        elif kind == "ratio" and shown.kind in ("number", "estimate"):
            number = shown.parts[0]
            cell = Cell(
                place, kind, keys, text, (), float(number), decimals(number), shown.interval
            )
            self.reading.cells.append(cell)
        elif kind == "derived" and shown.kind in ("number", "estimate", "percent", "text"):
            self.reading.cells.append(Cell(place, kind, keys, text))
        else:
            self.unread(row, column, text, f"a {shown.kind} where a {kind} belongs")


# -- the tables -----------------------------------------------------------------------------------
def _indicator_1(reader: _Reader, rest: str, frame: pd.DataFrame, latest: str) -> None:
    labels = _measure_labels()
    for row, values in frame.iterrows():
        row = str(row)
        for column, text in values.items():
            column = str(column)
            if rest == "bank":
                measure, group, year = "bank", row, latest
            else:
                measure, group = labels.get(row), column
                year = year_of(column) or latest
                if rest in ("band", "grouped"):
                    group = "BME"
            if measure is None or group not in (*GROUPS, "Unknown") or not year:
                if read_cell(text).kind not in ("empty", "text"):
                    reader.unread(row, column, str(text), "not a row or column a reader can place")
                continue
            keys = pair(year, 1, measure, group)
            percent = column.startswith("%")
            reader.add(row, column, text, "percent" if percent else "fraction", keys)


def _rates(reader: _Reader, indicator: int, rest: str, frame: pd.DataFrame, latest: str) -> None:
    """Indicators 2 to 8: ratio, flags, percentages and counts by year (or finer ratios)."""
    measure = "all" if rest == "ethnic_groups" else rest.replace("_", "|")
    ratio_groups = ("BME", "White") if indicator == 3 else ("White", "BME")
    for row in frame.index:
        if match := _RATIO_ROW.match(str(row)):
            ratio_groups = (match.group(1), match.group(2))
    for row, values in frame.iterrows():
        row = str(row)
        for column, text in values.items():
            column = str(column)
            year = year_of(column)
            if rest == "ethnic_groups":
                match = _RATIO_NAME.match(row)
                groups = (match.group(1), match.group(2)) if match else None
                kind = "ratio"
            elif match := _RATIO_ROW.match(row):
                groups, kind = (match.group(1), match.group(2)), "ratio"
            elif match := _COUNT_ROW.match(row):
                groups, kind = (match.group(1) or match.group(2),), "fraction"
            elif (match := _PERCENT_ROW.match(row)) and match.group(1) in GROUPS:
                groups, kind = (match.group(1),), "percent"
            else:  # a flag, shortfall or test on the headline ratio's counts
                groups, kind = ratio_groups, "derived"
            if not year or groups is None or any(g not in GROUPS for g in groups):
                if read_cell(text).kind not in ("empty", "text"):
                    reader.unread(row, column, str(text), "not a row or column a reader can place")
                continue
            keys = tuple(k for g in groups for k in pair(year, indicator, measure, g))
            reader.add(row, column, text, kind, keys)


def _board(reader: _Reader, frame: pd.DataFrame) -> None:
    """Indicator 9: the workforce share, and each Board measure's share, count and difference."""
    for row, values in frame.iterrows():
        row = str(row)
        match = _BOARD_ROW.match(row)
        for column, text in values.items():
            column = str(column)
            year = year_of(column)
            if year and row == "% BME in the substantive workforce":
                reader.add(row, column, text, "percent", pair(year, 1, "overall", "BME"))
                continue
            measure = BOARD_ROWS.get(match.group(3)) if match else None
            if not year or measure is None:
                if read_cell(text).kind not in ("empty", "text"):
                    reader.unread(row, column, str(text), "not a row or column a reader can place")
                continue
            board = pair(year, 9, measure, "BME")
            if match.group(2) == "Difference":
                reader.add(row, column, text, "derived", board + pair(year, 1, "overall", "BME"))
            else:
                reader.add(row, column, text, "percent" if match.group(1) else "fraction", board)


def _model_employer(reader: _Reader, frame: pd.DataFrame) -> None:
    """Senior-band staff, their share, the trajectory and the gaps, by year.

    The trajectory starts at its first year's share as published (to its printed decimals) and
    every later point is worked out from that and the target. Where the trust set the baseline
    in its plan ("baseline set in the plan"), the later points are fixed figures; otherwise they
    are worked out from that first year's staff, and shown only with its share.
    """
    band = next((m.group(1) for c in frame.columns if (m := _SENIOR.search(str(c)))), None)
    fixed = any(FIXED_BASELINE in str(c) for c in frame.columns)
    baseline: tuple[Key, Key] | None = None
    for row, values in frame.iterrows():
        row = str(row)
        year = year_of(row)
        for column, text in values.items():
            column = str(column)
            if band is None or not year:
                if read_cell(text).kind not in ("empty", "text"):
                    reader.unread(row, column, str(text), "not a row or column a reader can place")
                continue
            senior = (
                (year, 1, f"{SENIOR}{band}", "BME", "numerator"),
                (year, 1, f"{SENIOR}{band}", "Known", "denominator"),
            )
            if column.startswith("BME staff ("):
                reader.add(row, column, text, "count", senior[:1])
            elif column.startswith("Staff of known ethnicity ("):
                reader.add(row, column, text, "count", senior[1:])
            elif column.startswith("Actual % BME"):
                reader.add(row, column, text, "percent", senior)
            elif column.startswith("Trajectory % BME"):
                if read_cell(text).kind == "empty":
                    continue
                if baseline is None:
                    baseline = senior
                    reader.add(row, column, text, "percent", senior)
                elif not fixed:
                    reader.add(row, column, text, "derived", baseline)
            elif read_cell(text).kind not in ("empty", "text"):
                reader.add(row, column, text, "derived", senior)


def _restated(reader: _Reader, frame: pd.DataFrame) -> None:
    """A table that repeats figures printed elsewhere (the action plan's indicator view): read
    as text here; :func:`restated_numbers` checks every number in it is printed elsewhere."""


def _no_figures(reader: _Reader, frame: pd.DataFrame) -> None:
    """Action plan tables: dates, action numbers and counts of actions, no staff figures."""


# name pattern -> what reads it; a public table matching none is refused.
TABLES: dict[str, str] = {
    r"indicator_\d(_.+)?": "indicator",
    r"model_employer_trajectory": "model employer",
    r"action_plan_indicator_movement": "restated",
    r"action_plan_.+": "no staff figures",
}


def table_kind(name: str) -> str | None:
    """What a public table is, by its name (None: a table nobody can read)."""
    return next((kind for p, kind in TABLES.items() if re.fullmatch(p, table_name(name))), None)


def read_table(stem: str, frame: pd.DataFrame, latest: str, folder: str = "") -> TableReading:
    """The cells of one displayed table (first column its row labels, as
    :func:`~wres_lib.protect.published_tables.displayed` gives it)."""
    reader = _Reader(folder, stem)
    name = table_name(stem)
    kind = table_kind(name)
    if kind is None:
        reader.reading.unread.append(f"{folder}: {stem}: not a table the audit can read")
        return reader.reading
    body = frame.set_index(frame.columns[0]) if len(frame.columns) else frame
    readers: dict[str, Callable[[], None]] = {
        "model employer": lambda: _model_employer(reader, body),
        "restated": lambda: _restated(reader, body),
        "no staff figures": lambda: _no_figures(reader, body),
    }
    if kind == "indicator":
        match = _INDICATOR.match(name)
        indicator, rest = int(match.group(1)), match.group(2) or "all"
        if indicator == 1:
            _indicator_1(reader, rest, body, latest)
        elif indicator == 9:
            _board(reader, body)
        else:
            _rates(reader, indicator, rest, body, latest)
    else:
        readers[kind]()
    return reader.reading


def latest_year(frames: dict[str, pd.DataFrame]) -> str:
    """A report's own year: the latest year its indicator tables print (the Model Employer
    trajectory and the action plan run on to target years, so they do not count)."""
    years = [
        year
        for stem, frame in frames.items()
        if _INDICATOR.match(table_name(stem))
        for column in frame.columns
        if (year := year_of(str(column)))
    ]
    return max(years) if years else ""


def restated_numbers(frame: pd.DataFrame) -> list[str]:
    """The figures a restating table prints, in its year columns (to check against the other
    tables; its other columns hold labels and action numbers)."""
    found = []
    years = [c for c in frame.columns[1:] if year_of(str(c))]
    for text in frame[years].astype(str).to_numpy().ravel():
        for number in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", text):
            found.append(number.replace(",", ""))
    return found


__all__ = [
    "EMPTY",
    "FINER",
    "GROUPS",
    "Cell",
    "Key",
    "Place",
    "TableReading",
    "canonical",
    "decimals",
    "latest_year",
    "read_table",
    "restated_numbers",
    "table_kind",
    "year_of",
]
