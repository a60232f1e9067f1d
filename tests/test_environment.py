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


# Declared and needed at run time, though no module of ours imports them by name.
RUN_TIME_ONLY = {
    "nbclient": "papermill's engine for running notebooks",
    "ipykernel": "the kernel the notebooks run in",
    "jupyterlab": "where analysts open the notebooks",
}


def _imported_distributions() -> set[str]:
    """The distributions behind every third-party module wres_lib imports."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    owners = packages_distributions()
    modules = set()
    for path in (ROOT / "wres_lib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | {"wres_lib"}
    found = set()
    for module in modules:
        assert module in owners, f"{module} is imported but not installed"
        found |= {_normalise(name) for name in owners[module]}
    return found


def test_what_we_import_is_declared_and_what_we_declare_is_used():
    """psutil was imported and not declared; seaborn was declared and never imported."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_normalise(spec.split("==")[0]) for spec in project["dependencies"]}
    imported = _imported_distributions()
    assert imported - declared == set()
    assert declared - imported == set(RUN_TIME_ONLY)
