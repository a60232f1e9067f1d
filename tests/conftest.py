"""Small, generic fixtures: write tiny extracts and a params file into a temporary folder.

Nothing here reads the committed demo data, so each test states the rows it depends on.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from report_html import read_demo_reports

Rows = list[list[object]]


def write_csv_rows(path: Path, rows: Rows) -> Path:
    """Write rows (header first) as a UTF-8 CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def write_xlsx_rows(path: Path, rows: Rows, sheet: str = "Data") -> Path:
    """Write rows (header first) to one sheet of a new workbook."""
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


# A small, valid year (2021-22, snapshot 31 March 2022) for every extract.
GOOD_ROWS: dict[str, Rows] = {
    "staff_record": [
        [
            "staff_id",
            "assignment_category",
            "ethnic_origin",
            "pay_band",
            "staff_group",
            "sex",
            "disability",
            "directorate",
            "start_date",
            "leaving_date",
        ],
        [
            "S1",
            "Permanent",
            "A White - British",
            "Band 5",
            "Nursing and Midwifery Registered",
            "F",
            "No",
            "Medicine",
            "2010-01-04",
            "",
        ],
        [
            "S2",
            "Fixed Term Temp",
            "LK Asian Sri Lankan",
            "Band 8 - Range A",
            "Administrative and Clerical",
            "M",
            "No",
            "Corporate",
            "2015-06-01",
            "2022-05-01",
        ],
        [
            "S3",
            " bank ",
            "Z Not Stated",
            "Consultant",
            "Medical and Dental",
            "F",
            "Yes",
            "Surgery",
            "2019-01-01",
            "",
        ],
        [
            "S4",
            "PERMANENT",
            "N Black or Black British - African",
            "Apprentice",
            "Estates and Ancillary",
            "M",
            "No",
            "Estates",
            "2021-09-01",
            "",
        ],
    ],
    "recruitment": [
        [
            "applicant_id",
            "vacancy_id",
            "pay_band",
            "ethnic_origin",
            "internal_external",
            "shortlisted_date",
            "appointed",
            "offer_declined",
        ],
        ["A1", "V1", "Band 5", "A White - British", "External", "2021-04-01", "Yes", "No"],
        [
            "A2",
            "V1",
            "Band 5",
            "H Asian or Asian British - Indian",
            "internal",
            "2022-03-31",
            "No",
            "No",
        ],
        ["A3", "V2", "Specialty Doctor", "", "External", "2021-10-10", "yes", "YES"],
    ],
    "disciplinary": [
        ["case_id", "staff_id", "date_opened", "ethnic_origin", "assignment_category"],
        ["D1", "S1", "2020-04-01", "A White - British", "Permanent"],
        ["D2", "S9", "2022-03-31", "M Black or Black British - Caribbean", "Bank"],
    ],
    "training": [
        ["staff_id", "course", "date"],
        ["S1", "Leadership", "2021-05-01"],
        ["S8", "Coaching", "2022-01-15"],
    ],
    "staff_survey": [
        ["survey_year", "staff_type", "question", "group", "yes", "respondents"],
        [2021, "Substantive", "q14a", "White", 120, 400],
        [2021, "Substantive", "q14a", "BAME", 30, 90],
        [2021, "Bank", "Q14B", "BME", 4, 20],
        [2021, "Bank", "q14bc", "White", 0, 0],
        [2021, "Substantive", "q14c", "Black, Asian and minority ethnic", 9, 90],
        # Every question the params name has its White and BME rows (a missing one is an error).
        [2021, "Substantive", "q14c", "White", 40, 400],
        [2021, "Substantive", "q14b", "White", 30, 400],
        [2021, "Substantive", "q14b", "BME", 12, 90],
        [2021, "Substantive", "q14bc", "White", 60, 400],
        [2021, "Substantive", "q14bc", "BME", 20, 90],
        [2021, "Bank", "q14b", "White", 2, 30],
        [2021, "Bank", "q14bc", "BME", 0, 0],
    ],
    "board": [
        ["member_id", "role", "voting", "executive", "ethnic_origin"],
        ["B1", "Chair", "Yes", "No", "A White - British"],
        ["B2", "Chief Executive", "Yes", "Yes", "H Asian or Asian British - Indian"],
        ["B3", "Director of Nursing", "no", "yes", "C White - Any other White background"],
    ],
}

