"""What every section of one report draws on: its params, mode, years, the figures it may show
and its numbered tables.

In public mode the figures are the protected ones: counts hidden by disclosure control read as
``R`` and metrics built on them are absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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

    def __init__(self, data: ReportData, mode: str, published_before: Sequence[Path] = ()):
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
                published_before,
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
        # Each table name keeps the number it was first given, so re-running a notebook cell
        # prints the same "Table N" and replaces (not duplicates) the table kept for export.
        self._table_numbers: dict[str, int] = {}

    @property
    def year(self) -> str:
        return self.params.year

    def table(self, name: str, caption: str, frame: pd.DataFrame, **kwargs) -> Markup:
        """Render a table and keep it (as shown) for ``public/tables/``.

        Numbers follow the order in which the sections first show their tables (the report's
        order when the notebook runs top to bottom); a table shown again keeps its number.
        """
        number = self._table_numbers.setdefault(name, len(self._table_numbers) + 1)
        caption = f"Table {number}: {caption}"
        shown = frame.reset_index() if kwargs.get("index", True) else frame
        key = f"{number:02d}_{name}"
        self.public_tables.pop(key, None)  # the latest table is the last one kept
        self.public_tables[key] = shown
        return render.table(frame, caption, **kwargs)

    def section(self, title: str, anchor: str) -> render.Block:
        return render.Block().add(render.heading(title, 2, anchor))
