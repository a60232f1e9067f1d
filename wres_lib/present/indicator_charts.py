"""Every indicator's charts, in the house style of :mod:`wres_lib.present.chart_style`.

Colours come only from :mod:`wres_lib.present.style`, and nothing relies on colour alone
(markers, hatches, line styles, legends and direct labels carry the same meaning).

Each function returns a :class:`Chart` whose title and alt text are generated from the data it
draws. Public mode: pass ``hidden`` (a set of ``(measure, group)`` pairs) or give the metrics a
boolean ``hidden`` column, and those values are left out and the alt text says so. Where shares
add up to 100 % (indicator 1), a band with any hidden group is left out whole, because the rest
would reveal it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from wres_lib.inputs.bands import band_sort_key, grouped_rows, split_band_row
from wres_lib.present import chart_findings as findings
from wres_lib.present.chart_cache import cached_chart
from wres_lib.present.chart_rows import Hidden, chart_rows, chart_years, share, value_of
from wres_lib.present.chart_style import (
    FIGSIZE,
    INK,
    LABEL_SIZE,
    Chart,
    finish_chart,
    group_legend,
    new_figure,
    wrap_text,
)
from wres_lib.present.narrative import band_label
from wres_lib.present.style import (
    GROUP_COLOURS,
    GROUP_HATCHES,
    GROUP_MARKERS,
    GROUP_ORDER,
    format_percent,
    format_ratio,
    short_year,
)
from wres_lib.present.trends import RATIO_GROUP, clear_difference

BOARD_SERIES = {
    "all": ("All Board members", "o", "-"),
    "voting": ("Voting members", "s", "--"),
    "executive": ("Executive members", "^", ":"),
}
PERCENT_TITLES = {
    1: "% of staff of known ethnicity",
    2: "% of shortlisted applicants appointed",
    3: "% of staff entering a formal disciplinary investigation",
    4: "% of staff accessing non-mandatory training and CPD",
    5: "% experiencing harassment, bullying or abuse from patients, relatives or the public",
    6: "% experiencing harassment, bullying or abuse from staff",
    7: "% believing the trust provides equal opportunities for career progression",
    8: "% experiencing discrimination at work from a manager or colleague",
    9: "% BME on the Board",
}
RATIO_TITLES = {
    2: "Relative likelihood of White applicants being appointed from shortlisting compared "
    "with BME applicants",
    3: "Relative likelihood of BME staff entering a formal disciplinary investigation compared "
    "with White staff",
    4: "Relative likelihood of White staff accessing non-mandatory training compared with BME "
    "staff",
}
MEASURE_WORDS = {
    "managers": "from managers",
    "colleagues": "from other colleagues",
    "bank": "bank staff",
    "two-year": "two years to 31 March",
}

# --------------------------------------------------------------------------- indicator 1


def band_representation_chart(
    metrics: pd.DataFrame,
    year: str,
    workforce: str = "non-clinical",
    *,
    hidden: Hidden = None,
    title: str | None = None,
) -> Chart:
    """Indicator 1: % BME and % White at each band of one workforce, against the overall share."""
    visible, withheld = chart_rows(metrics, 1, "percent", hidden, year=year)
    band_rows = sorted(
        {m for m in metrics["measure"] if split_band_row(m)[0] == workforce}, key=band_sort_key
    )
    return _band_representation(visible, withheld, band_rows, year, workforce, title)


@cached_chart
def _band_representation(
    visible: pd.DataFrame,
    withheld: pd.DataFrame,
    band_rows: list[str],
    year: str,
    workforce: str,
    title: str | None,
) -> Chart:
    # % White is 100 - % BME among known ethnicity, so only a withheld BME share hides a band;
    # hidden finer groups (Mixed, Other...) do not matter to this chart.
    hidden_bands = set(withheld.loc[withheld["group"] == "BME", "measure"])
    shown, omitted = [], []
    for measure in band_rows:
        bme = share(visible, measure, "BME")
        white = share(visible, measure, "White")
        if measure in hidden_bands:
            omitted.append(split_band_row(measure)[1])
        elif not (math.isnan(bme) or math.isnan(white)):
            shown.append((split_band_row(measure)[1], white, bme))
    overall_bme = value_of(visible, measure="overall", group="BME")
    overall_white = share(visible, "overall", "White")
    unit = "grade" if workforce == "medical" else "band"
    title = title or (
        f"{workforce.capitalize()} staff: % BME and % White at each {unit}, {short_year(year)}"
    )

    figure = new_figure()
    ax = figure.add_subplot()
    x = np.arange(len(shown))
    width = 0.4
    for offset, group, index in ((-width / 2, "White", 1), (width / 2, "BME", 2)):
        heights = [row[index] for row in shown]
        bars = ax.bar(
            x + offset,
            heights,
            width,
            color=GROUP_COLOURS[group],
            hatch=GROUP_HATCHES[group],
            edgecolor=INK,
            linewidth=0.8,
            label=f"% {group}",
        )
        ax.bar_label(
            bars, [format_percent(h) for h in heights], rotation=90, padding=3, fontsize=LABEL_SIZE
        )
    for value, group, style in ((overall_bme, "BME", "--"), (overall_white, "White", ":")):
        if not math.isnan(value):
            ax.axhline(
                value,
                color=GROUP_COLOURS[group],
                linestyle=style,
                linewidth=2,
                label=f"Overall % {group} ({format_percent(value)})",
            )
    ax.set_xticks(x, [band.removeprefix("Band ") for band, _, _ in shown])
    ax.set_xlabel("Band" if workforce != "medical" else "Grade")
    ax.set_ylabel("% of staff of known ethnicity")
    ax.set_ylim(0, 118)
    ax.legend(loc="upper center", ncols=4, frameon=False, bbox_to_anchor=(0.5, 1.02))

    alt = (
        findings.representation(workforce, year, shown, overall_bme)
        if shown
        else f"No {workforce} {unit}s to show for {short_year(year)}."
    )
    return finish_chart(figure, title, alt, omitted, empty=not shown)


def band_group_profile_chart(
    metrics: pd.DataFrame, year: str, *, hidden: Hidden = None, title: str | None = None
) -> Chart:
    """Indicator 1: the ethnic-group mix of the whole workforce and of each grouped band row."""
    visible, withheld = chart_rows(metrics, 1, "percent", hidden, year=year)
    present = {m for m in metrics["measure"] if split_band_row(m)[0] == "grouped"}
    ordered = [g.row for g in grouped_rows() if g.row in present]  # Table 2's order
    measures = ["overall", *ordered, *sorted(present - set(ordered))]
    return _band_group_profile(visible, withheld, measures, year, title)


@cached_chart
def _band_group_profile(
    visible: pd.DataFrame, withheld: pd.DataFrame, measures: list[str], year: str, title: str | None
) -> Chart:
    def published(measure: str, groups: tuple[str, ...]) -> bool:
        return not any(math.isnan(share(visible, measure, g)) for g in groups)

    # Every row that has a BME share is drawn: the finer groups only when every such row has
    # them, so no row is dropped to keep the finer breakdown (Table 3 prints it in full).
    rows = [m for m in measures if published(m, ("BME", "White"))]
    groups: tuple[str, ...] = ("Asian", "Black", "Mixed", "Other", "White")
    if not rows or not all(published(m, groups) for m in rows):
        groups = ("BME", "White")
    shown, omitted = [], []
    for measure in measures:
        label = "Overall" if measure == "overall" else band_label(measure)
        if measure in rows:
            shown.append((label, [share(visible, measure, g) for g in groups]))
        else:
            omitted.append(label)
    title = title or (
        f"Ethnic groups of staff of known ethnicity in each group of bands, {short_year(year)}"
    )

    figure = new_figure(max(FIGSIZE[1], 1.5 + 0.55 * len(shown)))
    ax = figure.add_subplot()
    y = np.arange(len(shown))[::-1]
    left = np.zeros(len(shown))
    for index, group in enumerate(groups):
        widths = np.array([values[index] for _, values in shown])
        bars = ax.barh(
            y,
            widths,
            left=left,
            color=GROUP_COLOURS[group],
            hatch=GROUP_HATCHES[group],
            edgecolor=INK,
            linewidth=0.8,
            label=group,
        )
        labels = [format_percent(w) if w >= 7 else "" for w in widths]
        ax.bar_label(
            bars,
            labels,
            label_type="center",
            fontsize=LABEL_SIZE,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85},
        )
        left += widths
    ax.set_yticks(y, [wrap_text(label, 28) for label, _ in shown])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of staff of known ethnicity")
    ax.legend(
        handles=group_legend(groups),
        loc="lower center",
        ncols=len(groups),
        frameon=False,
        bbox_to_anchor=(0.5, 1.0),
    )
    alt = findings.group_profile(year, shown, groups)
    return finish_chart(figure, title, alt, omitted, empty=not shown)


# --------------------------------------------------------------------------- indicators 2 to 8


def _measure_suffix(measure: str) -> str:
    words = [MEASURE_WORDS.get(part, part) for part in measure.split("|") if part != "all"]
    return f" ({', '.join(words)})" if words else ""


def group_comparison_chart(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    measure: str = "all",
    *,
    hidden: Hidden = None,
    level: float = 0.95,
    title: str | None = None,
) -> Chart:
    """Indicators 2–8: each ethnic group's percentage in one year, with interval error bars."""
    rows = chart_rows(metrics, indicator, "percent", hidden, year=year, measure=measure)
    return _group_comparison(*rows, indicator, year, measure, level, title)


