"""Charts of progress against targets and plans: the Model Employer trajectory and the action
plan's RAG summary, in the house style of :mod:`wres_lib.present.chart_style`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from wres_lib.present.chart_cache import cached_chart
from wres_lib.present.chart_findings import fit
from wres_lib.present.chart_style import (
    FIGSIZE,
    INK,
    LABEL_SIZE,
    Chart,
    finish_chart,
    new_figure,
    wrap_text,
)
from wres_lib.present.style import (
    GROUP_COLOURS,
    GROUP_MARKERS,
    RAG_COLOURS,
    format_percent,
    short_year,
)
from wres_lib.present.wording import and_list

RAG_WORDS = {"B": "Not started", "R": "Not on track", "A": "On track", "G": "Complete"}
RAG_ORDER = ("B", "R", "A", "G")


# --------------------------------------------------------------------------- Model Employer


@cached_chart
def model_employer_chart(
    trajectory_frame: pd.DataFrame,
    *,
    target_percent: float | None = None,
    target_year: int | None = None,
    senior_from_band: str | None = None,
    title: str | None = None,
) -> Chart:
    """Model Employer: actual % BME at senior bands against the straight-line trajectory.

    Takes :func:`wres_lib.measure.model_employer.trajectory`'s frame; target details default to its
    ``attrs``.
    """
    attrs = trajectory_frame.attrs
    target_percent = target_percent if target_percent is not None else attrs.get("target_percent")
    target_year = target_year if target_year is not None else attrs.get("target_year")
    band = senior_from_band or attrs.get("senior_from_band", "Band 8a")
    frame = trajectory_frame.reset_index(drop=True)
    x = np.arange(len(frame))
    figure = new_figure()
    ax = figure.add_subplot()
    actual = frame["actual_percent"].astype(float)
    path = frame["trajectory_percent"].astype(float)
    ax.plot(
        x,
        path,
        color=INK,
        linestyle="--",
        linewidth=2,
        marker="|",
        markersize=10,
        label="Trajectory",
    )
    ax.plot(
        x,
        actual,
        color=GROUP_COLOURS["BME"],
        marker=GROUP_MARKERS["BME"],
        linewidth=2.4,
        markersize=8,
        markeredgecolor=INK,
        label=f"Actual % BME at {band} and above",
    )
    for xi, value in zip(x, actual, strict=True):
        if not math.isnan(value):
            ax.annotate(
                format_percent(value),
                (xi, value),
                xytext=(0, -16),
                textcoords="offset points",
                ha="center",
                fontsize=LABEL_SIZE,
            )
    if target_percent is not None and target_year is not None:
        at = frame.index[frame["snapshot_year"] == target_year]
        if len(at):
            ax.plot(
                [at[0]],
                [target_percent],
                marker="*",
                markersize=18,
                color=INK,
                linestyle="none",
                label=f"Target {format_percent(target_percent)}",
            )
            ax.annotate(
                f"Target {format_percent(target_percent)} by March {target_year}",
                (at[0], target_percent),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                fontsize=LABEL_SIZE,
            )
    ax.set_xticks(x, [short_year(str(y)) for y in frame["year"]])
    top = np.nanmax(np.concatenate([actual.to_numpy(), path.to_numpy()]))
    ax.set_ylim(0, max(10.0, float(top) * 1.25))
    ax.set_ylabel(f"% BME at {band} and above")
    ax.legend(frameon=False, loc="lower right")
    target_text = (
        f" to {format_percent(target_percent)} by March {target_year}"
        if target_percent is not None
        else ""
    )
    title = title or f"Model Employer: % BME staff at {band} and above against the trajectory"
    known = [i for i, a in enumerate(actual) if not math.isnan(a)]
    if known:
        last = known[-1]
        now, due = actual[last], path[last]
        first = (
            f"In {short_year(str(frame['year'][last]))} BME staff are {format_percent(now)} of "
            f"staff at {band} and above"
        )
        if not math.isnan(due):
            gap = round(now - due, 1)
            side = "below" if gap < 0 else "above"
            where = f"{abs(gap):.1f} percentage points {side}" if gap else "on"
            first += f", {where} the trajectory ({format_percent(due)}){target_text}"
        start = (
            f"They were {format_percent(actual[known[0]])} in "
            f"{short_year(str(frame['year'][known[0]]))}."
            if len(known) > 1
            else ""
        )
        alt = fit(first + ".", start)
    else:
        alt = f"No actual figures yet for % BME staff at {band} and above{target_text}."
    return finish_chart(figure, title, alt, [], empty=not known)


# --------------------------------------------------------------------------- action plan


@cached_chart
def rag_summary_chart(
    summary: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "Action plan: actions by RAG status for each objective",
) -> Chart:
    """Stacked bars of action counts per objective in RAG colours, each segment with its word.

    ``summary`` has columns objective, status (B/R/A/G), count
    (:func:`wres_lib.plan.progress.rag_summary`);
    ``labels`` is the plan's key (defaults: Not started, Not on track, On track, Complete).
    """
    words = {**RAG_WORDS, **(labels or {})}
    table = summary.pivot_table(
        index="objective", columns="status", values="count", aggfunc="sum", fill_value=0, sort=False
    )
    statuses = [s for s in RAG_ORDER if s in table.columns]
    objectives = list(dict.fromkeys(summary["objective"]))
    table = table.reindex(index=objectives, columns=statuses, fill_value=0)
    figure = new_figure(max(FIGSIZE[1], 1.6 + 0.7 * len(objectives)))
    ax = figure.add_subplot()
    y = np.arange(len(objectives))[::-1]
    left = np.zeros(len(objectives))
    for status in statuses:
        counts = table[status].to_numpy(dtype=float)
        colour = RAG_COLOURS[status]
        bars = ax.barh(
            y,
            counts,
            left=left,
            color=colour.fill,
            edgecolor="white",
            linewidth=1.5,
            label=words[status],
        )
        texts = [f"{int(c)} {words[status]}" if c else "" for c in counts]
        ax.bar_label(bars, texts, label_type="center", color=colour.text, fontsize=LABEL_SIZE)
        left += counts
    ax.set_yticks(y, [wrap_text(str(o), 34) for o in objectives])
    ax.set_xlabel("Number of actions")
    ax.set_xlim(0, max(1.0, float(left.max()) if len(left) else 1.0))
    ax.legend(loc="lower center", ncols=len(statuses), frameon=False, bbox_to_anchor=(0.5, 1.0))
    totals = {s: int(table[s].sum()) for s in statuses}
    counted = ", ".join(f"{n} {words[s]}" for s, n in totals.items() if n)
    first = (
        f"Of {sum(totals.values())} actions in {len(objectives)} objectives: {counted}."
        if objectives
        else "The plan has no actions yet."
    )
    second = ""
    if totals.get("R"):
        behind = table["R"].astype(int)
        most = int(behind.max())
        worst = [str(objective) for objective, n in behind.items() if n == most]
        each = " each" if len(worst) > 1 else ""
        second = f"Most {words['R'].lower()}: {and_list(worst)} ({most}{each})."
    alt = fit(first, second)
    return finish_chart(figure, title, alt, [], empty=not objectives)
