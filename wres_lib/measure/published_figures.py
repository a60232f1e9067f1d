"""Figures an earlier, hand-made WRES report printed, typed from its PDF for the disclosure audit.

What was published once stays public, so a trust's reports from before it used the suite must
be in the audit too. Someone types their tables into a "published figures" CSV (or one sheet
of an .xlsx), one row for each group a table prints a figure for::

    year,indicator,measure,group,numerator,denominator,percent,ratio
    2021-22,2,all,White,596,3842,15.5,
    2021-22,2,all,White/BME,,,,1.79
    2021-22,3,all,BME,R,1409,R,

* ``year``: the reporting year the figure is about (``2021-22``), as in the counts CSV.
* ``indicator`` 1 to 9 and ``measure``: the counts contract's names for that indicator
  (docs/architecture.md, Counts), checked by the counts CSV's own checks
  (:func:`wres_lib.measure.count_checks.check_text`): band rows such as ``non-clinical|Band 5``
  or ``grouped|...``, ``overall``, ``bank``, ``all``, ``two-year``, ``managers``, ``voting``...
* ``group``: a counts group (White, BME, Unknown for indicator 1 only, Asian, Black, Mixed,
  Other; a survey's spellings such as BAME are taken as BME) on a count row; on a ratio row
  (indicators 2 to 4 only) a ratio name of the metrics contract: ``White/BME``, ``White/Asian``
  ... for 2 and 4, ``BME/White``, ``Asian/White`` ... for 3.
* ``numerator``, ``denominator``: as printed: a whole number 0 or more (``4,015`` allowed),
  ``R`` where the report printed a hidden figure, blank where it printed none.
* ``percent``: as printed, 0 to 100 (a ``%`` sign allowed), ``R``, or blank. When the
  numerator and denominator are printed too it must agree with them to the decimals typed
  (a typo check). ``ratio``: a positive number, ``R``, or blank.
* A ratio row has only a ratio; a count row has no ratio; every row prints something; each
  (year, indicator, measure, group) appears once. Headers are matched ignoring case and
  surrounding spaces; a missing or unknown column is refused.

The decimals typed are the precision the report printed, which the audit uses, so the texts
are kept (without ``%``, thousands separators or spaces) beside the whole numbers. In a
workbook, type figures as text (or format the cells as text): Excel drops the trailing zero of
``10.0`` and stores ``25.6%`` as 0.256. Problems are reported together, naming file, spreadsheet
row, column and value (:class:`~wres_lib.errors.InputError`, exit status 2).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.ethnicity import survey_group
from wres_lib.inputs.params import year_start
from wres_lib.inputs.tabular import EXCEL_SUFFIXES, read_table
from wres_lib.measure.count_checks import GROUPS, check_text, row_numbers
from wres_lib.measure.metrics import RATIO_PAIRS

COLUMNS = ("year", "indicator", "measure", "group", "numerator", "denominator", "percent", "ratio")
KEY = ["year", "indicator", "measure", "group"]
VALUES = ("numerator", "denominator", "percent", "ratio")
HIDDEN = "R"
RATIO_NAMES = {i: tuple(f"{a}/{b}" for a, b in pairs) for i, pairs in RATIO_PAIRS.items()}
WHOLE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)$")
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
COUNT_EXPECTED = (
    "a whole number 0 or more as printed (4,015 allowed), R where the report hid it, "
    "or blank where it printed none"
)
EXPECTED = {
    "percent": "a percentage from 0 to 100 as printed (25.6 or 25.6%), R, or blank",
    "ratio": "a positive number as printed (1.79), R, or blank",
}
GROUP_EXPECTED = (
    f"one of {', '.join(GROUPS)} (or a spelling such as BAME), or on a ratio row of "
    "indicators 2 to 4 a ratio name such as White/BME"
)


def read_published_figures(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read and check a published figures file; every problem is reported at once.

    Returns columns year, indicator (int64), measure, group (canonical), numerator and
    denominator (Int64, <NA> where hidden or not printed) and numerator_text, denominator_text,
    percent_text, ratio_text ("" not printed, "R" hidden, else the number as typed, normalised),
    indexed by spreadsheet row. ``sheet``: for a workbook with more than one sheet.
    """
    path = Path(path)
    file = str(path)
    raw = read_table(path, _sheet(path, sheet))
    text = _columns(raw, file)
    if text.empty:
        raise InputError.single(file, None, None, None, "a header row and at least one data row")
    rows = row_numbers(raw)
    groups = text["group"].map(_canonical).astype("str")
    is_ratio = text["group"].str.contains("/", regex=False)
    # The counts CSV's own checks of year, indicator, measure and Unknown; its org and numbers
    # are stand-ins (this file's numbers are checked below), and a ratio row stands in as White.
    stand_in = text[["year", "indicator", "measure"]].assign(
        org="published",
        group=groups.where(~is_ratio & (groups != ""), "White"),
        numerator="0",
        denominator="0",
    )
    typed, problems = check_text(stand_in, file)
    indicators = typed["indicator"]
    problems += _group_problems(text["group"], groups, indicators, file, rows)
    out = {c: [] for c in ("numerator", "denominator", *(f"{c}_text" for c in VALUES))}
    for position, row in enumerate(text[list(VALUES)].itertuples(index=False)):
        found = _values(row, bool(is_ratio.iloc[position]), file, rows[position], problems)
        for column, value in zip(out, found, strict=True):
            out[column].append(value)
    frame = pd.DataFrame(
        {
            "year": text["year"],
            "indicator": indicators,
            "measure": text["measure"],
            "group": groups,
            "numerator": pd.array(out["numerator"], dtype="Int64"),
            "denominator": pd.array(out["denominator"], dtype="Int64"),
            **{c: pd.Series(out[c], index=text.index, dtype="str") for c in out if "_" in c},
        },
        index=text.index,
    )
    problems += _repeats(frame, text["group"], file, rows)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    frame.attrs["source_file"] = file
    return frame


