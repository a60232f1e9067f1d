"""Publishing: papermill and nbconvert in one process, the staging folder, the manifest.

Most tests run a tiny notebook written here (parameters, a table, a chart, stderr, a warning),
so they need nothing from the report module. The real report's tests are skipped until
``wres_lib.present.report`` exists.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import demo_project
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from wres_lib.errors import InputError, PublishingBlocked
from wres_lib.inputs.params import Params
from wres_lib.publish import notebooks
from wres_lib.publish.build import Computed, publish
from wres_lib.publish.command import resolve_params_files, run_report_command
from wres_lib.publish.exports import export_report
from wres_lib.publish.notebooks import NOTEBOOK_NAME, NotebookFailed, strip_for_public
from wres_lib.publish.self_contained import self_contained_problems
from wres_lib.publish.staging import StagedYear, commit

ROOT = Path(__file__).resolve().parents[1]
HAS_REPORT = importlib.util.find_spec("wres_lib.present.report") is not None
needs_report = pytest.mark.skipif(
    not HAS_REPORT,
    reason="wres_lib.present.report is not written yet; its tests start when it exists",
)

PARAMS_YAML = """\
org: testorg
org_name: Test Valley NHS Trust
year: "{year}"
snapshot_date: {end}-03-31
data_dir: data/testorg/{year}
sources:
  staff_record: {{path: staff_record.csv}}
"""

PARAMETERS = 'params_file = "../params/2022-23.yaml"\nmode = "internal"'
TABLE = """\
import sys
import pandas as pd
from IPython.display import display
code_marker_table = pd.DataFrame({"group": ["White", "BME"], "ratio": [1.79, 0.56]})
if mode == "internal":
    print("KERNEL-PREFIX", sys.prefix)
print("MODE", mode)
display(code_marker_table)"""
CHART = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(3, 2))
ax.bar(["White", "BME"], [1.0, 1.79])
plt.show()"""
STDERR = 'print("STDERR-SECRET", file=sys.stderr)'
WARNING = 'import warnings\nwarnings.warn("WARNING-SECRET")'
FAILING = '1 / 0  # deliberate failure\nprint("never")'


def write_notebook(path: Path, sources: list[str], failing: bool = False) -> Path:
    cells = [new_markdown_cell("## Section heading")]
    parameters = new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    cells.append(parameters)
    cells += [new_code_cell(source) for source in sources]
    if failing:
        cells.append(new_code_cell(FAILING))
    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def make_project(root: Path, years: tuple[str, ...] = ("2022-23",), failing: bool = False) -> Path:
    """A tiny checkout: params, one extract per year, and notebooks/wres_report.ipynb."""
    for year in years:
        params = root / "params" / f"{year}.yaml"
        params.parent.mkdir(parents=True, exist_ok=True)
        params.write_text(PARAMS_YAML.format(year=year, end=int(year[:4]) + 1), encoding="utf-8")
        extract = root / "data" / "testorg" / year / "staff_record.csv"
        extract.parent.mkdir(parents=True, exist_ok=True)
        extract.write_text(f"staff_id\nS{year}\n", encoding="utf-8")
    write_notebook(root / "notebooks" / NOTEBOOK_NAME, [TABLE, CHART, STDERR, WARNING], failing)
    return root


def fake_compute(params: Params) -> Computed:
    """Stands in for the library so these tests run before counts and metrics exist."""
    metrics = pd.DataFrame(
        [
            {
                "org": params.org,
                "year": params.year,
                "indicator": 2,
                "measure": "all",
                "group": "White/BME",
                "statistic": "relative_likelihood",
                "value": 1.7891,
                "ci_low": 1.2,
                "ci_high": 2.6,
                "note": "",
            }
        ]
    )
    table = pd.DataFrame({"group": ["White", "BME"], "shortlisted": ["120", "R"]})
    # Like the real report, it says which extracts it read (the manifest hashes them).
    source = params.sources.staff_record
    staff = [] if source is None else [params.resolve_in_data(source.path, "staff_record")]
    return Computed(metrics=metrics, public_tables={"indicator 2/all": table}, input_files=staff)


