"""Narrative: judgements come from intervals, words carry the figures as the seed rounds them.

Inputs are small metrics frames built by hand from counts (seed 003's where it gives them), with
Wilson and Katz intervals computed here independently of the library.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from reference_stats import BAND, Z, katz, wilson

from wres_lib.measure.counts import COUNTS_COLUMNS
from wres_lib.measure.metrics import METRICS_COLUMNS, compute_metrics
from wres_lib.measure.statistics import z_for_level
from wres_lib.present.headlines import most_affected_group
from wres_lib.present.narrative import (
    indicator_narrative,
    indicator_statement,
    key_points,
)
from wres_lib.present.trends import (
    compare_gap,
    compare_years,
    indicator_trend,
    representation_by_band,
)

COLUMNS = list(METRICS_COLUMNS)


class Builder:
    """Metrics rows following the contract, from counts."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(
        self,
        year,
        indicator,
        measure,
        group,
        statistic,
        value,
        low=math.nan,
        high=math.nan,
        note="",
    ):
        self.rows.append(
            dict(
                org="demo",
                year=year,
                indicator=indicator,
                measure=measure,
                group=group,
                statistic=statistic,
                value=value,
                ci_low=low,
                ci_high=high,
                note=note,
            )
        )
        return self

    def percent(self, year, indicator, measure, group, k, n):
        return self.add(year, indicator, measure, group, "percent", *wilson(k, n))

    def pair(self, year, indicator, white, bme, measure="all", finer=None):
        """White and BME percentages, and the indicator's ratio for 2 to 4."""
        self.percent(year, indicator, measure, "White", *white)
        self.percent(year, indicator, measure, "BME", *bme)
        for group, counts in (finer or {}).items():
            self.percent(year, indicator, measure, group, *counts)
        if indicator in (2, 4):
            self.add(
                year, indicator, measure, "White/BME", "relative_likelihood", *katz(*white, *bme)
            )
        if indicator == 3:
            self.add(
                year, indicator, measure, "BME/White", "relative_likelihood", *katz(*bme, *white)
            )
        return self

    def board(self, year, all_, voting, executive):
        for measure, value in (("all", all_), ("voting", voting), ("executive", executive)):
            self.add(year, 9, measure, "BME", "difference_pp", value)
        return self

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=COLUMNS)


def seed_like() -> pd.DataFrame:
    """Two years shaped like seed 003 (2020-21 and 2021-22) plus an earlier recruitment year."""
    b = Builder()
    b.pair("2019-20", 2, (341, 3005), (186, 1861))
    b.pair("2020-21", 2, (400, 3327), (171, 2082))
    b.pair("2021-22", 2, (596, 3842), (207, 2386))
    b.pair("2020-21", 4, (3526, 3991), (1075, 1287))
    b.pair("2021-22", 4, (2936, 4102), (939, 1409))
    b.pair("2020-21", 3, (20, 3991), (8, 1287))
    b.pair("2021-22", 3, (16, 4102), (9, 1409))
    b.pair("2020-21", 5, (487, 2183), (126, 516))
    b.pair(
        "2021-22",
        5,
        (488, 2237),
        (139, 571),
        finer={"Asian": (60, 355), "Black": (45, 103), "Mixed": (19, 50), "Other": (8, 21)},
    )
    b.pair("2020-21", 8, (129, 2175), (74, 511))
    b.pair(
        "2021-22",
        8,
        (142, 2228),
        (77, 569),
        finer={"Asian": (38, 358), "Black": (24, 103), "Mixed": (8, 51), "Other": (3, 20)},
    )
    b.pair("2020-21", 7, (1428, 2191), (250, 519))
    b.pair(
        "2021-22",
        7,
        (1495, 2228),
        (302, 572),
        finer={"Asian": (201, 359), "Black": (43, 103), "Mixed": (26, 50), "Other": (10, 21)},
    )
    for year, bme, known in (("2020-21", 1287, 5278), ("2021-22", 1409, 5511)):
        b.percent(year, 1, "overall", "BME", bme, known)
        b.percent(year, 1, "overall", "White", known - bme, known)
    b.add("2021-22", 1, "overall", "Known", "declaration_rate", *wilson(5511, 5691))
    bands = {  # measure: (2020-21 BME, known), (2021-22 BME, known)
        "non-clinical|Band 2": ((98, 263), (104, 265)),
        "non-clinical|Band 4": ((55, 188), (52, 193)),
        "clinical|Band 4": ((34, 280), (53, 336)),
        "clinical|Band 6": ((190, 1149), (215, 1181)),
        "clinical|Band 8a": ((16, 170), (17, 166)),
        "medical|Consultant": ((66, 105), (72, 108)),
    }
    for measure, years in bands.items():
        for year, (bme, known) in zip(("2020-21", "2021-22"), years, strict=True):
            b.percent(year, 1, measure, "BME", bme, known)
            b.percent(year, 1, measure, "White", known - bme, known)
    b.board("2020-21", -12.6, -6.2, -14.4)
    b.board("2021-22", -8.9, 1.7, -8.9)
    b.percent("2021-22", 9, "workforce", "BME", 1409, 5511)
    return b.frame()


