"""One section per indicator: what it measures, where the data come from, words, tables, charts."""

from __future__ import annotations

import pandas as pd

from wres_lib.inputs.bands import band_row_labels
from wres_lib.present import render
from wres_lib.present.catalogue import FINER, GROUPS, RATIO_NAMES
from wres_lib.present.context import ReportContext
from wres_lib.present.indicator_charts import indicator_charts
from wres_lib.present.narrative import indicator_narrative
from wres_lib.present.sections import board_counts
from wres_lib.present.style import short_year
from wres_lib.present.tables import (
    difference_text,
    drop_empty_rows,
    rates_table,
    year_columns,
)

CAPTIONS = "captions.j2"


def indicator_section(report: ReportContext, number: int) -> render.Block:
    """One indicator: what it measures, where the data come from, words, tables, charts."""
    title, what, source = (
        report.wording.say("catalogue.j2", part, number) for part in ("title", "measures", "source")
    )
    block = report.section(f"Indicator {number}. {title}", f"indicator-{number}")
    block.add(render.paragraph(what))
    block.add(render.paragraph(report.wording.say("notes.j2", "data_source", source), "note"))
    block.add(render.heading(report.wording.say("notes.j2", "heading", "findings"), 3))
    block.add(render.bullets(_narrative(report, number)))
    builder = _BUILDERS.get(number, _survey_indicator)
    builder(report, block, number)
    return block


def _narrative(report: ReportContext, number: int) -> list[str]:
    return indicator_narrative(
        report.metrics,
        number,
        report.year,
        report.params.method.parity_band,
        wording=report.wording,
        board_counts=board_counts(report),
        senior_from_band=report.params.model_employer.senior_from_band,
        level=report.params.method.confidence_level,
    )


def _indicator_1(report: ReportContext, block: render.Block, number: int) -> None:
    fig, years = report.figures, report.years
    labels = band_row_labels()
    present = {m for (y, i, m, g) in fig.counts if i == 1}
    for kind in ("band", "grouped"):
        caption = report.wording.say(CAPTIONS, "indicator_1", kind)
        rows = ["overall"] + [
            m for m in labels if m in present and (m.startswith("grouped|") == (kind == "grouped"))
        ]
        frame = pd.DataFrame(
            {
                **{
                    f"% BME {short_year(y)}": [fig.percent(y, 1, m, "BME") for m in rows]
                    for y in years
                },
                f"BME {short_year(report.year)}": [
                    fig.n_of_n(report.year, 1, m, "BME") for m in rows
                ],
            },
            index=pd.Index([labels.get(m, "All substantive staff") for m in rows], name="Pay band"),
        )
        block.add(report.table(f"indicator_1_{kind}", caption, drop_empty_rows(frame)))
    # The public report breaks the bands down by ethnic group only in groups of bands, where
    # cells are large enough to show (see protect.public_report.published).
    grouped = report.mode == "public"
    rows = ["overall"] + [m for m in labels if m in present and m.startswith("grouped|") == grouped]
    mix = pd.DataFrame(
        {
            group: [fig.n_of_n(report.year, 1, m, group) for m in rows]
            for group in ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
        },
        index=pd.Index([labels.get(m, "All substantive staff") for m in rows], name="Pay band"),
    )
    block.add(
        report.table(
            "indicator_1_ethnic_groups",
            report.wording.say(CAPTIONS, "indicator_1_ethnic_groups", grouped, report.year),
            drop_empty_rows(mix),
        )
    )
    if any(k[:3] == (report.year, 1, "bank") for k in fig.counts):
        bank = pd.DataFrame(
            {
                "Bank staff": [fig.n_of_n(report.year, 1, "bank", g) for g in GROUPS],
                "% of known": [fig.percent(report.year, 1, "bank", g) for g in GROUPS],
            },
            index=pd.Index(GROUPS, name="Ethnic group"),
        )
        block.add(
            report.table(
                "indicator_1_bank",
                report.wording.say(CAPTIONS, "indicator_1_bank", report.year),
                bank,
            )
        )
    _charts(report, block, number)


