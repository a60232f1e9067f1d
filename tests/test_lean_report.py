"""Lean notebooks and look-ups (issue 14): short text reprs, no save after every cell, and the
metrics look-up by index giving what filtering the whole frame gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import papermill

from wres_lib.present.render import Block, paragraph
from wres_lib.present.trends import metric_row
from wres_lib.publish import notebooks


def test_block_text_repr_is_one_short_line() -> None:
    block = Block().add(paragraph("x" * 50_000))
    assert len(repr(block)) < 80 and "\n" not in repr(block)
    assert len(block._repr_html_()) > 50_000  # the HTML is all there


def test_papermill_saves_once_not_after_every_cell(monkeypatch, tmp_path) -> None:
    seen = {}
    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: seen.update(k) or "nb")
    notebooks.execute_notebook(tmp_path / "in.ipynb", tmp_path / "out.ipynb", {})
    assert seen["request_save_on_cell_execute"] is False


def _frame(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        (i, y, m, g, s, float(rng.random()))
        for i in (1, 2, 3)
        for y in ("2021-22", "2022-23")
        for m in ("all", "bank")
        for g in ("White", "BME")
        for s in ("percent", "relative_likelihood")
    ]
    return pd.DataFrame(
        rows, columns=["indicator", "year", "measure", "group", "statistic", "value"]
    )


def _filtered(frame: pd.DataFrame, *key) -> pd.Series | None:
    indicator, year, measure, group, statistic = key
    rows = frame[
        (frame["indicator"] == indicator)
        & (frame["year"] == year)
        & (frame["measure"] == measure)
        & (frame["group"] == group)
        & (frame["statistic"] == statistic)
    ]
    return None if rows.empty else rows.iloc[0]


def test_metric_row_by_index_matches_filtering() -> None:
    frame = _frame(1)
    keys = [tuple(k) for k in frame[["indicator", "year", "measure", "group", "statistic"]].values]
    for key in [*keys, (9, "2022-23", "all", "BME", "percent")]:
        want, got = _filtered(frame, *key), metric_row(frame, *key)
        assert (want is None and got is None) or want.equals(got)
    # Another frame (or the same one grown) is looked up afresh, never from a stale index.
    other = _frame(2)
    key = (2, "2022-23", "bank", "BME", "percent")
    assert metric_row(other, *key)["value"] == _filtered(other, *key)["value"]
    assert metric_row(other, *key)["value"] != metric_row(frame, *key)["value"]
    grown = pd.concat([frame, frame.head(1).assign(indicator=7)], ignore_index=True)
    assert metric_row(grown, 7, *frame.iloc[0, 1:5])["value"] == frame.iloc[0]["value"]