def _row(frame, **where):
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, where
    return rows.iloc[0]


# --------------------------------------------------------------------------- compare_years


def test_clearly_worse_ratio_says_worse():
    frame = seed_like()
    current = _row(frame, year="2021-22", indicator=2, statistic="relative_likelihood")
    earlier = _row(frame, year="2019-20", indicator=2, statistic="relative_likelihood")
    trend = compare_years(current, earlier)
    assert trend.judgement == "worse" and trend.clear
    assert trend.z == pytest.approx(3.91, abs=0.05)
    assert trend.phrase == "worse than last year"


def test_overlapping_ratio_says_similar_within_margin():
    # Seed 003 called 1.46 -> 1.79 "slightly worse"; the intervals say it is not clear.
    frame = seed_like()
    current = _row(frame, year="2021-22", indicator=2, statistic="relative_likelihood")
    previous = _row(frame, year="2020-21", indicator=2, statistic="relative_likelihood")
    trend = compare_years(current, previous)
    assert trend.judgement == "similar" and not trend.clear
    assert trend.lean == "worse"
    assert trend.phrase == "similar to last year (the change is within the margin of error)"


def test_ratio_moving_towards_one_is_better_from_either_side():
    b = Builder()
    b.pair("2020-21", 2, (100, 1000), (400, 1000))  # 0.25: BME far more likely
    b.pair("2021-22", 2, (300, 1000), (330, 1000))  # 0.91
    frame = b.frame()
    rows = frame[frame["statistic"] == "relative_likelihood"]
    assert compare_years(rows.iloc[1], rows.iloc[0]).judgement == "better"


def test_direction_indicator_7_higher_is_better_8_lower_is_better():
    b = Builder()
    for indicator in (7, 8):
        b.pair("2020-21", indicator, (300, 1000), (100, 1000))
        b.pair("2021-22", indicator, (300, 1000), (200, 1000))
    frame = b.frame()
    for indicator, expected in ((7, "better"), (8, "worse")):
        rows = frame[(frame["indicator"] == indicator) & (frame["group"] == "BME")]
        assert compare_years(rows.iloc[1], rows.iloc[0]).judgement == expected
        white = frame[(frame["indicator"] == indicator) & (frame["group"] == "White")]
        gap = compare_gap(rows.iloc[1], white.iloc[1], rows.iloc[0], white.iloc[0])
        assert gap.judgement == expected  # 7: gap White-BME 20 -> 10; 8: BME-White -20 -> -10
        assert indicator_trend(frame, indicator, "2021-22").judgement == expected


def test_survey_mixed_when_bme_and_gap_disagree():
    b = Builder()
    b.pair("2020-21", 5, (400, 4000), (1200, 4000))
    b.pair("2021-22", 5, (40, 4000), (1000, 4000))  # BME better (30 -> 25) but gap 20 -> 24
    trend = indicator_trend(b.frame(), 5, "2021-22")
    assert trend.judgement == "mixed"
    assert indicator_statement(b.frame(), 5, "2021-22", BAND).endswith(
        "; mixed compared with last year."
    )
    text = " ".join(indicator_narrative(b.frame(), 5, "2021-22", BAND))
    assert "the BME figure and the gap to White staff moved in different directions" in text


