"""The house style and every chart in the report.

One look throughout, readable at Board-paper size (9 × 5 in, base font 12 pt) and safe for
colour-vision deficiencies: colours come only from :mod:`wres_lib.style`, and nothing relies on
colour alone (markers, hatches, line styles, legends and direct labels carry the same meaning).

Each function returns a :class:`Chart` whose title and alt text are generated from the data it
draws. Public mode: pass ``hidden`` (a set of ``(measure, group)`` pairs) or give the metrics a
boolean ``hidden`` column, and those values are left out and the alt text says so. Where shares
add up to 100 % (indicator 1), a band with any hidden group is left out whole, because the rest
would reveal it.

Figures are plain :class:`matplotlib.figure.Figure` objects (not pyplot's), so a notebook does
not display them twice; rendering is deterministic (fixed DPI, fonts bundled with matplotlib, no
"Software" metadata), so the same data give byte-identical PNGs.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from markupsafe import escape  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from wres_lib.bands import band_sort_key, split_band_row  # noqa: E402
from wres_lib.narrative import RATIO_GROUP, band_label, prepare_metrics  # noqa: E402
from wres_lib.style import (  # noqa: E402
    GROUP_COLOURS,
    GROUP_HATCHES,
    GROUP_MARKERS,
    GROUP_ORDER,
    RAG_COLOURS,
    format_percent,
    format_ratio,
)

FIGSIZE = (9.0, 5.0)
DPI = 150
INK = "#222222"  # text, axes and series that belong to no ethnic group
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "text.parse_math": False,  # a "$" in a title is text, not mathematics
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.8,
    "hatch.color": INK,
    "svg.hashsalt": "wres",
}
LABEL_SIZE = 11
RAG_WORDS = {"B": "Not started", "R": "Not on track", "A": "On track", "G": "Complete"}
RAG_ORDER = ("B", "R", "A", "G")
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

Hidden = Collection[tuple[str, str]] | None


@dataclass(eq=False)
class Chart:
    """A finished chart: the figure, its title and generated alt text.

    Rendering (``png()`` or display in a notebook) draws the figure once, keeps the PNG bytes
    and releases the figure.
    """

    figure: Figure | None
    title: str
    alt_text: str
    caption: str = ""
    _png: bytes | None = field(default=None, repr=False)

    def png(self) -> bytes:
        """The chart as PNG bytes (deterministic for the same data)."""
        if self._png is None:
            if self.figure is None:
                raise ValueError("chart has no figure to render")
            buffer = io.BytesIO()
            with matplotlib.rc_context(RC):
                self.figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
            self._png = buffer.getvalue()
            self.figure.clear()
            self.figure = None
        return self._png

    def save(self, path: str) -> None:
        """Write the PNG to ``path``."""
        with open(path, "wb") as handle:
            handle.write(self.png())

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png()).decode("ascii")
        caption = self.caption or self.title
        return (
            '<figure class="wres-chart">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt_text)}" '
            'style="max-width:100%;height:auto">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )


# --------------------------------------------------------------------------- helpers


def _share(visible: pd.DataFrame, measure: str, group: str) -> float:
    """An indicator 1 share; % White is 100 − % BME when only BME was published (both are
    shares of staff of known ethnicity)."""
    value = _value_of(visible, measure=measure, group=group)
    if math.isnan(value) and group == "White":
        value = 100.0 - _value_of(visible, measure=measure, group="BME")
    return value


def _figure(height: float = FIGSIZE[1]) -> Figure:
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(FIGSIZE[0], height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _wrap(text: str, width: int = 70) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _select(
    metrics: pd.DataFrame,
    indicator: int,
    statistic: str,
    hidden: Hidden,
    year: str | None = None,
    measure: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(visible rows with a value, rows withheld) for one indicator and statistic."""
    frame = metrics.copy()
    frame["indicator"] = frame["indicator"].astype(int)
    frame = frame[(frame["indicator"] == indicator) & (frame["statistic"] == statistic)]
    if year is not None:
        frame = frame[frame["year"] == year]
    if measure is not None:
        frame = frame[frame["measure"] == measure]
    withheld = np.zeros(len(frame), dtype=bool)
    if "hidden" in frame.columns:
        withheld |= frame["hidden"].fillna(False).astype(bool).to_numpy()
    if hidden:
        pairs = {(str(m), str(g)) for m, g in hidden}
        withheld |= np.array(
            [(m, g) in pairs for m, g in zip(frame["measure"], frame["group"], strict=True)],
            dtype=bool,
        )
    frame = prepare_metrics(frame)
    return frame[~withheld], frame[withheld]


