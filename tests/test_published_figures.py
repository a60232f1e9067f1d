"""Published figures typed from an earlier, hand-made report: read, normalised and refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.errors import InputError, Problem
from wres_lib.measure.published_figures import read_published_figures, report_year

HEADER = "year,indicator,measure,group,numerator,denominator,percent,ratio\n"
FIXTURES = Path(__file__).parent / "fixtures"
SEED003 = FIXTURES / "published_figures" / "seed003_tables_3_5_6.csv"
GOOD = (
    "2021-22,1,overall,BME,1409,5511,25.6,\n"
    "2021-22,1,non-clinical|Band 7,BME,25,107,23.4,\n"
    "2021-22,1,non-clinical|Band 8b,BME,R,R,R,\n"
    "2020-21,1,non-clinical|Band 7,BME,,,28.7,\n"
    "2021-22,2,all,White,596,3842,15.5,\n"
    "2021-22,2,all,BME,207,2386,8.7,\n"
    "2021-22,2,all,White/BME,,,,1.79\n"
    "2021-22,3,all,BME,R,1409,R,\n"
    "2021-22,3,all,White,R,4102,R,\n"
    "2021-22,3,all,BME/White,,,,1.64\n"
    "2021-22,3,two-year,BME/White,,,,1.41\n"
    "2021-22,9,all,BME,1,11,9.1,\n"
)


def write(tmp_path: Path, body: str, header: str = HEADER, name: str = "published.csv") -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        read_published_figures(path)
    return caught.value.problems


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_good_file_reads_exact_values_and_texts(tmp_path: Path) -> None:
    frame = read_published_figures(write(tmp_path, GOOD))
    assert list(frame.columns) == [
        "year", "indicator", "measure", "group", "numerator", "denominator",
        "numerator_text", "denominator_text", "percent_text", "ratio_text",
    ]  # fmt: skip
    assert list(frame.index) == list(range(2, 14))
    assert frame["indicator"].dtype == "int64"
    assert str(frame["numerator"].dtype) == str(frame["denominator"].dtype) == "Int64"
    assert frame["indicator"].tolist() == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 9]
    assert frame.loc[3, "measure"] == "non-clinical|Band 7"
    assert frame["group"].tolist() == [
        "BME", "BME", "BME", "BME", "White", "BME", "White/BME", "BME", "White", "BME/White",
        "BME/White", "BME",
    ]  # fmt: skip
    numerators = [None if pd.isna(n) else int(n) for n in frame["numerator"]]
    assert numerators == [1409, 25, None, None, 596, 207, None, None, None, None, None, 1]
    denominators = [None if pd.isna(n) else int(n) for n in frame["denominator"]]
    assert denominators == [5511, 107, None, None, 3842, 2386, None, 1409, 4102, None, None, 11]
    assert frame["numerator_text"].tolist() == [
        "1409", "25", "R", "", "596", "207", "", "R", "R", "", "", "1",
    ]  # fmt: skip
    assert frame["percent_text"].tolist() == [
        "25.6", "23.4", "R", "28.7", "15.5", "8.7", "", "R", "R", "", "", "9.1",
    ]  # fmt: skip
    assert frame["ratio_text"].tolist() == [
        "",
        "",
        "",
        "",
        "",
        "",
        "1.79",
        "",
        "",
        "1.64",
        "1.41",
        "",
    ]
    assert report_year(frame) == "2021-22"


def test_typed_forms_are_normalised(tmp_path: Path) -> None:
    """Separators, % signs, spaces, a lower-case r and the survey's BAME are as printed."""
    path = write(
        tmp_path,
        '2019-20,4,all,White,"3,203"," 3,982 ", 80.4 %,\n'
        "2019-20,4,all,BAME,r,1221,r,\n"
        "2019-20,4,all,White/BAME,,,,1.10\n"
        "2019-20,5,all,BME,0,0,,\n",
        header="Year , Indicator,MEASURE,group,numerator,denominator,percent,ratio\n",
    )
    frame = read_published_figures(path)
    assert frame.loc[2, "numerator"] == 3203 and frame.loc[2, "denominator"] == 3982
    assert frame.loc[2, ["numerator_text", "denominator_text", "percent_text"]].tolist() == [
        "3203",
        "3982",
        "80.4",
    ]
    assert frame.loc[3, "group"] == "BME" and frame.loc[3, "numerator_text"] == "R"
    assert frame.loc[3, "percent_text"] == "R" and pd.isna(frame.loc[3, "numerator"])
    assert frame.loc[4, "group"] == "White/BME" and frame.loc[4, "ratio_text"] == "1.10"
    assert frame.loc[5, "numerator"] == 0 and frame.loc[5, "percent_text"] == ""
    assert report_year(frame) == "2019-20"


