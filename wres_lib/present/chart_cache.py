"""Each distinct chart drawn once per ``wres report`` run, shared by its two notebooks.

``wres report`` runs the report notebook twice, internal and public, in two kernels side by
side, and most charts come out byte-identical in both. A chart function decorated with
:func:`cached_chart` looks its key up in the folder given to :func:`use_chart_cache`: the first
kernel to ask claims the key (a claim file made with ``O_CREAT | O_EXCL``), builds and renders
the chart and writes its PNG and words (:func:`wres_lib.measure.computed_once.computed_once`,
the run's one way of sharing work); the other waits for them, or after :data:`WAIT_SECONDS`
renders the chart itself. With no folder (an analyst in JupyterLab) nothing is cached, so
nothing can be stale across runs either.

The key (:func:`chart_key`) is a SHA-256 over everything a chart's pixels and words depend on:

* the chart function's module and qualified name, and its bound arguments with defaults filled
  in, serialised canonically: DataFrames with their shape, column names, dtypes (``repr``,
  so a categorical's categories count), every value exactly (numpy columns byte for byte,
  other columns cell by cell with each cell's type), the index the same way, and ``attrs``;
  sets sorted; dataclasses field by field with their type. An argument of any other type
  raises :class:`Unkeyable` and the chart is drawn without the cache, so a value the key
  cannot see is never served a stale picture;
* the code and data the chart functions run: the bytes of every file of the ``wres_lib``
  package (module constants such as the palette, ``RC`` and ``DPI`` are in those files);
* matplotlib's global ``rcParams`` at the call, and the versions of matplotlib (which bundles
  the DejaVu fonts), numpy, pandas and Pillow.

A chart function must therefore read nothing but its arguments and module constants; the
report's indicator charts take only the rows they draw (:mod:`wres_lib.present.chart_rows`),
so a chart that is the same in both modes has the same key, and one that differs in a single
hidden cell does not (``tests/test_chart_cache.py`` checks both, and that the key notices a
change of each kind above).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec

import matplotlib
import numpy as np
import pandas as pd
import PIL

from wres_lib.measure.computed_once import computed_once
from wres_lib.present.chart_style import Chart

WAIT_SECONDS = 60.0  # a chart renders in well under a second; this covers a stalled kernel
_PACKAGE = Path(__file__).resolve().parents[1]
# Where a cached chart function's code must live: the key hashes these files (the tests add
# their own folder for their own chart functions).
KEYED_SOURCES: tuple[Path, ...] = (_PACKAGE,)
_folder: Path | None = None

P = ParamSpec("P")


class Unkeyable(TypeError):
    """An argument the key cannot serialise completely: the chart is drawn uncached."""


class use_chart_cache:  # noqa: N801 (called like a function, usable as a context manager)
    """Cache charts in ``folder`` from now on (``None``: no cache); as a context manager, put
    the previous setting back on exit.

    ``wres report`` gives each run a fresh temporary folder (``wres batch``: each job), and a
    report's sections set it while they draw (``Report.chart_cache``), so both kernels of one
    run share it and no run ever sees another's pictures.
    """

    def __init__(self, folder: str | Path | None) -> None:
        global _folder
        self.previous = _folder
        _folder = Path(folder) if folder else None
        if _folder is not None:
            _folder.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> use_chart_cache:
        return self

    def __exit__(self, *_exc: object) -> None:
        global _folder
        _folder = self.previous


def chart_cache_folder() -> Path | None:
    return _folder


def cached_chart(function: Callable[P, Chart]) -> Callable[P, Chart]:
    """Serve ``function``'s chart from the cache folder, or build, render and store it once."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Chart:
        folder = _folder
        if folder is None:
            return function(*args, **kwargs)
        try:
            key = chart_key(function, args, kwargs)
        except Unkeyable:
            return function(*args, **kwargs)
        rebuild = functools.partial(function, *args, **kwargs)
        drawn = computed_once(folder, key, lambda: _drawn(rebuild()), WAIT_SECONDS)
        chart = Chart(None, drawn["title"], drawn["alt_text"], drawn["caption"], drawn["empty"])
        chart._png, chart._rebuild = drawn["png"], rebuild
        return chart

    return wrapper


# --------------------------------------------------------------------------- the key


