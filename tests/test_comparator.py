"""The comparator input: NHS England's per-trust WRES shape, loaded and validated like any input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import write_csv_rows
from wres_lib.errors import InputError
from wres_lib.inputs.comparator import (
    COMPARATOR_COLUMNS,
    comparator_rows,
    comparator_statistic,
    load_comparators,
    write_comparators,
)
from wres_lib.measure.metrics import compute_metrics

HEADER = list(COMPARATOR_COLUMNS)
GOOD = [
    [
        "RX1",
        "Trust One",
        "Midlands",
        "Acute",
        "2021-22",
        "1",
        "overall",
        "BME",
        "25.0",
        "250",
        "1000",
    ],
    ["RX1", "Trust One", "Midlands", "Acute", "2021-22", "2", "all", "White/BME", "1.61", "", ""],
    ["RX1", "Trust One", "Midlands", "Acute", "2021-22", "9", "all", "BME", "-12.5", "", ""],
    [
        "RX1",
        "Trust One",
        "Midlands",
        "Acute",
        "2021-22",
        "5",
        "all",
        "White",
        "24.4",
        "244",
        "1000",
    ],
]


def write(tmp_path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    return write_csv_rows(tmp_path / "comparators.csv", [header, *rows])


def problems(path: Path) -> list[tuple[int | None, str | None, object]]:
    with pytest.raises(InputError) as caught:
        load_comparators(path)
    for problem in caught.value.problems:
        assert problem.file == str(path)
    return [(p.row, p.column, p.value) for p in caught.value.problems]


def test_loads_typed_rows_with_the_statistic_each_holds(tmp_path: Path) -> None:
    frame = load_comparators(write(tmp_path, GOOD))
    assert list(frame.index) == [2, 3, 4, 5]  # spreadsheet rows
    assert frame["statistic"].tolist() == [
        "percent",
        "relative_likelihood",
        "difference_pp",
        "percent",
    ]
    assert frame["value"].tolist() == [25.0, 1.61, -12.5, 24.4]
    assert frame["indicator"].dtype == "int64"
    assert frame["numerator"].tolist()[0] == 250
    assert frame["numerator"].isna().tolist() == [False, True, True, False]


def test_headers_are_matched_whatever_their_case(tmp_path: Path) -> None:
    header = [name.upper() for name in HEADER]
    assert len(load_comparators(write(tmp_path, GOOD, header))) == 4


def test_bad_value_is_named_by_row_column_and_value(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[0][8] = "25,0"  # a comma decimal
    rows[1][8] = "-1.2"  # a negative ratio
    rows[2][8] = "-150"  # a Board difference beyond 100 points
    found = problems(write(tmp_path, rows))
    assert found == [(2, "value", "25,0"), (3, "value", "-1.2"), (4, "value", "-150")]


def test_unknown_indicator_measure_group_region_and_type_are_reported(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[0][5] = "10"
    rows[1][6] = "overall"  # indicator 2's measure is 'all'
    rows[2][7] = "White"  # indicator 9's Board rows are the BME difference
    rows[3][2] = "Midlands and East"  # a region that no longer exists
    rows[3][3] = "Teaching"
    found = problems(write(tmp_path, rows))
    assert (2, "indicator", "10") in found
    assert (3, "measure", "overall") in found
    assert (4, "group", "White") in found
    assert (5, "region", "Midlands and East") in found
    assert (5, "trust_type", "Teaching") in found
    assert len(found) == 5


def test_missing_column_names_the_header_row_and_what_was_found(tmp_path: Path) -> None:
    header = [c for c in HEADER if c != "trust_type"]
    rows = [[v for c, v in zip(HEADER, row, strict=True) if c != "trust_type"] for row in GOOD]
    with pytest.raises(InputError) as caught:
        load_comparators(write(tmp_path, rows, header))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (1, "trust_type")
    assert "region" in str(problem.value) and "expected a column named 'trust_type'" in str(problem)


def test_counts_year_and_duplicates_are_checked(tmp_path: Path) -> None:
    rows = [list(r) for r in GOOD]
    rows[0][9] = "1001"  # numerator above the denominator
    rows[1][4] = "2021-23"
    rows[3][10] = "-5"
    rows.append(list(GOOD[0]))
    found = problems(write(tmp_path, rows))
    assert (2, "numerator", "1001") in found
    assert (3, "year", "2021-23") in found
    assert (5, "denominator", "-5") in found
    assert (2, "group", "BME") in found and (6, "group", "BME") in found


def test_statistic_follows_indicator_measure_and_group() -> None:
    assert comparator_statistic(3, "all", "BME/White") == "relative_likelihood"
    assert comparator_statistic(9, "voting", "BME") == "difference_pp"
    assert comparator_statistic(9, "workforce", "BME") == "percent"
    assert comparator_statistic(7, "all", "BME") == "percent"


def counts() -> pd.DataFrame:
    rows = [
        ("x", "2021-22", 1, "overall", "White", 750, 1000),
        ("x", "2021-22", 1, "overall", "BME", 250, 1000),
        ("x", "2021-22", 1, "overall", "Unknown", 50, 1050),
        ("x", "2021-22", 2, "all", "White", 60, 200),
        ("x", "2021-22", 2, "all", "BME", 30, 150),
        ("x", "2021-22", 9, "all", "White", 10, 12),
        ("x", "2021-22", 9, "all", "BME", 2, 12),
    ]
    columns = ["org", "year", "indicator", "measure", "group", "numerator", "denominator"]
    return pd.DataFrame(rows, columns=columns)


def test_comparator_rows_from_metrics_round_trip(tmp_path: Path) -> None:
    metrics = compute_metrics(counts())
    rows = comparator_rows(metrics, "RX1", "Trust One", "London", "Acute", counts=counts())
    got = {
        (r.indicator, r.measure, r.group): (r.statistic, round(r.value, 4), r.numerator)
        for r in rows.itertuples()
    }
    assert got == {
        (1, "overall", "White"): ("percent", 75.0, 750),
        (1, "overall", "BME"): ("percent", 25.0, 250),
        (1, "overall", "Unknown"): ("percent", round(100 * 50 / 1050, 4), 50),
        (2, "all", "White"): ("percent", 30.0, 60),
        (2, "all", "BME"): ("percent", 20.0, 30),
        (2, "all", "White/BME"): ("relative_likelihood", 1.5, pd.NA),
        # Board 2/12 BME against a workforce 25% BME
        (9, "all", "BME"): ("difference_pp", round(100 * (2 / 12 - 0.25), 4), pd.NA),
    }
    path = write_comparators(rows, tmp_path / "out.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COMPARATOR_COLUMNS)
    back = load_comparators(path)
    assert back["value"].tolist() == rows["value"].tolist()
    assert back["denominator"].tolist()[:3] == [1000, 1000, 1050]


def test_comparator_rows_refuse_an_unknown_region() -> None:
    with pytest.raises(ValueError, match="region"):
        comparator_rows(compute_metrics(counts()), "RX1", "One", "Midlands and East", "Acute")
