"""The Model Employer section: BME representation at senior bands against the trajectory."""

from __future__ import annotations

import pandas as pd

from wres_lib.present import render
from wres_lib.present.context import ReportContext
from wres_lib.present.progress_charts import model_employer_chart
from wres_lib.present.staff_tables import trajectory_frame
from wres_lib.present.style import short_year
from wres_lib.protect.table_cells import SENIOR


def model_employer_headline(report: ReportContext, brief: bool = False) -> str | None:
    """Where the year stands against the trajectory, read from the trajectory table as this
    report prints it (the public one redacted), so the sentence says nothing the table hides;
    ``brief`` for the summary's one line."""
    tables = report.staff_tables_of("model_employer_trajectory")
    if not tables:
        return None
    printed, _ = report.printed(tables[0].name, tables[0].frame)
    year = short_year(report.year)
    if year not in printed.index:
        return None
    cells = {str(column): str(value) for column, value in printed.loc[year].items()}

    def cell(starts: str) -> str:  # the trajectory's header names its baseline when fixed
        return next(value for column, value in cells.items() if column.startswith(starts))

    actual, path = cell("Actual % BME"), cell("Trajectory % BME")
    gap, short = cell("Gap (percentage points)"), cell("BME staff short of trajectory")
    shown = actual not in ("R", "R%", "–") and path not in ("R", "R%", "–")
    behind = shown and gap.startswith("-")
    return report.wording.say(
        "notes.j2",
        "model_employer_headline",
        report.year,
        report.params.model_employer.senior_from_band,
        actual if shown else None,
        path if shown else None,
        gap.lstrip("+-") if shown else None,
        short if behind and short not in ("R", "–", "0") else None,
        "behind" if behind else "on" if shown else None,
        brief,
    )


def model_employer_section(report: ReportContext) -> render.Block:
    me = report.params.model_employer
    words = report.wording
    block = report.section(words.say("notes.j2", "heading", "model_employer"), "model-employer")
    block.add(render.paragraph(words.say("notes.j2", "model_employer", me.senior_from_band)))
    tables = report.staff_tables_of("model_employer_")
    if not tables:  # no one of known ethnicity at the senior bands in the baseline year
        baseline_year = report.data.model_employer_baseline[0]
        if baseline_year:
            why = words.say("notes.j2", "model_employer_none", baseline_year, me.senior_from_band)
            block.add(render.paragraph(why))
        return block
    headline = model_employer_headline(report)
    if headline:
        block.add(render.paragraph(headline))
    for table in tables:
        block.add(report.staff_table(table))
    trajectory = trajectory_frame(report)
    if report.mode == "public":
        trajectory = _withhold_senior_totals(report, trajectory)
        printed = report.protection.redact(tables[0].name, tables[0].frame)
        path = next(c for c in printed.columns if str(c).startswith("Trajectory"))
        if printed[path].isin(("R", "R%")).any():  # hidden with the share it starts from
            trajectory["trajectory_percent"] = float("nan")
    chart = model_employer_chart(trajectory)
    if not chart.empty:  # no actual figures yet (public, all hidden): no empty chart
        block.add(chart)
    return block


def _withhold_senior_totals(report: ReportContext, trajectory: pd.DataFrame) -> pd.DataFrame:
    """Public mode: blank a year's senior-band figures unless the audit let them show."""
    out = trajectory.copy()
    measure = f"{SENIOR}{report.params.model_employer.senior_from_band}"
    hidden = [
        pd.notna(bme) and report.figures.is_hidden(str(year), 1, measure, "BME", "numerator")
        for year, bme in zip(out["year"], out["bme"], strict=True)
    ]
    for column in ("bme", "known", "actual_percent", "gap_pp", "staff_gap"):
        out.loc[hidden, column] = float("nan")
    return out