def assert_no_code_inputs(html: str) -> None:
    """No code cell shows its input or a prompt (markdown cells use the input area too)."""
    code_cells = re.findall(r'<div[^>]*class="jp-Cell jp-CodeCell[^"]*"', html)
    assert code_cells, "the report has code cells' outputs"
    assert all("jp-mod-noInput" in cell for cell in code_cells)
    for marker in ('class="jp-CodeMirrorEditor', 'class="cm-editor', 'class="jp-InputPrompt'):
        assert marker not in html, marker
    assert 'class="jp-OutputPrompt' not in html or "Out[" not in html


def quiet(_: str) -> None:
    pass


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def leftovers(org_dir: Path) -> list[str]:
    return [p.name for p in org_dir.iterdir() if p.name.startswith((".staging", ".backup"))]


def report_args(**overrides: object) -> argparse.Namespace:
    values = dict(
        org=None, year=None, all_years=False, params=None, params_dir="params", outputs="outputs"
    )
    values.update(overrides)
    return argparse.Namespace(**values)


# --------------------------------------------------------------------------------------------
# The tiny notebook, built once (two kernel runs)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("project"))
    # An earlier build, to be replaced whole.
    old = root / "outputs" / "testorg" / "2022-23"
    (old / "public").mkdir(parents=True)
    (old / "stale.txt").write_text("from an earlier run", encoding="utf-8")
    paths = publish(
        [root / "params" / "2022-23.yaml"],
        root / "outputs",
        notebook=root / "notebooks" / NOTEBOOK_NAME,
        compute=fake_compute,
        progress=quiet,
    )
    assert paths == [old / "public" / "wres_report.html"]
    return old


@pytest.mark.slow
def test_layout_and_atomic_replacement(built: Path) -> None:
    for name in (
        "internal/wres_report.ipynb",
        "internal/wres_report.public.ipynb",
        "internal/wres_report.html",
        "public/wres_report.html",
        "public/tables/indicator_2_all.csv",
        "internal/metrics.csv",
        "manifest.json",
    ):
        assert (built / name).is_file(), name
    # Whatever is not under public/ is internal: nothing unredacted at the top level.
    assert sorted(p.name for p in built.iterdir()) == ["internal", "manifest.json", "public"]
    assert not (built / "stale.txt").exists(), "the old output folder is replaced, not merged"
    assert leftovers(built.parent) == []
    # Executed notebooks (personal data) only ever go to internal/.
    assert list((built / "public").rglob("*.ipynb")) == []
    metrics = pd.read_csv(built / "internal" / "metrics.csv")
    assert metrics.loc[0, "value"] == pytest.approx(1.7891)
    table = built / "public/tables/indicator_2_all.csv"
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads "–"
    assert table.read_text(encoding="utf-8-sig").splitlines() == [
        "group,shortlisted",
        "White,120",
        "BME,R",
    ]


@pytest.mark.slow
def test_public_html_has_no_code_prompts_parameters_or_stderr(built: Path) -> None:
    html = (built / "public" / "wres_report.html").read_text(encoding="utf-8")
    assert "Section heading" in html
    assert "1.79" in html and "MODE public" in html
    assert_no_code_inputs(html)
    assert "code_marker_table" not in html
    assert "plt.subplots" not in html
    assert "params_file" not in html and "injected-parameters" not in html
    assert "In&nbsp;[" not in html and "Out[" not in html
    assert "STDERR-SECRET" not in html
    assert "WARNING-SECRET" not in html and "UserWarning" not in html
    assert "jp-RenderedText" in html  # stdout stays: it is part of the report
    assert "KERNEL-PREFIX" not in html


