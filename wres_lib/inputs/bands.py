"""Pay bands and staff groups as data: raw labels -> indicator 1's band rows.

``data/pay_band_map.csv`` maps a pay band label (normalised: lower case, single spaces, no
punctuation) to a band code and its sort order; ``data/staff_group_map.csv`` maps an ESR staff
group to the workforce it is reported in (non-clinical, clinical, medical). A band row is
``f"{workforce}|{band}"``: ``non-clinical|Band 5``, ``clinical|Band 8a``, ``medical|Consultant``.

Choices, made once here:

* Apprentices and Band 1 share the row ``Under Band 1``: WRES reports "under Band 1" and
  apprentices together, and both are too few to show apart without disclosure risk. The
  grouped row adding up the non-clinical and clinical ``Under Band 1`` rows has the same name
  (``grouped|Under Band 1``), so one thing has one name in every table.
* A Medical and Dental staff member always gets a medical row. A grade that is not a medical
  grade (say a Medical Director on VSM pay) goes to ``medical|Other`` rather than into the
  non-clinical bands, because the WRES medical rows cover all medical and dental staff.
* A medical grade on someone outside Medical and Dental, or any label not in the maps, is an
  :class:`~wres_lib.errors.InputError`, never a guess.
"""

from __future__ import annotations

import csv
import functools
import io
import numbers
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.ethnicity import normalise
from wres_lib.inputs.labels import label_codes, spaced_text, spread

PAY_BAND_FILE = "pay_band_map.csv"
STAFF_GROUP_FILE = "staff_group_map.csv"
WORKFORCES = ("non-clinical", "clinical", "medical")
WORKFORCE_LABELS = {
    "non-clinical": "Non-clinical",
    "clinical": "Clinical",
    "medical": "Medical and dental",
}
MEDICAL_OTHER = "Other"
OUTPUT_COLUMNS = ("workforce", "band", "band_row", "grouped_row")
MAX_ROWS_LISTED = 10


@dataclass(frozen=True)
class PayBand:
    band: str
    kind: str  # "afc" (Agenda for Change, apprentices, VSM) or "medical"
    sort_order: int


@dataclass(frozen=True)
class StaffGroup:
    staff_group: str
    workforce: str


class BandRow(NamedTuple):
    """One row of indicator 1's table: its code, the section and band as a reader sees them."""

    row: str
    workforce: str
    band: str
    label: str


class GroupedRow(NamedTuple):
    """One row of the seed report's Table 2 and the band rows it adds up."""

    row: str
    label: str
    members: tuple[str, ...]


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("wres_lib.inputs").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@functools.cache
def load_pay_band_map() -> dict[str, PayBand]:
    """Normalised pay band label -> band. Read once per process."""
    mapping: dict[str, PayBand] = {}
    for number, row in enumerate(_read(PAY_BAND_FILE), start=2):
        label = row["label"]
        if label != normalise(label) or label in mapping or row["kind"] not in ("afc", "medical"):
            raise ValueError(f"{PAY_BAND_FILE} row {number} is not valid: {row}")
        mapping[label] = PayBand(row["band"], row["kind"], int(row["sort_order"]))
    return mapping


@functools.cache
def load_staff_group_map() -> dict[str, StaffGroup]:
    """Normalised ESR staff group -> canonical name and workforce. Read once per process."""
    mapping: dict[str, StaffGroup] = {}
    for number, row in enumerate(_read(STAFF_GROUP_FILE), start=2):
        label = row["label"]
        if label != normalise(label) or label in mapping or row["workforce"] not in WORKFORCES:
            raise ValueError(f"{STAFF_GROUP_FILE} row {number} is not valid: {row}")
        mapping[label] = StaffGroup(row["staff_group"], row["workforce"])
    return mapping


# A trust's own rows (wres_lib.inputs.trust_maps), looked up before the package's while its
# extracts are read; empty otherwise.
TRUST_PAY_BANDS: ContextVar[Mapping[str, PayBand]] = ContextVar(
    "trust_pay_bands", default=MappingProxyType({})
)
TRUST_STAFF_GROUPS: ContextVar[Mapping[str, StaffGroup]] = ContextVar(
    "trust_staff_groups", default=MappingProxyType({})
)


def pay_band(label: object) -> PayBand | None:
    """The band a pay band label means (case, spaces and punctuation ignored), or None."""
    key = normalise(label)
    return TRUST_PAY_BANDS.get().get(key) or load_pay_band_map().get(key)


def staff_group(label: object) -> StaffGroup | None:
    """The staff group a label means (case, spaces and ``&``/``and`` ignored), or None."""
    key = normalise(label)
    return TRUST_STAFF_GROUPS.get().get(key) or load_staff_group_map().get(key)


