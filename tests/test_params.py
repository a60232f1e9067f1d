"""Params: the committed files load, a typo is an error naming its line, defaults merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wres_lib.errors import InputError
from wres_lib.inputs.params import (
    check_year,
    find_params,
    load_params,
    resolve_inside,
    year_label,
    year_period,
    year_start,
)

ROOT = Path(__file__).resolve().parent.parent
PARAMS_DIR = ROOT / "params"
YEAR_FILES = sorted(p for p in PARAMS_DIR.glob("*.yaml") if p.name != "defaults.yaml")

MINIMAL = """\
org: test
org_name: Test Trust
year: "2021-22"
snapshot_date: 2022-03-31
data_dir: data
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def problems(path: Path) -> list[tuple[int | None, str | None, object, str]]:
    with pytest.raises(InputError) as info:
        load_params(path)
    return [(p.row, p.column, p.value, p.expected) for p in info.value.problems]


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda p: p.stem)
def test_committed_params_load(path: Path) -> None:
    params = load_params(path)
    assert params.year == path.stem
    assert params.org == "demo"
    start, end = year_period(params.year)
    assert start <= params.snapshot_date <= end
    assert Path(params.project_root) == ROOT
    assert params.survey is not None and params.survey.survey_year == year_start(params.year)
    for name in ("staff_record", "recruitment", "disciplinary", "training", "staff_survey"):
        assert params.source_path(name) is not None


def test_committed_params_cover_five_years() -> None:
    assert list(find_params(PARAMS_DIR)) == ["2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]
    assert find_params(PARAMS_DIR, org="nobody") == {}


def test_defaults_are_merged_under_the_year(tmp_path: Path) -> None:
    folder = tmp_path / "params"
    write(
        folder,
        "defaults.yaml",
        "org: test\norg_name: Default Name\nmodel_employer:\n  target_year: 2030\n"
        "  senior_from_band: Band 7\ndisclosure:\n  threshold: 5\n",
    )
    path = write(
        folder,
        "2021-22.yaml",
        'year: "2021-22"\nsnapshot_date: 2022-03-31\ndata_dir: data\norg_name: Year Name\n'
        "model_employer:\n  target_percent: 25.6\n",
    )
    params = load_params(path)
    assert params.org == "test"
    assert params.org_name == "Year Name"  # the year wins
    assert params.model_employer.target_percent == 25.6  # merged, not replaced
    assert params.model_employer.target_year == 2030
    assert params.model_employer.senior_from_band == "Band 7"
    assert params.disclosure.threshold == 5
    assert params.disclosure.hide_zero is False  # model default
    assert Path(params.project_root) == tmp_path.resolve()
    assert params.data_path == tmp_path.resolve() / "data"


def test_committed_defaults_reach_every_year() -> None:
    params = load_params(PARAMS_DIR / "2021-22.yaml")
    assert params.org_name == "Demo Valley Partnership NHS Trust"
    assert params.model_employer.target_percent == 25.6
    assert params.model_employer.target_year == 2025
    assert params.method.parity_band == (0.80, 1.25)


def test_unknown_key_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL + "disclosure:\n  treshold: 5\n")
    assert problems(path) == [
        (7, "disclosure.treshold", 5, "no such key: a typo? (unknown keys are errors)")
    ]


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL.replace("data_dir", "data_folder"))
    found = problems(path)
    assert (5, "data_folder", "data", "no such key: a typo? (unknown keys are errors)") in found
    assert any(column == "data_dir" and "required" in expected for _, column, _, expected in found)


def test_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL + "method:\n  trend_years: many\n")
    [(row, column, value, expected)] = problems(path)
    assert (row, column, value) == (7, "method.trend_years", "many")
    assert "integer" in expected


@pytest.mark.parametrize("year", ["2021-23", "2021", "21-22", "2021/22", "2021-2022"])
def test_malformed_year(tmp_path: Path, year: str) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL.replace('"2021-22"', f'"{year}"'))
    [(row, column, value, expected)] = problems(path)
    assert (row, column, value) == (3, "year", year)
    assert "a reporting year like 2021-22" in expected


def test_snapshot_outside_the_year(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL.replace("2022-03-31", "2022-04-01"))
    [(_, _, _, expected)] = problems(path)
    assert "outside reporting year 2021-22" in expected


