"""Column schemas and typed-column helpers shared by the extract loaders.

The canonical columns of each extract, the pandera checks that turn a bad cell into a
:class:`~wres_lib.errors.Problem` naming the file, row, column, value and what was expected,
and the conversions from checked text to dates, counts and yes/no flags.
"""

from __future__ import annotations

import datetime as dt
import functools
import numbers
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from wres_lib.errors import InputError, Problem
from wres_lib.inputs import ethnicity
from wres_lib.inputs.labels import label_codes, per_label
from wres_lib.inputs.tabular import read_table

COLUMNS: dict[str, tuple[str, ...]] = {
    "staff_record": (
        "staff_id",
        "assignment_category",
        "ethnic_origin",
        "pay_band",
        "staff_group",
        "sex",
        "disability",
        "directorate",
        "start_date",
        "leaving_date",
    ),
    "recruitment": (
        "applicant_id",
        "vacancy_id",
        "pay_band",
        "ethnic_origin",
        "internal_external",
        "shortlisted_date",
        "appointed",
        "offer_declined",
    ),
    "disciplinary": ("case_id", "staff_id", "date_opened", "ethnic_origin", "assignment_category"),
    "training": ("staff_id", "course", "date"),
    "staff_survey": ("survey_year", "staff_type", "question", "group", "yes", "respondents"),
    "board": ("member_id", "role", "voting", "executive", "ethnic_origin"),
}

# Fixed choices: normalised spelling -> canonical value.
ASSIGNMENT_CATEGORIES = {
    "permanent": "Permanent",
    "fixed term temp": "Fixed Term Temp",
    "fixed term temporary": "Fixed Term Temp",
    "fixed term": "Fixed Term Temp",
    "bank": "Bank",
}
SUBSTANTIVE_CATEGORIES = ("Permanent", "Fixed Term Temp")
STAFF_TYPES = {"substantive": "Substantive", "bank": "Bank"}
INTERNAL_EXTERNAL = {"internal": "Internal", "external": "External"}
# TRUE/FALSE: an Excel boolean cell, or a CSV Excel wrote from one.
YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}

# ISO dates; a time after the date (as Excel and databases export datetimes) is ignored.
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
WHOLE_NUMBER = r"-?\d+"
MISSING_COLUMN = "column_in_dataframe"
DUPLICATE = "field_uniqueness"


# --- pandera building blocks -------------------------------------------------------------------


def not_blank() -> pa.Check:
    return pa.Check(lambda s: s != "", error="a value (the cell is blank)")


# The dates an extract can mean: a year outside these is a typing slip (and pandas cannot hold
# one before 1677 or after 2262 at all).
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2099, 12, 31)


def iso_date() -> pa.Check:
    """ISO dates only: ``03/04/2021`` means different days in different countries."""
    return pa.Check(
        lambda s: per_label(s, _blank_or_date, "bool"),
        error=(
            f"a date written YYYY-MM-DD (ISO), e.g. 2022-03-31, from {EARLIEST_DATE.year} "
            f"to {LATEST_DATE.year}"
        ),
    )


def whole_number() -> pa.Check:
    return pa.Check(
        lambda s: s.str.fullmatch(WHOLE_NUMBER) | (s == ""),
        error="a whole number, digits only (e.g. 42)",
    )


def not_negative() -> pa.Check:
    return pa.Check(lambda s: ~s.str.fullmatch(r"-\d+"), error="a count of 0 or more")


def choice(choices: dict[str, object], shown: str) -> pa.Check:
    return pa.Check(
        lambda s: per_label(s, lambda v: v == "" or ethnicity.normalise(v) in choices, "bool"),
        error=f"one of {shown} (case and spaces are ignored)",
    )


def text_column(*checks: pa.Check) -> pa.Column:
    return pa.Column(checks=list(checks), nullable=True, required=True)


def _within(first: dt.date, last: dt.date, what: str) -> pa.Check:
    low, high = pd.Timestamp(first), pd.Timestamp(last)
    return pa.Check(
        lambda s: s.isna() | ((s >= low) & (s <= high)),
        error=f"a date from {first} to {last} ({what})",
    )


