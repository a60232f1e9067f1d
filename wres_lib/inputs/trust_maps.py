"""A trust's own label maps: pay bands, staff groups and ethnicity codes in its ``maps/`` folder.

A trust with ``Locum Consultant`` on its pay band list, its own staff group codes, or its own
view of which staff group is clinical writes those rows in ``maps/`` beside ``params/`` (``wres
init`` copies the package's maps there to edit). Each row is checked like an extract, and while
the year's extracts are read a trust's row wins over the package's row for the same label. A
trust's pay band row names one of the package's bands (the report's band rows are the same for
every trust, so trusts can be compared); its staff group row may put any group in any of the
three workforces.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from wres_lib.errors import InputError, Problem
from wres_lib.inputs import bands, ethnicity
from wres_lib.inputs.ethnicity import CATEGORY_GROUPS, Ethnicity, normalise
from wres_lib.inputs.params import Params
from wres_lib.inputs.tabular import read_table

MAPS_FOLDER = "maps"
MAP_COLUMNS = {
    bands.PAY_BAND_FILE: ("label", "band"),
    bands.STAFF_GROUP_FILE: ("label", "staff_group", "workforce"),
    ethnicity.MAP_FILE: ("label", "ethnic_code", "ethnic_group", "wres_group"),
}


@dataclass(frozen=True)
class TrustMaps:
    """A trust's rows, keyed by normalised label; empty where it has no file."""

    pay_bands: dict[str, bands.PayBand] = field(default_factory=dict)
    staff_groups: dict[str, bands.StaffGroup] = field(default_factory=dict)
    ethnicities: dict[str, Ethnicity] = field(default_factory=dict)
    files: tuple[str, ...] = ()


def maps_folder(params: Params) -> Path:
    return Path(params.project_root or ".") / MAPS_FOLDER


def read_trust_maps(params: Params) -> TrustMaps:
    """Every map file in the trust's ``maps/`` folder, checked; every problem raised together.
    Read once while the files stay as they are (a report loads several years)."""
    folder = maps_folder(params)
    if not folder.is_dir():
        return TrustMaps()
    stamps = tuple(
        (name, path.stat().st_mtime_ns, path.stat().st_size)
        for name in MAP_COLUMNS
        if (path := folder / name).is_file()
    )
    return _read_folder(folder.resolve(), stamps)


@functools.lru_cache(maxsize=8)
def _read_folder(folder: Path, stamps: tuple[tuple[str, int, int], ...]) -> TrustMaps:
    """The maps of one folder as they were when ``stamps`` (name, mtime, size) were taken."""
    problems: list[Problem] = []
    found: dict[str, dict] = {}
    for name, reader in (
        (bands.PAY_BAND_FILE, _pay_band_row),
        (bands.STAFF_GROUP_FILE, _staff_group_row),
        (ethnicity.MAP_FILE, _ethnicity_row),
    ):
        path = folder / name
        if path.is_file():
            found[name] = _read_map(path, MAP_COLUMNS[name], reader, problems)
    if problems:
        raise InputError(problems)
    return TrustMaps(
        found.get(bands.PAY_BAND_FILE, {}),
        found.get(bands.STAFF_GROUP_FILE, {}),
        found.get(ethnicity.MAP_FILE, {}),
        tuple(str(folder / name) for name in found),
    )


@contextlib.contextmanager
def trust_maps_in_use(maps: TrustMaps) -> Iterator[None]:
    """Look a trust's labels up first while its extracts are read."""
    tokens = (
        bands.TRUST_PAY_BANDS.set(maps.pay_bands),
        bands.TRUST_STAFF_GROUPS.set(maps.staff_groups),
        ethnicity.TRUST_ETHNICITIES.set(maps.ethnicities),
    )
    try:
        yield
    finally:
        bands.TRUST_PAY_BANDS.reset(tokens[0])
        bands.TRUST_STAFF_GROUPS.reset(tokens[1])
        ethnicity.TRUST_ETHNICITIES.reset(tokens[2])


