"""Comparator data: many organisations' published WRES figures, one row per figure.

The shape is NHS England's per-trust WRES data (docs/architecture.md, "Comparator CSV"):
``org_code, org_name, region, trust_type, year, indicator, measure, group, value, numerator,
denominator``. ``measure`` and ``group`` are the metrics contract's names; which statistic a
row holds follows from them (:func:`comparator_statistic`), because the published data carry
one figure per indicator, measure and group:

* a ratio name as the group (``White/BME`` for 2 and 4, ``BME/White`` for 3): the relative
  likelihood;
* indicator 9, a Board measure (``all``, ``voting``, ``executive``), group ``BME``: the Board
  difference (Board % BME - workforce % BME, percentage points), as NHS England publishes it;
* anything else: the group's percentage.

Unknown values are reported (file, row, column, value, expected), never dropped or guessed.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.params import YEAR_PATTERN, check_year
from wres_lib.inputs.schemas import (
    duplicate_problems,
    finish_frame,
    not_blank,
    not_negative,
    schema_problems,
    text_column,
    whole_number,
)
from wres_lib.inputs.tabular import read_table, write_csv

COMPARATOR_COLUMNS = (
    "org_code",
    "org_name",
    "region",
    "trust_type",
    "year",
    "indicator",
    "measure",
    "group",
    "value",
    "numerator",
    "denominator",
)
KEY_COLUMNS = ("org_code", "year", "indicator", "measure", "group")
REGIONS = (
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
TRUST_TYPES = (
    "Acute",
    "Mental health and learning disability",
    "Community",
    "Ambulance",
    "Specialist",
)
# The measures NHS England publishes per trust (no pay-band rows), by indicator.
COMPARATOR_MEASURES: dict[int, tuple[str, ...]] = {
    1: ("overall", "bank"),
    2: ("all",),
    3: ("all", "two-year", "bank"),
    4: ("all",),
    5: ("all", "bank"),
    6: ("all", "managers", "colleagues", "bank"),
    7: ("all", "bank"),
    8: ("all", "bank"),
    9: ("all", "voting", "executive", "workforce"),
}
RATIO_GROUPS = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
BOARD_MEASURES = ("all", "voting", "executive")
PERCENT_GROUPS = ("White", "BME")


def comparator_statistic(indicator: int, measure: str, group: str) -> str:
    """Which metrics statistic a comparator row holds (see the module's docstring)."""
    if "/" in group:
        return "relative_likelihood"
    if indicator == 9 and measure in BOARD_MEASURES and group == "BME":
        return "difference_pp"
    return "percent"


def allowed_groups(indicator: int, measure: str) -> tuple[str, ...]:
    """The groups a comparator row may have for this indicator and measure."""
    if indicator == 1:
        return (*PERCENT_GROUPS, "Unknown")
    if indicator in RATIO_GROUPS:
        return (*PERCENT_GROUPS, RATIO_GROUPS[indicator])
    if indicator == 9 and measure in BOARD_MEASURES:
        return ("BME",)
    return PERCENT_GROUPS


def _value_range(statistic: str) -> tuple[float, float, str]:
    if statistic == "percent":
        return 0.0, 100.0, "a percentage from 0 to 100"
    if statistic == "difference_pp":
        return -100.0, 100.0, "a difference in percentage points from -100 to 100"
    return 0.0, math.inf, "a ratio of 0 or more"


def _row_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Indicator, measure, group, value and counts, checked together on each row."""
    problems: list[Problem] = []
    columns = ("indicator", "measure", "group", "value", "numerator", "denominator")
    cells = zip(frame.index, *(frame[c].to_numpy() for c in columns), strict=True)
    for row, text, measure, group, cell, numerator, denominator in cells:
        if not text.isdigit() or int(text) not in COMPARATOR_MEASURES:
            problems.append(Problem(file, int(row), "indicator", text, "an indicator from 1 to 9"))
            continue
        indicator = int(text)
        if measure not in COMPARATOR_MEASURES[indicator]:
            expected = ", ".join(COMPARATOR_MEASURES[indicator])
            problems.append(
                Problem(
                    file, int(row), "measure", measure, f"for indicator {indicator}: {expected}"
                )
            )
            continue
        groups = allowed_groups(indicator, measure)
        if group not in groups:
            expected = f"for indicator {indicator} {measure}: one of {', '.join(groups)}"
            problems.append(Problem(file, int(row), "group", group, expected))
            continue
        low, high, what = _value_range(comparator_statistic(indicator, measure, group))
        try:
            value = float(cell)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            problems.append(Problem(file, int(row), "value", cell, what))
        if numerator.isdigit() and denominator.isdigit() and int(numerator) > int(denominator):
            problems.append(
                Problem(
                    file, int(row), "numerator", numerator, f"at most the denominator {denominator}"
                )
            )
    return problems


def _header_problems(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """Headers matched case-insensitively; a missing column is named with the headers found."""
    names = {str(c).strip().lower(): c for c in raw.columns}
    missing = [c for c in COMPARATOR_COLUMNS if c not in names]
    if missing:
        found = ", ".join(str(c) for c in raw.columns)
        raise InputError(
            [Problem(file, 1, c, found, f"a column named {c!r} (case is ignored)") for c in missing]
        )
    frame = raw.rename(columns={v: k for k, v in names.items()})[list(COMPARATOR_COLUMNS)]
    return frame.apply(lambda s: s.astype("str").str.strip())


def _choice(choices: tuple[str, ...]) -> pa.Check:
    return pa.Check(lambda s: s.isin(choices), error=f"one of {', '.join(choices)}")


def _year() -> pa.Check:
    def valid(value: str) -> bool:
        try:
            return bool(YEAR_PATTERN.match(value)) and check_year(value) == value
        except ValueError:
            return False

    return pa.Check(lambda s: s.map(valid), error="a reporting year like 2021-22")


SCHEMA = pa.DataFrameSchema(
    {
        "org_code": text_column(
            not_blank(),
            pa.Check.str_matches(r"^[A-Za-z0-9_-]*$", error="letters, digits, - or _ (RX1)"),
        ),
        "org_name": text_column(not_blank()),
        "region": text_column(_choice(REGIONS)),
        "trust_type": text_column(_choice(TRUST_TYPES)),
        "year": text_column(_year()),
        "indicator": text_column(not_blank()),
        "measure": text_column(not_blank()),
        "group": text_column(not_blank()),
        "value": text_column(not_blank()),
        "numerator": text_column(whole_number(), not_negative()),
        "denominator": text_column(whole_number(), not_negative()),
    }
)


def load_comparators(path: str | Path) -> pd.DataFrame:
    """Read and validate a comparator CSV (or xlsx); every problem is reported together.

    Returns the contract's columns typed (``indicator`` int, ``value`` float, ``numerator`` and
    ``denominator`` nullable ints) plus ``statistic`` (:func:`comparator_statistic`), indexed
    by the spreadsheet row.
    """
    file = str(path)
    raw = read_table(path)
    if raw.empty:
        raise InputError.single(file, None, None, None, "a header row and at least one data row")
    frame = _header_problems(raw, file)
    problems = schema_problems(SCHEMA, frame, frame, file)
    problems += _row_problems(frame, file)
    problems += duplicate_problems(frame, KEY_COLUMNS, "group", file)
    finish_frame(problems, frame)
    return typed_comparators(frame)


def typed_comparators(frame: pd.DataFrame) -> pd.DataFrame:
    """The contract's types, and the statistic each row holds."""
    out = frame[list(COMPARATOR_COLUMNS)].copy()
    out["indicator"] = pd.to_numeric(out["indicator"]).astype("int64")
    out["value"] = pd.to_numeric(out["value"]).astype("float64")
    for column in ("numerator", "denominator"):
        text = out[column].astype("str").replace({"": None, "<NA>": None, "nan": None})
        out[column] = pd.to_numeric(text).astype("Int64")
    for column in ("org_code", "org_name", "region", "trust_type", "year", "measure", "group"):
        out[column] = out[column].astype("str")
    out["statistic"] = [
        comparator_statistic(i, m, g)
        for i, m, g in zip(out["indicator"], out["measure"], out["group"], strict=True)
    ]
    return out


