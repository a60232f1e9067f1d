"""The report's action plan section: the plan as data, shown with its own RAG key.

Kept apart from the other sections because it joins two sources: the plan files named in the
params, and the metrics (which indicators are adverse, and how those an action aims at
have moved since the plan began).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wres_lib.plan.changes import changes_table, track_changes
from wres_lib.plan.model import ActionPlan, load_plan
from wres_lib.plan.movement import indicator_movement
from wres_lib.plan.progress import (
    NOT_RATED,
    overdue_actions,
    plan_table,
    rag_labels,
    rag_summary,
    rag_summary_table,
    uncovered_adverse_indicators,
)
from wres_lib.present import render
from wres_lib.present.context import ReportContext
from wres_lib.present.progress_charts import rag_summary_chart
from wres_lib.present.style import RAG_COLOURS
from wres_lib.present.trends import indicator_trend, representation_by_band

RATIO_GROUP = {2: "White/BME", 3: "BME/White", 4: "White/BME"}


def load_plans(report: ReportContext) -> tuple[ActionPlan | None, ActionPlan | None]:
    """The current and previous plan versions named in the params (either may be absent)."""
    plans = report.params.action_plans
    loaded = []
    for key, relative in (("current", plans.current), ("previous", plans.previous)):
        if relative is None:
            loaded.append(None)
            continue
        path = report.params.resolve_in_project(relative, f"action_plans.{key}")
        loaded.append(load_plan(path))
    return loaded[0], loaded[1]


def adverse_indicators(report: ReportContext) -> set[int]:
    """Indicators whose latest figure is adverse: outside the parity band, worse than last
    year, or (survey and Board) clearly worse for BME staff than for White staff."""
    metrics, year, fig = report.metrics, report.year, report.figures
    adverse: set[int] = set()
    for indicator in range(1, 10):
        try:
            trend = indicator_trend(metrics, indicator, year)
        except (KeyError, ValueError):
            continue
        if trend.judgement == "worse":
            adverse.add(indicator)
    for indicator, name in RATIO_GROUP.items():
        if fig.value(year, indicator, "all", name, "outside_parity_band") == 1:
            adverse.add(indicator)
    for indicator in (5, 6, 7, 8):
        bme = fig.metric(year, indicator, "all", "BME", "percent")
        white = fig.metric(year, indicator, "all", "White", "percent")
        if bme is None or white is None or bme.value != bme.value or white.value != white.value:
            continue
        if indicator == 7 and bme.ci_high < white.ci_low:
            adverse.add(indicator)
        if indicator != 7 and bme.ci_low > white.ci_high:
            adverse.add(indicator)
    board = fig.value(year, 9, "all", "BME", "difference_pp")
    if board is not None and board < 0:
        adverse.add(9)
    representation = representation_by_band(metrics, year)
    if "flag" in representation and (representation["flag"] == "under").any():
        adverse.add(1)
    return adverse


def rag_key_table(plan: ActionPlan) -> pd.DataFrame:
    """The plan's own key, with the house colours, so no status is shown by colour alone."""
    return pd.DataFrame(
        {
            "status": [k.status for k in plan.rag_key],
            "word": [k.word for k in plan.rag_key],
            "meaning": [k.meaning for k in plan.rag_key],
            "complete": [k.complete for k in plan.rag_key],
            "fill": [RAG_COLOURS[k.status].fill for k in plan.rag_key],
            "text_colour": [RAG_COLOURS[k.status].text for k in plan.rag_key],
        },
        columns=["status", "word", "meaning", "complete", "fill", "text_colour"],
    )


def _rag_cells(rows: pd.DataFrame) -> list[Markup]:
    """Each row's status as its word on its colour (word alone where unrated)."""
    return [
        render.rag_badge(letter, word) if letter else Markup.escape(word)
        for letter, word in zip(rows["rag"], rows["rag_word"], strict=True)
    ]


