"""Everything a set of published reports prints, read the way an outside reader reads it.

A :class:`Publication` gathers the cells of :mod:`wres_lib.protect.table_cells` from one or
more reports: the public CSV tables of a published folder (``public/tables/*.csv``), the tables
of a report being built (in memory, through the same CSV shape), or a trust's earlier report
typed from its PDF (the published figures CSV of :mod:`wres_lib.measure.published_figures`).
The same number printed twice is one count; two different numbers for it are a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wres_lib.protect.published_tables import displayed, numeric_table, read_published
from wres_lib.protect.table_cells import (
    Cell,
    Key,
    Place,
    TableReading,
    canonical,
    decimals,
    latest_year,
    read_table,
    restated_numbers,
    table_kind,
    table_name,
)

FIGURES_NAME = "published figures"  # the table name of a typed earlier report's cells


@dataclass
class Publication:
    """Every figure the reports read so far print (see the module docstring)."""

    cells: list[Cell] = field(default_factory=list)
    shown: dict[Key, int] = field(default_factory=dict)
    hidden: dict[Key, list[Place]] = field(default_factory=dict)
    places: dict[Key, list[Place]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    # (folder, year) of each report read: the report's own (latest) year.
    reports: list[tuple[str, str]] = field(default_factory=list)

    @property
    def years(self) -> set[tuple[str, int, str]]:
        return {(k[0], k[1], k[2]) for k in self.places}

    @property
    def percents(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "percent" and c.value is not None]

    @property
    def ratios(self) -> list[Cell]:
        return [c for c in self.cells if c.kind == "ratio" and c.value is not None]

    def add(self, reading: TableReading) -> None:
        self.unread.extend(reading.unread)
        for cell in reading.cells:
            self.cells.append(cell)
            for key in cell.keys:
                self.places.setdefault(key, [])
            if cell.kind in ("count", "fraction"):
                for key, number in zip(cell.keys, cell.numbers, strict=True):
                    self._count(key, number, cell.place)
            else:
                for key in cell.keys:
                    self.places[key].append(cell.place)

    def _count(self, key: Key, number: int | None, place: Place) -> None:
        self.places[key].append(place)
        if number is None:
            self.hidden.setdefault(key, []).append(place)
            return
        if key in self.shown and self.shown[key] != number:
            self.conflicts.append(f"{place}: {number}, elsewhere {self.shown[key]}")
            return
        self.shown[key] = number


def reading_of(frame: pd.DataFrame) -> pd.DataFrame:
    """A displayed table (first column its row labels) as the public CSV gives it back."""
    return displayed(numeric_table(frame))


def read_tables(
    frames: Mapping[str, pd.DataFrame],
    pub: Publication | None = None,
    *,
    folder: str = "",
    latest: str | None = None,
) -> Publication:
    """The tables of one report (name -> displayed frame, read as its CSVs would be)."""
    pub = pub or Publication()
    latest = latest if latest is not None else latest_year(frames)
    restated: list[tuple[str, pd.DataFrame]] = []
    before = len(pub.cells)
    for stem, frame in frames.items():
        if table_kind(stem) == "restated":
            restated.append((stem, frame))
        pub.add(read_table(stem, frame, latest, folder))
    printed = {_number_text(c) for c in pub.cells[before:]} - {None}
    for stem, frame in restated:  # every number in it must be one the tables print
        for number in restated_numbers(frame):
            if number not in printed and not _rounded_from(number, printed):
                pub.unread.append(f"{folder}: {stem}: {number} is printed in no other table")
    pub.reports.append((folder, latest))
    return pub


def read_folder(
    folder: Path, pub: Publication | None = None, label: str | None = None
) -> Publication:
    """Parse one published report's ``tables/`` (the folder itself, or its ``public/``);
    ``label`` names the report in what is found (default: the folder)."""
    root = Path(folder)
    tables = next((t for t in (root / "tables", root / "public" / "tables") if t.is_dir()), None)
    if tables is None:
        raise FileNotFoundError(f"{root}: no tables/ or public/tables/ folder of published CSVs")
    frames = {p.stem: read_published(p) for p in sorted(tables.glob("*.csv"))}
    return read_tables(frames, pub, folder=label or str(root))


def read_figures(
    frame: pd.DataFrame, pub: Publication | None = None, folder: str = ""
) -> Publication:
    """A trust's earlier report typed as published figures (one row a group's figures)."""
    pub = pub or Publication()
    reading = TableReading()
    source = folder or str(frame.attrs.get("source_file", FIGURES_NAME))
    for row, r in frame.iterrows():
        year, indicator, measure, group = r["year"], int(r["indicator"]), r["measure"], r["group"]
        label = f"row {row}"
        if "/" in group:
            if r["ratio_text"]:
                first, second = group.split("/")
                keys = tuple(
                    canonical((year, indicator, measure, g, p))
                    for g in (first, second)
                    for p in ("numerator", "denominator")
                )
                text = r["ratio_text"]
                value = None if text == "R" else float(text)
                place = Place(source, FIGURES_NAME, label, "ratio")
                kind_text = "R" if value is None else text
                cell = Cell(place, "ratio", keys, kind_text, (), value, decimals(text))
                reading.cells.append(cell)
            continue
        num = canonical((year, indicator, measure, group, "numerator"))
        den = canonical((year, indicator, measure, group, "denominator"))
        num_text, den_text = r["numerator_text"], r["denominator_text"]
        place = Place(source, FIGURES_NAME, label, "numerator and denominator")
        if num_text and den_text:
            numbers = tuple(None if t == "R" else int(t) for t in (num_text, den_text))
            text = f"{num_text} out of {den_text}"
            reading.cells.append(Cell(place, "fraction", (num, den), text, numbers))
        elif num_text or den_text:
            key, text = (num, num_text) if num_text else (den, den_text)
            number = None if text == "R" else int(text)
            reading.cells.append(Cell(place, "count", (key,), text, (number,)))
        if r["percent_text"]:
            text = r["percent_text"]
            value = None if text == "R" else float(text)
            place = Place(source, FIGURES_NAME, label, "percent")
            shown = "R%" if value is None else f"{text}%"
            cell = Cell(place, "percent", (num, den), shown, (), value, decimals(text))
            reading.cells.append(cell)
    pub.add(reading)
    pub.reports.append((source, str(frame["year"].max()) if len(frame) else ""))
    return pub


def _number_text(cell: Cell) -> str | None:
    if cell.value is not None:
        return f"{cell.value:.{cell.dp}f}"
    return None


def _rounded_from(number: str, printed: set[str]) -> bool:
    decimals = len(number.split(".")[1]) if "." in number else 0
    return any(
        "." in p and len(p.split(".")[1]) > decimals and round(float(p), decimals) == float(number)
        for p in printed
    )


def _share(frame: pd.DataFrame) -> tuple[int, int]:
    """(cells hidden, cells printed with a number or R) in one table."""
    from wres_lib.protect.published_tables import HIDDEN

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


__all__ = [
    "FIGURES_NAME",
    "Publication",
    "hidden_share",
    "read_figures",
    "read_folder",
    "read_tables",
    "reading_of",
    "table_name",
]
