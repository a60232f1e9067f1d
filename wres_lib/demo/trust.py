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

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from wres_lib.demo.shape import DEMO_ORG, DEMO_SEED, REPOSITORY, YEAR_STARTS
from wres_lib.demo.simulation import (
    board_members,
    disciplinary_cases,
    disciplinary_records,
    random_stream,
    recruitment_records,
    simulate_workforce,
    staff_records,
    survey_results,
    training_records,
)
from wres_lib.errors import InputError
from wres_lib.inputs.params import Params, read_yaml
from wres_lib.inputs.schemas import COLUMNS
from wres_lib.inputs.tabular import write_csv


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


def build_demo_tables(
    seed: int = DEMO_SEED, scale: float = 1.0
) -> dict[tuple[str, str], pd.DataFrame]:
    """Every extract as a frame of text, keyed by (reporting year, extract name).

    ``scale`` multiplies the trust's size (the national collection's trusts differ in size).
    """
    world = simulate_workforce(random_stream(seed, "staff"), scale)
    tables: dict[tuple[str, str], pd.DataFrame] = {}
    cases = disciplinary_cases(world, random_stream(seed, "disciplinary"))
    board = board_members(random_stream(seed, "board"))
    recruit_rng, training_rng, survey_rng = (
        random_stream(seed, name) for name in ("recruitment", "training", "survey")
    )
    for i, start in enumerate(YEAR_STARTS):
        year = f"{start}-{(start + 1) % 100:02d}"
        tables[year, "staff_record"] = staff_records(world, start + 1)
        tables[year, "recruitment"] = recruitment_records(start, recruit_rng, scale)
        tables[year, "disciplinary"] = disciplinary_records(world, cases, start)
        tables[year, "training"] = training_records(world, start, training_rng)
        tables[year, "staff_survey"] = survey_results(start, survey_rng, scale)
        tables[year, "board"] = board[i]
    for key, frame in tables.items():
        tables[key] = frame[list(COLUMNS[key[1]])]
    return tables


def is_project_demo(params: Params) -> bool:
    """True only for the repository's own demo params, reading the repository's data/demo.

    A copy of the demo params in a trust's folder (``org: demo`` kept by mistake) is not the
    demo: its data_dir is the trust's, and made-up data must never be written or published there.
    """
    if params.org != DEMO_ORG or not params.source_file:
        return False
    own_params = Path(params.source_file).resolve().parent == REPOSITORY / "params"
    own_data = params.data_path.resolve() == REPOSITORY / "data" / "demo" / params.year
    return own_params and own_data


def check_demo_data_dir(params: Params) -> None:
    """Refuse ``org: demo`` params whose data folder is missing, unless they are the project's.

    Otherwise a mistyped data_dir in a copied params file would get synthetic data generated
    into the user's folder and published under their trust's name.
    """
    if params.org != DEMO_ORG or params.data_path.is_dir() or is_project_demo(params):
        return
    raise InputError.single(
        params.source_file or "params",
        _line_of(params, "data_dir"),
        "data_dir",
        params.data_dir,
        f"an existing folder of extracts ({params.data_path} does not exist). The synthetic "
        f"demo trust is generated only for the project's own params/ into "
        f"{REPOSITORY / 'data' / 'demo'}; for a real trust also set 'org' (it is 'demo')",
    )


def ensure_demo_data(params: Params, progress: Callable[[str], None] | None = None) -> None:
    """The demo trust's extracts are generated, not committed: make them if they are missing.

    Called by ``wres report`` and by :func:`wres_lib.present.report.build_report`, so an analyst
    can open the notebook on a fresh clone and run all cells. Only for the project's own demo
    params (:func:`is_project_demo`); any other params with a missing folder is an error.
    """
    check_demo_data_dir(params)
    if not is_project_demo(params) or params.data_path.is_dir():
        return
    message = f"generating the demo trust in {params.data_path.parent}"
    if progress is not None:
        progress(message)
    else:
        print(message, file=sys.stderr)
    generate_demo_trust(params.data_path.parent)


def _line_of(params: Params, key: str) -> int | None:
    try:
        _, lines = read_yaml(Path(params.source_file))
    except InputError:
        return None
    return lines.get((key,))