def report_year(frame: pd.DataFrame) -> str:
    """The latest year in the figures: the report they were printed in."""
    if frame.empty:
        raise ValueError("no published figures, so no report year")
    return max(frame["year"].unique(), key=year_start)


def _sheet(path: Path, sheet: str | None) -> str | None:
    """A workbook typed by hand usually has one sheet: it need not be named."""
    if sheet is not None or path.suffix.lower() not in EXCEL_SUFFIXES or not path.is_file():
        return sheet
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # damaged: read_table says so
        return ""
    names = book.sheetnames
    book.close()
    if len(names) != 1:
        raise InputError.single(
            path, None, None, None, f"one sheet, or a sheet named: one of {', '.join(names)}"
        )
    return names[0]


def _columns(raw: pd.DataFrame, file: str) -> pd.DataFrame:
    """The eight columns as stripped text under their canonical names; header problems raised."""
    lookup = {str(c).strip().lower(): c for c in raw.columns}
    found = ", ".join(str(c) for c in raw.columns)
    problems = [
        Problem(file, 1, c, None, f"a column named '{c}' (found: {found})")
        for c in COLUMNS
        if c not in lookup
    ] + [
        Problem(file, 1, str(c), str(c), f"only the columns {', '.join(COLUMNS)} (found: {found})")
        for name, c in lookup.items()
        if name not in COLUMNS
    ]
    if problems:
        raise InputError(problems)
    return pd.DataFrame(
        {c: raw[lookup[c]].astype("str").str.strip() for c in COLUMNS}, index=raw.index
    )


def _group(label: str) -> str | None:
    return label if label in GROUPS else survey_group(label)


def _canonical(label: str) -> str:
    """A group or ratio name as the contracts spell it (BAME -> BME), or "" if unknown."""
    parts = [_group(part.strip()) for part in label.split("/")]
    return "" if None in parts or len(parts) > 2 else "/".join(str(part) for part in parts)


