"""Charts: every chart has a title and data-generated alt text, renders the same bytes twice,
escapes its HTML, and leaves out hidden values."""

from __future__ import annotations

import base64
import math

import pandas as pd
import pytest
from reference_stats import BAND, katz, wilson

from wres_lib.measure.model_employer import trajectory
from wres_lib.present import chart_findings as findings
from wres_lib.present.chart_style import FIGSIZE, LABEL_SIZE, RC, Chart, new_figure
from wres_lib.present.indicator_charts import (
    band_group_profile_chart,
    band_representation_chart,
    board_chart,
    group_comparison_chart,
    indicator_charts,
    trend_chart,
)
from wres_lib.present.progress_charts import model_employer_chart, rag_summary_chart


def row(year, indicator, measure, group, statistic, value, low=math.nan, high=math.nan):
    return dict(
        org="demo",
        year=year,
        indicator=indicator,
        measure=measure,
        group=group,
        statistic=statistic,
        value=value,
        ci_low=low,
        ci_high=high,
        note="",
    )


def metrics() -> pd.DataFrame:
    rows = []
    recruitment = {  # year: (White appointed, shortlisted), (BME appointed, shortlisted)
        "2019-20": ((341, 3005), (186, 1861)),
        "2020-21": ((400, 3327), (171, 2082)),
        "2021-22": ((596, 3842), (207, 2386)),
    }
    for year, (white, bme) in recruitment.items():
        rows.append(row(year, 2, "all", "White", "percent", *wilson(*white)))
        rows.append(row(year, 2, "all", "BME", "percent", *wilson(*bme)))
        rows.append(row(year, 2, "all", "White/BME", "relative_likelihood", *katz(*white, *bme)))
    for group, counts in {
        "Asian": (150, 1500),
        "Black": (40, 600),
        "Mixed": (12, 200),
        "Other": (5, 86),
    }.items():
        rows.append(row("2021-22", 2, "all", group, "percent", *wilson(*counts)))
    for year, white, bme in (
        ("2020-21", (487, 2183), (126, 516)),
        ("2021-22", (488, 2237), (139, 571)),
    ):
        rows.append(row(year, 5, "all", "White", "percent", *wilson(*white)))
        rows.append(row(year, 5, "all", "BME", "percent", *wilson(*bme)))
    # Indicator 1: counts by band: (Asian, Black, Mixed, Other, White)
    profile = {
        "overall": (700, 450, 150, 109, 4102),
        "non-clinical|Band 2": (60, 30, 10, 4, 161),
        "non-clinical|Band 8a": (8, 4, 2, 2, 46),
        "non-clinical|Band 8b": (2, 1, 0, 0, 30),
        "grouped|Non-clinical Bands 2 to 8a": (200, 120, 40, 31, 814),
        "grouped|Clinical Bands 6 to VSM": (150, 120, 40, 29, 1608),
    }
    for measure, counts in profile.items():
        known = sum(counts)
        bme = sum(counts[:4])
        for group, k in zip(("Asian", "Black", "Mixed", "Other", "White"), counts, strict=True):
            rows.append(row("2021-22", 1, measure, group, "percent", *wilson(k, known)))
        rows.append(row("2021-22", 1, measure, "BME", "percent", *wilson(bme, known)))
    for year, values in (("2020-21", (-12.6, -6.2, -14.4)), ("2021-22", (-8.9, 1.7, -8.9))):
        for measure, value in zip(("all", "voting", "executive"), values, strict=True):
            rows.append(row(year, 9, measure, "BME", "difference_pp", value))
    return pd.DataFrame(rows)


def check(chart: Chart) -> str:
    assert isinstance(chart, Chart)
    assert chart.title and chart.alt_text
    html = chart._repr_html_()
    assert html.count("data:image/png;base64,") == 1
    data = html.split("base64,")[1].split('"')[0]
    assert base64.b64decode(data).startswith(b"\x89PNG")
    assert chart.figure is None  # released after rendering
    return html


