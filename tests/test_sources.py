"""Loaders and their validation, end to end through ``wres validate`` where the user would see it.

Every bad-input test checks the exit status (2) and that the message names the file, the row,
the column, the value and what was expected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.cli import main
from wres_lib.errors import InputError
from wres_lib.inputs import bands
from wres_lib.inputs.loaders import (
    LOADERS,
    YearData,
    load_board,
    load_staff_record,
    load_staff_survey,
    load_training,
    load_year,
)
from wres_lib.inputs.params import load_params
from wres_lib.measure.model_employer import is_senior_band_row
from wres_lib.protect.reader_relations import senior_rows

MakeYear = Callable[..., Path]
Rows = list[list[object]]
SOURCES = (
    "staff_record",
    "recruitment",
    "disciplinary",
    "training",
    "staff_survey",
    "board",
)


def run_validate(params: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", str(params)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_reported(
    err: str,
    file: str,
    row: int | None,
    column: str | None,
    value: object,
    expected: str,
) -> None:
    """One line of the message names all five things."""
    lines = [line for line in err.splitlines() if file in line]
    wanted = [
        f"row {row}" if row is not None else "",
        f"column '{column}'" if column is not None else "",
        f"value {value!r}" if value is not None else "",
        expected,
    ]
    assert any(all(part in line for part in wanted) for line in lines), err


def bad(
    make_year: MakeYear,
    good_rows: dict[str, Rows],
    name: str,
    row: int,
    column: str,
    value: object,
) -> Path:
    """A good year with one cell of one extract changed (``row`` is the spreadsheet row)."""
    rows = good_rows[name]
    rows[row - 1][rows[0].index(column)] = value
    return make_year(good_rows)


# --- bad input through the CLI -----------------------------------------------------------------


def test_missing_column(make_year: MakeYear, good_rows, capsys) -> None:
    rows = [[cell for i, cell in enumerate(row) if i != 3] for row in good_rows["staff_record"]]
    good_rows["staff_record"] = rows
    code, _, err = run_validate(make_year(good_rows), capsys)
    assert code == 2
    assert_reported(err, "staff_record.csv", None, "pay_band", None, "a column named 'pay_band'")


def test_unknown_ethnic_labels_are_all_listed_with_counts(
    make_year: MakeYear, good_rows, capsys
) -> None:
    rows = good_rows["staff_record"]
    rows[1][2] = "Martian"
    rows[2][2] = "Venusian"
    rows[4][2] = "Martian"
    code, _, err = run_validate(make_year(good_rows), capsys)
    assert code == 2
    assert_reported(err, "staff_record.csv", 2, "ethnic_origin", "Martian", "2 row(s)")
    assert "have this value: 2, 5" in err
    assert_reported(err, "staff_record.csv", 3, "ethnic_origin", "Venusian", "1 row(s)")


def test_text_where_a_number_belongs(make_year: MakeYear, good_rows, capsys) -> None:
    code, _, err = run_validate(bad(make_year, good_rows, "staff_survey", 3, "yes", "30%"), capsys)
    assert code == 2
    assert_reported(err, "staff_survey.csv", 3, "yes", "30%", "a whole number")


def test_duplicate_staff_id_names_both_rows(make_year: MakeYear, good_rows, capsys) -> None:
    code, _, err = run_validate(
        bad(make_year, good_rows, "staff_record", 4, "staff_id", "S1"), capsys
    )
    assert code == 2
    expected = "a staff_id used on one row only; 'S1' is on rows 2, 4"
    assert_reported(err, "staff_record.csv", 2, "staff_id", "S1", expected)
    assert_reported(err, "staff_record.csv", 4, "staff_id", "S1", expected)


def test_negative_count(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_survey", 2, "respondents", "-5")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    assert_reported(err, "staff_survey.csv", 2, "respondents", "-5", "a count of 0 or more")


def test_shortlisted_date_in_the_wrong_year(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "recruitment", 3, "shortlisted_date", "2022-04-01")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "a date from 2021-04-01 to 2022-03-31 (reporting year 2021-22)"
    assert_reported(err, "recruitment.csv", 3, "shortlisted_date", "2022-04-01", expected)


def test_training_date_in_the_wrong_year(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "training", 2, "date", "2021-03-31")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    assert_reported(err, "training.csv", 2, "date", "2021-03-31", "a date from 2021-04-01")


def test_disciplinary_outside_the_two_year_window(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "disciplinary", 2, "date_opened", "2020-03-31")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "a date from 2020-04-01 to 2022-03-31 (the two years to the end of 2021-22)"
    assert_reported(err, "disciplinary.csv", 2, "date_opened", "2020-03-31", expected)


def test_date_month_first(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "training", 3, "date", "01/15/2022")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    assert_reported(err, "training.csv", 3, "date", "01/15/2022", "day first")


def test_leaving_date_on_the_snapshot(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_record", 3, "leaving_date", "2022-03-31")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "blank or a date after the snapshot date 2022-03-31"
    assert_reported(err, "staff_record.csv", 3, "leaving_date", "2022-03-31", expected)


def test_start_date_after_the_snapshot(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_record", 5, "start_date", "2022-04-01")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "a start date on or before the snapshot date 2022-03-31"
    assert_reported(err, "staff_record.csv", 5, "start_date", "2022-04-01", expected)


def test_empty_file(make_year: MakeYear, capsys, tmp_path: Path) -> None:
    params = make_year()
    (tmp_path / "data" / "training.csv").write_text("")
    code, _, err = run_validate(params, capsys)
    assert code == 2
    assert "training.csv" in err and "not an empty file" in err


def test_header_only_file(make_year: MakeYear, good_rows, capsys) -> None:
    good_rows["board"] = good_rows["board"][:1]
    code, _, err = run_validate(make_year(good_rows), capsys)
    assert code == 2
    assert "board.csv" in err and "at least one data row" in err


def test_wrong_sheet_name(make_year: MakeYear, capsys) -> None:
    params = make_year(xlsx={"board": "Board members"})
    code, _, err = run_validate(params, capsys)
    assert code == 2
    assert_reported(err, "board.xlsx", None, None, "Board members", "one of the sheets Data")


def test_unknown_params_key_names_the_line(make_year: MakeYear, capsys, tmp_path: Path) -> None:
    params = make_year()
    text = params.read_text().replace("org_name:", "org_nam:")
    params.write_text(text)
    code, _, err = run_validate(params, capsys)
    assert code == 2
    assert_reported(err, "params.yaml", 2, "org_nam", None, "no such key")
    assert_reported(err, "params.yaml", None, "org_name", None, "Field required")


def test_wrong_params_type(make_year: MakeYear, capsys) -> None:
    params = make_year()
    params.write_text(params.read_text() + "disclosure:\n  threshold: ten\n")
    code, _, err = run_validate(params, capsys)
    assert code == 2
    lines = params.read_text().splitlines()
    line = lines.index("  threshold: ten") + 1
    assert_reported(err, "params.yaml", line, "disclosure.threshold", "ten", "valid integer")


def test_malformed_year(make_year: MakeYear, capsys) -> None:
    params = make_year()
    params.write_text(params.read_text().replace('year: "2021-22"', 'year: "2021-23"'))
    code, _, err = run_validate(params, capsys)
    assert code == 2
    assert_reported(err, "params.yaml", 3, "year", "2021-23", "a reporting year like 2021-22")


def test_source_path_escaping_the_data_folder(make_year: MakeYear, capsys) -> None:
    params = make_year(sources={"board": "../../etc/passwd"})
    code, _, err = run_validate(params, capsys)
    assert code == 2
    line = next(n for n, text in enumerate(params.read_text().splitlines(), 1) if "passwd" in text)
    assert_reported(
        err, "params.yaml", line, "sources.board.path", "../../etc/passwd", "inside the data folder"
    )


def test_yes_greater_than_respondents(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_survey", 4, "yes", "21")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "a 'yes' count no greater than 'respondents' on the same row"
    assert_reported(err, "staff_survey.csv", 4, "yes", "21", expected)


def test_unknown_pay_band(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_record", 3, "pay_band", "Band 10")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "a pay band or medical grade listed in pay_band_map.csv"
    assert_reported(err, "staff_record.csv", 3, "pay_band", "Band 10", expected)


def test_medical_grade_outside_medical_and_dental(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_record", 2, "pay_band", "Consultant")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "a medical grade needs staff group Medical and Dental"
    assert_reported(err, "staff_record.csv", 2, "pay_band", "Consultant", expected)


def test_unknown_staff_group(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_record", 2, "staff_group", "Nursing")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    assert_reported(err, "staff_record.csv", 2, "staff_group", "Nursing", "an ESR staff group")


def test_bad_yes_no(make_year: MakeYear, good_rows, capsys) -> None:
    code, _, err = run_validate(bad(make_year, good_rows, "board", 3, "voting", "Maybe"), capsys)
    assert code == 2
    assert_reported(err, "board.csv", 3, "voting", "Maybe", "one of Yes, No")


def test_unknown_assignment_category(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "disciplinary", 3, "assignment_category", "Locum")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "one of Permanent, Fixed Term Temp, Bank"
    assert_reported(err, "disciplinary.csv", 3, "assignment_category", "Locum", expected)


def test_survey_year_not_the_params_year(make_year: MakeYear, good_rows, capsys) -> None:
    path = bad(make_year, good_rows, "staff_survey", 5, "survey_year", 2020)
    code, _, err = run_validate(path, capsys)
    assert code == 2
    assert_reported(err, "staff_survey.csv", 5, "survey_year", "2020", "2021, the survey_year")


def test_survey_question_not_in_params(make_year: MakeYear, good_rows, capsys) -> None:
    """A row of a question the params do not name is set aside (a full results file has
    many); where that leaves a named question without a required row, both are said."""
    path = bad(make_year, good_rows, "staff_survey", 2, "question", "q99")
    code, _, err = run_validate(path, capsys)
    assert code == 2
    expected = "question q14a (indicator 5, all); missing: White"
    assert_reported(err, "staff_survey.csv", None, "group", None, expected)
    assert "1 row(s) not used: 1 of 1 question(s) the params do not name (q99)" in err


def test_unknown_survey_group(make_year: MakeYear, good_rows, capsys) -> None:
    code, _, err = run_validate(
        bad(make_year, good_rows, "staff_survey", 2, "group", "Whyte"), capsys
    )
    assert code == 2
    assert_reported(err, "staff_survey.csv", 2, "group", "Whyte", "an ethnic group: White, BME")


def test_missing_file(make_year: MakeYear, capsys) -> None:
    code, _, err = run_validate(make_year(sources={"training": "nowhere.csv"}), capsys)
    assert code == 2
    assert "nowhere.csv" in err and "a file that exists" in err


def test_problems_in_several_files_are_reported_together(
    make_year: MakeYear, good_rows, capsys
) -> None:
    good_rows["board"][2][2] = "Perhaps"
    good_rows["training"][1][2] = "yesterday"
    good_rows["staff_record"][1][1] = "Agency"
    code, _, err = run_validate(make_year(good_rows), capsys)
    assert code == 2
    assert_reported(err, "board.csv", 3, "voting", "Perhaps", "one of Yes, No")
    assert_reported(err, "training.csv", 2, "date", "yesterday", "YYYY-MM-DD")
    assert_reported(err, "staff_record.csv", 2, "assignment_category", "Agency", "one of")


def test_nothing_is_written_on_failure(make_year: MakeYear, good_rows, capsys, tmp_path) -> None:
    params = bad(make_year, good_rows, "staff_record", 2, "pay_band", "Band 10")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    code, out, _ = run_validate(params, capsys)
    assert code == 2
    assert out == ""
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


def test_validate_good_year(make_year: MakeYear, capsys) -> None:
    code, out, err = run_validate(make_year(), capsys)
    assert code == 0, err
    assert "staff_record: 4 rows" in out
    assert "staff_survey: 12 rows" in out


# --- loaded frames -----------------------------------------------------------------------------


@pytest.fixture
def year(make_year: MakeYear) -> YearData:
    return load_year(load_params(make_year()))


def test_year_frames_in_source_order(year: YearData) -> None:
    assert list(year.frames()) == [
        "staff_record",
        "recruitment",
        "disciplinary",
        "training",
        "staff_survey",
        "board",
    ]
    assert YearData(board=year.board).frames().keys() == {"board"}


def test_staff_record_derived_columns(year: YearData) -> None:
    frame = year.staff_record
    assert frame.index.tolist() == [2, 3, 4, 5]
    assert frame.index.name == "row"
    assert frame["substantive"].tolist() == [True, True, False, True]
    assert frame["substantive"].dtype == bool
    assert frame["assignment_category"].tolist() == [
        "Permanent",
        "Fixed Term Temp",
        "Bank",
        "Permanent",
    ]
    assert frame["workforce"].tolist() == ["clinical", "non-clinical", "medical", "non-clinical"]
    assert frame["band"].tolist() == ["Band 5", "Band 8a", "Consultant", "Under Band 1"]
    assert frame["band_row"].tolist() == [
        "clinical|Band 5",
        "non-clinical|Band 8a",
        "medical|Consultant",
        "non-clinical|Under Band 1",
    ]
    assert frame["grouped_row"].tolist() == [
        "grouped|Clinical Band 5",
        "grouped|Non-clinical Bands 2 to 8a",
        "grouped|Medical (all grades)",
        "grouped|Under Band 1",
    ]
    assert frame["ethnic_code"].tolist() == ["A", "L", "Z", "N"]
    assert frame["ethnic_group"].tolist() == ["White", "Asian", "Unknown", "Black"]
    assert frame["wres_group"].tolist() == ["White", "BME", "Unknown", "BME"]
    assert pd.api.types.is_datetime64_any_dtype(frame["start_date"])
    assert frame.at[3, "leaving_date"] == pd.Timestamp("2022-05-01")
    assert pd.isna(frame.at[2, "leaving_date"])
    assert frame.at[2, "directorate"] == "Medicine"


def test_recruitment_derived_columns(year: YearData) -> None:
    frame = year.recruitment
    assert frame["appointed"].tolist() == [True, False, True]
    assert frame["offer_declined"].tolist() == [False, False, True]
    assert frame["appointed"].dtype == bool
    assert frame["internal_external"].tolist() == ["External", "Internal", "External"]
    assert frame["band"].tolist() == ["Band 5", "Band 5", "Non-consultant career grade"]
    assert frame["wres_group"].tolist() == ["White", "BME", "Unknown"]
    assert frame.at[3, "shortlisted_date"] == pd.Timestamp("2022-03-31")


def test_disciplinary_derived_columns(year: YearData) -> None:
    frame = year.disciplinary
    assert frame["substantive"].tolist() == [True, False]
    assert frame["ethnic_group"].tolist() == ["White", "Black"]
    assert frame["date_opened"].tolist() == [pd.Timestamp("2020-04-01"), pd.Timestamp("2022-03-31")]


def test_training_keeps_rows_of_people_not_in_the_snapshot(year: YearData) -> None:
    frame = year.training
    assert frame["staff_id"].tolist() == ["S1", "S8"]
    assert frame["date"].tolist() == [pd.Timestamp("2021-05-01"), pd.Timestamp("2022-01-15")]


def test_staff_survey_derived_columns(year: YearData) -> None:
    frame = year.staff_survey
    first = frame.loc[2:6]
    assert first["group"].tolist() == ["White", "BME", "BME", "White", "BME"]
    assert first["group_label"].tolist()[1] == "BAME"
    assert first["substantive"].tolist() == [True, True, False, False, True]
    assert first["indicator"].tolist() == [5, 5, 6, 6, 6]
    assert first["measure"].tolist() == ["all", "all", "bank|managers", "bank", "colleagues"]
    assert first["yes"].tolist() == [120, 30, 4, 0, 9]
    assert frame["respondents"].dtype == "int64"
    assert frame["survey_year"].tolist() == [2021] * 12


def test_board_derived_columns(year: YearData) -> None:
    frame = year.board
    assert frame["voting"].tolist() == [True, True, False]
    assert frame["executive"].tolist() == [False, True, True]
    assert frame["wres_group"].tolist() == ["White", "BME", "White"]


@pytest.mark.parametrize("name", SOURCES)
def test_xlsx_and_csv_give_the_same_frame(
    name: str, tmp_path: Path, make_year: MakeYear, good_rows, xlsx_writer
) -> None:
    params = load_params(make_year())
    loader = LOADERS[name]
    from_csv = loader(tmp_path / "data" / f"{name}.csv", None, params)
    xlsx = xlsx_writer(tmp_path / "x" / f"{name}.xlsx", good_rows[name], sheet="Extract")
    from_xlsx = loader(xlsx, "Extract", params)
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_headers_match_ignoring_case_and_spaces(
    tmp_path: Path, make_year: MakeYear, good_rows, csv_writer
) -> None:
    params = load_params(make_year())
    rows = [[" Member_ID ", "ROLE", "Voting", "executive", "Ethnic_Origin", "notes"]]
    rows += [row + ["x"] for row in good_rows["board"][1:]]
    frame = load_board(csv_writer(tmp_path / "b.csv", rows), None, params)
    assert {"member_id", "role", "voting", "ethnic_origin"} <= set(frame.columns)
    assert "notes" not in frame.columns and frame.attrs["ignored_columns"] == ["notes"]
    assert frame["member_id"].tolist() == ["B1", "B2", "B3"]


def test_survey_without_survey_params(tmp_path: Path, make_year: MakeYear) -> None:
    params = load_params(make_year()).model_copy(update={"survey": None})
    with pytest.raises(InputError) as info:
        load_staff_survey(tmp_path / "data" / "staff_survey.csv", None, params)
    assert info.value.problems[0].column == "survey"


def test_duplicate_survey_rows(tmp_path: Path, make_year: MakeYear, good_rows, csv_writer) -> None:
    params = load_params(make_year())
    rows = good_rows["staff_survey"] + [[2021, "substantive", "Q14A", "White", 1, 2]]
    with pytest.raises(InputError) as info:
        load_staff_survey(csv_writer(tmp_path / "s.csv", rows), None, params)
    problem = info.value.problems[0]
    assert (problem.row, problem.column) == (2, "question")
    assert "on rows 2, 14" in problem.expected


def test_date_window_edges(tmp_path: Path, make_year: MakeYear, csv_writer) -> None:
    """1 April and 31 March are inside the year; a day either side is not."""
    params = load_params(make_year())
    rows = [["staff_id", "course", "date"], ["S1", "c", "2021-04-01"], ["S1", "c", "2022-03-31"]]
    frame = load_training(csv_writer(tmp_path / "t.csv", rows), None, params)
    assert len(frame) == 2
    rows += [["S1", "c", "2022-04-01"], ["S1", "c", "2021-03-31"], ["S1", "c", "2022-02-30"]]
    with pytest.raises(InputError) as info:
        load_training(csv_writer(tmp_path / "t.csv", rows), None, params)
    assert [p.row for p in info.value.problems] == [4, 5, 6]
    assert info.value.problems[2].expected.startswith("a date written YYYY-MM-DD")


# --- bands -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "band"),
    [
        ("Band 5", "Band 5"),
        ("  band   7 ", "Band 7"),
        ("Band 8 - Range A", "Band 8a"),
        ("Band 8A", "Band 8a"),
        ("band 8 - range d", "Band 8d"),
        ("Band 9", "Band 9"),
        ("Very Senior Manager", "VSM"),
        ("VSM", "VSM"),
        ("Apprentice", "Under Band 1"),
        ("Band 1", "Under Band 1"),
        ("Consultant", "Consultant"),
        ("Specialty Doctor", "Non-consultant career grade"),
        ("Associate Specialist", "Non-consultant career grade"),
        ("Staff Grade", "Non-consultant career grade"),
        ("Foundation Year 1", "Trainee grade"),
        ("Specialty Registrar", "Trainee grade"),
        ("GP Trainee", "Trainee grade"),
        ("Medical Director", "Other"),
        ("Clinical Assistant", "Other"),
    ],
)
def test_pay_band_labels(label: str, band: str) -> None:
    found = bands.pay_band(label)
    assert found is not None and found.band == band


@pytest.mark.parametrize("label", ["Band 10", "Band 8", "Band 8e", "Doctor", "", "5"])
def test_unknown_pay_bands(label: str) -> None:
    assert bands.pay_band(label) is None


@pytest.mark.parametrize(
    ("label", "workforce"),
    [
        ("Administrative and Clerical", "non-clinical"),
        ("Estates & Ancillary", "non-clinical"),
        ("nursing and midwifery registered", "clinical"),
        ("Additional Clinical Services", "clinical"),
        ("Allied Health Professionals", "clinical"),
        ("Add Prof Scientific and Technic", "clinical"),
        ("Healthcare Scientists", "clinical"),
        ("Students", "clinical"),
        ("Medical and Dental", "medical"),
    ],
)
def test_staff_groups(label: str, workforce: str) -> None:
    found = bands.staff_group(label)
    assert found is not None and found.workforce == workforce


def test_band_rows_order_and_count() -> None:
    rows = bands.band_rows()
    codes = [r.row for r in rows]
    assert len(codes) == len(set(codes)) == 13 * 2 + 4
    assert codes[:3] == ["non-clinical|Under Band 1", "non-clinical|Band 2", "non-clinical|Band 3"]
    assert codes[7:13] == [f"non-clinical|Band 8{x}" for x in "abcd"] + [
        "non-clinical|Band 9",
        "non-clinical|VSM",
    ]
    assert codes[-4:] == [
        "medical|Consultant",
        "medical|Non-consultant career grade",
        "medical|Trainee grade",
        "medical|Other",
    ]
    assert rows[-4].label == "Medical and dental: Consultant"


def test_every_band_row_is_in_exactly_one_grouped_row() -> None:
    members = [m for g in bands.grouped_rows() for m in g.members]
    assert sorted(members) == sorted(r.row for r in bands.band_rows())
    assert [g.row for g in bands.grouped_rows()] == [
        "grouped|Non-clinical Bands 2 to 8a",
        "grouped|Non-clinical Bands 8b to VSM",
        "grouped|Clinical Band 2",
        "grouped|Clinical Bands 3 to 4",
        "grouped|Clinical Band 5",
        "grouped|Clinical Bands 6 to VSM",
        "grouped|Medical (all grades)",
        "grouped|Under Band 1",
    ]
    mapping = bands.grouped_row_map()
    assert mapping["non-clinical|Band 8a"] == "grouped|Non-clinical Bands 2 to 8a"
    assert mapping["non-clinical|Band 8b"] == "grouped|Non-clinical Bands 8b to VSM"
    assert mapping["clinical|Band 4"] == "grouped|Clinical Bands 3 to 4"
    assert mapping["clinical|VSM"] == "grouped|Clinical Bands 6 to VSM"
    assert mapping["clinical|Under Band 1"] == "grouped|Under Band 1"


def test_lowest_grouped_row_has_the_band_rows_name() -> None:
    """Table 1's "Under Band 1" rows and Table 2's row adding them up share one name."""
    lowest = [r for r in bands.band_rows() if r.band == bands.afc_bands()[0]]
    assert {r.band for r in lowest} == {"Under Band 1"}
    afc_lowest = [r.row for r in lowest if r.workforce in ("non-clinical", "clinical")]
    (group,) = [g for g in bands.grouped_rows() if set(g.members) == set(afc_lowest)]
    assert group.label == lowest[0].band
    assert bands.split_band_row(group.row) == ("grouped", lowest[0].band)
    assert bands.band_row_labels()[group.row] == "Under Band 1"
    # Grouped rows sort after every band row and never count as senior band rows.
    assert bands.band_sort_key(group.row) > bands.band_sort_key("medical|Other")
    assert not is_senior_band_row(group.row, "Under Band 1")
    assert group.row not in senior_rows("Under Band 1")
    # An earlier publication that printed the row as "Below Band 2" is still read as that row.
    from wres_lib.protect.table_cells import _measure_labels

    assert _measure_labels()["Below Band 2"] == group.row


def test_medical_staff_on_a_non_medical_band_get_medical_other() -> None:
    index = pd.RangeIndex(2, 4, name="row")
    frame = bands.classify_bands(
        pd.Series(["VSM", "Band 7"], index=index, dtype="str"),
        pd.Series(["Medical and Dental", "Healthcare Scientists"], index=index, dtype="str"),
        "x.csv",
    )
    assert frame["band_row"].tolist() == ["medical|Other", "clinical|Band 7"]


def test_classify_bands_lists_each_unknown_label_once() -> None:
    index = pd.RangeIndex(2, 6, name="row")
    with pytest.raises(InputError) as info:
        bands.classify_bands(
            pd.Series(["Band 10", "Band 10", "Band 5", "Band 5"], index=index, dtype="str"),
            pd.Series(["Students", "Students", "Students", "Porters"], index=index, dtype="str"),
            "x.csv",
        )
    found = {(p.column, p.value, p.row) for p in info.value.problems}
    assert found == {("pay_band", "Band 10", 2), ("staff_group", "Porters", 5)}
    assert "2 row(s) have this value: 2, 3" in info.value.message


def test_snapshot_date_is_used(tmp_path: Path, make_year: MakeYear, good_rows, csv_writer) -> None:
    """A leaver after an earlier snapshot date is fine; the check follows the params."""
    params = load_params(make_year())
    early = params.model_copy(update={"snapshot_date": dt.date(2022, 3, 1)})
    rows = good_rows["staff_record"]
    rows[1][9] = "2022-03-15"
    path = csv_writer(tmp_path / "s.csv", rows)
    assert len(load_staff_record(path, None, early)) == 4
    with pytest.raises(InputError):
        load_staff_record(path, None, params)


def test_band_row_labels_cover_band_and_grouped_rows_in_order() -> None:
    labels = bands.band_row_labels()
    assert len(labels) == 30 + 8
    assert list(labels)[0] == "non-clinical|Under Band 1"
    assert labels["clinical|Band 8a"] == "Clinical: Band 8a"
    assert list(labels)[-1] == "grouped|Under Band 1"
    assert labels["grouped|Clinical Bands 6 to VSM"] == "Clinical Bands 6 to VSM"


def test_loaded_year_feeds_counts(make_year: MakeYear) -> None:
    """The frames are what the counts module expects (the contract in docs/architecture.md)."""
    counts = pytest.importorskip("wres_lib.measure.counts")
    params = load_params(make_year())
    frame = counts.counts_from_records(params, load_year(params))
    one = frame[(frame["indicator"] == 1) & (frame["measure"] == "overall")]
    assert dict(zip(one["group"], one["denominator"], strict=True))["BME"] == 3
    survey = frame[(frame["indicator"] == 6) & (frame["measure"] == "bank|managers")]
    assert survey[["group", "numerator", "denominator"]].values.tolist() == [
        ["White", 2, 30],
        ["BME", 4, 20],
    ]


def test_blank_ids_are_reported_as_blank_not_as_duplicates(
    tmp_path: Path, make_year: MakeYear, good_rows, csv_writer
) -> None:
    params = load_params(make_year())
    rows = good_rows["board"]
    rows[1][0] = rows[2][0] = " "
    with pytest.raises(InputError) as info:
        load_board(csv_writer(tmp_path / "b.csv", rows), None, params)
    assert [(p.row, p.column, p.expected) for p in info.value.problems] == [
        (2, "member_id", "a value (the cell is blank)"),
        (3, "member_id", "a value (the cell is blank)"),
    ]
