"""Workforce Race Equality Standard (WRES) report for an NHS trust.

The code follows the flow of the data, one stage a folder, and nothing imports a later stage:

    inputs -> measure -> protect -> present -> publish        (plan: the action plan, beside)

``build_report``, ``compute_metrics`` and ``counts_from_records`` are importable from here;
they load on first use, so ``import wres_lib`` (and the ``wres`` command) stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PUBLIC = {
    "build_report": "wres_lib.present.report",
    "Report": "wres_lib.present.report",
    "compute_metrics": "wres_lib.measure.metrics",
    "counts_from_records": "wres_lib.measure.counts",
    "read_counts": "wres_lib.measure.counts",
    "load_params": "wres_lib.inputs.params",
    "load_year": "wres_lib.inputs.loaders",
}
__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'wres_lib' has no attribute {name!r}")
