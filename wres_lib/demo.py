"""The synthetic demo trust: six extracts a year, 2018-19 to 2022-23, made up but realistic.

The demo lets anyone run the whole suite without real staff data. Its numbers are calibrated
on a real trust's published WRES Board paper (about 5,500 substantive staff, a quarter of
them Black, Asian or minority ethnic and the share rising, over-representation in low bands,
under-representation from Band 8b, a White/BME appointment ratio near 1.6), so every table,
chart and suppression rule has realistic work to do, small cells included.

People persist across years (joiners, leavers and promotions are simulated), so trends are
plausible. Everything is drawn from numpy Generators seeded from ``seed`` and a fixed name per
component, so the same seed writes byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from wres_lib.params import Params
from wres_lib.sources import COLUMNS
from wres_lib.tabular import write_csv

DEMO_SEED = 20220331
YEAR_STARTS = (2018, 2019, 2020, 2021, 2022)
FIRST_SNAPSHOT = 2018  # the population at 31 March 2018 seeds the simulation
MIDDLE_SNAPSHOT = 2021  # cell sizes and shares below are for 31 March 2021

# The extracts' columns are the loaders' (one definition, in sources).

# The survey's question ids change between survey years; params/<year>.yaml holds the same map.
SURVEY_QUESTIONS: dict[int, dict[int, dict[str, str]]] = {
    2018: {
        5: {"all": "q13a"},
        6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
        7: {"all": "q14"},
        8: {"all": "q15b"},
    },
    2019: {
        5: {"all": "q13a"},
        6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
        7: {"all": "q14"},
        8: {"all": "q15b"},
    },
    2020: {
        5: {"all": "q14a"},
        6: {"all": "q14bc", "managers": "q14b", "colleagues": "q14c"},
        7: {"all": "q15"},
        8: {"all": "q16b"},
    },
    2021: {
        5: {"all": "q14a"},
        6: {"all": "q14bc", "managers": "q14b", "colleagues": "q14c"},
        7: {"all": "q15"},
        8: {"all": "q16b"},
    },
    2022: {
        5: {"all": "q13a"},
        6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
        7: {"all": "q15"},
        8: {"all": "q16b"},
    },
}
BANK_SURVEY_FROM = 2021

# Ethnic groups as integer codes, and the ESR labels printed for each, with their weights.
WHITE, ASIAN, BLACK, MIXED, OTHER, UNKNOWN = range(6)
GROUP_NAMES = ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
LABELS: dict[int, tuple[tuple[str, float], ...]] = {
    WHITE: (
        ("A White - British", 0.86),
        ("B White - Irish", 0.02),
        ("C White - Any other White background", 0.05),
        ("CA White English", 0.03),
        ("C2 White Northern Irish", 0.01),
        ("CP White Polish", 0.03),
    ),
    ASIAN: (
        ("H Asian or Asian British - Indian", 0.58),
        ("J Asian or Asian British - Pakistani", 0.15),
        ("K Asian or Asian British - Bangladeshi", 0.05),
        ("L Asian or Asian British - Any other Asian background", 0.15),
        ("LK Asian Sri Lankan", 0.07),
    ),
    BLACK: (
        ("M Black or Black British - Caribbean", 0.28),
        ("N Black or Black British - African", 0.62),
        ("P Black or Black British - Any other Black background", 0.10),
    ),
    MIXED: (
        ("D Mixed - White & Black Caribbean", 0.35),
        ("E Mixed - White & Black African", 0.15),
        ("F Mixed - White & Asian", 0.30),
        ("G Mixed - Any other mixed background", 0.20),
    ),
    OTHER: (
        ("R Chinese", 0.30),
        ("S Any Other Ethnic Group", 0.40),
        ("SC Filipino", 0.30),
    ),
    UNKNOWN: (("Z Not Stated", 0.55), ("Unspecified", 0.30), ("", 0.15)),
}
UNKNOWN_RATE = 0.03
MESSY_RATE = 0.004  # labels typed in odd case or with stray spaces

# How the BME share of a cell splits into Asian, Black, Mixed and Other.
BME_MIX: dict[str, tuple[float, float, float, float]] = {
    "default": (0.62, 0.22, 0.10, 0.06),
    "black": (0.45, 0.42, 0.08, 0.05),  # patient-facing nursing and care roles
    "medical": (0.74, 0.14, 0.05, 0.07),
    "bank": (0.40, 0.49, 0.08, 0.03),
}

NURSING = "Nursing and Midwifery Registered"
ACS = "Additional Clinical Services"
AHP = "Allied Health Professionals"
SCIENTIFIC = "Add Prof Scientific and Technic"
ADMIN = "Administrative and Clerical"
ESTATES = "Estates and Ancillary"
MEDICAL = "Medical and Dental"

B8A, B8B, B8C, B8D = (f"Band 8 - Range {r}" for r in "ABCD")
VSM = "Very Senior Manager"


@dataclass(frozen=True)
class Cell:
    """A staff group and band: headcount and BME share (of known ethnicity) at March 2021."""

    staff_group: str
    band: str
    size: int
    bme: float
    mix: str = "default"
    ladder: str = ""  # cells on the same ladder, in order, promote into the next one up
    bank: bool = False
    leave_rate: float = 0.095


def _ladder(
    group: str, rows: list[tuple[str, int, float]], mix: str = "default", ladder: str = ""
) -> list[Cell]:
    return [
        Cell(group, band, size, bme, "black" if mix == "black" and i < 2 else mix, ladder or group)
        for i, (band, size, bme) in enumerate(rows)
    ]


# Substantive staff; sizes and shares follow the seed trust's Table 1 at March 2021-22.
SUBSTANTIVE_CELLS: tuple[Cell, ...] = tuple(
    _ladder(
        ADMIN,
        [
            ("Apprentice", 6, 0.30),
            ("Band 2", 150, 0.38),
            ("Band 3", 250, 0.34),
            ("Band 4", 180, 0.28),
            ("Band 5", 150, 0.30),
            ("Band 6", 118, 0.29),
            ("Band 7", 105, 0.25),
            (B8A, 60, 0.24),
            (B8B, 24, 0.09),
            (B8C, 12, 0.08),
            (B8D, 6, 0.08),
            ("Band 9", 4, 0.0),
            (VSM, 8, 0.08),
        ],
    )
    + _ladder(
        ESTATES,
        [
            ("Band 2", 115, 0.35),
            ("Band 3", 50, 0.26),
            ("Band 4", 14, 0.18),
            ("Band 5", 8, 0.15),
            ("Band 6", 4, 0.12),
            ("Band 7", 2, 0.1),
        ],
    )
    + _ladder(
        ACS,
        [
            ("Apprentice", 10, 0.30),
            ("Band 2", 460, 0.37),
            ("Band 3", 540, 0.19),
            ("Band 4", 330, 0.14),
        ],
        mix="black",
    )
    + _ladder(
        NURSING,
        [
            ("Band 5", 560, 0.27),
            ("Band 6", 760, 0.17),
            ("Band 7", 330, 0.16),
            (B8A, 95, 0.10),
            (B8B, 35, 0.08),
            (B8C, 14, 0.06),
            (B8D, 6, 0.05),
            ("Band 9", 2, 0.0),
            (VSM, 2, 0.0),
        ],
        mix="black",
    )
    + _ladder(
        AHP,
        [
            ("Band 5", 110, 0.22),
            ("Band 6", 280, 0.15),
            ("Band 7", 120, 0.14),
            (B8A, 45, 0.09),
            (B8B, 15, 0.07),
            (B8C, 6, 0.05),
            (B8D, 3, 0.0),
        ],
    )
    + _ladder(
        SCIENTIFIC,
        [
            ("Band 4", 20, 0.25),
            ("Band 5", 45, 0.25),
            ("Band 6", 140, 0.20),
            ("Band 7", 60, 0.18),
            (B8A, 30, 0.12),
            (B8B, 12, 0.08),
            (B8C, 8, 0.06),
            (B8D, 3, 0.0),
        ],
    )
    + _ladder(
        MEDICAL,
        [
            ("Foundation Year 1", 8, 0.62),
            ("Foundation Year 2", 10, 0.62),
            ("Core Training", 22, 0.70),
            ("Specialty Registrar", 35, 0.72),
            ("Consultant", 108, 0.65),
            ("Medical Director", 1, 0.5),
        ],
        mix="medical",
        ladder="medical training",
    )
    + _ladder(
        MEDICAL,
        [("Specialty Doctor", 22, 0.55), ("Associate Specialist", 7, 0.55)],
        mix="medical",
        ladder="medical career grade",
    )
)

BANK_CELLS: tuple[Cell, ...] = tuple(
    Cell(group, band, size, bme, "bank", "", True, 0.2)
    for group, band, size, bme in (
        (NURSING, "Band 5", 220, 0.50),
        (NURSING, "Band 6", 60, 0.35),
        (ACS, "Band 2", 330, 0.45),
        (ACS, "Band 3", 120, 0.38),
        (ADMIN, "Band 2", 90, 0.28),
        (ADMIN, "Band 3", 80, 0.28),
        (ADMIN, "Band 4", 30, 0.28),
        (ESTATES, "Band 2", 60, 0.30),
        (MEDICAL, "Specialty Doctor", 10, 0.70),
    )
)
CELLS: tuple[Cell, ...] = SUBSTANTIVE_CELLS + BANK_CELLS

GROWTH = 1.012  # headcount growth a year
BME_LEVEL = 1.015  # fine-tunes the overall share to the seed trust's 22.6% at March 2019
# Yearly rise in a cell's BME share, as a fraction of the share (capped at 30%, so medical
# grades, already mostly BME, rise by about a point a year, not two).
BME_TREND = {False: 0.037, True: 0.02}
PROMOTION_SHARE = 0.4  # share of a vacancy filled from the band below
BME_PROMOTION_WEIGHT = 0.75  # BME staff are less likely to be picked for promotion
TRAINEE_GRADES = ("Foundation Year 1", "Foundation Year 2", "Core Training", "Specialty Registrar")

FEMALE_SHARE = {
    NURSING: 0.88,
    ACS: 0.85,
    AHP: 0.85,
    SCIENTIFIC: 0.75,
    ADMIN: 0.80,
    ESTATES: 0.45,
    MEDICAL: 0.50,
}
DIRECTORATES = (
    "Community Health Services",
    "Mental Health Services",
    "Families, Young People and Children",
    "Learning Disabilities",
    "Estates and Facilities",
    "Corporate Services",
)
DIRECTORATE_WEIGHTS = {
    "clinical": (0.35, 0.35, 0.2, 0.1, 0.0, 0.0),
    ADMIN: (0.12, 0.12, 0.1, 0.04, 0.0, 0.62),
    ESTATES: (0.0, 0.0, 0.0, 0.0, 1.0, 0.0),
    MEDICAL: (0.2, 0.55, 0.15, 0.1, 0.0, 0.0),
}
DISABILITY = (("Yes", 0.05), ("No", 0.80), ("Not Declared", 0.15))

COURSES = (
    "Leadership Essentials",
    "Mentoring Skills",
    "Clinical Supervision",
    "Mental Health First Aid",
    "Coaching Conversations",
    "Project Management Foundations",
    "Excel Intermediate",
    "Cognitive Behavioural Therapy Skills",
    "Dementia Care Level 2",
    "Reflective Practice",
    "Quality Improvement Bronze",
    "Preceptorship Programme",
    "Finance for Non-Finance Managers",
    "Wound Care Update",
    "Positive Behaviour Support",
)

VACANCY_BANDS = (
    ("Apprentice", 0.01),
    ("Band 2", 0.17),
    ("Band 3", 0.17),
    ("Band 4", 0.11),
    ("Band 5", 0.19),
    ("Band 6", 0.16),
    ("Band 7", 0.09),
    (B8A, 0.03),
    (B8B, 0.01),
    (B8C, 0.005),
    (B8D, 0.005),
    ("Specialty Doctor", 0.01),
    ("Consultant", 0.01),
    ("Core Training", 0.005),
    ("Specialty Registrar", 0.005),
)

# Survey rates by group (White, Asian, Black, Mixed, Other), for substantive and bank staff.
SURVEY_RATES: dict[tuple[int, str], tuple[tuple[float, ...], tuple[float, ...]]] = {
    (5, "all"): ((0.22, 0.18, 0.41, 0.35, 0.40), (0.23, 0.28, 0.44, 0.35, 0.35)),
    (6, "all"): ((0.19, 0.19, 0.28, 0.22, 0.25), (0.17, 0.22, 0.32, 0.30, 0.30)),
    (6, "managers"): ((0.10, 0.09, 0.15, 0.14, 0.20), (0.062, 0.06, 0.08, 0.07, 0.07)),
    (6, "colleagues"): ((0.14, 0.16, 0.22, 0.19, 0.22), (0.144, 0.25, 0.33, 0.30, 0.30)),
    (7, "all"): ((0.65, 0.54, 0.38, 0.50, 0.42), (0.58, 0.50, 0.38, 0.45, 0.45)),
    (8, "all"): ((0.06, 0.10, 0.24, 0.14, 0.16), (0.061, 0.14, 0.26, 0.15, 0.15)),
}
SURVEY_BME_MIX = {"Substantive": (0.69, 0.18, 0.09, 0.04), "Bank": (0.32, 0.47, 0.14, 0.07)}

BOARD_SEATS = (
    ("Chair", True, False),
    ("Chief Executive", True, True),
    ("Director of Finance", True, True),
    ("Medical Director", True, True),
    ("Director of Nursing, AHPs and Quality", True, True),
    ("Chief Operating Officer", True, True),
    ("Director of People and Organisational Development", False, True),
    ("Director of Strategy and Business Development", False, True),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Non-Executive Director", True, False),
    ("Associate Non-Executive Director", False, False),
)
BOARD_BME_TARGET = (1, 1, 2, 2, 3)


def generate_demo_trust(out: Path, seed: int = DEMO_SEED) -> list[Path]:
    """Write the demo trust's extracts to ``out/<year>/`` and return the files written.

    Files are written to a staging folder beside ``out`` first and then moved into place one
    by one, so a failed run leaves earlier files untouched; other files in ``out`` are kept.
    """
    out = Path(out)
    tables = build_demo_tables(seed)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-", dir=out.parent))
    written: list[Path] = []
    try:
        staged = [
            (write_csv(frame, staging / year / f"{name}.csv"), out / year / f"{name}.csv")
            for (year, name), frame in tables.items()
        ]
        for source, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def build_demo_tables(seed: int = DEMO_SEED) -> dict[tuple[str, str], pd.DataFrame]:
    """Every extract as a frame of text, keyed by (reporting year, extract name)."""
    world = _simulate(_rng(seed, "staff"))
    tables: dict[tuple[str, str], pd.DataFrame] = {}
    cases = _disciplinary_cases(world, _rng(seed, "disciplinary"))
    board = _board(_rng(seed, "board"))
    recruit_rng, training_rng, survey_rng = (
        _rng(seed, name) for name in ("recruitment", "training", "survey")
    )
    for i, start in enumerate(YEAR_STARTS):
        year = f"{start}-{(start + 1) % 100:02d}"
        tables[year, "staff_record"] = _staff_record(world, start + 1)
        tables[year, "recruitment"] = _recruitment(start, recruit_rng)
        tables[year, "disciplinary"] = _disciplinary(world, cases, start)
        tables[year, "training"] = _training(world, start, training_rng)
        tables[year, "staff_survey"] = _survey(start, survey_rng)
        tables[year, "board"] = board[i]
    for key, frame in tables.items():
        tables[key] = frame[list(COLUMNS[key[1]])]
    return tables


def _rng(seed: int, name: str) -> np.random.Generator:
    """An independent stream per component, so changing one part leaves the others alone."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


