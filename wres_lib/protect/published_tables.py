"""The published tables' CSV shape, both ways: each displayed cell split into its numbers, one
number a column (what ``public/tables/`` and the workbook hold), and those columns joined back into
the cells the report displayed (``12 out of 4,000``, ``26.1% (24.0–28.3)``, ``R``), which is what
the disclosure audit and ``wres audit`` read. One module, so the writer and the reader cannot
drift apart.

The report prints a few formats only (:mod:`wres_lib.present.figures` and ``tables``):

=====================  =====================================================
shown                  columns
=====================  =====================================================
``1,234 out of 5,678``  ``<label>: count``, ``<label>: denominator``
``R out of 5,678``      count ``R``, denominator ``5678``
``26.1% (24.0–28.3)``   ``<label>: percent``, ``<label>: low``, ``<label>: high``
``R%``                  percent ``R``
``1.69 (1.38–2.06)``    ``<label>: ratio`` (``: value`` where no likelihood), low, high
``+4.7``, ``88``        ``<label>`` (a plain number, sign kept)
``< 0.001``             ``<label>``: ``<0.001``
``R``                   ``R`` in every column of its cell
``Yes``/``No``, words   ``<label>`` as text
``–``, ``undefined``    empty
=====================  =====================================================

Numbers keep the digits shown (``1.50`` stays ``1.50``, thousands separators go), so nothing
is rounded twice and a reader of the CSV sees what the report printed. A table whose columns are
years and whose rows each hold one kind of figure (indicators 2 to 9) is turned round: a row a
year, first column ``Year``, so each figure is a column.
:func:`displayed` turns a split table back into display strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wres_lib.inputs.tabular import safe_cells, write_atomically

HIDDEN = "R"
YEAR_COLUMN = "Year"
PARTS = ("count", "denominator", "percent", "ratio", "value", "low", "high")
_YEAR = re.compile(r"^\d{4}/\d{2}$")  # a column of the year format (2022/23)


def read_published(path: str | Path) -> pd.DataFrame:
    """One published CSV (UTF-8, with or without BOM) as the cells the report displayed."""
    return displayed(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig"))


def displayed(frame: pd.DataFrame) -> pd.DataFrame:
    """A split table back as the report displayed it (years across again where turned)."""
    frame = frame.astype(object).where(frame.notna(), "").astype(str)
    groups: dict[str, dict[str, str]] = {}
    for column in frame.columns:
        label, _, part = column.rpartition(": ")
        if label and part in PARTS:
            groups.setdefault(label, {})[part] = column
        else:
            groups.setdefault(column, {})["plain"] = column
    values = {column: frame[column].tolist() for column in frame.columns}
    out = {}
    for label, parts in groups.items():
        if "plain" in parts:
            out[label] = frame[parts["plain"]]
            continue
        cells = zip(*(values[column] for column in parts.values()), strict=True)
        out[label] = [_join(dict(zip(parts, cell, strict=True))) for cell in cells]
    shown = pd.DataFrame(out, index=frame.index)
    first = shown.columns[0] if len(shown.columns) else None
    if first == YEAR_COLUMN and shown[first].map(lambda y: bool(_YEAR.match(y))).all():
        shown = shown.set_index(first).T
        shown = shown.reset_index(names="")
        shown.columns = [str(c) for c in shown.columns]
    return shown


def _join(parts: dict[str, str]) -> str:
    if "count" in parts:
        count, total = parts["count"], parts.get("denominator", "")
        if count == HIDDEN and total == HIDDEN:
            return HIDDEN
        return f"{count} out of {total}" if count or total else ""
    interval = (
        f" ({parts['low']}–{parts['high']})" if parts.get("low") and parts.get("high") else ""
    )
    if "percent" in parts:
        value = parts["percent"]
        return f"{value}%{interval}" if value else ""
    value = parts.get("ratio", parts.get("value", ""))
    return f"{value}{interval}" if value else ""


_NUMBER = r"-?[\d,]+(?:\.\d+)?"
_FRACTION = re.compile(rf"^(R|{_NUMBER}) out of (R|{_NUMBER})$")
_PERCENT = re.compile(rf"^(R|{_NUMBER})%(?: \(({_NUMBER})–({_NUMBER})\))?$")
_ESTIMATE = re.compile(rf"^([+-]?[\d,]+(?:\.\d+)?)(?: \(({_NUMBER})–({_NUMBER})\))?$")
_BELOW = re.compile(r"^< ?(\d+(?:\.\d+)?)$")
_TAG = re.compile(r"<(ins|del)>(.*?)</\1>", re.DOTALL)
EMPTY = ("", "–", "undefined")


@dataclass(frozen=True)
class Cell:
    """One displayed cell read as numbers: its kind and parts (text, so digits are kept)."""

    kind: str  # fraction, percent, estimate, number, text, hidden, empty
    parts: tuple[str, ...] = ()
    interval: bool = False


def _digits(text: str) -> str:
    return text.replace(",", "")


def read_cell(value: object) -> Cell:
    """One displayed cell into its kind and numbers."""
    text = "" if value is None or value != value else str(value).strip()
    if text in EMPTY:
        return Cell("empty")
    if text == HIDDEN:
        return Cell("hidden")
    if match := _FRACTION.match(text):
        return Cell("fraction", (_digits(match[1]), _digits(match[2])))
    if match := _PERCENT.match(text):
        low, high = match[2] or "", match[3] or ""
        return Cell("percent", (_digits(match[1]), low, high), bool(match[2]))
    if match := _ESTIMATE.match(text):
        number = _digits(match[1])
        if not match[2]:
            return Cell("number", (number.removeprefix("+"),))
        return Cell("estimate", (number, _digits(match[2]), _digits(match[3])), True)
    if match := _BELOW.match(text):
        return Cell("number", (f"<{match[1]}",))
    return Cell("text", (_TAG.sub(_tracked, text),))


def _tracked(match: re.Match[str]) -> str:
    """``<ins>x</ins>`` -> ``[added: x]``: the HTML's tracked changes in words."""
    return f"[{'added' if match[1] == 'ins' else 'removed'}: {match[2]}]"


