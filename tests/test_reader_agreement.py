"""The build's disclosure audit and ``wres audit`` agree (issue 22, items 3 and 4).

Both read the public tables the same way and assume the same relations; a relation the data do
not bear out (a survey provider's BME row one more than its groups' sum) is declared anyway,
with the slack the data need, and audited as the reader would use it too. So whatever the build
publishes, an attacker reading it finds nothing narrower than the protection width:

* every case of the bad-input corpus that reads: its public tables attacked;
* trusts whose Staff Survey groups do not add up to BME (in either direction), attacked, and
  shown to leak when the build drops the relation as it once did;
* a relation whose offset makes the reader narrower than the truth: only the reader's model
  catches it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from bad_inputs.cases import CASES, DATA, Case
from test_corpus import trust  # noqa: F401  (the corpus trust folder, a module fixture)

from wres_lib.inputs.params import Disclosure, load_params
from wres_lib.measure.window import gather
from wres_lib.present.report import Report
from wres_lib.protect.attack import attack
from wres_lib.protect.audit import Auditor, Audits
from wres_lib.protect.problem import DisclosureProblem
from wres_lib.publish.exports import write_public_tables

READ = [case for case in CASES if case.expect == "read"]


def published(root: Path, out: Path) -> tuple[Report, Path]:
    """The trust's public report built in-process, its tables written as the build writes them."""
    report = Report(gather(load_params(root / "params" / "2022-23.yaml")), "public")
    assert report.protection is not None and report.protection.summary["protected"]
    printed = {name: report.printed(name, t.frame)[0] for name, t in report.staff.items()}
    tables = {name: frame.reset_index() for name, frame in printed.items() if not frame.empty}
    report.protection.check(tables)
    write_public_tables(tables, out / "public" / "tables")
    return report, out / "public"


@pytest.mark.slow
@pytest.mark.parametrize("case", READ, ids=[case.id for case in READ])
def test_what_a_corpus_trust_publishes_passes_the_attack(
    case: Case,
    trust: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    root = tmp_path / "trust"
    shutil.copytree(trust, root)
    case.mutate(root)
    _report, folder = published(root, tmp_path / "out")
    found = attack([folder])
    assert found.ok, [(f.key, f.lower, f.upper) for f in found.leaks] + found.exposed + found.small


SURVEY = "staff_survey.csv"


def unbalance(root: Path, question: str, shift: int) -> None:
    """The provider's BME row for one question made ``shift`` more than its groups' sum."""
    path = root / DATA / SURVEY
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    head = rows[0]
    at = {name: head.index(name) for name in ("staff_type", "question", "group", "yes")}
    for row in rows[1:]:
        if (row[at["staff_type"]], row[at["question"]], row[at["group"]]) == (
            "Substantive",
            question,
            "BME",
        ):
            row[at["yes"]] = str(int(row[at["yes"]]) + shift)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


SLIPS = [("q13bc", 1), ("q13bc", -1), ("q13a", 1), ("q13b", -2), ("q16b", 2)]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "shift"), SLIPS)
def test_a_survey_whose_groups_do_not_add_up_is_protected_as_a_reader_reads_it(
    question: str,
    shift: int,
    trust: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    from wres_lib.cli import main

    root = tmp_path / "trust"
    shutil.copytree(trust, root)
    unbalance(root, question, shift)
    # wres validate says so, naming the file, its rows and the numbers.
    assert main(["validate", str(root / "params" / "2022-23.yaml")]) == 0
    said = capsys.readouterr().out
    assert f"{SURVEY} rows" in said and f"{question} (Substantive): BME yes" in said
    assert "but Asian + Black + Mixed + Other =" in said
    report, folder = published(root, tmp_path / "on")
    assert report.protection is not None
    labels = report.protection.summary["inconsistent_relations"]
    assert any(f"indicator {indicator}" in label for label in labels for indicator in (5, 6, 7, 8))
    found = attack([folder])
    assert found.ok, [(f.key, f.lower, f.upper) for f in found.leaks]


@pytest.mark.slow
def test_dropping_a_sum_the_data_break_leaks_to_the_reader(
    trust: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The old way (a relation the numbers do not bear out left undeclared): q13bc's Other (5)
    is its only small group, so nothing else is hidden with it, and a reader who takes BME
    (one more than its groups' sum) at its word pins it at 6."""
    from wres_lib.protect import public_report

    root = tmp_path / "trust"
    shutil.copytree(trust, root)
    unbalance(root, "q13bc", 1)
    declare = public_report.DisclosureProblem.add_relation

    def old_way(self, terms, *, kind="eq", label="", assumed=False):
        try:
            declare(self, terms, kind=kind, label=label)
        except ValueError:
            return None  # "a relation that does not hold is one a reader cannot use"

    monkeypatch.setattr(public_report.DisclosureProblem, "add_relation", old_way)
    _report, folder = published(root, tmp_path / "old")
    leaks = {f.key: (f.lower, f.upper) for f in attack([folder]).leaks}
    assert leaks[("2022-23", 6, "all", "Other", "numerator")] == (6.0, 6.0)


def test_only_the_readers_model_sees_a_total_printed_below_its_parts() -> None:
    """Two hidden counts (5 and 5) and their total printed as 9 (the data's slip): the truth
    leaves each 0 to 10, but a reader who takes 9 at its word has 0 to 9."""
    problem = DisclosureProblem()
    a, b = problem.count("a", 5), problem.count("b", 5)
    total = problem.count("total", 9)
    for key in (a, b, total):
        problem.show_count("T", key, "n", key)
    problem.add_relation({total: -1.0, a: 1.0, b: 1.0}, label="total = a + b", assumed=True)
    assert [r.offset for r in problem.inconsistent] == [1.0]
    width = Disclosure().width
    truth = Auditor(problem, width, integer=True).run({a, b})
    assert truth.ok and truth.bounds[a].upper - truth.bounds[a].lower == 10
    both = Audits(problem, width).run({a, b})
    assert not both.ok and (both.bounds[a].lower, both.bounds[a].upper) == (0.0, 9.0)
