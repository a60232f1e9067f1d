"""The Model Employer section: BME representation at senior bands against the trajectory."""

from __future__ import annotations

import pandas as pd

from wres_lib.measure import model_employer
from wres_lib.present import render
from wres_lib.present.context import ReportContext
from wres_lib.present.progress_charts import model_employer_chart
from wres_lib.present.style import format_percent, format_whole, short_year
from wres_lib.protect.public_report import SENIOR


def model_employer_section(report: ReportContext) -> render.Block:
    me = report.params.model_employer
    words = report.wording
    block = report.section(words.say("notes.j2", "heading", "model_employer"), "model-employer")
    block.add(render.paragraph(words.say("notes.j2", "model_employer", me.senior_from_band)))
    trajectory = model_employer.trajectory(
        report.counts,
        baseline_year=me.baseline_year or report.years[0],
        target_year=me.target_year,
        target_percent=me.target_percent,
        senior_from_band=me.senior_from_band,
    )
    hidden_years: set[str] = set()
    if report.mode == "public":
        trajectory, hidden_years = _withhold_senior_totals(report, trajectory)
    shown = trajectory_table(trajectory)
    for year in hidden_years:
        shown.loc[
            short_year(year),
            [
                "BME staff",
                "Actual % BME",
                "Gap (percentage points)",
                "BME staff short of trajectory",
            ],
        ] = render.HIDDEN
    block.add(
        report.table(
            "model_employer_trajectory",
            report.wording.say("captions.j2", "model_employer_trajectory"),
            shown,
        )
    )
    if report.mode == "internal":
        gap = model_employer.staff_gap_by_band(
            report.counts, report.year, trajectory.attrs.get("target_percent")
        )
        block.add(
            report.table(
                "model_employer_gap",
                report.wording.say("captions.j2", "model_employer_gap", report.year),
                gap,
            )
        )
    chart = model_employer_chart(trajectory)
    if not chart.empty:  # no actual figures yet (public, all hidden): no empty chart
        block.add(chart)
    return block


def _withhold_senior_totals(
    report: ReportContext, trajectory: pd.DataFrame
) -> tuple[pd.DataFrame, set[str]]:
    """Public mode: blank a year's senior-band figures unless the audit let them show."""
    out = trajectory.copy()
    hidden_years = {
        str(year)
        for year, bme in zip(out["year"], out["bme"], strict=True)
        if pd.notna(bme) and report.figures.is_hidden(str(year), *SENIOR, "BME", "numerator")
    }
    rows = out["year"].astype(str).isin(hidden_years)
    for column in ("bme", "known", "actual_percent", "gap_pp", "staff_gap"):
        out.loc[rows, column] = float("nan")
    return out, hidden_years


def trajectory_table(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`~wres_lib.measure.model_employer.trajectory`'s frame as the report shows it: one
    row per year, formatted text."""

    def number(value: object) -> str:
        return "" if pd.isna(value) else format_whole(int(value))

    def points(value: float) -> str:
        return "" if pd.isna(value) else f"{value:+.1f}"

    return pd.DataFrame(
        {
            "Year": [short_year(str(year)) for year in frame["year"]],
            "BME staff": [number(v) for v in frame["bme"]],
            "Staff of known ethnicity": [number(v) for v in frame["known"]],
            "Actual % BME": [format_percent(v) for v in frame["actual_percent"]],
            "Trajectory % BME": [format_percent(v) for v in frame["trajectory_percent"]],
            "Gap (percentage points)": [points(v) for v in frame["gap_pp"]],
            "BME staff short of trajectory": [number(v) for v in frame["staff_gap"]],
        }
    ).set_index("Year")
