"""The counts NHS England's WRES data collection asks for, in its shape, from the report's counts.

One row a quantity: indicator 1 by band row (non-clinical, clinical, medical) × White, BME,
Unknown; shortlisted and appointed (2); headcount and entering the formal disciplinary process
(3); headcount and accessing non-mandatory training (4); Board members overall, voting and
executive (9). Unredacted, so it is written to ``internal/`` only. Built from the same counts
as the report, never recounted, so its totals are the report's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

COLLECTION_NAME = "wres_collection.csv"
COLUMNS = ["year", "indicator", "item", "workforce", "band", "White", "BME", "Unknown", "total"]
COLUMNS_WITH_NOTE = [*COLUMNS, "note"]
WORKFORCES = ("non-clinical", "clinical", "medical")
UNKNOWN_LEFT_OUT = (
    "unknown ethnicity is not counted for indicators 2 to 9 (WRES technical guidance)"
)
BOARD_NOTE = "Board counts hold BME members and all members; White and Unknown are not counted"
# (indicator, measure, numerator item, denominator item)
PAIRS = (
    (2, "all", "appointed from shortlisting", "shortlisted"),
    (3, "all", "entered the formal disciplinary process", "headcount"),
    (4, "all", "accessed non-mandatory training or CPD", "headcount"),
)
BOARD = (
    ("all", "Board members"),
    ("voting", "voting Board members"),
    ("executive", "executive Board members"),
)


def collection_frame(counts: pd.DataFrame, year: str) -> pd.DataFrame:
    """The year's collection rows (see the module docstring), counts as integers."""
    frame = counts[counts["year"].astype(str) == str(year)]
    rows: list[dict[str, object]] = []
    ind1 = frame[frame["indicator"] == 1]
    for measure in dict.fromkeys(ind1["measure"]):
        workforce, _, band = str(measure).partition("|")
        if workforce not in WORKFORCES:
            continue
        by_group = ind1[ind1["measure"] == measure].set_index("group")
        white, bme, unknown = (_cell(by_group, g, "numerator") for g in ("White", "BME", "Unknown"))
        total = _cell(by_group, "Unknown", "denominator")
        if total is None:  # no Unknown row: everyone's ethnicity is known
            total = _cell(by_group, "White", "denominator") or _cell(by_group, "BME", "denominator")
            unknown = 0 if total is not None else None
        rows.append(_row(year, 1, "headcount", workforce, band, white, bme, unknown, total, ""))
    for indicator, measure, top, bottom in PAIRS:
        chosen = frame[(frame["indicator"] == indicator) & (frame["measure"] == measure)]
        by_group = chosen.set_index("group")
        if by_group.empty:
            continue
        for item, column in ((bottom, "denominator"), (top, "numerator")):
            white, bme = _cell(by_group, "White", column), _cell(by_group, "BME", column)
            total = None if white is None or bme is None else white + bme
            rows.append(
                _row(year, indicator, item, "", "", white, bme, None, total, UNKNOWN_LEFT_OUT)
            )
    board = frame[(frame["indicator"] == 9) & (frame["group"] == "BME")].set_index("measure")
    for measure, item in BOARD:
        if measure in board.index:
            bme, total = (int(board.loc[measure, c]) for c in ("numerator", "denominator"))
            rows.append(_row(year, 9, item, "", "", None, bme, None, total, BOARD_NOTE))
    result = pd.DataFrame(rows, columns=COLUMNS_WITH_NOTE)
    for column in ("White", "BME", "Unknown", "total"):
        result[column] = result[column].astype("Int64")
    return result


def write_collection(counts: pd.DataFrame, year: str, path: Path) -> Path:
    """Write the collection CSV (formula-safe, like every CSV the suite writes)."""
    from wres_lib.inputs.tabular import write_csv

    return write_csv(collection_frame(counts, year), Path(path))


def _cell(by_group: pd.DataFrame, group: str, column: str) -> int | None:
    if group not in by_group.index:
        return None
    return int(by_group.loc[group, column])


def _row(
    year: str,
    indicator: int,
    item: str,
    workforce: str,
    band: str,
    white: int | None,
    bme: int | None,
    unknown: int | None,
    total: int | None,
    note: str,
) -> dict[str, object]:
    return dict(
        zip(
            COLUMNS_WITH_NOTE,
            (year, indicator, item, workforce, band, white, bme, unknown, total, note),
            strict=True,
        )
    )
