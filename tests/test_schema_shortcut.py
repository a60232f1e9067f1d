"""A frame that plainly passes a schema skips pandera's container machinery; nothing else does.

``_plainly_valid`` may only say True when full validation would find nothing, so every way a
frame can fail must make it say False (and full validation then reports the failures).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest

from wres_lib.inputs import schemas
from wres_lib.inputs.schemas import (
    _plainly_valid,
    not_blank,
    schema_problems,
    text_column,
    written_date,
)

FRAME = pd.DataFrame(
    {"id": ["a", "b", "c"], "when": ["2022-04-01", "", "2023-03-31"], "n": [1, 2, 3]},
    index=pd.Index([2, 3, 4], name="row"),
).astype({"id": "str", "when": "str"})


def schema(**columns: pa.Column) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        columns or {"id": text_column(not_blank()), "when": text_column(written_date())}
    )


def test_a_valid_frame_takes_the_shortcut() -> None:
    assert _plainly_valid(schema(), FRAME)
    assert schema_problems(schema(), FRAME, FRAME, "f.csv") == []


@pytest.mark.parametrize(
    "case",
    [
        schema(id=text_column(), missing=text_column()),
        schema(when=text_column(not_blank())),
        schema(dup=pa.Column(unique=True, nullable=True)),
        schema(n=pa.Column(checks=pa.Check(lambda s: s.str.len() > 0), nullable=True)),
        pa.DataFrameSchema({"n": pa.Column(nullable=True)}, checks=pa.Check(lambda d: d["n"] < 3)),
    ],
    ids=["missing", "check fails", "duplicate", "check raises", "wide"],
)
def test_every_failure_goes_to_full_validation(case: pa.DataFrameSchema) -> None:
    frame = FRAME.assign(dup=["x", "y", "y"])
    assert not _plainly_valid(case, frame)
    assert schema_problems(case, frame, frame, "f.csv")


@pytest.mark.parametrize(
    "case",
    [
        schema(id=pa.Column(nullable=False)),
        schema(id=pa.Column("str", nullable=True)),
        schema(id=pa.Column(nullable=True, parsers=pa.Parser(lambda s: s.str.upper()))),
        pa.DataFrameSchema({"id": pa.Column(nullable=True)}, unique_column_names=True),
    ],
)
def test_what_it_does_not_judge_goes_to_full_validation(case: pa.DataFrameSchema) -> None:
    assert not _plainly_valid(case, FRAME)


def test_failures_are_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = FRAME.assign(when=["2022-04-01", "03/31/2023", ""])
    found = schema_problems(schema(), bad, bad, "f.csv")
    assert [(p.row, p.column, p.value) for p in found] == [(3, "when", "03/31/2023")]
    # The shortcut switched to "always valid" would hide it: the test above is what stops that.
    monkeypatch.setattr(schemas, "_plainly_valid", lambda schema, frame: True)
    assert schema_problems(schema(), bad, bad, "f.csv") == []
