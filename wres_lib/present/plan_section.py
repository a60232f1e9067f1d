"""The report's action plan section: the plan as a Board reads it.

Seed 003 is the model: the plan's objectives with their actions, milestones as lists, the
status key, the basis the plan is built on, and the plan reprinted with its changes since the
previous version (in the internal report here, in the public report as an appendix). It joins
two sources, the plan files named in the params and the metrics: which indicators are adverse,
and how those the actions aim at have moved, in the same judgement the report's statements
use (:func:`wres_lib.present.trends.indicator_trend`). Every sentence is in
``present/wording/plan.j2``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from markupsafe import Markup

from wres_lib.plan.model import ActionPlan, load_plan
from wres_lib.plan.movement import HEADLINES, indicator_movement
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
from wres_lib.present.plan_cells import (
    html_table,
    item_list,
    note_line,
    rag_cell,
    text_then_list,
)
from wres_lib.present.plan_tracked import tracked_plan_block
from wres_lib.present.progress_charts import rag_summary_chart
from wres_lib.present.style import RAG_COLOURS, format_points
from wres_lib.present.trends import indicator_trend, previous_year, representation_by_band

RATIO_GROUP = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
WORDING = "plan.j2"


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
    adverse = {i for i, word in indicator_judgements(report).items() if word == "worse"}
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


def indicator_judgements(report: ReportContext) -> dict[int, str]:
    """Each indicator's judgement against last year, exactly as its statement words it."""
    judgements = {}
    for indicator in range(1, 10):
        try:
            judgements[indicator] = indicator_trend(
                report.metrics, indicator, report.year, level=report.params.method.confidence_level
            ).judgement
        except (KeyError, ValueError):
            judgements[indicator] = "not comparable"
    return judgements


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


def _date(when: dt.date) -> str:
    return f"{when:%-d %B %Y}"


def _as_at(report: ReportContext) -> dt.date:
    return report.params.report_date or report.params.snapshot_date


def action_plan_section(report: ReportContext) -> render.Block:
    """The plan by objective with its key and basis, progress, what is overdue or uncovered,
    how the indicators moved, and (internal report) the plan with its changes."""
    say = _sayer(report)
    block = render.Block().add(render.heading(say("heading", "section"), 2, "action-plan"))
    current, previous = load_plans(report)
    if current is None:
        return block.add(render.paragraph(say("no_plan")))
    as_at = _as_at(report)
    facts = _plan_facts(current, as_at)
    if current.approval and current.approval.date <= report.params.snapshot_date:
        # Approved before this year's figures existed: say so, and which meeting sees its progress.
        gov = report.params.governance
        facts["carried"] = {
            "body": gov.meeting,
            "meeting": _date(gov.meeting_date) if gov.meeting_date else "",
        }
    block.add(render.paragraph(say("intro", facts)))
    block.add(render.heading(say("heading", "key"), 3))
    block.add(render.paragraph(say("key_intro")))
    block.add(_key_table(report, current))
    _add_objectives(report, block, current, as_at)
    _add_basis(report, block, current)
    _add_progress(report, block, current, as_at)
    _add_movement(report, block, current)
    block.add(render.heading(say("heading", "changes"), 3))
    if previous is None:
        block.add(render.paragraph(say("no_previous")))
    elif report.mode == "public":
        block.add(render.paragraph(say("changes_in_appendix", {"previous": previous.title})))
    else:
        block.add(tracked_plan_block(report, previous, current, as_at, level=4))
    return block


def action_plan_changes_section(report: ReportContext) -> render.Block:
    """The public report's appendix: the plan reprinted with its changes (internal: empty,
    because the internal report shows them in the action plan section)."""
    block = render.Block()
    if report.mode != "public":
        return block
    current, previous = load_plans(report)
    if current is None or previous is None:
        return block
    say = _sayer(report)
    block.add(render.heading(say("heading", "appendix"), 2, "action-plan-changes"))
    return block.add(tracked_plan_block(report, previous, current, _as_at(report), level=3))


def _sayer(report: ReportContext):
    def say(macro: str, *args: Any) -> str:
        return report.wording.say(WORDING, macro, *args)

    return say


def _plan_facts(plan: ActionPlan, as_at: dt.date) -> dict[str, Any]:
    return {
        "title": plan.title,
        "organisation": plan.organisation,
        "period": plan.period.label,
        "period_in_title": plan.period.label in plan.title,
        "approved": _date(plan.approval.date) if plan.approval else "",
        "approved_by": plan.approval.by if plan.approval else "",
        "as_at": _date(as_at),
        "carried": None,  # set when the plan was approved before this report's meeting
    }


