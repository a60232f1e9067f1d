"""Fast look-ups of one report's counts and metrics, formatted as its tables print them.

In the public report a count is shown only when disclosure control declared it and did not hide
it; a hidden count reads as ``R`` and so does anything built on it.
"""

from __future__ import annotations

import pandas as pd

from wres_lib.present import render
from wres_lib.present.style import format_percent, format_ratio, format_whole
from wres_lib.protect.public_report import COARSE_RATIOS, Protection


class Figures:
    """Fast look-ups of counts and metrics, aware of what is hidden in the public report."""

    def __init__(
        self,
        counts: pd.DataFrame,
        metrics: pd.DataFrame,
        protection: Protection | None = None,
    ):
        self.counts = {
            (r.year, int(r.indicator), r.measure, r.group): (int(r.numerator), int(r.denominator))
            for r in counts.itertuples(index=False)
        }
        self.metrics = {
            (r.year, int(r.indicator), r.measure, r.group, r.statistic): r
            for r in metrics.itertuples(index=False)
        }
        # In the public report only audited counts may be shown, and only those not hidden.
        self.protection = protection
        # Ratios disclosure control allows only at a coarser precision ("2.4"), as printed:
        # the protected metrics carry them (as the sentences read them too).
        self.coarse_ratios = metrics.attrs.get(COARSE_RATIOS) or {}

    def count(self, year: str, indicator: int, measure: str, group: str) -> tuple[int, int] | None:
        return self.counts.get((year, indicator, measure, group))

    def is_hidden(self, year: str, indicator: int, measure: str, group: str, part: str) -> bool:
        if self.protection is None:
            return False
        return self.protection.is_hidden(year, indicator, measure, group, part)

    def metric(self, year: str, indicator: int, measure: str, group: str, statistic: str):
        """The metric row, or None when it was not computed (in public mode a hidden metric is
        present with an empty value)."""
        return self.metrics.get((year, indicator, measure, group, statistic))

    def value(
        self, year: str, indicator: int, measure: str, group: str, statistic: str
    ) -> float | None:
        row = self.metric(year, indicator, measure, group, statistic)
        if row is None or row.value != row.value:
            return None
        return float(row.value)

    # -- formatted cells -----------------------------------------------------------------------

    def n_of_n(self, year: str, indicator: int, measure: str, group: str) -> str:
        found = self.count(year, indicator, measure, group)
        if found is None:
            return ""
        num_hidden = self.is_hidden(year, indicator, measure, group, "numerator")
        den_hidden = self.is_hidden(year, indicator, measure, group, "denominator")
        if num_hidden and den_hidden:
            return render.HIDDEN
        if num_hidden:
            return f"{render.HIDDEN} out of {format_whole(found[1])}"
        if den_hidden:
            return render.HIDDEN
        return f"{format_whole(found[0])} out of {format_whole(found[1])}"

    def percent(
        self, year: str, indicator: int, measure: str, group: str, interval: bool = False
    ) -> str:
        if self.count(year, indicator, measure, group) is None:
            return ""
        row = self.metric(year, indicator, measure, group, "percent")
        if row is None or row.value != row.value:
            hidden = any(
                self.is_hidden(year, indicator, measure, group, p)
                for p in ("numerator", "denominator")
            )
            return f"{render.HIDDEN}%" if hidden else "–"
        text = format_percent(row.value)
        if interval and row.ci_low == row.ci_low:
            text += f" ({row.ci_low:.1f}–{row.ci_high:.1f})"
        return text

    def ratio(
        self, year: str, indicator: int, measure: str, name: str, interval: bool = True
    ) -> str:
        row = self.metric(year, indicator, measure, name, "relative_likelihood")
        if row is None:
            return ""
        if row.value != row.value:
            coarse = self.coarse_ratios.get((year, indicator, measure, name))
            if coarse is not None:
                return coarse
            if self._ratio_hidden(year, indicator, measure, name):
                return render.HIDDEN
            return "undefined"
        text = format_ratio(row.value)
        if interval and row.ci_low == row.ci_low:
            text += f" ({format_ratio(row.ci_low)}–{format_ratio(row.ci_high)})"
        return text

    def _ratio_hidden(self, year: str, indicator: int, measure: str, name: str) -> bool:
        return any(
            self.is_hidden(year, indicator, measure, group, part)
            for group in name.split("/")
            for part in ("numerator", "denominator")
        )
