"""Disclosure control over the publication history (issue 12, item 3).

Each year's public report is audited with everything the organisation's earlier public reports
printed. The end-to-end check switches that off for one demo year, rebuilds its public tables
in-process, and shows the attack on the published folders then pins hidden counts; with it on
(the demo build), the same folders pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import demo_project

from wres_lib.inputs.params import Disclosure
from wres_lib.protect.attack import attack
from wres_lib.protect.attack_tables import Place, Publication, read_folder
from wres_lib.protect.audit import Auditor
from wres_lib.protect.history import History, declare_history
from wres_lib.protect.problem import DisclosureProblem
from wres_lib.protect.publications import earlier_public_folders
from wres_lib.protect.suppression import suppress
from wres_lib.protect.table_cells import Cell

DISCLOSURE = Disclosure()
PLACE = Place("earlier", "table", "row", "2021/22")


def printed_ratio(keys: tuple, value: float) -> Cell:
    """A relative likelihood an earlier report printed to 2 places, without its range."""
    return Cell(PLACE, "ratio", keys, f"{value:.2f}", (), value, 2, False)


def two_windows() -> DisclosureProblem:
    """Disciplinary cases: 30 in 2020/21, 6 (small) in 2021/22, 36 over the two years."""
    problem = DisclosureProblem()
    first = problem.count("2020-21|3|all|BME|numerator", 30)
    small = problem.count("2021-22|3|all|BME|numerator", 6)
    both = problem.count("2021-22|3|two-year|BME|numerator", 36)
    problem.show_count("indicator 3 all", "BME", "2020/21", first)
    problem.show_count("indicator 3 all", "BME", "2021/22", small)
    problem.show_count("indicator 3 two-year", "BME", "2021/22", both)
    problem.add_sum(both, [first, small], label="two-year = this year + last year")
    return problem


def test_a_count_printed_before_is_known_and_suppression_works_round_it() -> None:
    """Alone, hiding the 6 with the 30 (the cheaper partner) protects it and shows the 36.
    But last year's report printed the 30, so a reader has 36 − 30: the 36 must go instead."""
    alone = suppress(two_windows(), DISCLOSURE)
    assert alone.audit.ok
    assert alone.hidden == {"2020-21|3|all|BME|numerator", "2021-22|3|all|BME|numerator"}

    earlier = Publication(shown={("2020-21", 3, "all", "BME", "numerator"): 30})
    problem = two_windows()
    use = declare_history(problem, earlier)
    assert use.known == 1 and "2020-21|3|all|BME|numerator" in problem.known
    # History switched off (the cells chosen without it) leaks: the 6 is pinned.
    leaked = Auditor(problem, DISCLOSURE.width, integer=True).run(alone.hidden)
    assert [(b.key, b.lower, b.upper) for b in leaked.unprotected] == [
        ("2021-22|3|all|BME|numerator", 6.0, 6.0)
    ]
    # History on: the two-year window is hidden instead and the audit holds.
    result = suppress(problem, DISCLOSURE)
    assert result.audit.ok
    assert result.hidden == {"2021-22|3|all|BME|numerator", "2021-22|3|two-year|BME|numerator"}


def test_a_count_hidden_before_stays_protected_where_this_report_does_not_show_it() -> None:
    """Last year's report hid a finer group (4) that this report does not display: it is still
    audited, so this report cannot print both of its partners."""
    problem = DisclosureProblem()
    part = problem.count("2021-22|1|overall|Mixed|numerator", 4)
    other = problem.count("2021-22|1|overall|Other|numerator", 50)
    whole = problem.count("2021-22|1|overall|BME|numerator", 54)
    problem.show_count("indicator 1", "Other", "2021/22", other)
    problem.show_count("indicator 1", "BME", "2021/22", whole)
    problem.add_sum(whole, [part, other])
    alone = suppress(problem, DISCLOSURE)
    assert alone.hidden == set()  # the 4 is never displayed here, so nothing is audited
    earlier = Publication(hidden={("2021-22", 1, "overall", "Mixed", "numerator"): [PLACE]})
    use = declare_history(problem, earlier)
    assert use.hidden_before == 1
    result = suppress(problem, DISCLOSURE)
    assert result.audit.ok and part in result.hidden
    assert result.hidden & {other, whole}  # a partner hidden with it


def test_a_ratio_printed_before_stays_a_constraint() -> None:
    """Last year's report printed indicator 3's ratio with its counts hidden; it is still on
    the web, so it constrains this report whatever this report hides."""
    problem = DisclosureProblem()
    names = {
        (g, p): problem.count(f"2021-22|3|all|{g}|{p}", v)
        for (g, p), v in {
            ("BME", "numerator"): 4,
            ("BME", "denominator"): 1000,
            ("White", "numerator"): 8,
            ("White", "denominator"): 4000,
        }.items()
    }
    for (g, p), name in names.items():
        problem.show_count("indicator 3 all", f"{g} {p}", "2021/22", name)
    keys = tuple(
        ("2021-22", 3, "all", g, p) for g in ("BME", "White") for p in ("numerator", "denominator")
    )
    earlier = Publication(shown={keys[1]: 1000, keys[3]: 4000}, cells=[printed_ratio(keys, 2.0)])
    use = declare_history(problem, earlier)
    assert use.displays == 1 and len(problem.published_before) == 1
    result = suppress(problem, DISCLOSURE)
    # BME = White / 2 exactly: both small, both hidden, and the ratio still ties them, yet
    # each can move by 10 or more together (4 ↔ 8, 9 ↔ 18, ...).
    assert result.audit.ok
    bounds = result.audit.bounds["2021-22|3|all|BME|numerator"]
    assert (bounds.lower, bounds.upper) == (0.0, 1000.0)
    assert result.hidden_displays == frozenset()  # the earlier ratio is never hidden