@cached_chart
def _group_comparison(
    visible: pd.DataFrame,
    withheld: pd.DataFrame,
    indicator: int,
    year: str,
    measure: str,
    level: float,
    title: str | None,
) -> Chart:
    groups = [g for g in GROUP_ORDER if g != "Unknown"]
    shown = [
        (g, row["value"], row["ci_low"], row["ci_high"])
        for g in groups
        for _, row in visible[visible["group"] == g].head(1).iterrows()
        if not math.isnan(row["value"])
    ]
    omitted = [g for g in groups if g in set(withheld["group"])]
    what = PERCENT_TITLES[indicator] + _measure_suffix(measure)
    title = title or f"{what}, by ethnic group, {short_year(year)}"

    figure = new_figure()
    ax = figure.add_subplot()
    x = np.arange(len(shown))
    values = np.array([s[1] for s in shown], dtype=float)
    lows = np.array([s[2] for s in shown], dtype=float)
    highs = np.array([s[3] for s in shown], dtype=float)
    bars = ax.bar(
        x,
        values,
        0.6,
        color=[GROUP_COLOURS[s[0]] for s in shown],
        hatch=None,
        edgecolor=INK,
        linewidth=0.8,
    )
    for bar, (group, *_rest) in zip(bars, shown, strict=True):
        bar.set_hatch(GROUP_HATCHES[group])
    has_ci = ~(np.isnan(lows) | np.isnan(highs))
    if has_ci.any():
        yerr = np.vstack([values - lows, highs - values])
        yerr[:, ~has_ci] = 0
        ax.errorbar(x, values, yerr=yerr, fmt="none", ecolor=INK, capsize=6, linewidth=1.5)
    tops = np.where(has_ci, highs, values)
    for xi, top, value in zip(x, tops, values, strict=True):
        ax.annotate(
            format_percent(value),
            (xi, top),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=LABEL_SIZE,
        )
    ax.set_xticks(x, [s[0] for s in shown])
    ax.set_ylabel("%")
    ax.set_ylim(0, max(10.0, float(np.nanmax(tops)) * 1.18) if len(shown) else 100)
    interval = f"{level * 100:g}%"
    ax.text(
        1.0,
        1.0,
        f"Error bars: {interval} confidence intervals",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=LABEL_SIZE,
    )
    if shown:
        named = {s[0] for s in shown}
        rows = {g: visible[visible["group"] == g].iloc[0] for g in ("BME", "White") if g in named}
        clear = clear_difference(rows["BME"], rows["White"], level) if len(rows) == 2 else None
        alt = findings.group_comparison(what, year, {s[0]: s[1] for s in shown}, clear)
    else:
        alt = f"{what}: no groups to show for {short_year(year)}."
    return finish_chart(figure, title, alt, omitted, empty=not shown)