@pytest.mark.slow
def test_public_html_is_one_offline_file(built: Path) -> None:
    html = (built / "public" / "wres_report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html.lower()
    assert self_contained_problems(html) == []
    sources = re.findall(r"<img[^>]*\ssrc=\"([^\"]*)\"", html)
    assert sources, "the chart is in the file"
    assert all(src.startswith("data:image/png;base64,") for src in sources)
    assert "<style" in html
    assert (
        "<title>Test Valley NHS Trust: Workforce Race Equality Standard report 2022/23</title>"
        in html
    )


@pytest.mark.slow
def test_internal_html_has_everything(built: Path) -> None:
    html = (built / "internal" / "wres_report.html").read_text(encoding="utf-8")
    assert 'class="jp-CodeMirrorEditor' in html
    assert "code_marker_table" in html
    assert "STDERR-SECRET" in html and "WARNING-SECRET" in html
    assert "params_file" in html  # the parameters and the injected parameters are shown
    assert "MODE internal" in html
    assert "<script" not in html.lower(), "the internal file opens offline too"


@pytest.mark.slow
def test_kernel_is_this_environments_python(built: Path) -> None:
    nb = nbformat.read(built / "internal" / "wres_report.ipynb", as_version=4)
    text = "".join(
        output.get("text", "") for cell in nb.cells for output in cell.get("outputs", [])
    )
    assert f"KERNEL-PREFIX {sys.prefix}" in text
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.metadata.papermill.parameters["mode"] == "internal"
    public_nb = nbformat.read(built / "internal" / "wres_report.public.ipynb", as_version=4)
    assert public_nb.metadata.papermill.parameters["mode"] == "public"


@pytest.mark.slow
def test_manifest_hashes_parameters_versions_timings(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    root = built.parents[2]
    inputs = {entry["path"]: entry["sha256"] for entry in manifest["inputs"]}
    assert set(inputs) == {"params/2022-23.yaml", "data/testorg/2022-23/staff_record.csv"}
    for path, digest in inputs.items():
        assert digest == hashlib.sha256((root / path).read_bytes()).hexdigest()
    for path, digest in manifest["outputs"].items():
        assert digest == hashlib.sha256((built / path).read_bytes()).hexdigest(), path
    assert "public/wres_report.html" in manifest["outputs"]
    assert (
        manifest["notebook"]["sha256"]
        == hashlib.sha256((root / "notebooks" / "wres_report.ipynb").read_bytes()).hexdigest()
    )
    assert manifest["parameters"]["org"] == "testorg"
    assert manifest["parameters"]["year"] == "2022-23"
    assert manifest["params_file"] == "params/2022-23.yaml"
    for package in ("papermill", "nbconvert", "pandas", "numpy", "highspy", "pyarrow", "pillow"):
        assert manifest["packages"][package] == importlib.metadata.version(package)
    assert manifest["python"]["version"] == ".".join(map(str, sys.version_info[:3]))
    timings = manifest["timings_seconds"]
    for stage in ("compute", "notebook_internal", "notebook_public", "html_public", "total"):
        assert timings[stage] >= 0
    assert timings["total"] >= timings["notebooks"] >= timings["notebook_public"]


# --------------------------------------------------------------------------------------------
# Failures leave earlier outputs as they were


@pytest.mark.slow
def test_failing_cell_exits_1_naming_notebook_and_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path, failing=True)
    old = root / "outputs" / "testorg" / "2022-23"
    (old / "public").mkdir(parents=True)
    (old / "public" / "wres_report.html").write_text("<p>last year's build</p>", encoding="utf-8")
    (old / "metrics.csv").write_bytes(b"org,year\ntestorg,2022-23\n")
    before = snapshot(old)

    status = run_report_command(report_args(params="params/2022-23.yaml"), root)

    assert status == 1
    err = capsys.readouterr().err
    assert "wres_report.ipynb" in err
    assert "1 / 0  # deliberate failure" in err
    assert "ZeroDivisionError" in err
    assert snapshot(old) == before
    assert leftovers(old.parent) == []


def test_notebook_failed_message() -> None:
    exc = NotebookFailed("wres_report.ipynb", "report.indicator(3)", "KeyError", "'BME'", 7)
    assert str(exc) == (
        "notebook wres_report.ipynb failed in cell [7] starting `report.indicator(3)`: "
        "KeyError: 'BME'"
    )


def test_disclosure_failure_in_kernel_is_publishing_blocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed audit inside the public run discards the year: nothing public is written."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    root = make_project(tmp_path)

    def fake_execute(input_path: str, output_path: str, parameters: dict, **_: object):
        if parameters["mode"] == "public":
            raise PapermillExecutionError(
                3, 3, "report.indicator(2)", "PublishingBlocked", "cell can be worked out", []
            )
        nb = nbformat.read(input_path, as_version=4)
        nbformat.write(nb, output_path)
        return nb

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    with pytest.raises(PublishingBlocked, match="cell can be worked out"):
        publish(
            [root / "params" / "2022-23.yaml"],
            root / "outputs",
            notebook=root / "notebooks" / NOTEBOOK_NAME,
            compute=fake_compute,
            progress=quiet,
        )
    assert not (root / "outputs" / "testorg").exists()  # not even an empty folder is left


def test_failure_in_a_later_year_discards_every_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path, years=("2021-22", "2022-23"))
    old = root / "outputs" / "testorg" / "2021-22"
    old.mkdir(parents=True)
    (old / "metrics.csv").write_text("old\n", encoding="utf-8")
    built: list[str] = []

    def fake_execute(notebook: Path, output: Path, parameters: dict):
        nb = nbformat.read(notebook, as_version=4)
        nbformat.write(nb, output)
        return nb

    def compute(params: Params) -> Computed:
        if params.year == "2022-23":
            raise PublishingBlocked("indicator 3: a suppressed cell can be worked out")
        built.append(params.year)
        return fake_compute(params)

    monkeypatch.setattr(notebooks, "execute_notebook", fake_execute)
    with pytest.raises(PublishingBlocked):
        publish(
            [root / "params" / f"{y}.yaml" for y in ("2021-22", "2022-23")],
            root / "outputs",
            notebook=root / "notebooks" / NOTEBOOK_NAME,
            compute=compute,
            progress=quiet,
        )
    assert built == ["2021-22"]
    assert sorted(p.name for p in (root / "outputs" / "testorg").iterdir()) == ["2021-22"]
    assert (old / "metrics.csv").read_text(encoding="utf-8") == "old\n"