def write_map_copies(folder: Path) -> list[Path]:
    """The package's maps copied into a trust's ``maps/`` folder, to edit (``wres init``)."""
    target = Path(folder) / MAPS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in MAP_COLUMNS:
        source = resources.files("wres_lib.inputs").joinpath("data", name)
        with resources.as_file(source) as path:
            shutil.copyfile(path, target / name)
        written.append(target / name)
    return written


def _read_map(path: Path, columns: tuple[str, ...], reader, problems: list[Problem]) -> dict:
    frame = read_table(path, None)
    file = str(path)
    headers = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in columns if c not in headers]
    if missing:
        problems += [
            Problem(file, 1, c, None, f"a column named {c!r} (the columns: {', '.join(columns)})")
            for c in missing
        ]
        return {}
    frame.columns = headers
    rows: dict[str, tuple[int, object]] = {}
    for number, row in frame.iterrows():
        cells = {c: str(row[c]).strip() for c in headers}
        label = normalise(cells["label"])  # blank is a label too (ethnicity: not stated)
        if label in rows:
            first = rows[label][0]
            problems.append(
                Problem(file, number, "label", cells["label"], f"a label used once (row {first})")
            )
            continue
        entry = reader(file, number, cells, problems)
        if entry is not None:
            rows[label] = (number, entry)
    return {label: entry for label, (_, entry) in rows.items()}


def _pay_band_row(file: str, row: int, cells: dict[str, str], problems: list[Problem]):
    known = {band.band.lower(): band for band in bands.load_pay_band_map().values()}
    band = known.get(cells["band"].lower())
    if band is None:
        names = ", ".join(dict.fromkeys(b.band for b in bands.load_pay_band_map().values()))
        problems.append(Problem(file, row, "band", cells["band"], f"one of the bands: {names}"))
        return None
    # A copy of the package's map carries each band's kind and order: they are the band's own.
    for column, own in (("kind", band.kind), ("sort_order", str(band.sort_order))):
        if cells.get(column, own) not in ("", own):
            problems.append(Problem(file, row, column, cells[column], f"{own} ({band.band}'s)"))
            return None
    return band


def _staff_group_row(file: str, row: int, cells: dict[str, str], problems: list[Problem]):
    if not cells["staff_group"]:
        problems.append(Problem(file, row, "staff_group", "", "the staff group's name"))
        return None
    if cells["workforce"] not in bands.WORKFORCES:
        problems.append(
            Problem(
                file, row, "workforce", cells["workforce"], f"one of {', '.join(bands.WORKFORCES)}"
            )
        )
        return None
    return bands.StaffGroup(cells["staff_group"], cells["workforce"])


def _ethnicity_row(file: str, row: int, cells: dict[str, str], problems: list[Problem]):
    code, group, wres = cells["ethnic_code"], cells["ethnic_group"], cells["wres_group"]
    if code not in CATEGORY_GROUPS:
        letters = ", ".join(CATEGORY_GROUPS)
        expected = f"an NHS category letter: {letters}"
        problems.append(Problem(file, row, "ethnic_code", code, expected))
        return None
    if group != CATEGORY_GROUPS[code]:
        problems.append(
            Problem(file, row, "ethnic_group", group, f"{CATEGORY_GROUPS[code]} (code {code})")
        )
        return None
    expected = group if group in ("White", "Unknown") else "BME"
    if wres != expected:
        problems.append(Problem(file, row, "wres_group", wres, f"{expected} ({group})"))
        return None
    return Ethnicity(code, group, wres)


def describe_trust_maps(maps: TrustMaps) -> str | None:
    """What ``wres validate`` says about a trust's own maps (None when it has none)."""
    if not maps.files:
        return None
    sizes = {
        bands.PAY_BAND_FILE: len(maps.pay_bands),
        bands.STAFF_GROUP_FILE: len(maps.staff_groups),
        ethnicity.MAP_FILE: len(maps.ethnicities),
    }
    shown = ", ".join(
        f"{Path(f).name} ({sizes[Path(f).name]} label{'' if sizes[Path(f).name] == 1 else 's'})"
        for f in maps.files
    )
    return f"your own maps, used before the package's: {shown}"
