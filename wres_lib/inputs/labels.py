"""Label tables: work out something once per distinct value of a column, then join it back.

Extracts repeat a few labels (bands, staff groups, ethnic categories, a year of dates) over
many rows, so the Python-level work (normalising, looking up, parsing) is done once a label
instead of once a row; pandas' factorize and a take do the join in C (text results are
taken from an Arrow array, so no Python string is built per row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd


def label_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's position in the distinct values, and those values (a missing cell is one)."""
    codes, distinct = pd.factorize(series, use_na_sentinel=False)
    return codes, np.asarray(distinct, dtype=object)


def spread(
    table: Sequence[object], codes: np.ndarray, like: pd.Series, dtype: str = "object"
) -> pd.Series:
    """One value per distinct label (``table``) spread over the rows of ``like`` by ``codes``.

    ``"str"`` takes from an Arrow string array and ``"bool"`` from a boolean array, both in C;
    any other dtype goes through an object array.
    """
    if dtype == "str":
        values: object = pd.array(list(table), dtype="str").take(codes)
    elif dtype == "bool":
        values = np.fromiter((bool(v) for v in table), dtype=bool, count=len(table))[codes]
    else:
        column = np.empty(len(table), dtype=object)
        for i, value in enumerate(table):
            column[i] = value  # element by element: a tuple stays one value
        values = column[codes]
    if dtype in ("str", "bool"):  # already of that dtype: no conversion to check
        return pd.Series(values, index=like.index, name=like.name, copy=False)
    return pd.Series(values, index=like.index, name=like.name, dtype=dtype)


def per_label(
    series: pd.Series, function: Callable[[object], object], dtype: str = "object"
) -> pd.Series:
    """``function`` of each distinct value, spread over the rows, aligned to the index."""
    codes, distinct = label_codes(series)
    return spread([function(value) for value in distinct], codes, series, dtype)


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
    return per_label(series, lambda v: "" if is_missing(v) else " ".join(str(v).split()), "str")


# Month names and their usual short forms, as dates and plans write them -> month number.
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
