"""Disclosure control on the demo trust's real report: what the public sees is audited."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from wres_lib.demo.trust import generate_demo_trust
from wres_lib.errors import PublishingBlocked
from wres_lib.inputs.params import load_params
from wres_lib.measure.window import gather
from wres_lib.present.report import Report
from wres_lib.present.wording import Wording
from wres_lib.protect.attack_tables import read_tables, reading_of
from wres_lib.protect.public_report import build_problem
from wres_lib.protect.suppression import require_protected, suppress

ROOT = Path(__file__).resolve().parent.parent
SMALL = re.compile(r"^(?:[1-9])(?: out of \d+)?$")


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory):
    """The demo trust's latest year with its trend window, built in a scratch project."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "params", root / "params")
    generate_demo_trust(root / "data" / "demo")
    params = load_params(root / "params" / "2022-23.yaml")
    return params, gather(params)


@pytest.fixture(scope="module")
def public_report(demo_data) -> Report:
    """The demo year's public report (audited alone: no earlier reports)."""
    return Report(demo_data[1], "public")


def draft_problem(report: Report):
    """The disclosure problem of the report's tables as drawn with every figure."""
    tables = {name: reading_of(t.frame.reset_index()) for name, t in report.staff.items()}
    draft = read_tables(tables, latest=report.year)
    problem, _ = build_problem(draft, report.counts, report.year)
    return problem


def test_public_report_shows_no_count_from_1_to_9(demo_data, public_report) -> None:
    params, data = demo_data
    report = public_report
    sections = [report.indicator(n) for n in range(1, 10)]
    assert all(s._repr_html_() for s in sections)
    # Board membership is published by the trust (disclosure.board_is_public): its own test.
    staff_tables = {n: t for n, t in report.public_tables.items() if "indicator_9" not in n}
    cells = [str(v) for table in staff_tables.values() for v in table.to_numpy().ravel()]
    assert len(cells) > 500
    assert not [name for name, t in report.public_tables.items() if "index" in t.columns]
    assert not [c for c in cells if SMALL.match(c)]
    # The same tables in the internal report do show small counts (so the check can fail).
    internal = Report(data, "internal")
    for n in range(1, 10):
        internal.indicator(n)
    inside = [str(v) for t in internal.public_tables.values() for v in t.to_numpy().ravel()]
    assert [c for c in inside if SMALL.match(c)]


def test_audit_passes_with_hidden_cells_of_both_kinds(demo_data, public_report) -> None:
    params, data = demo_data
    protection = public_report.protection
    summary = protection.summary
    assert summary["protected"] is True
    assert summary["primary_hidden"] > 100
    assert summary["secondary_hidden"] > 0
    assert summary["smallest_interval"] >= params.disclosure.width
    text = Wording().say("notes.j2", "audit", protection.summary)
    assert text.endswith("(at least 10 required): passed.")
    assert f"{protection.summary['primary_hidden']:,} counts not shown" in text


def test_primary_suppression_alone_is_refused(demo_data, public_report) -> None:
    params, data = demo_data
    problem = draft_problem(public_report)
    weakened = suppress(problem, params.disclosure, secondary=False)
    assert "1" in {b.key.split("|")[1] for b in weakened.audit.unprotected}
    with pytest.raises(PublishingBlocked, match="can be narrowed to an interval of width"):
        require_protected(weakened)


def test_metrics_built_on_hidden_counts_are_blanked(demo_data, public_report) -> None:
    params, data = demo_data
    protection = public_report.protection
    masked = protection.metrics
    hidden_counts = {h[:4] for h in protection.hidden}
    ratio = masked[
        (masked.year == params.year)
        & (masked.indicator == 3)
        & (masked.measure == "all")
        & (masked.group == "BME/White")
        & (masked.statistic == "relative_likelihood")
    ].iloc[0]
    bme_cases = (params.year, 3, "all", "BME")
    if bme_cases in hidden_counts:
        assert ratio["hidden"] and ratio["value"] != ratio["value"]
    shown = masked[~masked["hidden"]]
    assert shown["value"].notna().sum() > 100
    assert masked.loc[masked["hidden"], "value"].isna().all()
    # Nothing not audited is shown: indicator 1 finer groups of earlier years are withheld by
    # pay band (no table prints them), not overall (indicators 3 and 4 print those headcounts).
    earlier = masked[
        (masked.indicator == 1) & (masked.group == "Asian") & (masked.year != params.year)
    ]
    by_band = earlier["measure"] != "overall"
    assert by_band.sum() > 20 and earlier.loc[by_band, "hidden"].all()
    assert set(earlier.loc[by_band, "hidden_reason"]) <= {"not published", "small"}
    assert not earlier.loc[~by_band, "hidden"].any()


