"""Counts: building from records, reading and validating files, merging, writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from wres_lib.errors import InputError
from wres_lib.measure.counts import (
    COUNTS_COLUMNS,
    counts_from_records,
    merge_counts,
    read_counts,
    valid_measure,
    write_counts,
)

HEADER = "org,year,indicator,measure,group,numerator,denominator\n"
PARAMS = SimpleNamespace(org="demo", year="2021-22", snapshot_date=dt.date(2022, 3, 31))


def write(tmp_path: Path, body: str, name: str = "counts.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(InputError) as caught:
        read_counts(path)
    return caught.value.problems


# --- reading and validating -----------------------------------------------------------------


def test_read_valid_file_types_and_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lpt,2021-22,2,all,White,596,3842\n"
        "lpt,2021-22,2,all,BME, 207 ,2386\n"
        "lpt,2021-22,1,non-clinical|Band 5,BME,49,157\n",
    )
    frame = read_counts(path)
    assert list(frame.columns) == list(COUNTS_COLUMNS)
    assert frame["numerator"].dtype == "int64" and frame["indicator"].dtype == "int64"
    assert frame["denominator"].dtype == "int64"
    assert list(frame.index) == [2, 3, 4]
    assert frame.loc[3, "numerator"] == 207
    assert frame.loc[4, "measure"] == "non-clinical|Band 5"


def test_header_case_and_spaces_and_extra_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lpt,2021-22,5,all,White,10,40,from the survey\n",
        header=" ORG ,Year,indicator,Measure,group,numerator,denominator,comment\n",
    )
    frame = read_counts(path)
    assert frame.iloc[0].to_dict() == {
        "org": "lpt",
        "year": "2021-22",
        "indicator": 5,
        "measure": "all",
        "group": "White",
        "numerator": 10,
        "denominator": 40,
    }


@pytest.mark.parametrize(
    ("body", "row", "column", "needle"),
    [
        ("lpt,2021-22,2,all,White,ten,40\n", 2, "numerator", "whole number"),
        ("lpt,2021-22,2,all,White,1.5,40\n", 2, "numerator", "whole number"),
        ("lpt,2021-22,2,all,White,-1,40\n", 2, "numerator", "whole number"),
        ('lpt,2021-22,2,all,White,1,"1,234"\n', 2, "denominator", "whole number"),
        ("lpt,2021-22,2,all,White,41,40\n", 2, "numerator", "no larger than the denominator"),
        ("lpt,2021-22,2,all,Chinese,1,40\n", 2, "group", "one of White, BME"),
        ("lpt,2021-22,2,all,Unknown,1,40\n", 2, "group", "only counted in indicator 1"),
        ("lpt,2021-22,10,all,White,1,40\n", 2, "indicator", "1 to 9"),
        ("lpt,2021-22,two,all,White,1,40\n", 2, "indicator", "1 to 9"),
        ("lpt,2021-23,2,all,White,1,40\n", 2, "year", "2021-22"),
        ("lpt,21-22,2,all,White,1,40\n", 2, "year", "2021-22"),
        ("lpt,2021-22,2,bank,White,1,40\n", 2, "measure", "for indicator 2: one of all"),
        ("lpt,2021-22,6,q14b,White,1,40\n", 2, "measure", "managers"),
        ("lpt,2021-22,1,Band 5,BME,1,40\n", 2, "measure", "non-clinical|Band 5"),
        ("lpt,2021-22,1,nursing|Band 5,BME,1,40\n", 2, "measure", "band row"),
        (",2021-22,2,all,White,1,40\n", 2, "org", "organisation"),
    ],
)
def test_each_bad_value_names_row_and_column(
    tmp_path: Path, body: str, row: int, column: str, needle: str
) -> None:
    path = write(tmp_path, "lpt,2021-22,2,all,BME,1,40\n" + body)
    problems = problems_of(path)
    assert len(problems) == 1
    (problem,) = problems
    assert (problem.file, problem.row, problem.column) == (str(path), row + 1, column)
    assert needle in problem.expected


def test_all_problems_collected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lpt,2021-22,2,all,White,x,40\nlpt,2021-22,2,all,Purple,1,40\nlpt,2021-2,2,all,BME,5,4\n",
    )
    found = {(p.row, p.column) for p in problems_of(path)}
    assert found == {(2, "numerator"), (3, "group"), (4, "year"), (4, "numerator")}


def test_missing_column(tmp_path: Path) -> None:
    path = write(tmp_path, "lpt,2021-22,2,all,White,1\n", header=HEADER.replace(",denominator", ""))
    (problem,) = problems_of(path)
    assert problem.column == "denominator" and problem.row == 1


@pytest.mark.parametrize("content", ["", HEADER, "\n\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        read_counts(path)


def test_exact_duplicates_dropped_conflicts_name_both_rows(tmp_path: Path) -> None:
    same = write(tmp_path, "lpt,2021-22,2,all,White,1,40\nlpt,2021-22,2,all,White,1,40\n")
    assert len(read_counts(same)) == 1
    conflict = write(
        tmp_path,
        "lpt,2021-22,2,all,White,1,40\nlpt,2021-22,2,all,BME,2,9\nlpt,2021-22,2,all,White,2,40\n",
        name="conflict.csv",
    )
    (problem,) = problems_of(conflict)
    assert problem.row == 4
    assert "row 2" in problem.expected and "1/40" in problem.expected
    assert problem.value == "2/40"


def test_band_rows_permissive_other_measures_strict() -> None:
    assert valid_measure(1, "non-clinical|Under Band 1")
    assert valid_measure(1, "medical|Non-consultant career grade")
    assert valid_measure(1, "grouped|Under Band 1")
    assert not valid_measure(1, "clinical|")
    assert not valid_measure(1, "clinical|Band 5|x")
    assert not valid_measure(1, "all")
    assert valid_measure(6, "bank|managers") and not valid_measure(5, "managers")
    assert valid_measure(3, "two-year") and not valid_measure(4, "two-year")
    assert valid_measure(9, "workforce") and not valid_measure(9, "overall")


# --- merge and write ------------------------------------------------------------------------


def test_merge_and_conflict_names_both_files(tmp_path: Path) -> None:
    a = read_counts(write(tmp_path, "lpt,2021-22,5,all,White,10,40\n", "a.csv"))
    b = read_counts(
        write(tmp_path, "lpt,2021-22,5,all,BME,3,9\nlpt,2021-22,5,all,White,10,40\n", "b.csv")
    )
    merged = merge_counts(a, b, sources=["records", "survey.csv"])
    assert merged[["group", "numerator", "denominator"]].values.tolist() == [
        ["White", 10, 40],
        ["BME", 3, 9],
    ]
    c = read_counts(write(tmp_path, "lpt,2021-22,5,all,White,11,40\n", "c.csv"))
    with pytest.raises(InputError) as caught:
        merge_counts(a, c, sources=["a.csv", "c.csv"])
    (problem,) = caught.value.problems
    assert (problem.file, problem.row) == ("c.csv", 2)
    assert "a.csv row 2" in problem.expected and "10/40" in problem.expected


def test_merge_needs_one_source_per_frame() -> None:
    with pytest.raises(ValueError):
        merge_counts(pd.DataFrame(), sources=[])  # type: ignore[arg-type]


def test_write_counts_sorted_and_round_trips(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        [
            ["lpt", "2021-22", 2, "all", "BME", 1, 4],
            ["lpt", "2020-21", 2, "all", "White", 2, 4],
            ["lpt", "2021-22", 2, "all", "White", 3, 4],
            ["lpt", "2021-22", 1, "overall", "Unknown", 1, 10],
        ],
        columns=list(COUNTS_COLUMNS),
    )
    path = write_counts(frame, tmp_path / "out" / "counts.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == [
        ",".join(COUNTS_COLUMNS),
        "lpt,2020-21,2,all,White,2,4",
        "lpt,2021-22,1,overall,Unknown,1,10",
        "lpt,2021-22,2,all,White,3,4",
        "lpt,2021-22,2,all,BME,1,4",
    ]
    again = read_counts(path).reset_index(drop=True)
    assert again["numerator"].tolist() == [2, 1, 3, 1]


# --- from records ---------------------------------------------------------------------------


def staff_record() -> pd.DataFrame:
    rows = [
        # staff_id, substantive, wres_group, ethnic_group, band_row, grouped_row
        ("s1", True, "White", "White", "non-clinical|Band 5", "grouped|Non-clinical Bands 2 to 8a"),
        ("s2", True, "BME", "Asian", "non-clinical|Band 5", "grouped|Non-clinical Bands 2 to 8a"),
        ("s3", True, "BME", "Black", "clinical|Band 6", "grouped|Clinical Bands 6 to VSM"),
        ("s4", True, "Unknown", "Unknown", "clinical|Band 6", "grouped|Clinical Bands 6 to VSM"),
        ("s5", True, "White", "White", "clinical|Band 6", "grouped|Clinical Bands 6 to VSM"),
        ("s6", False, "White", "White", "clinical|Band 2", "grouped|Clinical Band 2"),
        ("s7", False, "BME", "Mixed", "clinical|Band 2", "grouped|Clinical Band 2"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "staff_id",
            "substantive",
            "wres_group",
            "ethnic_group",
            "band_row",
            "grouped_row",
        ],
    )
    frame["workforce"] = frame["band_row"].str.split("|").str[0]
    frame["assignment_category"] = frame["substantive"].map({True: "Permanent", False: "Bank"})
    return frame


def year_data() -> SimpleNamespace:
    recruitment = pd.DataFrame(
        [
            ("White", "White", True, False),
            ("White", "White", False, False),
            ("BME", "Asian", True, True),  # declined: excluded
            ("BME", "Black", False, False),
            ("Unknown", "Unknown", True, False),  # unknown: excluded
        ],
        columns=["wres_group", "ethnic_group", "appointed", "offer_declined"],
    )
    disciplinary = pd.DataFrame(
        [
            ("c1", "s2", "2021-06-01", "BME", "Asian", "Permanent"),
            ("c2", "s2", "2021-09-01", "BME", "Asian", "Permanent"),  # same person: once
            ("c3", "s1", "2020-06-01", "White", "White", "Permanent"),  # two-year only
            ("c4", "s7", "2021-05-01", "BME", "Mixed", "Bank"),
            ("c5", "s4", "2021-07-01", "Unknown", "Unknown", "Permanent"),  # unknown
            ("c6", "s5", "2019-01-01", "White", "White", "Permanent"),  # outside window
        ],
        columns=[
            "case_id",
            "staff_id",
            "date_opened",
            "wres_group",
            "ethnic_group",
            "assignment_category",
        ],
    )
    disciplinary["date_opened"] = pd.to_datetime(disciplinary["date_opened"])
    # As load_disciplinary adds it: permanent and fixed-term contracts are substantive.
    disciplinary["substantive"] = disciplinary["assignment_category"] != "Bank"
    training = pd.DataFrame(
        {
            "staff_id": ["s1", "s1", "s3", "s6", "gone", "gone"],
            "course": ["a", "b", "a", "a", "a", "b"],
            "date": pd.to_datetime(["2021-05-01"] * 6),
        }
    )
    survey = pd.DataFrame(
        [(5, "all", "White", 10, 40), (5, "all", "BME", 3, 9), (6, "bank|managers", "BME", 0, 4)],
        columns=["indicator", "measure", "group", "yes", "respondents"],
    )
    board = pd.DataFrame(
        [
            ("m1", True, True, "BME"),
            ("m2", True, False, "White"),
            ("m3", False, True, "White"),
            ("m4", True, False, "Unknown"),
        ],
        columns=["member_id", "voting", "executive", "wres_group"],
    )
    return SimpleNamespace(
        staff_record=staff_record(),
        recruitment=recruitment,
        disciplinary=disciplinary,
        training=training,
        staff_survey=survey,
        board=board,
    )


def as_dict(frame: pd.DataFrame, indicator: int, measure: str) -> dict[str, tuple[int, int]]:
    part = frame[(frame["indicator"] == indicator) & (frame["measure"] == measure)]
    return {r.group: (r.numerator, r.denominator) for r in part.itertuples()}


@pytest.fixture(scope="module")
def from_records() -> pd.DataFrame:
    return counts_from_records(PARAMS, year_data())


def test_indicator1_by_hand(from_records: pd.DataFrame) -> None:
    assert as_dict(from_records, 1, "overall") == {
        "White": (2, 4),
        "BME": (2, 4),
        "Asian": (1, 4),
        "Black": (1, 4),
        "Mixed": (0, 4),
        "Other": (0, 4),
        "Unknown": (1, 5),
    }
    assert as_dict(from_records, 1, "clinical|Band 6") == {
        "White": (1, 2),
        "BME": (1, 2),
        "Asian": (0, 2),
        "Black": (1, 2),
        "Mixed": (0, 2),
        "Other": (0, 2),
        "Unknown": (1, 3),
    }
    assert as_dict(from_records, 1, "grouped|Non-clinical Bands 2 to 8a")["BME"] == (1, 2)
    assert as_dict(from_records, 1, "bank") == {
        "White": (1, 2),
        "BME": (1, 2),
        "Asian": (0, 2),
        "Black": (0, 2),
        "Mixed": (1, 2),
        "Other": (0, 2),
        "Unknown": (0, 2),
    }
    # Bank staff are not in any substantive band row.
    assert "clinical|Band 2" not in set(from_records["measure"])


def test_indicator2_by_hand(from_records: pd.DataFrame) -> None:
    # Groups with nobody shortlisted (Asian after the declined offer, Mixed, Other) are absent.
    assert as_dict(from_records, 2, "all") == {"White": (1, 2), "BME": (0, 1), "Black": (0, 1)}
    excluded = from_records.attrs["excluded"]
    assert excluded["recruitment_offer_declined"] == 1
    assert excluded["recruitment_unknown_ethnicity"] == 1


def test_indicator3_by_hand(from_records: pd.DataFrame) -> None:
    assert as_dict(from_records, 3, "all") == {
        "White": (0, 2),
        "BME": (1, 2),
        "Asian": (1, 1),
        "Black": (0, 1),
    }
    assert as_dict(from_records, 3, "two-year") == {
        "White": (1, 2),
        "BME": (1, 2),
        "Asian": (1, 1),
        "Black": (0, 1),
    }
    assert as_dict(from_records, 3, "bank") == {"White": (0, 1), "BME": (1, 1), "Mixed": (1, 1)}
    excluded = from_records.attrs["excluded"]
    assert excluded["disciplinary_outside_window"] == 1
    assert excluded["disciplinary_unknown_ethnicity"] == 1


def test_indicator4_by_hand(from_records: pd.DataFrame) -> None:
    assert as_dict(from_records, 4, "all") == {
        "White": (1, 2),
        "BME": (1, 2),
        "Asian": (0, 1),
        "Black": (1, 1),
    }
    assert from_records.attrs["excluded"]["training_not_in_snapshot"] == 2
    assert from_records.attrs["excluded"]["training_bank_staff"] == 1
    notes = from_records.attrs["notes"]
    assert notes["training_not_in_snapshot"].startswith("2 training records of people not in")


def test_survey_and_board_by_hand(from_records: pd.DataFrame) -> None:
    assert as_dict(from_records, 5, "all") == {"White": (10, 40), "BME": (3, 9)}
    assert as_dict(from_records, 6, "bank|managers") == {"BME": (0, 4)}
    assert {
        m: as_dict(from_records, 9, m)["BME"] for m in ("all", "voting", "executive", "workforce")
    } == {
        "all": (1, 4),
        "voting": (1, 3),
        "executive": (1, 2),
        "workforce": (2, 4),
    }
    assert from_records.attrs["excluded"]["board_unknown_ethnicity"] == 1


def test_from_records_frame_is_a_valid_sorted_counts_frame(from_records: pd.DataFrame) -> None:
    assert list(from_records.columns) == list(COUNTS_COLUMNS)
    assert set(from_records["org"]) == {"demo"} and set(from_records["year"]) == {"2021-22"}
    assert (from_records["denominator"] > 0).all()
    keys = from_records[["indicator", "measure"]].apply(tuple, axis=1).tolist()
    assert keys == sorted(keys)


def test_missing_sources_give_fewer_counts() -> None:
    data = year_data()
    only_staff = SimpleNamespace(
        staff_record=data.staff_record,
        recruitment=None,
        disciplinary=None,
        training=None,
        staff_survey=None,
        board=None,
    )
    frame = counts_from_records(PARAMS, only_staff)
    assert set(frame["indicator"]) == {1}
    assert frame.attrs["notes"] == {}
    no_staff = SimpleNamespace(**{**vars(data), "staff_record": None})
    with pytest.raises(InputError):
        counts_from_records(PARAMS, no_staff)


def test_band_rows_by_group_by_match_counting_each_row_alone() -> None:
    """Indicator 1's band rows come from one group-by; each must equal what filtering the
    staff to that row and counting (the per-row way) gives, Unknown and blank rows included."""
    from wres_lib.measure.counts import _Builder, _profile, _profiles, _tally

    staff = pd.DataFrame(
        {
            "band_row": ["clinical|Band 5"] * 5 + ["clinical|Band 6"] * 3 + ["", "medical|Other"],
            "wres_group": ["White", "BME", "BME", "Unknown", "BME", "White", "White", "Unknown"]
            + ["White", "Unknown"],
            "ethnic_group": ["White", "Asian", "Black", "Unknown", "Asian", "White", "White"]
            + ["Unknown", "White", "Unknown"],
        }
    )
    grouped = _Builder("demo", "2021-22")
    _profiles(grouped, _tally(staff), "band_row")
    one_by_one = _Builder("demo", "2021-22")
    for label in ("clinical|Band 5", "clinical|Band 6", "medical|Other"):
        _profile(one_by_one, _tally(staff[staff["band_row"] == label]), label)
    assert grouped.rows == one_by_one.rows
    band5 = {r[4]: r[5:] for r in grouped.rows if r[3] == "clinical|Band 5"}
    assert band5 == {"White": (1, 4), "BME": (3, 4), "Asian": (2, 4), "Black": (1, 4)} | {
        "Mixed": (0, 4),
        "Other": (0, 4),
        "Unknown": (1, 5),
    }
    # medical|Other has only Unknown staff: no known denominator, so only its Unknown row.
    assert [r[4] for r in grouped.rows if r[3] == "medical|Other"] == ["Unknown"]
