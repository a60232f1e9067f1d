"""The demo trust's simulation: a workforce followed year by year, each extract drawn from it."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wres_lib.demo.shape import (
    ASIAN,
    BANK_SURVEY_FROM,
    BLACK,
    BME_LEVEL,
    BME_MIX,
    BME_PROMOTION_WEIGHT,
    BME_TREND,
    BOARD_BME_TARGET,
    BOARD_SEATS,
    CELLS,
    COURSES,
    DIRECTORATE_WEIGHTS,
    DIRECTORATES,
    DISABILITY,
    FEMALE_SHARE,
    FIRST_SNAPSHOT,
    GROUP_NAMES,
    GROWTH,
    LABELS,
    MESSY_RATE,
    MIDDLE_SNAPSHOT,
    MIXED,
    OTHER,
    PROMOTION_SHARE,
    SURVEY_BME_MIX,
    SURVEY_QUESTIONS,
    SURVEY_RATES,
    TRAINEE_GRADES,
    UNKNOWN,
    UNKNOWN_RATE,
    VACANCY_BANDS,
    WHITE,
    YEAR_STARTS,
    Cell,
)
from wres_lib.inputs.schemas import COLUMNS


def random_stream(seed: int, name: str) -> np.random.Generator:
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
    scale: float = 1.0  # every cell's size times this (the national collection's trust sizes)


NOT_LEFT = np.iinfo(np.int64).max


def _target(cell: Cell, snapshot: int, scale: float = 1.0) -> tuple[int, float]:
    """Headcount and BME share a cell is steered to at 31 March of ``snapshot``."""
    years = snapshot - MIDDLE_SNAPSHOT
    size = max(1, round(cell.size * scale * GROWTH**years))
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


def simulate_workforce(rng: np.random.Generator, scale: float = 1.0) -> World:
    """Grow the workforce from March 2018 to March 2023: leavers, promotions, joiners.

    ``scale`` multiplies every cell's size (1.0 is the demo trust, about 6,500 staff).
    """
    batches: list[dict[str, np.ndarray]] = []
    first_snapshot = _day(FIRST_SNAPSHOT, 3, 31)
    for index, cell in enumerate(CELLS):
        size, share = _target(cell, FIRST_SNAPSHOT, scale)
        trainee = cell.band in TRAINEE_GRADES or cell.band == "Apprentice"
        tenure = rng.exponential(1.2 if trainee else 8.0, size=size) * 365.25
        start = first_snapshot - 1 - np.minimum(tenure, 40 * 365).astype(np.int64)
        batches.append(_new_people(rng, index, size, share, start))
    world = World(**{k: np.concatenate([b[k] for b in batches]) for k in batches[0]}, scale=scale)

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
            size, _ = _target(CELLS[upper], snapshot, world.scale)
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
        size, share = _target(cell, start + 1, world.scale)
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


def staff_records(world: World, snapshot: int) -> pd.DataFrame:
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


def recruitment_records(start: int, rng: np.random.Generator, scale: float = 1.0) -> pd.DataFrame:
    """Shortlisted applicants; appointments drawn exactly so the year's ratio is as planned."""
    n = max(100, round(int(rng.integers(5000, 6500)) * scale))
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


def disciplinary_cases(world: World, rng: np.random.Generator) -> Cases:
    """A handful of cases a year; BME bank staff markedly more likely to be investigated."""
    people, days, years, ids = [], [], [], []
    for start in (YEAR_STARTS[0] - 1, *YEAR_STARTS):
        year_people, year_days = [], []
        in_post, cells = world.snapshots[start + 1]
        bank = np.array([CELLS[c].bank for c in cells])
        bme = _is_bme(world.group[in_post])
        for is_bank, count, bme_weight in (
            (False, max(1, round(int(rng.integers(8, 21)) * world.scale)), rng.uniform(0.7, 1.8)),
            (True, max(1, round(int(rng.integers(2, 7)) * world.scale)), rng.uniform(3.0, 5.0)),
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


def disciplinary_records(world: World, cases: Cases, start: int) -> pd.DataFrame:
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


def training_records(world: World, start: int, rng: np.random.Generator) -> pd.DataFrame:
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
    bank_pool = in_post[bank]
    bank_attendees = rng.choice(
        bank_pool, size=min(len(bank_pool), round(25 * world.scale)), replace=False
    )
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


def survey_results(start: int, rng: np.random.Generator, scale: float = 1.0) -> pd.DataFrame:
    """Aggregates per group; the finer groups add up to the BME figure by construction."""
    survey_year = start
    drift = start - 2020
    rows = []
    staff_types = ["Substantive"] + (["Bank"] if survey_year >= BANK_SURVEY_FROM else [])
    for staff_type in staff_types:
        if staff_type == "Substantive":
            white_base = max(20, round(int(rng.integers(2200, 2800)) * scale))
            bme_base = max(10, round(int(rng.integers(480, 600)) * scale))
        else:
            white_base = max(10, round(int(rng.integers(100, 121)) * scale))
            bme_base = max(10, round(int(rng.integers(50, 65)) * scale))
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


def board_members(rng: np.random.Generator) -> list[pd.DataFrame]:
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
