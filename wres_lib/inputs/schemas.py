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
from wres_lib.inputs.headers import STANDARD_HEADERS, match_headers, nearest_header
from wres_lib.inputs.labels import MONTHS, label_codes, per_label
from wres_lib.inputs.params import Params, key_origin
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

# Fields a delivered file may carry beyond the templates' columns: a provider's breakdown type
# (Ethnicity, Gender, Age, ...), whose other breakdowns are set aside
# (wres_lib.inputs.survey_checks.rows_used).
DELIVERED_COLUMNS: dict[str, tuple[str, ...]] = {"staff_survey": ("breakdown",)}

# Fields no indicator uses: a file may leave them out (they are blank then).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "staff_record": ("sex", "disability", "directorate", "start_date", "leaving_date"),
    "board": ("role",),
    "staff_survey": DELIVERED_COLUMNS["staff_survey"],
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

# Dates as extracts write them: ISO (2024-03-31) or day first as ESR and Excel do in England
# (31/03/2024, 31-03-2024, 31.03.2024, 31 Mar 2024, 31-MAR-2024); a time after the date (as
# Excel and databases export datetimes) is ignored. A two-digit year is refused (which century
# is a guess), and so is month-first (03/31/2024 has no 31st month: the error names the row).
_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})" + _TIME + "$")
DAY_FIRST_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})" + _TIME + "$")
NAMED_MONTH_DATE = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})" + _TIME + "$")
WHOLE_NUMBER = r"-?\d+"
MISSING_COLUMN = "column_in_dataframe"
DUPLICATE = "field_uniqueness"


# --- pandera building blocks -------------------------------------------------------------------


def not_blank() -> pa.Check:
    return pa.Check(lambda s: s != "", error="a value (the cell is blank)")


# The dates an extract can mean: a year outside these is a typing slip (and pandas cannot hold
# one before 1677 or after 2262 at all).
EARLIEST_DATE, LATEST_DATE = dt.date(1900, 1, 1), dt.date(2099, 12, 31)


