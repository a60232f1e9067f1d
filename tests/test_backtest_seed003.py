"""Back-test: reproduce every figure seed 003 prints together with its inputs.

Seed 003 is a real Board paper (WRES metrics report 2021/22). Its printed inputs ("n out of N")
are in ``fixtures/seed003/counts.csv`` and its printed results, exactly as printed, in
``fixtures/seed003/printed.csv``. The inputs go through the real path (read_counts ->
merge_counts -> compute_metrics) and each result is rounded as the seed rounds (style module)
and compared as text. Where the seed contradicts itself, ``seed_note`` names the
contradiction and the test asserts that the figure does NOT reproduce, so a fix to the seed's
arithmetic cannot slip in by bending the code.

Table 13's Board counts are not printed; ``board_inferred.csv`` holds the smallest Board
counts (n/N, N <= 30) that reproduce every printed difference and respect that voting and
executive members are part of the Board (inferred, not seen).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.errors import InputError
from wres_lib.measure.counts import merge_counts, read_counts
from wres_lib.measure.metrics import compute_metrics
from wres_lib.present.style import format_percent, format_ratio

FIXTURES = Path(__file__).parent / "fixtures" / "seed003"
EXPECTED_FIGURES = 187  # every printed figure with inputs; see the module docstring
EXPECTED_INCONSISTENT = 4


def _printed() -> list[dict[str, str]]:
    with (FIXTURES / "printed.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _format(statistic: str, value: float) -> str:
    if statistic == "relative_likelihood":
        return format_ratio(value)
    if statistic == "difference_pp":
        return f"{value:.1f}%"
    return format_percent(value)


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return merge_counts(
        read_counts(FIXTURES / "counts.csv"),
        read_counts(FIXTURES / "board_inferred.csv"),
        sources=["seed003 printed counts", "seed003 Board counts (inferred)"],
    )


@pytest.fixture(scope="module")
def metrics(counts: pd.DataFrame) -> dict[tuple, float]:
    frame = compute_metrics(counts)
    return {
        (r.year, r.indicator, r.measure, r.group, r.statistic): r.value
        for r in frame.itertuples(index=False)
    }


def _computed(metrics: dict[tuple, float], figure: dict[str, str]) -> str:
    key = (
        figure["year"],
        int(figure["indicator"]),
        figure["measure"],
        figure["group"],
        figure["statistic"],
    )
    assert key in metrics, f"no metric for {figure['source']}: {key}"
    return _format(figure["statistic"], metrics[key])


def test_every_consistent_figure_reproduces(metrics: dict[tuple, float]) -> None:
    figures = _printed()
    assert len(figures) == EXPECTED_FIGURES
    checked, mismatches = 0, []
    for figure in figures:
        if figure["seed_note"]:
            continue
        got = _computed(metrics, figure)
        checked += 1
        if got != figure["printed"]:
            mismatches.append(
                f"{figure['source']} {figure['year']} {figure['measure']} "
                f"{figure['group']}: printed {figure['printed']}, computed {got}"
            )
    assert mismatches == []
    assert checked == EXPECTED_FIGURES - EXPECTED_INCONSISTENT


def test_figures_per_table() -> None:
    """So a dropped fixture row cannot pass unnoticed."""
    per_source: dict[str, int] = {}
    for figure in _printed():
        per_source[figure["source"]] = per_source.get(figure["source"], 0) + 1
    assert per_source == {
        "Table 1": 55,
        "Table 2": 21,
        "Table 3": 12,
        "Table 6": 12,
        "Table 7": 8,
        "Table 8": 8,
        "Table 9": 8,
        "Table 10": 8,
        "Table 11": 8,
        "Table 12": 8,
        "Table 13": 16,
        "Metric 1 narrative": 11,
        "Metric 5 narrative": 4,
        "Metric 6 narrative": 5,
        "Metric 7 narrative": 1,
        "Metric 8 narrative": 2,
    }


@pytest.mark.parametrize(
    ("source", "year", "measure", "group", "printed", "actual"),
    [
        # 66 / 105 = 62.857%: the seed prints 61.9% (a transposed digit?).
        ("Table 1", "2020-21", "medical|Consultant", "BME", "61.9%", "62.9%"),
        # 391 / 1205 = 32.448% (and 391/1205 is the exact sum of Table 1's bands 2 to 8a).
        ("Table 2", "2021-22", "grouped|Non-clinical Bands 2 to 8a", "BME", "32.5%", "32.4%"),
        # 230 / 2181 = 10.546%.
        ("Table 9", "2020-21", "managers", "White", "10.6%", "10.5%"),
        # 43 / 103 = 41.748%: the narrative prints "41.2%, 43/103" (Table 11 also says 41.2%).
        ("Metric 7 narrative", "2021-22", "all", "Black", "41.2%", "41.7%"),
    ],
)
def test_seed_inconsistencies_are_real(
    metrics: dict[tuple, float],
    source: str,
    year: str,
    measure: str,
    group: str,
    printed: str,
    actual: str,
) -> None:
    """The seed's own n/N does not give its printed percentage; we print the arithmetic.

    Rounding twice (to 2 dp, then 1 dp) would explain the Table 2 and Table 9 figures, but it
    would break seven other figures (e.g. Table 3's 11.3% for 341/3005 = 11.348%), so the seed
    rounds once and these four are slips.
    """
    (figure,) = [
        f
        for f in _printed()
        if (f["source"], f["year"], f["measure"], f["group"]) == (source, year, measure, group)
    ]
    assert figure["printed"] == printed and figure["seed_note"]
    assert _computed(metrics, figure) == actual != printed


def test_ratios_to_more_places(metrics: dict[tuple, float]) -> None:
    """Table 3 and 6 ratios, unrounded, so a rounding-boundary accident is visible."""
    expected = {
        (2, "2018-19"): 1.965306,
        (2, "2019-20"): 1.135385,
        (2, "2020-21"): 1.463834,
        (2, "2021-22"): 1.788088,
        (4, "2018-19"): 1.086776,
        (4, "2019-20"): 1.098585,
        (4, "2020-21"): 1.057720,
        (4, "2021-22"): 1.074004,
    }
    for (indicator, year), value in expected.items():
        got = metrics[(year, indicator, "all", "White/BME", "relative_likelihood")]
        assert got == pytest.approx(value, abs=5e-7)


def test_backtest_can_fail(counts: pd.DataFrame) -> None:
    """One wrong count (White appointed 2021/22: 606 instead of 596) breaks the back-test."""
    wrong = counts.copy()
    row = (wrong["year"] == "2021-22") & (wrong["indicator"] == 2) & (wrong["group"] == "White")
    assert row.sum() == 1
    wrong.loc[row, "numerator"] = 606
    frame = compute_metrics(wrong)
    metrics = {
        (r.year, r.indicator, r.measure, r.group, r.statistic): r.value
        for r in frame.itertuples(index=False)
    }
    failures = [
        f for f in _printed() if not f["seed_note"] and _computed(metrics, f) != f["printed"]
    ]
    assert {(f["source"], f["group"]) for f in failures} == {
        ("Table 3", "White"),
        ("Table 3", "White/BME"),
    }


def _count(counts: pd.DataFrame, year: str, indicator: int, measure: str, group: str):
    row = counts[
        (counts["year"] == year)
        & (counts["indicator"] == indicator)
        & (counts["measure"] == measure)
        & (counts["group"] == group)
    ]
    assert len(row) == 1, (year, indicator, measure, group)
    return int(row["numerator"].iloc[0]), int(row["denominator"].iloc[0])


def test_table2_groups_are_table1_sums_where_all_rows_are_shown(counts: pd.DataFrame) -> None:
    non_clinical = [f"non-clinical|Band {b}" for b in ("2", "3", "4", "5", "6", "7", "8a")]
    for year in ("2019-20", "2020-21", "2021-22"):
        parts = [_count(counts, year, 1, m, "BME") for m in non_clinical]
        total = _count(counts, year, 1, "grouped|Non-clinical Bands 2 to 8a", "BME")
        assert total == (sum(p[0] for p in parts), sum(p[1] for p in parts))
        parts = [_count(counts, year, 1, f"clinical|Band {b}", "BME") for b in ("3", "4")]
        total = _count(counts, year, 1, "grouped|Clinical Bands 3 to 4", "BME")
        assert total == (sum(p[0] for p in parts), sum(p[1] for p in parts))
        for band in ("2", "5"):
            assert _count(counts, year, 1, f"grouped|Clinical Band {band}", "BME") == _count(
                counts, year, 1, f"clinical|Band {band}", "BME"
            )


def test_redacted_rows_are_recovered_by_subtraction(counts: pd.DataFrame) -> None:
    """Seed inconsistency: its redaction is undone by Table 2 minus Table 1.

    Medical grades shown in Table 1 plus the redacted "Medical Senior Manager" row make Table
    2's "Medics (all grades)". The subtraction gives the redacted row exactly: 3 of 5, 7 of 8,
    6 of 6 BME — all below 10, which the paper says it hides.
    """
    grades = ("Trainee grade", "Non-consultant career grade", "Consultant")
    recovered = {}
    for year in ("2019-20", "2020-21", "2021-22"):
        shown = [_count(counts, year, 1, f"medical|{g}", "BME") for g in grades]
        total = _count(counts, year, 1, "grouped|Medical (all grades)", "BME")
        recovered[year] = (total[0] - sum(s[0] for s in shown), total[1] - sum(s[1] for s in shown))
    assert recovered == {"2019-20": (3, 5), "2020-21": (7, 8), "2021-22": (6, 6)}
    assert all(n < 10 for _, n in recovered.values())


def test_narrative_medics_2021_contradicts_table2(counts: pd.DataFrame) -> None:
    """Seed inconsistency: the narrative says March 2021 medics were 63.9%, 129/202; Table 2
    says 64.0%, 130 out of 203. Merging both is a conflict naming both files and rows."""
    assert _count(counts, "2020-21", 1, "grouped|Medical (all grades)", "BME") == (130, 203)
    narrative = read_counts(FIXTURES / "narrative_conflict.csv")
    with pytest.raises(InputError) as caught:
        merge_counts(read_counts(FIXTURES / "counts.csv"), narrative, sources=["table", "text"])
    message = caught.value.message
    assert "text, row 2" in message and "table row 73" in message
    assert "129/202" in message and "130/203" in message
    narrative_metrics = compute_metrics(narrative)
    value = narrative_metrics.loc[narrative_metrics["statistic"] == "percent", "value"].iloc[0]
    assert format_percent(value) == "63.9%"


def test_denominators_agree_across_tables(counts: pd.DataFrame) -> None:
    """Table 6's White and BME headcounts are Table 1's known workforce split in two, and
    Table 13's workforce share uses the same counts (March 2019 only via Table 6)."""
    for year in ("2019-20", "2020-21", "2021-22"):
        bme, known = _count(counts, year, 1, "overall", "BME")
        assert _count(counts, year, 4, "all", "BME")[1] == bme
        assert _count(counts, year, 4, "all", "White")[1] == known - bme
        assert _count(counts, year, 9, "workforce", "BME") == (bme, known)
    white, bme = (
        _count(counts, "2018-19", 4, "all", "White"),
        _count(counts, "2018-19", 4, "all", "BME"),
    )
    assert _count(counts, "2018-19", 9, "workforce", "BME") == (bme[1], white[1] + bme[1])
    assert _count(counts, "2021-22", 1, "overall", "Unknown") == (5691 - 5511, 5691)


def test_board_counts_are_the_only_small_consistent_choice_for_2021() -> None:
    """How the inferred Board counts were found, re-run: for March 2021 exactly one set of
    (all, voting, executive) counts with Board size <= 30 reproduces -12.6, -6.2, -14.4 and
    has voting and executive members within the Board."""
    workforce = 100 * 1287 / 5278
    printed = {"all": "-12.6%", "voting": "-6.2%", "executive": "-14.4%"}
    fits = {
        m: [
            (k, n)
            for n in range(1, 31)
            for k in range(n + 1)
            if f"{100 * k / n - workforce:.1f}%" == text
        ]
        for m, text in printed.items()
    }
    consistent = [
        (a, v, e)
        for a in fits["all"]
        for v in fits["voting"]
        for e in fits["executive"]
        if a[0] >= max(v[0], e[0])
        and a[1] >= max(v[1], e[1])
        and a[1] - a[0] >= max(v[1] - v[0], e[1] - e[0])
        and a[1] <= v[1] + e[1]
    ]
    assert consistent == [((2, 17), (2, 11), (1, 10))]
    board = read_counts(FIXTURES / "board_inferred.csv")
    assert _count(board, "2020-21", 9, "all", "BME") == (2, 17)


def test_march_2022_board_cannot_be_two_of_twelve() -> None:
    """Seed 003's -8.9 for all members fits 1/6, 2/12 or 3/18, but its +1.7 for voting members
    needs 3 of 11: a Board with 3 BME voting members has at least 3 BME members, so only 3/18
    (or larger) is consistent."""
    workforce = 100 * 1409 / 5511
    fits = [
        (k, n)
        for n in range(1, 19)
        for k in range(n + 1)
        if f"{100 * k / n - workforce:.1f}%" == "-8.9%"
    ]
    assert fits == [(1, 6), (2, 12), (3, 18)]
    assert [(k, n) for k, n in fits if k >= 3 and n >= 11] == [(3, 18)]


def test_table4_header_repeats_a_window() -> None:
    """Seed inconsistency: Table 4's last column is headed "2019/20 to 2020/21" twice; the
    narrative gives the last window as 2020/21 to 2021/22 (ratio 1.41), and its denominators
    (1409, 4102) are March 2022's."""
    header = [
        "2017/18 to 2018/19",
        "2018/19 to 2019/20",
        "2019/20 to 2020/21",
        "2019/20 to 2020/21",
    ]
    denominators_bme = [1171, 1221, 1287, 1409]
    assert len(set(header)) == 3
    assert denominators_bme[-1] == 1409  # the March 2022 BME headcount


def test_percentages_printed_for_redacted_counts() -> None:
    """Seed inconsistency: percentages are printed beside counts shown as R (the paper's note
    says figures that could reveal counts below 10 are redacted). The narrative even prints
    Table 7's redacted Black 2021 cell: 43.7%, 45/103."""
    with (FIXTURES / "redacted_percentages.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 11
    assert all(r["printed_count"] == "R" and r["printed_percent"].endswith("%") for r in rows)
    (black,) = [
        r
        for r in rows
        if r["source"] == "Table 7" and r["row"] == "Black" and r["year"] == "2021-22"
    ]
    assert format_percent(100 * 45 / 103) == black["printed_percent"]