# ---------------------------------------------------------------------------------- dates


def _day(year: int, month: int, day: int) -> int:
    return int(np.datetime64(dt.date(year, month, day), "D").astype(np.int64))


def _year_bounds(start: int) -> tuple[int, int]:
    """First and last day (as day numbers) of the reporting year starting April ``start``."""
    return _day(start, 4, 1), _day(start + 1, 3, 31)


def _iso(days: np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype(str).astype(object)


def _days_in_year(rng: np.random.Generator, start: int, n: int) -> np.ndarray:
    first, last = _year_bounds(start)
    return rng.integers(first, last + 1, size=n)


# ------------------------------------------------------------------------------ ethnicity


def _pick(rng: np.random.Generator, options: tuple[tuple[str, float], ...], n: int) -> np.ndarray:
    names = np.array([name for name, _ in options], dtype=object)
    weights = np.array([w for _, w in options])
    return names[rng.choice(len(names), size=n, p=weights / weights.sum())]


def _labels(rng: np.random.Generator, groups: np.ndarray) -> np.ndarray:
    """ESR labels for ethnic group codes, a few of them in odd case or with stray spaces."""
    labels = np.empty(len(groups), dtype=object)
    for group, options in LABELS.items():
        where = np.flatnonzero(groups == group)
        labels[where] = _pick(rng, options, len(where))
    messy = np.flatnonzero((rng.random(len(groups)) < MESSY_RATE) & (labels != ""))
    kinds = rng.integers(0, 3, size=len(messy))
    for index, kind in zip(messy, kinds, strict=True):
        label = labels[index]
        labels[index] = (label.lower(), f"  {label} ", f"{label} ")[kind]
    return labels


def _groups(
    rng: np.random.Generator,
    n: int,
    bme_share: float | np.ndarray,
    mix: tuple[float, ...],
    unknown_rate: float = UNKNOWN_RATE,
) -> np.ndarray:
    """Ethnic group codes: unknown at ``unknown_rate``, else BME with the given probability."""
    bme = rng.random(n) < bme_share
    finer = rng.choice(4, size=n, p=np.asarray(mix) / sum(mix)) + ASIAN
    groups = np.where(bme, finer, WHITE)
    return np.where(rng.random(n) < unknown_rate, UNKNOWN, groups)


def _is_bme(groups: np.ndarray) -> np.ndarray:
    return (groups >= ASIAN) & (groups <= OTHER)


# ----------------------------------------------------------------------------- simulation


@dataclass
class World:
    """Everyone who ever worked at the demo trust, and who was in post at each 31 March."""

    cell: np.ndarray
    group: np.ndarray
    label: np.ndarray
    sex: np.ndarray
    disability: np.ndarray
    directorate: np.ndarray
    category: np.ndarray
    start: np.ndarray
    leave: np.ndarray  # day number, or NOT_LEFT
    staff_id: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    snapshots: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


NOT_LEFT = np.iinfo(np.int64).max


def _target(cell: Cell, snapshot: int) -> tuple[int, float]:
    """Headcount and BME share a cell is steered to at 31 March of ``snapshot``."""
    years = snapshot - MIDDLE_SNAPSHOT
    size = max(1, round(cell.size * GROWTH**years))
    share = min(0.95, cell.bme * BME_LEVEL + BME_TREND[cell.bank] * min(cell.bme, 0.3) * years)
    return size, share


def _new_people(
    rng: np.random.Generator,
    cell_index: int,
    n: int,
    bme_share: float,
    start_days: np.ndarray,
) -> dict[str, np.ndarray]:
    cell = CELLS[cell_index]
    groups = _groups(rng, n, bme_share, BME_MIX[cell.mix])
    female = rng.random(n) < FEMALE_SHARE[cell.staff_group]
    key = cell.staff_group if cell.staff_group in DIRECTORATE_WEIGHTS else "clinical"
    weights = np.array(DIRECTORATE_WEIGHTS[key])
    if cell.bank:
        category = np.full(n, "Bank", dtype=object)
    elif cell.band in TRAINEE_GRADES or cell.band == "Apprentice":
        category = np.full(n, "Fixed Term Temp", dtype=object)
    else:
        fixed = rng.random(n) < 0.05
        category = np.where(fixed, "Fixed Term Temp", "Permanent").astype(object)
    return {
        "cell": np.full(n, cell_index, dtype=np.int64),
        "group": groups,
        "label": _labels(rng, groups),
        "sex": np.where(female, "Female", "Male").astype(object),
        "disability": _pick(rng, DISABILITY, n),
        "directorate": np.array(DIRECTORATES, dtype=object)[
            rng.choice(len(DIRECTORATES), size=n, p=weights / weights.sum())
        ],
        "category": category,
        "start": np.asarray(start_days, dtype=np.int64),
        "leave": np.full(n, NOT_LEFT, dtype=np.int64),
    }


def _simulate(rng: np.random.Generator) -> World:
    """Grow the workforce from March 2018 to March 2023: leavers, promotions, joiners."""
    batches: list[dict[str, np.ndarray]] = []
    first_snapshot = _day(FIRST_SNAPSHOT, 3, 31)
    for index, cell in enumerate(CELLS):
        size, share = _target(cell, FIRST_SNAPSHOT)
        trainee = cell.band in TRAINEE_GRADES or cell.band == "Apprentice"
        tenure = rng.exponential(1.2 if trainee else 8.0, size=size) * 365.25
        start = first_snapshot - 1 - np.minimum(tenure, 40 * 365).astype(np.int64)
        batches.append(_new_people(rng, index, size, share, start))
    world = World(**{k: np.concatenate([b[k] for b in batches]) for k in batches[0]})

    leave_rate = np.array([_leave_rate(c) for c in CELLS])
    ladders = _ladders()
    world.snapshots[FIRST_SNAPSHOT] = _in_post(world)
    for start in YEAR_STARTS:
        first, last = _year_bounds(start)
        active = np.flatnonzero(world.leave == NOT_LEFT)
        leaving = active[rng.random(len(active)) < leave_rate[world.cell[active]]]
        world.leave[leaving] = rng.integers(first, last + 1, size=len(leaving))
        _promote(world, ladders, start + 1, rng)
        _hire(world, start, rng)
        world.snapshots[start + 1] = _in_post(world)

    ids = rng.choice(999_999, size=len(world.cell), replace=False) + 1
    world.staff_id = np.array([f"E{i:06d}" for i in ids], dtype=object)
    return world


def _leave_rate(cell: Cell) -> float:
    if cell.band in TRAINEE_GRADES:
        return 0.4
    if cell.band == "Apprentice":
        return 0.35
    if cell.band == "Consultant":
        return 0.06
    return cell.leave_rate


def _ladders() -> list[list[int]]:
    """Cell indices of each promotion ladder, top band first."""
    ladders: dict[str, list[int]] = {}
    for index, cell in enumerate(CELLS):
        if cell.ladder:
            ladders.setdefault(cell.ladder, []).append(index)
    return [cells[::-1] for cells in ladders.values()]


def _in_post(world: World) -> tuple[np.ndarray, np.ndarray]:
    people = np.flatnonzero(world.leave == NOT_LEFT)
    return people, world.cell[people].copy()


def _promote(world: World, ladders: list[list[int]], snapshot: int, rng: np.random.Generator):
    """Fill part of each vacancy from the band below, BME staff less often picked."""
    for ladder in ladders:
        for upper, lower in zip(ladder, ladder[1:], strict=False):
            size, _ = _target(CELLS[upper], snapshot)
            active = world.leave == NOT_LEFT
            vacancies = size - int(np.count_nonzero(active & (world.cell == upper)))
            if vacancies <= 0:
                continue
            below = np.flatnonzero(active & (world.cell == lower))
            n = min(int(rng.binomial(vacancies, PROMOTION_SHARE)), len(below))
            if n == 0:
                continue
            weights = np.where(_is_bme(world.group[below]), BME_PROMOTION_WEIGHT, 1.0)
            chosen = rng.choice(below, size=n, replace=False, p=weights / weights.sum())
            world.cell[chosen] = upper


def _hire(world: World, start: int, rng: np.random.Generator) -> None:
    """Fill the remaining vacancies, steering each cell's BME share to its target."""
    active = world.leave == NOT_LEFT
    batches = []
    for index, cell in enumerate(CELLS):
        size, share = _target(cell, start + 1)
        here = active & (world.cell == index)
        vacancies = size - int(np.count_nonzero(here))
        if vacancies <= 0:
            continue
        known = here & (world.group != UNKNOWN)
        bme_now = int(np.count_nonzero(known & _is_bme(world.group)))
        known_after = int(np.count_nonzero(known)) + vacancies * (1 - UNKNOWN_RATE)
        p_bme = float(np.clip((share * known_after - bme_now) / vacancies, 0.02, 0.98))
        days = _days_in_year(rng, start, vacancies)
        days = np.minimum(days, _year_bounds(start)[1] - 1)  # start before the snapshot day
        batches.append(_new_people(rng, index, vacancies, p_bme, days))
    if batches:
        for key in batches[0]:
            joined = np.concatenate([getattr(world, key)] + [b[key] for b in batches])
            setattr(world, key, joined)


# -------------------------------------------------------------------------------- extracts


def _staff_record(world: World, snapshot: int) -> pd.DataFrame:
    people, cells = world.snapshots[snapshot]
    order = np.argsort(world.staff_id[people], kind="stable")
    people, cells = people[order], cells[order]
    return pd.DataFrame(
        {
            "staff_id": world.staff_id[people],
            "assignment_category": world.category[people],
            "ethnic_origin": world.label[people],
            "pay_band": np.array([c.band for c in CELLS], dtype=object)[cells],
            "staff_group": np.array([c.staff_group for c in CELLS], dtype=object)[cells],
            "sex": world.sex[people],
            "disability": world.disability[people],
            "directorate": world.directorate[people],
            "start_date": _iso(world.start[people]),
            "leaving_date": "",
        }
    )


def _recruitment(start: int, rng: np.random.Generator) -> pd.DataFrame:
    """Shortlisted applicants; appointments drawn exactly so the year's ratio is as planned."""
    n = int(rng.integers(5000, 6500))
    bme_share = 0.36 + 0.01 * (start - YEAR_STARTS[0]) + rng.normal(0, 0.005)
    groups = _groups(rng, n, bme_share, BME_MIX["default"], unknown_rate=0.02)
    white_rate = rng.uniform(0.10, 0.155)
    ratio = rng.uniform(1.5, 1.8)
    bme = _is_bme(groups)
    appointed = np.zeros(n, dtype=bool)
    declined = np.zeros(n, dtype=bool)
    for members, rate in (
        (groups == WHITE, white_rate),
        (bme, white_rate / ratio),
        (groups == UNKNOWN, white_rate / 1.3),
    ):
        where = rng.permutation(np.flatnonzero(members))
        accepted = round(rate * len(where))
        refused = round(accepted * rng.uniform(0.02, 0.05))
        appointed[where[: accepted + refused]] = True
        declined[where[accepted : accepted + refused]] = True

    n_vacancies = int(np.count_nonzero(appointed) * 1.1)
    bands = _pick(rng, VACANCY_BANDS, n_vacancies)
    favoured = np.isin(bands, ("Band 2", "Band 3", "Band 5")).astype(float)
    vacancy_numbers = rng.choice(9000, size=n_vacancies, replace=False) + 1000
    vacancy_ids = np.array([f"V{start % 100:02d}-{v:04d}" for v in vacancy_numbers], dtype=object)
    white_p = np.ones(n_vacancies) / n_vacancies
    bme_p = (1 + 0.6 * favoured) / (1 + 0.6 * favoured).sum()
    vacancy = np.where(
        bme,
        rng.choice(n_vacancies, size=n, p=bme_p),
        rng.choice(n_vacancies, size=n, p=white_p),
    )
    applicant_numbers = rng.choice(9_000_000, size=n, replace=False) + 1_000_000
    frame = pd.DataFrame(
        {
            "applicant_id": [f"A{a:07d}" for a in applicant_numbers],
            "vacancy_id": vacancy_ids[vacancy],
            "pay_band": bands[vacancy],
            "ethnic_origin": _labels(rng, groups),
            "internal_external": np.where(rng.random(n) < 0.22, "Internal", "External"),
            "shortlisted_date": _iso(_days_in_year(rng, start, n)),
            "appointed": np.where(appointed, "Yes", "No"),
            "offer_declined": np.where(declined, "Yes", "No"),
        }
    )
    return frame.sort_values(["shortlisted_date", "applicant_id"], kind="stable").reset_index(
        drop=True
    )


@dataclass(frozen=True)
class Cases:
    """Formal investigations: who, when, opened in which reporting year."""

    case_id: np.ndarray
    person: np.ndarray
    day: np.ndarray
    year: np.ndarray


def _disciplinary_cases(world: World, rng: np.random.Generator) -> Cases:
    """A handful of cases a year; BME bank staff markedly more likely to be investigated."""
    people, days, years, ids = [], [], [], []
    for start in (YEAR_STARTS[0] - 1, *YEAR_STARTS):
        year_people, year_days = [], []
        in_post, cells = world.snapshots[start + 1]
        bank = np.array([CELLS[c].bank for c in cells])
        bme = _is_bme(world.group[in_post])
        for is_bank, count, bme_weight in (
            (False, int(rng.integers(8, 21)), rng.uniform(0.7, 1.8)),
            (True, int(rng.integers(2, 7)), rng.uniform(3.0, 5.0)),
        ):
            pool = in_post[bank == is_bank]
            weights = np.where(bme[bank == is_bank], bme_weight, 1.0)
            chosen = rng.choice(pool, size=count, replace=False, p=weights / weights.sum())
            year_people.append(chosen)
            year_days.append(_days_in_year(rng, start, count))
        chosen, opened = np.concatenate(year_people), np.concatenate(year_days)
        order = np.argsort(opened, kind="stable")
        people.append(chosen[order])
        days.append(opened[order])
        years.append(np.full(len(order), start))
        code = f"DC{start % 100:02d}{(start + 1) % 100:02d}"
        ids.extend(f"{code}-{i:03d}" for i in range(1, len(order) + 1))
    return Cases(
        np.array(ids, dtype=object),
        np.concatenate(people),
        np.concatenate(days),
        np.concatenate(years),
    )


def _disciplinary(world: World, cases: Cases, start: int) -> pd.DataFrame:
    """Cases opened in the two reporting years to 31 March."""
    keep = np.flatnonzero((cases.year == start) | (cases.year == start - 1))
    person = cases.person[keep]
    return pd.DataFrame(
        {
            "case_id": cases.case_id[keep],
            "staff_id": world.staff_id[person],
            "date_opened": _iso(cases.day[keep]),
            "ethnic_origin": world.label[person],
            "assignment_category": world.category[person],
        }
    )


def _training(world: World, start: int, rng: np.random.Generator) -> pd.DataFrame:
    """Courses attended: substantive staff mostly, plus a few leavers and bank staff."""
    in_post, cells = world.snapshots[start + 1]
    bank = np.array([CELLS[c].bank for c in cells])
    staff = in_post[~bank]
    white_rate = rng.uniform(0.66, 0.84)
    ratio = rng.uniform(1.04, 1.10)
    groups = world.group[staff]
    attendees = []
    for members, rate in (
        (groups == WHITE, white_rate),
        (_is_bme(groups), white_rate / ratio),
        (groups == UNKNOWN, white_rate / ratio),
    ):
        where = rng.permutation(np.flatnonzero(members))
        attendees.append(staff[where[: round(rate * len(where))]])
    bank_attendees = rng.choice(in_post[bank], size=25, replace=False)
    first, last = _year_bounds(start)
    left = np.flatnonzero(
        (world.leave >= first) & (world.leave <= last) & (world.category != "Bank")
    )
    leavers = rng.choice(left, size=min(len(left), int(rng.integers(20, 41))), replace=False)

    people = np.sort(np.concatenate([*attendees, bank_attendees]))
    courses = 1 + rng.poisson(0.7, size=len(people))
    person = np.repeat(people, courses)
    days = _days_in_year(rng, start, len(person))
    leaver_days = first + (rng.random(len(leavers)) * (world.leave[leavers] - first)).astype(int)
    person = np.concatenate([person, leavers])
    days = np.concatenate([days, leaver_days])
    frame = pd.DataFrame(
        {
            "staff_id": world.staff_id[person],
            "course": np.array(COURSES, dtype=object)[rng.integers(0, len(COURSES), len(person))],
            "date": _iso(days),
        }
    )
    frame = frame.drop_duplicates(ignore_index=True)
    return frame.sort_values(["date", "staff_id", "course"], kind="stable").reset_index(drop=True)


def _survey(start: int, rng: np.random.Generator) -> pd.DataFrame:
    """Aggregates per group; the finer groups add up to the BME figure by construction."""
    survey_year = start
    drift = start - 2020
    rows = []
    staff_types = ["Substantive"] + (["Bank"] if survey_year >= BANK_SURVEY_FROM else [])
    for staff_type in staff_types:
        if staff_type == "Substantive":
            white_base = int(rng.integers(2200, 2800))
            bme_base = int(rng.integers(480, 600))
        else:
            white_base = int(rng.integers(100, 121))
            bme_base = int(rng.integers(50, 65))
        bases = np.concatenate(
            [[white_base], rng.multinomial(bme_base, SURVEY_BME_MIX[staff_type])]
        )
        for indicator, measures in SURVEY_QUESTIONS[survey_year].items():
            for measure, question in measures.items():
                rates = np.array(SURVEY_RATES[indicator, measure][staff_type == "Bank"])
                shift = rng.normal(0, 0.012) + 0.003 * drift
                rates = np.clip(rates * (1 + rng.normal(0, 0.04, size=5)) + shift, 0.01, 0.95)
                respondents = bases - rng.binomial(bases, 0.015)
                yes = rng.binomial(respondents, rates)
                counts = {
                    "White": (yes[0], respondents[0]),
                    "BME": (yes[1:].sum(), respondents[1:].sum()),
                    **{
                        GROUP_NAMES[g]: (yes[g], respondents[g])
                        for g in (ASIAN, BLACK, MIXED, OTHER)
                    },
                }
                rows.extend(
                    (survey_year, staff_type, question, group, int(y), int(r))
                    for group, (y, r) in counts.items()
                )
    return pd.DataFrame(rows, columns=list(COLUMNS["staff_survey"]))


def _board(rng: np.random.Generator) -> list[pd.DataFrame]:
    """The Board at each 31 March: some turnover, BME membership rising from one to three."""
    white = _pick(rng, LABELS[WHITE][:3], 20)
    bme_labels = (
        "H Asian or Asian British - Indian",
        "N Black or Black British - African",
        "J Asian or Asian British - Pakistani",
        "D Mixed - White & Black Caribbean",
    )
    next_id = iter(range(1, 100))
    holders: list[tuple[str, str, bool] | None] = [None] * len(BOARD_SEATS)
    frames = []
    for i, target in enumerate(BOARD_BME_TARGET):
        for seat in range(len(BOARD_SEATS)):
            vacant = (seat == 12 and i == 0) or (seat == 13 and i < 2)
            if vacant:
                holders[seat] = None
            elif holders[seat] is None or rng.random() < 0.12:
                holders[seat] = (f"BM{next(next_id):02d}", white[seat + i], False)
        while sum(h[2] for h in holders if h) < target:
            seats = [s for s, h in enumerate(holders) if h and not h[2] and s != 0]
            seat = seats[int(rng.integers(len(seats)))]
            label = bme_labels[sum(h[2] for h in holders if h) % len(bme_labels)]
            holders[seat] = (f"BM{next(next_id):02d}", label, True)
        frames.append(
            pd.DataFrame(
                [
                    (h[0], role, "Yes" if voting else "No", "Yes" if executive else "No", h[1])
                    for h, (role, voting, executive) in zip(holders, BOARD_SEATS, strict=True)
                    if h
                ],
                columns=list(COLUMNS["board"]),
            )
        )
    return frames


DEMO_ORG = "demo"


def ensure_demo_data(params: Params, progress: Callable[[str], None] | None = None) -> None:
    """The demo trust's extracts are generated, not committed: make them if they are missing.

    Called by ``wres report`` and by :func:`wres_lib.report.build_report`, so an analyst can
    open the notebook on a fresh clone and run all cells.
    """
    if params.org != DEMO_ORG or params.data_path.is_dir():
        return
    message = f"generating the demo trust in {params.data_path.parent}"
    if progress is not None:
        progress(message)
    else:
        print(message, file=sys.stderr)
    generate_demo_trust(params.data_path.parent)