def test_commit_swaps_in_the_new_folder(tmp_path: Path) -> None:
    org_dir = tmp_path / "outputs" / "testorg"
    final = org_dir / "2022-23"
    final.mkdir(parents=True)
    (final / "old.txt").write_text("old", encoding="utf-8")
    staging = org_dir / ".staging-2022-23-abc"
    staging.mkdir()
    (staging / "new.txt").write_text("new", encoding="utf-8")
    params = Params(
        org="testorg",
        org_name="Test",
        year="2022-23",
        snapshot_date="2023-03-31",
        data_dir="data",
    )
    commit(StagedYear(params=params, staging=staging, final=final))
    assert sorted(p.name for p in org_dir.iterdir()) == ["2022-23"]
    assert [p.name for p in final.iterdir()] == ["new.txt"]


# --------------------------------------------------------------------------------------------
# Which params files a call asks for


def test_resolve_params_files(tmp_path: Path) -> None:
    root = make_project(tmp_path, years=("2020-21", "2021-22", "2022-23"))
    params = root / "params"
    assert resolve_params_files(report_args(org="testorg"), root) == [params / "2022-23.yaml"]
    assert resolve_params_files(report_args(org="testorg", year="2021-22"), root) == [
        params / "2021-22.yaml"
    ]
    assert resolve_params_files(report_args(org="testorg", all_years=True), root) == [
        params / f"{y}.yaml" for y in ("2020-21", "2021-22", "2022-23")
    ]
    assert resolve_params_files(report_args(params="params/2020-21.yaml"), root) == [
        params / "2020-21.yaml"
    ]
    with pytest.raises(InputError, match="2019-20"):
        resolve_params_files(report_args(org="testorg", year="2019-20"), root)
    with pytest.raises(InputError, match="demo"):
        resolve_params_files(report_args(), root)  # no demo params here