def _value_of(frame: pd.DataFrame, **where: str) -> float:
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    return math.nan if rows.empty else float(rows["value"].iloc[0])


def _finish(
    figure: Figure, title: str, alt: str, withheld: Sequence[str], caption: str = ""
) -> Chart:
    if withheld:
        alt += " Not shown, to protect small numbers: " + ", ".join(withheld) + "."
    figure.suptitle(_wrap(title), fontsize=RC["axes.titlesize"], x=0.01, ha="left")
    return Chart(figure, title, alt, caption or title)


def _group_legend(groups: Sequence[str]) -> list[Patch]:
    return [
        Patch(
            facecolor=GROUP_COLOURS[g],
            hatch=GROUP_HATCHES[g],
            edgecolor=INK,
            label=g,
            linewidth=0.8,
        )
        for g in groups
    ]


def _years(frame: pd.DataFrame, years: Sequence[str] | None) -> list[str]:
    found = sorted(set(frame["year"]))
    return [y for y in found if y in years] if years is not None else found


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
    visible, withheld = _select(metrics, 1, "percent", hidden, year=year)
    band_rows = sorted(
        {m for m in metrics["measure"] if split_band_row(m)[0] == workforce}, key=band_sort_key
    )
    # % White is 100 - % BME among known ethnicity, so only a withheld BME share hides a band;
    # hidden finer groups (Mixed, Other...) do not matter to this chart.
    hidden_bands = set(withheld.loc[withheld["group"] == "BME", "measure"])
    shown, omitted = [], []
    for measure in band_rows:
        bme = _share(visible, measure, "BME")
        white = _share(visible, measure, "White")
        if measure in hidden_bands:
            omitted.append(split_band_row(measure)[1])
        elif not (math.isnan(bme) or math.isnan(white)):
            shown.append((split_band_row(measure)[1], white, bme))
    overall_bme = _value_of(visible, measure="overall", group="BME")
    overall_white = _share(visible, "overall", "White")
    unit = "grade" if workforce == "medical" else "band"
    title = title or f"{workforce.capitalize()} staff: % BME and % White at each {unit}, {year}"

    figure = _figure()
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

    described = "; ".join(
        f"{band} BME {format_percent(b)}, White {format_percent(w)}" for band, w, b in shown
    )
    alt = (
        "Bar chart: % BME and % White staff of known ethnicity at each "
        f"{workforce} {unit} in {year}"
    )
    if not math.isnan(overall_bme):
        alt += f", against the overall BME share of {format_percent(overall_bme)}"
    alt += f": {described}." if shown else ": no bands to show."
    return _finish(figure, title, alt, omitted)