def test_board_difference_towards_zero_is_better_and_exact():
    frame = seed_like()
    current = _row(frame, year="2021-22", indicator=9, measure="all", statistic="difference_pp")
    previous = _row(frame, year="2020-21", indicator=9, measure="all", statistic="difference_pp")
    trend = compare_years(current, previous)
    assert trend.judgement == "better" and trend.clear and trend.z is None
    b = Builder().board("2020-21", 2.0, 0, 0).board("2021-22", 5.0, 0, 0)
    rows = b.frame()
    assert compare_years(rows.iloc[3], rows.iloc[0]).judgement == "similar"


def test_ratio_without_interval_or_previous_is_not_comparable():
    frame = seed_like()
    current = _row(frame, year="2021-22", indicator=2, statistic="relative_likelihood")
    assert compare_years(current, None).judgement == "not comparable"
    no_ci = current.copy()
    no_ci["ci_low"] = no_ci["ci_high"] = math.nan
    assert compare_years(current, no_ci).judgement == "not comparable"


# --------------------------------------------------------------------------- statements
# The summary's statements as seed 003 words them: the figure, what it means, the trend.


def test_ratio_statement_seed_rounding_meaning_and_trend():
    text = indicator_statement(seed_like(), 2, "2021-22", BAND)
    ratio = katz(596, 3842, 207, 2386)[0]
    assert f"{ratio:.2f}" == "1.79"
    assert text == (
        "White applicants were 1.79 times as likely as BME applicants to be appointed from "
        "shortlisting, a clear BME disadvantage; similar to last year (1.46)."
    )


def test_disciplinary_statement_says_numbers_may_be_chance():
    text = indicator_statement(seed_like(), 3, "2021-22", BAND)
    ratio, low, high = katz(9, 1409, 16, 4102)
    assert f"{ratio:.2f}" == "1.64" and low < 1 < high  # outside the band, interval spans 1
    assert text == (
        "BME staff were 1.64 times as likely as White staff to enter a formal disciplinary "
        "investigation, but with so few cases this may be chance; similar to last year (1.24)."
    )


def test_undefined_ratio_gives_note():
    b = Builder().add(
        "2021-22",
        3,
        "all",
        "BME/White",
        "relative_likelihood",
        math.nan,
        note="no White staff entered an investigation",
    )
    text = indicator_statement(b.frame(), 3, "2021-22", BAND)
    assert text == "No figure can be given this year: no White staff entered an investigation."


def test_hidden_headline_says_why_it_is_not_shown():
    frame = seed_like()
    frame["hidden"] = frame["indicator"] == 3
    frame.loc[frame["hidden"], "value"] = math.nan
    assert indicator_statement(frame, 3, "2021-22", BAND) == (
        "Not shown: the numbers of disciplinary investigations are too small to publish safely."
    )


def test_survey_statement_has_both_groups_to_one_decimal():
    text = indicator_statement(seed_like(), 8, "2021-22", BAND)
    assert text == (
        "BME staff were more likely than White staff to experience discrimination from a "
        "manager or colleague (13.5% BME, 6.4% White); similar to last year."
    )
    text = indicator_statement(seed_like(), 5, "2021-22", BAND)
    assert text.startswith("BME and White staff were similarly likely")  # 24.3% against 21.8%
    assert indicator_statement(seed_like(), 6, "2021-22", BAND) == (
        "No Staff Survey figures are available this year."
    )


def test_board_statement_is_a_census_with_counts_when_given():
    text = indicator_statement(seed_like(), 9, "2021-22", BAND)
    assert text == (
        "BME people were under-represented on the Board and among executive members, "
        "over-represented among voting members; better than last year."
    )
    counts = {("2021-22", 9, "all", "BME"): (3, 18)}
    text = indicator_statement(seed_like(), 9, "2021-22", BAND, board_counts=counts)
    assert "(3 of 18; workforce 25.6%)" in text
    assert "chance" not in " ".join(indicator_narrative(seed_like(), 9, "2021-22", BAND))


