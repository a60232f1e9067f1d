"""The chart cache: each distinct chart drawn once per run and shared by both reports, never a
chart served for different data, and nothing cached without a folder."""

from __future__ import annotations

import functools
import io
import multiprocessing
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from wres_lib.present import chart_cache, chart_style, indicator_charts
from wres_lib.present.chart_cache import Unkeyable, cached_chart, chart_key, use_chart_cache
from wres_lib.present.chart_rows import chart_rows
from wres_lib.present.chart_style import Chart, finish_chart, new_figure
from wres_lib.present.indicator_charts import group_comparison_chart, trend_chart

ROOT = Path(__file__).resolve().parents[1]
BAND = (0.8, 1.25)


def metrics() -> pd.DataFrame:
    """Indicator 5 for two years: White, BME and Mixed, with intervals."""
    rows = []
    for year, values in (("2021-22", (26.0, 29.5, 31.0)), ("2022-23", (24.0, 28.0, 35.0))):
        for group, value in zip(("White", "BME", "Mixed"), values, strict=True):
            rows.append(
                dict(
                    org="demo",
                    year=year,
                    indicator=5,
                    measure="all",
                    group=group,
                    statistic="percent",
                    value=value,
                    ci_low=value - 2.5,
                    ci_high=value + 2.5,
                    note="",
                )
            )
    return pd.DataFrame(rows)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts real renders (a chart served from the cache is not one)."""
    count: list[int] = []
    real = chart_style.render_png

    def counting(figure):
        count.append(1)
        return real(figure)

    monkeypatch.setattr(chart_style, "render_png", counting)
    return count


@pytest.fixture
def cache(tmp_path: Path):
    with use_chart_cache(tmp_path / "charts") as used:
        yield tmp_path / "charts"
    assert chart_cache.chart_cache_folder() == used.previous


def test_no_folder_no_cache(renders, tmp_path):
    assert chart_cache.chart_cache_folder() is None
    first = group_comparison_chart(metrics(), 5, "2022-23").png()
    second = group_comparison_chart(metrics(), 5, "2022-23").png()
    assert first == second and len(renders) == 2
    assert list(tmp_path.iterdir()) == []


def test_same_chart_is_drawn_once_and_served_whole(cache, renders):
    drawn = group_comparison_chart(metrics(), 5, "2022-23")
    served = group_comparison_chart(metrics(), 5, "2022-23")
    assert served.figure is None and len(renders) == 1
    assert served.png() == drawn.png()
    assert (served.title, served.alt_text, served.caption, served.empty) == (
        drawn.title,
        drawn.alt_text,
        drawn.caption,
        drawn.empty,
    )
    assert served._repr_html_() == drawn._repr_html_()
    assert len(list(cache.glob("*.pickle"))) == 1


def test_a_hidden_cell_gets_its_own_chart(cache, renders):
    """The public chart (BME hidden in 2022-23) is never served the internal one's PNG; with
    the data left out of the key it would be (the protection, switched off, fails)."""
    internal = trend_chart(metrics(), 5, parity_band=BAND)
    public_metrics = metrics()
    public_metrics["hidden"] = (public_metrics["year"] == "2022-23") & (
        public_metrics["group"] == "BME"
    )
    public = trend_chart(public_metrics, 5, parity_band=BAND)
    assert len(renders) == 2
    assert public.png() != internal.png()
    assert "BME 2022/23" in public.alt_text and "BME 2022/23" not in internal.alt_text
    with use_chart_cache(None):
        assert public.png() == trend_chart(public_metrics, 5, parity_band=BAND).png()


def test_the_key_must_see_the_data(cache, renders, monkeypatch):
    """Switch the values out of the key and a public chart is served the internal picture."""
    monkeypatch.setattr(chart_cache, "_feed_values", lambda digest, series: None)
    internal = group_comparison_chart(metrics(), 5, "2022-23")
    changed = metrics()
    changed.loc[4, "value"] = 12.0  # BME 2022-23
    wrong = group_comparison_chart(changed, 5, "2022-23")
    assert wrong.png() == internal.png() and len(renders) == 1


def test_a_finer_group_hidden_elsewhere_shares_the_trend_chart(cache, renders):
    """The trend chart draws White and BME only: Mixed hidden (as in the public report)
    leaves the same picture, so it is drawn once for both reports."""
    internal = trend_chart(metrics(), 5, parity_band=BAND)
    public_metrics = metrics()
    public_metrics["hidden"] = public_metrics["group"] == "Mixed"
    public = trend_chart(public_metrics, 5, parity_band=BAND)
    assert public.png() == internal.png() and len(renders) == 1


def chart_of(frame: pd.DataFrame, label: object = None, option: float = 1.0) -> Chart:
    figure = new_figure()
    figure.add_subplot().plot(range(len(frame)))
    return finish_chart(figure, "t", "a", ())


@pytest.fixture(autouse=True)
def keyed_here(monkeypatch):
    """This file's own chart functions may be cached (the key hashes only the package's
    files, so it needs this file's too: changing it between runs would go unseen)."""
    monkeypatch.setattr(chart_cache, "KEYED_SOURCES", (*chart_cache.KEYED_SOURCES, ROOT / "tests"))


