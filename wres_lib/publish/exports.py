"""What a built report exports beside its HTML: the unredacted metrics and collection file (in
``internal/``), the public tables and the plan (in ``public/``)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

METRICS_NAME = "metrics.csv"


def export_report(report: Any, export_dir: str | Path) -> list[Path]:
    """Write a run's machine-readable outputs; called by the report notebook's last cell.

    The notebook's own report object writes them, so the figures in ``metrics.csv`` and
    ``public/tables/`` are the very ones in the HTML and no report is built twice (the public
    build's disclosure audit is the slow part). Internal run: this year's unredacted
    ``internal/metrics.csv`` and ``internal/wres_collection.csv``; public run: the redacted
    tables as shown. Both list the files they read.
    """
    folder = Path(export_dir)
    written = []
    from wres_lib.protect.published_tables import numeric_table
    from wres_lib.publish.workbook import WORKBOOK_NAME, write_workbook

    tables = dict(report.public_tables)
    if report.mode == "public":  # the tables printed must be the displays that were audited
        report.protection.check(tables)
    numbers = {name: numeric_table(frame) for name, frame in tables.items()}
    if report.mode == "public":
        written += write_public_tables(tables, folder / "public" / "tables", numbers)
        written.append(write_workbook(tables, folder / "public" / WORKBOOK_NAME, "public", numbers))
        written += _export_action_plan(report, folder / "public" / "action_plan.xlsx")
    else:
        metrics = report.metrics
        if "year" in metrics.columns:
            metrics = metrics[metrics["year"].astype(str) == report.params.year]
        internal = folder / "internal"
        written.append(write_metrics_csv(metrics.reset_index(drop=True), internal / METRICS_NAME))
        written.append(write_workbook(tables, internal / WORKBOOK_NAME, "internal", numbers))
        counts = getattr(report, "counts", None)
        if counts is not None:
            from wres_lib.publish.collection import COLLECTION_NAME, write_collection

            written.append(write_collection(counts, report.params.year, internal / COLLECTION_NAME))
    inputs = folder / "internal" / f"inputs.{report.mode}.json"
    inputs.parent.mkdir(parents=True, exist_ok=True)
    inputs.write_text(
        json.dumps([str(Path(path).resolve()) for path in report.input_files], indent=1) + "\n",
        encoding="utf-8",
    )
    return [*written, inputs]


def _export_action_plan(report: Any, path: Path) -> list[Path]:
    """The current action plan as Excel, RAG colours with their words, for the website."""
    from wres_lib.present.plan_section import load_plans
    from wres_lib.publish.plan_workbook import export_plan_xlsx

    if getattr(report.params, "action_plans", None) is None:
        return []
    current, _previous = load_plans(report)
    return [] if current is None else [export_plan_xlsx(current, path)]


def exported_inputs(internal: Path) -> list[Path]:
    paths: list[Path] = []
    for listing in sorted(internal.glob("inputs.*.json")):
        paths += [Path(p) for p in json.loads(listing.read_text(encoding="utf-8"))]
    return paths


def write_metrics_csv(metrics: pd.DataFrame, path: Path) -> Path:
    """The metrics contract's writer (column order, full-precision numbers)."""
    from wres_lib.measure.metrics import write_metrics

    return write_metrics(metrics, path)


def write_public_tables(
    tables: dict[str, pd.DataFrame],
    folder: Path,
    numbers: dict[str, pd.DataFrame] | None = None,
) -> list[Path]:
    """The redacted tables, one CSV each, numbers in their own columns (count, denominator,
    percent, low, high; ratio, low, high), UTF-8 with BOM, safe to open in a spreadsheet.
    ``numbers``: the same tables already turned by ``numeric_table``, if the caller has them."""
    from wres_lib.protect.published_tables import numeric_table, write_numbers_csv

    written = []
    for name, frame in tables.items():
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name)).strip("._") or "table"
        turned = numbers[name] if numbers is not None else numeric_table(frame)
        written.append(write_numbers_csv(turned, folder / f"{safe}.csv"))
    return written
