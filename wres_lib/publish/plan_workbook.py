"""The action plan as an Excel workbook for the public folder, in the house RAG colours.

Byte-for-byte reproducible: the zip entries carry a fixed time stamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from wres_lib.inputs.tabular import neutralise_formula, write_atomically
from wres_lib.plan.model import (
    Action,
    ActionPlan,
    Objective,
    indicator_text,
    milestone_text,
    target_text,
)
from wres_lib.plan.progress import NOT_RATED
from wres_lib.present.style import RAG_COLOURS

# --------------------------------------------------------------------------------------------
# Excel export
# --------------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    ("No.", 7),
    ("Action", 48),
    ("Lead", 24),
    ("By When", 16),
    ("Milestone", 40),
    ("Progress", 48),
    ("Outcome", 30),
    ("Improvement to Metric(s)", 14),
    ("High impact actions", 14),
    ("RAG", 12),
)
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _plan_rows(plan: ActionPlan, objective: Objective, action: Action) -> list[object]:
    notes = "\n".join(f"{n.date.isoformat()}: {n.text}" for n in action.progress)
    steps = "".join(f"\n• {s}" for s in action.steps)
    text = (f"{action.title}: " if action.title else "") + action.text + steps
    return [
        action.number if action.number is not None else "",
        text,
        "\n".join(action.leads),
        action.by_when,
        "\n".join(f"• {milestone_text(m)}" for m in action.milestones),
        notes,
        "\n".join(f"• {o}" for o in action.outcome),
        indicator_text(objective.indicators_of(action)) or "n/a",
        ", ".join(action.high_impact_actions),
    ]


def export_plan_xlsx(plan: ActionPlan, path: str | Path) -> Path:
    """Write the plan as an Excel workbook for publication: one plan sheet and the RAG key.

    Each RAG cell has its colour *and* its word (never colour alone); every text cell is made
    formula-safe; the bytes depend only on the plan (fixed timestamps), so a rebuild is
    identical.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    def put(row: int, col: int, value: object, font: Font | None = None):
        target = sheet.cell(row=row, column=col, value=neutralise_formula(value))
        target.alignment = wrap
        if font is not None:
            target.font = font
        return target

    def fill(target, status: str) -> None:
        colour = RAG_COLOURS[status]
        target.fill = PatternFill(
            "solid", start_color=colour.fill.lstrip("#"), end_color=colour.fill.lstrip("#")
        )
        target.font = Font(bold=True, color=colour.text.lstrip("#"))

    put(1, 1, plan.title, Font(bold=True, size=14))
    put(2, 1, plan.organisation)
    put(3, 1, f"Period: {plan.period.label}")
    row = 4
    if plan.approval is not None:
        by = f" by {plan.approval.by}" if plan.approval.by else ""
        put(row, 1, f"Approved{by} on {plan.approval.date.isoformat()}")
        row += 1
    if plan.status_date is not None:
        put(row, 1, f"Progress and RAG status as at {plan.status_date.isoformat()}")
        row += 1
    row += 1
    for objective in plan.objectives:
        heading = objective.text
        if objective.number is not None:
            heading = f"Objective {objective.number}. {heading}".strip()
        if heading:
            put(row, 1, heading, bold)
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=len(EXPORT_COLUMNS)
            )
            row += 1
        if objective.target is not None:
            put(row, 1, f"Target: {target_text(objective.target)}")
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=len(EXPORT_COLUMNS)
            )
            row += 1
        for col, (name, _) in enumerate(EXPORT_COLUMNS, start=1):
            put(row, col, name, bold)
        row += 1
        for action in objective.actions:
            for col, value in enumerate(_plan_rows(plan, objective, action), start=1):
                put(row, col, value)
            status = action.status
            rag_cell = put(row, len(EXPORT_COLUMNS), plan.word_for(status) if status else NOT_RATED)
            if status is not None:
                fill(rag_cell, status)
            row += 1
        row += 1
    for col, (_, width) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = width
    if plan.basis:
        put(row, 1, "The basis for the plan", bold)
        row += 1
        for item in plan.basis:
            put(row, 1, item.ref)
            put(row, 2, f"{item.source}: {item.text}")
            row += 1

    key = book.create_sheet("RAG key")
    for col, name in enumerate(("Status", "Letter", "Meaning", "Counts as complete"), start=1):
        key.cell(row=1, column=col, value=name).font = bold
    for r, entry in enumerate(plan.rag_key, start=2):
        word = key.cell(row=r, column=1, value=neutralise_formula(entry.word))
        fill(word, entry.status)
        key.cell(row=r, column=2, value=entry.status)
        key.cell(row=r, column=3, value=neutralise_formula(entry.meaning))
        key.cell(row=r, column=4, value="Yes" if entry.complete else "No")
    key.column_dimensions["A"].width = 14
    key.column_dimensions["C"].width = 40

    stamp = dt.datetime.combine(plan.status_date or plan.period.start, dt.time())
    book.properties.creator = "wres_lib"
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomically(reproducible_workbook(buffer.getvalue(), stamp), path)


def reproducible_workbook(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a saved workbook (zip) with fixed entry times and core-properties dates, so the
    same content gives the same bytes: openpyxl otherwise stamps the time of saving."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{iso}\g<2>",
                    text,
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