def test_report_year_is_the_latest_not_the_last_typed(tmp_path: Path) -> None:
    frame = read_published_figures(
        write(tmp_path, "2021-22,2,all,White/BME,,,,1.79\n2019-20,2,all,White/BME,,,,1.14\n")
    )
    assert report_year(frame) == "2021-22"
    with pytest.raises(ValueError):
        report_year(frame.iloc[0:0])


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        ("2021/22,2,all,BME,1,2,50,", "year", "2021/22", "a reporting year like 2021-22"),
        ("2021-23,2,all,BME,1,2,50,", "year", "2021-23", "a reporting year like 2021-22"),
        ("2021-22,10,all,BME,1,2,50,", "indicator", "10", "an indicator number from 1 to 9"),
        ("2021-22,2,everything,BME,1,2,50,", "measure", "everything", "indicator 2: one of all"),
        ("2021-22,1,Band 5,BME,1,2,50,", "measure", "Band 5", "'non-clinical|Band 5'"),
        ("2021-22,2,all,Purple,1,2,50,", "group", "Purple", "White, BME, Unknown, Asian"),
        ("2021-22,5,all,Unknown,1,2,50,", "group", "Unknown", "only counted in indicator 1"),
        ("2021-22,5,all,White/BME,,,,1.2", "group", "White/BME", "indicator 5 prints no ratio"),
        ("2021-22,3,all,White/BME,,,,1.2", "group", "White/BME", "one of BME/White, Asian/White"),
        ("2021-22,2,all,BME/White,,,,1.2", "group", "BME/White", "one of White/BME, White/Asian"),
        ("2021-22,2,all,BME,1.5,2,,", "numerator", "1.5", "no decimals: a whole number"),
        ("2021-22,2,all,BME,1,-2,,", "denominator", "-2", "not negative"),
        ('2021-22,2,all,BME,"1,40",200,,', "numerator", "1,40", "4,015 allowed"),
        ("2021-22,2,all,BME,12,10,,", "numerator", "12", "no larger than the denominator (10)"),
        ("2021-22,2,all,BME,,,150%,", "percent", "150%", "a percentage from 0 to 100"),
        ("2021-22,2,all,BME,,,-1,", "percent", "-1", "a percentage from 0 to 100"),
        ("2021-22,2,all,BME,,,n/a,", "percent", "n/a", "a percentage from 0 to 100"),
        ("2021-22,2,all,White/BME,,,,0", "ratio", "0", "a positive number"),
        ("2021-22,2,all,White/BME,,,,-1.2", "ratio", "-1.2", "a positive number"),
        ("2021-22,2,all,White/BME,,,,1·79", "ratio", "1·79", "a positive number"),
        ("2021-22,2,all,BME,207,2386,8.7,1.2", "ratio", "1.2", "blank on a count row"),
        ("2021-22,2,all,White/BME,,,15.5,1.79", "percent", "15.5", "blank on a ratio row"),
        ("2021-22,2,all,BME,,,,", None, None, "a figure (number or R) in numerator"),
    ],
)
def test_each_refusal_names_file_row_column_value(
    tmp_path: Path, row: str, column: str | None, value: str | None, expected: str
) -> None:
    path = write(tmp_path, "2021-22,2,all,White,596,3842,15.5,\n" + row + "\n")
    problem = only_problem(path)
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(path),
        3,
        column,
        value,
    )
    assert expected in problem.expected
    assert str(path) in str(InputError(problem)) and "row 3" in str(problem)


def test_percent_that_disagrees_with_its_counts_says_what_it_should_be(tmp_path: Path) -> None:
    """15.3 for 596 of 3842 is a typo (15.513...); 15.51 is right to its two decimals."""
    path = write(
        tmp_path,
        "2021-22,2,all,White,596,3842,15.3,\n"
        "2020-21,2,all,White,596,3842,15.51,\n"
        "2019-20,2,all,White,596,3842,16,\n"
        "2018-19,2,all,White,596,3842,15.52,\n",
    )
    problems = problems_of(path)
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "percent", "15.3"),
        (5, "percent", "15.52"),
    ]
    assert problems[0].expected.startswith("15.5, which 596 out of 3842 is to the 1 decimal")
    assert problems[1].expected.startswith("15.51, which 596 out of 3842 is to the 2 decimal")


def test_the_same_figure_twice_names_the_first_row(tmp_path: Path) -> None:
    path = write(tmp_path, "2021-22,2,all,BME,207,2386,8.7,\n2021-22,2,all,BAME,207,2386,8.7,\n")
    problem = only_problem(path)
    assert (problem.row, problem.column, problem.value) == (3, "group", "BAME")
    assert problem.expected == "one row for 2021-22 indicator 2 'all' BME: row 2 has it already"


def test_every_problem_of_a_file_is_reported_together(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2021-22,2,all,White,596,3842,15.5,\n"
        "2021-22,2,all,Purple,x,3842,15.5,\n"
        "2021-22,3,all,BME/White,,,,abc\n"
        "21-22,4,all,BME,939,1409,66.6,\n",
    )
    problems = problems_of(path)
    assert [(p.row, p.column) for p in problems] == [
        (3, "group"),
        (3, "numerator"),
        (4, "ratio"),
        (5, "year"),
    ]