def action_plan_section(report: ReportContext) -> render.Block:
    """The plan by objective, its key, what changed, what is overdue and what is not covered."""
    block = render.Block().add(render.heading("Action plan", 2, "action-plan"))
    current, previous = load_plans(report)
    if current is None:
        block.add(render.paragraph("No action plan is named in this year's parameters."))
        return block
    as_at = report.params.report_date or report.params.snapshot_date
    block.add(
        render.paragraph(
            f"{current.title} ({current.organisation}), {current.period.label}"
            + (f"; approved {current.approval.date:%-d %B %Y}" if current.approval else "")
            + f". Statuses as at {as_at:%-d %B %Y}."
        )
    )
    key = rag_key_table(current)
    key_frame = pd.DataFrame(
        {
            "Status": [
                render.rag_badge(s, w) for s, w in zip(key["status"], key["word"], strict=True)
            ],
            "Meaning": key["meaning"],
        }
    )
    block.add(
        report.table(
            "action_plan_key",
            "the RAG key used in this plan",
            key_frame,
            index=False,
            raw_html_columns=("Status",),
            numeric=(),
        )
    )
    table = plan_table(current, as_at=as_at)
    for number, rows in table.groupby("objective", sort=False, dropna=False):
        objective_text = rows["objective_text"].iloc[0]
        target = rows["target"].iloc[0]
        label = f"Objective {number}" if pd.notna(number) else "Objective"
        block.add(render.heading(f"{label}. {objective_text}", 3))
        if target:
            block.add(render.paragraph(f"Target: {target}", "note"))
        shown = pd.DataFrame(
            {
                "No.": rows["number"].astype("string").fillna(""),
                "Action": rows["action"],
                "Lead": rows["lead"],
                "By when": rows["by_when"],
                "Milestones": rows["milestones"],
                "Latest progress": rows["progress"],
                "Indicators": rows["indicators"],
                "RAG": _rag_cells(rows),
            }
        )
        block.add(
            report.table(
                f"action_plan_objective_{number}",
                f"{label} actions",
                shown,
                index=False,
                raw_html_columns=("RAG",),
                numeric=(),
            )
        )
    summary = rag_summary_table(current, as_at=as_at).drop(columns="objective_text")
    if not summary[NOT_RATED].any():
        summary = summary.drop(columns=NOT_RATED)
    summary = summary.set_index("objective").rename_axis("Objective")
    block.add(render.heading("Progress by objective", 3))
    block.add(
        report.table("action_plan_rag_summary", "actions by RAG status and objective", summary)
    )
    block.add(rag_summary_chart(rag_summary(current, as_at=as_at), labels=rag_labels(current)))
    block.add(render.heading("Changes since the previous plan", 3))
    if previous is None:
        block.add(render.paragraph("No previous plan is named in the parameters."))
    else:
        changes = changes_table(track_changes(previous, current))
        if changes.empty:
            block.add(render.paragraph("No changes."))
        else:
            shown = pd.DataFrame(
                {
                    "Where": changes["where"],
                    "Change": changes["kind"],
                    "Field": changes["field"],
                    "Text (insertions underlined, deletions struck through)": [
                        Markup(html) for html in changes["diff_html"]
                    ],
                }
            )
            block.add(
                report.table(
                    "action_plan_changes",
                    f"changes from {previous.title} ({previous.period.label})",
                    shown,
                    index=False,
                    numeric=(),
                    raw_html_columns=("Text (insertions underlined, deletions struck through)",),
                )
            )
    block.add(render.heading("Overdue actions", 3))
    overdue = overdue_actions(current, as_at)
    if overdue.empty:
        block.add(render.paragraph(f"No action was overdue at {as_at:%-d %B %Y}."))
    else:
        shown = pd.DataFrame(
            {
                "Action": overdue["where"],
                "Lead": overdue["lead"],
                "By when": overdue["by_when"],
                "Days overdue": overdue["days_overdue"],
                "RAG": _rag_cells(overdue),
            }
        )
        block.add(
            report.table(
                "action_plan_overdue",
                f"actions overdue at {as_at:%-d %B %Y}",
                shown,
                index=False,
                raw_html_columns=("RAG",),
                numeric=("Days overdue",),
            )
        )
    adverse = adverse_indicators(report)
    uncovered = uncovered_adverse_indicators(current, adverse)
    block.add(render.heading("Adverse results without an action", 3))
    block.add(
        render.paragraph(
            "Indicators whose latest figure is adverse (outside the parity band, worse than last "
            "year, or clearly worse for BME staff than for White staff): "
            + (", ".join(str(i) for i in sorted(adverse)) or "none")
            + ". "
            + (
                "Of these, no action in the plan aims at indicator(s) "
                + ", ".join(str(i) for i in uncovered)
                + "."
                if uncovered
                else "Every one of them has at least one action aimed at it."
            )
        )
    )
    start_year = _plan_start_year(current, report.years)
    movement = indicator_movement(current, report.metrics, start_year, report.year)
    if not movement.empty:
        shown = pd.DataFrame(
            {
                "Action": movement["where"],
                "Indicator": movement["indicator"],
                "Figure": movement["figure"],
                start_year.replace("-", "/"): movement["start_value"].map(_figure_text),
                report.year.replace("-", "/"): movement["latest_value"].map(_figure_text),
                "Direction": movement["direction"],
            }
        )
        block.add(
            report.table(
                "action_plan_indicator_movement",
                "how the indicators each action aims at have moved since the plan began",
                shown,
                index=False,
                numeric=(),
            )
        )
    return block


def _plan_start_year(plan: ActionPlan, years: list[str]) -> str:
    """The reporting year the plan started in, within the years the report covers."""
    start = plan.period.start
    label = f"{start.year - (start.month < 4)}-{(start.year - (start.month < 4) + 1) % 100:02d}"
    return label if label in years else years[0]


def _figure_text(value: float) -> str:
    return "" if value != value else f"{value:.2f}"
