"""A system view: one report for a group of organisations (an integrated care system, a region,
a trust type or a list), every indicator side by side with intervals, and funnel plots.

Input is comparator data (:mod:`wres_lib.inputs.comparator`: NHS England's per-trust shape, or
what ``wres batch --comparators`` wrote). Intervals are worked out from the published counts
with the report's own methods (Wilson for a percentage, Katz for a relative likelihood, from
the White and BME rows' counts); a figure published without counts is shown without one.

Disclosure: the same rules as a trust's public report. Every count the view prints is
declared to a :class:`~wres_lib.protect.problem.DisclosureProblem` (with "n out of N", the
percentage, the ratio and the intervals built on it, and the White + BME = known relation of
indicator 1), suppressed and audited by :mod:`wres_lib.protect.suppression`; a count under
``disclosure.threshold`` is never printed, and a hidden figure is left out of the funnel
plots too (its point would give the count away: value × size). The funnels' pooled figure is
pooled over the points shown only, so it gives nothing hidden away either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import escape

from wres_lib.inputs.params import Disclosure
from wres_lib.measure.statistics import katz_log_interval, wilson_interval
from wres_lib.present.chart_style import Chart
from wres_lib.present.funnel import funnel_chart, percent_funnel, ratio_funnel
from wres_lib.present.render import Block, heading, paragraph, style_block, table
from wres_lib.present.style import format_percent, format_points, format_ratio, short_year
from wres_lib.present.wording import Wording
from wres_lib.protect.problem import DisclosureProblem, Position
from wres_lib.protect.suppression import SuppressionResult, require_protected, suppress

GROUPS = ("White", "BME")


@dataclass(frozen=True)
class Panel:
    """One indicator's figures side by side: which rows, and what its funnel plots."""

    indicator: int
    measure: str
    kind: str  # "percent", "ratio" or "difference"
    size_label: str = ""  # the funnel's x axis
    ratio: str = ""  # ratio group (White/BME, BME/White)


PANELS = (
    Panel(1, "overall", "percent", "Staff of known ethnicity"),
    Panel(2, "all", "ratio", "People shortlisted (White and BME)", "White/BME"),
    Panel(3, "all", "ratio", "Staff in post (White and BME)", "BME/White"),
    Panel(4, "all", "ratio", "Staff in post (White and BME)", "White/BME"),
    Panel(5, "all", "percent", "BME respondents"),
    Panel(6, "all", "percent", "BME respondents"),
    Panel(7, "all", "percent", "BME respondents"),
    Panel(8, "all", "percent", "BME respondents"),
    Panel(9, "all", "difference"),
)


@dataclass
class SystemView:
    """What the page shows: the group, its organisations, each panel's table and funnel."""

    name: str
    year: str
    organisations: list[tuple[str, str]]  # (code, name), in the page's order
    tables: dict[int, pd.DataFrame] = field(default_factory=dict)
    charts: dict[int, Chart] = field(default_factory=dict)
    not_plotted: dict[int, list[str]] = field(default_factory=dict)
    suppression: SuppressionResult | None = None


def select_group(
    comparators: pd.DataFrame,
    year: str,
    *,
    region: str | None = None,
    trust_type: str | None = None,
    orgs: Sequence[str] = (),
) -> pd.DataFrame:
    """The year's rows of a region, a trust type or a list of organisation codes."""
    rows = comparators[comparators["year"] == year]
    if region:
        rows = rows[rows["region"] == region]
    if trust_type:
        rows = rows[rows["trust_type"] == trust_type]
    if orgs:
        rows = rows[rows["org_code"].isin(list(orgs))]
    return rows


# --------------------------------------------------------------------------------------------
# Figures and their displays


def _org_label(code: str, name: str) -> str:
    return f"{name} ({code})"


class _Declared:
    """The view's counts and displays, declared once to the disclosure problem."""

    def __init__(self) -> None:
        self.problem = DisclosureProblem()

    def count(self, org: str, panel: Panel, group: str, part: str, value: int) -> str:
        return self.problem.count(f"{org}|{panel.indicator}|{panel.measure}|{group}|{part}", value)


def _rows(frame: pd.DataFrame, org: str, panel: Panel) -> dict[str, pd.Series]:
    here = frame[
        (frame["org_code"] == org)
        & (frame["indicator"] == panel.indicator)
        & (frame["measure"] == panel.measure)
    ]
    return {str(row["group"]): row for _, row in here.iterrows()}