def test_missing_and_unknown_columns_name_the_headers_found(tmp_path: Path) -> None:
    missing = write(
        tmp_path,
        "2021-22,2,all,White,596,3842,15.5\n",
        header="year,indicator,measure,group,numerator,denominator,percent\n",
        name="missing.csv",
    )
    problem = only_problem(missing)
    assert (problem.row, problem.column) == (1, "ratio")
    assert "found: year, indicator, measure, group, numerator, denominator, percent" in str(problem)
    extra = write(
        tmp_path,
        "2021-22,2,all,White,596,3842,15.5,,Table 3\n",
        header=HEADER[:-1] + ",source\n",
        name="extra.csv",
    )
    problem = only_problem(extra)
    assert (problem.row, problem.column, problem.value) == (1, "source", "source")
    assert "only the columns year, indicator" in problem.expected
    assert (
        "found: year, indicator, measure, group, numerator, denominator, percent, ratio, source"
        in problem.expected
    )


def test_a_header_without_rows_is_refused(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, ""))
    assert "at least one data row" in problem.expected


def test_seed003_tables_3_5_and_6_as_printed(tmp_path: Path) -> None:
    """The Board paper's own figures read, and agree with the seed's counts and print."""
    frame = read_published_figures(SEED003)
    assert len(frame) == 33 and report_year(frame) == "2021-22"
    assert frame.groupby("indicator").size().to_dict() == {2: 12, 3: 9, 4: 12}
    ratios = frame[frame["group"].str.contains("/")]
    assert ratios.set_index(["indicator", "year"])["ratio_text"].to_dict() == {
        (2, "2018-19"): "1.97", (2, "2019-20"): "1.14", (2, "2020-21"): "1.46",
        (2, "2021-22"): "1.79", (3, "2019-20"): "0.53", (3, "2020-21"): "1.24",
        (3, "2021-22"): "1.64", (4, "2018-19"): "1.09", (4, "2019-20"): "1.10",
        (4, "2020-21"): "1.06", (4, "2021-22"): "1.07",
    }  # fmt: skip
    hidden = frame[frame["indicator"] == 3].drop(ratios.index, errors="ignore")
    assert set(hidden["numerator_text"]) == {"R"} and set(hidden["percent_text"]) == {"R"}
    assert hidden["denominator"].tolist() == [1221, 3982, 1287, 3991, 1409, 4102]

    # The printed percentages agree with the printed counts, worked out here independently...
    counted = frame[frame["numerator"].notna()]
    assert len(counted) == 16
    for row in counted.itertuples():
        assert f"{100 * row.numerator / row.denominator:.1f}" == row.percent_text
    # ...with the seed's own counts and printed figures...
    key = ["year", "indicator", "measure", "group"]
    seed_counts = pd.read_csv(FIXTURES / "seed003" / "counts.csv", dtype={"year": str})
    joined = counted.merge(seed_counts, on=key, suffixes=("", "_seed"), validate="1:1")
    assert len(joined) == 16
    assert (joined["numerator"] == joined["numerator_seed"]).all()
    assert (joined["denominator"] == joined["denominator_seed"]).all()
    printed = pd.read_csv(FIXTURES / "seed003" / "printed.csv", dtype=str)
    printed = printed[printed["source"].isin(["Table 3", "Table 6"])]
    shown = frame.assign(
        printed=frame["percent_text"].where(frame["ratio_text"] == "", frame["ratio_text"])
    )
    shown["indicator"] = shown["indicator"].astype(str)
    both = printed.merge(shown, on=key, suffixes=("_seed", ""), validate="1:1")
    assert len(both) == 24
    assert (both["printed_seed"].str.removesuffix("%") == both["printed"]).all()

    # ...so a percentage mistyped by one in the last place is caught.
    typo = tmp_path / "typo.csv"
    typo.write_text(SEED003.read_text().replace("71.6%", "71.7%"), encoding="utf-8")
    problem = only_problem(typo)
    assert (problem.row, problem.column, problem.value) == (33, "percent", "71.7%")
    assert problem.expected.startswith("71.6, which 2936 out of 4102")


def test_xlsx_reads_like_csv(tmp_path: Path, xlsx_writer: Callable[..., Path]) -> None:
    rows = [line.split(",") for line in (HEADER + GOOD).splitlines()]
    rows[5][4:6] = [596, 3842]  # numbers typed as numbers, not text
    rows[7][7] = 1.79
    book = xlsx_writer(tmp_path / "published.xlsx", rows, sheet="Figures")
    from_xlsx = read_published_figures(book)
    from_csv = read_published_figures(write(tmp_path, GOOD))
    pd.testing.assert_frame_equal(from_xlsx, from_csv, check_exact=True)
    assert from_xlsx.loc[6, "numerator"] == 596 and from_xlsx.loc[8, "ratio_text"] == "1.79"


def test_xlsx_with_several_sheets_needs_the_sheet_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Figures")
    for line in (HEADER + GOOD).splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "two.xlsx"
    book.save(path)
    problem = only_problem(path)
    assert problem.expected == "one sheet, or a sheet named: one of Notes, Figures"
    assert len(read_published_figures(path, sheet="Figures")) == 12
