"""Counts: the narrow waist between the extracts and every figure in the report.

A count is ``org,year,indicator,measure,group,numerator,denominator`` (docs/architecture.md).
This module builds counts from the loaded staff-level frames, reads and validates a counts CSV
(published aggregates, Staff Survey results), merges counts from several sources and writes
them. Everything after this module works on counts alone.

Choices the contract leaves open (documented here so a reader of the report can check them):

* Indicator-1 band rows are validated permissively: any ``non-clinical|…``, ``clinical|…``,
  ``medical|…`` or ``grouped|…`` label (one ``|``, non-empty after it) is accepted, because the
  band and grouped-row labels come from the pay-band map, which a trust may extend. Measures of
  indicators 2-9 are checked strictly against the table in docs/architecture.md.
* Group ``Unknown`` is only accepted for indicator 1: indicators 2-9 exclude unknown ethnicity.
* Exact duplicate rows are dropped; rows with the same key and different numbers are an error
  naming both rows.
* Extra columns in a counts file are ignored; column names are matched ignoring case and
  surrounding spaces, like the extract loaders.
* From records, a row is emitted whenever its denominator is above 0, even when the numerator
  is 0 (a band with no BME staff is a finding, not a gap); a row whose denominator would be 0
  (nobody in that group) is not emitted, and metrics for it are then absent rather than empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.params import SOURCE_NAMES
from wres_lib.inputs.tabular import read_table, write_csv
from wres_lib.measure.count_checks import (
    COUNTS_COLUMNS,
    FINE_GROUPS,
    GROUP_RANK,
    KEY_COLUMNS,
    WRES_GROUPS,
    check_text,
    drop_duplicates,
    row_numbers,
)
from wres_lib.measure.count_checks import GROUPS as GROUPS
from wres_lib.measure.count_checks import MEASURES as MEASURES
from wres_lib.measure.count_checks import valid_measure as valid_measure


def read_counts(path: str | Path) -> pd.DataFrame:
    """Read and validate a counts CSV or Excel file; every problem is reported at once.

    Returns columns COUNTS_COLUMNS (indicator, numerator, denominator int64; the rest text),
    indexed by spreadsheet row, exact duplicates dropped.
    """
    raw = read_table(path)
    file = str(path)
    if raw.empty:
        raise InputError.single(file, None, None, None, "a header row and at least one data row")
    typed, problems = check_text(raw, file)
    if problems:
        raise InputError(problems)
    typed = drop_duplicates(typed, [file] * len(typed), row_numbers(typed))
    typed.attrs["source_file"] = file
    return typed


def check_counts(frame: pd.DataFrame, source: str = "counts") -> pd.DataFrame:
    """Validate counts built in code (or any frame with the counts columns) like a file.

    Returns the typed frame with exact duplicates dropped; raises InputError otherwise.
    """
    missing = [c for c in COUNTS_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError([Problem(source, None, c, None, f"a column named '{c}'") for c in missing])
    text = frame[list(COUNTS_COLUMNS)].astype("str")
    typed, problems = check_text(text, source)
    if problems:
        raise InputError(problems)
    return drop_duplicates(typed, [source] * len(typed), row_numbers(typed))


def sort_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Deterministic order: org, year, indicator, measure, then White, BME, breakdown, Unknown."""
    return frame.sort_values(
        list(KEY_COLUMNS),
        key=lambda s: s.map(GROUP_RANK) if s.name == "group" else s,
        kind="mergesort",
    ).reset_index(drop=True)


def merge_counts(*frames: pd.DataFrame, sources: Sequence[str]) -> pd.DataFrame:
    """Combine counts from records and supplied aggregates into one sorted frame.

    The same key from two sources with the same numbers is kept once; with different numbers
    it is an error naming both rows and both files (which figure is right is the user's call).
    """
    if len(sources) != len(frames):
        raise ValueError(f"{len(frames)} frames but {len(sources)} source names")
    at_once = _merged_at_once(frames)
    if at_once is not None:
        return at_once
    typed: list[pd.DataFrame] = []
    files: list[str] = []
    rows: list[int | None] = []
    for frame, source in zip(frames, sources, strict=True):
        checked = check_counts(frame, source)
        typed.append(checked[list(COUNTS_COLUMNS)])
        files.extend([source] * len(checked))
        rows.extend(row_numbers(checked))
    if not typed:
        return empty_counts()
    combined = pd.concat(typed, ignore_index=True)
    combined = drop_duplicates(combined, files, rows)
    return sort_counts(combined)


