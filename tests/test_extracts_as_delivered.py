"""Extracts as ESR delivers them: its headers, day-first dates, a trust's own header names in
the params, and a trust's own label maps in ``maps/`` (issue 23 items 1 and 3).

Each test copies the corpus trust (the demo's 2022-23 extracts, trimmed) and reads it the
way the report does; what is compared is the loaded frames and the counts built from them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bad_inputs.cases import DATA, ESR_STAFF_HEADERS, ROWS
from test_corpus import DEFAULTS, PARAMS

from wres_lib.cli import main
from wres_lib.demo.trust import build_demo_tables
from wres_lib.errors import InputError
from wres_lib.inputs import bands, ethnicity
from wres_lib.inputs.headers import STANDARD_HEADERS
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import load_params
from wres_lib.inputs.schemas import COLUMNS, DELIVERED_COLUMNS
from wres_lib.inputs.tabular import read_table, write_csv
from wres_lib.inputs.trust_maps import write_map_copies
from wres_lib.measure.counts import counts_from_records

YEAR = "2022-23"


@pytest.fixture(scope="module")
def demo_tables() -> dict[str, pd.DataFrame]:
    return {
        name: frame.head(ROWS[name]).reset_index(drop=True)
        for (year, name), frame in build_demo_tables().items()
        if year == YEAR
    }


def make_trust(root: Path, tables: dict[str, pd.DataFrame], params: str = PARAMS) -> Path:
    """A trust folder holding ``tables`` as its 2022-23 extracts; returns its params file."""
    for name, frame in tables.items():
        write_csv(frame, root / DATA / f"{name}.csv")
    (root / "params").mkdir(parents=True, exist_ok=True)
    (root / "params" / "defaults.yaml").write_text(DEFAULTS, encoding="utf-8")
    path = root / "params" / f"{YEAR}.yaml"
    path.write_text(
        params.format(data=DATA).replace("action_plans:\n  current: plans/plan_2022-23.yaml\n", ""),
        encoding="utf-8",
    )
    return path


def day_first(series: pd.Series) -> pd.Series:
    """ISO dates as ESR and Excel export them in England: 31/03/2023."""
    parsed = pd.to_datetime(series.where(series != ""), format="%Y-%m-%d")
    return parsed.dt.strftime("%d/%m/%Y").fillna("")


def as_esr(staff: pd.DataFrame) -> pd.DataFrame:
    """The staff record with ESR's headers, UK dates and two columns ESR adds."""
    out = staff.assign(
        start_date=day_first(staff["start_date"]), leaving_date=day_first(staff["leaving_date"])
    ).rename(columns=ESR_STAFF_HEADERS)
    out.insert(1, "Full Name", "A Person")
    out["Position Title"] = "Nurse"
    return out


def loaded(params: Path):
    p = load_params(params)
    data = load_year(p)
    return data, counts_from_records(p, data)


def test_esr_headers_and_uk_dates_read_as_our_own(tmp_path, demo_tables) -> None:
    ours, ours_counts = loaded(make_trust(tmp_path / "ours", demo_tables))
    esr_tables = {**demo_tables, "staff_record": as_esr(demo_tables["staff_record"])}
    data, counts = loaded(make_trust(tmp_path / "esr", esr_tables))
    shared = list(ours.staff_record.columns)
    pd.testing.assert_frame_equal(data.staff_record[shared], ours.staff_record[shared])
    pd.testing.assert_frame_equal(counts.reset_index(drop=True), ours_counts.reset_index(drop=True))
    assert data.staff_record.attrs["ignored_columns"] == ["Full Name", "Position Title"]
    assert counts.attrs["excluded"]["extract_columns_ignored"] == 2
    assert "extract_columns_ignored" not in ours_counts.attrs["excluded"]
    # A start date 14/09/2006 is 14 September, never 9 February.
    first = demo_tables["staff_record"]["start_date"].iloc[0]
    assert data.staff_record["start_date"].iloc[0] == pd.Timestamp(first)


def test_a_header_of_the_trusts_own_is_mapped_in_the_params(tmp_path, demo_tables) -> None:
    staff = demo_tables["staff_record"].rename(columns={"pay_band": "AfC Band (current)"})
    params = PARAMS.replace(
        "  staff_record: {{path: staff_record.csv}}",
        "  staff_record:\n    path: staff_record.csv\n    columns:\n"
        "      pay_band: AfC Band (current)",
    )
    path = make_trust(tmp_path, {**demo_tables, "staff_record": staff}, params)
    data, _ = loaded(path)
    assert list(data.staff_record["pay_band"]) == list(demo_tables["staff_record"]["pay_band"])


