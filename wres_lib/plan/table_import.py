"""Import of a plan kept as a table (CSV or xlsx), as trusts write them in Word and Excel.

Column names are matched through aliases; objectives may be rows or a column; milestones are
lines or bullets of a cell. The result is validated exactly as a YAML plan is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.tabular import read_table
from wres_lib.plan.dates import find_date_phrase
from wres_lib.plan.model import (
    SEED_001_RAG_KEY,
    ActionPlan,
    Approval,
    BasisItem,
    RagKeyEntry,
    validate,
)

# --------------------------------------------------------------------------------------------
# Import from the tables trusts keep
# --------------------------------------------------------------------------------------------

# Column names as trusts print them (lower case, letters and digits only) -> plan field.
COLUMN_ALIASES = {
    "no": "number",
    "number": "number",
    "ref": "number",
    "priority": "priority",
    "objective": "objective",
    "action": "text",
    "actions": "text",
    "description": "description",
    "lead": "leads",
    "leads": "leads",
    "responsible": "leads",
    "bywhen": "by_when",
    "deadline": "by_when",
    "date": "by_when",
    "milestone": "milestones",
    "milestones": "milestones",
    "progress": "progress",
    "outcome": "outcome",
    "outcomes": "outcome",
    "improvementtometrics": "indicators",
    "improvementtometric": "indicators",
    "metrics": "indicators",
    "indicators": "indicators",
    "rag": "rag",
    "ragstatus": "rag",
    "status": "rag",
}
_OBJECTIVE_ROW = re.compile(r"^\s*objective\s*(\d+)\s*[.:)\-–]?\s*(.*)$", re.I | re.S)
_BULLET = re.compile(r"^\s*(?:[•·▪◦*]|-(?=\s))\s*")


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _lines_of(cell: str) -> list[str]:
    """A cell's lines without bullets; a bullet glyph mid-line also starts a new line."""
    cell = re.sub(r"\s*[•·▪]\s*", "\n", cell)
    return [
        _BULLET.sub("", line).strip() for line in cell.splitlines() if _BULLET.sub("", line).strip()
    ]


