"""Loaders for the six extracts: read, validate with pandera, add the derived columns.

Every loader reads through :func:`wres_lib.tabular.read_table` (CSV or an Excel sheet, all text,
indexed by spreadsheet row) and checks in two passes, each a pandera schema run lazily so that
all of a file's problems are reported together:

1. the text as typed: required columns, blanks, ISO dates, whole numbers, Yes/No and other
   fixed choices;
2. the parsed values: dates inside the reporting period, duplicates, ``yes`` not above
   ``respondents``, survey year and question ids matching the params.

Ethnic origin, pay band and staff group labels are checked against the package maps
(:mod:`wres_lib.ethnicity`, :mod:`wres_lib.bands`). Whatever fails becomes a
:class:`~wres_lib.errors.Problem` naming the file, row, column, value and what was expected,
and the loader raises one :class:`~wres_lib.errors.InputError` carrying them all.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from wres_lib import bands, ethnicity
from wres_lib.errors import InputError, Problem
from wres_lib.params import SOURCE_NAMES, Params, read_yaml, year_period
from wres_lib.tabular import read_table

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
YES_NO = {"yes": True, "y": True, "no": False, "n": False}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE_NUMBER = r"-?\d+"
MISSING_COLUMN = "column_in_dataframe"
DUPLICATE = "field_uniqueness"


# --- pandera building blocks -------------------------------------------------------------------


def _not_blank() -> pa.Check:
    return pa.Check(lambda s: s != "", error="a value (the cell is blank)")


def _iso_date() -> pa.Check:
    """ISO dates only: ``03/04/2021`` means different days in different countries."""
    return pa.Check(
        lambda s: s.map(lambda v: v == "" or _parse_date(v) is not None),
        error="a date written YYYY-MM-DD (ISO), e.g. 2022-03-31",
    )


def _whole_number() -> pa.Check:
    return pa.Check(
        lambda s: s.str.fullmatch(WHOLE_NUMBER) | (s == ""),
        error="a whole number, digits only (e.g. 42)",
    )


def _not_negative() -> pa.Check:
    return pa.Check(lambda s: ~s.str.fullmatch(r"-\d+"), error="a count of 0 or more")


def _choice(choices: dict[str, object], shown: str) -> pa.Check:
    return pa.Check(
        lambda s: s.map(lambda v: v == "" or ethnicity.normalise(v) in choices),
        error=f"one of {shown} (case and spaces are ignored)",
    )


def _text_column(*checks: pa.Check) -> pa.Column:
    return pa.Column(checks=list(checks), nullable=True, required=True)


def _within(first: dt.date, last: dt.date, what: str) -> pa.Check:
    low, high = pd.Timestamp(first), pd.Timestamp(last)
    return pa.Check(
        lambda s: s.isna() | ((s >= low) & (s <= high)),
        error=f"a date from {first} to {last} ({what})",
    )


def _date_within(first: dt.date, last: dt.date, what: str) -> pa.Column:
    """A date column whose filled-in values must fall from ``first`` to ``last``."""
    return pa.Column(checks=_within(first, last, what), nullable=True)


def _parse_date(value: str) -> dt.date | None:
    if not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _row(value: object) -> int | None:
    return int(value) if isinstance(value, numbers.Integral) else None


def _schema_problems(
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


def _duplicate_problems(
    frame: pd.DataFrame, keys: Sequence[str], column: str, file: str
) -> list[Problem]:
    """Rows that repeat the same combination of ``keys`` (each row named, with its twins)."""
    dup = frame[frame.duplicated(list(keys), keep=False)]
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


def _read(path: Path, sheet: str | None, source: str) -> tuple[pd.DataFrame, str]:
    """Read an extract, match its headers to the canonical names and trim every cell."""
    file = str(path)
    frame = read_table(path, sheet)
    wanted = set(COLUMNS[source])
    rename: dict[str, str] = {}
    for name in frame.columns:
        key = str(name).strip().lower()
        if key in wanted and key != name:
            if key in frame.columns or key in rename.values():
                raise InputError.single(file, 1, name, name, f"one column named {key!r}")
            rename[name] = key
    frame = frame.rename(columns=rename)
    for column in frame.columns:
        frame[column] = frame[column].astype("str").str.strip()
    return frame, file


def _check_text(frame: pd.DataFrame, columns: dict[str, pa.Column], file: str) -> list[Problem]:
    """First pass: columns present and text well formed. Missing columns stop here."""
    problems = _schema_problems(pa.DataFrameSchema(columns), frame, frame, file)
    missing = [p for p in problems if p.row is None and p.value is None]
    if missing:
        raise InputError(missing)
    return problems


def _dates(series: pd.Series) -> pd.Series:
    parsed = series.map(lambda v: _parse_date(v) if v else None)
    values = parsed.astype(object).where(parsed.notna(), None)
    return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")


def _counts(series: pd.Series) -> pd.Series:
    numbers_only = series.where(series.str.fullmatch(r"\d+"), None)
    return pd.to_numeric(numbers_only, errors="coerce").astype("Int64")


def _canonical(series: pd.Series, choices: dict[str, object]) -> pd.Series:
    return series.map(lambda v: choices.get(ethnicity.normalise(v)))


def _finish(problems: list[Problem], frame: pd.DataFrame) -> pd.DataFrame:
    """Raise every problem found, sorted by row; otherwise return the frame."""
    if problems:
        order = {name: i for i, name in enumerate(frame.columns)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))
        raise InputError(problems)
    return frame


def _with_ethnicity(frame: pd.DataFrame, file: str, problems: list[Problem]) -> pd.DataFrame:
    groups, found = ethnicity.ethnicity_problems(frame["ethnic_origin"], file, "ethnic_origin")
    problems.extend(found)
    return pd.concat([frame, groups], axis=1)


def _yes_no(series: pd.Series) -> pd.Series:
    return _canonical(series, YES_NO).astype("boolean")


def _typed(
    frame: pd.DataFrame, bools: Sequence[str] = (), ints: Sequence[str] = ()
) -> pd.DataFrame:
    """Plain ``bool`` and ``int64`` once validation has passed (no missing values remain)."""
    out = frame.copy()
    for column in bools:
        out[column] = out[column].astype(bool)
    for column in ints:
        out[column] = out[column].astype("int64")
    return out


# --- loaders -----------------------------------------------------------------------------------


def load_staff_record(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """The 31 March snapshot: one row per assignment holder, with band rows and ethnicity."""
    raw, file = _read(path, sheet, "staff_record")
    choices = ", ".join(dict.fromkeys(ASSIGNMENT_CATEGORIES.values()))
    problems = _check_text(
        raw,
        {
            "staff_id": _text_column(_not_blank()),
            "assignment_category": _text_column(
                _not_blank(), _choice(ASSIGNMENT_CATEGORIES, choices)
            ),
            "ethnic_origin": _text_column(),
            "pay_band": _text_column(),
            "staff_group": _text_column(),
            "sex": _text_column(),
            "disability": _text_column(),
            "directorate": _text_column(),
            "start_date": _text_column(_not_blank(), _iso_date()),
            "leaving_date": _text_column(_iso_date()),
        },
        file,
    )
    snapshot = params.snapshot_date
    frame = raw.copy()
    frame["assignment_category"] = _canonical(raw["assignment_category"], ASSIGNMENT_CATEGORIES)
    frame["start_date"] = _dates(raw["start_date"])
    frame["leaving_date"] = _dates(raw["leaving_date"])
    after = pd.Timestamp(snapshot + dt.timedelta(days=1))
    problems += _schema_problems(
        pa.DataFrameSchema(
            {
                "staff_id": pa.Column(unique=True, nullable=True),
                "start_date": pa.Column(
                    checks=pa.Check(
                        lambda s: s.isna() | (s < after),
                        error=f"a start date on or before the snapshot date {snapshot}",
                    ),
                    nullable=True,
                ),
                "leaving_date": pa.Column(
                    checks=pa.Check(
                        lambda s: s.isna() | (s >= after),
                        error=f"blank or a date after the snapshot date {snapshot}",
                    ),
                    nullable=True,
                ),
            }
        ),
        frame,
        raw,
        file,
    )
    frame["substantive"] = frame["assignment_category"].isin(SUBSTANTIVE_CATEGORIES)
    band_columns, found = bands.band_problems(raw["pay_band"], raw["staff_group"], file)
    problems += found
    frame = pd.concat([frame, band_columns], axis=1)
    frame = _with_ethnicity(frame, file, problems)
    return _finish(problems, frame)


def load_recruitment(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Shortlisted applicants in the reporting year; adds ``band`` and the Yes/No flags as bool."""
    raw, file = _read(path, sheet, "recruitment")
    yes_no = _choice(YES_NO, "Yes, No")
    problems = _check_text(
        raw,
        {
            "applicant_id": _text_column(_not_blank()),
            "vacancy_id": _text_column(_not_blank()),
            "pay_band": _text_column(),
            "ethnic_origin": _text_column(),
            "internal_external": _text_column(
                _not_blank(), _choice(INTERNAL_EXTERNAL, "Internal, External")
            ),
            "shortlisted_date": _text_column(_not_blank(), _iso_date()),
            "appointed": _text_column(_not_blank(), yes_no),
            "offer_declined": _text_column(_not_blank(), yes_no),
        },
        file,
    )
    first, last = year_period(params.year)
    frame = raw.copy()
    frame["internal_external"] = _canonical(raw["internal_external"], INTERNAL_EXTERNAL)
    frame["shortlisted_date"] = _dates(raw["shortlisted_date"])
    frame["appointed"] = _yes_no(raw["appointed"])
    frame["offer_declined"] = _yes_no(raw["offer_declined"])
    problems += _schema_problems(
        pa.DataFrameSchema(
            {"shortlisted_date": _date_within(first, last, f"reporting year {params.year}")}
        ),
        frame,
        raw,
        file,
    )
    problems += _duplicate_problems(raw, ("applicant_id", "vacancy_id"), "applicant_id", file)
    band, found = bands.pay_band_problems(raw["pay_band"], file)
    problems += found
    frame["band"] = band
    frame = _with_ethnicity(frame, file, problems)
    frame = _finish(problems, frame)
    return _typed(frame, bools=("appointed", "offer_declined"))


