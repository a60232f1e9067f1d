"""The report's wording lives in templates a trust can override; Python supplies the facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres_lib.errors import InputError
from wres_lib.present.wording import Wording, _package_folder, and_list, template_names


def test_filters_are_the_house_style():
    words = Wording()
    template = words.env.from_string(
        "{{ 5651 | whole }} {{ 26.1234 | percent }} {{ 1.6912 | ratio }} {{ -4.74 | points }} "
        "{{ '2022-23' | year }} {{ ['a', 'b', 'c'] | and_list }} {{ 'bme' | capital }}"
    )
    assert template.render() == "5,651 26.1% 1.69 4.7 2022/23 a, b and c Bme"
    assert and_list(["one"]) == "one" and and_list([]) == ""


def test_every_template_loads():
    words = Wording()
    assert template_names() == [
        "benchmarking.j2",
        "captions.j2",
        "catalogue.j2",
        "indicators.j2",
        "notes.j2",
        "plan.j2",
        "summary.j2",
        "system.j2",
    ]
    for name in template_names():
        assert words._module(name) is not None


def test_a_trusts_template_overrides_the_packages(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    text = (_package_folder() / "notes.j2").read_text(encoding="utf-8")
    (folder / "notes.j2").write_text(
        text.replace("Submission of the", "Our submission of the"), encoding="utf-8"
    )
    ours, package = Wording(folder), Wording()
    assert ours.lines("notes.j2", "deadlines", "2022-23", 2023)[0] == (
        "Our submission of the 2022/23 figures to NHS England: 31 August 2023."
    )
    assert package.lines("notes.j2", "deadlines", "2022-23", 2023)[0].startswith("Submission")
    # templates not overridden still come from the package
    assert ours.say("captions.j2", "board") == package.say("captions.j2", "board")


def test_a_broken_template_names_its_file_and_line(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "captions.j2").write_text(
        "{% macro board() %}\nBoard {{ oops \n{% endmacro %}\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        Wording(folder).say("captions.j2", "board")
    problem = raised.value.problems[0]
    assert problem.file.endswith("captions.j2")
    assert problem.row == 3 and problem.value == "{% endmacro %}"  # where Jinja2 found it
    assert "valid Jinja2 template" in problem.expected


def test_params_folder_templates_are_found(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "captions.j2").write_text(
        "{% macro board() %}Our Board{% endmacro %}", encoding="utf-8"
    )
    params = tmp_path / "2022-23.yaml"
    assert Wording.for_params(params).say("captions.j2", "board") == "Our Board"


def test_validate_finds_a_broken_template_of_the_trusts(tmp_path: Path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "summary.j2").write_text("{% macro trend(word) %}{{ word }", encoding="utf-8")
    with pytest.raises(InputError):
        Wording(folder).check()
    (folder / "summary.j2").unlink()
    (folder / "captions.j2").write_text("{% macro board() %}Ours{% endmacro %}")
    assert Wording(folder).check() == ["captions.j2"]