def _bands(kind: str) -> list[str]:
    ordered = sorted(
        {(b.sort_order, b.band) for b in load_pay_band_map().values() if b.kind == kind}
    )
    return [band for _, band in ordered]


@functools.cache
def _band_rows() -> tuple[BandRow, ...]:
    rows = []
    for workforce in WORKFORCES:
        for band in _bands("medical" if workforce == "medical" else "afc"):
            row = f"{workforce}|{band}"
            rows.append(BandRow(row, workforce, band, f"{WORKFORCE_LABELS[workforce]}: {band}"))
    return tuple(rows)


def afc_bands() -> list[str]:
    """Agenda for Change bands, lowest first (the order of the pay band map)."""
    return _bands("afc")


@functools.cache
def _ranks(kind: str) -> dict[str, int]:
    return {band.lower(): rank for rank, band in enumerate(_bands(kind))}


def split_band_row(measure: str) -> tuple[str, str]:
    """``"clinical|Band 8a"`` -> ``("clinical", "Band 8a")``; no bar -> ``("", measure)``."""
    workforce, sep, band = str(measure).partition("|")
    return (workforce, band) if sep else ("", str(measure))


def band_rank(band: str) -> int | None:
    """Position of an Agenda for Change band, lowest first (``"Band 8A"`` and ``"band 8a"``)."""
    return _ranks("afc").get(str(band).strip().lower())


def band_sort_key(measure: str) -> tuple[int, int, str]:
    """Sort band rows as a reader expects: workforce, then band from lowest to highest.

    Grouped rows come last, in the order they arrive (the sort is stable); unknown bands sort
    after the known ones of their workforce.
    """
    workforce, band = split_band_row(measure)
    order = (*WORKFORCES, "grouped")
    w = order.index(workforce) if workforce in order else len(order)
    if workforce == "grouped":
        return (w, 0, "")
    ranks = _ranks("medical" if workforce == "medical" else "afc")
    return (w, ranks.get(band.strip().lower(), len(ranks)), band)


def band_rows() -> list[BandRow]:
    """Every band row of indicator 1 in report order: non-clinical, clinical, then medical."""
    return list(_band_rows())


def _afc(workforce: str, first: str, last: str) -> tuple[str, ...]:
    bands = _bands("afc")
    return tuple(f"{workforce}|{b}" for b in bands[bands.index(first) : bands.index(last) + 1])


@functools.cache
def _grouped_rows() -> tuple[GroupedRow, ...]:
    medical = tuple(f"medical|{b}" for b in _bands("medical"))
    lowest = _bands("afc")[0]  # "Under Band 1": the grouped row keeps the band rows' name
    spec = (
        ("Non-clinical Bands 2 to 8a", _afc("non-clinical", "Band 2", "Band 8a")),
        ("Non-clinical Bands 8b to VSM", _afc("non-clinical", "Band 8b", "VSM")),
        ("Clinical Band 2", _afc("clinical", "Band 2", "Band 2")),
        ("Clinical Bands 3 to 4", _afc("clinical", "Band 3", "Band 4")),
        ("Clinical Band 5", _afc("clinical", "Band 5", "Band 5")),
        ("Clinical Bands 6 to VSM", _afc("clinical", "Band 6", "VSM")),
        ("Medical (all grades)", medical),
        (lowest, _afc("non-clinical", lowest, lowest) + _afc("clinical", lowest, lowest)),
    )
    return tuple(GroupedRow(f"grouped|{label}", label, members) for label, members in spec)


def grouped_rows() -> list[GroupedRow]:
    """The seed report's Table 2 rows (grouped bands), each with the band rows it adds up.

    Every band row belongs to exactly one grouped row.
    """
    return list(_grouped_rows())


@functools.cache
def grouped_row_map() -> dict[str, str]:
    """Band row -> grouped row (``clinical|Band 5`` -> ``grouped|Clinical Band 5``)."""
    return {member: group.row for group in _grouped_rows() for member in group.members}


@functools.cache
def _band_row_labels() -> tuple[tuple[str, str], ...]:
    return tuple((r.row, r.label) for r in _band_rows()) + tuple(
        (g.row, g.label) for g in _grouped_rows()
    )


def band_row_labels() -> dict[str, str]:
    """Every indicator 1 measure but ``overall`` and ``bank`` -> its label, in report order:
    band rows (``Clinical: Band 5``) then grouped rows (``Clinical Band 5``)."""
    return dict(_band_row_labels())


def _row(value: object) -> int | None:
    return int(value) if isinstance(value, numbers.Integral) else None