def _counts(row: pd.Series | None) -> tuple[int, int] | None:
    if row is None or pd.isna(row["numerator"]) or pd.isna(row["denominator"]):
        return None
    numerator, denominator = int(row["numerator"]), int(row["denominator"])
    return (numerator, denominator) if denominator > 0 else None


def _range_text(low: float, high: float, ratio: bool) -> str:
    shown = format_ratio if ratio else (lambda v: format_percent(v).rstrip("%"))
    return f"{shown(low)} to {shown(high)}"


def _declare_panel(
    dec: _Declared, frame: pd.DataFrame, orgs: list[tuple[str, str]], panel: Panel, level: float
) -> tuple[dict[tuple[str, str], Position | str], dict[str, tuple]]:
    """Declare one panel's cells; returns each (row, column)'s display (or plain text) and
    the counts behind each organisation's funnel point."""
    table_name = f"indicator {panel.indicator}"
    cells: dict[tuple[str, str], Position | str] = {}
    points: dict[str, tuple] = {}
    pct = int(round(level * 100))
    for code, name in orgs:
        label = _org_label(code, name)
        rows = _rows(frame, code, panel)
        if panel.kind == "difference":
            row = rows.get("BME")
            cells[label, "Board minus workforce (% points)"] = (
                format_points(float(row["value"]), signed=True) if row is not None else ""
            )
            continue
        keys: dict[str, tuple[str, str]] = {}
        for group in GROUPS:
            row = rows.get(group)
            counts = _counts(row)
            if counts is None:
                value = "" if row is None else format_percent(float(row["value"]))
                cells[label, f"{group} %"] = value
                continue
            k, n = counts
            num = dec.count(code, panel, group, "n", k)
            den = dec.count(code, panel, group, "N", n)
            keys[group] = (num, den)
            p = dec.problem
            column = f"{group}: n out of N"
            cells[label, column] = p.show_fraction(table_name, label, column, num, den)
            cells[label, f"{group} %"] = p.show_percent(table_name, label, f"{group} %", num, den)
            low, high = wilson_interval(k, n, level)
            text = _range_text(100 * low, 100 * high, ratio=False)
            column = f"{group} {pct}% range"
            cells[label, column] = p.show_derived(table_name, label, column, (num, den), text)
        if panel.indicator == 1 and len(keys) == 2 and _is_known_total(dec, keys):
            dec.problem.add_sum(keys["BME"][1], [keys["White"][0], keys["BME"][0]])
        if panel.kind == "percent" and "BME" in keys:
            points[code] = (cells[label, "BME %"], *(dec.problem.values[k] for k in keys["BME"]))
        if panel.kind == "ratio":
            first, second = panel.ratio.split("/")
            ratio_row = rows.get(panel.ratio)
            if first in keys and second in keys:
                (a, n1), (c, n2) = keys[first], keys[second]
                values = [dec.problem.values[k] for k in (a, n1, c, n2)]
                if values[0] > 0 and values[2] > 0:
                    ratio = (values[0] / values[1]) / (values[2] / values[3])
                    column = f"Relative likelihood ({panel.ratio})"
                    four = (a, n1, c, n2)
                    position = dec.problem.show_ratio(table_name, label, column, four, ratio)
                    cells[label, column] = position
                    low_high = katz_log_interval(*values, level=level)
                    if low_high is not None:
                        text = _range_text(*low_high, ratio=True)
                        column = f"Ratio {pct}% range"
                        cells[label, column] = dec.problem.show_derived(
                            table_name, label, column, four, text
                        )
                    points[code] = (position, *values)
            elif ratio_row is not None:
                cells[label, f"Relative likelihood ({panel.ratio})"] = format_ratio(
                    float(ratio_row["value"])
                )
    return cells, points


def _is_known_total(dec: _Declared, keys: dict[str, tuple[str, str]]) -> bool:
    """Indicator 1: White and BME over the same known headcount, adding up to it."""
    values = dec.problem.values
    (w, wd), (b, bd) = keys["White"], keys["BME"]
    return values[wd] == values[bd] and values[w] + values[b] == values[bd]


# --------------------------------------------------------------------------------------------
# The view