def date_within(first: dt.date, last: dt.date, what: str) -> pa.Column:
    """A date column whose filled-in values must fall from ``first`` to ``last``."""
    return pa.Column(checks=_within(first, last, what), nullable=True)


@functools.lru_cache(maxsize=1 << 16)
def _blank_or_date(value: str) -> bool:
    """Whether a cell is blank or an ISO date (cached, as :func:`_parse_date` is: a cell
    checked again is a look-up in C)."""
    return value == "" or _parse_date(value) is not None


@functools.lru_cache(maxsize=1 << 16)
def _parse_date(value: str) -> dt.date | None:
    """The date an ISO text means (from :data:`EARLIEST_DATE` to :data:`LATEST_DATE`), or None;
    cached, since a few thousand dates recur in every extract and year (checked, then parsed)."""
    match = ISO_DATE.match(value)
    if not match:
        return None
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None
    return date if EARLIEST_DATE <= date <= LATEST_DATE else None


def _row(value: object) -> int | None:
    return int(value) if isinstance(value, numbers.Integral) else None


def _plainly_valid(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> bool:
    """Whether ``frame`` passes ``schema`` with nothing to report, found without pandera's
    container machinery (most of a small file's validation time): every column present and
    unique where the schema says, and every check passed as pandera's own ``Check`` judges it
    (with the same arguments validation gives it). Anything else, an exception included,
    answers False and the full validation runs, so it alone decides what is reported."""
    if schema.strict or schema.ordered or schema.unique or schema.coerce or schema.parsers:
        return False
    if schema.index is not None or schema.dtype is not None or schema.unique_column_names:
        return False
    if schema.add_missing_columns or schema.drop_invalid_rows:
        return False
    try:
        for name, column in schema.columns.items():
            if column.regex or column.coerce or column.dtype is not None or not column.nullable:
                return False
            if column.parsers or column.drop_invalid_rows or column.default is not None:
                return False
            if name not in frame.columns or (column.unique and frame[name].duplicated().any()):
                return False
            if not all(bool(check(frame, name).check_passed) for check in column.checks):
                return False
        return all(bool(check(frame).check_passed) for check in schema.checks)
    except Exception:  # a check that cannot run on this frame: validation reports it
        return False


def schema_problems(
    schema: pa.DataFrameSchema,
    frame: pd.DataFrame,
    raw: pd.DataFrame,
    file: str,
    wide: dict[str, str] | None = None,
) -> list[Problem]:
    """Run a schema lazily and turn every failure case into a Problem.

    ``wide`` maps the error text of each whole-frame check to the column its problem is
    reported in (pandera lists a failing row once per column for those). Values are shown as
    the file has them (``raw``), not as parsed.
    """
    wide = wide or {}
    if _plainly_valid(schema, frame):
        return []
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    problems: list[Problem] = []
    for case in cases.itertuples(index=False):
        check, column = str(case.check), case.column
        if check == MISSING_COLUMN:
            name = str(case.failure_case)
            problems.append(
                Problem(file, None, name, None, f"a column named {name!r} (case is ignored)")
            )
            continue
        if check in wide and column != wide[check]:
            continue
        row = _row(case.index)
        if row is not None and row in raw.index and column in raw.columns:
            value: object = raw.at[row, column]
        else:
            value = case.failure_case
        expected = check
        if check == DUPLICATE and value == "":
            continue  # a blank id is reported once, as blank
        if check == DUPLICATE:
            rows = [_row(r) for r in frame.index[frame[column] == frame.at[row, column]]]
            expected = f"a {column} used on one row only; {value!r} is on rows " + ", ".join(
                str(r) for r in rows
            )
        problems.append(Problem(file, row, column, value, expected))
    return problems


def duplicate_problems(
    frame: pd.DataFrame, keys: Sequence[str], column: str, file: str
) -> list[Problem]:
    """Rows that repeat the same combination of ``keys`` (each row named, with its twins)."""
    twins = frame.duplicated(list(keys), keep=False)
    if not twins.any():
        return []
    dup = frame[twins]
    problems = []
    for _, group in dup.groupby(list(keys), sort=False):
        rows = [_row(r) for r in group.index]
        for row in rows:
            problems.append(
                Problem(
                    file,
                    row,
                    column,
                    frame.at[row, column],
                    f"one row per {', '.join(keys)}; the same combination is on rows "
                    + ", ".join(str(r) for r in rows),
                )
            )
    return problems


# --- reading -----------------------------------------------------------------------------------


def read_extract(
    path: Path, sheet: str | None, source: str, allow_empty: bool = False
) -> tuple[pd.DataFrame, str]:
    """Read an extract, match its headers to the canonical names and trim every cell.

    ``allow_empty``: a header with no data rows is valid (zero cases is data); otherwise the
    file must have at least one data row.
    """
    file = str(path)
    frame = read_table(path, sheet)
    wanted = COLUMNS[source]
    keys = [str(name).strip().lower() for name in frame.columns]
    if not set(keys) & set(wanted):
        found = ", ".join(repr(str(name)[:40]) for name in list(frame.columns)[:4])
        raise InputError.single(
            file,
            1,
            None,
            found,
            f"the column names in row 1 ({', '.join(wanted)}); no title rows above them",
        )
    if frame.empty and not allow_empty:
        raise InputError.single(file, None, None, None, "a header row and at least one data row")
    rename: dict[str, str] = {}
    for name, key in zip(frame.columns, keys, strict=True):
        if key in wanted and key != name:
            if key in frame.columns or key in rename.values():
                raise InputError.single(file, 1, name, name, f"one column named {key!r}")
            rename[name] = key
    trimmed = pd.DataFrame(
        {rename.get(c, c): _as_text(frame[c]).str.strip() for c in frame.columns},
        index=frame.index,
    )
    trimmed.attrs = frame.attrs
    return trimmed, file


def _as_text(series: pd.Series) -> pd.Series:
    """The column as pandas' ``str`` text (read_table's columns already are: no copy)."""
    return series if series.dtype == "str" else series.astype("str")


def check_text(frame: pd.DataFrame, columns: dict[str, pa.Column], file: str) -> list[Problem]:
    """First pass: columns present and text well formed. Missing columns stop here."""
    problems = schema_problems(pa.DataFrameSchema(columns), frame, frame, file)
    missing = [p for p in problems if p.row is None and p.value is None]
    if missing:
        raise InputError(missing)
    return problems


def parse_dates(series: pd.Series) -> pd.Series:
    """Each distinct text parsed once; blank and unreadable text are NaT (checked elsewhere)."""
    codes, distinct = label_codes(series)
    parsed = [_parse_date(v) if isinstance(v, str) and v else None for v in distinct]
    stamps = pd.to_datetime(pd.Series(parsed, dtype=object), errors="coerce")
    values = stamps.astype("datetime64[ns]").to_numpy()[codes]
    return pd.Series(values, index=series.index, name=series.name)


def whole_numbers(series: pd.Series) -> pd.Series:
    numbers_only = series.where(series.str.fullmatch(r"\d+"), None)
    return pd.to_numeric(numbers_only, errors="coerce").astype("Int64")


def canonical(series: pd.Series, choices: dict[str, object]) -> pd.Series:
    return per_label(series, lambda v: choices.get(ethnicity.normalise(v)))


def finish_frame(problems: list[Problem], frame: pd.DataFrame) -> pd.DataFrame:
    """Raise every problem found, sorted by row; otherwise return the frame."""
    if problems:
        order = {name: i for i, name in enumerate(frame.columns)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))
        raise InputError(problems)
    return frame


def with_ethnicity(frame: pd.DataFrame, file: str, problems: list[Problem]) -> pd.DataFrame:
    groups, found = ethnicity.ethnicity_problems(frame["ethnic_origin"], file, "ethnic_origin")
    problems.extend(found)
    return pd.concat([frame, groups], axis=1)


def yes_no_flags(series: pd.Series) -> pd.Series:
    return canonical(series, YES_NO).astype("boolean")


def typed(frame: pd.DataFrame, bools: Sequence[str] = (), ints: Sequence[str] = ()) -> pd.DataFrame:
    """Plain ``bool`` and ``int64`` once validation has passed (no missing values remain)."""
    out = frame.copy()
    for column in bools:
        out[column] = out[column].astype(bool)
    for column in ints:
        out[column] = out[column].astype("int64")
    return out