def _listed(rows: list[int | None]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    more = len(rows) - MAX_ROWS_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _problems_by_value(
    values: pd.Series, mask: pd.Series, file: str, column: str, expected: str
) -> list[Problem]:
    """One problem per distinct bad value, naming its first row and listing the others."""
    problems = []
    bad = values[mask]
    for value in pd.unique(bad):
        rows = [_row(r) for r in bad.index[bad == value]]
        problems.append(
            Problem(
                file,
                rows[0],
                column,
                value,
                f"{expected}; {len(rows)} row(s) have this value: {_listed(rows)}",
            )
        )
    return problems


class _Looked(NamedTuple):
    """Labels looked up once each: the rows' codes and each distinct label's entry (or None)."""

    text: pd.Series
    codes: np.ndarray
    found: list

    def unknown(self) -> pd.Series:
        """Rows whose label is not in the map."""
        return spread([item is None for item in self.found], self.codes, self.text, "bool")

    def field(self, name: str) -> pd.Series:
        """One field of the entries (``band``, ``kind``, ``workforce``), blank where unknown."""
        table = ["" if item is None else getattr(item, name) for item in self.found]
        return spread(table, self.codes, self.text, "str")


def _look_up(series: pd.Series, function: Callable[[object], object]) -> _Looked:
    text = spaced_text(series)
    codes, distinct = label_codes(text)
    return _Looked(text, codes, [function(label) for label in distinct])


def pay_band_problems(
    series: pd.Series, file: str, column: str = "pay_band"
) -> tuple[pd.Series, list[Problem]]:
    """Band code for each label (empty where unknown) and a problem per unknown label."""
    looked = _look_up(series, pay_band)
    problems = _problems_by_value(
        looked.text,
        looked.unknown(),
        file,
        column,
        f"a pay band or medical grade listed in {PAY_BAND_FILE} (add yours to maps/"
        f"{PAY_BAND_FILE} in your folder)",
    )
    return looked.field("band"), problems


def band_problems(
    pay_bands: pd.Series,
    staff_groups: pd.Series,
    file: str,
    band_column: str = "pay_band",
    group_column: str = "staff_group",
) -> tuple[pd.DataFrame, list[Problem]]:
    """``workforce``, ``band``, ``band_row`` and ``grouped_row`` per row, and every problem.

    Rows with a problem get empty strings; loaders raise before returning such a frame.
    """
    found_band = _look_up(pay_bands, pay_band)
    found_group = _look_up(staff_groups, staff_group)
    band_text = found_band.text
    problems = _problems_by_value(
        found_group.text,
        found_group.unknown(),
        file,
        group_column,
        f"an ESR staff group listed in {STAFF_GROUP_FILE} (add yours to maps/"
        f"{STAFF_GROUP_FILE} in your folder)",
    )
    problems += _problems_by_value(
        band_text,
        found_band.unknown(),
        file,
        band_column,
        f"a pay band or medical grade listed in {PAY_BAND_FILE} (add yours to maps/"
        f"{PAY_BAND_FILE} in your folder)",
    )
    workforce = found_group.field("workforce")
    band_kind = found_band.field("kind")
    misplaced = (band_kind == "medical") & workforce.isin(["clinical", "non-clinical"])
    problems += _problems_by_value(
        band_text,
        misplaced,
        file,
        band_column,
        "an Agenda for Change band: a medical grade needs staff group Medical and Dental",
    )
    band = found_band.field("band")
    medical_afc = (workforce == "medical") & (band_kind == "afc")
    band = band.where(~medical_afc, MEDICAL_OTHER)
    ok = (workforce != "") & (band != "") & ~misplaced
    band_row = (workforce + "|" + band).where(ok, "")
    grouped = band_row.map(grouped_row_map()).fillna("")
    frame = pd.DataFrame(
        {
            "workforce": workforce.where(ok, ""),
            "band": band.where(ok, ""),
            "band_row": band_row,
            "grouped_row": grouped,
        },
        index=pay_bands.index,
    ).astype("str")
    return frame, problems


def classify_bands(
    pay_bands: pd.Series,
    staff_groups: pd.Series,
    file: str,
    band_column: str = "pay_band",
    group_column: str = "staff_group",
) -> pd.DataFrame:
    """Band rows for a staff record's pay band and staff group columns (aligned to the index).

    Raises InputError naming every unknown label (with its rows) and every medical grade held
    by someone outside Medical and Dental.
    """
    frame, problems = band_problems(pay_bands, staff_groups, file, band_column, group_column)
    if problems:
        raise InputError(problems)
    return frame
