"""Funnel plots: each organisation's figure against its size, with 95 % and 99.8 % limits.

The usual NHS way to compare providers fairly (Spiegelhalter, "Funnel plots for comparing
institutional performance", Statistics in Medicine 2005): a small trust's figure varies more
by chance than a large one's, so the limits narrow as size grows, and only a point outside
them differs by more than chance would explain. 95 % limits (about 2 standard deviations)
flag a figure to look at; 99.8 % (about 3) a clear difference.

* **Percentages** (a group's rate, e.g. BME staff reporting harassment): the target is the
  group's pooled rate (all numerators over all denominators); the limits are the exact
  binomial quantiles with Spiegelhalter's interpolation (his appendix A.1.1), so they are
  right for small denominators too.
* **Relative likelihoods** ((a/n1)/(c/n2), e.g. White/BME appointment): the target is the
  ratio of the pooled rates; the limits are target × exp(± z·s(n)), where s(n)² is the Katz
  variance of the log ratio for an organisation of size n = n1 + n2 with the pooled rates and
  the pooled share of the first group (n1 = share·n). Size is then a single number a reader
  understands (people shortlisted, staff), at the cost of assuming every organisation's
  ethnic mix is the pooled one; the method note says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from scipy.stats import binom, norm

from wres_lib.present.chart_cache import cached_chart
from wres_lib.present.chart_style import INK, LABEL_SIZE, Chart, finish_chart, new_figure
from wres_lib.present.style import format_percent, format_ratio

LEVELS = (0.95, 0.998)
LEVEL_NAMES = {0.95: "95%", 0.998: "99.8%"}
LINE_STYLES = {0.95: "--", 0.998: ":"}
ABOVE, BELOW = "above", "below"


def binomial_limit(target: float, n: int, probability: float) -> float:
    """The ``probability`` quantile of a proportion from ``n`` at rate ``target``, as a
    proportion, interpolated between whole counts (Spiegelhalter 2005, appendix A.1.1)."""
    if n <= 0:
        raise ValueError("a size of at least 1")
    r = float(binom.ppf(probability, n, target))
    at, below = float(binom.cdf(r, n, target)), float(binom.cdf(r - 1, n, target))
    alpha = (at - probability) / (at - below) if at > below else 0.0
    return min(1.0, max(0.0, (r - alpha) / n))


def percent_limits(target: float, n: int, level: float) -> tuple[float, float]:
    """Lower and upper limits, in percent, for a rate of ``target`` (a proportion) over ``n``."""
    tail = (1 - level) / 2
    return 100 * binomial_limit(target, n, tail), 100 * binomial_limit(target, n, 1 - tail)


def ratio_limits(
    target: float, rates: tuple[float, float], share: float, n: float, level: float
) -> tuple[float, float]:
    """Limits of a relative likelihood for an organisation of size ``n`` (see the module)."""
    p_a, p_b = rates
    z = float(norm.ppf(1 - (1 - level) / 2))
    variance = (1 - p_a) / (p_a * share * n) + (1 - p_b) / (p_b * (1 - share) * n)
    spread = z * math.sqrt(variance)
    return target * math.exp(-spread), target * math.exp(spread)


@dataclass(frozen=True)
class FunnelPoint:
    """One organisation: its label, size and figure (percent, or ratio)."""

    org: str
    size: int
    value: float


@dataclass(frozen=True)
class Funnel:
    """Points, the target and what the limits need."""

    kind: Literal["percent", "ratio"]
    points: tuple[FunnelPoint, ...]
    target: float  # proportion (percent funnels) or ratio
    rates: tuple[float, float] = (math.nan, math.nan)  # pooled rates (ratio funnels)
    share: float = math.nan  # pooled share of the ratio's first group

    def limits(self, n: float, level: float) -> tuple[float, float]:
        if self.kind == "percent":
            return percent_limits(self.target, int(n), level)
        return ratio_limits(self.target, self.rates, self.share, n, level)

    @property
    def centre(self) -> float:
        """The target line as plotted (percent or ratio)."""
        return 100 * self.target if self.kind == "percent" else self.target

    def outside(self, point: FunnelPoint, level: float) -> str:
        """``above``, ``below`` or ``""`` (inside or on) the limits at ``level``."""
        low, high = self.limits(point.size, level)
        if point.value > high:
            return ABOVE
        if point.value < low:
            return BELOW
        return ""


def percent_funnel(rows: Sequence[tuple[str, int, int]]) -> Funnel:
    """A funnel of rates from (org, numerator, denominator); rows with no denominator left out."""
    rows = [(org, k, n) for org, k, n in rows if n > 0]
    if not rows:
        raise ValueError("at least one organisation with a denominator")
    target = sum(k for _, k, _ in rows) / sum(n for _, _, n in rows)
    points = tuple(FunnelPoint(org, n, 100 * k / n) for org, k, n in rows)
    return Funnel("percent", points, target)


def ratio_funnel(rows: Sequence[tuple[str, int, int, int, int]]) -> Funnel:
    """A funnel of relative likelihoods (a/n1)/(c/n2) from (org, a, n1, c, n2).

    A ratio with a zero rate in either group is undefined and not plotted; it still counts
    towards the pooled rates.
    """
    rows = [row for row in rows if row[2] > 0 and row[4] > 0]
    a, n1, c, n2 = (sum(row[i] for row in rows) for i in range(1, 5))
    if not rows or a == 0 or c == 0:
        raise ValueError("pooled counts with a rate above zero in both groups")
    rates = (a / n1, c / n2)
    points = tuple(
        FunnelPoint(org, m1 + m2, (x / m1) / (y / m2))
        for org, x, m1, y, m2 in rows
        if x > 0 and y > 0
    )
    return Funnel("ratio", points, rates[0] / rates[1], rates, n1 / (n1 + n2))


# --------------------------------------------------------------------------------------------
# The chart


def _sizes(funnel: Funnel) -> np.ndarray:
    sizes = [p.size for p in funnel.points]
    low, high = max(1, min(sizes) // 2), max(sizes) * 1.1
    return np.unique(np.geomspace(low, high, 200).round().astype(int))


def funnel_findings(funnel: Funnel, label: str) -> str:
    """Which organisations lie outside the limits, in words (the chart's alt text)."""
    parts = []
    for band, where in (("99.8", "the 99.8% limit"), ("95", "the 95% limit only")):
        for side in (ABOVE, BELOW):
            orgs = [
                p.org
                for p in funnel.points
                if _band(funnel, p) == band and funnel.outside(p, LEVELS[0]) == side
            ]
            if orgs:
                parts.append(f"{side.capitalize()} {where}: {', '.join(orgs)}.")
    if funnel.kind == "percent":
        target = format_percent(funnel.centre)
    else:
        target = format_ratio(funnel.centre)
    outside = " ".join(parts) or "Every organisation is within the 95% limits."
    return (
        f"Funnel plot of {label} for {len(funnel.points)} organisations against their size, "
        f"with the pooled figure ({target}) and 95% and 99.8% limits. {outside}"
    )


@cached_chart
def funnel_chart(
    funnel: Funnel,
    title: str,
    label: str,
    y_label: str,
    x_label: str,
    withheld: Sequence[str] = (),
) -> Chart:
    """The funnel in house style: limits as lines (dashed 95 %, dotted 99.8 %), organisations
    as points whose shape says where they lie (never colour alone), those outside 99.8 %
    labelled with their code."""
    figure = new_figure()
    axes = figure.add_subplot()
    sizes = _sizes(funnel)
    axes.axhline(funnel.centre, color=INK, linewidth=1.2, label="Pooled figure (target)")
    for level in LEVELS:
        bounds = np.array([funnel.limits(n, level) for n in sizes])
        style = {"color": "#0072B2", "linestyle": LINE_STYLES[level], "linewidth": 1.4}
        axes.plot(sizes, bounds[:, 0], label=f"{LEVEL_NAMES[level]} limits", **style)
        axes.plot(sizes, bounds[:, 1], **style)
    marks = {
        "": ("o", "none", "Within the 95% limits"),
        "95": ("^", INK, "Outside the 95% limits"),
        "99.8": ("s", "#C26A00", "Outside the 99.8% limits"),
    }
    for key, (marker, face, name) in marks.items():
        chosen = [p for p in funnel.points if _band(funnel, p) == key]
        if chosen:
            axes.scatter(
                [p.size for p in chosen],
                [p.value for p in chosen],
                marker=marker,
                facecolors=face,
                edgecolors=INK,
                s=42,
                linewidths=1.0,
                label=name,
                zorder=3,
            )
        if key == "99.8":
            for p in chosen:
                axes.annotate(
                    p.org,
                    (p.size, p.value),
                    xytext=(4, 4),
                    textcoords="offset points",
                    fontsize=LABEL_SIZE - 1,
                )
    axes.set_xscale("log")  # sizes run from hundreds to tens of thousands
    axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.legend(loc="best", frameon=False)
    return finish_chart(figure, title, funnel_findings(funnel, label), withheld)


def _band(funnel: Funnel, point: FunnelPoint) -> str:
    if funnel.outside(point, LEVELS[1]):
        return "99.8"
    if funnel.outside(point, LEVELS[0]):
        return "95"
    return ""