def _key_table(report: ReportContext, plan: ActionPlan):
    key = rag_key_table(plan)
    names = report.wording.lines(WORDING, "key_columns")
    shown = pd.DataFrame(
        {
            names[0]: [
                render.rag_badge(s, w) for s, w in zip(key["status"], key["word"], strict=True)
            ],
            names[1]: key["meaning"],
        }
    )
    plain = pd.DataFrame({names[0]: key["word"], names[1]: key["meaning"]})
    caption = report.wording.say(WORDING, "caption", "key", {})
    return html_table(report, "action_plan_key", caption, shown, plain, raw=(names[0],))


def _add_objectives(
    report: ReportContext, block: render.Block, plan: ActionPlan, as_at: dt.date
) -> None:
    """Each objective, its target, and its actions with milestones and steps as lists."""
    say = _sayer(report)
    names = report.wording.lines(WORDING, "plan_columns")
    table = plan_table(plan, as_at=as_at)
    unrated = NOT_RATED
    for (number, rows), objective in zip(
        table.groupby("objective", sort=False, dropna=False), plan.objectives, strict=True
    ):
        number = None if pd.isna(number) else int(number)
        block.add(render.heading(say("objective_heading", number, objective.text), 3))
        if rows["target"].iloc[0]:
            block.add(render.paragraph(say("target", rows["target"].iloc[0]), "note"))
        actions, progress, plain_progress = [], [], []
        for _, row in rows.iterrows():
            refs = [r for r in row["high_impact_actions"].split(", ") if r]
            text = text_then_list(row["action_text"], row["step_list"])
            if refs:
                text += note_line(say("basis_refs", refs))
            actions.append(text)
            date = row["progress_date"]
            note = note_line(say("updated", _date(date))) if date else ""
            progress.append(Markup("{}{}").format(row["progress"], note) if row["progress"] else "")
            plain_progress.append(row["progress"])
        indicators = [i or say("no_indicator") for i in rows["indicators"]]
        rag = [rag_cell(plan, s or None, unrated) for s in rows["rag"]]
        numbers = rows["number"].astype("string").fillna("").tolist()
        shown = pd.DataFrame(
            dict(
                zip(
                    names,
                    [
                        numbers,
                        actions,
                        rows["lead"].tolist(),
                        rows["by_when"].tolist(),
                        [item_list(m) for m in rows["milestone_list"]],
                        progress,
                        indicators,
                        rag,
                    ],
                    strict=True,
                )
            )
        )
        plain = pd.DataFrame(
            dict(
                zip(
                    names,
                    [
                        numbers,
                        rows["action"].tolist(),
                        rows["lead"].tolist(),
                        rows["by_when"].tolist(),
                        ["\n".join(f"• {m}" for m in ms) for ms in rows["milestone_list"]],
                        plain_progress,
                        indicators,
                        rows["rag_word"].tolist(),
                    ],
                    strict=True,
                )
            )
        )
        caption = say("caption", "objective", {"number": number})
        block.add(
            html_table(
                report,
                f"action_plan_objective_{number or ''}".rstrip("_"),
                caption,
                shown,
                plain,
                raw=(names[1], names[4], names[5], names[7]),
            )
        )


def _add_basis(report: ReportContext, block: render.Block, plan: ActionPlan) -> None:
    """What the plan is built on, by source, each point under the reference actions use."""
    say = _sayer(report)
    block.add(render.heading(say("heading", "basis"), 3))
    if not plan.basis:
        block.add(render.paragraph(say("no_basis")))
        return
    sources = list(dict.fromkeys(b.source for b in plan.basis))
    block.add(render.paragraph(say("basis_intro", sources)))
    for source in sources:
        block.add(render.heading(source, 4))
        block.add(
            item_list(
                [
                    Markup("<strong>{}</strong> {}").format(b.ref, b.text)
                    for b in plan.basis
                    if b.source == source
                ]
            )
        )


