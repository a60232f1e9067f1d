"""The Model Employer section: BME representation at senior bands against the trajectory."""

from __future__ import annotations

import pandas as pd

from wres_lib.present import render
from wres_lib.present.context import ReportContext
from wres_lib.present.progress_charts import model_employer_chart
from wres_lib.present.staff_tables import trajectory_frame
from wres_lib.protect.table_cells import SENIOR


def model_employer_section(report: ReportContext) -> render.Block:
    me = report.params.model_employer
    words = report.wording
    block = report.section(words.say("notes.j2", "heading", "model_employer"), "model-employer")
    block.add(render.paragraph(words.say("notes.j2", "model_employer", me.senior_from_band)))
    tables = report.staff_tables_of("model_employer_")
    if not tables:
        return block
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