def load_disciplinary(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Formal investigations opened in the two years to 31 March (both windows are counted)."""
    raw, file = _read(path, sheet, "disciplinary")
    choices = ", ".join(dict.fromkeys(ASSIGNMENT_CATEGORIES.values()))
    problems = _check_text(
        raw,
        {
            "case_id": _text_column(_not_blank()),
            "staff_id": _text_column(_not_blank()),
            "date_opened": _text_column(_not_blank(), _iso_date()),
            "ethnic_origin": _text_column(),
            "assignment_category": _text_column(
                _not_blank(), _choice(ASSIGNMENT_CATEGORIES, choices)
            ),
        },
        file,
    )
    first, last = year_period(params.year)
    first = first.replace(year=first.year - 1)
    frame = raw.copy()
    frame["assignment_category"] = _canonical(raw["assignment_category"], ASSIGNMENT_CATEGORIES)
    frame["date_opened"] = _dates(raw["date_opened"])
    problems += _schema_problems(
        pa.DataFrameSchema(
            {
                "case_id": pa.Column(unique=True, nullable=True),
                "date_opened": _date_within(
                    first, last, f"the two years to the end of {params.year}"
                ),
            }
        ),
        frame,
        raw,
        file,
    )
    frame["substantive"] = frame["assignment_category"].isin(SUBSTANTIVE_CATEGORIES)
    frame = _with_ethnicity(frame, file, problems)
    return _finish(problems, frame)


def load_training(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Non-mandatory courses attended in the reporting year; every row is kept (leavers too)."""
    raw, file = _read(path, sheet, "training")
    problems = _check_text(
        raw,
        {
            "staff_id": _text_column(_not_blank()),
            "course": _text_column(),
            "date": _text_column(_not_blank(), _iso_date()),
        },
        file,
    )
    first, last = year_period(params.year)
    frame = raw.copy()
    frame["date"] = _dates(raw["date"])
    problems += _schema_problems(
        pa.DataFrameSchema({"date": _date_within(first, last, f"reporting year {params.year}")}),
        frame,
        raw,
        file,
    )
    return _finish(problems, frame)


def _survey_questions(params: Params, path: Path) -> tuple[int, dict[str, tuple[int, str]]]:
    if params.survey is None:
        raise InputError.single(
            params.source_file or str(path),
            None,
            "survey",
            None,
            "a 'survey' section (survey_year and questions) when sources.staff_survey is set",
        )
    questions = {
        question.strip().lower(): (indicator, measure)
        for indicator, measures in params.survey.questions.items()
        for measure, question in measures.items()
    }
    return params.survey.survey_year, questions


def load_staff_survey(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Survey aggregates per group; adds canonical ``group``, ``substantive``, ``indicator`` and
    ``measure`` (``all``, ``managers``, ``colleagues``; ``bank``, ``bank|managers``, ... for Bank).
    The group label as sent is kept in ``group_label``; question ids are lower-cased, as in the
    params."""
    survey_year, questions = _survey_questions(params, path)
    raw, file = _read(path, sheet, "staff_survey")
    count = (_not_blank(), _whole_number(), _not_negative())
    problems = _check_text(
        raw,
        {
            "survey_year": _text_column(_not_blank(), _whole_number()),
            "staff_type": _text_column(_not_blank(), _choice(STAFF_TYPES, "Substantive, Bank")),
            "question": _text_column(_not_blank()),
            "group": _text_column(),
            "yes": _text_column(*count),
            "respondents": _text_column(*count),
        },
        file,
    )
    frame = raw.copy()
    frame["question"] = raw["question"].str.lower()
    frame["survey_year"] = _counts(raw["survey_year"])
    frame["staff_type"] = _canonical(raw["staff_type"], STAFF_TYPES)
    frame["yes"] = _counts(raw["yes"])
    frame["respondents"] = _counts(raw["respondents"])
    known = ", ".join(sorted(questions))
    too_many = "a 'yes' count no greater than 'respondents' on the same row"
    problems += _schema_problems(
        pa.DataFrameSchema(
            {
                "survey_year": pa.Column(
                    checks=pa.Check(
                        lambda s: s.isna() | (s == survey_year),
                        error=f"{survey_year}, the survey_year in the params",
                    ),
                    nullable=True,
                ),
                "question": pa.Column(
                    checks=pa.Check(
                        lambda s: s.str.lower().isin(list(questions)) | (s == ""),
                        error=f"a question id in the params survey.questions ({known})",
                    ),
                    nullable=True,
                ),
            },
            checks=[
                pa.Check(
                    lambda d: (d["yes"] <= d["respondents"]).fillna(True).astype(bool),
                    error=too_many,
                )
            ],
        ),
        frame,
        raw,
        file,
        wide={too_many: "yes"},
    )
    groups, found = ethnicity.survey_group_problems(raw["group"], file, "group")
    problems += found
    frame["group_label"] = raw["group"]
    frame["group"] = groups
    problems += _duplicate_problems(frame, ("staff_type", "question", "group"), "question", file)
    frame["substantive"] = frame["staff_type"] == "Substantive"
    mapped = raw["question"].str.lower().map(lambda q: questions.get(q, (0, "")))
    frame["indicator"] = mapped.map(lambda m: m[0]).astype("int64")
    measure = mapped.map(lambda m: m[1])
    bank = measure.where(measure != "all", "").map(lambda m: f"bank|{m}" if m else "bank")
    frame["measure"] = measure.where(frame["substantive"], bank).astype("str")
    frame = _finish(problems, frame)
    return _typed(frame, ints=("survey_year", "yes", "respondents"))


def load_board(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Board members at 31 March; ``voting`` and ``executive`` become bool."""
    raw, file = _read(path, sheet, "board")
    yes_no = _choice(YES_NO, "Yes, No")
    problems = _check_text(
        raw,
        {
            "member_id": _text_column(_not_blank()),
            "role": _text_column(),
            "voting": _text_column(_not_blank(), yes_no),
            "executive": _text_column(_not_blank(), yes_no),
            "ethnic_origin": _text_column(),
        },
        file,
    )
    frame = raw.copy()
    frame["voting"] = _yes_no(raw["voting"])
    frame["executive"] = _yes_no(raw["executive"])
    problems += _schema_problems(
        pa.DataFrameSchema({"member_id": pa.Column(unique=True, nullable=True)}), frame, raw, file
    )
    frame = _with_ethnicity(frame, file, problems)
    frame = _finish(problems, frame)
    return _typed(frame, bools=("voting", "executive"))


LOADERS: dict[str, Callable[[Path, str | None, Params], pd.DataFrame]] = {
    "staff_record": load_staff_record,
    "recruitment": load_recruitment,
    "disciplinary": load_disciplinary,
    "training": load_training,
    "staff_survey": load_staff_survey,
    "board": load_board,
}


# --- a year --------------------------------------------------------------------------------------


@dataclass
class YearData:
    """One reporting year's loaded extracts; a source not in the params is None."""

    staff_record: pd.DataFrame | None = None
    recruitment: pd.DataFrame | None = None
    disciplinary: pd.DataFrame | None = None
    training: pd.DataFrame | None = None
    staff_survey: pd.DataFrame | None = None
    board: pd.DataFrame | None = None

    def frames(self) -> dict[str, pd.DataFrame]:
        """The sources that were loaded, by name, in the usual order."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def _source_path(params: Params, name: str, relative: str) -> Path:
    """Resolve a source path inside the data folder; the error names the params line."""
    key = f"sources.{name}.path"
    try:
        return params.resolve_in_data(relative, key)
    except InputError as exc:
        line = _params_line(params, ("sources", name, "path"))
        if line is None:
            raise
        raise InputError(
            [
                Problem(p.file, line if p.row is None else p.row, p.column, p.value, p.expected)
                for p in exc.problems
            ]
        ) from None


def _params_line(params: Params, key: tuple[str, ...]) -> int | None:
    if not params.source_file:
        return None
    try:
        _, lines = read_yaml(Path(params.source_file))
    except InputError:
        return None
    return lines.get(key)


def load_year(params: Params) -> YearData:
    """Load every extract named in the params; problems in all files are reported together."""
    loaded: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in SOURCE_NAMES:
        source = params.source_path(name)
        if source is None:
            continue
        try:
            path = _source_path(params, name, source.path)
            loaded[name] = LOADERS[name](path, source.sheet, params)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return YearData(**loaded)