def comparator_rows(
    metrics: pd.DataFrame,
    org_code: str,
    org_name: str,
    region: str,
    trust_type: str,
    counts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One organisation's metrics frame as comparator rows (its published-figure shape).

    Keeps the measures and groups NHS England publishes, each with the statistic the row
    stands for, and leaves out figures that cannot be computed (empty values). ``counts`` (the
    counts contract), when given, supplies the percentages' numerators and denominators.
    """
    if region not in REGIONS:
        raise ValueError(f"region {region!r} is not one of {', '.join(REGIONS)}")
    if trust_type not in TRUST_TYPES:
        raise ValueError(f"trust type {trust_type!r} is not one of {', '.join(TRUST_TYPES)}")
    wanted = [
        (i, m, g, comparator_statistic(i, m, g))
        for i, measures in COMPARATOR_MEASURES.items()
        for m in measures
        for g in allowed_groups(i, m)
    ]
    keys = pd.DataFrame(wanted, columns=["indicator", "measure", "group", "statistic"])
    frame = metrics.astype({"indicator": "int64"}).merge(keys, how="inner")
    frame = frame[pd.to_numeric(frame["value"], errors="coerce").notna()].copy()
    frame["numerator"] = pd.NA
    frame["denominator"] = pd.NA
    if counts is not None:
        on = ["year", "indicator", "measure", "group"]
        sized = counts[[*on, "numerator", "denominator"]].astype({"indicator": "int64"})
        frame = frame.drop(columns=["numerator", "denominator"]).merge(sized, on=on, how="left")
        not_percent = frame["statistic"] != "percent"
        frame.loc[not_percent, ["numerator", "denominator"]] = pd.NA
    frame = frame.assign(org_code=org_code, org_name=org_name, region=region)
    frame["trust_type"] = trust_type  # in the metrics' order (year, indicator, measure, group)
    return typed_comparators(frame.reset_index(drop=True))


def write_comparators(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write comparator rows in the contract's columns and order (atomically, formula-safe)."""
    return write_csv(typed_comparators(frame)[list(COMPARATOR_COLUMNS)], path)