def test_a_mapping_to_a_header_the_file_lacks_names_the_params_line(tmp_path, demo_tables):
    params = PARAMS.replace(
        "  staff_record: {{path: staff_record.csv}}",
        "  staff_record:\n    path: staff_record.csv\n    columns:\n      pay_band: Grade\n"
        "      payband: Pay Band",
    )
    path = make_trust(tmp_path, demo_tables, params)
    with pytest.raises(InputError) as caught:
        load_year(load_params(path))
    problems = {p.column: p for p in caught.value.problems}
    assert set(problems) == {"sources.staff_record.columns.payband"}
    wrong_key = problems["sources.staff_record.columns.payband"]
    assert (wrong_key.file, wrong_key.row) == (str(path), 10)
    assert "pay_band" in wrong_key.expected
    fixed = path.read_text().replace("      payband: Pay Band\n", "")
    path.write_text(fixed)
    with pytest.raises(InputError) as caught:
        load_year(load_params(path))
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.value) == (str(path), 9, "Grade")
    assert "'staff_id'" in problem.expected and "'pay_band'" in problem.expected


def test_a_missing_column_lists_the_headers_and_the_nearest(tmp_path, demo_tables, capsys):
    staff = demo_tables["staff_record"].rename(columns={"ethnic_origin": "Ethnic Orgin"})
    path = make_trust(tmp_path, {**demo_tables, "staff_record": staff})
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "staff_record.csv, row 1, column 'ethnic_origin'" in err
    assert "'Ethnic Origin'" in err and "nearest: 'Ethnic Orgin'" in err


def test_columns_no_indicator_reads_may_be_absent_or_unreadable(tmp_path, demo_tables):
    staff = demo_tables["staff_record"][
        [
            "staff_id",
            "assignment_category",
            "ethnic_origin",
            "pay_band",
            "staff_group",
            "start_date",
        ]
    ].copy()
    staff.loc[[0, 3], "start_date"] = ["sometime in 2019", "31/02/2019"]
    data, counts = loaded(make_trust(tmp_path, {**demo_tables, "staff_record": staff}))
    assert data.staff_record.attrs["unread_dates"] == {"start_date": [2, 5]}
    assert counts.attrs["excluded"]["staff_dates_unread"] == 2
    assert set(data.staff_record["sex"]) == {""}


def test_a_trusts_own_maps_come_first_and_are_checked(tmp_path, demo_tables, capsys) -> None:
    staff = demo_tables["staff_record"].copy()
    consultants = staff.index[staff["pay_band"] == "Consultant"][:3]
    assert len(consultants) == 3
    staff.loc[consultants, "pay_band"] = "Locum Consultant (Trust grade)"
    scientists = staff["staff_group"] == "Add Prof Scientific and Technic"
    assert scientists.sum() > 0
    path = make_trust(tmp_path, {**demo_tables, "staff_record": staff})
    with pytest.raises(InputError) as caught:
        load_year(load_params(path))
    assert {p.value for p in caught.value.problems} == {"Locum Consultant (Trust grade)"}
    written = write_map_copies(tmp_path)
    assert [p.name for p in written] == [
        "pay_band_map.csv",
        "staff_group_map.csv",
        "ethnicity_map.csv",
    ]
    maps = tmp_path / "maps"
    with (maps / "pay_band_map.csv").open("a", encoding="utf-8") as out:
        out.write("Locum Consultant (Trust grade),Consultant,medical,\n")
    groups = read_table(maps / "staff_group_map.csv", None)
    groups.loc[groups["label"] == "add prof scientific and technic", "workforce"] = "non-clinical"
    write_csv(groups, maps / "staff_group_map.csv")
    data, _ = loaded(path)
    assert list(data.staff_record["band_row"].iloc[consultants]) == ["medical|Consultant"] * 3
    moved = data.staff_record[scientists.to_numpy()]
    assert set(moved["workforce"]) == {"non-clinical"}
    # The package's maps are untouched once the trust's extracts are read.
    assert bands.pay_band("Locum Consultant (Trust grade)") is None
    assert bands.staff_group("Add Prof Scientific and Technic").workforce == "clinical"
    assert main(["validate", str(path)]) == 0
    assert "your own maps" in capsys.readouterr().out

    with (maps / "ethnicity_map.csv").open("a", encoding="utf-8") as out:
        out.write("our code w9,A,Asian,BME\n")
    with (maps / "pay_band_map.csv").open("a", encoding="utf-8") as out:
        out.write("band 9 plus,Band 9+,afc,\n")
    with pytest.raises(InputError) as caught:
        load_year(load_params(path))
    found = {(Path(p.file).name, p.column, p.value) for p in caught.value.problems}
    assert found == {
        ("ethnicity_map.csv", "ethnic_group", "Asian"),
        ("pay_band_map.csv", "band", "Band 9+"),
    }
    assert ethnicity.resolve_label("our code w9") is None


def test_the_documented_headers_are_the_ones_read() -> None:
    """docs/extracts.md's tables list, per extract and field, exactly the headers read."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "extracts.md").read_text()
    for source, fields in STANDARD_HEADERS.items():
        section = text.split(f"### {source}\n", 1)[1].split("\n### ", 1)[0]
        rows = {
            line.split("|")[1].strip(" `"): line.split("|")[2]
            for line in section.splitlines()
            if line.startswith("| `")
        }
        assert set(rows) == set(COLUMNS[source] + DELIVERED_COLUMNS.get(source, ()))
        for name, headers in fields.items():
            assert re.findall(r"`([^`]+)`", rows[name]) == list(headers), (source, name)