def _ratio_indicator(report: ReportContext, block: render.Block, number: int) -> None:
    fig, years = report.figures, report.years
    measures = ["all"] + (["two-year"] if number == 3 else [])
    for measure in measures:
        caption = report.wording.say(CAPTIONS, "likelihood", number, RATIO_NAMES[number], measure)
        frame = rates_table(
            fig, years, number, measure, GROUPS, RATIO_NAMES[number], public=report.mode == "public"
        )
        block.add(report.table(f"indicator_{number}_{measure}", caption, frame))
    finer = [
        f"{RATIO_NAMES[number].split('/')[0]}/{g}" if number != 3 else f"{g}/White" for g in FINER
    ]
    rows = {name: [fig.ratio(y, number, "all", name) for y in years] for name in finer}
    frame = drop_empty_rows(
        pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
    )
    if not frame.empty:
        frame.index.name = "Relative likelihood"
        block.add(
            report.table(
                f"indicator_{number}_ethnic_groups",
                report.wording.say(CAPTIONS, "likelihood_groups", number),
                frame,
            )
        )
    if any(k[:3] == (report.year, number, "bank") for k in fig.counts):
        frame = rates_table(
            fig,
            years,
            number,
            "bank",
            ("White", "BME"),
            RATIO_NAMES[number],
            public=report.mode == "public",
        )
        block.add(
            report.table(
                f"indicator_{number}_bank",
                report.wording.say(CAPTIONS, "likelihood_bank", number),
                frame,
            )
        )
    _charts(report, block, number)


def _survey_indicator(report: ReportContext, block: render.Block, number: int) -> None:
    fig, years = report.figures, report.years
    measures = ["all"] + (["managers", "colleagues"] if number == 6 else [])
    for measure in measures:
        frame = rates_table(fig, years, number, measure, GROUPS)
        block.add(
            report.table(
                f"indicator_{number}_{measure}",
                report.wording.say(
                    CAPTIONS, "survey", report.wording.say("catalogue.j2", "title", number), measure
                ),
                frame,
            )
        )
    bank_measures = [
        m
        for m in ("bank", "bank|managers", "bank|colleagues")
        if any(k[:3] == (report.year, number, m) for k in fig.counts)
    ]
    for measure in bank_measures:
        frame = rates_table(
            fig,
            [y for y in years if fig.count(y, number, measure, "White")],
            number,
            measure,
            GROUPS,
        )
        block.add(
            report.table(
                f"indicator_{number}_{measure.replace('|', '_')}",
                report.wording.say(CAPTIONS, "survey_bank", measure),
                frame,
            )
        )
    _charts(report, block, number)


def _indicator_9(report: ReportContext, block: render.Block, number: int) -> None:
    fig, years = report.figures, report.years
    rows = {
        "% BME in the substantive workforce": [
            fig.percent(y, 9, "workforce", "BME") for y in years
        ],
    }
    for measure, label in (
        ("all", "all Board members"),
        ("voting", "voting members"),
        ("executive", "executive members"),
    ):
        rows[f"% BME, {label}"] = [fig.percent(y, 9, measure, "BME") for y in years]
        rows[f"BME, {label}"] = [fig.n_of_n(y, 9, measure, "BME") for y in years]
        rows[f"Difference, {label} (percentage points)"] = [
            difference_text(
                fig.value(y, 9, measure, "BME", "difference_pp"),
                fig.count(y, 9, measure, "BME") is not None,
            )
            for y in years
        ]
    frame = drop_empty_rows(
        pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
    )
    frame.index.name = ""
    block.add(report.table("indicator_9", report.wording.say(CAPTIONS, "board"), frame))
    _charts(report, block, number)


def _charts(report: ReportContext, block: render.Block, number: int) -> None:
    for chart in indicator_charts(
        report.metrics, number, report.year, report.years, report.params.method.parity_band
    ):
        block.add(chart)


_BUILDERS = {
    1: _indicator_1,
    2: _ratio_indicator,
    3: _ratio_indicator,
    4: _ratio_indicator,
    9: _indicator_9,
}
