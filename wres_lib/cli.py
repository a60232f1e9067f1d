"""The ``wres`` command.

Exit status: 0 success, 2 bad input (the message names file, row, column, value and what was
expected), 1 internal failure. A failed run writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wres_lib.errors import InputError, PublishingBlocked

if TYPE_CHECKING:
    from wres_lib.measure.window import ReportData

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def project_root() -> Path:
    """The checkout (or working folder) the command is run from."""
    return Path.cwd()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wres", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    report = sub.add_parser(
        "report", help="build the WRES report (default: demo trust, latest year)"
    )
    report.add_argument(
        "--org", default=None, help="organisation code in the params (default demo)"
    )
    which = report.add_mutually_exclusive_group()
    which.add_argument("--year", default=None, help="reporting year YYYY-YY (default: latest)")
    which.add_argument("--all-years", action="store_true", help="every year with params")
    report.add_argument(
        "--params", default=None, help="a params YAML file (overrides --org/--year)"
    )
    report.add_argument("--params-dir", default="params", help="folder of params files")
    report.add_argument(
        "--outputs", default=None, help="outputs folder (default: outputs beside params/)"
    )

    compute = sub.add_parser("compute", help="aggregate counts CSV in, metrics CSV out")
    compute.add_argument("--counts", required=True, help="counts CSV (see docs/architecture.md)")
    compute.add_argument("--out", required=True, help="metrics CSV to write")
    compute.add_argument(
        "--parity-band", nargs=2, type=float, default=None, metavar=("LOW", "HIGH")
    )

    demo = sub.add_parser("demo-data", help="generate the synthetic demo trust in data/demo")
    demo.add_argument("--out", default="data/demo", help="folder to write (default data/demo)")
    demo.add_argument("--seed", type=int, default=None, help="random seed (default fixed)")

    audit = sub.add_parser("audit", help="attack published public folders (exit 1 on a leak)")
    audit.add_argument(
        "folders",
        nargs="+",
        metavar="PUBLISHED",
        help="published folders (public/ or its tables/), or earlier reports typed as a "
        "published figures CSV",
    )
    audit.add_argument("--threshold", type=int, default=10, help="narrowest range allowed")
    audit.add_argument(
        "--protect-board",
        action="store_true",
        help="treat Board membership as protected (disclosure.board_is_public: false)",
    )
    audit.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="DIR",
        help="a trust's own wording templates folder (repeatable): its fixed phrases are "
        "not figures",
    )

    init = sub.add_parser("init", help="make a trust's own folder of params and templates")
    init.add_argument("folder", metavar="DIR", help="a new or empty folder")
    init.add_argument("--org", required=True, help="organisation code, e.g. RXY")
    init.add_argument("--name", required=True, help="organisation name")
    init.add_argument("--year", required=True, help="reporting year YYYY-YY")

    validate = sub.add_parser("validate", help="load and check a year's extracts and params")
    validate.add_argument("params", help="a params YAML file")

    from wres_lib.publish.batch_cli import add_batch_parser  # wres batch, wres system (issue 17)

    add_batch_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            from wres_lib.publish.command import run_report_command

            return run_report_command(args, project_root())
        if args.command == "compute":
            return _compute(args)
        if args.command == "demo-data":
            from wres_lib.demo.trust import generate_demo_trust

            written = generate_demo_trust(
                Path(args.out), **({"seed": args.seed} if args.seed is not None else {})
            )
            from wres_lib.present.demo_comparators import refresh_demo_comparators

            written += [p for p in [refresh_demo_comparators(Path(args.out))] if p is not None]
            print(f"demo trust written to {Path(args.out)} ({len(written)} files)")
            return EXIT_OK
        if args.command == "validate":
            return _validate(args)
        if args.command == "init":
            from wres_lib.publish.init_folder import run_init_command

            return run_init_command(args.folder, args.org, args.name, args.year)
        if args.command in ("batch", "system"):
            from wres_lib.publish.batch_cli import run_many_args

            return run_many_args(args, project_root())
        if args.command == "audit":
            from wres_lib.protect.attack import run_audit_command

            return run_audit_command(
                args.folders,
                args.threshold,
                board_is_public=not args.protect_board,
                templates=args.templates,
            )
    except InputError as exc:
        print(f"wres {args.command}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PublishingBlocked as exc:
        print(f"wres {args.command}: publishing blocked: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_FAILURE
    return EXIT_FAILURE


def _compute(args: argparse.Namespace) -> int:
    from wres_lib.measure.counts import read_counts
    from wres_lib.measure.metrics import compute_metrics, write_metrics

    counts = read_counts(Path(args.counts))
    kwargs = {"parity_band": tuple(args.parity_band)} if args.parity_band else {}
    metrics = compute_metrics(counts, **kwargs)
    write_metrics(metrics, Path(args.out))
    ratios = metrics[metrics["statistic"] == "relative_likelihood"]
    for row in ratios.itertuples():
        interval = (
            f" (95% CI {row.ci_low:.2f} to {row.ci_high:.2f})" if row.ci_low == row.ci_low else ""
        )
        value = f"{row.value:.2f}" if row.value == row.value else "undefined"
        print(
            f"{row.org} {row.year} indicator {row.indicator} {row.measure} {row.group}: "
            f"{value}{interval}"
        )
    print(f"metrics written to {args.out} ({len(metrics)} rows)")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    """Check everything ``wres report`` reads for a year, so a run that validates does not
    fail later on bad input: the params and defaults, every year's extracts in the trend
    window, published counts, the counts and metrics built from them, the action plans, and
    any wording templates of the trust's own."""
    from wres_lib.demo.trust import check_demo_data_dir
    from wres_lib.inputs.loaders import extract_notes, load_year
    from wres_lib.inputs.params import load_params
    from wres_lib.measure.window import gather
    from wres_lib.plan.model import load_plan
    from wres_lib.present.wording import Wording

    params = load_params(args.params)
    check_demo_data_dir(params)
    data = load_year(params)
    for name, frame in data.frames().items():
        print(f"{name}: {len(frame)} rows")
    for note in extract_notes(params, data):
        print(f"note: {note}")
    report = gather(params)
    print(f"years in the trend window: {', '.join(report.years)}; {len(report.counts)} counts")
    _say_unequal_sums(params, data, report.counts)
    _say_model_employer(report)
    _check_history(params)
    for key, relative in params.action_plans:
        if relative is not None:
            plan = load_plan(params.resolve_in_project(relative, f"action_plans.{key}"))
            actions = sum(len(objective.actions) for objective in plan.objectives)
            print(f"action plan ({key}): {actions} actions")
    from wres_lib.present.benchmarking_section import describe_comparators

    print(describe_comparators(params) or "comparators: none (no benchmarking section)")
    wording = Wording.for_params(params.source_file)
    overrides = wording.check()
    if overrides:
        print(f"wording templates of your own: {', '.join(overrides)}")
    return EXIT_OK


