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


def history_plan(
    params: Params, built: dict[str, Path] | None = None
) -> dict[str, tuple[str, str]]:
    """Where each earlier report of the organisation comes from, by report year, oldest first:
    ``("supplied", path)`` (the trust's own, from ``disclosure.earlier_publications``),
    ``("built", folder)`` (a public folder this suite wrote: ``built``, else the default
    outputs folder) or ``("reconstructed", params file)`` (what this suite would have published
    from that year's params and data). The rule is the same for every build, so a year's
    public report does not depend on which earlier years happen to be on disk: a built folder
    and a reconstruction of the same year print the same tables."""
    from wres_lib.inputs.params import find_params

    if built is None:
        built = {folder.parent.name: folder for folder in default_published_before(params)}
    plan: dict[str, tuple[str, str]] = {}
    for year, relative in params.disclosure.earlier_publications.items():
        if year_start(year) < year_start(params.year):
            path = params.resolve_in_project(relative, f"disclosure.earlier_publications.{year}")
            plan[year] = ("supplied", str(path))
    params_dir = Path(params.source_file).parent
    for year, path in find_params(params_dir, params.org).items():
        if year_start(year) >= year_start(params.year) or year in plan:
            continue
        if year in built:
            plan[year] = ("built", str(built[year]))
        else:
            plan[year] = ("reconstructed", str(path))
    return {year: plan[year] for year in sorted(plan, key=year_start)}
