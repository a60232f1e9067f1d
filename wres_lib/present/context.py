"""What every section of one report draws on: its params, mode, years, the figures it may show
and its numbered tables.

In public mode the figures are the protected ones: counts hidden by disclosure control read as
``R`` and metrics built on them are absent. The staff tables are drawn with every figure first
(:mod:`wres_lib.present.staff_tables`), disclosure control reads and audits them as a reader
would, and the report prints them redacted: what is audited is what is printed.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from markupsafe import Markup

from wres_lib.errors import PublishingBlocked
from wres_lib.measure.window import ReportData
from wres_lib.present import render
from wres_lib.present.figures import Figures
from wres_lib.present.staff_tables import StaffTable, staff_tables
from wres_lib.present.tables import without_hidden_groups
from wres_lib.present.wording import Wording
from wres_lib.protect.history import History
from wres_lib.protect.public_report import Protection, protect_report
from wres_lib.protect.table_cells import table_kind

MODES = ("internal", "public")
# Where a report's earlier public reports come from (see wres_lib.present.history).
HistorySource = Callable[[ReportData], History]


class ReportContext:
    """One organisation's report for one year, in internal or public mode, before its sections.

    ``history`` gives the earlier public reports disclosure control audits the public report
    with (:func:`wres_lib.present.history.publication_history`); none by default.
    """

    def __init__(self, data: ReportData, mode: str, history: History | None = None):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.data = data
        self.mode = mode
        self.params = data.params
        self.counts = data.counts
        self.input_files = data.input_files
        self.years = data.years
        # The report's prose: the package's templates, or the trust's own beside its params.
        self.wording = Wording.for_params(self.params.source_file)
        # Tables are drawn with every figure; the public report prints them redacted.
        self.all_figures = Figures(data.counts, data.metrics)
        self.staff: dict[str, StaffTable] = staff_tables(self, self.all_figures)
        self.protection: Protection | None = None
        self.history = history or History()
        if mode == "public":
            self.protection = protect_report(
                data.counts,
                data.metrics,
                self.params.disclosure,
                {name: table.frame for name, table in self.staff.items()},
                self.year,
                self.history,
            )
            self.metrics = self.protection.metrics
        else:
            self.metrics = data.metrics
        self.figures = Figures(data.counts, self.metrics, self.protection)
        self.public_tables: dict[str, pd.DataFrame] = {}
        # Each table name keeps the number it was first given, so re-running a notebook cell
        # prints the same "Table N" and replaces (not duplicates) the table kept for export.
        self._table_numbers: dict[str, int] = {}

    @property
    def year(self) -> str:
        return self.params.year

    def staff_tables_of(self, prefix: str) -> list[StaffTable]:
        """The staff tables whose names start with ``prefix``, in the report's order."""
        return [t for name, t in self.staff.items() if name.startswith(prefix)]

    def table(self, name: str, caption: str, frame: pd.DataFrame, **kwargs) -> Markup:
        """Render a table and keep it (as shown) for ``public/tables/``.

        Numbers follow the order in which the sections first show their tables (the report's
        order when the notebook runs top to bottom); a table shown again keeps its number. In
        the public report a table is redacted as disclosure control decided, and a table it
        cannot read is refused.
        """
        if self.protection is not None:
            frame, left_out = self.printed(name, frame)
            if left_out:
                caption = f"{caption}. {self.wording.say('captions.j2', 'left_out', left_out)}"
            if frame.empty:
                return Markup("")  # nothing left to show: the words say why
        number = self._table_numbers.setdefault(name, len(self._table_numbers) + 1)
        caption = f"Table {number}: {caption}"
        shown = frame.reset_index() if kwargs.get("index", True) else frame
        key = f"{number:02d}_{name}"
        self.public_tables.pop(key, None)  # the latest table is the last one kept
        self.public_tables[key] = shown
        return render.table(frame, caption, **kwargs)

    def printed(self, name: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        """A table as the public report prints it: redacted as disclosure control decided,
        with the rows of ethnic groups whose every figure is hidden left out (and those groups);
        a table disclosure control cannot read is refused."""
        if self.protection is None:
            return frame, []
        if table_kind(name) is None:
            raise PublishingBlocked(
                f"public table {name!r} is not one disclosure control can read; nothing "
                "public is written"
            )
        return without_hidden_groups(self.protection.redact(name, frame))

    def staff_table(self, table: StaffTable, **kwargs) -> Markup:
        return self.table(table.name, table.caption, table.frame, **kwargs)

    def section(self, title: str, anchor: str) -> render.Block:
        return render.Block().add(render.heading(title, 2, anchor))