def _add_progress(
    report: ReportContext, block: render.Block, plan: ActionPlan, as_at: dt.date
) -> None:
    """Statuses by objective (table and chart), overdue actions, adverse results uncovered."""
    say = _sayer(report)
    facts = {"as_at": _date(as_at)}
    summary = rag_summary_table(plan, as_at=as_at).drop(columns="objective_text")
    if not summary[NOT_RATED].any():
        summary = summary.drop(columns=NOT_RATED)
    summary = summary.set_index("objective").rename_axis("Objective")
    block.add(render.heading(say("heading", "progress"), 3))
    block.add(report.table("action_plan_rag_summary", say("caption", "summary", facts), summary))
    block.add(rag_summary_chart(rag_summary(plan, as_at=as_at), labels=rag_labels(plan)))
    block.add(render.heading(say("heading", "overdue"), 3))
    overdue = overdue_actions(plan, as_at)
    if overdue.empty:
        block.add(render.paragraph(say("no_overdue", _date(as_at))))
    else:
        names = report.wording.lines(WORDING, "overdue_columns")
        where = [
            f"{n.capitalize()}: {a}"
            for n, a in zip(overdue["where"], overdue["action"], strict=True)
        ]
        columns = [where, overdue["lead"].tolist(), overdue["by_when"].tolist()]
        days = [f"{d:,d}" for d in overdue["days_overdue"]]
        shown = pd.DataFrame(
            dict(
                zip(
                    names,
                    [
                        *columns,
                        days,
                        [rag_cell(plan, s or None, NOT_RATED) for s in overdue["rag"]],
                    ],
                    strict=True,
                )
            )
        )
        plain = pd.DataFrame(
            dict(zip(names, [*columns, days, overdue["rag_word"].tolist()], strict=True))
        )
        caption = say("caption", "overdue", facts)
        block.add(
            html_table(
                report,
                "action_plan_overdue",
                caption,
                shown,
                plain,
                raw=(names[4],),
                numeric=(names[3],),
            )
        )
    adverse = sorted(adverse_indicators(report))
    uncovered = uncovered_adverse_indicators(plan, set(adverse))
    block.add(render.heading(say("heading", "uncovered"), 3))
    block.add(render.paragraph(say("uncovered", {"adverse": adverse, "uncovered": uncovered})))


def _add_movement(report: ReportContext, block: render.Block, plan: ActionPlan) -> None:
    """The indicators the plan aims at that moved or matter, in the statements' own judgement."""
    say = _sayer(report)
    start, latest = previous_year(report.year), report.year
    judgements = indicator_judgements(report)
    movement = indicator_movement(
        plan, report.metrics, start, latest, judgements, adverse_indicators(report)
    )
    if movement.empty:
        return
    facts = {
        "start": start,
        "latest": latest,
        "aimed": movement["indicator"].tolist(),
        "similar": movement.loc[
            ~movement["shown"] & (movement["judgement"] == "similar"), "indicator"
        ].tolist(),
        "not_comparable": movement.loc[
            ~movement["shown"] & (movement["judgement"] != "similar"), "indicator"
        ].tolist(),
    }
    block.add(render.heading(say("heading", "movement"), 3))
    shown = movement[movement["shown"]]
    if shown.empty:
        block.add(render.paragraph(say("movement_none", facts)))
    else:
        block.add(render.paragraph(say("movement_intro", facts)))
        names = report.wording.lines(WORDING, "movement_columns", facts)
        table = pd.DataFrame(
            dict(
                zip(
                    names,
                    [
                        [
                            f"{i}. {report.wording.say('catalogue.j2', 'title', i)}"
                            for i in shown["indicator"]
                        ],
                        [say("figure", i) for i in shown["indicator"]],
                        [_figure_cell(report, start, i) for i in shown["indicator"]],
                        [_figure_cell(report, latest, i) for i in shown["indicator"]],
                        [
                            say("judgement", w, a)
                            for w, a in zip(shown["judgement"], shown["adverse"], strict=True)
                        ],
                        [", ".join(a) for a in shown["actions"]],
                    ],
                    strict=True,
                )
            )
        )
        block.add(
            report.table(
                "action_plan_indicator_movement",
                say("caption", "movement", facts),
                table,
                index=False,
                numeric=(names[2], names[3]),
            )
        )
    rest = say("movement_rest", facts)
    if rest:
        block.add(render.paragraph(rest))


def _figure_cell(report: ReportContext, year: str, indicator: int) -> str:
    """The figures that stand for an indicator, as the report prints them (``R`` if hidden)."""
    fig, cells = report.figures, []
    for h in HEADLINES[indicator]:
        if h.statistic == "relative_likelihood":
            cells.append(fig.ratio(year, indicator, h.measure, h.group, interval=False))
        elif h.statistic == "difference_pp":
            value = fig.value(year, indicator, h.measure, h.group, h.statistic)
            cells.append(format_points(value, signed=True))
        else:
            cells.append(fig.percent(year, indicator, h.measure, h.group))
    if len(cells) == 1:
        return cells[0]
    return report.wording.say(WORDING, "survey_cell", *cells)