def band_group_profile_chart(
    metrics: pd.DataFrame, year: str, *, hidden: Hidden = None, title: str | None = None
) -> Chart:
    """Indicator 1: the ethnic-group mix of the whole workforce and of each grouped band row."""
    groups: tuple[str, ...] = ("Asian", "Black", "Mixed", "Other", "White")
    visible, withheld = _select(metrics, 1, "percent", hidden, year=year)
    measures = ["overall"] + [
        m for m in dict.fromkeys(metrics["measure"]) if split_band_row(m)[0] == "grouped"
    ]
    complete = any(
        not any(math.isnan(_value_of(visible, measure=m, group=g)) for g in groups)
        for m in measures[1:]
    )
    if not complete:  # no finer breakdown published: show BME and White only
        groups = ("BME", "White")
    hidden_rows = set(withheld["measure"])
    shown, omitted = [], []
    for measure in measures:
        label = "Overall" if measure == "overall" else band_label(measure)
        values = [_share(visible, measure, g) for g in groups]
        if measure in hidden_rows:
            omitted.append(label)
        elif not any(math.isnan(v) for v in values):
            shown.append((label, values))
    title = title or f"Ethnic groups of staff of known ethnicity in each group of bands, {year}"

    figure = _figure(max(FIGSIZE[1], 1.5 + 0.55 * len(shown)))
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
    ax.set_yticks(y, [_wrap(label, 28) for label, _ in shown])
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of staff of known ethnicity")
    ax.legend(
        handles=_group_legend(groups),
        loc="lower center",
        ncols=len(groups),
        frameon=False,
        bbox_to_anchor=(0.5, 1.0),
    )
    described = "; ".join(
        label
        + ": "
        + ", ".join(f"{g} {format_percent(v)}" for g, v in zip(groups, values, strict=True))
        for label, values in shown
    )
    alt = f"Stacked bar chart: ethnic groups of staff of known ethnicity in {year}. {described}."
    return _finish(figure, title, alt, omitted)


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
    visible, withheld = _select(metrics, indicator, "percent", hidden, year=year, measure=measure)
    groups = [g for g in GROUP_ORDER if g != "Unknown"]
    shown = [
        (g, row["value"], row["ci_low"], row["ci_high"])
        for g in groups
        for _, row in visible[visible["group"] == g].head(1).iterrows()
        if not math.isnan(row["value"])
    ]
    omitted = [g for g in groups if g in set(withheld["group"])]
    what = PERCENT_TITLES[indicator] + _measure_suffix(measure)
    title = title or f"{what}, by ethnic group, {year}"

    figure = _figure()
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
    described = ", ".join(
        f"{g} {format_percent(v)}"
        + (f" ({format_percent(lo)} to {format_percent(hi)})" if not math.isnan(lo) else "")
        for g, v, lo, hi in shown
    )
    alt = f"Bar chart: {what[0].lower() + what[1:]} in {year}, with {interval} intervals: "
    alt += f"{described}." if shown else "no groups to show."
    return _finish(figure, title, alt, omitted)


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
    visible, withheld = _select(metrics, indicator, statistic, hidden, measure=measure)
    figure = _figure()
    ax = figure.add_subplot()
    if statistic == "relative_likelihood":
        series = {RATIO_GROUP[indicator]: (INK, "o", "-")}
        fmt = format_ratio
    else:
        series = {g: (GROUP_COLOURS[g], GROUP_MARKERS[g], "-") for g in ("White", "BME")}
        fmt = format_percent
    all_years = _years(pd.concat([visible, withheld]), years)
    visible = visible[visible["year"].isin(all_years)]
    position = {year: i for i, year in enumerate(all_years)}
    descriptions, omitted = [], []
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
            descriptions.append(
                f"{group}: "
                + ", ".join(
                    f"{y} {fmt(v)}" for y, v in zip(rows["year"], rows["value"], strict=True)
                )
            )
        for y in withheld.loc[withheld["group"] == group, "year"]:
            if y in position:
                omitted.append(f"{group} {y}")
    if statistic == "relative_likelihood":
        ax.axhline(1.0, color=INK, linewidth=1, linestyle="--", label="Equal likelihood (1.00)")
        if parity_band is not None:
            ax.axhspan(
                *parity_band,
                facecolor="#999999",
                alpha=0.2,
                hatch="..",
                edgecolor="#999999",
                label=f"Non-adverse range {format_ratio(parity_band[0])}–"
                f"{format_ratio(parity_band[1])}",
            )
        ax.set_ylabel(f"Relative likelihood ({RATIO_GROUP[indicator]})")
        ax.set_ylim(bottom=0)
        what = RATIO_TITLES[indicator] + _measure_suffix(measure)
    else:
        ax.set_ylabel("%")
        ax.set_ylim(bottom=0)
        what = PERCENT_TITLES[indicator] + _measure_suffix(measure)
    ax.set_xticks(range(len(all_years)), all_years)
    ax.margins(x=0.08)
    ax.legend(frameon=False, loc="best")
    span = f"{all_years[0]} to {all_years[-1]}" if all_years else "no years"
    title = title or f"{what}, {span}"
    alt = f"Line chart: {what[0].lower() + what[1:]}, {span}"
    if statistic == "relative_likelihood" and parity_band is not None:
        alt += (
            f", with the {format_ratio(parity_band[0])}–{format_ratio(parity_band[1])} range shaded"
        )
    alt += ". " + ("; ".join(descriptions) + "." if descriptions else "No values to show.")
    return _finish(figure, title, alt, omitted)


# --------------------------------------------------------------------------- indicator 9