def test_earlier_public_folders_are_found_in_the_outputs_layout(tmp_path: Path) -> None:
    for year in ("2019-20", "2020-21", "2022-23", "2023-24"):
        (tmp_path / "demo" / year / "public" / "tables").mkdir(parents=True)
    (tmp_path / "demo" / ".staging-2021-22-x" / "public" / "tables").mkdir(parents=True)
    (tmp_path / "demo" / "2021-22" / "public").mkdir(parents=True)  # no tables: not published
    found = earlier_public_folders(tmp_path, "demo", "2022-23")
    assert [f.parent.name for f in found] == ["2019-20", "2020-21"]
    assert earlier_public_folders(tmp_path, "other", "2022-23") == []


INDICATOR_SECTIONS = range(1, 10)


@pytest.mark.slow
def test_history_switched_off_leaks_and_on_holds(
    demo_outputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's 2019/20 report rebuilt without its predecessor: read with the 2018/19 report,
    hidden counts are pinned. The demo build (history on) passes the same attack."""
    from wres_lib.present import report as report_module
    from wres_lib.present.report import build_report
    from wres_lib.publish.exports import write_public_tables

    root = demo_outputs.parent.parent
    if not (root / "params").is_dir():  # WRES_DEMO_OUTPUTS pointed at a bare outputs folder
        root = demo_project(tmp_path / "project")
    earlier = demo_outputs / "2018-19" / "public"
    monkeypatch.setattr(report_module, "publication_history", lambda *args: History())
    report = build_report(root / "params" / "2019-20.yaml", "public", published_before=[])
    for number in INDICATOR_SECTIONS:
        report.indicator(number)
    write_public_tables(report.public_tables, tmp_path / "public" / "tables")
    off = attack([earlier, tmp_path / "public"])
    assert off.leaks, "without the history the two reports together should pin a count"
    assert off.leaks  # hidden counts pinned between the two reports
    on = attack([earlier, demo_outputs / "2019-20" / "public"])
    assert on.ok, [(f.key, f.lower, f.upper) for f in on.leaks]


def test_a_block_caused_by_leaky_earlier_reports_says_how_to_fix_it(tmp_path: Path) -> None:
    """Reports built one year at a time (before the history was audited) can already give a
    count away between them; no choice of cells now can pass, and the message says so."""
    from test_audit_command import ONE_YEAR, TWO_YEAR, disciplinary, publish

    from wres_lib.errors import PublishingBlocked
    from wres_lib.protect.history import explain_blocked

    leaky = publish(
        tmp_path / "2019-20",
        {
            ONE_YEAR: disciplinary(["2019/20"], {"n. White": ["10 out of 4000"]}),
            TWO_YEAR: disciplinary(["2019/20"], {"n. White": ["12 out of 4000"]}),
        },
    )
    history = History(read_folder(leaky), {"2019-20": ("built", str(leaky))})
    message = str(explain_blocked(PublishingBlocked("audit failed"), history, 10))
    assert message.startswith("audit failed")
    assert "already let a reader narrow 1 hidden counts below 10" in message
    assert "wres report --all-years" in message and str(leaky) in message
    safe = publish(
        tmp_path / "2020-21",
        {ONE_YEAR: disciplinary(["2019/20"], {"n. White": ["10 out of 4000"]})},
    )
    history = History(read_folder(safe), {"2020-21": ("supplied", str(safe))})
    message = str(explain_blocked(PublishingBlocked("audit failed"), history, 10))
    assert message == "audit failed\n  (with the earlier public reports: 2020-21 (supplied))"


def test_a_ratio_printed_before_that_todays_data_do_not_give_is_a_conflict() -> None:
    """Records corrected since: the printed 2.00 is no longer (4/1000)/(8/4000) = 2.00 but
    (5/1000)/(8/4000) = 2.50, so it is listed and left out, not a constraint that excludes the
    true counts."""
    problem = DisclosureProblem()
    for (g, p), v in {
        ("BME", "numerator"): 5,
        ("BME", "denominator"): 1000,
        ("White", "numerator"): 8,
        ("White", "denominator"): 4000,
    }.items():
        problem.show_count(
            "indicator 3 all", f"{g} {p}", "2021/22", problem.count(f"2021-22|3|all|{g}|{p}", v)
        )
    parts = ("numerator", "denominator")
    keys = tuple(("2021-22", 3, "all", g, p) for g in ("BME", "White") for p in parts)
    earlier = Publication(cells=[printed_ratio(keys, 2.0)])
    use = declare_history(problem, earlier)
    assert use.displays == 0 and problem.published_before == set()
    assert len(use.conflicts) == 1 and "printed 2.0 before, 2.500 now" in use.conflicts[0]
