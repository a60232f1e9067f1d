"""The workbook's Notes sheet explains the kinds of column its sheets hold, and only those: the
public workbook has no p-values, so its notes do not describe them (issue 24)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from wres_lib.present.tables import rates_table
from wres_lib.publish.workbook import NOTES, explained_columns, write_workbook

# The column notes: each explains a kind of column (the other notes are about the whole book).
COLUMN_NOTES = {n.subject: n for n in NOTES["both"] if n.explains is not None}

YEARS = ("2021-22", "2022-23")


class _Figures:
    """Just enough of :class:`wres_lib.present.figures.Figures` for :func:`rates_table`."""

    def ratio(self, year, indicator, measure, ratio) -> str:
        return "1.13 (0.22–5.80)" if year == YEARS[0] else "R"

    def value(self, year, indicator, measure, group, statistic) -> float:
        return 0.5 if statistic == "fisher_p" else 0.0

    def percent(self, year, indicator, measure, group, interval=False) -> str:
        return "26.1% (24.0–28.3)"

    def n_of_n(self, year, indicator, measure, group) -> str:
        return "12 out of 1,450"


def _rates(public: bool) -> pd.DataFrame:
    """Indicator 2's table as the report builds it for either mode."""
    frame = rates_table(_Figures(), YEARS, 2, "all", ("White", "BME"), "White/BME", public=public)
    return frame.reset_index(names="")


def _book(tmp_path: Path, mode: str) -> tuple[dict[str, str], set[str]]:
    path = write_workbook(
        {"05_indicator_2_all": _rates(mode == "public")}, tmp_path / "w.xlsx", mode
    )
    return _read(path)


def _read(path: Path) -> tuple[dict[str, str], set[str]]:
    """The Notes sheet (subject -> text) and every table sheet's column headers."""
    book = load_workbook(path)
    notes = {row[1]: row[2] for row in book["Notes"].iter_rows(min_row=3, values_only=True)}
    headers = set()
    for sheet in book.worksheets:
        for table in sheet.tables.values():
            first = sheet[table.ref.split(":")[0]]
            headers |= {str(c.value) for c in sheet[first.row] if c.value is not None}
    headers -= {"Note", "Subject", "Note text", "Sheet", "Table", "Has hidden cells"}
    return notes, headers


def _check(notes: dict[str, str], headers: set[str]) -> None:
    """Every column note given has a column it explains, and every column some note is meant
    to explain (a percentage, interval, likelihood, count or p-value) has its note given."""
    for subject, note in COLUMN_NOTES.items():
        explained = explained_columns(note, headers)
        assert (subject in notes) == bool(explained), (subject, explained)
    assert [n for n in notes if n in COLUMN_NOTES] == [n for n in COLUMN_NOTES if n in notes]


def test_public_notes_leave_out_p_values(tmp_path: Path) -> None:
    notes, headers = _book(tmp_path, "public")
    assert not any("Fisher" in h for h in headers)
    assert "P-values" not in notes and not any("Fisher" in t for t in notes.values())
    assert {"Hidden cells", "Percentages and intervals", "Relative likelihoods", "Counts"} <= set(
        notes
    )
    _check(notes, headers)


def test_internal_notes_keep_p_values(tmp_path: Path) -> None:
    notes, headers = _book(tmp_path, "internal")
    assert "Fisher exact test, p" in headers
    assert "P-values" in notes and "Internal use only" in notes
    _check(notes, headers)


def test_column_notes_pick_their_columns() -> None:
    headers = [
        "Year",
        "% BME (likely range): percent",
        "% BME (likely range): low",
        "% BME (likely range): high",
        "Relative likelihood (White/BME) and likely range: ratio",
        "Relative likelihood (White/BME) and likely range: low",
        "Relative likelihood (White/BME) and likely range: high",
        "BME: count",
        "BME: denominator",
        "Fisher exact test, p",
        "Outside the fair range",
    ]
    picked = {s: explained_columns(n, headers) for s, n in COLUMN_NOTES.items()}
    assert picked["Percentages and intervals"] == sorted(headers[1:4])
    assert sorted(picked["Relative likelihoods"]) == sorted(headers[4:7])
    assert sorted(picked["Counts"]) == sorted(headers[7:9])
    assert picked["P-values"] == ["Fisher exact test, p"]
    assert not any("Year" in p or "Outside the fair range" in p for p in picked.values())


@pytest.mark.slow
def test_demo_workbooks_notes_match_their_columns(demo_outputs: Path) -> None:
    """The demo's latest public and internal workbooks, as built by ``wres report``."""
    year = sorted(p.name for p in demo_outputs.iterdir() if (p / "public").is_dir())[-1]
    public_notes, public_headers = _read(demo_outputs / year / "public" / "wres_tables.xlsx")
    assert "P-values" not in public_notes
    _check(public_notes, public_headers)
    internal_notes, internal_headers = _read(demo_outputs / year / "internal" / "wres_tables.xlsx")
    assert "P-values" in internal_notes
    _check(internal_notes, internal_headers)
