"""`wres audit` knows the numbers the wording templates write themselves ("in the last 12
months"), so a clean report passes whatever its tables print, and a figure still does not."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

import pytest

from wres_lib.present import wording
from wres_lib.present.wording import Wording, template_names
from wres_lib.protect import attack_text
from wres_lib.protect.attack_text import fixed_phrases, table_numbers, unexplained_numbers

WORDING = Path(wording.__file__).parent / "wording"
# One table, printing no number the templates write (its year is a label).
TABLE = ',2022/23\n"n. White",R out of 4000\n'


def publish(folder: Path, *passages: str) -> Path:
    """A public folder whose report prints the passages, one paragraph each."""
    (folder / "tables").mkdir(parents=True)
    (folder / "tables" / "07_indicator_3_all.csv").write_text(TABLE, encoding="utf-8")
    body = "".join(f"<p>{escape(p)}</p>" for p in passages)
    (folder / "wres_report.html").write_text(f"<h2>Report</h2>{body}", encoding="utf-8")
    return folder


def unexplained(folder: Path, templates: Sequence[Path] = ()) -> list[tuple[str, str]]:
    """(number, passage) for each number in the words that nothing explains."""
    return [(n.number, n.passage) for n in unexplained_numbers(folder, templates=templates)]


def test_in_the_last_12_months_is_the_templates_wording_not_a_figure(tmp_path: Path) -> None:
    """Indicator 5's definition, as the package's catalogue says it, with no table printing 12."""
    sentence = Wording().say("catalogue.j2", "measures", 5)
    assert sentence == (
        "Percentage of staff experiencing harassment, bullying or abuse from patients, "
        "relatives or the public in the last 12 months."
    )
    folder = publish(tmp_path / "public", sentence)
    assert "12" not in table_numbers(folder / "tables")
    assert unexplained(folder) == []
    found = {p.text: p.source for p in fixed_phrases()}
    assert found["in the last 12 months."].startswith("catalogue.j2:")


def test_a_figure_is_checked_even_beside_the_templates_words(tmp_path: Path) -> None:
    """The same number as a fixed phrase's, in a figure's place, is still unexplained."""
    excluded = Wording().say("notes.j2", "excluded", "disciplinary_unknown_ethnicity", 12)
    assert excluded.startswith("12 disciplinary cases") and excluded.endswith("indicator 3.")
    passages = [
        "12 staff experienced harassment, bullying or abuse in the last 12 months.",
        excluded,  # {{ how_many }}: a figure; its "indicator 3." is the template's
        "Results cover answers given in the last 120 months.",  # not the phrase's 12
        "Answers given within the last 12 months.",  # "with|in the last": glued to a word
    ]
    folder = publish(tmp_path / "public", *passages)
    found = unexplained(folder)
    assert [number for number, _ in found] == ["12", "12", "120", "12"]
    assert [passage for _, passage in found] == passages


def test_a_template_variable_between_a_phrases_words_drops_the_phrase(tmp_path: Path) -> None:
    """A trust's own template prints a figure between the words "in the last … months.": the
    package's fixed phrase can no longer tell that figure from its own 12, so it is not used."""
    own = tmp_path / "params" / "templates"
    own.mkdir(parents=True)
    (own / "survey.j2").write_text(
        "{% macro window(months) -%}\n"
        "Results cover answers given in the last {{ months }} months.\n"
        "{%- endmacro %}\n",
        encoding="utf-8",
    )
    printed = Wording(own).say("survey.j2", "window", 12)
    assert printed == "Results cover answers given in the last 12 months."
    folder = publish(tmp_path / "public", printed)
    assert unexplained(folder) == []  # the package's phrase alone cannot see the variable
    assert [number for number, _ in unexplained(folder, templates=[own])] == ["12"]
    assert "in the last 12 months." not in {p.text for p in fixed_phrases([own])}


def test_a_trusts_own_fixed_phrase_is_recognised_when_its_folder_is_given(
    tmp_path: Path,
) -> None:
    own = tmp_path / "params" / "templates"
    own.mkdir(parents=True)
    (own / "notes.j2").write_text(
        "{# Reviewed 2024: every concern answered within 45 days. #}\n"
        "{% macro concerns(staff) -%}\n"
        "Every concern raised is answered within 30 days;\n"
        "{{ staff }} staff {{ 'raised one within 60 days' }}.\n"
        "{%- endmacro %}\n",
        encoding="utf-8",
    )
    printed = Wording(own).say("notes.j2", "concerns", 7)
    assert printed == (
        "Every concern raised is answered within 30 days; 7 staff raised one within 60 days."
    )
    folder = publish(tmp_path / "public", printed, "Concerns answered within 45 days.")
    assert [n for n, _ in unexplained(folder)] == ["30", "7", "60", "45"]
    # Only the literal text counts: not the figure, an expression's string or a comment.
    assert [n for n, _ in unexplained(folder, templates=[own])] == ["7", "60", "45"]
    assert {p.text for p in fixed_phrases([own])} - {p.text for p in fixed_phrases()} == {
        "is answered within 30 days;"
    }
    assert fixed_phrases([own]) is fixed_phrases([str(own)])  # read once per process


def literal_stretches() -> list[str]:
    """Every literal stretch of the package's templates that holds a digit, one list item each,
    read with Jinja2's lexer independently of the audit's phrase windows."""
    env = Wording().env
    out = []
    for name in template_names():
        source = (WORDING / name).read_text(encoding="utf-8")
        for _line, kind, value in env.lex(source):
            if kind == "data":
                items = re.split(r"(?m)^\s*\*\s", value)
                out += [" ".join(i.split()) for i in items if re.search(r"\d", i)]
    return out


def test_every_number_the_package_templates_write_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template phrase added or reworded is recognised as it stands: no regex to update."""
    stretches = literal_stretches()
    assert len(stretches) >= 25 and any("in the last 12 months" in s for s in stretches)
    folder = publish(tmp_path / "public", *stretches)
    assert unexplained(folder) == []
    # The phrases do it themselves, without the hand-written patterns: each as printed.
    phrases = fixed_phrases()
    assert len(phrases) >= 30
    monkeypatch.setattr(attack_text, "_NOT_FIGURES", [])
    found = set(unexplained(publish(tmp_path / "phrases", *(p.text for p in phrases))))
    assert not [p for p in phrases if (p.text[p.start : p.end], p.text) in found]
    # Each explains its own number only: the same words around another number are checked.
    other = {
        p.text[: p.start] + "9" + p.text[p.start :]: "9" + p.text[p.start : p.end] for p in phrases
    }
    found = set(unexplained(publish(tmp_path / "other", *other)))
    assert {(number, passage) for passage, number in other.items()} <= found