def _say_unequal_sums(params, data, counts) -> None:
    """Group sums that do not add up: with the survey file's rows where it is this year's
    survey, else by year, indicator and measure (from the counts of the trend window)."""
    from wres_lib.measure.count_checks import unequal_group_sums

    survey = data.staff_survey
    lines = list(survey.attrs.get("unequal_sums", [])) if survey is not None else []
    for (year, indicator, measure), what in unequal_group_sums(counts):
        if survey is not None and year == params.year and 5 <= indicator <= 8:
            continue  # said above with the file's rows
        lines.append(f"{year} indicator {indicator} {measure}: {what}")
    for line in lines:
        print(
            f"note: groups that do not add up: {line} (a reader assumes they do; the public "
            "report's disclosure control allows for both)"
        )


def _say_model_employer(report: ReportData) -> None:
    """Where the Model Employer trajectory starts, or why the report has none (no one of known
    ethnicity at the senior bands in the baseline year, as in a year of published counts
    without indicator 1): said before the build, not found missing in the report."""
    me = report.params.model_employer
    year, share, fixed = report.model_employer_baseline
    try:  # as the report draws it (wres_lib.present.staff_tables.trajectory_frame)
        report.model_employer_trajectory()
    except ValueError as exc:
        print(f"note: the report has no Model Employer trajectory: {exc}")
        return
    how = "fixed in the params" if fixed else "published"
    print(
        f"Model Employer trajectory from {year}: {share}% BME at {me.senior_from_band} and "
        f"above ({how})"
    )


def _check_history(params) -> None:
    """The earlier public reports disclosure control takes in: each supplied one is read (a
    bad one is bad input), and where each year's comes from is said."""
    from wres_lib.protect.publications import history_plan

    plan = history_plan(params)
    for year, (how, where) in plan.items():
        if how == "supplied":
            from wres_lib.present.publication_history import read_supplied

            read_supplied(Path(where), year)
        print(f"earlier public report {year}: {how} ({where})")
    if not plan:
        print("earlier public reports: none (the audit covers this report alone)")


if __name__ == "__main__":
    sys.exit(main())
