"""``wres batch`` and ``wres system``'s arguments, kept free of heavy imports so that every
``wres`` command starts as fast as before (the work is in :mod:`wres_lib.publish.batch` and
:mod:`wres_lib.publish.system_command`, imported when the command runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

PRODUCTS = ("report", "metrics")


def add_batch_parser(sub: argparse._SubParsersAction) -> None:
    """``wres batch``'s arguments (registered by :mod:`wres_lib.cli`)."""
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


def run_many_args(args: argparse.Namespace, project_root: Path) -> int:
    """Run ``wres batch`` or ``wres system``."""
    if args.command == "system":
        from wres_lib.publish.system_command import run_system_args

        return run_system_args(args, project_root)
    from wres_lib.publish.batch import run_batch_args

    return run_batch_args(args, project_root)
