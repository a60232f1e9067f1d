"""Label tables: a blank cell is blank whatever the column's dtype (never the text "<NA>")."""

from __future__ import annotations

import pandas as pd
import pytest

from wres_lib.inputs.labels import spaced_text


@pytest.mark.parametrize("dtype", ["object", "string", "string[pyarrow]"])
def test_missing_cells_are_blank_in_every_text_dtype(dtype: str) -> None:
    series = pd.Series(["White  British", None, "Asian"], dtype=dtype)
    assert list(spaced_text(series)) == ["White British", "", "Asian"]