def test_no_arguments_means_the_demo_trusts_latest_year() -> None:
    paths = resolve_params_files(report_args(), ROOT)
    assert [p.name for p in paths] == [max(p.name for p in (ROOT / "params").glob("20*.yaml"))]


# --------------------------------------------------------------------------------------------
# The public-file checks on their own


def test_self_contained_problems_finds_scripts_and_fetches() -> None:
    clean = (
        "<html><head><style>body{background:url(data:image/png;base64,AAAA)}</style></head>"
        '<body><img src="data:image/png;base64,AAAA"><a href="#s1">s1</a>'
        '<a href="https://www.england.nhs.uk/">WRES</a></body></html>'
    )
    assert self_contained_problems(clean) == []
    # Escaped text typed into a plan is text, not markup: it neither runs nor fetches.
    typed = "<p>&lt;script&gt;alert(1)&lt;/script&gt; body{background:url(http://x.example/)}</p>"
    assert self_contained_problems(clean + typed) == []
    for bad in (
        '<img src="data:image/png;base64,AAAA" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<p style="background:url(https://example.org/x.png)">x</p>',
        "<script>alert(1)</script>",
        '<SCRIPT src="x.js"></SCRIPT>',
        '<link rel="stylesheet" href="https://fonts.example/css">',
        '<img src="https://example.org/chart.png">',
        '<img src="chart.png">',
        "<style>@import 'https://example.org/x.css';</style>",
        "<style>@font-face{src:url(https://example.org/f.woff)}</style>",
        '<iframe src="data:text/html,x"></iframe>',
    ):
        assert self_contained_problems(clean + bad), bad


def test_strip_for_public_drops_parameters_stderr_and_errors() -> None:
    nb = new_notebook(
        cells=[
            new_code_cell("params_file = 'x'", metadata={"tags": ["parameters"]}),
            new_code_cell("params_file = '/home/x'", metadata={"tags": ["injected-parameters"]}),
            new_code_cell(
                "show()",
                outputs=[
                    nbformat.v4.new_output("stream", name="stdout", text="kept"),
                    nbformat.v4.new_output("stream", name="stderr", text="dropped"),
                    nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[]),
                ],
            ),
            new_markdown_cell("internal note", metadata={"tags": ["internal-only"]}),
        ],
        metadata={"papermill": {"parameters": {"params_file": "/home/x"}}},
    )
    out, _ = strip_for_public(nb, {})
    assert len(out.cells) == 1
    assert out.cells[0].source == ""
    assert [o.get("name") for o in out.cells[0].outputs] == ["stdout"]
    assert "papermill" not in out.metadata


def test_report_notebook_ends_by_exporting(tmp_path: Path) -> None:
    """The notebook's last cell hands metrics and public tables to publish, out of sight."""
    nb = nbformat.read(ROOT / "notebooks" / NOTEBOOK_NAME, as_version=4)
    last = nb.cells[-1]
    assert "export_report(report, export_dir)" in last.source
    assert "remove-cell" in last.metadata["tags"]
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert 'export_dir = ""' in parameters.source


class FakeReport:
    def __init__(self, mode: str, inputs: list[Path]):
        self.mode = mode
        self.params = argparse.Namespace(year="2022-23")
        self.input_files = inputs
        self.metrics = pd.concat(
            [fake_compute(make_params()).metrics.assign(year=y) for y in ("2021-22", "2022-23")]
        )
        self.public_tables = {"01_indicator_2": pd.DataFrame({"group": ["BME"], "n": ["R"]})}
        # The public tables are checked against what disclosure control audited.
        self.checked: list[dict] = []
        self.protection = argparse.Namespace(check=self.checked.append)


def make_params() -> Params:
    return Params(
        org="testorg", org_name="Test", year="2022-23", snapshot_date="2023-03-31", data_dir="d"
    )


