"""Label tables: work out something once per distinct value of a column, then join it back.

Extracts repeat a few labels (bands, staff groups, ethnic categories, a year of dates) over
many rows, so the Python-level work (normalising, looking up, parsing) is done once a label
instead of once a row; pandas' factorize does the join in C.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


def label_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's position in the distinct values, and those values (a missing cell is one)."""
    codes, distinct = pd.factorize(series, use_na_sentinel=False)
    return codes, np.asarray(distinct, dtype=object)


def per_label(
    series: pd.Series, function: Callable[[object], object], dtype: str = "object"
) -> pd.Series:
    """``function`` of each distinct value, spread over the rows, aligned to the index."""
    codes, distinct = label_codes(series)
    table = np.empty(len(distinct), dtype=object)
    for i, value in enumerate(distinct):
        table[i] = function(value)
    return pd.Series(table[codes], index=series.index, name=series.name, dtype=dtype)


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA or NaT: an empty cell, whatever the column's dtype."""
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and value != value)
    )


def spaced_text(series: pd.Series) -> pd.Series:
    """Each cell as text with runs of white space as one space (blank for a missing cell)."""
    return per_label(series, lambda v: "" if is_missing(v) else " ".join(str(v).split()))