PARAMS_TEMPLATE = """\
org: test
org_name: Test Trust
year: "2021-22"
snapshot_date: 2022-03-31
data_dir: {data_dir}
sources:
{sources}
survey:
  survey_year: 2021
  questions:
    5: {{all: q14a}}
    6: {{all: q14bc, managers: q14b, colleagues: q14c}}
"""


def params_text(data_dir: Path | str, sources: dict[str, str], sheets: dict[str, str]) -> str:
    """A 2021-22 params file naming the given source paths (one per line)."""
    lines = []
    for name, path in sources.items():
        sheet = f", sheet: {sheets[name]}" if name in sheets else ""
        lines.append(f"  {name}: {{path: '{path}'{sheet}}}")
    return PARAMS_TEMPLATE.format(data_dir=data_dir, sources="\n".join(lines) or "  {}")


MakeYear = Callable[..., Path]


@pytest.fixture
def make_year(tmp_path: Path) -> MakeYear:
    """Write extracts into ``tmp_path/data`` and a params file beside them; return its path.

    ``files`` maps a source name to its rows (written as ``<name>.csv``); ``sources`` overrides
    the path written in the params; ``xlsx`` names sources to write as Excel (sheet "Data").
    """

    def make(
        files: dict[str, Rows] | None = None,
        sources: dict[str, str] | None = None,
        xlsx: dict[str, str] | None = None,
        text: str | None = None,
    ) -> Path:
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        files = GOOD_ROWS if files is None else files
        paths: dict[str, str] = {}
        sheets: dict[str, str] = {}
        for name, rows in files.items():
            if xlsx and name in xlsx:
                write_xlsx_rows(data / f"{name}.xlsx", rows)
                paths[name] = f"{name}.xlsx"
                sheets[name] = xlsx[name]
            else:
                write_csv_rows(data / f"{name}.csv", rows)
                paths[name] = f"{name}.csv"
        paths.update(sources or {})
        params = tmp_path / "params.yaml"
        params.write_text(text if text is not None else params_text(data, paths, sheets))
        return params

    return make


@pytest.fixture
def good_rows() -> dict[str, Rows]:
    """A fresh copy of the valid rows, safe to change in a test."""
    return {name: [list(row) for row in rows] for name, rows in GOOD_ROWS.items()}


@pytest.fixture
def csv_writer() -> Callable[[Path, Rows], Path]:
    """``write_csv_rows`` as a fixture, so tests need not import this module."""
    return write_csv_rows


@pytest.fixture
def xlsx_writer() -> Callable[..., Path]:
    """``write_xlsx_rows`` as a fixture, so tests need not import this module."""
    return write_xlsx_rows


ROOT = Path(__file__).resolve().parent.parent


def demo_project(root: Path) -> Path:
    """A copy of the checkout's params, notebooks and example inputs, with the demo trust's data
    generated into it (demo data is generated only for the checkout's own params)."""
    from wres_lib.demo.trust import generate_demo_trust

    shutil.copytree(ROOT / "params", root / "params")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "data" / "examples", root / "data" / "examples")
    generate_demo_trust(root / "data" / "demo")
    return root


@pytest.fixture(scope="session")
def demo_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every demo year's report, built once per session with ``wres report --all-years`` in a
    copy of the project (a few minutes): ``<tmp>/outputs/demo``.

    ``WRES_DEMO_OUTPUTS=path/to/outputs/demo`` reuses an earlier build (for quick local runs).
    """
    reuse = os.environ.get("WRES_DEMO_OUTPUTS")
    if reuse:
        return Path(reuse)
    root = demo_project(tmp_path_factory.mktemp("demo_all_years"))
    wres = Path(sys.executable).with_name("wres")
    outputs = root / "outputs"
    subprocess.run(
        [str(wres), "report", "--all-years", "--outputs", str(outputs)], cwd=root, check=True
    )
    return outputs / "demo"


@pytest.fixture(scope="session")
def demo_reports(demo_outputs: Path):
    """Every demo year's internal and public report, read back from its HTML once."""
    return read_demo_reports(demo_outputs)