def test_statements_are_short_and_plain():
    for indicator in range(1, 10):
        text = indicator_statement(seed_like(), indicator, "2021-22", BAND)
        assert len(text.split()) <= 40, text
        for word in ("CI", "Fisher", "Katz", "Wilson", "margin of error", "<"):
            assert word not in text


def test_representation_flags_by_interval():
    table = representation_by_band(seed_like(), "2021-22").set_index("measure")
    assert table.loc["non-clinical|Band 2", "flag"] == "over"  # 39.2%, interval above 25.6
    assert table.loc["non-clinical|Band 4", "flag"] == "similar"  # 26.9% around 25.6
    assert table.loc["clinical|Band 6", "flag"] == "under"  # 18.2%
    assert table.loc["medical|Consultant", "flag"] == "over"
    assert table.loc["clinical|Band 8a", "percent_bme"] == pytest.approx(100 * 17 / 166)
    assert table.loc["clinical|Band 8a", "overall_percent"] == pytest.approx(100 * 1409 / 5511)
    assert list(table.index)[:2] == ["non-clinical|Band 2", "non-clinical|Band 4"]


def test_indicator_1_statement_and_section():
    assert indicator_statement(seed_like(), 1, "2021-22", BAND) == (
        "BME staff were 25.6% of the workforce (24.4% last year), under-represented at clinical "
        "Bands 4, 6 and 8a; representation by band was similar to last year."
    )
    text = " ".join(indicator_narrative(seed_like(), 1, "2021-22", BAND))
    assert "ethnicity was known for 96.8% of staff" in text
    assert "over-represented at non-clinical Band 2 and medical Consultant" in text


def test_hidden_bands_are_named_not_dropped():
    frame = seed_like()
    band = (frame["indicator"] == 1) & (frame["measure"] == "clinical|Band 8a")
    frame["hidden"] = band
    frame.loc[band, "value"] = math.nan
    statement = indicator_statement(frame, 1, "2021-22", BAND)
    assert "clinical Bands 4 and 6" in statement
    assert statement.endswith("1 band is not shown, to protect small numbers.")
    text = " ".join(indicator_narrative(frame, 1, "2021-22", BAND))
    assert "Figures for clinical Band 8a are not shown because numbers are small." in text


def test_a_figure_hidden_to_protect_others_is_not_called_small():
    """Disclosure control says why it hid each figure; the words say the same."""
    frame = seed_like()
    seven = (frame["indicator"] == 1) & (frame["measure"] == "non-clinical|Band 4")
    eight = (frame["indicator"] == 1) & (frame["measure"] == "clinical|Band 8a")
    frame["hidden"] = seven | eight
    frame["hidden_reason"] = ""
    frame.loc[eight, "hidden_reason"] = "small"
    frame.loc[seven, "hidden_reason"] = "protects"
    frame.loc[seven | eight, "value"] = math.nan
    statement = indicator_statement(frame, 1, "2021-22", BAND)
    assert statement.endswith("2 bands are not shown, to protect small numbers.")
    text = " ".join(indicator_narrative(frame, 1, "2021-22", BAND))
    assert "Figures for clinical Band 8a are not shown because numbers are small." in text
    assert (
        "Figures for non-clinical Band 4 are not shown, so that smaller numbers elsewhere in "
        "the report cannot be worked out." in text
    )
    ratio = frame["indicator"] == 2
    frame["hidden"], frame["hidden_reason"] = ratio, ratio.map({True: "protects", False: ""})
    frame.loc[ratio, "value"] = math.nan
    assert indicator_statement(frame, 2, "2021-22", BAND) == (
        "The relative likelihood is not shown, so that smaller numbers elsewhere in the report "
        "cannot be worked out."
    )


