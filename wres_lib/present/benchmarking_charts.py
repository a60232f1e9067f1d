"""One chart per indicator placing the trust among other trusts (the benchmarking section).

Rows for England, the trust's region and its trust type; in each, a dot per other trust, a
bar at their median and this trust's figure as a large diamond, so the position reads without
colour. House style from :mod:`wres_lib.present.chart_style`.
"""

from __future__ import annotations

import numpy as np

from wres_lib.measure.benchmarking import Benchmark
from wres_lib.present.chart_cache import cached_chart
from wres_lib.present.chart_style import (
    INK,
    LABEL_SIZE,
    Chart,
    finish_chart,
    new_figure,
    wrap_text,
)
from wres_lib.present.style import GROUP_COLOURS

PEER_COLOUR = "#767676"  # 4.5:1 on white; the trust itself is drawn in ink
MEDIAN_COLOUR = GROUP_COLOURS["White"]  # Okabe-Ito blue, 5.2:1 on white
ROW_HEIGHT = 0.9


@cached_chart
def benchmark_chart(
    result: Benchmark,
    peers: dict[str, list[float]],
    labels: dict[str, str],
    title: str,
    axis_label: str,
    alt: str,
    reference: float | None = None,
) -> Chart:
    """``peers``: each scope's other trusts' values; ``labels``: each scope's row name and the
    legend's words; ``reference``: where equality lies (1.00 for a ratio, 0 for the Board)."""
    scopes = [s.scope for s in result.standings]
    figure = new_figure(height=1.6 + ROW_HEIGHT * len(scopes))
    ax = figure.add_subplot()
    for row, standing in enumerate(result.standings):
        values = np.sort(np.asarray(peers[standing.scope], dtype=float))
        # Spread the dots up and down a little (fixed seed: same data, same picture), so
        # trusts with equal values stay visible.
        offsets = np.random.default_rng(row).uniform(-0.22, 0.22, len(values))
        y = len(scopes) - 1 - row
        ax.scatter(
            values,
            y + offsets,
            s=16,
            color=PEER_COLOUR,
            alpha=0.8,
            linewidths=0,
            label=labels["other"] if row == 0 else None,
        )
        ax.plot(
            [standing.median] * 2,
            [y - 0.32, y + 0.32],
            color=MEDIAN_COLOUR,
            linewidth=3,
            label=labels["median"] if row == 0 else None,
        )
        ax.scatter(
            [result.value],
            [y],
            s=150,
            marker="D",
            color=INK,
            edgecolors="white",
            linewidths=1.2,
            zorder=3,
            label=labels["self"] if row == 0 else None,
        )
    if reference is not None:
        ax.axvline(reference, color=INK, linestyle="--", linewidth=1, zorder=1)
    ax.set_yticks(range(len(scopes)), [wrap_text(labels[s], 20) for s in reversed(scopes)])
    ax.set_ylim(-0.6, len(scopes) - 0.4)
    ax.set_xlabel(axis_label)
    ax.tick_params(axis="y", labelsize=LABEL_SIZE)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.25), ncols=3, frameon=False)
    return finish_chart(figure, title, alt, ())