def _merged_at_once(frames: Sequence[pd.DataFrame]) -> pd.DataFrame | None:
    """The usual merge (every frame valid, no key twice) checked in one pass, not one a frame;
    None otherwise, and the frame-by-frame merge names each problem's source and row."""
    if not frames or any(c not in f.columns for f in frames for c in COUNTS_COLUMNS):
        return None
    text = pd.concat([f[list(COUNTS_COLUMNS)].astype("str") for f in frames], ignore_index=True)
    typed, problems = check_text(text, "counts")
    if problems or typed.duplicated(list(KEY_COLUMNS)).any():
        return None
    return sort_counts(typed)


def empty_counts() -> pd.DataFrame:
    """A counts frame with no rows and the contract's types."""
    return _typed(pd.DataFrame({c: [] for c in COUNTS_COLUMNS}))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[list(COUNTS_COLUMNS)].astype(
        {
            "org": "str",
            "year": "str",
            "indicator": "int64",
            "measure": "str",
            "group": "str",
            "numerator": "int64",
            "denominator": "int64",
        }
    )


def write_counts(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write counts as CSV (atomic), in the deterministic order of :func:`sort_counts`."""
    return write_csv(sort_counts(_typed(frame)), path)


# --- counts from staff-level records -------------------------------------------------------


class _YearParams(Protocol):
    org: str
    year: str
    snapshot_date: Any


@dataclass
class _Builder:
    """Collects count rows for one organisation and year."""

    org: str
    year: str

    def __post_init__(self) -> None:
        self.rows: list[tuple[str, str, int, str, str, int, int]] = []

    def add(self, indicator: int, measure: str, group: str, numerator: int, denominator: int):
        if denominator > 0:
            self.rows.append(
                (self.org, self.year, indicator, measure, group, int(numerator), int(denominator))
            )

    def frame(self) -> pd.DataFrame:
        return _typed(pd.DataFrame(self.rows, columns=list(COUNTS_COLUMNS)))


# The columns counting reads: rows are filtered many times, and a filter copies every column.
GROUP_COLUMNS = ("wres_group", "ethnic_group")
STAFF_COLUMNS = ("staff_id", "substantive", "band_row", "grouped_row", *GROUP_COLUMNS)
RECRUITMENT_COLUMNS = ("appointed", "offer_declined", *GROUP_COLUMNS)
CASE_COLUMNS = ("case_id", "staff_id", "date_opened", "substantive", *GROUP_COLUMNS)


def _only(frame: pd.DataFrame | None, columns: Sequence[str]) -> pd.DataFrame | None:
    """The frame's columns that counting reads (those it has), without copying rows."""
    if frame is None:
        return None
    return frame[[c for c in columns if c in frame.columns]]


def _ratio_groups() -> Iterable[str]:
    return (*WRES_GROUPS, *FINE_GROUPS)


def _is_substantive(frame: pd.DataFrame) -> pd.Series:
    """The loaders' ``substantive`` flag (permanent and fixed-term contracts, not bank)."""
    return frame["substantive"].astype(bool)


class _Cell(NamedTuple):
    """Staff who share one combination of what indicator 1 and the headcounts read."""

    substantive: bool
    known: bool
    wres_group: object
    ethnic_group: object
    band_row: object  # missing where the row has no band row (blank label)
    grouped_row: object
    n: int


def _tally(staff: pd.DataFrame, substantive: pd.Series | None = None) -> list[_Cell]:
    """The staff counted by one group-by; every figure of indicator 1 and every headcount is
    then a sum over these few cells instead of a filter of the whole frame."""
    keys = pd.DataFrame(
        {
            "substantive": True if substantive is None else substantive.to_numpy(bool),
            "known": (staff["wres_group"] != "Unknown").to_numpy(bool),
            "wres_group": staff["wres_group"],
            "ethnic_group": staff["ethnic_group"],
        },
        index=staff.index,
    )
    for column in ("band_row", "grouped_row"):
        labels = staff[column] if column in staff.columns else pd.Series(None, index=staff.index)
        keys[column] = labels.where((labels.astype("str").str.strip() != "") & labels.notna())
    sizes = keys.groupby(list(keys.columns), dropna=False, sort=False).size()
    return [_Cell(*key, int(n)) for key, n in zip(sizes.index, sizes.to_numpy(), strict=True)]


def _member(cell: _Cell, group: str) -> bool:
    """Whether a cell's staff are in a WRES group (White, BME) or a finer group."""
    return (cell.wres_group if group in WRES_GROUPS else cell.ethnic_group) == group


def _profile(builder: _Builder, cells: list[_Cell], measure: str) -> None:
    """Indicator 1 for one row: each group / known; Unknown / everyone."""
    known = [c for c in cells if c.known]
    known_n, everyone = sum(c.n for c in known), sum(c.n for c in cells)
    for group in _ratio_groups():
        builder.add(1, measure, group, sum(c.n for c in known if _member(c, group)), known_n)
    builder.add(1, measure, "Unknown", everyone - known_n, everyone)


def _profiles(builder: _Builder, cells: list[_Cell], column: str) -> None:
    """Indicator 1 for every band row (or grouped row) at once: the same figures as
    :func:`_profile` on each row's staff, in one pass over the cells."""
    everyone: Counter = Counter()
    known_n: Counter = Counter()
    by_wres: Counter = Counter()
    by_ethnic: Counter = Counter()
    for cell in cells:
        label = getattr(cell, column)
        if pd.isna(label):
            continue
        everyone[label] += cell.n
        if cell.known:
            known_n[label] += cell.n
            by_wres[label, cell.wres_group] += cell.n
            by_ethnic[label, cell.ethnic_group] += cell.n
    in_group = {**by_wres, **by_ethnic}
    for label in sorted(everyone, key=str):
        denominator = known_n.get(label, 0)
        for group in _ratio_groups():
            builder.add(1, str(label), group, in_group.get((label, group), 0), denominator)
        builder.add(1, str(label), "Unknown", everyone[label] - denominator, everyone[label])


def _indicator1(builder: _Builder, staff: pd.DataFrame, cells: list[_Cell]) -> None:
    subs = [c for c in cells if c.substantive]
    _profile(builder, subs, "overall")
    for column in ("band_row", "grouped_row"):
        if column in staff.columns:
            _profiles(builder, subs, column)
    bank = [c for c in cells if not c.substantive]
    if bank:
        _profile(builder, bank, "bank")


def _headcounts(cells: list[_Cell], substantive: bool) -> dict[str, int]:
    return {
        group: sum(c.n for c in cells if c.substantive == substantive and _member(c, group))
        for group in _ratio_groups()
    }


def _members(frame: pd.DataFrame, rows: np.ndarray) -> dict[str, int]:
    """How many of the ``rows`` (a boolean mask) are in each WRES and finer group, by one
    factorize of each group column instead of a comparison per group."""
    found: dict[str, int] = {}
    for column in ("wres_group", "ethnic_group"):
        codes, labels = pd.factorize(frame[column])
        sizes = np.bincount(codes[rows & (codes >= 0)], minlength=len(labels))
        found[column] = dict(zip(labels, sizes.tolist(), strict=True))
    return {
        group: found["wres_group" if group in WRES_GROUPS else "ethnic_group"].get(group, 0)
        for group in _ratio_groups()
    }


def _indicator2(builder: _Builder, recruitment: pd.DataFrame, excluded: dict[str, int]) -> None:
    declined = recruitment["offer_declined"].astype(bool).to_numpy(bool)
    unknown = (recruitment["wres_group"] == "Unknown").to_numpy(bool)
    excluded["recruitment_offer_declined"] = int(declined.sum())
    excluded["recruitment_unknown_ethnicity"] = int((unknown & ~declined).sum())
    used = ~declined & ~unknown
    appointed = used & recruitment["appointed"].astype(bool).to_numpy(bool)
    shortlisted, hired = _members(recruitment, used), _members(recruitment, appointed)
    for group in _ratio_groups():
        builder.add(2, "all", group, hired[group], shortlisted[group])


def _distinct_people(cases: pd.DataFrame, mask: np.ndarray) -> list[int]:
    """Positions of one case per person among ``mask``: their latest (so their group is that
    case's; ``cases`` is in date order); a case without a staff id is its own person."""
    ids = cases["staff_id"]
    has_id = (ids.notna() & (ids.astype("str").str.strip() != "")).to_numpy(bool)
    values = ids.to_numpy(object)
    latest: dict[object, int] = {}
    alone: list[int] = []
    for position in np.flatnonzero(mask):
        if has_id[position]:
            latest[values[position]] = position  # a later case replaces an earlier one
        else:
            alone.append(position)
    return [*latest.values(), *alone]


def _indicator3(
    builder: _Builder,
    cases: pd.DataFrame,
    snapshot: pd.Timestamp,
    headcount: dict[str, dict[str, int]],
    excluded: dict[str, int],
) -> None:
    order = [c for c in ("date_opened", "case_id") if c in cases.columns]
    cases = cases.sort_values(order, kind="mergesort") if order else cases
    opened = pd.to_datetime(cases["date_opened"])
    one_year = opened > snapshot - pd.DateOffset(years=1)
    two_year = opened > snapshot - pd.DateOffset(years=2)
    in_window = two_year & (opened <= snapshot)
    unknown = cases["wres_group"] == "Unknown"
    excluded["disciplinary_outside_window"] = int((~in_window).sum())
    excluded["disciplinary_unknown_ethnicity"] = int((in_window & unknown).sum())
    substantive = _is_substantive(cases)
    usable = in_window & ~unknown
    windows = (
        ("all", usable & one_year & substantive, "substantive"),
        ("two-year", usable & substantive, "substantive"),
        ("bank", usable & one_year & ~substantive, "bank"),
    )
    groups = {
        "wres_group": cases["wres_group"].to_numpy(object),
        "ethnic_group": cases["ethnic_group"].to_numpy(object),
    }
    for measure, mask, population in windows:
        people = _distinct_people(cases, mask.to_numpy(bool))
        for group in _ratio_groups():
            column = groups["wres_group" if group in WRES_GROUPS else "ethnic_group"]
            members = sum(1 for position in people if column[position] == group)
            builder.add(3, measure, group, members, headcount[population][group])


def _stripped_ids(ids: pd.Series) -> pa.Array:
    """Ids as Arrow text, trimmed: looked up with Arrow's is_in, one hash join in C."""
    ids = pa.array(ids.astype("str").str.strip())
    return ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids


def _is_in(values: pa.Array, among: pa.Array) -> np.ndarray:
    """Which values are among the others (a missing id matches a missing id, as in pandas)."""
    return pc.is_in(values, value_set=among).to_numpy(zero_copy_only=False).astype(bool)


def _indicator4(
    builder: _Builder,
    training: pd.DataFrame,
    staff: pd.DataFrame,
    substantive: pd.Series,
    excluded: dict[str, int],
) -> None:
    ids, all_ids = _stripped_ids(training["staff_id"]), _stripped_ids(staff["staff_id"])
    subs = substantive.to_numpy(bool)
    subs_ids = all_ids.filter(pa.array(subs))
    in_snapshot = _is_in(ids, all_ids)
    excluded["training_not_in_snapshot"] = int((~in_snapshot).sum())
    excluded["training_bank_staff"] = int((in_snapshot & ~_is_in(ids, subs_ids)).sum())
    took_course = subs & _is_in(all_ids, ids.filter(pa.array(in_snapshot)))
    headcount, trained = _members(staff, subs), _members(staff, took_course)
    for group in _ratio_groups():
        builder.add(4, "all", group, trained[group], headcount[group])


def _survey(builder: _Builder, survey: pd.DataFrame) -> None:
    for row in survey.itertuples(index=False):
        builder.add(
            int(row.indicator), str(row.measure), str(row.group), int(row.yes), int(row.respondents)
        )


def _indicator9(
    builder: _Builder,
    board: pd.DataFrame,
    workforce: dict[str, int],
    excluded: dict[str, int],
) -> None:
    excluded["board_unknown_ethnicity"] = int((board["wres_group"] == "Unknown").sum())
    bme = board["wres_group"] == "BME"
    for measure, members in (
        ("all", pd.Series(True, index=board.index)),
        ("voting", board["voting"].astype(bool)),
        ("executive", board["executive"].astype(bool)),
    ):
        builder.add(9, measure, "BME", int((bme & members).sum()), int(members.sum()))
    builder.add(9, "workforce", "BME", workforce["BME"], workforce["White"] + workforce["BME"])


NOTE_TEXT = {
    "recruitment_offer_declined": "shortlisted applicants who declined an offer were excluded "
    "from indicator 2",
    "recruitment_unknown_ethnicity": "shortlisted applicants of unknown ethnicity were excluded "
    "from indicator 2",
    "disciplinary_outside_window": "disciplinary cases opened outside the two years to the "
    "snapshot were not counted",
    "disciplinary_unknown_ethnicity": "disciplinary cases of staff of unknown ethnicity were "
    "excluded from indicator 3",
    "training_not_in_snapshot": "training records of people not in the staff snapshot "
    "(leavers) were not counted in indicator 4",
    "training_bank_staff": "training records of bank-only staff were not counted in indicator 4",
    "survey_finer_groups_not_supplied": "Staff Survey figures for a finer ethnic group (Asian, "
    "Black, Mixed or Other, one question each) were not supplied or were suppressed by the "
    "survey provider; those breakdowns are not shown",
    "board_unknown_ethnicity": "Board members of unknown ethnicity are counted as members but "
    "not as BME in indicator 9",
    "survey_rows_not_used": "rows of the Staff Survey results (questions the WRES does not "
    "use, and breakdowns other than ethnicity) were not used",
    "extract_columns_ignored": "columns in the extracts that no indicator reads were ignored",
    "staff_dates_unread": "start or leaving dates in the staff record could not be read as "
    "dates (no indicator uses them)",
}


def _extract_notes(data: Any, excluded: dict[str, int]) -> None:
    """What the loaders read past without refusing: headers no field matched, dates no
    indicator uses that are not dates (counted here so the data notes say them once)."""
    frames = [getattr(data, name, None) for name in SOURCE_NAMES]
    ignored = sum(len(f.attrs.get("ignored_columns", ())) for f in frames if f is not None)
    if ignored:
        excluded["extract_columns_ignored"] = ignored
    staff = getattr(data, "staff_record", None)
    unread = staff.attrs.get("unread_dates", {}) if staff is not None else {}
    if unread:
        excluded["staff_dates_unread"] = sum(len(rows) for rows in unread.values())


def counts_from_records(params: _YearParams, data: Any) -> pd.DataFrame:
    """Every count the year's staff-level frames support (docs/architecture.md, Counts).

    ``data`` is any object with attributes ``staff_record``, ``recruitment``,
    ``disciplinary``, ``training``, ``staff_survey`` and ``board`` (DataFrames as the loaders
    return them, or None when the source is not supplied). Indicators 3, 4 and 9 need the staff
    record for their denominators.

    Returns a sorted counts frame. Records left out by the method are counted, not dropped
    silently: ``frame.attrs["excluded"]`` maps a reason to a number of records and
    ``frame.attrs["notes"]`` maps each non-zero reason to a sentence (attrs do not survive
    ``pd.concat``: read them before merging).

    Method choices: indicators 1, 3 (``all``, ``two-year``) and 4 count substantive staff
    only; indicator 3 counts distinct people (a person with two cases counts once, in the group
    of their latest case), ``all`` and ``bank`` over the 12 months to the snapshot and
    ``two-year`` over the 24 months, all against the headcount at the snapshot; indicator 9's
    Board denominators are all members, including any of unknown ethnicity.
    """
    builder = _Builder(str(params.org), str(params.year))
    excluded: dict[str, int] = {}
    staff = _only(getattr(data, "staff_record", None), STAFF_COLUMNS)
    headcount: dict[str, dict[str, int]] | None = None
    substantive = _is_substantive(staff) if staff is not None else None
    if staff is not None:
        cells = _tally(staff, substantive)
        _indicator1(builder, staff, cells)
        headcount = {"substantive": _headcounts(cells, True), "bank": _headcounts(cells, False)}
    recruitment = _only(getattr(data, "recruitment", None), RECRUITMENT_COLUMNS)
    if recruitment is not None:
        _indicator2(builder, recruitment, excluded)
    needs_staff = [
        name
        for name in ("disciplinary", "training", "board")
        if getattr(data, name, None) is not None
    ]
    if needs_staff and (staff is None or headcount is None):
        raise InputError.single(
            "staff_record",
            None,
            None,
            None,
            f"a staff record: {', '.join(needs_staff)} need its headcounts",
        )
    snapshot = pd.Timestamp(params.snapshot_date)
    if getattr(data, "disciplinary", None) is not None and headcount is not None:
        cases = _only(data.disciplinary, CASE_COLUMNS)
        _indicator3(builder, cases, snapshot, headcount, excluded)
    if getattr(data, "training", None) is not None and staff is not None:
        _indicator4(builder, data.training, staff, substantive, excluded)
    survey = getattr(data, "staff_survey", None)
    if survey is not None:
        _survey(builder, survey)
        # The loader refuses a file without a question's White or BME row; a finer group the
        # provider left out or suppressed is an optional breakdown, said in the notes.
        excluded["survey_finer_groups_not_supplied"] = int(
            survey.attrs.get("finer_groups_not_supplied", 0)
        )
        if survey.attrs.get("rows_not_used"):
            excluded["survey_rows_not_used"] = int(survey.attrs["rows_not_used"])
    if getattr(data, "board", None) is not None and headcount is not None:
        _indicator9(builder, data.board, headcount["substantive"], excluded)
    _extract_notes(data, excluded)
    frame = sort_counts(check_counts(builder.frame(), f"counts from records ({params.year})"))
    frame.attrs["excluded"] = excluded
    frame.attrs["notes"] = {
        reason: f"{number} {NOTE_TEXT[reason]}" for reason, number in excluded.items() if number
    }
    return frame
