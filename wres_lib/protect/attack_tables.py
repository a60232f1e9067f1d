"""Read published WRES tables the way an outside reader would: cells, not code.

The attack of :mod:`wres_lib.protect.attack` works from what is on the web, so this module
parses the public CSV tables (``public/tables/*.csv``, numbers in their own columns, joined back
into the displayed cells by :mod:`wres_lib.protect.published_tables`) of one or more published
reports into
*cells*: a count (or ``R``) with its place, a printed percentage or a printed ratio. It knows
the national WRES layout (indicators, groups, pay-band rows, which headcounts are shared) as any
reader does, and nothing about how the tables were made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wres_lib.inputs.bands import band_row_labels
from wres_lib.protect.published_tables import HIDDEN, read_published

FINER = ("Asian", "Black", "Mixed", "Other")
GROUPS = ("White", "BME", *FINER)
Key = tuple[str, int, str, str, str]  # year, indicator, measure, group, numerator/denominator

_FRACTION = re.compile(r"^(R|\d+) out of (R|\d+)$")
_PERCENT = re.compile(r"^(R|-?\d+(?:\.\d+)?)%")
_RATIO = re.compile(r"^(R|\d+\.\d+)(\s*\(.*\))?$")
_YEAR = re.compile(r"(\d{4})/(\d{2})")
_TABLE = re.compile(r"^\d+_(indicator_(\d)_(.+))$")
# "n. White" or "White (number out of total)": a row of counts
_COUNT_ROW = re.compile(r"^(?:n\. (\w+)|(\w+) \(number out of total\))$")
_RATIO_ROW = re.compile(r"^Relative likelihood \((\w+)/(\w+)\)")


@dataclass(frozen=True)
class Place:
    """Where a number is printed: folder, table file, row and column labels."""

    folder: str
    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.folder}: {self.table}, row '{self.row}', column '{self.column}'"


@dataclass(frozen=True)
class Percent:
    """A printed percentage 100·n/N (to ``dp`` places) of two counts."""

    numerator: Key
    denominator: Key
    value: float
    dp: int
    place: Place


@dataclass(frozen=True)
class Ratio:
    """A printed relative likelihood (a/A)/(b/B) to ``dp`` places; ``interval`` if printed."""

    counts: tuple[Key, Key, Key, Key]
    value: float
    dp: int
    interval: bool
    place: Place


@dataclass
class Publication:
    """Everything the parsed folders print: counts, hidden counts, percentages, ratios."""

    shown: dict[Key, int] = field(default_factory=dict)
    hidden: dict[Key, list[Place]] = field(default_factory=dict)
    places: dict[Key, list[Place]] = field(default_factory=dict)
    percents: list[Percent] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    years: set[tuple[str, int, str]] = field(default_factory=set)  # year, indicator, measure

    def count(self, key: Key, text: str, place: Place) -> None:
        key = canonical(key)
        self.places.setdefault(key, []).append(place)
        self.years.add((key[0], key[1], key[2]))
        if text == HIDDEN:
            self.hidden.setdefault(key, []).append(place)
            return
        value = int(text)
        if key in self.shown and self.shown[key] != value:
            self.conflicts.append(f"{place}: {value}, elsewhere {self.shown[key]}")
            return
        self.shown[key] = value


def year_of(label: str) -> str | None:
    match = _YEAR.search(label)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def canonical(key: Key) -> Key:
    """One variable for one number wherever it is printed (the shared headcounts)."""
    year, indicator, measure, group, part = key
    if indicator == 1 and part == "denominator":
        return (year, 1, measure, "All" if group == "Unknown" else "Known", part)
    if indicator in (3, 4) and part == "denominator" and group != "Unknown":
        source = "bank" if measure == "bank" else "overall"
        return (year, 1, source, group, "numerator")
    return key


def _fraction(pub: Publication, key: tuple[str, int, str, str], text: str, place: Place) -> None:
    text = str(text).strip().replace(",", "")  # "R out of 4,015"
    if text == HIDDEN:
        pub.count((*key, "numerator"), HIDDEN, place)
        pub.count((*key, "denominator"), HIDDEN, place)
        return
    match = _FRACTION.match(text)
    if match:
        pub.count((*key, "numerator"), match.group(1), place)
        pub.count((*key, "denominator"), match.group(2), place)


def _percent(pub: Publication, key: tuple[str, int, str, str], text: str, place: Place) -> None:
    match = _PERCENT.match(str(text).strip())
    if not match or match.group(1) == HIDDEN:
        return
    number = match.group(1)
    dp = len(number.split(".")[1]) if "." in number else 0
    num, den = canonical((*key, "numerator")), canonical((*key, "denominator"))
    pub.percents.append(Percent(num, den, float(number), dp, place))


def _ratio(
    pub: Publication, year: str, indicator: int, measure: str, name: str, text: str, place: Place
) -> None:
    match = _RATIO.match(str(text).strip())
    if not match or match.group(1) == HIDDEN:
        return
    top, bottom = name.split("/")
    counts = tuple(
        canonical((year, indicator, measure, g, p))
        for g in (top, bottom)
        for p in ("numerator", "denominator")
    )
    dp = len(match.group(1).split(".")[1])
    pub.ratios.append(Ratio(counts, float(match.group(1)), dp, bool(match.group(2)), place))


def read_folder(folder: Path, pub: Publication | None = None) -> Publication:
    """Parse one published report's ``tables/`` (the folder itself, or its ``public/``)."""
    pub = pub or Publication()
    root = Path(folder)
    tables = next((t for t in (root / "tables", root / "public" / "tables") if t.is_dir()), None)
    if tables is None:
        raise FileNotFoundError(f"{root}: no tables/ or public/tables/ folder of published CSVs")
    label = str(root)
    frames = {p.stem: read_published(p) for p in sorted(tables.glob("*.csv"))}
    # The report's latest year, from the indicators' tables (the Model Employer trajectory and
    # the action plan run on to target years).
    years = [
        y
        for stem, f in frames.items()
        if _TABLE.match(stem)
        for c in f.columns
        if (y := year_of(str(c)))
    ]
    latest = max(years) if years else ""
    for stem, frame in frames.items():
        match = _TABLE.match(stem)
        if not match:
            continue
        name, indicator, rest = match.group(1), int(match.group(2)), match.group(3)
        frame = frame.set_index(frame.columns[0])
        for row, values in frame.iterrows():
            for column, text in values.items():
                place = Place(label, stem, str(row), str(column))
                _cell(pub, name, indicator, rest, str(row), str(column), text, place, latest)
    return pub


