"""The organisation's earlier public reports, gathered for disclosure control.

Each earlier report year comes in as :func:`wres_lib.protect.publications.history_plan` says:
supplied by the trust (a published folder, or its figures typed as a CSV), built by this suite
(its public folder), or reconstructed: drawn in memory exactly as this suite would have published
it from that year's params and data, itself audited with the years before it. A built folder and
a reconstruction print the same tables, so a year's report is the same whatever was built
before it, in whatever order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wres_lib.inputs.params import Params, load_params, year_start
from wres_lib.measure.computed_once import input_key
from wres_lib.measure.window import gather, report_inputs
from wres_lib.protect.attack_tables import (
    Publication,
    read_figures,
    read_folder,
    read_tables,
    reading_of,
)
from wres_lib.protect.history import RECONSTRUCTED, SUPPLIED, History
from wres_lib.protect.publications import history_plan

# Reconstructed reports by their inputs, for this process (a report is drawn once).
_RECONSTRUCTED: dict[str, Publication] = {}


def report_label(year: str) -> str:
    """How a figure an earlier report printed is placed, whatever the report came from (so a
    built folder and its reconstruction are the same to the audit)."""
    return f"the {year} public report"


def publication_history(params: Params, built: Sequence[Path] | None = None) -> History:
    """What the organisation's earlier reports print (see the module docstring). ``built``:
    public folders of earlier years this suite wrote; None looks in the default outputs."""
    folders = None
    if built is not None:
        folders = {_year_of_folder(Path(f)): Path(f) for f in built}
    plan = history_plan(params, folders)
    if not plan:
        return History()
    publication = Publication()
    for year, (how, where) in plan.items():
        if how == SUPPLIED:
            read_supplied(Path(where), year, publication)
        elif how == RECONSTRUCTED:
            earlier = reconstructed(load_params(where, params.project_root))
            _merge(publication, earlier)
        else:
            read_folder(Path(where), publication, label=report_label(year))
    return History(publication, dict(plan))


def read_supplied(path: Path, year: str, publication: Publication | None = None) -> Publication:
    """A trust's own earlier report: a published folder (its tables) or a published figures
    CSV; a figure in it nobody can place is bad input (the audit would miss it)."""
    from wres_lib.errors import InputError
    from wres_lib.measure.published_figures import read_published_figures

    publication = publication or Publication()
    before = len(publication.unread)
    if path.is_dir():
        if not any((path / sub).is_dir() for sub in ("tables", "public/tables")):
            raise InputError.single(
                path, None, None, None, "a published folder with tables/ or public/tables/"
            )
        read_folder(path, publication, label=report_label(year))
    else:
        read_figures(read_published_figures(path), publication, folder=report_label(year))
    unread = publication.unread[before:]
    if unread:
        raise InputError.single(
            path, None, None, unread[0], "figures in tables the audit can read (see wres audit)"
        )
    return publication


def reconstructed(params: Params) -> Publication:
    """What this suite would have published for ``params.year``: its public tables drawn and
    redacted in memory, audited with its own earlier reports."""
    from wres_lib.present.context import ReportContext

    key = input_key("reconstructed", report_inputs(params), str(Path(params.source_file)))
    key += "|" + repr(sorted(history_plan(params).items()))
    if key not in _RECONSTRUCTED:
        report = ReportContext(gather(params), "public", publication_history(params))
        printed = {name: report.printed(name, t.frame)[0] for name, t in report.staff.items()}
        tables = {name: frame.reset_index() for name, frame in printed.items() if not frame.empty}
        _RECONSTRUCTED[key] = read_tables(
            {name: reading_of(frame) for name, frame in tables.items()},
            latest=params.year,
            folder=report_label(params.year),
        )
    return _RECONSTRUCTED[key]


def _merge(into: Publication, other: Publication) -> None:
    """Add another reading's cells as if its tables were read here."""
    from wres_lib.protect.table_cells import TableReading

    into.add(TableReading(list(other.cells), list(other.unread)))
    into.reports.extend(other.reports)


def _year_of_folder(folder: Path) -> str:
    """``outputs/<org>/<year>/public`` (or a staging folder) -> the report's year."""
    for part in (folder.parent.name, folder.name):
        name = part.removeprefix(".staging-")[:7]
        try:
            year_start(name)
            return name
        except ValueError:
            continue
    raise ValueError(f"{folder}: not an outputs/<org>/<year>/public folder")