def test_export_report_writes_this_years_metrics_and_public_tables(tmp_path: Path) -> None:
    extract = tmp_path / "extract.csv"
    extract.write_text("x\n", encoding="utf-8")
    export_report(FakeReport("internal", [extract]), tmp_path)
    public = FakeReport("public", [extract])
    export_report(public, tmp_path)
    assert public.checked == [public.public_tables]
    metrics = pd.read_csv(tmp_path / "internal" / "metrics.csv")
    assert list(metrics["year"]) == ["2022-23"]
    table = tmp_path / "public" / "tables" / "01_indicator_2.csv"
    assert table.read_text(encoding="utf-8-sig").splitlines() == ["group,n", "BME,R"]
    for folder in ("public", "internal"):  # the workbook of every table, both sides
        assert (tmp_path / folder / "wres_tables.xlsx").is_file()
    listed = json.loads((tmp_path / "internal" / "inputs.public.json").read_text())
    assert listed == [str(extract.resolve())]


def test_bad_input_inside_the_notebook_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    root = make_project(tmp_path)

    def fake_execute(*_: object, **__: object):
        raise PapermillExecutionError(
            1, 2, "report = build_report(params_file, mode)", "InputError", "bad input: x.csv", []
        )

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    assert run_report_command(report_args(params="params/2022-23.yaml"), root) == 2
    assert "bad input: x.csv" in capsys.readouterr().err
    assert not (root / "outputs" / "testorg").exists()  # not even an empty folder is left


# --------------------------------------------------------------------------------------------
# The real report (turned on when wres_lib.present.report exists)

SECTIONS = (
    "Summary",
    "About",
    *(f"Indicator {n}" for n in range(1, 10)),
    "Model Employer",
    "Action plan",
    "Method",
)
# Columns of a public table that hold labels or rates, not counts.
NOT_COUNTS = re.compile(
    r"indicator|year|measure|group|band|statistic|percent|%|rate|ratio|likelihood|ci|interval"
    r"|p_value|fisher|note|flag|rag|status|rank|order|target|gap",
    re.I,
)


def text_of(html: str) -> str:
    html = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text.replace("&nbsp;", " "))


def latest_demo_year() -> str:
    return max(p.stem for p in (ROOT / "params").glob("20*.yaml"))


@pytest.fixture(scope="module")
def demo_build(demo_outputs: Path) -> Path:
    """The demo trust's latest year, from the session's build of every demo year (conftest)."""
    if not HAS_REPORT:
        pytest.skip("wres_lib.present.report is not written yet")
    return demo_outputs / latest_demo_year()


@needs_report
@pytest.mark.slow
def test_demo_report_has_every_section(demo_build: Path) -> None:
    for html_file in ("public/wres_report.html", "internal/wres_report.html"):
        text = text_of((demo_build / html_file).read_text(encoding="utf-8")).lower()
        missing = [s for s in SECTIONS if s.lower() not in text]
        assert missing == [], f"{html_file} lacks {missing}"


@needs_report
@pytest.mark.slow
def test_demo_report_figures_match_metrics_csv(demo_build: Path) -> None:
    metrics = pd.read_csv(demo_build / "internal" / "metrics.csv")
    collection = pd.read_csv(demo_build / "internal" / "wres_collection.csv")
    assert set(collection["indicator"]) == {1, 2, 3, 4, 9}
    assert sorted(p.name for p in demo_build.iterdir()) == ["internal", "manifest.json", "public"]
    year = demo_build.name
    public = text_of((demo_build / "public" / "wres_report.html").read_text(encoding="utf-8"))
    internal = text_of((demo_build / "internal" / "wres_report.html").read_text(encoding="utf-8"))

    def value(indicator: int, measure: str, group: str, statistic: str) -> float:
        rows = metrics[
            (metrics["year"] == year)
            & (metrics["indicator"] == indicator)
            & (metrics["measure"] == measure)
            & (metrics["group"] == group)
            & (metrics["statistic"] == statistic)
        ]
        assert len(rows) == 1, (indicator, measure, group, statistic)
        return float(rows["value"].iloc[0])

    ratio_2 = f"{value(2, 'all', 'White/BME', 'relative_likelihood'):.2f}"
    assert ratio_2 in public and ratio_2 in internal
    for indicator, group in ((3, "BME/White"), (4, "White/BME")):
        ratio = value(indicator, "all", group, "relative_likelihood")
        if ratio == ratio:  # an undefined ratio is shown as words, not a number
            assert f"{ratio:.2f}" in internal, f"indicator {indicator}"
    bme_percent = f"{value(1, 'overall', 'BME', 'percent'):.1f}"
    assert bme_percent in public and bme_percent in internal