def test_excel_source_needs_a_sheet(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL + "sources:\n  board: {path: board.xlsx}\n")
    [(row, column, _, expected)] = problems(path)
    assert (row, column) == (7, "sources.board")
    assert "needs 'sheet'" in expected


def test_survey_indicator_out_of_range(tmp_path: Path) -> None:
    text = MINIMAL + "survey:\n  survey_year: 2021\n  questions:\n    4: {all: q1}\n"
    [(_, column, _, expected)] = problems(write(tmp_path, "p.yaml", text))
    assert column == "survey.questions"
    assert "indicators 5 to 8" in expected


def test_not_a_mapping_and_empty_file(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "list.yaml", "- a\n- b\n"))[0][3] == "a YAML mapping of keys"
    assert "empty" in problems(write(tmp_path, "empty.yaml", ""))[0][3]
    assert problems(tmp_path / "missing.yaml")[0][3] == "a YAML file that exists"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", MINIMAL + "governance: [unclosed\n")
    [(row, _, _, expected)] = problems(path)
    assert row is not None and row >= 6
    assert expected.startswith("a closing ] or } for each [ or {")
    assert "YAML says: did not find expected" in expected


def test_year_helpers() -> None:
    assert check_year("2021-22") == "2021-22"
    assert check_year("1999-00") == "1999-00"
    assert year_start("2018-19") == 2018
    assert year_label(2022) == "2022-23"
    assert year_label(1999) == "1999-00"
    assert year_period("2021-22") == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    with pytest.raises(ValueError):
        check_year("2021-21")


def test_resolve_inside_refuses_escapes(tmp_path: Path) -> None:
    base = tmp_path / "data"
    base.mkdir()
    assert resolve_inside(base, "sub/file.csv", "p.yaml", "k") == base.resolve() / "sub/file.csv"
    for escape in ("../../etc/passwd", "/etc/passwd", "sub/../../x.csv"):
        with pytest.raises(InputError) as info:
            resolve_inside(base, escape, "p.yaml", "sources.board.path")
        problem = info.value.problems[0]
        assert (problem.file, problem.column, problem.value) == (
            "p.yaml",
            "sources.board.path",
            escape,
        )


def test_a_mistake_in_defaults_is_blamed_on_defaults(tmp_path: Path) -> None:
    """An unknown key in defaults.yaml names defaults.yaml and its line, not the year's file."""
    folder = tmp_path / "params"
    folder.mkdir()
    (folder / "defaults.yaml").write_text(
        "org: demo\norg_name: Demo\ndisclosure:\n  threshhold: 10\n", encoding="utf-8"
    )
    (folder / "2022-23.yaml").write_text(
        'year: "2022-23"\nsnapshot_date: 2023-03-31\ndata_dir: data\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_params(folder / "2022-23.yaml")
    problem = caught.value.problems[0]
    assert problem.file.endswith("defaults.yaml")
    assert problem.row == 4
    assert problem.column == "disclosure.threshhold"


FRONT_SHEET = """\
report_date: 2022-09-06
governance:
  meeting: Trust Board, 27 September 2022
  meeting_date: 2022-09-27
  submitted: 2022-09-07
  ask: [approve, endorse]
  considered: [{forum: EDI Workforce Group, date: 2022-06-07, assurance: approved}]
  nhs_england_submitted: 2022-08-31
"""


def test_front_sheet_fields_load_and_are_checked_in_time(tmp_path: Path) -> None:
    params = load_params(write(tmp_path, "p.yaml", MINIMAL + FRONT_SHEET))
    gov = params.governance
    assert (gov.ask, gov.considered[0].assurance) == (["approve", "endorse"], "approved")
    late_report = FRONT_SHEET.replace("report_date: 2022-09-06", "report_date: 2022-09-28")
    [(_, key, _, expected)] = problems(write(tmp_path, "a.yaml", MINIMAL + late_report))
    assert "after the meeting that receives it" in expected
    late_forum = FRONT_SHEET.replace("date: 2022-06-07", "date: 2022-10-01")
    [(row, key, _, expected)] = problems(write(tmp_path, "b.yaml", MINIMAL + late_forum))
    assert (key, row) == ("governance", 7) and "after the meeting on 2022-09-27" in expected
    unknown_ask = FRONT_SHEET.replace("[approve, endorse]", "[approve, rubber-stamp]")
    [(row, key, value, _)] = problems(write(tmp_path, "c.yaml", MINIMAL + unknown_ask))
    assert (key, value) == ("governance.ask.1", "rubber-stamp")