def _group_problems(
    labels: pd.Series, groups: pd.Series, indicators: pd.Series, file: str, rows: list
) -> list[Problem]:
    """Unknown groups; ratio names on indicators without a ratio or the wrong way up."""
    problems = []
    for position, (label, name) in enumerate(zip(labels, groups, strict=True)):
        indicator = int(indicators.iloc[position])
        if not name:
            expected = GROUP_EXPECTED
        elif "/" not in name or not indicator:
            continue
        elif indicator not in RATIO_NAMES:
            expected = f"a group ({', '.join(GROUPS)}): indicator {indicator} prints no ratio"
        elif name not in RATIO_NAMES[indicator]:
            expected = f"for indicator {indicator}: one of {', '.join(RATIO_NAMES[indicator])}"
        else:
            continue
        problems.append(Problem(file, rows[position], "group", label, expected))
    return problems


def _values(
    row: tuple[str, ...], is_ratio: bool, file: str, at: int | None, problems: list[Problem]
) -> tuple[int | None, int | None, str, str, str, str]:
    """One row's printed figures: numbers and normalised texts; their problems added."""
    cells = dict(zip(VALUES, row, strict=True))
    read = {column: _cell(column, typed) for column, typed in cells.items()}
    for column, (text, _, expected) in read.items():
        if not expected and text and (column == "ratio") != is_ratio:
            expected = (
                "blank on a ratio row (a ratio row prints only its ratio)"
                if is_ratio
                else "blank on a count row (a ratio has its own row, group as White/BME)"
            )
        if expected:
            problems.append(Problem(file, at, column, cells[column], expected))
    if not any(text for text, _, _ in read.values()):
        expected = "a figure (number or R) in numerator, denominator, percent or ratio"
        problems.append(Problem(file, at, None, None, f"{expected}: a row the report printed"))
    numerator, denominator, percent = (read[c][1] for c in ("numerator", "denominator", "percent"))
    if numerator is not None and denominator is not None and numerator > denominator:
        expected = f"a numerator no larger than the denominator ({denominator})"
        problems.append(Problem(file, at, "numerator", cells["numerator"], expected))
    elif numerator is not None and denominator and percent is not None:
        decimals = len(read["percent"][0].partition(".")[2])
        exact = 100 * numerator / denominator
        if abs(percent - exact) > 0.5 * 10**-decimals + 1e-9:
            expected = (
                f"{exact:.{decimals}f}, which {numerator} out of {denominator} is to the "
                f"{decimals} decimal place(s) typed (a typing error here or in the counts?)"
            )
            problems.append(Problem(file, at, "percent", cells["percent"], expected))
    return (
        None if numerator is None else int(numerator),
        None if denominator is None else int(denominator),
        *(read[c][0] for c in VALUES),
    )


def _cell(column: str, typed: str) -> tuple[str, float | None, str]:
    """A printed figure: its normalised text, its number (None if blank, R or bad) and what
    was expected instead ("" when it is good)."""
    text = re.sub(r"\s+", "", typed)
    text = text.removesuffix("%") if column == "percent" else text
    if text.upper() in ("", HIDDEN):
        return text.upper(), None, ""
    if column in ("numerator", "denominator"):
        if WHOLE.match(text):
            return text.replace(",", ""), int(text.replace(",", "")), ""
        why = "not negative: " if text.startswith("-") else "no decimals: " if "." in text else ""
        return text, None, why + COUNT_EXPECTED
    number = float(text) if DECIMAL.match(text) else None
    good = number is not None and (0 <= number <= 100 if column == "percent" else number > 0)
    return text, number if good else None, "" if good else EXPECTED[column]


def _repeats(frame: pd.DataFrame, labels: pd.Series, file: str, rows: list) -> list[Problem]:
    """Each figure once: a second row for the same key is refused, naming the first."""
    first: dict[tuple, int | None] = {}
    problems = []
    for position, key in enumerate(frame[KEY].itertuples(index=False, name=None)):
        earlier = first.setdefault(key, rows[position])
        if key[1] and key[3] and earlier != rows[position]:  # else a problem of its own
            year, indicator, measure, group = key
            expected = f"one row for {year} indicator {indicator} '{measure}' {group}"
            problems.append(
                Problem(
                    file,
                    rows[position],
                    "group",
                    labels.iloc[position],
                    f"{expected}: row {earlier} has it already",
                )
            )
    return problems
