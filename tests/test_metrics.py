"""Metrics from counts: values, intervals, flags, notes for undefined values, CSV round trip."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from wres_lib.errors import InputError
from wres_lib.measure.counts import COUNTS_COLUMNS
from wres_lib.measure.metrics import METRICS_COLUMNS, compute_metrics, read_metrics, write_metrics


def counts(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([("lpt", "2021-22", *row) for row in rows], columns=list(COUNTS_COLUMNS))


def pick(frame: pd.DataFrame, indicator: int, measure: str, group: str, statistic: str):
    row = frame[
        (frame["indicator"] == indicator)
        & (frame["measure"] == measure)
        & (frame["group"] == group)
        & (frame["statistic"] == statistic)
    ]
    assert len(row) == 1, (indicator, measure, group, statistic)
    return row.iloc[0]


SEED_TABLE3 = counts(
    (2, "all", "White", 596, 3842),
    (2, "all", "BME", 207, 2386),
    (2, "all", "Asian", 120, 1500),
    (2, "all", "Black", 60, 700),
    (2, "all", "Mixed", 20, 120),
    (2, "all", "Other", 7, 66),
)


def test_columns_and_types() -> None:
    frame = compute_metrics(SEED_TABLE3)
    assert list(frame.columns) == list(METRICS_COLUMNS)
    assert frame["indicator"].dtype == "int64"
    assert frame["value"].dtype == "float64"
    assert str(frame["note"].dtype) == "str"


def test_recruitment_ratio_interval_and_flags() -> None:
    frame = compute_metrics(SEED_TABLE3)
    ratio = pick(frame, 2, "all", "White/BME", "relative_likelihood")
    assert ratio.value == pytest.approx(1.7880884301905962, rel=1e-12)
    assert (ratio.ci_low, ratio.ci_high) == pytest.approx((1.5395700, 2.0767228), abs=1e-6)
    assert ratio.note == ""
    assert pick(frame, 2, "all", "White/BME", "outside_parity_band").value == 1.0
    assert pick(frame, 2, "all", "White/BME", "fisher_p").value < 1e-12
    assert pick(frame, 2, "all", "BME", "shortfall").value == 164.0
    white = pick(frame, 2, "all", "White", "percent")
    assert white.value == pytest.approx(100 * 596 / 3842)
    assert (white.ci_low, white.ci_high) == pytest.approx((14.4025083, 16.6918951), abs=1e-6)
    # Finer ratios: White/Asian = (596/3842) / (120/1500).
    assert pick(frame, 2, "all", "White/Asian", "relative_likelihood").value == pytest.approx(
        (596 / 3842) / (120 / 1500)
    )
    groups = frame.loc[frame["statistic"] == "relative_likelihood", "group"].tolist()
    assert groups == ["White/BME", "White/Asian", "White/Black", "White/Mixed", "White/Other"]


def test_disciplinary_ratio_has_minority_group_on_top() -> None:
    frame = compute_metrics(
        counts(
            (3, "all", "White", 10, 4102),
            (3, "all", "BME", 8, 1409),
            (3, "two-year", "White", 20, 4102),
            (3, "two-year", "BME", 12, 1409),
            (3, "bank", "White", 1, 549),
            (3, "bank", "BME", 3, 409),
        )
    )
    one_year = pick(frame, 3, "all", "BME/White", "relative_likelihood")
    assert one_year.value == pytest.approx((8 / 1409) / (10 / 4102))
    assert pick(frame, 3, "two-year", "BME/White", "relative_likelihood").value == pytest.approx(
        (12 / 1409) / (20 / 4102)
    )
    bank = pick(frame, 3, "bank", "BME/White", "relative_likelihood")
    assert bank.value == pytest.approx((3 / 409) / (1 / 549))
    assert bank.ci_low < 1 < bank.ci_high  # tiny counts: a wide interval
    assert "shortfall" not in set(frame["statistic"])


def test_parity_band_ends_are_inside_and_band_is_a_parameter() -> None:
    exact = counts((4, "all", "White", 125, 1000), (4, "all", "BME", 100, 1000))
    frame = compute_metrics(exact)
    assert pick(frame, 4, "all", "White/BME", "relative_likelihood").value == pytest.approx(1.25)
    assert pick(frame, 4, "all", "White/BME", "outside_parity_band").value == 0.0
    narrow = compute_metrics(exact, parity_band=(0.9, 1.1))
    assert pick(narrow, 4, "all", "White/BME", "outside_parity_band").value == 1.0


def test_level_changes_interval_width() -> None:
    at95 = pick(compute_metrics(SEED_TABLE3), 2, "all", "White/BME", "relative_likelihood")
    at99 = pick(
        compute_metrics(SEED_TABLE3, level=0.99), 2, "all", "White/BME", "relative_likelihood"
    )
    assert at99.ci_low < at95.ci_low and at99.ci_high > at95.ci_high
    assert at99.value == at95.value


def test_no_bme_appointments() -> None:
    frame = compute_metrics(counts((2, "all", "White", 5, 50), (2, "all", "BME", 0, 20)))
    ratio = pick(frame, 2, "all", "White/BME", "relative_likelihood")
    assert math.isnan(ratio.value) and math.isnan(ratio.ci_low)
    assert ratio.note == "no BME appointments: ratio undefined"
    flag = pick(frame, 2, "all", "White/BME", "outside_parity_band")
    assert math.isnan(flag.value) and flag.note == ratio.note
    # Hypergeometric by hand: P(all 5 appointments among the 50 White) = 0.3117.
    assert pick(frame, 2, "all", "White/BME", "fisher_p").value == pytest.approx(0.311742, abs=1e-6)
    assert pick(frame, 2, "all", "BME", "shortfall").value == 2.0
    bme = pick(frame, 2, "all", "BME", "percent")
    assert (bme.value, bme.ci_low) == (0.0, 0.0) and bme.ci_high > 0


def test_no_white_appointments_ratio_zero_interval_undefined() -> None:
    frame = compute_metrics(counts((2, "all", "White", 0, 50), (2, "all", "BME", 3, 20)))
    ratio = pick(frame, 2, "all", "White/BME", "relative_likelihood")
    assert ratio.value == 0.0 and math.isnan(ratio.ci_low) and math.isnan(ratio.ci_high)
    assert ratio.note == "no White appointments: ratio is 0, interval undefined"
    assert pick(frame, 2, "all", "White/BME", "outside_parity_band").value == 1.0


def test_no_cases_in_either_group() -> None:
    frame = compute_metrics(counts((3, "all", "White", 0, 4102), (3, "all", "BME", 0, 1409)))
    ratio = pick(frame, 3, "all", "BME/White", "relative_likelihood")
    assert math.isnan(ratio.value)
    assert "in either group: ratio undefined" in ratio.note
    assert pick(frame, 3, "all", "BME/White", "fisher_p").value == 1.0


def test_zero_denominators() -> None:
    frame = compute_metrics(
        counts(
            (5, "bank", "White", 0, 0),
            (5, "bank", "BME", 0, 12),
            (4, "all", "White", 0, 0),
            (4, "all", "BME", 3, 10),
        )
    )
    survey = pick(frame, 5, "bank", "White", "percent")
    assert math.isnan(survey.value) and survey.note == "no respondents: percentage undefined"
    ratio = pick(frame, 4, "all", "White/BME", "relative_likelihood")
    assert math.isnan(ratio.value) and ratio.note == "no White staff: ratio undefined"
    assert math.isnan(pick(frame, 4, "all", "BME", "shortfall").value)


def test_no_inf_and_every_empty_value_has_a_note() -> None:
    frame = compute_metrics(
        counts(
            (2, "all", "White", 0, 0),
            (2, "all", "BME", 0, 3),
            (3, "all", "White", 0, 9),
            (3, "all", "BME", 2, 2),
            (9, "all", "BME", 0, 0),
            (1, "overall", "Unknown", 0, 0),
        )
    )
    values = frame[["value", "ci_low", "ci_high"]].to_numpy()
    assert not np.isinf(values).any()
    assert (frame.loc[frame["value"].isna(), "note"] != "").all()


def test_board_difference_and_declaration_rate() -> None:
    frame = compute_metrics(
        counts(
            (9, "all", "BME", 3, 18),
            (9, "voting", "BME", 3, 11),
            (9, "executive", "BME", 1, 6),
            (9, "workforce", "BME", 1409, 5511),
            (1, "overall", "BME", 1409, 5511),
            (1, "overall", "Unknown", 180, 5691),
        )
    )
    voting = pick(frame, 9, "voting", "BME", "difference_pp")
    assert voting.value == pytest.approx(100 * (3 / 11 - 1409 / 5511))
    assert f"{voting.value:.1f}" == "1.7"
    assert voting.ci_low < voting.value < voting.ci_high
    assert voting.note == ""
    assert f"{pick(frame, 9, 'all', 'BME', 'difference_pp').value:.1f}" == "-8.9"
    known = pick(frame, 1, "overall", "Known", "declaration_rate")
    assert known.value == pytest.approx(100 * 5511 / 5691)
    assert known.ci_low < known.value < known.ci_high
    assert "difference_pp" not in set(frame.loc[frame["measure"] == "workforce", "statistic"])


def test_board_difference_falls_back_to_indicator1_overall() -> None:
    frame = compute_metrics(counts((9, "all", "BME", 2, 12), (1, "overall", "BME", 1409, 5511)))
    row = pick(frame, 9, "all", "BME", "difference_pp")
    assert row.value == pytest.approx(100 * (2 / 12 - 1409 / 5511))
    assert row.note == "workforce share from indicator 1 overall"
    alone = compute_metrics(counts((9, "all", "BME", 2, 12)))
    row = pick(alone, 9, "all", "BME", "difference_pp")
    assert math.isnan(row.value) and row.note == "no workforce count: difference undefined"


def test_output_sorted_and_independent_of_row_order() -> None:
    frame = compute_metrics(SEED_TABLE3)
    shuffled = compute_metrics(SEED_TABLE3.sample(frac=1, random_state=3))
    pd.testing.assert_frame_equal(frame, shuffled)
    assert frame["statistic"].iloc[:6].tolist() == ["percent"] * 6
    assert frame["group"].iloc[:6].tolist() == ["White", "BME", "Asian", "Black", "Mixed", "Other"]


def test_bad_counts_are_input_errors() -> None:
    with pytest.raises(InputError):
        compute_metrics(counts((2, "all", "White", 5, 4)))
    with pytest.raises(ValueError):
        compute_metrics(SEED_TABLE3, parity_band=(1.2, 0.8))


def test_write_read_round_trip_exact(tmp_path: Path) -> None:
    frame = compute_metrics(
        pd.concat(
            [
                SEED_TABLE3,
                counts((2, "all", "White", 0, 0)).assign(year="2020-21"),
                counts((9, "all", "BME", 1, 3), (9, "workforce", "BME", 1, 7)),
            ]
        )
    )
    path = write_metrics(frame, tmp_path / "m" / "metrics.csv")
    again = read_metrics(path)
    pd.testing.assert_frame_equal(again, frame, check_exact=True)
    text = path.read_text(encoding="utf-8")
    assert "1.7880884301905962" in text  # full precision, no rounding


def test_read_metrics_rejects_text_in_numbers(tmp_path: Path) -> None:
    path = tmp_path / "metrics.csv"
    path.write_text(
        ",".join(METRICS_COLUMNS) + "\nlpt,2021-22,2,all,White,percent,abc,,,\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        read_metrics(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "value")
