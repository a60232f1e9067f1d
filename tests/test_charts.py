"""Charts: every chart has a title and data-generated alt text, renders the same bytes twice,
escapes its HTML, and leaves out hidden values."""

from __future__ import annotations

import base64
import math

import pandas as pd
import pytest
from reference_stats import BAND, katz, wilson

from wres_lib.measure.model_employer import trajectory
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


def test_group_comparison_alt_text_has_the_numbers():
    chart = group_comparison_chart(metrics(), 2, "2021-22")
    check(chart)
    assert chart.title == "% of shortlisted applicants appointed, by ethnic group, 2021-22"
    assert chart.alt_text.startswith(
        "Bar chart: % of shortlisted applicants appointed in 2021-22, with 95% intervals: "
        "White 15.5% ("
    )
    for text in ("BME 8.7%", "Asian 10.0%", "Black 6.7%", "Mixed 6.0%", "Other 5.8%"):
        assert text in chart.alt_text


def test_hidden_values_are_omitted_and_said():
    chart = group_comparison_chart(
        metrics(), 2, "2021-22", hidden={("all", "Other"), ("all", "Mixed")}
    )
    check(chart)
    assert "Other 5.8%" not in chart.alt_text and "Mixed 6.0%" not in chart.alt_text
    assert chart.alt_text.endswith("Not shown, to protect small numbers: Mixed, Other.")
    frame = metrics()
    frame["hidden"] = frame["measure"] == "non-clinical|Band 8b"
    frame.loc[frame["group"] == "Other", "value"] = frame.loc[frame["group"] == "Other", "value"]
    band = band_representation_chart(frame, "2021-22", "non-clinical")
    check(band)
    assert "8b" not in band.alt_text.split("Not shown")[0]
    assert band.alt_text.endswith("Not shown, to protect small numbers: Band 8b.")


def test_band_representation_chart():
    chart = band_representation_chart(metrics(), "2021-22", "non-clinical")
    check(chart)
    assert "against the overall BME share of 25.6%" in chart.alt_text
    assert "Band 2 BME 39.2%, White 60.8%" in chart.alt_text  # 104/265
    assert "Band 8b BME 9.1%, White 90.9%" in chart.alt_text  # 3/33


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
    assert "Band 2 BME 39.2%, White 60.8%" in chart.alt_text
    frame.loc[
        band2.reindex(frame.index, fill_value=False) & (frame["group"] == "BME"), "hidden"
    ] = True
    chart = band_representation_chart(frame, "2021-22", "non-clinical")
    assert "Band 2 BME" not in chart.alt_text
    assert "Not shown, to protect small numbers: Band 2." in chart.alt_text


def test_band_group_profile_chart():
    chart = band_group_profile_chart(metrics(), "2021-22")
    check(chart)
    assert "Overall: Asian 12.7%, Black 8.2%, Mixed 2.7%, Other 2.0%, White 74.4%" in (
        chart.alt_text
    )
    assert "Clinical Bands 6 to VSM:" in chart.alt_text


def test_trend_charts_ratio_and_percent():
    ratio = trend_chart(metrics(), 2, parity_band=BAND)
    check(ratio)
    assert "2019-20 to 2021-22" in ratio.title
    assert "with the 0.80–1.25 range shaded" in ratio.alt_text
    assert "White/BME: 2019-20 1.14, 2020-21 1.46, 2021-22 1.79" in ratio.alt_text
    percent = trend_chart(metrics(), 5)
    check(percent)
    assert "White: 2020-21 22.3%, 2021-22 21.8%" in percent.alt_text
    assert "BME: 2020-21 24.4%, 2021-22 24.3%" in percent.alt_text


def test_board_chart():
    chart = board_chart(metrics())
    check(chart)
    assert "All Board members: 2020-21 -12.6, 2021-22 -8.9" in chart.alt_text
    assert "Voting members: 2020-21 -6.2, 2021-22 +1.7" in chart.alt_text


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
    assert "trajectory to 23.0% by March 2022" in chart.alt_text
    assert "2020-21 actual 22.0%, trajectory 21.5%" in chart.alt_text
    assert "2021-22 no data yet, trajectory 23.0%" in chart.alt_text


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
    assert chart.alt_text.endswith(
        "1. Recruitment: 3 On track, 1 Complete; 2. Progression: 2 Not on track."
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
