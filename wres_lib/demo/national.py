"""A synthetic national collection: many demo-shaped trusts' extracts for one reporting year.

The speed benchmark (issue 14, ``make bench``) needs national-size data: about 220
organisations and well over a million staff rows. Each organisation is the demo trust
simulated from its own seed (``DEMO_SEED + number``), so the shapes are the demo's (bands,
ethnic labels as ESR prints them, recruitment, disciplinary, training, survey, Board) and the
same arguments write byte-identical files.

    .venv/bin/python -m wres_lib.demo.national OUT [--orgs 220] [--year 2022-23]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wres_lib.demo.shape import DEMO_SEED, YEAR_STARTS
from wres_lib.demo.trust import build_demo_tables
from wres_lib.inputs.params import Params
from wres_lib.inputs.tabular import write_csv

NATIONAL_ORGS = 220
LATEST_YEAR = f"{YEAR_STARTS[-1]}-{(YEAR_STARTS[-1] + 1) % 100:02d}"


def org_name(number: int) -> str:
    """The made-up organisation code of the ``number``-th trust (``nat000``, ``nat001``, ...)."""
    return f"nat{number:03d}"


def generate_national(out: Path, orgs: int = NATIONAL_ORGS, year: str = LATEST_YEAR) -> list[Path]:
    """Write ``out/<org>/<year>/<extract>.csv`` for ``orgs`` trusts; return the folders written.

    A folder already holding all six extracts is kept (generation is deterministic), so a
    benchmark can reuse the data between runs.
    """
    if year not in {f"{s}-{(s + 1) % 100:02d}" for s in YEAR_STARTS}:
        raise ValueError(f"a demo year ({YEAR_STARTS[0]}-.. to {LATEST_YEAR}), not {year!r}")
    folders = []
    for number in range(orgs):
        folder = Path(out) / org_name(number) / year
        if not (folder.is_dir() and len(list(folder.glob("*.csv"))) == 6):
            tables = build_demo_tables(DEMO_SEED + number)
            for (table_year, name), frame in tables.items():
                if table_year == year:
                    write_csv(frame, folder / f"{name}.csv")
        folders.append(folder)
    return folders


def national_params(template: Params, folder: Path) -> Params:
    """The demo year's params pointed at one generated organisation's folder."""
    return template.model_copy(
        update={"org": folder.parent.name, "data_dir": str(Path(folder).resolve())}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--orgs", type=int, default=NATIONAL_ORGS)
    parser.add_argument("--year", default=LATEST_YEAR)
    args = parser.parse_args(argv)
    folders = generate_national(args.out, args.orgs, args.year)
    print(f"{len(folders)} organisations in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