def test_group_comparison_alt_text_states_the_finding():
    chart = group_comparison_chart(metrics(), 2, "2021-22")
    check(chart)
    assert chart.title == "% of shortlisted applicants appointed, by ethnic group, 2021/22"
    assert chart.alt_text == (
        "% of shortlisted applicants appointed, 2021/22: BME 8.7% against White 15.5%, a "
        "difference larger than chance. Among BME groups it is highest for Asian (10.0%) and "
        "lowest for Other (5.8%)."
    )
    # Black (6.7%) and Mixed (6.0%) are in the table beside the chart, not read out.
    assert "6.7%" not in chart.alt_text and "6.0%" not in chart.alt_text


def test_hidden_values_are_omitted_and_said():
    chart = group_comparison_chart(
        metrics(), 2, "2021-22", hidden={("all", "Other"), ("all", "Mixed")}
    )
    check(chart)
    assert "Other (5.8%)" not in chart.alt_text and "6.0%" not in chart.alt_text
    assert "lowest for Black (6.7%)" in chart.alt_text
    assert chart.alt_text.endswith("Not shown, to protect small numbers: Mixed, Other.")
    frame = metrics()
    frame["hidden"] = frame["measure"] == "non-clinical|Band 8b"
    frame.loc[frame["group"] == "Other", "value"] = frame.loc[frame["group"] == "Other", "value"]
    band = band_representation_chart(frame, "2021-22", "non-clinical")
    check(band)
    assert "8b" not in band.alt_text.split("Not shown")[0]
    assert "at every non-clinical band shown" in band.alt_text
    assert band.alt_text.endswith("Not shown, to protect small numbers: Band 8b.")


def test_band_representation_chart():
    chart = band_representation_chart(metrics(), "2021-22", "non-clinical")
    check(chart)
    assert chart.alt_text == (
        "In 2021/22 BME staff are under-represented at non-clinical Band 8b compared with their "
        "25.6% share of the workforce. Their share is highest at Band 2 (39.2%) and lowest at "
        "Band 8b (9.1%)."  # 104/265 and 3/33
    )


def test_band_representation_keeps_a_band_whose_finer_groups_are_hidden():
    """A hidden Mixed count does not hide % BME and % White; a hidden BME share does."""
    frame = metrics()
    band2 = frame["measure"] == "non-clinical|Band 2"
    frame = pd.concat(
        [frame, pd.DataFrame([row("2021-22", 1, "non-clinical|Band 2", "Mixed", "percent", 3.0)])]
    )
    frame["hidden"] = False
    frame.loc[
        (frame["measure"] == "non-clinical|Band 2") & (frame["group"] == "Mixed"), "hidden"
    ] = True
    chart = band_representation_chart(frame, "2021-22", "non-clinical")
    assert "Band 2 (39.2%)" in chart.alt_text
    frame.loc[
        band2.reindex(frame.index, fill_value=False) & (frame["group"] == "BME"), "hidden"
    ] = True
    chart = band_representation_chart(frame, "2021-22", "non-clinical")
    assert "39.2%" not in chart.alt_text and "highest at Band 8a (25.8%)" in chart.alt_text
    assert "Not shown, to protect small numbers: Band 2." in chart.alt_text


def test_band_group_profile_chart():
    chart = band_group_profile_chart(metrics(), "2021-22")
    check(chart)
    assert chart.alt_text == (
        "In 2021/22 BME staff are 25.6% of staff of known ethnicity, the largest group being "
        "Asian (12.7%). The BME share is highest in Non-clinical Bands 2 to 8a (32.4%) and "
        "lowest in Clinical Bands 6 to VSM (17.4%)."
    )


