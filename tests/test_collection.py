"""The national collection file: the counts NHS England's WRES collection asks for, whose
totals must be the very counts behind the report."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres_lib.inputs.params import load_params
from wres_lib.measure.window import gather
from wres_lib.publish.collection import collection_frame, write_collection

ROOT = Path(__file__).resolve().parents[1]
YEAR = "2022-23"


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    from wres_lib.demo.trust import ensure_demo_data

    params = load_params(ROOT / "params" / f"{YEAR}.yaml")
    ensure_demo_data(params, lambda _message: None)
    return gather(params).counts


def count(counts: pd.DataFrame, indicator: int, measure: str, group: str, column: str) -> int:
    rows = counts[
        (counts["year"] == YEAR)
        & (counts["indicator"] == indicator)
        & (counts["measure"] == measure)
        & (counts["group"] == group)
    ]
    assert len(rows) == 1, (indicator, measure, group)
    return int(rows[column].iloc[0])


def test_indicator_1_band_rows_add_up_to_the_workforce(counts: pd.DataFrame) -> None:
    table = collection_frame(counts, YEAR)
    bands = table[table["indicator"] == 1]
    assert set(bands["workforce"]) == {"non-clinical", "clinical", "medical"}
    assert (bands["White"] + bands["BME"] + bands["Unknown"] == bands["total"]).all()
    # Every substantive member of staff is in exactly one band row.
    assert bands["White"].sum() == count(counts, 1, "overall", "White", "numerator")
    assert bands["BME"].sum() == count(counts, 1, "overall", "BME", "numerator")
    assert bands["Unknown"].sum() == count(counts, 1, "overall", "Unknown", "numerator")
    assert bands["total"].sum() == count(counts, 1, "overall", "Unknown", "denominator")
    row = bands[(bands["workforce"] == "clinical") & (bands["band"] == "Band 5")].iloc[0]
    assert row["BME"] == count(counts, 1, "clinical|Band 5", "BME", "numerator")


def test_indicators_2_3_4_and_9_are_the_reports_counts(counts: pd.DataFrame) -> None:
    table = collection_frame(counts, YEAR).set_index(["indicator", "item"])
    for indicator, top, bottom in (
        (2, "appointed from shortlisting", "shortlisted"),
        (3, "entered the formal disciplinary process", "headcount"),
        (4, "accessed non-mandatory training or CPD", "headcount"),
    ):
        for item, column in ((top, "numerator"), (bottom, "denominator")):
            row = table.loc[(indicator, item)]
            white = count(counts, indicator, "all", "White", column)
            bme = count(counts, indicator, "all", "BME", column)
            assert (row["White"], row["BME"], row["total"]) == (white, bme, white + bme)
            assert pd.isna(row["Unknown"]) and "not counted" in row["note"]
    for measure, item in (("all", "Board members"), ("voting", "voting Board members")):
        row = table.loc[(9, item)]
        assert row["BME"] == count(counts, 9, measure, "BME", "numerator")
        assert row["total"] == count(counts, 9, measure, "BME", "denominator")


def test_a_dropped_band_row_breaks_the_totals(counts: pd.DataFrame) -> None:
    """The workforce check can fail: lose one band row and the sums no longer match."""
    dropped = counts[~((counts["indicator"] == 1) & (counts["measure"] == "clinical|Band 5"))]
    bands = collection_frame(dropped, YEAR).query("indicator == 1")
    assert bands["White"].sum() != count(counts, 1, "overall", "White", "numerator")


def test_written_as_csv_with_whole_numbers(counts: pd.DataFrame, tmp_path: Path) -> None:
    path = write_collection(counts, YEAR, tmp_path / "internal" / "wres_collection.csv")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "year,indicator,item,workforce,band,White,BME,Unknown,total,note"
    assert ".0," not in text
    back = pd.read_csv(path)
    assert len(back) == len(collection_frame(counts, YEAR))