def test_hidden_rows_are_not_described():
    frame = seed_like()
    frame["hidden"] = (frame["group"] == "Black") & (frame["indicator"] == 8)
    group = most_affected_group(frame, 8, "2021-22")
    assert group is not None and group.group != "Black"
    frame["hidden"] = frame["indicator"] == 2
    assert "1.79" not in indicator_statement(frame, 2, "2021-22", BAND)


def test_most_affected_group():
    group = most_affected_group(seed_like(), 5, "2021-22")
    assert group.group == "Black"
    assert group.value == pytest.approx(100 * 45 / 103)
    assert group.clear is True  # 43.7% against 21.8% for White staff
    assert most_affected_group(seed_like(), 2, "2021-22") is None
    with pytest.raises(ValueError):
        most_affected_group(seed_like(), 9, "2021-22")


def test_no_worst_group_without_a_white_figure_or_a_worse_group():
    frame = seed_like()
    frame["hidden"] = (frame["group"] == "White") & (frame["indicator"] == 5)
    assert most_affected_group(frame, 5, "2021-22") is None  # nothing to compare with
    frame = seed_like()
    finer = frame["group"].isin(["Asian", "Black", "Mixed", "Other"]) & (frame["indicator"] == 5)
    frame.loc[finer, "value"] = 1.0  # every finer group fares better than White (21.8%)
    assert most_affected_group(frame, 5, "2021-22") is None
    frame = seed_like()
    frame["hidden"] = (frame["group"] == "Black") & (frame["indicator"] == 5)
    group = most_affected_group(frame, 5, "2021-22")
    assert group is not None and group.compared == 3
    text = " ".join(indicator_narrative(frame, 5, "2021-22", BAND))
    assert "Of the ethnic groups within BME whose figures can be shown" in text


def test_key_points_pick_the_right_items():
    points = key_points(seed_like(), "2021-22", BAND)
    assert points == [
        "Recruitment shows the widest gap of the three likelihoods (1.79); 1 other was also "
        "outside the fair range.",
        "The widest Staff Survey gap is on equal opportunities for progression; Black staff "
        "fared worst (41.7%).",
        "Senior roles: BME staff were under-represented at clinical Band 8a and on the Board.",
        "Since last year: better on Board representation.",
    ]


def test_key_points_all_within_band():
    b = Builder()
    b.pair("2021-22", 2, (100, 1000), (95, 1000))
    points = key_points(b.frame(), "2021-22", BAND)
    assert points[0] == (
        "Appointment, disciplinary and training likelihoods were all within the fair range."
    )
    assert z_for_level(0.95) == pytest.approx(Z)


def test_indicator_narrative_adds_to_the_statement():
    statement = indicator_statement(seed_like(), 8, "2021-22", BAND)
    bullets = indicator_narrative(seed_like(), 8, "2021-22", BAND)
    assert statement not in bullets  # no sentence printed twice
    assert bullets[0] == (
        "13.5% of BME staff and 6.4% of White staff experienced discrimination from a manager "
        "or colleague; a difference of 7.2 points, larger than chance. Last year: 14.5% and "
        "5.9%; similar this year."
    )
    assert bullets[1] == (
        "Of the ethnic groups within BME, Black staff had the least favourable figure (23.3%, "
        "against 6.4% for White staff)."
    )


def test_trend_words_follow_the_reports_confidence_level():
    """A change clear at 95% (z about 2.1) but not at 99%: the words follow the level the
    metrics' intervals were computed at, not a fixed 95%."""
    rows = []
    for year, bme in (("2020-21", 100), ("2021-22", 130)):
        for group, k in (("White", 100), ("BME", bme)):
            rows.append(("demo", year, 8, "all", group, k, 1000))
    counts = pd.DataFrame(rows, columns=list(COUNTS_COLUMNS))
    endings = {}
    for level in (0.95, 0.99):
        metrics = compute_metrics(counts, level=level)
        assert indicator_trend(metrics, 8, "2021-22", level=level).judgement == (
            "worse" if level == 0.95 else "similar"
        )
        statement = indicator_statement(metrics, 8, "2021-22", BAND, level=level)
        endings[level] = statement.rsplit(";", 1)[1]
    assert endings == {0.95: " worse than last year.", 0.99: " similar to last year."}