def board_chart(
    metrics: pd.DataFrame,
    *,
    years: Sequence[str] | None = None,
    hidden: Hidden = None,
    title: str | None = None,
) -> Chart:
    """Indicator 9 over time: Board % BME minus workforce % BME for all, voting, executive."""
    visible, withheld = _select(metrics, 9, "difference_pp", hidden)
    all_years = _years(pd.concat([visible, withheld]), years)
    position = {year: i for i, year in enumerate(all_years)}
    figure = _figure()
    ax = figure.add_subplot()
    descriptions, omitted = [], []
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
            descriptions.append(
                f"{label}: "
                + ", ".join(
                    f"{y} {v:+.1f}" for y, v in zip(rows["year"], rows["value"], strict=True)
                )
            )
        omitted += [
            f"{label} {y}"
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
    ax.set_xticks(range(len(all_years)), all_years)
    ax.margins(x=0.25)
    ax.set_ylabel("Board % BME minus workforce % BME\n(percentage points)")
    ax.legend(frameon=False, loc="best")
    span = f"{all_years[0]} to {all_years[-1]}" if all_years else "no years"
    title = title or f"Board representation compared with the workforce, {span}"
    alt = (
        "Line chart: the difference in percentage points between the Board's % BME and the "
        f"workforce's % BME, {span} (below zero means under-represented). "
    )
    alt += "; ".join(descriptions) + "." if descriptions else "No values to show."
    return _finish(figure, title, alt, omitted)


# --------------------------------------------------------------------------- Model Employer


def model_employer_chart(
    trajectory_frame: pd.DataFrame,
    *,
    target_percent: float | None = None,
    target_year: int | None = None,
    senior_from_band: str | None = None,
    title: str | None = None,
) -> Chart:
    """Model Employer: actual % BME at senior bands against the straight-line trajectory.

    Takes :func:`wres_lib.model_employer.trajectory`'s frame; target details default to its
    ``attrs``.
    """
    attrs = trajectory_frame.attrs
    target_percent = target_percent if target_percent is not None else attrs.get("target_percent")
    target_year = target_year if target_year is not None else attrs.get("target_year")
    band = senior_from_band or attrs.get("senior_from_band", "Band 8a")
    frame = trajectory_frame.reset_index(drop=True)
    x = np.arange(len(frame))
    figure = _figure()
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
    ax.set_xticks(x, frame["year"])
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
    parts = []
    for year, a, p in zip(frame["year"], actual, path, strict=True):
        bits = [f"actual {format_percent(a)}" if not math.isnan(a) else "no data yet"]
        if not math.isnan(p):
            bits.append(f"trajectory {format_percent(p)}")
        parts.append(f"{year} " + ", ".join(bits))
    alt = (
        f"Line chart: % BME staff at {band} and above against the Model Employer trajectory"
        f"{target_text}: " + "; ".join(parts) + "."
    )
    return _finish(figure, title, alt, [])


# --------------------------------------------------------------------------- action plan


def rag_summary_chart(
    summary: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    title: str = "Action plan: actions by RAG status for each objective",
) -> Chart:
    """Stacked bars of action counts per objective in RAG colours, each segment with its word.

    ``summary`` has columns objective, status (B/R/A/G), count (``action_plan.rag_summary``);
    ``labels`` is the plan's key (defaults: Not started, Not on track, On track, Complete).
    """
    words = {**RAG_WORDS, **(labels or {})}
    table = summary.pivot_table(
        index="objective", columns="status", values="count", aggfunc="sum", fill_value=0, sort=False
    )
    statuses = [s for s in RAG_ORDER if s in table.columns]
    objectives = list(dict.fromkeys(summary["objective"]))
    table = table.reindex(index=objectives, columns=statuses, fill_value=0)
    figure = _figure(max(FIGSIZE[1], 1.6 + 0.7 * len(objectives)))
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
    ax.set_yticks(y, [_wrap(str(o), 34) for o in objectives])
    ax.set_xlabel("Number of actions")
    ax.set_xlim(0, max(1.0, float(left.max()) if len(left) else 1.0))
    ax.legend(loc="lower center", ncols=len(statuses), frameon=False, bbox_to_anchor=(0.5, 1.0))
    described = "; ".join(
        f"{objective}: "
        + ", ".join(
            f"{int(table.loc[objective, s])} {words[s]}"
            for s in statuses
            if table.loc[objective, s]
        )
        for objective in objectives
    )
    alt = f"Stacked bar chart: number of actions by RAG status for each objective. {described}."
    return _finish(figure, title, alt, [])


def indicator_charts(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    years: Sequence[str] | None,
    parity_band: tuple[float, float],
    *,
    hidden: Hidden = None,
) -> list[Chart]:
    """The report's charts for one indicator, leaving out charts with nothing to draw."""
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
    return found
