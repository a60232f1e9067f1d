"""Loaders for the six extracts, and one reporting year's data as validated frames.

Every loader reads through :func:`wres_lib.inputs.tabular.read_table` (CSV or an Excel sheet, all
text, spreadsheet row numbers), checks its columns with the schemas in
:mod:`wres_lib.inputs.schemas`, classifies ethnicity and bands, and raises one
:class:`~wres_lib.errors.InputError` carrying every problem found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from wres_lib.errors import InputError, Problem
from wres_lib.inputs import bands, ethnicity, survey_checks
from wres_lib.inputs.params import SOURCE_NAMES, Params, read_yaml, year_period
from wres_lib.inputs.schemas import (
    ASSIGNMENT_CATEGORIES,
    INTERNAL_EXTERNAL,
    STAFF_TYPES,
    SUBSTANTIVE_CATEGORIES,
    YES_NO,
    canonical,
    check_text,
    choice,
    date_within,
    duplicate_problems,
    finish_frame,
    not_blank,
    not_negative,
    parse_dates,
    read_extract,
    schema_problems,
    text_column,
    typed,
    unread_dates,
    whole_number,
    whole_numbers,
    with_columns,
    with_ethnicity,
    written_date,
    yes_no_flags,
)
from wres_lib.inputs.trust_maps import describe_trust_maps, read_trust_maps, trust_maps_in_use

# --- loaders -----------------------------------------------------------------------------------


def load_staff_record(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """The 31 March snapshot: one row per assignment holder, with band rows and ethnicity."""
    raw, file = read_extract(path, sheet, "staff_record", params)
    choices = ", ".join(dict.fromkeys(ASSIGNMENT_CATEGORIES.values()))
    problems = check_text(
        raw,
        {
            "staff_id": text_column(not_blank()),
            "assignment_category": text_column(not_blank(), choice(ASSIGNMENT_CATEGORIES, choices)),
            "ethnic_origin": text_column(),
            "pay_band": text_column(),
            "staff_group": text_column(),
            "sex": text_column(),
            "disability": text_column(),
            "directorate": text_column(),
            "start_date": text_column(),
            "leaving_date": text_column(),
        },
        file,
    )
    snapshot = params.snapshot_date
    frame = raw.copy()
    frame["assignment_category"] = canonical(raw["assignment_category"], ASSIGNMENT_CATEGORIES)
    frame["start_date"] = parse_dates(raw["start_date"])
    frame["leaving_date"] = parse_dates(raw["leaving_date"])
    after = pd.Timestamp(snapshot + dt.timedelta(days=1))
    problems += schema_problems(
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
    frame = with_columns(frame, band_columns)
    frame = with_ethnicity(frame, file, problems)
    frame = finish_frame(problems, frame)
    # No indicator uses start or leaving dates: one that cannot be read is said, not refused
    # (a date that is read and puts someone outside the snapshot is still an error above).
    frame.attrs["unread_dates"] = unread_dates(raw, frame, ("start_date", "leaving_date"))
    return frame


def load_recruitment(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Shortlisted applicants in the reporting year; adds ``band`` and the Yes/No flags as bool."""
    raw, file = read_extract(path, sheet, "recruitment", params)
    yes_no = choice(YES_NO, "Yes, No")
    problems = check_text(
        raw,
        {
            "applicant_id": text_column(not_blank()),
            "vacancy_id": text_column(not_blank()),
            "pay_band": text_column(),
            "ethnic_origin": text_column(),
            "internal_external": text_column(
                not_blank(), choice(INTERNAL_EXTERNAL, "Internal, External")
            ),
            "shortlisted_date": text_column(not_blank(), written_date()),
            "appointed": text_column(not_blank(), yes_no),
            "offer_declined": text_column(not_blank(), yes_no),
        },
        file,
    )
    first, last = year_period(params.year)
    frame = raw.copy()
    frame["internal_external"] = canonical(raw["internal_external"], INTERNAL_EXTERNAL)
    frame["shortlisted_date"] = parse_dates(raw["shortlisted_date"])
    frame["appointed"] = yes_no_flags(raw["appointed"])
    frame["offer_declined"] = yes_no_flags(raw["offer_declined"])
    problems += schema_problems(
        pa.DataFrameSchema(
            {"shortlisted_date": date_within(first, last, f"reporting year {params.year}")}
        ),
        frame,
        raw,
        file,
    )
    problems += duplicate_problems(raw, ("applicant_id", "vacancy_id"), "applicant_id", file)
    band, found = bands.pay_band_problems(raw["pay_band"], file)
    problems += found
    frame["band"] = band
    frame = with_ethnicity(frame, file, problems)
    frame = finish_frame(problems, frame)
    return typed(frame, bools=("appointed", "offer_declined"))


