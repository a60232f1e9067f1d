"""The action plan reprinted with its changes since the previous version, as seed 003 prints
its "with track changes" copy: the same tables as the plan, each cell with whole-word
insertions and deletions inline, removed actions struck through where they stood.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from markupsafe import Markup

from wres_lib.plan.model import ActionPlan
from wres_lib.plan.progress import NOT_RATED
from wres_lib.plan.tracked import TrackedAction, tracked_plan
from wres_lib.present import render
from wres_lib.present.context import ReportContext
from wres_lib.present.plan_cells import (
    html_table,
    item_list,
    plain_rag,
    plain_tracked,
    text_then_list,
    tracked_rag,
    tracked_text,
)

WORDING = "plan.j2"


def tracked_plan_block(
    report: ReportContext,
    previous: ActionPlan,
    current: ActionPlan,
    as_at: dt.date,
    level: int,
) -> render.Block:
    """The tracked reprint: a summary sentence, the title, then one table per objective."""
    wording = report.wording
    tracked = tracked_plan(previous, current, as_at)
    facts = {
        "previous": previous.title,
        "added": tracked.count("added"),
        "removed": tracked.count("removed"),
        "changed": tracked.count("changed"),
        "same": tracked.count("same"),
    }
    block = render.Block()
    block.add(render.paragraph(wording.say(WORDING, "changes_summary", facts)))
    title = Markup("<strong>{}</strong>").format(tracked_text(tracked.title))
    if not (previous.period.label in previous.title and current.period.label in current.title):
        title += Markup(" ({})").format(tracked_text(tracked.period))
    block.add(Markup("<p>{}</p>").format(title))
    names = wording.lines(WORDING, "plan_columns")
    for objective in tracked.objectives:
        number = "".join(s.text for s in objective.number if s.op != "delete") or None
        shown_number = "".join(s.text for s in objective.number) or None
        heading = wording.say(WORDING, "objective_heading", shown_number, "")
        block.add(
            Markup("<h{0}>{1} {2}</h{0}>").format(
                level, heading.rstrip(), tracked_text(objective.text)
            )
        )
        if objective.target:
            target = wording.say(WORDING, "target", "\x00").split("\x00")
            block.add(
                Markup('<p class="note">{}{}{}</p>').format(
                    target[0], tracked_text(objective.target), target[-1]
                )
            )
        if not objective.actions:
            continue
        rows = list(objective.actions)
        shown = pd.DataFrame(
            dict(zip(names, _columns(report, rows, previous, current, html=True), strict=True))
        )
        plain = pd.DataFrame(
            dict(zip(names, _columns(report, rows, previous, current, html=False), strict=True))
        )
        caption = wording.say(
            WORDING,
            "caption",
            "tracked",
            {"number": number or shown_number, "previous": previous.title},
        )
        block.add(
            html_table(
                report,
                f"action_plan_changes_{shown_number or ''}".rstrip("_"),
                caption,
                shown,
                plain,
                raw=tuple(names),
            )
        )
    return block


def _columns(
    report: ReportContext,
    rows: list[TrackedAction],
    previous: ActionPlan,
    current: ActionPlan,
    html: bool,
) -> list[list[object]]:
    """The plan's eight columns for tracked rows, as HTML or as plain text."""
    none = report.wording.say(WORDING, "no_indicator")
    if html:
        cell = tracked_text

        def action(row: TrackedAction) -> object:
            title = Markup("<strong>{}</strong><br>").format(cell(row.title)) if row.title else ""
            return Markup("{}{}").format(
                title, text_then_list(cell(row.text), [cell(s) for s in row.steps])
            )

        def items(cells) -> object:
            return item_list([cell(c) for c in cells])

        def rag(row: TrackedAction) -> object:
            return tracked_rag(previous, current, row.rag, NOT_RATED, row.kind)

    else:
        cell = plain_tracked  # type: ignore[assignment]

        def action(row: TrackedAction) -> object:
            parts = [cell(row.title), cell(row.text), *(f"• {cell(s)}" for s in row.steps)]
            return "\n".join(p for p in parts if p)

        def items(cells) -> object:
            return "\n".join(f"• {cell(c)}" for c in cells)

        def rag(row: TrackedAction) -> object:
            return plain_rag(previous, current, row.rag)

    return [
        [cell(r.number) for r in rows],
        [action(r) for r in rows],
        [cell(r.leads) for r in rows],
        [cell(r.by_when) for r in rows],
        [items(r.milestones) for r in rows],
        [cell(r.progress) for r in rows],
        [cell(r.indicators) if r.indicators else none for r in rows],
        [rag(r) for r in rows],
    ]