def test_band_rows_are_linked_to_the_overall_row(public_report) -> None:
    problem = draft_problem(public_report)
    labels = [r.label for r in problem.relations]
    assert "2022-23: band rows (BME)" in labels
    assert "2022-23: grouped|Clinical Bands 6 to VSM (Unknown)" in labels
    assert "2022-23: senior bands from Band 8a (BME)" in labels
    assert "2022-23: two-year window = 2022-23 + 2021-22 (White)" in labels
    assert "2022-23 clinical|Band 5: known = White + BME" in labels


def test_latest_year_keeps_most_large_band_counts_visible(demo_data, public_report) -> None:
    """Secondary suppression must not wipe out the year the Board is reading (it once hid
    nearly every band of the latest year because of tiny per-band finer-group cells)."""
    params, data = demo_data
    report = public_report
    large = [
        key
        for key, (num, den) in report.figures.counts.items()
        if key[0] == params.year
        and key[1] == 1
        and key[3] == "BME"
        and "|" in key[2]
        and not key[2].startswith("grouped|")
        and num >= 10
        and den - num >= 10
    ]
    shown = [k for k in large if not report.figures.is_hidden(*k, "numerator")]
    assert len(large) >= 15
    assert len(shown) / len(large) >= 0.75, (len(shown), len(large))


def test_board_counts_are_shown_as_public_or_protected_when_asked(demo_data, public_report) -> None:
    """The Board is public by default (every trust publishes it); a trust can opt out."""
    params, data = demo_data
    public = public_report
    public.indicator(9)
    board = public.public_tables[next(n for n in public.public_tables if "indicator_9" in n)]
    assert any(SMALL.match(str(v)) for v in board.to_numpy().ravel())
    private = params.model_copy(
        update={"disclosure": params.disclosure.model_copy(update={"board_is_public": False})}
    )
    protected = Report(dataclasses.replace(data, params=private), "public")
    protected.indicator(9)
    board = protected.public_tables[next(n for n in protected.public_tables if "indicator_9" in n)]
    assert not [v for v in board.to_numpy().ravel() if SMALL.match(str(v))]


def _hidden_without(monkeypatch: pytest.MonkeyPatch, report: Report, drop) -> frozenset:
    """The cells suppression hides when the reader's relations that ``drop`` picks are left
    out (see callers)."""
    from wres_lib.protect import public_report as module

    relations = module.reader_relations
    with monkeypatch.context() as patch:
        patch.setattr(
            module, "reader_relations", lambda keys: [r for r in relations(keys) if not drop(r)]
        )
        problem = draft_problem(report)
    return suppress(problem, report.params.disclosure).hidden


def _leaks(report: Report, hidden: frozenset) -> list[tuple[str, float, float]]:
    """The full problem (every relation on) attacked with those hidden cells."""
    from wres_lib.protect.audit import Auditor

    problem = draft_problem(report)
    result = Auditor(problem, report.params.disclosure.width, integer=True).run(hidden)
    return [(b.key, b.lower, b.upper) for b in result.unprotected]


@pytest.mark.slow
def test_the_year_before_the_window_leaks_when_it_is_not_declared(
    public_report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Switched off: indicator 3's two-year window is not related to its one-year windows (the
    year before the trend window never declared). Cells chosen that way let a reader pin the
    year before's count, or a one-year count, through the two-year window."""
    hidden = _hidden_without(
        monkeypatch, public_report, lambda relation: "two-year window" in relation.label
    )
    leaks = _leaks(public_report, hidden)
    assert leaks and {key.split("|")[1] for key, _, _ in leaks} == {"3"}
    assert min(upper - lower for _, lower, upper in leaks) < public_report.params.disclosure.width


@pytest.mark.slow
def test_undeclared_unknown_and_finer_band_rows_leak_when_dropped(
    public_report, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Switched off: the relations through band rows that the report never prints by group
    (White, Unknown, the finer groups) are dropped instead of bounded. Cells chosen that way
    leave indicator 1 counts a reader can narrow below the threshold."""
    printed = {k for cell in _draft_cells(public_report) for k in cell.keys}

    def unprinted_band_relation(relation) -> bool:
        keys = [k for k, _ in relation.terms]
        structural = "band rows" in relation.label or "grouped|" in relation.label
        return structural and any(k not in printed for k in keys)

    hidden = _hidden_without(monkeypatch, public_report, unprinted_band_relation)
    leaks = _leaks(public_report, hidden)
    assert leaks and {key.split("|")[1] for key, _, _ in leaks} == {"1"}


def _draft_cells(report: Report):
    tables = {name: reading_of(t.frame.reset_index()) for name, t in report.staff.items()}
    return read_tables(tables, latest=report.year).cells
