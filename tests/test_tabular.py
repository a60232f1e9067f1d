"""Reading extracts as text with spreadsheet row numbers, and writing CSVs safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.errors import InputError
from wres_lib.inputs.tabular import (
    is_whole_number,
    neutralise_formula,
    read_table,
    safe_cells,
    write_csv,
)


def problem(path: Path, sheet: str | None = None):
    with pytest.raises(InputError) as info:
        read_table(path, sheet)
    return info.value.problems[0]


def test_csv_is_read_as_text_with_spreadsheet_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(' id , count,when\n007,"1,234",2022-03-31\n8,,\n', encoding="utf-8")
    frame = read_table(path)
    assert list(frame.columns) == ["id", "count", "when"]
    assert frame.index.tolist() == [2, 3]
    assert frame.index.name == "row"
    assert frame.at[2, "id"] == "007"
    assert frame.at[2, "count"] == "1,234"
    assert frame.at[3, "count"] == ""
    assert frame.attrs["source_file"] == str(path)
    assert pd.api.types.is_string_dtype(frame["id"])


def test_csv_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffa,b\n1,2\n".encode())
    assert list(read_table(path).columns) == ["a", "b"]


def test_xlsx_is_read_as_text(tmp_path: Path, xlsx_writer) -> None:
    rows = [
        ["id", "n", "x", "when"],
        ["007", 12, 0.5, dt.datetime(2022, 3, 31)],
        ["b", 3.0, "", None],
    ]
    frame = read_table(xlsx_writer(tmp_path / "t.xlsx", rows, sheet="S"), "S")
    assert frame.index.tolist() == [2, 3]
    assert frame.loc[2].tolist() == ["007", "12", "0.5", "2022-03-31"]
    assert frame.loc[3].tolist() == ["b", "3", "", ""]


def test_csv_and_xlsx_agree(tmp_path: Path, csv_writer, xlsx_writer) -> None:
    rows = [["a", "b"], ["x", "1"], ["y", ""]]
    from_csv = read_table(csv_writer(tmp_path / "t.csv", rows))
    from_xlsx = read_table(xlsx_writer(tmp_path / "t.xlsx", rows), "Data")
    pd.testing.assert_frame_equal(from_csv, from_xlsx, check_flags=False)


def test_missing_and_unsupported_files(tmp_path: Path) -> None:
    assert problem(tmp_path / "none.csv").expected == "a file that exists"
    other = tmp_path / "t.txt"
    other.write_text("a\n1\n")
    assert problem(other).value == ".txt"


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("  \n")
    assert "not an empty file" in problem(empty).expected
    header = tmp_path / "header.csv"
    header.write_text("a,b\n")
    frame = read_table(header)  # zero rows is data; the loader decides whether it is valid
    assert list(frame.columns) == ["a", "b"] and frame.empty


def test_ragged_row_names_its_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3\n")
    found = problem(path)
    assert (found.row, found.value) == (3, "1 cells")
    assert found.expected == "2 cells, as in the header"


def test_duplicate_or_blank_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,a\n1,2\n")
    assert (problem(path).row, problem(path).column) == (1, "a")
    path.write_text("a,,c\n1,2,3\n")
    assert problem(path).expected == "unique, non-empty column names"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("a\ncaf\xe9\n".encode("latin-1"))
    found = problem(path)
    assert (found.row, found.value) == (2, repr(b"\xe9\n"))
    assert found.expected.startswith("UTF-8 text (in Windows-1252 it would read 'é")


def test_excel_sheet_must_be_named_and_exist(tmp_path: Path, xlsx_writer) -> None:
    path = xlsx_writer(tmp_path / "t.xlsx", [["a"], ["1"]], sheet="Staff")
    assert problem(path, None).expected == "a sheet name in the params"
    found = problem(path, "staff")
    assert (found.value, found.expected) == ("staff", "one of the sheets Staff")


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"not a zip")
    assert problem(path, "S").expected.startswith("a readable .xlsx file")


def test_row_numbers_count_blank_rows(tmp_path: Path, xlsx_writer) -> None:
    """A blank line in the middle must not shift the row numbers of the rows after it."""
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n\n3,4\n")
    assert read_table(path).index.tolist() == [2, 4]


def test_formulas_are_neutralised() -> None:
    assert neutralise_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise_formula("+1+2") == "'+1+2"
    assert neutralise_formula("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_formula("-5") == "-5"
    assert neutralise_formula("-1.5e3") == "-1.5e3"
    assert neutralise_formula(-5) == -5
    assert neutralise_formula("Band 5") == "Band 5"


def test_safe_cells_leaves_numbers_and_the_input_alone() -> None:
    frame = pd.DataFrame({"=name": ["=1+1", "ok"], "n": [1, -2]})
    safe = safe_cells(frame)
    assert list(safe.columns) == ["'=name", "n"]
    assert safe["'=name"].tolist() == ["'=1+1", "ok"]
    assert safe["n"].tolist() == [1, -2]
    assert frame.at[0, "=name"] == "=1+1"


def test_write_csv_is_atomic_and_safe(tmp_path: Path) -> None:
    path = tmp_path / "out" / "t.csv"
    write_csv(pd.DataFrame({"a": ["=cmd", "x"], "b": [1, 2]}), path)
    assert path.read_text() == "a,b\n'=cmd,1\nx,2\n"
    assert [p.name for p in path.parent.iterdir()] == ["t.csv"]


def test_is_whole_number() -> None:
    assert is_whole_number("42") and is_whole_number(" 7 ") and is_whole_number(3)
    assert not is_whole_number("4.0")
    assert not is_whole_number("-1")
    assert not is_whole_number("1,234")
    assert not is_whole_number(2.0)


def test_write_csv_gives_ordinary_file_permissions(tmp_path: Path) -> None:
    """Outputs are shared with colleagues: not the 0600 a temporary file starts with."""
    import os
    import stat

    import pandas as pd

    from wres_lib.inputs.tabular import write_csv

    mask = os.umask(0o022)
    try:
        path = write_csv(pd.DataFrame({"a": [1]}), tmp_path / "out.csv")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
