"""Every table of a report in one Excel workbook, as numbers, for analysts.

Laid out as the Government Analysis Function's guidance on releasing statistics in spreadsheets
asks: a contents sheet and a notes sheet first; one table a sheet, its title in cell A1 and the
notes that apply above it; each table an Excel table (marked header row, filter buttons); no
merged cells, no blank rows or columns inside a table, no colour carrying meaning; numbers
stored as numbers with their displayed decimals as the number format; a hidden cell is the text
``R`` and a note says why. The cells are the ones :mod:`wres_lib.protect.published_tables` writes to
the public CSVs, so the two always agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from wres_lib.inputs.tabular import neutralise_formula, write_atomically
from wres_lib.protect.published_tables import HIDDEN, PARTS, numeric_table
from wres_lib.publish.plan_workbook import reproducible_workbook

FIXED_STAMP = dt.datetime(2000, 1, 1)


WORKBOOK_NAME = "wres_tables.xlsx"
_NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")

_P_VALUE = re.compile(r"\bp-values?\b|\bfisher exact test, p\b|, p$", re.IGNORECASE)


class Note(NamedTuple):
    """One row of the Notes sheet; ``explains`` picks the columns it is about (None: a note
    on the whole workbook, always given)."""

    subject: str
    text: str
    explains: Callable[[str, frozenset[str]], bool] | None = None


def column_part(header: str) -> str:
    """``"% BME (likely range): low"`` -> ``"low"``; ``""`` for a column not split by
    :func:`numeric_table` (a plain number, text or a p-value)."""
    label, _, part = str(header).rpartition(": ")
    return part if label and part in PARTS else ""


def _label(header: str) -> str:
    return str(header).rpartition(": ")[0]


def _is_percent(header: str, headers: frozenset[str]) -> bool:
    part = column_part(header)
    return part == "percent" or (
        part in ("low", "high") and f"{_label(header)}: percent" in headers
    )


def _is_likelihood(header: str, headers: frozenset[str]) -> bool:
    part = column_part(header)
    return part == "ratio" or (part in ("low", "high") and f"{_label(header)}: ratio" in headers)


NOTES = {
    "public": [
        Note(
            "Hidden cells",
            f"A cell shown as {HIDDEN} is not published, to protect people in small groups: a "
            "count under the trust's threshold, or another count that would let a reader work "
            "it out (secondary suppression). Percentages and ratios built on a hidden count are "
            "hidden too. Every table was checked together before release so that no hidden "
            "count can be narrowed down from the others.",
        ),
    ],
    "internal": [
        Note(
            "Internal use only",
            "This workbook is unredacted: it holds every count, including small ones. Do not "
            "publish it; the public workbook is in public/.",
        ),
    ],
    "both": [
        Note(
            "Blank cells",
            "A blank cell has no figure: no one in the group, or a ratio or interval that "
            "cannot be calculated (for example with no cases in one group).",
        ),
        Note(
            "Percentages and intervals",
            "Percentages are to one decimal place with 95% Wilson score intervals (columns "
            "ending 'low' and 'high').",
            _is_percent,
        ),
        Note(
            "Relative likelihoods",
            "A relative likelihood is one group's rate divided by the other's, to two decimal "
            "places, with a 95% interval by the Katz log method. 1.00 means equally likely; "
            "values inside the report's fair range (0.80 to 1.25 unless the report "
            "says otherwise) are treated as no adverse difference.",
            _is_likelihood,
        ),
        Note(
            "Counts",
            "A count and its denominator are in columns ending 'count' and 'denominator': "
            "for example the number of BME staff at a band and the staff of known ethnicity "
            "there.",
            lambda header, _headers: column_part(header) in ("count", "denominator"),
        ),
        Note(
            "P-values",
            "Two-sided Fisher exact test. '<0.001' means below 0.001.",
            lambda header, _headers: bool(_P_VALUE.search(str(header))),
        ),
        Note(
            "Years",
            "Reporting years run from 1 April to 31 March (2022/23 is the year to 31 March "
            "2023); staff counts are at 31 March.",
        ),
    ],
}


def explained_columns(note: Note, headers: Iterable[str]) -> list[str]:
    """The columns among ``headers`` that ``note`` explains (none for a whole-workbook note)."""
    headers = frozenset(str(h) for h in headers)
    if note.explains is None:
        return []
    return sorted(h for h in headers if note.explains(h, headers))


def workbook_notes(mode: str, headers: Iterable[str]) -> list[Note]:
    """The notes for a ``mode`` workbook whose sheets have these column ``headers``: a note
    about a kind of column (p-values, say) only where some sheet has such a column, so the
    public workbook does not describe figures only the internal one holds."""
    headers = frozenset(str(h) for h in headers)
    return [
        note
        for note in (*NOTES[mode], *NOTES["both"])
        if note.explains is None or explained_columns(note, headers)
    ]


def sheet_title(name: str) -> str:
    """``05_indicator_2_all`` -> ``Table 5: indicator 2, all``."""
    number, _, rest = name.partition("_")
    words = rest.replace("_", " ")
    words = re.sub(r"^(indicator \d) ", r"\1, ", words)
    return f"Table {int(number)}: {words}" if number.isdigit() else name.replace("_", " ")


def _value(text: str) -> tuple[object, str | None]:
    """A cell's text as a number with its displayed decimals, or as text."""
    match = _NUMBER.match(text)
    if not match:
        return neutralise_formula(text), None
    if match[1] is None:
        return int(text), "0"
    return float(text), "0." + "0" * len(match[1])