def _cell(
    pub: Publication,
    name: str,
    indicator: int,
    rest: str,
    row: str,
    column: str,
    text: str,
    place: Place,
    latest: str,
) -> None:
    """One printed cell into counts, percentages and ratios."""
    labels = {text: m for m, text in band_row_labels().items()}
    labels["All substantive staff"] = "overall"
    year = year_of(column)
    if indicator == 1 and rest in ("band", "grouped") and year and row in labels:
        key = (year, 1, labels[row], "BME")
        if column.startswith("%"):
            _percent(pub, key, text, place)
        else:
            _fraction(pub, key, text, place)
    elif indicator == 1 and rest == "ethnic_groups" and row in labels and latest:
        _fraction(pub, (latest, 1, labels[row], column), text, place)
    elif indicator == 1 and rest == "bank" and latest:
        key = (latest, 1, "bank", row)
        if column.startswith("%"):
            _percent(pub, key, text, place)
        else:
            _fraction(pub, key, text, place)
    elif 2 <= indicator <= 8 and year:
        if rest == "ethnic_groups" and "/" in row:
            _ratio(pub, year, indicator, "all", row, text, place)
            return
        measure = rest.replace("_", "|")
        group = _COUNT_ROW.match(row)
        if group:
            _fraction(
                pub, (year, indicator, measure, group.group(1) or group.group(2)), text, place
            )
        elif row.startswith("% ") and row.split()[1] in GROUPS:
            _percent(pub, (year, indicator, measure, row.split()[1]), text, place)
        elif ratio := _RATIO_ROW.match(row):
            name_ = f"{ratio.group(1)}/{ratio.group(2)}"
            _ratio(pub, year, indicator, measure, name_, text, place)


def _share(frame: pd.DataFrame) -> tuple[int, int]:
    """(cells hidden, cells printed with a number or R) in one table."""
    cells = [str(v).strip() for v in frame.to_numpy().ravel()]
    numeric = [c for c in cells if c and (c[0].isdigit() or c.startswith(HIDDEN) or c[0] == "-")]
    hidden = [c for c in numeric if c == HIDDEN or c.startswith(f"{HIDDEN} ") or c == "R%"]
    return len(hidden), len(numeric)


def hidden_share(folder: Path) -> dict[str, tuple[int, int]]:
    """Per table of one published folder: (cells hidden, cells with a number or R)."""
    root = Path(folder)
    tables = root / "tables" if (root / "tables").is_dir() else root / "public" / "tables"
    shares = {}
    for path in sorted(tables.glob("*.csv")):
        frame = read_published(path)
        shares[path.stem] = _share(frame.set_index(frame.columns[0]))
    return shares