def trend_chart(
    metrics: pd.DataFrame,
    indicator: int,
    measure: str = "all",
    *,
    statistic: str | None = None,
    parity_band: tuple[float, float] | None = None,
    years: Sequence[str] | None = None,
    hidden: Hidden = None,
    level: float = 0.95,
    title: str | None = None,
) -> Chart:
    """An indicator over time: White and BME percentages, or the ratio with the parity band.

    ``statistic`` defaults to the ratio for indicators 2–4 and the percentage otherwise.
    """
    if statistic is None:
        statistic = "relative_likelihood" if indicator in RATIO_GROUP else "percent"
    rows = chart_rows(metrics, indicator, statistic, hidden, measure=measure)
    all_years = chart_years(pd.concat(rows), years)
    # Only the series drawn: a finer group hidden in one report leaves the chart as it was.
    drawn = [RATIO_GROUP[indicator]] if statistic == "relative_likelihood" else ["White", "BME"]
    visible, withheld = (r[r["group"].isin(drawn)].reset_index(drop=True) for r in rows)
    return _trend(
        visible, withheld, indicator, measure, statistic, parity_band, all_years, level, title
    )


@cached_chart
def _trend(
    visible: pd.DataFrame,
    withheld: pd.DataFrame,
    indicator: int,
    measure: str,
    statistic: str,
    parity_band: tuple[float, float] | None,
    all_years: list[str],
    level: float,
    title: str | None,
) -> Chart:
    figure = new_figure()
    ax = figure.add_subplot()
    if statistic == "relative_likelihood":
        series = {RATIO_GROUP[indicator]: (INK, "o", "-")}
        fmt = format_ratio
    else:
        series = {g: (GROUP_COLOURS[g], GROUP_MARKERS[g], "-") for g in ("White", "BME")}
        fmt = format_percent
    visible = visible[visible["year"].isin(all_years)]
    position = {year: i for i, year in enumerate(all_years)}
    drawn: dict[str, list[tuple[str, float]]] = {}
    omitted = []
    for group, (colour, marker, style) in series.items():
        rows = visible[visible["group"] == group].dropna(subset=["value"])
        rows = rows.sort_values("year")
        xs = [position[y] for y in rows["year"]]
        ax.plot(
            xs,
            rows["value"],
            color=colour,
            marker=marker,
            linestyle=style,
            linewidth=2.2,
            markersize=8,
            label=group,
        )
        if rows[["ci_low", "ci_high"]].notna().all(axis=None) and len(rows):
            ax.fill_between(
                xs,
                rows["ci_low"],
                rows["ci_high"],
                color=colour,
                alpha=0.15,
                linewidth=0,
                label=f"{group}: {level * 100:g}% interval",
            )
        for xi, value in zip(xs, rows["value"], strict=True):
            ax.annotate(
                fmt(value),
                (xi, value),
                xytext=(0, 8),
                textcoords="offset points",
                ha="center",
                fontsize=LABEL_SIZE,
                color=INK,
            )
        if len(rows):
            drawn[group] = list(zip(rows["year"], rows["value"].astype(float), strict=True))
        for y in withheld.loc[withheld["group"] == group, "year"]:
            if y in position:
                omitted.append(f"{group} {short_year(y)}")
    if statistic == "relative_likelihood":
        ax.axhline(1.0, color=INK, linewidth=1, linestyle="--", label="Equal likelihood (1.00)")
        if parity_band is not None:
            ax.axhspan(
                *parity_band,
                facecolor="#999999",
                alpha=0.2,
                hatch="..",
                edgecolor="#999999",
                label=f"Fair range {format_ratio(parity_band[0])}–{format_ratio(parity_band[1])}",
            )
        ax.set_ylabel(f"Relative likelihood ({RATIO_GROUP[indicator]})")
        ax.set_ylim(bottom=0)
        what = RATIO_TITLES[indicator] + _measure_suffix(measure)
    else:
        ax.set_ylabel("%")
        ax.set_ylim(bottom=0)
        what = PERCENT_TITLES[indicator] + _measure_suffix(measure)
    ax.set_xticks(range(len(all_years)), [short_year(y) for y in all_years])
    ax.margins(x=0.08)
    ax.legend(frameon=False, loc="best")
    # The title names the years the chart draws, not the years it could have drawn.
    plotted = sorted({year for points in drawn.values() for year, _ in points}) or all_years
    span = (
        "no years"
        if not plotted
        else short_year(plotted[0])
        if len(plotted) == 1
        else f"{short_year(plotted[0])} to {short_year(plotted[-1])}"
    )
    title = title or f"{what}, {span}"
    if not drawn:
        alt = f"{what}: no values to show, {span}."
    elif statistic == "relative_likelihood":
        alt = findings.ratio_trend(what, next(iter(drawn.values())), parity_band)
    else:
        alt = findings.percent_trend(what, drawn)
    return finish_chart(figure, title, alt, omitted, empty=not drawn)