def import_plan_table(
    path: str | Path,
    sheet: str | None = None,
    *,
    title: str,
    organisation: str,
    period_label: str,
    period_start: dt.date,
    period_end: dt.date,
    as_at: dt.date,
    rag_key: Sequence[RagKeyEntry] = SEED_001_RAG_KEY,
    basis: Sequence[BasisItem] = (),
    approval: Approval | None = None,
) -> ActionPlan:
    """Read a plan kept as a CSV or Excel table with the seeds' columns.

    Columns (case and punctuation ignored): No., Action, Lead, By When, Milestone, Progress,
    Improvement to Metric(s), RAG; optional Objective, Outcome, Priority, Description (then
    Action is a short title). Objectives come either from an Objective column or from header
    rows inside the table whose first cell reads "Objective 2. ..." with the rest blank, as in
    the Word tables. A row with no number and no action continues the action above (its
    milestone and progress lines are added). Progress and RAG cells are dated ``as_at``;
    RAG may be a letter or the key's word. Errors name the spreadsheet row and column.
    """
    path = Path(path)
    file = str(path)
    table = read_table(path, sheet)
    columns: dict[str, str] = {}
    problems: list[Problem] = []
    for name in table.columns:
        field = COLUMN_ALIASES.get(_squash(name))
        if field is not None and field not in columns:
            columns[field] = name
    if "text" not in columns:
        raise InputError.single(file, 1, "Action", None, "a column named Action")
    if "description" in columns:
        columns["title"] = columns.pop("text")
        columns["text"] = columns.pop("description")
    letters = {k.status.lower(): k.status for k in rag_key} | {
        k.word.lower(): k.status for k in rag_key
    }
    header_text = {_squash(c) for c in table.columns}

    objectives: list[dict[str, Any]] = []
    lines: dict[tuple[Any, ...], int] = {}

    def objective_for(number: int | None, text: str, row: int) -> dict[str, Any]:
        for obj in objectives:
            if (number is not None and obj.get("number") == number) or (
                number is None and obj["text"] == text and text
            ):
                if text and not obj["text"]:
                    obj["text"] = text
                return obj
        obj = {"number": number, "text": text, "actions": []}
        objectives.append(obj)
        lines[("objectives", len(objectives) - 1)] = row
        return obj

    current: dict[str, Any] | None = None
    last_action: dict[str, Any] | None = None

    def cell(record: pd.Series, field: str) -> str:
        return str(record[columns[field]]).strip() if field in columns else ""

    for row, record in table.iterrows():
        values = [str(v).strip() for v in record.tolist()]
        filled = [v for v in values if v]
        if not filled:
            continue
        if {_squash(v) for v in filled} <= header_text and len(filled) > 1:
            continue  # the header repeated under an objective row, as Word tables do
        header = _OBJECTIVE_ROW.match(filled[0])
        if header and len(filled) == 1:
            current = objective_for(int(header.group(1)), header.group(2).strip(), int(row))
            last_action = None
            continue
        if "objective" in columns and cell(record, "objective"):
            raw = cell(record, "objective")
            named = _OBJECTIVE_ROW.match(raw)
            if named:
                current = objective_for(int(named.group(1)), named.group(2).strip(), int(row))
            elif raw.isdigit():
                current = objective_for(int(raw), "", int(row))
            else:
                current = objective_for(None, raw, int(row))
        if current is None:
            current = objective_for(None, "", int(row))
        number_text, text = cell(record, "number"), cell(record, "text")
        if not number_text and not text and last_action is not None:
            last_action["milestones"] += [
                _milestone(m) for m in _lines_of(cell(record, "milestones"))
            ]
            extra = cell(record, "progress")
            if extra:
                if last_action["progress"]:
                    last_action["progress"][-1]["text"] += "\n" + extra
                else:
                    last_action["progress"].append({"date": as_at, "text": extra})
            continue
        action: dict[str, Any] = {"text": text}
        if "title" in columns:
            action["title"] = cell(record, "title")
        for field in ("number", "priority"):
            raw = cell(record, field)
            if raw:
                if raw.isdigit():
                    action[field] = int(raw)
                else:
                    problems.append(
                        Problem(file, int(row), columns[field], raw, "a whole number or blank")
                    )
        action["leads"] = [line for line in cell(record, "leads").splitlines() if line.strip()]
        action["leads"] = [line.strip() for line in action["leads"]]
        action["by_when"] = cell(record, "by_when")
        action["milestones"] = [_milestone(m) for m in _lines_of(cell(record, "milestones"))]
        progress = cell(record, "progress")
        action["progress"] = [{"date": as_at, "text": progress}] if progress else []
        action["outcome"] = _lines_of(cell(record, "outcome"))
        metric = cell(record, "indicators")
        if metric and _squash(metric) in ("na", "none"):
            action["indicators"] = []
        elif metric:
            parts = [p.strip() for p in re.split(r"[,;/&]|\band\b", metric) if p.strip()]
            if all(p.isdigit() for p in parts):
                action["indicators"] = [int(p) for p in parts]
            else:
                problems.append(
                    Problem(
                        file,
                        int(row),
                        columns["indicators"],
                        metric,
                        "indicator numbers 1 to 9 like '2, 7', or n/a",
                    )
                )
        rag = cell(record, "rag")
        if rag:
            if rag.lower() in letters:
                action["rag"] = [{"date": as_at, "status": letters[rag.lower()]}]
            else:
                known = ", ".join(f"{k.status} ({k.word})" for k in rag_key)
                problems.append(
                    Problem(file, int(row), columns["rag"], rag, f"one of {known}, or blank")
                )
        current["actions"].append(action)
        i, j = objectives.index(current), len(current["actions"]) - 1
        loc = ("objectives", i, "actions", j)
        lines[loc] = int(row)
        for field in action:
            lines[loc + (field,)] = int(row)
        last_action = action
    if problems:
        raise InputError(problems)
    if not objectives:
        raise InputError.single(file, None, None, None, "at least one action row")
    for obj in objectives:
        if obj["number"] is None:
            obj.pop("number")
    data: dict[str, Any] = {
        "title": title,
        "organisation": organisation,
        "period": {"label": period_label, "start": period_start, "end": period_end},
        "status_date": as_at,
        "rag_key": [k.model_dump() for k in rag_key],
        "basis": [b.model_dump() for b in basis],
        "objectives": objectives,
    }
    if approval is not None:
        data["approval"] = approval.model_dump()
    return validate(data, file, lines)


_DANGLING = re.compile(r"\b(?:in|by|from|on|during|until|of|to|for|the)\s*$", re.I)


def _milestone(text: str) -> dict[str, Any]:
    """A milestone cell line: its date words become ``when``, dropped from the text when they
    end it ("Launch programme (December 2020)"), kept when the sentence needs them."""
    when = find_date_phrase(text)
    if not when:
        return {"text": text}
    head, _, tail = text.rpartition(when)
    head = head.rstrip(" (–-,")
    if tail.strip(" ).") == "" and head and not _DANGLING.search(head):
        return {"text": head, "when": when}
    return {"text": text, "when": when}