def written_date() -> pa.Check:
    """A date in a form that means one day only (see :data:`DAY_FIRST_DATE`)."""
    return pa.Check(
        lambda s: per_label(s, _blank_or_date, "bool"),
        error=(
            "a date written YYYY-MM-DD (2024-03-31) or day first with a four-digit year "
            f"(31/03/2024), from {EARLIEST_DATE.year} to {LATEST_DATE.year}"
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
    """The date a text means (from :data:`EARLIEST_DATE` to :data:`LATEST_DATE`), or None;
    cached, since a few thousand dates recur in every extract and year (checked, then parsed)."""
    if match := ISO_DATE.match(value):
        year, month, day = match.group(1), match.group(2), match.group(3)
    elif match := DAY_FIRST_DATE.match(value):
        day, month, year = match.group(1), match.group(3), match.group(4)
    elif match := NAMED_MONTH_DATE.match(value):
        day, year = match.group(1), match.group(3)
        month = MONTHS.get(match.group(2).lower())
        if month is None:
            return None
    else:
        return None
    try:
        date = dt.date(int(year), int(month), int(day))
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
    path: Path,
    sheet: str | None,
    source: str,
    params: Params | None = None,
    allow_empty: bool = False,
) -> tuple[pd.DataFrame, str]:
    """Read an extract, find our fields among its headers (:mod:`wres_lib.inputs.headers`)
    and trim every cell. Headers that are none of our fields are dropped and listed in the
    frame's ``attrs["ignored_columns"]``; an optional field the file lacks is blank.

    ``allow_empty``: a header with no data rows is valid (zero cases is data); otherwise the
    file must have at least one data row.
    """
    file = str(path)
    frame = read_table(path, sheet)
    wanted = COLUMNS[source] + DELIVERED_COLUMNS.get(source, ())
    mapping = _column_mapping(params, source)
    headers = [str(name) for name in frame.columns]
    match = match_headers(headers, source, wanted, mapping)
    if not match.rename:
        found = ", ".join(repr(h[:40]) for h in headers[:8])
        raise InputError.single(
            file,
            1,
            None,
            found,
            f"the column names in row 1 ({', '.join(wanted)}, or ESR's headers); no title rows "
            "above them",
        )
    if frame.empty and not allow_empty:
        raise InputError.single(file, None, None, None, "a header row and at least one data row")
    problems = [
        Problem(
            file,
            1,
            twins[0],
            None,
            f"one column for {name}: {' and '.join(repr(t) for t in twins)} both match "
            f"(name the one to use in the params, sources.{source}.columns.{name})",
        )
        for name, twins in match.twins.items()
    ]
    required = [name for name in match.missing if name not in OPTIONAL_COLUMNS.get(source, ())]
    problems += [_missing_column(file, source, name, headers, params, mapping) for name in required]
    if problems:
        raise InputError(problems)
    columns = {field: _as_text(frame[h]).str.strip() for h, field in match.rename.items()}
    blank = pd.Series("", index=frame.index, dtype="str")
    trimmed = pd.DataFrame({name: columns.get(name, blank) for name in wanted}, index=frame.index)
    trimmed.attrs = dict(frame.attrs)
    trimmed.attrs["ignored_columns"] = list(match.unused)
    return trimmed, file


def _column_mapping(params: Params | None, source: str) -> dict[str, str]:
    """The params' ``sources.<source>.columns``, every key one of our field names."""
    configured = params.source_path(source) if params is not None else None
    if configured is None or not configured.columns:
        return {}
    wanted = COLUMNS[source] + DELIVERED_COLUMNS.get(source, ())
    problems = [
        Problem(
            *_params_place(params, ("sources", source, "columns", name)),
            f"sources.{source}.columns.{name}",
            name,
            f"one of this extract's fields: {', '.join(wanted)}",
        )
        for name in configured.columns
        if name not in wanted
    ]
    if problems:
        raise InputError(problems)
    return dict(configured.columns)


def _params_place(params: Params | None, key: tuple[str, ...]) -> tuple[str, int | None]:
    """The params file (the year's or its defaults) and line where ``key`` is written."""
    if params is None or not params.source_file:
        return "params", None
    return key_origin(Path(params.source_file), key)


def _missing_column(
    file: str,
    source: str,
    name: str,
    headers: Sequence[str],
    params: Params | None,
    mapping: dict[str, str],
) -> Problem:
    """A field no header matched: the headers the file has, the nearest, and how to map it."""
    shown = ", ".join(repr(h) for h in headers[:25]) + (" ..." if len(headers) > 25 else "")
    if name in mapping:
        params_file, line = _params_place(params, ("sources", source, "columns", name))
        return Problem(
            params_file,
            line,
            f"sources.{source}.columns.{name}",
            mapping[name],
            f"a header in {file} (its headers: {shown})",
        )
    others = STANDARD_HEADERS.get(source, {}).get(name, ())
    also = f" or {', '.join(repr(o) for o in others)}" if others else ""
    nearest = nearest_header(name, source, headers)
    hint = f"; nearest: {nearest!r}" if nearest else ""
    return Problem(
        file,
        1,
        name,
        None,
        f"a column named {name!r}{also} (case and spaces are ignored), or its header given in "
        f"the params (sources.{source}.columns.{name}: <header>); the file's headers: "
        f"{shown}{hint}",
    )


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


def unread_dates(
    raw: pd.DataFrame, parsed: pd.DataFrame, columns: Sequence[str]
) -> dict[str, list[int]]:
    """The rows (spreadsheet numbers) of each column whose text is not blank and not a date."""
    unread = {}
    for column in columns:
        rows = raw.index[(raw[column] != "") & parsed[column].isna()]
        if len(rows):
            unread[column] = [int(r) for r in rows]
    return unread


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
    return with_columns(frame, groups)


def with_columns(frame: pd.DataFrame, columns: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``columns`` beside it, keeping what the reading noted in its attrs."""
    out = pd.concat([frame, columns], axis=1)
    out.attrs = dict(frame.attrs)
    return out


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