def _kind(cells: list[Cell]) -> str | None:
    """The one kind of figure in a run of cells (hidden and empty cells go with any)."""
    kinds = {c.kind for c in cells} - {"hidden", "empty"}
    if not kinds:
        return "hidden"
    if kinds == {"estimate", "number"}:
        return "estimate"
    return next(iter(kinds)) if len(kinds) == 1 else None


def _headers(label: str, kind: str, interval: bool, likelihood: bool) -> list[str]:
    if kind == "fraction":
        return [f"{label}: count", f"{label}: denominator"]
    if kind == "percent":
        return [f"{label}: percent"] + ([f"{label}: low", f"{label}: high"] if interval else [])
    if kind == "estimate":
        name = "ratio" if likelihood else "value"
        return [f"{label}: {name}", f"{label}: low", f"{label}: high"]
    return [label]


def _split_column(label: str, cells: list[Cell], kind: str) -> dict[str, list[str]]:
    interval = any(c.interval for c in cells)
    likelihood = "likelihood" in label.lower() or "/" in label
    headers = _headers(label, kind, interval, likelihood)
    columns: dict[str, list[str]] = {h: [] for h in headers}
    for cell in cells:
        if cell.kind == "hidden":  # a bare R: both counts of a fraction, else the figure
            values = [HIDDEN] * (2 if kind == "fraction" else 1)
            values += [""] * (len(headers) - len(values))
        elif cell.kind == "empty":
            values = [""] * len(headers)
        elif cell.kind == "number" and kind == "estimate":
            values = [cell.parts[0], "", ""]
        else:
            values = list(cell.parts) + [""] * (len(headers) - len(cell.parts))
            values = values[: len(headers)]
        for header, value in zip(headers, values, strict=True):
            columns[header].append(value)
    return columns


def numeric_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A displayed table (first column its row labels) as numbers in their own columns."""
    frame = frame.astype(object).where(frame.notna(), "")
    labels = frame.columns[1:]
    cells = {c: [read_cell(v) for v in frame[c]] for c in labels}
    by_row = [[cells[c][i] for c in labels] for i in range(len(frame))]
    years_across = len(labels) > 0 and all(_YEAR.match(str(c)) for c in labels)
    if years_across and all(_kind(row) for row in by_row):
        first = frame.columns[0]
        turned = frame.set_index(first).T.reset_index(names=YEAR_COLUMN)
        turned.columns = [YEAR_COLUMN, *(str(c) for c in turned.columns[1:])]
        if turned.columns.duplicated().any():
            return _as_text(frame)
        return numeric_table_columns(turned)
    return numeric_table_columns(frame)


def numeric_table_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Each column split by its one kind of figure; a column of mixed kinds stays as text."""
    out: dict[str, list[str]] = {}
    for label in frame.columns:
        cells = [read_cell(v) for v in frame[label]]
        kind = _kind(cells)
        if kind is None or kind == "text":
            out[str(label)] = [_text_of(c, v) for c, v in zip(cells, frame[label], strict=True)]
        else:
            out.update(_split_column(str(label), cells, kind))
    return pd.DataFrame(out)


def _text_of(cell: Cell, value: object) -> str:
    if cell.kind == "text":
        return cell.parts[0]
    return "" if cell.kind == "empty" else str(value).strip()


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(lambda v: _text_of(read_cell(v), v))


def write_numbers_csv(numbers: pd.DataFrame, path: str | Path) -> Path:
    """A displayed table turned by :func:`numeric_table`, UTF-8 with a BOM (Excel then reads
    "–" and "é" right), formula-like text neutralised, written whole or not at all."""
    text = safe_cells(numbers).to_csv(index=False, lineterminator="\n")
    return write_atomically(text.encode("utf-8-sig"), path)
