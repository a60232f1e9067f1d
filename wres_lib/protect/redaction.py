"""Redaction of display strings: a hidden count reads as ``R`` wherever it would be printed."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from wres_lib.protect.problem import REDACTED

_FRACTION = re.compile(r"^\s*(.+?)\s+out of\s+(.+?)\s*$")
_PERCENT = re.compile(r"%\s*$")


def redact_text(text: str) -> str:
    """Redact one printed cell: ``R out of 1409``, ``R%`` or ``R``."""
    match = _FRACTION.match(str(text))
    if match:
        return f"{REDACTED} out of {match.group(2)}"
    if _PERCENT.search(str(text)):
        return f"{REDACTED}%"
    return REDACTED


def redact_table(
    frame: pd.DataFrame, hidden: pd.DataFrame | Iterable[tuple[object, object]]
) -> pd.DataFrame:
    """Redact the hidden cells of a table of printed strings (True in a mask, or (row, col)).

    For tables built outside a :class:`DisclosureProblem`; the mask must come from an audited
    :class:`SuppressionResult`. "n out of N" keeps its denominator: pass a denominator that
    must be hidden as ``R`` in the frame itself.
    """
    out = frame.astype(object).copy()
    if isinstance(hidden, pd.DataFrame):
        mask = hidden.reindex(index=frame.index, columns=frame.columns, fill_value=False)
        cells = [(r, c) for r in frame.index for c in frame.columns if bool(mask.loc[r, c])]
    else:
        cells = list(hidden)
    for row, column in cells:
        out.loc[row, column] = redact_text(out.loc[row, column])
    return out