def key(*args, **kwargs) -> str:
    return chart_key(chart_of, args, kwargs)


def test_a_chart_function_the_key_cannot_see_is_never_cached(monkeypatch):
    """Code outside the package, or values a closure captured, are not in the key."""
    with monkeypatch.context() as only_the_package:
        only_the_package.setattr(chart_cache, "KEYED_SOURCES", (ROOT / "wres_lib",))
        with pytest.raises(Unkeyable):
            key(metrics())
    key(metrics())  # this file's functions are keyed again (keyed_here)
    hidden_value = 5

    def closure(frame: pd.DataFrame) -> Chart:
        return chart_of(frame, hidden_value)

    with pytest.raises(Unkeyable):
        chart_key(closure, (metrics(),), {})


def test_a_long_categorical_order_is_in_the_key():
    """pandas shortens the repr of a dtype with many categories; the key reads them all."""
    names = [f"g{i}" for i in range(150)]
    swapped = names[:70] + [names[71], names[70]] + names[72:]
    frame = pd.DataFrame({"group": pd.Categorical(["g0", "g1"], categories=names)})
    other = pd.DataFrame({"group": pd.Categorical(["g0", "g1"], categories=swapped)})
    assert repr(frame["group"].dtype) == repr(other["group"].dtype)
    assert key(frame) != key(other)


def test_the_key_notices_every_kind_of_change():
    frame = metrics()
    base = key(frame)
    assert key(metrics()) == base  # equal data, equal key
    assert key(frame, None, 1.0) == key(frame, option=1.0) == base  # defaults filled in
    with_attrs = frame.copy()
    with_attrs.attrs["target_percent"] = 19.0
    objects = frame.assign(note=frame["note"].astype(object))
    groups = ["White", "BME", "Mixed"]
    changes = {
        "one cell": frame.assign(value=frame["value"].where(frame.index != 3, 99.0)),
        "a dtype": frame.assign(indicator=frame["indicator"].astype(float)),
        "a column name": frame.rename(columns={"note": "notes"}),
        "the column order": frame[list(reversed(frame.columns))],
        "the index": frame.set_axis(range(1, len(frame) + 1)),
        "the row order": frame.iloc[::-1],
        "attrs": with_attrs,
        "an object cell's text": objects.assign(note=["1", "", "", "", "", ""]),
        "an object cell's type": objects.assign(note=[1, "", "", "", "", ""]),
        "a category order": frame.assign(group=pd.Categorical(frame["group"], groups)),
        "the other order": frame.assign(group=pd.Categorical(frame["group"], groups[::-1])),
    }
    keys = {name: key(changed) for name, changed in changes.items()}
    assert base not in keys.values()
    assert len(set(keys.values())) == len(keys)
    assert len({key(frame, "1"), key(frame, 1), key(frame, 1.0), key(frame, True)}) == 4
    assert key(frame, {"a", "b"}) == key(frame, {"b", "a"})
    assert key(frame, option=-0.0) != base
    with matplotlib.rc_context({"lines.linewidth": 3.0}):  # rcParams at the call
        assert key(frame) != base
    with pytest.raises(Unkeyable):
        key(frame, object())


def test_an_unkeyable_argument_is_drawn_uncached(cache, renders):
    for _ in range(2):
        chart_of(metrics(), object()).png()
    cached_chart(chart_of)(metrics(), object()).png()
    assert len(renders) == 3 and not any(cache.iterdir())


def test_an_empty_chart_is_described_and_drawn_only_if_asked(cache, renders):
    frame = metrics()
    frame["hidden"] = True
    first = trend_chart(frame, 5)
    second = trend_chart(frame, 5)
    assert first.empty and second.empty and second.figure is None and renders == []
    assert second.png().startswith(b"\x89PNG") and len(renders) == 1


@cached_chart
def failing(frame: pd.DataFrame) -> Chart:
    raise ValueError("no chart")


def test_a_failed_chart_gives_up_its_claim(cache):
    with pytest.raises(ValueError):
        failing(metrics())
    assert list(cache.iterdir()) == []


