"""The counts contract's checks: every row of a counts table valid, duplicates dropped or named.

Shared by counts read from a file, counts built from records and counts merged from several
sources (:mod:`wres_lib.measure.counts`); the rules are listed in that module's docstring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.params import check_year

COUNTS_COLUMNS = ("org", "year", "indicator", "measure", "group", "numerator", "denominator")
KEY_COLUMNS = ("org", "year", "indicator", "measure", "group")
WRES_GROUPS = ("White", "BME")
FINE_GROUPS = ("Asian", "Black", "Mixed", "Other")
GROUPS = ("White", "BME", "Unknown", *FINE_GROUPS)
# White first, then BME and its breakdown: the order tables print them in.
GROUP_RANK = {group: rank for rank, group in enumerate(("White", "BME", *FINE_GROUPS, "Unknown"))}

MEASURES: dict[int, tuple[str, ...]] = {
    2: ("all",),
    3: ("all", "two-year", "bank"),
    4: ("all",),
    5: ("all", "bank"),
    6: ("all", "managers", "colleagues", "bank", "bank|managers", "bank|colleagues"),
    7: ("all", "bank"),
    8: ("all", "bank"),
    9: ("all", "voting", "executive", "workforce"),
}
INDICATOR1_MEASURES = ("overall", "bank")
BAND_ROW_PREFIXES = ("non-clinical", "clinical", "medical", "grouped")
BAND_ROW = re.compile(r"^(non-clinical|clinical|medical|grouped)\|[^|]*[^|\s][^|]*$")
WHOLE_NUMBER = re.compile(r"^[0-9]+$")
INDICATOR = re.compile(r"^[1-9]$")


def valid_measure(indicator: int, measure: str) -> bool:
    """Whether ``measure`` is one of the indicator's measures (band rows: by pattern)."""
    if indicator == 1:
        return measure in INDICATOR1_MEASURES or bool(BAND_ROW.match(measure))
    return measure in MEASURES.get(indicator, ())


def _expected_measure(indicator: int) -> str:
    if indicator == 1:
        return (
            "for indicator 1: 'overall', 'bank', or a band row such as 'non-clinical|Band 5', "
            "'clinical|Band 8a', 'medical|Consultant', 'grouped|Clinical Band 2'"
        )
    return f"for indicator {indicator}: one of {', '.join(MEASURES[indicator])}"


def row_numbers(frame: pd.DataFrame) -> list[int | None]:
    """Spreadsheet row numbers if the frame came from read_table, else None for each row."""
    if frame.index.name == "row":
        return frame.index.to_numpy(dtype=np.int64).tolist()
    return [None] * len(frame)


