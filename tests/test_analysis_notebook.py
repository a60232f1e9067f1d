"""The analysis notebook: its parameters vary the method, its cells walk the flow, and it runs
top to bottom with its defaults from ``notebooks/`` through the papermill CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from wres_lib.present.analysis import (
    analysis_params,
    data_notes,
    hidden_counts,
    load_window,
    method_effect,
)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "wres_analysis.ipynb"


@pytest.fixture(scope="module")
def data():
    return load_window(analysis_params("params/2022-23.yaml"))


def test_method_choices_override_the_params_file_and_are_checked() -> None:
    params = analysis_params(
        ROOT / "params" / "2022-23.yaml", parity_band=(0.9, 1.1), confidence_level=0.9, threshold=5
    )
    assert params.method.parity_band == (0.9, 1.1) and params.method.confidence_level == 0.9
    assert params.disclosure.threshold == 5 and params.method.trend_years == 4
    assert Path(params.source_file) == ROOT / "params" / "2022-23.yaml"
    with pytest.raises(ValueError, match="parity band"):
        analysis_params("params/2022-23.yaml", parity_band=(1.1, 1.2))


def test_a_narrower_parity_band_moves_indicator_3_outside_it(data) -> None:
    effect = method_effect(data, parity_band=(0.90, 1.10)).set_index("indicator")
    # The demo's 2022-23 indicator 3 ratio is 1.13: inside 0.80-1.25, outside 0.90-1.10.
    assert effect.loc[3, "value (as set)"] == pytest.approx(1.132, abs=0.001)
    assert effect.loc[3, "judgement (as set)"] == "inside the parity band"
    assert effect.loc[3, "judgement (changed)"] == "outside the parity band"
    assert effect.loc[3, "differs"] and not effect.loc[2, "differs"]
    # Same counts, same ratio; only the reading changes.
    assert (effect["value (as set)"] == effect["value (changed)"]).all()


def test_a_higher_confidence_level_widens_intervals_and_can_silence_a_trend(data) -> None:
    effect = method_effect(data, confidence_level=0.99).set_index("indicator")
    assert (effect["ci_low (changed)"] < effect["ci_low (as set)"]).all()
    assert (effect["ci_high (changed)"] > effect["ci_high (as set)"]).all()
    assert effect.loc[8, "trend (as set)"] == "worse"
    assert effect.loc[8, "trend (changed)"] == "similar"


def test_hidden_counts_say_why(data) -> None:
    hidden = hidden_counts(data)
    primary = hidden[hidden["why"].str.startswith("primary")]
    secondary = hidden[hidden["why"].str.startswith("secondary")]
    assert len(primary) > 0 and len(secondary) > 0
    assert primary["value"].between(1, 9).all()
    lower = hidden_counts(data, analysis_params("params/2022-23.yaml", threshold=5))
    low_primary = lower[lower["why"].str.startswith("primary")]
    assert low_primary["value"].between(1, 4).all() and len(low_primary) < len(primary)


def test_data_notes_carry_the_reports_sentences(data) -> None:
    notes = data_notes(data)
    assert set(notes["year"]) == set(data.years)
    declined = notes[
        (notes["year"] == "2022-23") & (notes["reason"] == "recruitment_offer_declined")
    ]
    assert len(declined) == 1 and str(int(declined["records"].iloc[0])) in declined["note"].iloc[0]


def test_the_parameters_cell_holds_the_method_choices() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    (cell,) = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    for name in ("params_file", "mode", "parity_band", "confidence_level", "threshold"):
        assert re.search(rf"^{name} = ", cell.source, re.M), name
    assert 'params_file = "params/' in cell.source


@pytest.mark.slow
def test_runs_with_its_defaults_from_the_notebooks_folder(tmp_path: Path) -> None:
    out = tmp_path / "analysis.ipynb"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(BIN / "papermill"), NOTEBOOK.name, str(out), "--kernel", "python3"]
        + ["--no-progress-bar", "-p", "threshold", "5"],
        cwd=NOTEBOOK.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    shown = {
        c.source.splitlines()[-1]: "".join(
            o.get("data", {}).get("text/plain", "") for o in c.get("outputs", [])
        )
        for c in nb.cells
        if c.cell_type == "code"
    }
    assert "secondary: protects another count" in shown['hidden["why"].value_counts()']
    assert "differs" in "".join(shown.values())
    html = "".join(
        o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", [])
    )
    assert "Indicator 9. Board membership" in html
    numbers = [int(n) for n in dict.fromkeys(re.findall(r"Table (\d+):", html))]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20
