"""Where an organisation's earlier public reports are: light path logic (no pandas), so the
publishing process can find them without importing the disclosure engine."""

from __future__ import annotations

from pathlib import Path

from wres_lib.inputs.params import Params, check_year, year_start


def earlier_public_folders(outputs_dir: Path, org: str, year: str) -> list[Path]:
    """The organisation's public folders for years before ``year`` under ``outputs_dir``
    (the outputs layout ``<outputs>/<org>/<year>/public``), oldest first."""
    org_dir = Path(outputs_dir) / org
    if not org_dir.is_dir():
        return []
    found = []
    for child in org_dir.iterdir():
        try:
            other = check_year(child.name)
        except ValueError:
            continue
        public = child / "public"
        if year_start(other) < year_start(year) and (public / "tables").is_dir():
            found.append((year_start(other), public))
    return [folder for _start, folder in sorted(found)]


def default_published_before(params: Params) -> list[Path]:
    """Earlier years' public folders in the project's default outputs folder (where
    ``wres report`` writes them without ``--outputs``)."""
    return earlier_public_folders(Path(params.project_root) / "outputs", params.org, params.year)
