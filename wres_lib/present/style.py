"""The house style: one palette, one set of RAG colours, one rounding rule.

Colours come from the Okabe-Ito palette (safe for the common colour-vision deficiencies), and
nothing relies on colour alone: every group also has a marker and hatch, every RAG status its
word.
"""

from __future__ import annotations

from dataclasses import dataclass

GROUP_ORDER = ("White", "BME", "Asian", "Black", "Mixed", "Other", "Unknown")

# Okabe-Ito hues, darkened where needed so every series has at least 3:1 contrast against the
# white page (WCAG 1.4.11, graphics): BME 3.9, Asian 4.9, Black 6.1, Mixed 6.3, Other 6.4.
GROUP_COLOURS = {
    "White": "#0072B2",
    "BME": "#C26A00",
    "Asian": "#008060",
    "Black": "#AA3377",
    "Mixed": "#6A51A3",
    "Other": "#8C510A",
    "Unknown": "#767676",
}
GROUP_MARKERS = {
    "White": "o",
    "BME": "s",
    "Asian": "^",
    "Black": "D",
    "Mixed": "v",
    "Other": "P",
    "Unknown": "X",
}
GROUP_HATCHES = {
    "White": "",
    "BME": "//",
    "Asian": "\\\\",
    "Black": "xx",
    "Mixed": "..",
    "Other": "--",
    "Unknown": "++",
}

# Decimal places as seed 003 prints them; values stay unrounded everywhere else.
PERCENT_DP = 1
RATIO_DP = 2


@dataclass(frozen=True)
class RagColour:
    fill: str
    text: str


# Text on each fill has at least 4.5:1 contrast (WCAG 1.4.3): white on blue 5.2, black on
# vermilion 5.4, amber 9.3 and green 6.1 (white on the last two was 3.9 and 3.4).
RAG_COLOURS = {
    "B": RagColour("#0072B2", "#FFFFFF"),
    "R": RagColour("#D55E00", "#000000"),
    "A": RagColour("#E69F00", "#000000"),
    "G": RagColour("#009E73", "#000000"),
}


def format_percent(value: float | None) -> str:
    """``25.5729`` -> ``25.6%``; missing -> empty."""
    if value is None or value != value:
        return ""
    return f"{value:,.{PERCENT_DP}f}%"


def format_whole(value: float | None) -> str:
    """``5651`` -> ``5,651``: counts with thousands separators; missing -> empty."""
    if value is None or value != value:
        return ""
    return f"{round(value):,d}"


def format_points(value: float | None, signed: bool = False) -> str:
    """A difference in percentage points to 1 dp (``-4.7`` -> ``4.7``, or ``-4.7`` signed)."""
    if value is None or value != value:
        return ""
    return f"{value:+,.{PERCENT_DP}f}" if signed else f"{abs(value):,.{PERCENT_DP}f}"


def format_ratio(value: float | None) -> str:
    """``1.7916`` -> ``1.79``; missing -> empty."""
    if value is None or value != value:
        return ""
    return f"{value:.{RATIO_DP}f}"


def short_year(year: str) -> str:
    """``2021-22`` -> ``2021/22`` as Board papers print it."""
    return year.replace("-", "/")