def test_a_stalled_claim_is_waited_for_then_ignored(cache, renders, monkeypatch):
    monkeypatch.setattr(chart_cache, "WAIT_SECONDS", 0.2)
    visible, withheld = chart_rows(metrics(), 5, "percent", None, year="2022-23", measure="all")
    args = (visible, withheld, 5, "2022-23", "all", 0.95, None)
    name = chart_key(indicator_charts._group_comparison.__wrapped__, args, {})
    (cache / f"{name}.claim").touch()  # a kernel that claimed it and died
    chart = group_comparison_chart(metrics(), 5, "2022-23")
    assert chart.png().startswith(b"\x89PNG") and len(renders) == 1
    assert not (cache / f"{name}.pickle").exists()  # the claim is still the other kernel's


def _draw_in_another_process(folder: str) -> tuple[bytes, int]:
    count = []
    real = chart_style.render_png
    chart_style.render_png = lambda figure: count.append(1) or real(figure)
    with use_chart_cache(folder):
        png = trend_chart(metrics(), 5, parity_band=BAND).png()
    return png, len(count)


def test_two_kernels_asking_at_once_draw_it_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.map(_draw_in_another_process, [str(tmp_path)] * 2)
    assert results[0][0] == results[1][0]
    assert sorted(count for _, count in results) == [0, 1]
    assert len(list(tmp_path.glob("*.pickle"))) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_the_demo_reports_draw_each_distinct_chart_once(tmp_path, renders):
    """Both reports of the demo year through one cache: every chart the same bytes as drawn
    without it, and as many renders as distinct pictures."""
    from wres_lib.present.report import build_report

    def shown(mode: str) -> list[bytes]:
        report = build_report(ROOT / "params" / "2022-23.yaml", mode, published_before=[])
        pngs: list[bytes] = []
        real = Chart._repr_html_

        def keep(chart: Chart) -> str:
            pngs.append(chart.png())
            return real(chart)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Chart, "_repr_html_", keep)
            for section in ("benchmarking", "model_employer", "action_plan"):
                getattr(report, section)()
            for number in range(1, 10):
                report.indicator(number)
        return pngs

    uncached = shown("public")
    renders.clear()
    with use_chart_cache(tmp_path):
        internal = shown("internal")
        public = shown("public")
    assert public == uncached
    distinct = set(internal) | set(public)
    assert len(renders) == len(distinct) < len(internal) + len(public)


def test_drawn_once_same_pixels_as_savefig(monkeypatch):
    """One Figure.draw per PNG (savefig with the layout engine on makes two), and the pixels
    are savefig's, written as a palette (the figure is opaque) within the stated tolerance."""
    draws: list[int] = []
    real = Figure.draw

    @functools.wraps(real)  # keeps the attributes matplotlib's decorators set
    def counted(self, renderer):
        draws.append(1)
        return real(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    ours = group_comparison_chart(metrics(), 5, "2022-23").png()
    assert len(draws) == 1
    buffer = io.BytesIO()
    figure = group_comparison_chart(metrics(), 5, "2022-23").figure
    with matplotlib.rc_context(chart_style.RC):
        figure.savefig(buffer, format="png", dpi=chart_style.DPI, metadata={"Software": None})
    assert len(draws) == 3
    theirs = Image.open(buffer)
    assert theirs.mode == "RGBA" and Image.open(io.BytesIO(ours)).mode == "P"
    assert np.asarray(theirs)[..., 3].min() == 255
    drawn = np.asarray(theirs)[..., :3].astype(int)
    written = np.asarray(Image.open(io.BytesIO(ours)).convert("RGB")).astype(int)
    difference = np.abs(drawn - written)
    assert difference.max() <= chart_style.PALETTE_TOLERANCE
    assert (difference.max(axis=2) == 0).mean() > 0.99  # nearly every pixel exactly as drawn


def test_a_reports_run_folder_is_its_chart_cache_only_while_it_draws(tmp_path):
    """build_report's run folder serves the report's own sections and is not left set for
    whatever the process builds next (an analyst's next report is drawn afresh)."""
    from wres_lib.present.report import build_report

    report = build_report(
        ROOT / "params" / "2022-23.yaml", "internal", published_before=[], cache_dir=tmp_path
    )
    assert chart_cache.chart_cache_folder() is None
    report.indicator(5)
    assert chart_cache.chart_cache_folder() is None
    assert list((tmp_path / "charts").glob("*.pickle"))  # its charts went to the run folder


def test_a_chart_a_palette_cannot_hold_is_written_whole():
    """Many blended colours: a 256-colour palette would move some pixels by more than the
    tolerance, so the chart is written as RGB, exactly as drawn."""
    rng = np.random.default_rng(1)
    figure = chart_style.new_figure()
    axes = figure.add_subplot()
    for colour in ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00"):
        axes.scatter(rng.random(300), rng.random(300), color=colour, alpha=0.5, s=80)
    written = Image.open(io.BytesIO(chart_style.render_png(figure)))
    assert written.mode == "RGB"