# --------------------------------------------------------------------------- indicator 9


def board_chart(
    metrics: pd.DataFrame,
    *,
    years: Sequence[str] | None = None,
    hidden: Hidden = None,
    title: str | None = None,
) -> Chart:
    """Indicator 9 over time: Board % BME minus workforce % BME for all, voting, executive."""
    visible, withheld = chart_rows(metrics, 9, "difference_pp", hidden)
    return _board(visible, withheld, years, title)


@cached_chart
def _board(
    visible: pd.DataFrame,
    withheld: pd.DataFrame,
    years: Sequence[str] | None,
    title: str | None,
) -> Chart:
    all_years = chart_years(pd.concat([visible, withheld]), years)
    position = {year: i for i, year in enumerate(all_years)}
    figure = new_figure()
    ax = figure.add_subplot()
    drawn: dict[str, list[tuple[str, float]]] = {}
    omitted = []
    end_labels: dict[tuple[int, float], list[str]] = {}
    for measure, (label, marker, style) in BOARD_SERIES.items():
        rows = visible[(visible["measure"] == measure) & visible["year"].isin(all_years)]
        rows = rows.dropna(subset=["value"]).sort_values("year")
        xs = [position[y] for y in rows["year"]]
        ax.plot(
            xs,
            rows["value"],
            color=GROUP_COLOURS["BME"],
            marker=marker,
            linestyle=style,
            linewidth=2.2,
            markersize=8,
            markeredgecolor=INK,
            label=label,
        )
        if len(rows):
            key = (xs[-1], round(float(rows["value"].iloc[-1]), 1))
            end_labels.setdefault(key, []).append(label)
            drawn[label] = list(zip(rows["year"], rows["value"].astype(float), strict=True))
        omitted += [
            f"{label} {short_year(y)}"
            for y in withheld.loc[withheld["measure"] == measure, "year"]
            if y in position
        ]
    for (xi, value), labels in end_labels.items():  # one label where lines end together
        ax.annotate(
            " and ".join(labels),
            (xi, value),
            xytext=(10, 0),
            textcoords="offset points",
            va="center",
            fontsize=LABEL_SIZE,
        )
    ax.axhline(0, color=INK, linewidth=1, linestyle="-")
    ax.annotate(
        "Same share as the workforce",
        (0, 0),
        xytext=(0, 4),
        textcoords="offset points",
        fontsize=LABEL_SIZE,
        va="bottom",
    )
    ax.set_xticks(range(len(all_years)), [short_year(y) for y in all_years])
    ax.margins(x=0.25)
    ax.set_ylabel("Board % BME minus workforce % BME\n(percentage points)")
    ax.legend(frameon=False, loc="best")
    span = f"{short_year(all_years[0])} to {short_year(all_years[-1])}" if all_years else "no years"
    title = title or f"Board representation compared with the workforce, {span}"
    alt = findings.board(drawn) if drawn else f"No Board figures to show, {span}."
    return finish_chart(figure, title, alt, omitted, empty=not drawn)


