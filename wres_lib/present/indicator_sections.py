"""One section per indicator: what it measures, where the data come from, words, tables, charts."""

from __future__ import annotations

from wres_lib.present import render
from wres_lib.present.context import ReportContext
from wres_lib.present.indicator_charts import indicator_charts
from wres_lib.present.narrative import indicator_narrative
from wres_lib.present.sections import board_counts


def indicator_section(report: ReportContext, number: int) -> render.Block:
    """One indicator: what it measures, where the data come from, words, tables, charts."""
    title, what, source = (
        report.wording.say("catalogue.j2", part, number) for part in ("title", "measures", "source")
    )
    block = report.section(f"Indicator {number}. {title}", f"indicator-{number}")
    block.add(render.paragraph(what))
    survey = report.params.survey
    if survey is not None and number in survey.questions:
        source = f"{source} {survey_question(report, number)}"
    block.add(render.paragraph(report.wording.say("notes.j2", "data_source", source), "note"))
    block.add(render.heading(report.wording.say("notes.j2", "heading", "findings"), 3))
    block.add(render.bullets(_narrative(report, number)))
    for table in report.staff_tables_of(f"indicator_{number}_" if number != 9 else "indicator_9"):
        block.add(report.staff_table(table))
    for chart in indicator_charts(
        report.metrics, number, report.year, report.years, report.params.method.parity_band
    ):
        block.add(chart)
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


def survey_question(report: ReportContext, number: int) -> str:
    """This year's survey and question numbers for an indicator, with the question quoted."""
    asked = report.params.survey.questions[number]
    parts = [asked[m] for m in ("managers", "colleagues") if m in asked] or [asked["all"]]
    numbers = [part.removeprefix("q").removeprefix("Q") for part in parts]
    return report.wording.say(
        "catalogue.j2", "survey_question", number, report.params.survey.survey_year, numbers
    )