@needs_report
@pytest.mark.slow
def test_demo_public_report_no_code_no_fetches(demo_build: Path) -> None:
    html = (demo_build / "public" / "wres_report.html").read_text(encoding="utf-8")
    assert_no_code_inputs(html)
    assert "build_report" not in html and "params_file" not in html
    assert "In&nbsp;[" not in html
    assert self_contained_problems(html) == []
    assert "<script" not in html.lower()
    assert "<img" in html or "<svg" in html, "the charts are in the file"


@needs_report
@pytest.mark.slow
def test_demo_public_tables_show_no_small_counts(demo_build: Path) -> None:
    """Counts of people in the indicator tables: none from 1 to 9 (they read R)."""
    tables = sorted((demo_build / "public" / "tables").glob("*.csv"))
    assert tables, "the redacted tables are published as CSV"
    small = []
    for path in tables:
        if not re.match(r"(\d+_)?indicator_", path.name):  # not plans: they count actions
            continue
        if re.match(r"(\d+_)?indicator_9", path.name):
            continue  # Board membership is published by the trust (disclosure.board_is_public)
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns[1:]:  # the first column labels the rows
            if NOT_COUNTS.search(str(column)):
                continue
            for row, cell in frame[column].items():
                numbers = re.fullmatch(r"\s*(\d+)(?: out of (\d+))?\s*", cell)
                if numbers and any(n and 1 <= int(n) <= 9 for n in numbers.groups()):
                    small.append(f"{path.name} row {row} {column}={cell}")
    assert small == []


@needs_report
@pytest.mark.slow
def test_report_notebook_runs_under_nbval_lax(tmp_path: Path) -> None:
    from wres_lib.demo.trust import generate_demo_trust

    root = demo_project(tmp_path)
    generate_demo_trust(root / "data" / "demo")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(root),
            "-q",
            str(root / "notebooks" / NOTEBOOK_NAME),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


@needs_report
@pytest.mark.slow
def test_demo_public_folder_carries_the_action_plan_in_excel(demo_build: Path) -> None:
    """The plan goes to the website as Excel too, each RAG status with its word."""
    from openpyxl import load_workbook

    book = load_workbook(demo_build / "public" / "action_plan.xlsx")
    words = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value}
    assert any("Amber" in w for w in words)
    html = (demo_build / "public" / "wres_report.html").read_text(encoding="utf-8")
    for heading in (
        "Changes since the previous plan",
        "Overdue actions",
        "the RAG key used in this plan",
        "<ins>",
        "<del>",
    ):
        assert heading in html


@needs_report
@pytest.mark.slow
def test_a_plan_path_escaping_the_project_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_project(tmp_path)
    year = root / "params" / f"{latest_demo_year()}.yaml"
    text = year.read_text(encoding="utf-8")
    year.write_text(
        text.replace("current: data/examples/demo_plan_2022-23.yaml", "current: ../../etc/passwd"),
        encoding="utf-8",
    )
    assert "../../etc/passwd" in year.read_text(encoding="utf-8")
    # found before any notebook runs; the CLI turns InputError into exit 2
    with pytest.raises(InputError) as raised:
        run_report_command(report_args(), root)
    err = raised.value.message
    assert "action_plans.current" in err and "'../../etc/passwd'" in err
    assert "a path inside the project folder" in err
    outputs = root / "outputs"
    assert not outputs.exists() or not any(outputs.rglob("*"))