def indicator_charts(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    years: Sequence[str] | None,
    parity_band: tuple[float, float],
    *,
    hidden: Hidden = None,
) -> list[Chart]:
    """The report's charts for one indicator, leaving out charts with nothing to draw (every
    value hidden or missing): an empty frame tells a reader nothing."""
    frame = metrics.copy()
    frame["indicator"] = frame["indicator"].astype(int)
    this_year = frame[(frame["indicator"] == indicator) & (frame["year"] == year)]
    measures = set(this_year["measure"])
    found: list[Chart] = []
    if indicator == 1:
        for workforce in ("non-clinical", "clinical", "medical"):
            if any(split_band_row(m)[0] == workforce for m in measures):
                found.append(band_representation_chart(frame, year, workforce, hidden=hidden))
        if any(split_band_row(m)[0] == "grouped" for m in measures):
            found.append(band_group_profile_chart(frame, year, hidden=hidden))
    elif indicator == 9:
        if (frame[frame["indicator"] == 9]["statistic"] == "difference_pp").any():
            found.append(board_chart(frame, years=years, hidden=hidden))
    elif "all" in measures:
        found.append(group_comparison_chart(frame, indicator, year, hidden=hidden))
        found.append(
            trend_chart(frame, indicator, parity_band=parity_band, years=years, hidden=hidden)
        )
    return [chart for chart in found if not chart.empty]
