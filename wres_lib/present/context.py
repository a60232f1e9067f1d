"""What every section of one report draws on: its params, mode, years, the figures it may show
and its numbered tables.

In public mode the figures are the protected ones: counts hidden by disclosure control read as
``R`` and metrics built on them are absent.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from wres_lib.measure.window import ReportData
from wres_lib.present import render
from wres_lib.present.figures import Figures
from wres_lib.present.wording import Wording
from wres_lib.protect.public_report import protect_report

MODES = ("internal", "public")


class ReportContext:
    """One organisation's report for one year, in internal or public mode, before its sections."""

    def __init__(self, data: ReportData, mode: str):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.data = data
        self.mode = mode
        self.params = data.params
        self.counts = data.counts
        self.input_files = data.input_files
        self.years = data.years
        self.protection = None
        if mode == "public":
            self.protection = protect_report(
                data.counts,
                data.metrics,
                self.params.disclosure,
                self.params.model_employer.senior_from_band,
            )
            self.metrics = self.protection.metrics
            hidden, declared = self.protection.hidden, self.protection.declared
        else:
            self.metrics = data.metrics
            hidden, declared = frozenset(), None
        self.figures = Figures(data.counts, self.metrics, hidden, declared)
        # The report's prose: the package's templates, or the trust's own beside its params.
        self.wording = Wording.for_params(self.params.source_file)
        self.public_tables: dict[str, pd.DataFrame] = {}
        self._table_number = 0

    @property
    def year(self) -> str:
        return self.params.year

    def table(self, name: str, caption: str, frame: pd.DataFrame, **kwargs) -> Markup:
        """Render a table and keep it (as shown) for ``public/tables/``."""
        self._table_number += 1
        caption = f"Table {self._table_number}: {caption}"
        shown = frame.reset_index() if kwargs.get("index", True) else frame
        self.public_tables[f"{self._table_number:02d}_{name}"] = shown
        return render.table(frame, caption, **kwargs)

    def section(self, title: str, anchor: str) -> render.Block:
        return render.Block().add(render.heading(title, 2, anchor))
