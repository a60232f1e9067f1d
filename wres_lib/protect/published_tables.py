"""The published tables' CSV shape, read back: numbers in their own columns, joined again into
the cells the report displayed (``12 out of 4,000``, ``26.1% (24.0–28.3)``, ``R``).

:mod:`wres_lib.publish.table_numbers` splits the displayed cells when it writes
``public/tables/``; the attack (:mod:`wres_lib.protect.attack_tables`) reads them back here, as an
outside reader would. A table of display strings passes through unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

HIDDEN = "R"
YEAR_COLUMN = "Year"
PARTS = ("count", "denominator", "percent", "ratio", "value", "low", "high")
_YEAR = re.compile(r"^\d{4}/\d{2}$")


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
    out = {}
    for label, parts in groups.items():
        if "plain" in parts:
            out[label] = frame[parts["plain"]]
            continue
        out[label] = [_join({p: frame.at[i, c] for p, c in parts.items()}) for i in frame.index]
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
