"""Reading and writing tables: the one place CSV and Excel files are opened.

Extracts are read as text, so a value is validated as typed (``"1,234"`` is an error, not a
guess), and ``row`` numbers match what a spreadsheet shows (header = row 1).
"""

from __future__ import annotations

import csv
import io
import numbers
import os
import tempfile
from pathlib import Path

import pandas as pd

from wres_lib.errors import InputError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
FIRST_DATA_ROW = 2
# Characters that make a spreadsheet treat a cell as a formula or command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def read_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV or Excel sheet as strings; blank cells are empty strings.

    Excel is read as stored values: formulas are not evaluated and external links are not
    followed.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError.single(path, None, None, None, "a file that exists")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        frame = _read_excel(path, sheet)
    elif path.suffix.lower() == ".csv":
        frame = _read_csv(path)
    else:
        raise InputError.single(path, None, None, path.suffix, "a .csv or .xlsx file")
    if frame.empty:
        raise InputError.single(path, None, None, None, "a header row and at least one data row")
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError.single(path, None, None, None, "a header row and data, not an empty file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            path, None, None, repr(raw[exc.start : exc.start + 8]), "UTF-8 text"
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in rows[0]]
    numbered = []
    for number, row in enumerate(rows[1:], start=FIRST_DATA_ROW):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (and rows of empty cells) are not data, but keep numbering
        if len(row) != len(header):
            raise InputError.single(
                path, number, None, f"{len(row)} cells", f"{len(header)} cells, as in the header"
            )
        numbered.append((number, row))
    return _frame(path, header, numbered)


def _read_excel(path: Path, sheet: str | None) -> pd.DataFrame:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise InputError.single(path, None, None, None, f"a readable .xlsx file ({exc})") from None
    try:
        if sheet is None:
            raise InputError.single(path, None, None, None, "a sheet name in the params")
        if sheet not in book.sheetnames:
            raise InputError.single(
                path, None, None, sheet, f"one of the sheets {', '.join(book.sheetnames)}"
            )
        values = [
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in book[sheet].iter_rows(values_only=True)
        ]
    finally:
        book.close()
    numbered = [(n, row) for n, row in enumerate(values, start=1) if any(c != "" for c in row)]
    if not numbered:
        raise InputError.single(path, None, None, sheet, "a sheet with a header row and data")
    header_row, header = numbered[0][0], [h.strip() for h in numbered[0][1]]
    if header_row != 1:
        raise InputError.single(path, 1, None, "", "the header in row 1 of the sheet")
    while header and header[-1] == "":
        header.pop()
    body = [(n, row[: len(header)] + [""] * (len(header) - len(row))) for n, row in numbered[1:]]
    return _frame(path, header, body)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat() if not (value.hour or value.minute) else value.isoformat()
    return str(value)


def _frame(path: Path, header: list[str], body: list[tuple[int, list[str]]]) -> pd.DataFrame:
    """A frame of text indexed by the spreadsheet row each line came from."""
    seen: set[str] = set()
    for name in header:
        if name == "" or name in seen:
            raise InputError.single(path, 1, name, name, "unique, non-empty column names")
        seen.add(name)
    frame = pd.DataFrame([row for _, row in body], columns=header, dtype="str")
    frame.index = pd.Index([number for number, _ in body], dtype="int64", name="row")
    frame.attrs["source_file"] = str(path)
    return frame


def neutralise_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell made safe to open in Excel or LibreOffice."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise_formula)
    out.columns = [neutralise_formula(str(c)) for c in out.columns]
    return out


def write_atomically(data: bytes, path: str | Path) -> Path:
    """Write a file whole or not at all (temp file, then rename), with ordinary permissions."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
        temp = handle.name
        try:
            handle.write(data)
        except BaseException:
            handle.close()
            os.unlink(temp)
            raise
    os.chmod(temp, 0o666 & ~_umask())  # NamedTemporaryFile makes 0600 files
    os.replace(temp, path)
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a CSV atomically, with formula-like text neutralised."""
    text = safe_cells(frame).to_csv(index=False, lineterminator="\n")
    return write_atomically(text.encode("utf-8"), path)


def is_whole_number(value: object) -> bool:
    return isinstance(value, numbers.Integral) or (
        isinstance(value, str) and value.strip().isdigit()
    )
