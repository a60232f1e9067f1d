"""The national benchmark collection: demo-shaped trusts, one seed each, deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres_lib.demo.national import generate_national, national_params, org_name
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import load_params
from wres_lib.measure.counts import counts_from_records

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
    assert all(s.count(b"\n") > 5000 for s in staff)

    template = load_params(ROOT / "params" / "2022-23.yaml")
    params = national_params(template, first[1])
    counts = counts_from_records(params, load_year(params))
    assert set(counts["org"]) == {org_name(1)}
    assert counts.query("indicator == 1 and measure == 'overall' and group == 'BME'").size


def test_only_demo_years() -> None:
    with pytest.raises(ValueError, match="a demo year"):
        generate_national(Path("/nonexistent"), orgs=1, year="2030-31")
