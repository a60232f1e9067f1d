"""The national collection: demo-shaped trusts of many sizes, one seed each, deterministic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.demo.national import (
    DEMO_STAFF,
    LARGEST,
    NATIONAL_ORGS,
    ORGANISATION_COLUMNS,
    REGIONS,
    SMALLEST,
    TRUST_TYPES,
    generate_national,
    national_params,
    org_name,
    organisations,
)
from wres_lib.demo.shape import DEMO_SEED
from wres_lib.demo.trust import build_demo_tables
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import load_params
from wres_lib.measure.counts import counts_from_records
from wres_lib.measure.window import gather

ROOT = Path(__file__).resolve().parents[1]


def test_same_arguments_same_bytes_and_each_org_its_own(tmp_path: Path) -> None:
    first = generate_national(tmp_path / "one", orgs=2)
    again = generate_national(tmp_path / "two", orgs=2)
    assert [f.parent.name for f in first] == ["nat000", "nat001"]
    for a, b in zip(first, again, strict=True):
        for name in ("staff_record", "recruitment", "board"):
            assert (a / f"{name}.csv").read_bytes() == (b / f"{name}.csv").read_bytes()
    staff = [(f / "staff_record.csv").read_bytes() for f in first]
    assert staff[0] != staff[1]
    # each file holds the organisation's own size (a header line, then one row a person)
    sizes = [org.staff for org in organisations(2)]
    assert sizes == [7770, 3780]
    for rows, size in zip(staff, sizes, strict=True):
        assert abs(rows.count(b"\n") - 1 - size) <= 0.01 * size

    template = load_params(ROOT / "params" / "2022-23.yaml")
    params = national_params(template, first[1])
    counts = counts_from_records(params, load_year(params))
    assert set(counts["org"]) == {org_name(1)}
    assert counts.query("indicator == 1 and measure == 'overall' and group == 'BME'").size


def test_sizes_names_regions_and_types_are_national_and_fixed() -> None:
    orgs = organisations()
    assert len(orgs) == NATIONAL_ORGS
    staff = [org.staff for org in orgs]
    assert SMALLEST <= min(staff) < 1_000 and 15_000 < max(staff) <= LARGEST
    assert 1_300_000 < sum(staff) < 1_500_000  # the national data: about 1.4 M staff
    assert len({org.name for org in orgs}) == NATIONAL_ORGS
    assert all(org.name.endswith(("NHS Trust", "NHS Foundation Trust")) for org in orgs)
    regions = Counter(org.region for org in orgs)
    assert set(regions) == {name for name, _ in REGIONS}
    assert set(org.trust_type for org in orgs) == {name for name, *_ in TRUST_TYPES}
    assert organisations(3) == orgs[:3]  # an organisation does not depend on how many are made


def test_the_smallest_trust_is_still_a_whole_trust() -> None:
    """At a twelfth of the demo's size every extract still has rows and every indicator counts."""
    tables = build_demo_tables(DEMO_SEED, SMALLEST / DEMO_STAFF)
    latest = {name: frame for (year, name), frame in tables.items() if year == "2022-23"}
    assert abs(len(latest["staff_record"]) - SMALLEST) <= 0.05 * SMALLEST
    assert all(len(frame) > 0 for frame in latest.values())
    assert len(latest["recruitment"]) < 600  # the recruitment extract scales too


def test_each_org_has_params_wres_report_can_read(tmp_path: Path) -> None:
    generate_national(tmp_path, orgs=2)
    listing = pd.read_csv(tmp_path / "organisations.csv", dtype=str)
    assert tuple(listing.columns) == ORGANISATION_COLUMNS
    row = listing.iloc[1]
    params = load_params(tmp_path / row["params_dir"] / "2022-23.yaml")
    assert (params.org, params.org_name) == (row["org_code"], row["org_name"])
    assert params.data_path.resolve() == (tmp_path / "nat001" / "2022-23").resolve()
    assert not params.action_plans or all(path is None for _, path in params.action_plans)
    data = gather(params)
    assert data.years == ["2022-23"]
    known = data.counts.query("indicator == 1 and measure == 'overall' and group == 'BME'")
    assert 0.15 < known["numerator"].iloc[0] / known["denominator"].iloc[0] < 0.4


def test_a_stale_folder_is_regenerated(tmp_path: Path) -> None:
    (folder,) = generate_national(tmp_path, orgs=1)
    original = (folder / "staff_record.csv").read_bytes()
    (folder / ".generated").write_text("seed 0 staff 1\n", encoding="utf-8")
    (folder / "staff_record.csv").write_text("stale\n", encoding="utf-8")
    generate_national(tmp_path, orgs=1)
    assert (folder / "staff_record.csv").read_bytes() == original


def test_only_demo_years() -> None:
    with pytest.raises(ValueError, match="a demo year"):
        generate_national(Path("/nonexistent"), orgs=1, year="2030-31")