def test_trend_charts_ratio_and_percent():
    ratio = trend_chart(metrics(), 2, parity_band=BAND)
    check(ratio)
    assert "2019/20 to 2021/22" in ratio.title
    assert ratio.alt_text.endswith(
        "compared with BME applicants: 1.79 in 2021/22, outside the fair range, "
        "0.80–1.25 (1.14 in 2019/20)."
    )
    assert "1.46" not in ratio.alt_text  # the middle year is in the table
    percent = trend_chart(metrics(), 5)
    check(percent)
    assert percent.alt_text.endswith(
        "or the public: White 21.8% and BME 24.3% in 2021/22. In 2020/21: White 22.3% and BME "
        "24.4%."
    )


def test_board_chart():
    chart = board_chart(metrics())
    check(chart)
    assert chart.alt_text == (
        "In 2021/22 the Board's % BME is 8.9 percentage points below the workforce's (12.6 "
        "percentage points below in 2020/21). For voting members 1.7 above and executive members "
        "8.9 below."
    )


def test_model_employer_chart():
    counts = pd.DataFrame(
        [
            dict(org="d", year=y, indicator=1, measure=m, group="BME", numerator=b, denominator=k)
            for y, m, b, k in (
                ("2019-20", "overall", 250, 1000),
                ("2019-20", "clinical|Band 8a", 20, 100),
                ("2020-21", "overall", 260, 1000),
                ("2020-21", "clinical|Band 8a", 22, 100),
            )
        ]
    )
    frame = trajectory(counts, "2019-20", 2022, 23.0)
    chart = model_employer_chart(frame)
    check(chart)
    assert chart.alt_text == (
        "In 2020/21 BME staff are 22.0% of staff at Band 8a and above, 0.5 percentage points "
        "above the trajectory (21.5%) to 23.0% by March 2022. They were 20.0% in 2019/20."
    )


def test_rag_summary_chart():
    summary = pd.DataFrame(
        {
            "objective": ["1. Recruitment", "1. Recruitment", "2. Progression"],
            "status": ["A", "G", "R"],
            "count": [3, 1, 2],
        }
    )
    chart = rag_summary_chart(summary)
    check(chart)
    assert chart.alt_text == (
        "Of 6 actions in 2 objectives: 2 Not on track, 3 On track, 1 Complete. Most not on "
        "track: 2. Progression (2)."
    )
    relabelled = rag_summary_chart(summary, labels={"A": "At risk"})
    assert "3 At risk" in relabelled.alt_text


def test_html_escapes_title_and_alt_text():
    chart = group_comparison_chart(
        metrics(), 2, "2021-22", title='<script>alert("x")</script> & co'
    )
    html = check(chart)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; co" in html
    chart = Chart(new_figure(), "t", 'say "hi" <b>')
    html = chart._repr_html_()
    assert 'alt="say &#34;hi&#34; &lt;b&gt;"' in html


def test_png_bytes_identical_across_renders():
    first = trend_chart(metrics(), 2, parity_band=BAND).png()
    second = trend_chart(metrics(), 2, parity_band=BAND).png()
    assert first == second
    chart = group_comparison_chart(metrics(), 2, "2021-22")
    assert chart.png() == chart.png()
    assert b"Software" not in first[:200]


@pytest.mark.parametrize("indicator", [2, 5])
def test_house_style_size_and_fonts(indicator):
    chart = group_comparison_chart(metrics(), indicator, "2021-22")
    assert tuple(chart.figure.get_size_inches()) == pytest.approx(FIGSIZE)
    assert RC["font.size"] >= 11 and LABEL_SIZE >= 11


def test_indicator_charts_per_indicator():
    frame = metrics()
    assert [c.title.split(",")[0] for c in indicator_charts(frame, 1, "2021-22", None, BAND)] == [
        "Non-clinical staff: % BME and % White at each band",
        "Ethnic groups of staff of known ethnicity in each group of bands",
    ]
    assert len(indicator_charts(frame, 2, "2021-22", ["2020-21", "2021-22"], BAND)) == 2
    assert len(indicator_charts(frame, 9, "2021-22", None, BAND)) == 1
    assert indicator_charts(frame, 7, "2021-22", None, BAND) == []


