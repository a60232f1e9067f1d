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

import numpy as np
import pandas as pd

from wres_lib.errors import InputError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
FIRST_DATA_ROW = 2
# Characters that make a spreadsheet treat a cell as a formula or command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV or Excel sheet as strings; blank cells are empty strings.

    Excel is read as stored values: formulas are not evaluated and external links are not
    followed. A file with a header and no data rows gives an empty frame with those columns
    (no disciplinary cases in two years is a real state); the loader decides if that is valid.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError.single(path, None, None, None, "a file, not a folder")
    if not path.is_file():
        raise InputError.single(path, None, None, None, "a file that exists")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    raise InputError.single(path, None, None, path.suffix, "a .csv or .xlsx file")


def decode_text(path: Path, raw: bytes) -> str:
    """UTF-8 text (with or without a byte order mark), or UTF-16 with its byte order mark.

    Nothing else is guessed: a file in Windows-1252 (Excel's plain "CSV") is refused with the
    line of the first byte that is not UTF-8, since a guessed encoding can change names.
    """
    if raw.startswith(ZIP_MAGIC):
        raise InputError.single(
            path,
            None,
            None,
            None,
            "a text file; this is an Excel workbook (or other zip file): "
            "save it as 'CSV UTF-8', or name it .xlsx and give its sheet in the params",
        )
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError.single(
                path, None, None, None, "UTF-16 text, as its BOM says"
            ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start : exc.start + 4]
        hint = f" (in Windows-1252 it would read {bad.decode('cp1252', errors='replace')!r})"
        raise InputError.single(
            path, line, None, repr(bad), f"UTF-8 text{hint}: save the file as UTF-8 ('CSV UTF-8')"
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise InputError.single(path, line, None, "\\x00", "text without NUL characters")
    return text


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError.single(path, None, None, None, "a header row and data, not an empty file")
    text = decode_text(path, raw)
    simple = _read_simple_csv(path, text)
    if simple is not None:
        return simple
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError.single(
            path,
            reader.line_num,
            None,
            None,
            f"readable CSV ({exc}); cells of at most {csv.field_size_limit():,} characters",
        ) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError.single(path, 1, None, None, "the header (column names) in row 1")
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":
        header.pop()  # Excel writes an empty last column as a trailing comma on every line
    if len(header) == 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if separator in header[0]:
                raise InputError.single(
                    path, 1, None, header[0][:80], f"comma-separated columns, not {name}"
                )
    numbered = []
    width = len(header)
    for number, row in enumerate(rows[1:], start=FIRST_DATA_ROW):
        # The usual row (as wide as the header, something in it) in one C-level test; a
        # joined row has text exactly when one of its cells does.
        if len(row) == width and "".join(row).strip():
            numbered.append((number, row))
            continue
        if not "".join(row).strip():
            continue  # blank lines (and rows of empty cells) are not data, but keep numbering
        extra = row[len(header) :]
        if len(row) > len(header) and not any(cell.strip() for cell in extra):
            row = row[: len(header)]  # empty cells under no header (trailing commas)
        if len(row) != len(header) and not numbered and len(row) > len(header):
            raise InputError.single(
                path,
                1,
                None,
                ",".join(rows[0])[:80],
                f"the column names in row 1, no title rows above them (row 1 has "
                f"{len(header)} name(s), row {number} has {len(row)} cells)",
            )
        if len(row) != len(header):
            raise InputError.single(
                path, number, None, f"{len(row)} cells", f"{len(header)} cells, as in the header"
            )
        numbered.append((number, row))
    return _frame(path, header, numbered)


# Every character Python's str.strip() removes (tests check the list against str.isspace).
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_BLANK_CELL = "^[" + "".join(f"\\x{{{ord(c):x}}}" for c in PYTHON_WHITESPACE) + "]*$"


def _read_simple_csv(path: Path, text: str) -> pd.DataFrame | None:
    """The usual extract read in C by Arrow, or None to take the careful reader above.

    Only when the result is provably what the careful reader gives: a plain header (no quotes,
    at least two unique names, nothing trailing), every data line one record exactly as wide
    as the header (Arrow refuses other widths, and as many records as lines means no blank
    line was skipped and no quoted newline joined two lines, so row numbers are line
    numbers), no record of blank cells and no cell over the csv module's size limit. Arrow
    splits fields as ``csv.reader`` does (quotes, doubled quotes, text after a closing quote).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as arrow_csv

    end = text.find("\n")
    first = text[:end].removesuffix("\r") if end >= 0 else ""
    body = text[end + 1 :]
    if not first or not body or any(c in first for c in '"\r'):
        return None
    if "\r" in body.replace("\r\n", ""):
        return None  # Arrow ends a record at a lone CR; csv.reader refuses one unquoted
    header = [name.strip() for name in next(csv.reader([first]))]
    if len(header) < 2 or "" in header or len(set(header)) != len(header):
        return None
    lines = body.count("\n") + (not body.endswith("\n"))
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(column_names=names, use_threads=False),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if table.num_rows != lines:
        return None
    limit = csv.field_size_limit()
    if any(pc.max(pc.binary_length(column)).as_py() > limit for column in table.columns):
        return None  # a cell may be too long (bytes >= characters): the careful reader says
    blank = pc.match_substring_regex(table.columns[0], _BLANK_CELL)
    for column in table.columns[1:]:
        if not pc.any(blank).as_py():
            break  # usually at once: ids are never blank
        blank = pc.and_(blank, pc.match_substring_regex(column, _BLANK_CELL))
    else:
        if pc.any(blank).as_py():
            return None
    text = pd.StringDtype("pyarrow", na_value=float("nan"))  # pandas' "str"
    frame = table.rename_columns(header).to_pandas(types_mapper={pa.string(): text}.get)
    rows = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + lines, dtype=np.int64)
    frame.index = pd.Index(rows, name="row")  # as the careful reader's (not a RangeIndex)
    frame.attrs["source_file"] = str(path)
    return frame


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
    """A copy with every text cell made safe to open in Excel or LibreOffice.

    Text columns are tested whole for a leading trigger character; only the few cells that
    have one go through :func:`neutralise_formula` (a metrics file has hundreds of thousands).
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values):
            continue
        if pd.api.types.is_string_dtype(values) and pd.api.types.infer_dtype(values) == "string":
            risky = values.str.startswith(FORMULA_TRIGGERS).fillna(False).to_numpy(bool)
            if risky.any():
                values = values.astype(object)
                values[risky] = values[risky].map(neutralise_formula)
                out[column] = values
        else:
            out[column] = values.map(neutralise_formula)
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
