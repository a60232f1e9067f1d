"""Where a plan stands: the plan as a table, its RAG key and summary, overdue actions, and
adverse indicators that no action covers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from wres_lib.plan.model import (
    ActionPlan,
    Milestone,
    action_label,
    indicator_text,
    objective_label,
    target_text,
)

# --------------------------------------------------------------------------------------------
# Tables for the report
# --------------------------------------------------------------------------------------------

NOT_RATED = "Not rated"


def milestone_line(milestone: Milestone) -> str:
    """A milestone as one list item: "Campaign relaunched (September 2022)"; the date is not
    repeated where the text already says it ("Continue throughout 2022/23")."""
    when = (milestone.when or "").strip()
    if not when or when.lower() in milestone.text.lower():
        return milestone.text
    return f"{milestone.text} ({when})"


def plan_table(plan: ActionPlan, as_at: dt.date | None = None) -> pd.DataFrame:
    """One row per action, in objective order; RAG as the key's word (and the letter for colour).

    Steps and milestones are lists (``step_list``, ``milestone_list``) for the report to print
    as lists; ``action`` and ``milestones`` join them as text for a spreadsheet.

    ``as_at`` shows the statuses in force on that date (default: the latest entries).
    """
    rows = []
    for _, _, objective, action in plan.actions():
        status = action.status_at(as_at)
        key = plan.key_for(status)
        notes = [n for n in action.progress if as_at is None or n.date <= as_at]
        due = action.due
        rows.append(
            {
                "objective": objective.number,
                "objective_text": objective.text,
                "target": target_text(objective.target),
                "number": action.number,
                "title": action.title or "",
                "action": "\n".join([action.text, *(f"• {s}" for s in action.steps)]),
                "action_text": action.text,
                "step_list": list(action.steps),
                "lead": "; ".join(action.leads),
                "by_when": action.by_when,
                "due_start": due.start,
                "due_end": due.end,
                "due_kind": due.kind,
                "milestones": "\n".join(milestone_line(m) for m in action.milestones),
                "milestone_list": [milestone_line(m) for m in action.milestones],
                "progress": notes[-1].text if notes else "",
                "progress_date": notes[-1].date if notes else None,
                "outcome": "\n".join(action.outcome),
                "indicators": indicator_text(objective.indicators_of(action)),
                "high_impact_actions": ", ".join(action.high_impact_actions),
                "rag": status or "",
                "rag_word": key.word if key else (status or NOT_RATED),
                "rag_meaning": key.meaning if key else "",
            }
        )
    frame = pd.DataFrame(rows)
    frame["objective"] = frame["objective"].astype("Int64")
    frame["number"] = frame["number"].astype("Int64")
    return frame


def rag_labels(plan: ActionPlan) -> dict[str, str]:
    """Status letter -> the plan's own word, e.g. for ``rag_summary_chart(labels=...)``."""
    return {k.status: k.word for k in plan.rag_key}


def rag_summary(plan: ActionPlan, as_at: dt.date | None = None) -> pd.DataFrame:
    """Actions per objective per status, long: objective, objective_text, status, word, count.

    Every status of the key appears for every objective (0 included, key order); unrated
    actions are a status "" with the word "Not rated", listed only where there are some. This
    is the shape ``wres_lib.present.progress_charts.rag_summary_chart`` takes.
    """
    rows = []
    for i, objective in enumerate(plan.objectives):
        statuses = [a.status_at(as_at) for a in objective.actions]
        label = objective_label(objective, i).capitalize()
        for key in plan.rag_key:
            rows.append((label, objective.text, key.status, key.word, statuses.count(key.status)))
        unrated = sum(plan.key_for(s) is None for s in statuses)
        if unrated:
            rows.append((label, objective.text, "", NOT_RATED, unrated))
    return pd.DataFrame(rows, columns=["objective", "objective_text", "status", "word", "count"])


def rag_summary_table(plan: ActionPlan, as_at: dt.date | None = None) -> pd.DataFrame:
    """The RAG summary as the report's table: one row per objective, one column per key word
    (key order), then "Not rated" and "Total"; the last row, "All", sums the objectives.
    """
    words = [k.word for k in plan.rag_key]
    rows = []
    for i, objective in enumerate(plan.objectives):
        counts = dict.fromkeys([*words, NOT_RATED], 0)
        for action in objective.actions:
            key = plan.key_for(action.status_at(as_at))
            counts[key.word if key else NOT_RATED] += 1
        rows.append(
            {
                "objective": objective_label(objective, i).capitalize(),
                "objective_text": objective.text,
                **counts,
                "Total": len(objective.actions),
            }
        )
    frame = pd.DataFrame(rows)
    total = {"objective": "All", "objective_text": ""}
    for column in [*words, NOT_RATED, "Total"]:
        total[column] = int(frame[column].sum())
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def overdue_actions(plan: ActionPlan, report_date: dt.date) -> pd.DataFrame:
    """Actions whose by-when ended before ``report_date`` and whose status then is not complete.

    Open-ended ("Ongoing", "... onwards") and unreadable by-whens are never overdue: there is
    no date to have missed.
    """
    rows = []
    for i, j, objective, action in plan.actions():
        due = action.due
        status = action.status_at(report_date)
        if due.end is None or due.end >= report_date or plan.is_complete(status):
            continue
        rows.append(
            {
                "objective": objective.number,
                "number": action.number,
                "where": action_label(objective, action, i, j),
                "action": action.text,
                "lead": "; ".join(action.leads),
                "by_when": action.by_when,
                "due": due.end,
                "days_overdue": (report_date - due.end).days,
                "rag": status or "",
                "rag_word": plan.word_for(status) if status else NOT_RATED,
            }
        )
    columns = [
        "objective",
        "number",
        "where",
        "action",
        "lead",
        "by_when",
        "due",
        "days_overdue",
        "rag",
        "rag_word",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["objective"] = frame["objective"].astype("Int64")
    frame["number"] = frame["number"].astype("Int64")
    return frame.sort_values(["due", "where"], kind="stable").reset_index(drop=True)


def covered_indicators(
    plan: ActionPlan, open_only: bool = False, as_at: dt.date | None = None
) -> set[int]:
    """Indicators some action aims at (its own, else its objective's)."""
    covered: set[int] = set()
    for _, _, objective, action in plan.actions():
        if open_only and plan.is_complete(action.status_at(as_at)):
            continue
        covered.update(objective.indicators_of(action))
    return covered


def uncovered_adverse_indicators(
    plan: ActionPlan, adverse: set[int], open_only: bool = False, as_at: dt.date | None = None
) -> list[int]:
    """Adverse indicators (the report decides which) that no action in the plan aims at.

    With ``open_only``, an action already complete at ``as_at`` no longer counts as cover.
    """
    return sorted(set(adverse) - covered_indicators(plan, open_only, as_at))