def test_a_chart_with_nothing_to_show_is_not_drawn():
    """Indicator 3's ratio hidden in every year: its trend chart is empty and left out, while
    the group chart (percentages still shown) stays; unhide the ratios and it is back."""
    frame = metrics()
    frame["indicator"] = frame["indicator"].replace({2: 3})
    ratios = frame["statistic"] == "relative_likelihood"
    frame.loc[ratios, "group"] = "BME/White"
    frame["hidden"] = ratios
    trend = trend_chart(frame, 3, parity_band=BAND)
    assert trend.empty and "no values to show" in trend.alt_text
    charts = indicator_charts(frame, 3, "2021-22", None, BAND)
    assert [c.title.split(",")[0] for c in charts] == [
        "% of staff entering a formal disciplinary investigation"
    ]
    frame["hidden"] = False
    assert len(indicator_charts(frame, 3, "2021-22", None, BAND)) == 2
    # Every group hidden: the group chart goes too, and so does the band chart.
    frame["hidden"] = True
    assert indicator_charts(frame, 3, "2021-22", None, BAND) == []
    assert indicator_charts(frame, 1, "2021-22", None, BAND) == []
    assert board_chart(frame).empty


def test_long_withheld_lists_are_counted_not_listed():
    from wres_lib.present.chart_findings import ALT_LIMIT, band_runs, withheld_note

    many = [f"Band {n}" for n in range(2, 40)]
    note = withheld_note("A finding.", many)
    assert note == "A finding. 38 values not shown, to protect small numbers."
    assert len(withheld_note("x" * 240, many)) <= ALT_LIMIT
    flags = [("Band 5", False), ("Band 6", True), ("Band 7", True), ("Band 8a", True)]
    assert band_runs([*flags, ("Band 8b", False), ("VSM", True)]) == "Bands 6 to 8a and VSM"


def test_band_group_profile_draws_every_row_with_a_bme_share():
    """One hidden finer group in one row does not drop that row: the chart falls back to BME
    and White for every row, so its highest and lowest are over all rows the table shows."""
    frame = metrics()
    frame["hidden"] = False
    grouped = frame["measure"].str.startswith("grouped|")
    rows = list(dict.fromkeys(frame.loc[grouped & (frame["year"] == "2021-22"), "measure"]))
    first = (frame["measure"] == rows[0]) & (frame["group"] == "Mixed")
    frame.loc[first, "hidden"] = True
    chart = band_group_profile_chart(frame, "2021-22")
    assert chart.alt_text == (
        "In 2021/22 BME staff are 25.6% of staff of known ethnicity. The BME share is highest in "
        "Non-clinical Bands 2 to 8a (32.4%) and lowest in Clinical Bands 6 to VSM (17.4%)."
    )


def test_extremes_name_every_tie_as_printed():
    high, low = findings.extremes({"Band 2": 39.81, "Band 3": 39.79, "Band 4": 12.0})
    assert (high, low) == ("Band 2 and Band 3 (39.8%)", "Band 4 (12.0%)")
    comparison = findings.group_comparison(
        "% appointed", "2022-23", {"BME": 6.2, "White": 10.5, "Asian": 6.1, "Black": 6.1}, True
    )
    assert comparison.endswith(
        "Among the BME groups shown it is the same for Asian and Black (6.1%)."
    )


def test_trend_title_names_the_years_it_draws():
    """A ratio shown for one year only is titled with that year, not the whole span."""
    frame = metrics()
    frame["hidden"] = (frame["indicator"] == 2) & (frame["year"] != "2021-22")
    chart = trend_chart(frame, 2, parity_band=BAND)
    assert chart.title.endswith(", 2021/22") and " to " not in chart.title.split(",")[-1]
    assert "2019/20 to 2021/22" in trend_chart(metrics(), 2, parity_band=BAND).title
