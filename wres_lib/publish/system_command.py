"""``wres system``: the system view of a group of organisations, from comparator data.

    wres system --comparators FILE [--region R | --trust-type T | --orgs CODE,CODE]
                [--name NAME] [--year YYYY-YY] [--params YEAR.yaml] [--outputs DIR]

Writes ``DIR/system/<name>/<year>/public/system_view.html`` (one offline file; redacted and
audited like a trust's public report, with the threshold of ``--params``'s ``disclosure``, or
the default 10). Bad input (an unknown region, code or year) exits 2 and writes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from wres_lib.errors import InputError
from wres_lib.inputs.comparator import REGIONS, TRUST_TYPES, load_comparators
from wres_lib.inputs.params import Disclosure, load_params, year_start
from wres_lib.inputs.tabular import write_atomically
from wres_lib.present.system_view import build_system_view, select_group, system_view_html
from wres_lib.publish.self_contained import NotSelfContained, self_contained_problems

if TYPE_CHECKING:
    import argparse

VIEW_NAME = "system_view.html"


def slug(name: str) -> str:
    """A folder name for a group: ``East of England`` -> ``east-of-england``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "group"


def run_system_command(
    comparators: Path,
    outputs: Path,
    *,
    region: str | None = None,
    trust_type: str | None = None,
    orgs: list[str] | None = None,
    name: str | None = None,
    year: str | None = None,
    disclosure: Disclosure | None = None,
) -> Path:
    """Build the view and write it; returns the file written."""
    frame = load_comparators(comparators)
    source = str(comparators)
    if region and region not in REGIONS:
        raise InputError.single("--region", None, None, region, f"one of {', '.join(REGIONS)}")
    if trust_type and trust_type not in TRUST_TYPES:
        raise InputError.single(
            "--trust-type", None, None, trust_type, f"one of {', '.join(TRUST_TYPES)}"
        )
    unknown = sorted(set(orgs or ()) - set(frame["org_code"]))
    if unknown:
        raise InputError.single(
            "--orgs", None, None, ", ".join(unknown), f"organisation codes found in {source}"
        )
    years = sorted(set(frame["year"]), key=year_start)
    year = year or years[-1]
    if year not in years:
        raise InputError.single("--year", None, None, year, f"a year of {source}: {years}")
    group = select_group(frame, year, region=region, trust_type=trust_type, orgs=orgs or ())
    if group.empty:
        raise InputError.single(
            source, None, None, None, f"rows for {year} of the organisations asked for"
        )
    name = name or region or trust_type or f"{group['org_code'].nunique()} organisations"
    view = build_system_view(group, name, year, disclosure)
    html = system_view_html(view, Path(source).name)
    problems = self_contained_problems(html)
    if problems:
        raise NotSelfContained("the system view is not self-contained: " + "; ".join(problems))
    target = Path(outputs) / "system" / slug(name) / year / "public" / VIEW_NAME
    return write_atomically(html.encode("utf-8"), target)


def run_system_args(args: argparse.Namespace, project_root: Path) -> int:
    """``wres system`` from parsed arguments (paths relative to ``project_root``)."""
    root = Path(project_root)
    disclosure = load_params(root / args.params).disclosure if args.params else None
    orgs = [code.strip() for code in args.orgs.split(",") if code.strip()] if args.orgs else None
    written = run_system_command(
        root / args.comparators,
        root / args.outputs,
        region=args.region,
        trust_type=args.trust_type,
        orgs=orgs,
        name=args.name,
        year=args.year,
        disclosure=disclosure,
    )
    print(f"system view: {written}")
    return 0