def chart_key(function: Callable[..., Chart], args: tuple, kwargs: dict[str, Any]) -> str:
    """The hex SHA-256 naming this call's chart (see the module docstring for what it covers)."""
    code = getattr(function, "__code__", None)
    source = Path(code.co_filename).resolve() if code is not None else None
    outside = source is None or not any(folder in source.parents for folder in KEYED_SOURCES)
    if getattr(function, "__closure__", None) or outside:
        # Its code or captured values are not in the package files the key hashes.
        raise Unkeyable(f"{function.__qualname__} is not a plain function of the wres_lib package")
    bound = inspect.signature(function).bind(*args, **kwargs)
    bound.apply_defaults()
    digest = hashlib.sha256(b"wres-chart-1\0")
    _feed(digest, (function.__module__, function.__qualname__))
    _feed(digest, dict(bound.arguments))
    _feed(digest, _environment())
    _feed(digest, {name: repr(value) for name, value in sorted(matplotlib.rcParams.items())})
    return digest.hexdigest()


@functools.cache
def _environment() -> tuple[str, ...]:
    """Library versions and a hash of every file of the package (code, templates, maps)."""
    files = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
            files.update(hashlib.sha256(path.read_bytes()).digest())
    versions = (matplotlib.__version__, np.__version__, pd.__version__, PIL.__version__)
    return (*versions, files.hexdigest())


def _feed(digest: Any, value: object) -> None:
    """Feed ``value`` to ``digest`` canonically: tagged with its type, lengths prefixed."""

    def tag(name: str, payload: bytes = b"") -> None:
        digest.update(f"{name}:{len(payload)}:".encode() + payload)

    if value is None or value is pd.NA or value is pd.NaT:
        tag(repr(value))
    elif isinstance(value, bool | int | float | complex | str | bytes):
        tag(type(value).__name__, repr(value).encode())
    elif isinstance(value, np.generic):
        tag(f"np.{value.dtype.str}", np.asarray(value).tobytes())
    elif isinstance(value, enum.Enum):
        tag(_qualified(type(value)))
        _feed(digest, value.value)
    elif isinstance(value, dt.date | dt.time | pd.Timestamp | pd.Timedelta | Path):
        tag(type(value).__name__, repr(value).encode())
    elif isinstance(value, list | tuple):
        tag(type(value).__name__, str(len(value)).encode())
        for item in value:
            _feed(digest, item)
    elif isinstance(value, set | frozenset):
        items = sorted(_item_hash(item) for item in value)
        tag(type(value).__name__, b"".join(items))
    elif isinstance(value, dict):
        tag("dict", str(len(value)).encode())
        for name, item in value.items():
            _feed(digest, name)
            _feed(digest, item)
    elif isinstance(value, pd.DataFrame):
        tag("DataFrame", repr(value.shape).encode())
        _feed(digest, list(value.columns))
        for position in range(value.shape[1]):
            _feed_values(digest, value.iloc[:, position])
        _feed_index(digest, value.index)
        _feed(digest, dict(value.attrs))
    elif isinstance(value, pd.Series):
        tag("Series")
        _feed(digest, value.name)
        _feed_values(digest, value)
        _feed_index(digest, value.index)
        _feed(digest, dict(value.attrs))
    elif isinstance(value, pd.Index):
        _feed_index(digest, value)
    elif isinstance(value, np.ndarray):
        _feed_values(digest, pd.Series(value.ravel()))
        tag("shape", repr(value.shape).encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        tag("dataclass", _qualified(type(value)).encode())
        for item in dataclasses.fields(value):
            _feed(digest, item.name)
            _feed(digest, getattr(value, item.name))
    else:
        raise Unkeyable(f"no canonical form for a {_qualified(type(value))} argument")


def _item_hash(value: object) -> bytes:
    item = hashlib.sha256()
    _feed(item, value)
    return item.digest()


def _feed_values(digest: Any, series: pd.Series) -> None:
    """A column's dtype and every value, exactly."""
    dtype = series.dtype
    digest.update(f"dtype:{dtype!r}:{len(series)}:".encode())
    if isinstance(dtype, pd.CategoricalDtype):  # its repr shortens a long list of categories
        _feed(digest, (list(dtype.categories), dtype.ordered))
    if isinstance(dtype, np.dtype) and dtype.kind != "O":
        digest.update(np.ascontiguousarray(series.to_numpy()).tobytes())
    else:  # objects and extension arrays (str, Int64, boolean, categorical...): cell by cell
        for cell in series.tolist():
            _feed(digest, cell)


def _feed_index(digest: Any, index: pd.Index) -> None:
    digest.update(f"index:{type(index).__name__}:".encode())
    _feed(digest, list(index.names))
    for level in range(index.nlevels):
        _feed_values(digest, pd.Series(index.get_level_values(level)))


def _qualified(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


# --------------------------------------------------------------------------- the folder


def _drawn(chart: Chart) -> dict[str, Any]:
    """What a chart shows, rendered (an empty one is only described), for the folder."""
    return {
        "title": chart.title,
        "alt_text": chart.alt_text,
        "caption": chart.caption,
        "empty": chart.empty,
        "png": None if chart.empty else chart.png(),
    }
