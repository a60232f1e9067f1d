"""``wres batch`` and ``wres system``'s arguments, kept free of heavy imports so that every
``wres`` command starts as fast as before (the work is in :mod:`wres_lib.publish.batch` and
:mod:`wres_lib.publish.system_command`, imported when the command runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

PRODUCTS = ("report", "metrics")


def add_batch_parser(sub: argparse._SubParsersAction) -> None:
    """``wres batch``'s and ``wres system``'s arguments (registered by :mod:`wres_lib.cli`)."""
    batch = sub.add_parser("batch", help="build many organisations' reports with a worker pool")
    batch.add_argument(
        "--orgs",
        required=True,
        metavar="FILE|all",
        help="CSV of org_code,params_dir[,org_name,region,trust_type], or 'all': every "
        "params folder under --root (ROOT/params, ROOT/*/params)",
    )
    batch.add_argument("--root", default=".", help="folder 'all' looks in (default: here)")
    which = batch.add_mutually_exclusive_group()
    which.add_argument("--year", default=None, help="reporting year YYYY-YY (default: latest)")
    which.add_argument("--all-years", action="store_true", help="every year with params")
    batch.add_argument("--workers", type=int, default=None, help="processes (default: cores)")
    batch.add_argument("--outputs", default="outputs", help="outputs folder (default outputs)")
    batch.add_argument(
        "--product",
        choices=PRODUCTS,
        default="report",
        help="report (default: what wres report builds) or metrics (counts and metrics only)",
    )
    batch.add_argument(
        "--comparators", default=None, help="also write a comparator CSV of the organisations"
    )
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")

    system = sub.add_parser("system", help="one view of many organisations, with funnel plots")
    system.add_argument(
        "--comparators", required=True, help="comparator CSV (e.g. from wres batch)"
    )
    group = system.add_mutually_exclusive_group()
    group.add_argument("--region", default=None, help="one NHS England region")
    group.add_argument("--trust-type", default=None, help="one trust type")
    group.add_argument("--orgs", default=None, help="organisation codes, comma-separated")
    system.add_argument("--name", default=None, help="the group's name (default: the region)")
    system.add_argument("--year", default=None, help="reporting year (default: the latest)")
    system.add_argument("--params", default=None, help="params YAML whose disclosure to use")
    system.add_argument("--outputs", default="outputs", help="outputs folder (default outputs)")


def run_many_args(args: argparse.Namespace, project_root: Path) -> int:
    """Run ``wres batch`` or ``wres system``."""
    if args.command == "system":
        from wres_lib.publish.system_command import run_system_args

        return run_system_args(args, project_root)
    if args.workers is None or args.workers > 1:
        from wres_lib.publish.workers import start_worker_server

        start_worker_server()  # it imports the build while this process imports the command
    from wres_lib.publish.batch import run_batch_args

    return run_batch_args(args, project_root)