def build_system_view(
    comparators: pd.DataFrame,
    name: str,
    year: str,
    disclosure: Disclosure | None = None,
    level: float = 0.95,
) -> SystemView:
    """Tables and funnels for every panel, suppressed and audited together; raises
    :class:`~wres_lib.errors.PublishingBlocked` if any hidden count could be worked out."""
    disclosure = disclosure or Disclosure()
    frame = comparators[comparators["year"] == year]
    if frame.empty:
        raise ValueError(f"no comparator rows for {year}")
    orgs = sorted(
        {(str(c), str(n)) for c, n in zip(frame["org_code"], frame["org_name"], strict=True)},
        key=lambda pair: (pair[1], pair[0]),
    )
    view = SystemView(name, year, orgs)
    dec = _Declared()
    declared = {panel.indicator: _declare_panel(dec, frame, orgs, panel, level) for panel in PANELS}
    result = suppress(dec.problem, disclosure)
    require_protected(result)
    view.suppression = result
    words = Wording()
    for panel in PANELS:
        cells, points = declared[panel.indicator]
        view.tables[panel.indicator] = _table(cells, orgs, result)
        if panel.kind == "difference":
            continue
        shown = {code: p for code, p in points.items() if not result.is_hidden(p[0])}
        view.not_plotted[panel.indicator] = sorted(set(points) - set(shown))
        title = words.say("catalogue.j2", "title", panel.indicator)
        chart = _funnel(panel, shown, title, view.not_plotted[panel.indicator])
        if chart is not None:
            view.charts[panel.indicator] = chart
    return view


def _table(
    cells: dict[tuple[str, str], Position | str],
    orgs: list[tuple[str, str]],
    result: SuppressionResult,
) -> pd.DataFrame:
    columns = list(dict.fromkeys(column for _, column in cells))
    labels = [_org_label(code, name) for code, name in orgs]
    frame = pd.DataFrame("", index=labels, columns=columns, dtype=object)
    for (label, column), cell in cells.items():
        frame.loc[label, column] = result.text(cell) if isinstance(cell, Position) else cell
    frame.index.name = "Organisation"
    return frame.loc[:, (frame != "").any()]  # a column no organisation has is left out


def _funnel(
    panel: Panel, points: dict[str, tuple], title: str, withheld: Sequence[str]
) -> Chart | None:
    full = f"Indicator {panel.indicator}: {title}"
    try:
        if panel.kind == "ratio":
            funnel = ratio_funnel([(code, *p[1:]) for code, p in points.items()])
            return funnel_chart(
                funnel,
                f"{full}: relative likelihood ({panel.ratio}) against size",
                f"the relative likelihood ({panel.ratio})",
                f"Relative likelihood ({panel.ratio})",
                f"{panel.size_label} (log scale)",
                withheld,
            )
        funnel = percent_funnel([(code, *p[1:]) for code, p in points.items()])
        return funnel_chart(
            funnel,
            f"{full}: BME percentage against size",
            "the BME percentage",
            "BME %",
            f"{panel.size_label} (log scale)",
            withheld,
        )
    except ValueError:  # nothing to plot (no counts published, or every point hidden)
        return None


# --------------------------------------------------------------------------------------------
# HTML


def system_view_html(view: SystemView, source: str) -> str:
    """The view as one self-contained HTML page (charts inline, nothing fetched)."""
    words = Wording()
    title = f"{view.name}: Workforce Race Equality Standard system view {short_year(view.year)}"
    threshold = view.suppression.disclosure.threshold if view.suppression else 10
    block = Block().add(
        style_block(),
        heading(title, 1),
        paragraph(words.say("system.j2", "intro", len(view.organisations), view.year, source)),
        paragraph(words.say("system.j2", "how_to_read", threshold), css="note"),
    )
    for panel in PANELS:
        name = words.say("catalogue.j2", "title", panel.indicator)
        block.add(heading(f"Indicator {panel.indicator}: {name}", 2))
        block.add(paragraph(words.say("catalogue.j2", "measures", panel.indicator), css="note"))
        figures = view.tables[panel.indicator]
        if figures.columns.empty:
            block.add(paragraph(words.say("system.j2", "no_figures")))
            continue
        block.add(table(figures, f"Indicator {panel.indicator}, {view.name}"))
        if panel.indicator in view.charts:
            block.add(view.charts[panel.indicator])
        elif panel.kind != "difference":
            block.add(paragraph(words.say("system.j2", "no_funnel"), css="note"))
        withheld = view.not_plotted.get(panel.indicator)
        if withheld:
            block.add(paragraph(words.say("system.j2", "not_plotted", withheld), css="note"))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body>"
        f"{block.html()}</body></html>\n"
    )