def _table_sheet(book: Workbook, index: int, name: str, numbers: pd.DataFrame, mode: str) -> bool:
    """One table (as :func:`numeric_table` gives it) on its own sheet; returns whether it has
    hidden cells."""
    sheet = book.create_sheet(f"Table_{index}")
    hidden = bool((numbers == HIDDEN).any(axis=None))
    sheet["A1"] = sheet_title(name)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        f"This table has hidden cells, shown as {HIDDEN} (see Notes)."
        if hidden
        else "This table has no hidden cells."
        if mode == "public"
        else "Unredacted: internal use only (see Notes)."
    )
    sheet["A3"] = "Blank cells have no figure (see Notes). Source: the trust's WRES report."
    top = 4
    headers = [str(c) or "Row" for c in numbers.columns]
    for col, header in enumerate(headers, start=1):
        cell = sheet.cell(row=top, column=col, value=neutralise_formula(header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(numbers.itertuples(index=False), start=top + 1):
        for col, text in enumerate(row, start=1):
            value, number_format = _value(str(text))
            cell = sheet.cell(row=r, column=col, value=value if value != "" else None)
            if number_format:
                cell.number_format = number_format
            elif value == HIDDEN:
                cell.alignment = Alignment(horizontal="right")
    last = top + max(len(numbers), 1)
    ref = f"A{top}:{get_column_letter(len(headers))}{last}"
    table = Table(displayName=f"Table_{index}_data", ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    for col, header in enumerate(headers, start=1):
        cells = [len(str(v)) for v in numbers.iloc[:, col - 1]]
        widest = max([len(header) // 2, *cells])
        sheet.column_dimensions[get_column_letter(col)].width = min(max(10, widest + 2), 60)
    sheet.freeze_panes = sheet.cell(row=top + 1, column=2)
    return hidden


def _sheet_headers(book: Workbook, index: int) -> list[str]:
    """The column headers written on table ``index``'s sheet (its Excel table's header row)."""
    sheet = book[f"Table_{index}"]
    (table,) = sheet.tables.values()
    first = sheet[table.ref.split(":")[0]]
    return [str(c.value) for c in sheet[first.row] if c.value is not None]


def _contents(book: Workbook, listed: list[tuple[int, str, bool]], mode: str) -> None:
    sheet = book.active
    sheet.title = "Contents"
    sheet["A1"] = "Workforce Race Equality Standard report: tables" + (
        " (internal, unredacted)" if mode == "internal" else ""
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = "One table a sheet; the notes on method and hidden cells are on the Notes sheet."
    sheet.append(["Sheet", "Table", "Has hidden cells"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.append(["Notes", "Notes on method, hidden cells and blank cells", ""])
    sheet["A4"].hyperlink = "#'Notes'!A1"
    for index, name, hidden in listed:
        sheet.append([f"Table_{index}", sheet_title(name), "Yes" if hidden else "No"])
        sheet.cell(row=sheet.max_row, column=1).hyperlink = f"#'Table_{index}'!A1"
    sheet.add_table(Table(displayName="Contents_list", ref=f"A3:C{sheet.max_row}"))
    for letter, width in (("A", 12), ("B", 60), ("C", 18)):
        sheet.column_dimensions[letter].width = width


def _notes(book: Workbook, mode: str, headers: Iterable[str]) -> None:
    sheet = book.create_sheet("Notes", 1)
    sheet["A1"] = "Notes"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["Note", "Subject", "Note text"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, note in enumerate(workbook_notes(mode, headers), start=1):
        sheet.append([f"Note {number}", note.subject, note.text])
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(wrap_text=True)
    sheet.add_table(Table(displayName="Notes_list", ref=f"A2:C{sheet.max_row}"))
    for letter, width in (("A", 10), ("B", 26), ("C", 100)):
        sheet.column_dimensions[letter].width = width


def write_workbook(
    tables: Mapping[str, pd.DataFrame],
    path: str | Path,
    mode: str,
    numbers: Mapping[str, pd.DataFrame] | None = None,
) -> Path:
    """Every table as numbers (``mode`` public: as published; internal: unredacted).

    ``numbers``: the tables already turned by :func:`numeric_table`, when the caller has them
    (the public CSVs are written from the same), so no table is turned twice.
    """
    from io import BytesIO

    if numbers is None:
        numbers = {name: numeric_table(frame) for name, frame in tables.items()}
    book = Workbook()
    listed = [
        (index, name, _table_sheet(book, index, name, numbers[name], mode))
        for index, name in enumerate(tables, start=1)
    ]
    _contents(book, listed, mode)
    # The notes explain the columns written, read from the sheets themselves.
    written = {h for index, _name, _hidden in listed for h in _sheet_headers(book, index)}
    _notes(book, mode, written)
    buffer = BytesIO()
    book.save(buffer)
    # Same tables, same bytes: a rebuild on the same inputs gives an identical workbook.
    return write_atomically(reproducible_workbook(buffer.getvalue(), FIXED_STAMP), path)