def load_disciplinary(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Formal investigations opened in the two years to 31 March (both windows are counted)."""
    raw, file = read_extract(path, sheet, "disciplinary", params, allow_empty=True)
    choices = ", ".join(dict.fromkeys(ASSIGNMENT_CATEGORIES.values()))
    problems = check_text(
        raw,
        {
            "case_id": text_column(not_blank()),
            "staff_id": text_column(not_blank()),
            "date_opened": text_column(not_blank(), written_date()),
            "ethnic_origin": text_column(),
            "assignment_category": text_column(not_blank(), choice(ASSIGNMENT_CATEGORIES, choices)),
        },
        file,
    )
    first, last = year_period(params.year)
    first = first.replace(year=first.year - 1)
    frame = raw.copy()
    frame["assignment_category"] = canonical(raw["assignment_category"], ASSIGNMENT_CATEGORIES)
    frame["date_opened"] = parse_dates(raw["date_opened"])
    problems += schema_problems(
        pa.DataFrameSchema(
            {
                "case_id": pa.Column(unique=True, nullable=True),
                "date_opened": date_within(
                    first, last, f"the two years to the end of {params.year}"
                ),
            }
        ),
        frame,
        raw,
        file,
    )
    frame["substantive"] = frame["assignment_category"].isin(SUBSTANTIVE_CATEGORIES)
    frame = with_ethnicity(frame, file, problems)
    return finish_frame(problems, frame)


def load_training(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Non-mandatory courses attended in the reporting year; every row is kept (leavers too)."""
    raw, file = read_extract(path, sheet, "training", params, allow_empty=True)
    problems = check_text(
        raw,
        {
            "staff_id": text_column(not_blank()),
            "course": text_column(),
            "date": text_column(not_blank(), written_date()),
        },
        file,
    )
    first, last = year_period(params.year)
    frame = raw.copy()
    frame["date"] = parse_dates(raw["date"])
    problems += schema_problems(
        pa.DataFrameSchema({"date": date_within(first, last, f"reporting year {params.year}")}),
        frame,
        raw,
        file,
    )
    return finish_frame(problems, frame)


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
    params. A provider's full results are read as delivered: only the params' questions by
    ethnic group are WRES figures, the other rows are counted in ``attrs["rows_not_used"]`` and
    said in ``attrs["rows_not_used_note"]``."""
    survey_year, questions = _survey_questions(params, path)
    raw, file = read_extract(path, sheet, "staff_survey", params)
    survey_checks.refuse_questions_not_in(raw, params, file)
    raw, not_used = survey_checks.rows_used(raw, questions)
    raw, suppressed = survey_checks.drop_suppressed_finer_groups(raw)
    count = (not_blank(), whole_number(), not_negative())
    problems = check_text(
        raw,
        {
            "survey_year": text_column(not_blank(), whole_number()),
            "staff_type": text_column(not_blank(), choice(STAFF_TYPES, "Substantive, Bank")),
            "question": text_column(not_blank()),
            "group": text_column(),
            "yes": text_column(*count),
            "respondents": text_column(*count),
        },
        file,
    )
    frame = raw.copy()
    frame["question"] = raw["question"].str.lower()
    frame["survey_year"] = whole_numbers(raw["survey_year"])
    frame["staff_type"] = canonical(raw["staff_type"], STAFF_TYPES)
    frame["yes"] = whole_numbers(raw["yes"])
    frame["respondents"] = whole_numbers(raw["respondents"])
    too_many = "a 'yes' count no greater than 'respondents' on the same row"
    problems += schema_problems(
        pa.DataFrameSchema(
            {
                "survey_year": pa.Column(
                    checks=pa.Check(
                        lambda s: s.isna() | (s == survey_year),
                        error=f"{survey_year}, the survey_year in the params",
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
    problems += duplicate_problems(frame, ("staff_type", "question", "group"), "question", file)
    frame["substantive"] = frame["staff_type"] == "Substantive"
    mapped = raw["question"].str.lower().map(lambda q: questions.get(q, (0, "")))
    frame["indicator"] = mapped.map(lambda m: m[0]).astype("int64")
    measure = mapped.map(lambda m: m[1])
    bank = measure.where(measure != "all", "").map(lambda m: f"bank|{m}" if m else "bank")
    frame["measure"] = measure.where(frame["substantive"], bank).astype("str")
    not_supplied = 0
    if not problems:
        found, not_supplied = survey_checks.missing_rows(frame, questions, file, not_used)
        problems += found
    frame = typed(finish_frame(problems, frame), ints=("survey_year", "yes", "respondents"))
    frame.attrs["finer_groups_not_supplied"] = not_supplied
    frame.attrs["finer_groups_suppressed"] = suppressed
    frame.attrs["unequal_sums"] = survey_checks.unequal_sums(frame, file)
    frame.attrs["rows_not_used"] = not_used.rows
    frame.attrs["rows_not_used_note"] = f"{file}: {not_used}" if not_used.rows else ""
    return frame


def load_board(path: Path, sheet: str | None, params: Params) -> pd.DataFrame:
    """Board members at 31 March; ``voting`` and ``executive`` become bool."""
    raw, file = read_extract(path, sheet, "board", params)
    yes_no = choice(YES_NO, "Yes, No")
    problems = check_text(
        raw,
        {
            "member_id": text_column(not_blank()),
            "role": text_column(),
            "voting": text_column(not_blank(), yes_no),
            "executive": text_column(not_blank(), yes_no),
            "ethnic_origin": text_column(),
        },
        file,
    )
    frame = raw.copy()
    frame["voting"] = yes_no_flags(raw["voting"])
    frame["executive"] = yes_no_flags(raw["executive"])
    problems += schema_problems(
        pa.DataFrameSchema({"member_id": pa.Column(unique=True, nullable=True)}), frame, raw, file
    )
    frame = with_ethnicity(frame, file, problems)
    frame = finish_frame(problems, frame)
    return typed(frame, bools=("voting", "executive"))


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
    named = [name for name in SOURCE_NAMES if params.source_path(name) is not None]
    if named and not params.data_path.is_dir():
        line = _params_line(params, ("data_dir",))
        what = "a file" if params.data_path.exists() else "nothing"
        raise InputError.single(
            params.source_file or "params",
            line,
            "data_dir",
            params.data_dir,
            f"the folder holding the year's extracts ({params.data_path} is {what})",
        )
    maps = read_trust_maps(params)
    with trust_maps_in_use(maps):
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


def extract_notes(params: Params, data: YearData) -> list[str]:
    """What reading the year's extracts read past without refusing, said once each by ``wres
    validate``: a trust's own maps, headers no field matched, dates no indicator uses."""
    notes = []
    maps = describe_trust_maps(read_trust_maps(params))
    if maps:
        notes.append(maps)
    for name, frame in data.frames().items():
        if frame.attrs.get("rows_not_used_note"):
            notes.append(frame.attrs["rows_not_used_note"])
        ignored = frame.attrs.get("ignored_columns", [])
        if ignored:
            shown = ", ".join(repr(c) for c in ignored[:12]) + (" ..." if len(ignored) > 12 else "")
            what = "column" if len(ignored) == 1 else "columns"
            notes.append(f"{name}: {len(ignored)} {what} no indicator reads, ignored: {shown}")
        for column, rows in frame.attrs.get("unread_dates", {}).items():
            listed = ", ".join(str(r) for r in rows[:10]) + (" ..." if len(rows) > 10 else "")
            notes.append(
                f"{name}: {column} is not a date on {len(rows)} row(s) ({listed}); no "
                "indicator uses it"
            )
    return notes
