"""Model Employer: senior share from counts, straight-line trajectory and staff gap, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from wres_lib.measure.model_employer import (
    is_senior_band_row,
    senior_counts,
    staff_gap_by_band,
    trajectory,
)

# year: {measure: (BME, known)}
DATA = {
    "2018-19": {"overall": (180, 1000), "clinical|Band 8a": (10, 100)},
    "2019-20": {
        "overall": (250, 1000),
        "non-clinical|Band 7": (30, 100),  # below 8a: not senior
        "non-clinical|Band 8a": (8, 50),
        "non-clinical|VSM": (1, 10),
        "clinical|Band 8a": (20, 100),
        "clinical|Band 9": (1, 40),
        "medical|Consultant": (60, 100),  # medical: excluded
        "grouped|Clinical Bands 6 to VSM": (99, 300),  # grouped: never added in
        "bank": (40, 100),
    },
    "2020-21": {
        "overall": (260, 1000),
        "non-clinical|Band 8a": (10, 50),
        "non-clinical|VSM": (1, 10),
        "clinical|Band 8a": (22, 100),
        "clinical|Band 9": (2, 40),
    },
}


def counts() -> pd.DataFrame:
    rows = []
    for year, measures in DATA.items():
        for measure, (bme, known) in measures.items():
            rows.append(
                dict(
                    org="demo",
                    year=year,
                    indicator=1,
                    measure=measure,
                    group="BME",
                    numerator=bme,
                    denominator=known,
                )
            )
            rows.append(
                dict(
                    org="demo",
                    year=year,
                    indicator=1,
                    measure=measure,
                    group="White",
                    numerator=known - bme,
                    denominator=known,
                )
            )
    rows.append(
        dict(
            org="demo",
            year="2019-20",
            indicator=2,
            measure="all",
            group="BME",
            numerator=5,
            denominator=50,
        )
    )
    return pd.DataFrame(rows)


def test_senior_rows():
    assert is_senior_band_row("clinical|Band 8a")
    assert is_senior_band_row("non-clinical|VSM")
    assert is_senior_band_row("clinical|Band 8A")
    assert not is_senior_band_row("non-clinical|Band 7")
    assert not is_senior_band_row("medical|Consultant")
    assert not is_senior_band_row("grouped|Clinical Bands 6 to VSM")
    assert is_senior_band_row("clinical|Band 9", "Band 9")
    assert not is_senior_band_row("clinical|Band 8d", "Band 9")
    with pytest.raises(ValueError):
        is_senior_band_row("clinical|Band 8a", "Band 10")
    # 8 + 1 + 20 + 1 BME of 50 + 10 + 100 + 40 known
    assert senior_counts(counts(), "2019-20") == (30, 200)


def test_trajectory_linear_steps_by_hand():
    # Baseline March 2020: 30/200 = 15%; target 25% by March 2025 -> +2 points a year.
    frame = trajectory(counts(), "2019-20", 2025, 25.0)
    assert list(frame["year"]) == [
        "2018-19",
        "2019-20",
        "2020-21",
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
    ]
    assert math.isnan(frame["trajectory_percent"].iloc[0])
    assert frame["trajectory_percent"].iloc[1:].tolist() == pytest.approx(
        [15.0, 17.0, 19.0, 21.0, 23.0, 25.0]
    )
    assert frame["actual_percent"].iloc[0] == pytest.approx(10.0)  # 10/100 before baseline
    assert frame["actual_percent"].iloc[2] == pytest.approx(17.5)  # 35/200
    assert frame["gap_pp"].iloc[2] == pytest.approx(0.5)
    assert frame["staff_gap"].iloc[2] == 0  # 17% of 200 = 34 <= 35
    assert frame["snapshot_year"].iloc[-1] == 2025
    assert frame["actual_percent"].iloc[3:].isna().all()
    assert frame.attrs["target_percent"] == 25.0 and frame.attrs["baseline_year"] == "2019-20"


def test_trajectory_default_target_is_baseline_overall_share():
    frame = trajectory(counts(), "2019-20", 2022, None)
    assert frame.attrs["target_percent"] == pytest.approx(25.0)  # 250/1000 in 2019-20
    assert frame["trajectory_percent"].iloc[1:].tolist() == pytest.approx([15.0, 20.0, 25.0])
    # 2020-21: trajectory 20% of 200 = 40, actual 35 -> 5 short
    assert frame["staff_gap"].iloc[2] == 5


def test_trajectory_refuses_percentages_and_bad_years():
    metrics = pd.DataFrame(
        [
            dict(
                org="d",
                year="2019-20",
                indicator=1,
                measure="overall",
                group="BME",
                statistic="percent",
                value=25.0,
            )
        ]
    )
    with pytest.raises(ValueError, match="counts"):
        trajectory(metrics, "2019-20", 2025, 25.0)
    with pytest.raises(ValueError, match="baseline"):
        trajectory(counts(), "2016-17", 2025, 25.0)
    with pytest.raises(ValueError, match="after the baseline"):
        trajectory(counts(), "2019-20", 2020, 25.0)


def test_staff_gap_by_band_by_hand():
    table = staff_gap_by_band(counts(), "2019-20", 25.0)
    assert table["measure"].tolist() == [
        "non-clinical|Band 8a",
        "non-clinical|VSM",
        "clinical|Band 8a",
        "clinical|Band 9",
    ]
    # ceil(25% x known - BME): 12.5-8 -> 5; 2.5-1 -> 2; 25-20 -> 5; 10-1 -> 9
    assert table["needed"].tolist() == [5, 2, 5, 9]
    assert table["percent"].tolist() == pytest.approx([16.0, 10.0, 20.0, 2.5])
    # A band already at or above target needs nobody; an exact hit needs nobody more.
    table = staff_gap_by_band(counts(), "2020-21", 20.0)
    assert table["needed"].tolist() == [0, 1, 0, 6]
    # Default target: that year's overall share (26%).
    table = staff_gap_by_band(counts(), "2020-21", None)
    assert table["target_percent"].iloc[0] == pytest.approx(26.0)
    assert table["needed"].tolist() == [3, 2, 4, 9]  # ceil(13-10, 2.6-1, 26-22, 10.4-2)


def test_band_sort_key_orders_bands_numerically():
    from wres_lib.inputs.bands import band_sort_key

    measures = [
        "clinical|VSM",
        "clinical|Band 10x",
        "clinical|Band 8a",
        "clinical|Band 2",
        "non-clinical|Band 9",
        "medical|Consultant",
        "medical|Trainee grade",
    ]
    assert sorted(measures, key=band_sort_key) == [
        "non-clinical|Band 9",
        "clinical|Band 2",
        "clinical|Band 8a",
        "clinical|VSM",
        "clinical|Band 10x",
        "medical|Consultant",
        "medical|Trainee grade",
    ]


def test_trajectory_table_is_formatted():
    from wres_lib.present.staff_tables import trajectory_table

    table = trajectory_table(trajectory(counts(), "2019-20", 2022, None))
    assert table.loc["2020/21"].tolist() == ["35", "200", "17.5%", "20.0%", "-2.5", "5"]
    assert list(table.columns[:2]) == [
        "BME staff (Band 8a and above)",
        "Staff of known ethnicity (Band 8a and above)",
    ]
    assert table.loc["2021/22", "Actual % BME"] == "–"  # no figures for that year
