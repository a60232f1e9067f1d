"""environment.yml (for conda users) must name the same packages at the same versions as
pyproject.toml, so the two ways of installing give the same report."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"]) + list(project["optional-dependencies"]["dev"])
    pins = {}
    for spec in specs:
        name, version = spec.split("==")
        pins[_normalise(name)] = version
    return pins


def _conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            pins[_normalise(name)] = version
    return pins


def test_every_dependency_is_pinned_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in list(project["dependencies"]) + list(project["optional-dependencies"]["dev"]):
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", spec), spec


def test_environment_yml_matches_pyproject():
    conda = _conda_pins()
    python = conda.pop("python")
    assert python == "3.11"
    assert conda == _pyproject_pins()


def test_environment_yml_installs_this_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_ci_runs_make_test_and_readme_opens_with_two_commands():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    first_commands = re.findall(r"^make \w+", readme, flags=re.M)[:2]
    assert first_commands == ["make report", "make test"]


def test_outputs_and_real_data_are_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "outputs/" in ignored
    assert "data/*" in ignored
