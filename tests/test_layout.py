"""The library's layout stays true: stage folders in the order of the flow, no upward import,
no import circle, no module past the size where it stops having one job.

Imports are read with ``ast`` (nothing is imported), including imports inside functions and
under ``if TYPE_CHECKING``: a lazy import that closes a circle is still a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import wres_lib

LIBRARY = Path(wres_lib.__file__).parent

# What each stage may import, besides itself. ``wres_lib`` (the package root, which only
# re-exports lazily) is open to all.
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "inputs": frozenset({"errors"}),
    "demo": frozenset({"errors", "inputs"}),
    "measure": frozenset({"errors", "inputs"}),
    "plan": frozenset({"errors", "inputs"}),
    "protect": frozenset({"errors", "inputs", "measure"}),
    "present": frozenset({"errors", "inputs", "demo", "measure", "plan", "protect"}),
    "publish": frozenset({"errors", "inputs", "demo", "measure", "plan", "protect", "present"}),
    "cli": frozenset(
        {"errors", "inputs", "demo", "measure", "plan", "protect", "present", "publish"}
    ),
}
MAX_LINES = 600


def module_name(path: Path, root: Path) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path) -> dict[str, Path]:
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def stage(module: str) -> str | None:
    """``wres_lib.present.report`` -> ``present``; the package root has no stage."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def imported(module: str, path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """The library modules that ``module`` imports, with the line of each import."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # ``from pkg import sub`` imports the submodule ``pkg.sub`` when there is one.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target in known:
                yield target, node.lineno


def layout_problems(root: Path) -> list[str]:
    """Every upward import between stages and every import circle under ``root``."""
    found = modules(root)
    known = set(found)
    graph: dict[str, set[str]] = {name: set() for name in found}
    problems = []
    for name, path in found.items():
        here = stage(name)
        for target, line in imported(name, path, known):
            graph[name].add(target)
            there = stage(target)
            if here is None or there is None or there == here:
                continue
            if here not in ALLOWED:
                problems.append(f"{name}: {here!r} is not a stage of the flow")
            elif there not in ALLOWED[here]:
                problems.append(
                    f"{path.relative_to(root.parent)}:{line}: {here} imports {there} "
                    f"({target}), a later stage"
                )
    problems += [f"import circle: {' -> '.join(cycle)}" for cycle in circles(graph)]
    return problems


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_upward_import_and_no_circle():
    assert layout_problems(LIBRARY) == []


def test_every_folder_is_a_stage_of_the_flow():
    folders = {p.name for p in LIBRARY.iterdir() if (p / "__init__.py").is_file()}
    files = {p.stem for p in LIBRARY.glob("*.py")} - {"__init__"}
    assert folders | files == set(ALLOWED)


@pytest.mark.parametrize("path", sorted(LIBRARY.rglob("*.py")), ids=lambda p: p.name)
def test_modules_stay_small(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(LIBRARY.parent)}: {lines} lines; split it"


def test_the_check_finds_an_upward_import_and_a_circle(tmp_path: Path):
    root = tmp_path / "wres_lib"
    for folder in ("inputs", "measure", "present"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "inputs" / "tabular.py").write_text(
        "def read():\n    from wres_lib.present import render\n"
    )
    (root / "present" / "render.py").write_text("import wres_lib.present.report\n")
    (root / "present" / "report.py").write_text("from . import render\n")
    (root / "measure" / "counts.py").write_text("from wres_lib.inputs.tabular import read\n")
    problems = layout_problems(root)
    assert problems == [
        "wres_lib/inputs/tabular.py:2: inputs imports present (wres_lib.present.render), "
        "a later stage",
        "import circle: wres_lib.present.render -> wres_lib.present.report "
        "-> wres_lib.present.render",
    ]


def test_the_public_api_is_where_users_look():
    from wres_lib.measure.counts import counts_from_records
    from wres_lib.measure.metrics import compute_metrics
    from wres_lib.present.report import build_report

    assert wres_lib.build_report is build_report
    assert wres_lib.compute_metrics is compute_metrics
    assert wres_lib.counts_from_records is counts_from_records
    with pytest.raises(AttributeError):
        _ = wres_lib.no_such_thing
