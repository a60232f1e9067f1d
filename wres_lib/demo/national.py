"""A synthetic national collection: many demo-shaped trusts' extracts for one reporting year.

The speed benchmark (issue 14, ``make bench``) and ``wres batch`` (issue 17) need
national-size data: about 220 organisations and well over a million staff. Each organisation
is the demo trust simulated from its own seed (``DEMO_SEED + number``) at its own size (500 to
20,000 staff, drawn once per organisation), so the shapes are the demo's (bands, ethnic labels
as ESR prints them, recruitment, disciplinary, training, survey, Board) and the same arguments
write byte-identical files. Each has a made-up code, name, region and trust type.

Layout written under ``OUT``::

    organisations.csv              code, name, region, trust type, staff, params folder
                                   (the ``--orgs FILE`` of ``wres batch``)
    <code>/<year>/<extract>.csv    the six extracts
    <code>/params/defaults.yaml    the demo's params with the organisation's code and name,
    <code>/params/<year>.yaml      pointing at <code>/<year>/ (no action plan)

    .venv/bin/python -m wres_lib.demo.national OUT [--orgs 220] [--year 2022-23] [--max-staff N]
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from wres_lib.demo.shape import CELLS, DEMO_SEED, GROWTH, MIDDLE_SNAPSHOT, REPOSITORY, YEAR_STARTS
from wres_lib.demo.trust import build_demo_tables
from wres_lib.inputs.params import DEFAULTS_FILE, SAFE_LOADER, Params
from wres_lib.inputs.tabular import write_csv

NATIONAL_ORGS = 220
LATEST_YEAR = f"{YEAR_STARTS[-1]}-{(YEAR_STARTS[-1] + 1) % 100:02d}"
SMALLEST, LARGEST = 500, 20_000  # staff in post at 31 March of the latest year
MEDIAN_STAFF, SPREAD = 4_600, 0.7  # lognormal sizes: about 1.4 M staff in 220 trusts
ORGANISATIONS_FILE = "organisations.csv"
ORGANISATION_COLUMNS = ("org_code", "org_name", "region", "trust_type", "staff", "params_dir")
# The demo trust's staff in post (substantive and bank) at 31 March 2023: scale 1.0.
DEMO_STAFF = sum(cell.size for cell in CELLS) * GROWTH ** (YEAR_STARTS[-1] + 1 - MIDDLE_SNAPSHOT)

# Roughly NHS England's seven regions' and five trust types' shares of the ~220 trusts.
REGIONS = (
    ("North East and Yorkshire", 35),
    ("North West", 32),
    ("Midlands", 37),
    ("East of England", 24),
    ("London", 35),
    ("South East", 32),
    ("South West", 25),
)
TRUST_TYPES = (
    ("Acute", 110, "Hospitals NHS Foundation Trust"),
    ("Mental health and learning disability", 50, "Partnership NHS Foundation Trust"),
    ("Community", 15, "Community Health Services NHS Trust"),
    ("Ambulance", 10, "Ambulance Service NHS Trust"),
    ("Specialist", 15, "Specialist Hospital NHS Foundation Trust"),
)
_PREFIXES = (
    "North", "South", "East", "West", "Upper", "Lower", "Great", "Little", "Kings", "Queens",
    "Mid", "Old", "New", "High", "Long", "Market", "Castle", "Saint",
)  # fmt: skip
_ROOTS = (
    "brook", "field", "ham", "ford", "bury", "wick", "ley", "ton", "mouth", "stead",
    "worth", "dale", "moor", "well", "combe", "minster",
)  # fmt: skip


@dataclass(frozen=True)
class Organisation:
    """One made-up trust of the national collection."""

    number: int
    code: str
    name: str
    region: str
    trust_type: str
    staff: int

    @property
    def seed(self) -> int:
        return DEMO_SEED + self.number

    @property
    def scale(self) -> float:
        """The demo trust's cell sizes times this give the organisation's size."""
        return self.staff / DEMO_STAFF


def org_name(number: int) -> str:
    """The made-up organisation code of the ``number``-th trust (``nat000``, ``nat001``, ...)."""
    return f"nat{number:03d}"


def _stream(number: int, what: str) -> np.random.Generator:
    return np.random.default_rng([DEMO_SEED, number, zlib.crc32(what.encode())])


def _weighted(rng: np.random.Generator, options: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
    weights = np.array([option[1] for option in options], dtype=float)
    return options[int(rng.choice(len(options), p=weights / weights.sum()))]


def organisation(number: int, max_staff: int | None = None) -> Organisation:
    """The ``number``-th trust: the same number always gives the same trust (``max_staff``
    caps its size: the tests' small slice)."""
    rng = _stream(number, "organisation")
    staff = math.exp(rng.normal(math.log(MEDIAN_STAFF), SPREAD))
    staff = int(min(LARGEST, max_staff or LARGEST, max(SMALLEST, round(staff, -1))))
    region = _weighted(rng, REGIONS)[0]
    trust_type, _, suffix = _weighted(rng, TRUST_TYPES)
    places = len(_PREFIXES) * len(_ROOTS)
    place = (number * 101) % places  # 101 is prime to 288: every number below 288 its own place
    prefix, root = _PREFIXES[place // len(_ROOTS)], _ROOTS[place % len(_ROOTS)]
    name = f"{prefix}{root} {suffix}" if number < places else f"{prefix}{root} {number} {suffix}"
    return Organisation(number, org_name(number), name, region, trust_type, staff)


def organisations(orgs: int = NATIONAL_ORGS, max_staff: int | None = None) -> list[Organisation]:
    """The first ``orgs`` trusts of the collection."""
    return [organisation(number, max_staff) for number in range(orgs)]


def generate_national(
    out: Path, orgs: int = NATIONAL_ORGS, year: str = LATEST_YEAR, max_staff: int | None = None
) -> list[Path]:
    """Write ``out/<org>/<year>/<extract>.csv``, each org's params and ``organisations.csv``
    for ``orgs`` trusts; return the extract folders written.

    A folder already holding all six extracts of the same organisation (its size and seed in
    ``out/<org>/<year>/.generated``) is kept (generation is deterministic), so a benchmark can
    reuse the data between runs.
    """
    if year not in {f"{s}-{(s + 1) % 100:02d}" for s in YEAR_STARTS}:
        raise ValueError(f"a demo year ({YEAR_STARTS[0]}-.. to {LATEST_YEAR}), not {year!r}")
    out = Path(out)
    folders = []
    listed = organisations(orgs, max_staff)
    for org in listed:
        folder = out / org.code / year
        stamp = folder / ".generated"
        described = f"seed {org.seed} staff {org.staff}\n"
        current = stamp.is_file() and stamp.read_text(encoding="utf-8") == described
        if not (current and len(list(folder.glob("*.csv"))) == 6):
            tables = build_demo_tables(org.seed, org.scale)
            for (table_year, name), frame in tables.items():
                if table_year == year:
                    write_csv(frame, folder / f"{name}.csv")
            stamp.write_text(described, encoding="utf-8")
        write_national_params(org, out / org.code, year)
        folders.append(folder)
    _write_organisations(out, listed)
    return folders


def _write_organisations(out: Path, orgs: list[Organisation]) -> Path:
    frame = pd.DataFrame(
        [(o.code, o.name, o.region, o.trust_type, o.staff, f"{o.code}/params") for o in orgs],
        columns=list(ORGANISATION_COLUMNS),
    )
    return write_csv(frame, out / ORGANISATIONS_FILE)


def write_national_params(org: Organisation, folder: Path, year: str = LATEST_YEAR) -> Path:
    """``folder/params/defaults.yaml`` and ``<year>.yaml``: the demo's params for ``year``
    with the organisation's code and name, its data in ``folder/<year>/`` and no action plan,
    so ``wres report --params folder/params/<year>.yaml`` builds its report."""
    params_dir = Path(folder) / "params"
    params_dir.mkdir(parents=True, exist_ok=True)
    defaults = _read_yaml(REPOSITORY / "params" / DEFAULTS_FILE)
    defaults.update(org=org.code, org_name=org.name)
    year_file = _read_yaml(REPOSITORY / "params" / f"{year}.yaml")
    year_file["data_dir"] = year  # relative to the project root, the parent of params/
    for key in ("action_plans", "published_counts", "benchmarking"):  # the demo's own files
        year_file.pop(key, None)
        defaults.pop(key, None)
    for key in ("baseline_year", "baseline_percent"):  # the demo trust's own trajectory
        defaults.get("model_employer", {}).pop(key, None)
    _write_yaml(params_dir / DEFAULTS_FILE, defaults)
    return _write_yaml(params_dir / f"{year}.yaml", year_file)


def _read_yaml(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}


def _write_yaml(path: Path, data: dict[str, Any]) -> Path:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):
        path.write_text(text, encoding="utf-8")  # unchanged files keep their times
    return path


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
    parser.add_argument("--max-staff", type=int, default=None, help="cap each trust's size")
    args = parser.parse_args(argv)
    folders = generate_national(args.out, args.orgs, args.year, args.max_staff)
    staff = sum(org.staff for org in organisations(args.orgs, args.max_staff))
    print(f"{len(folders)} organisations ({staff:,} staff) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