def check_text(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate a counts table read as text; return the typed frame and every problem found."""
    lookup = {str(c).strip().lower(): c for c in frame.columns}
    missing = [c for c in COUNTS_COLUMNS if c not in lookup]
    if missing:
        found = ", ".join(str(c) for c in frame.columns)
        return frame, [
            Problem(file, 1, column, None, f"a column named '{column}' (found: {found})")
            for column in missing
        ]
    text = pd.DataFrame(
        {c: frame[lookup[c]].astype("str").str.strip() for c in COUNTS_COLUMNS},
        index=frame.index,
    )
    rows = row_numbers(frame)
    problems: list[Problem] = []

    def flag(mask: pd.Series, column: str, expected: str) -> None:
        for position in mask.to_numpy().nonzero()[0]:
            problems.append(
                Problem(file, rows[position], column, text[column].iloc[position], expected)
            )

    flag(text["org"] == "", "org", "an organisation code")
    years_ok = {}
    for value in text["year"].unique():
        try:
            check_year(value)
            years_ok[value] = True
        except ValueError:
            years_ok[value] = False
    good_years = [value for value, ok in years_ok.items() if ok]
    flag(~text["year"].isin(good_years), "year", "a reporting year like 2021-22")
    indicator_ok = text["indicator"].str.match(INDICATOR).astype(bool)
    flag(~indicator_ok, "indicator", "an indicator number from 1 to 9")
    group_ok = text["group"].isin(GROUPS)
    flag(~group_ok, "group", f"one of {', '.join(GROUPS)}")
    indicators = text["indicator"].where(indicator_ok, "0").astype("int64")
    flag(
        group_ok & indicator_ok & (text["group"] == "Unknown") & (indicators != 1),
        "group",
        "White, BME, Asian, Black, Mixed or Other: Unknown ethnicity is only counted in "
        "indicator 1",
    )
    # Each distinct (indicator, measure) pair is checked once, then spread over the rows.
    measure_codes, measures = pd.factorize(text["measure"])
    pair_codes = indicators.to_numpy(np.int64) * len(measures) + measure_codes
    distinct, codes = np.unique(pair_codes, return_inverse=True)
    distinct_ok = np.array(
        [valid_measure(int(c // len(measures)), measures[c % len(measures)]) for c in distinct],
        dtype=bool,
    )
    measure_ok = pd.Series(distinct_ok[codes.ravel()], index=text.index, dtype=bool)
    for position in (~measure_ok & indicator_ok).to_numpy().nonzero()[0]:
        indicator = int(indicators.iloc[position])
        problems.append(
            Problem(
                file,
                rows[position],
                "measure",
                text["measure"].iloc[position],
                _expected_measure(indicator),
            )
        )
    numbers_ok = pd.Series(True, index=text.index)
    for column in ("numerator", "denominator"):
        ok = text[column].str.match(WHOLE_NUMBER).astype(bool)
        flag(~ok, column, "a whole number, 0 or more (no text, decimals, signs or commas)")
        numbers_ok &= ok
    numerator = text["numerator"].where(numbers_ok, "0").astype("int64")
    denominator = text["denominator"].where(numbers_ok, "0").astype("int64")
    flag(
        numbers_ok & (numerator > denominator),
        "numerator",
        "a numerator no larger than the denominator",
    )
    # org, year, measure and group are already text ("str"): stripped above.
    typed = text.assign(indicator=indicators, numerator=numerator, denominator=denominator)
    problems.sort(key=lambda p: p.row if p.row is not None else 0)
    return typed, problems


def _key_text(key: Sequence[Any]) -> str:
    org, year, indicator, measure, group = key
    return f"{org} {year} indicator {indicator} '{measure}' {group}"


def drop_duplicates(
    frame: pd.DataFrame, files: Sequence[str], rows: Sequence[int | None]
) -> pd.DataFrame:
    """Drop exact duplicates; raise naming both rows when the same key has different numbers."""
    keys = list(KEY_COLUMNS)
    dup = frame.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return frame
    first_seen: dict[tuple[Any, ...], int] = {}
    problems: list[Problem] = []
    keep = [True] * len(frame)
    key_values = frame[keys].itertuples(index=False, name=None)
    numbers = frame[["numerator", "denominator"]].itertuples(index=False, name=None)
    values = list(zip(key_values, numbers, strict=True))
    for position in dup.nonzero()[0]:
        key, pair = values[position]
        if key not in first_seen:
            first_seen[key] = position
            continue
        earlier = first_seen[key]
        keep[position] = False
        earlier_pair = values[earlier][1]
        if earlier_pair == pair:
            continue
        where = files[earlier] + (f" row {rows[earlier]}" if rows[earlier] is not None else "")
        problems.append(
            Problem(
                files[position],
                rows[position],
                "numerator/denominator",
                f"{pair[0]}/{pair[1]}",
                f"the same counts as {where} ({earlier_pair[0]}/{earlier_pair[1]}) for "
                f"{_key_text(key)}: conflicting duplicate rows",
            )
        )
    if problems:
        raise InputError(problems)
    return frame[keep]


def unequal_group_sums(counts: pd.DataFrame) -> list[tuple[tuple[str, int, str], str]]:
    """Where the four finer groups do not add up to BME in a set of counts: ((year, indicator,
    measure), what differs). Not refused (a survey provider's or an earlier report's figures
    are what the trust has), but said, since a reader assumes they add up."""
    found = []
    rows = counts[counts["group"].isin(("BME", *FINE_GROUPS))]
    for (year, indicator, measure), part in rows.groupby(["year", "indicator", "measure"]):
        by_group = {r.group: r for r in part.itertuples(index=False)}
        if "BME" not in by_group or any(g not in by_group for g in FINE_GROUPS):
            continue
        for column in ("numerator", "denominator"):
            if int(indicator) in (1, 3, 4) and column == "denominator":
                continue  # headcounts, made from the staff record
            parts = [int(getattr(by_group[g], column)) for g in FINE_GROUPS]
            total = int(getattr(by_group["BME"], column))
            if sum(parts) != total:
                found.append(
                    (
                        (str(year), int(indicator), str(measure)),
                        f"BME {column} {total}, but Asian + Black + Mixed + Other = {sum(parts)}",
                    )
                )
    return found
