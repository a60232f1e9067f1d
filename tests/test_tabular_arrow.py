"""The Arrow reader for plain CSV extracts gives exactly what the careful csv-module reader gives.

``_read_simple_csv`` is a shortcut: it must either return the same frame (values, columns, row
numbers, dtypes) or decline (None) so the careful reader runs and reports as before.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres_lib.errors import InputError
from wres_lib.inputs import tabular
from wres_lib.inputs.tabular import PYTHON_WHITESPACE, _read_simple_csv, read_table

HEADER = "id,band,when\n"
TEXTS = {
    "plain": HEADER + "1,Band 5,2022-03-31\n2,Band 6,\n",
    "no final newline": HEADER + "1,Band 5,2022-03-31\n2,Band 6,",
    "crlf": HEADER.replace("\n", "\r\n") + "1,Band 5,x\r\n2,Band 6,y\r\n",
    "quoted comma": HEADER + '1,"Band 8 - Range A, acting",x\n',
    "doubled quotes": HEADER + '1,"say ""hi""",x\n2,a""b,y\n',
    "text after closing quote": HEADER + '1,"a"b,x\n2,"a" ,y\n',
    "quote inside field": HEADER + '1,a"b,x\n',
    "spaces kept": HEADER + " 1 , Band 5 ,  \n",
    "blank line inside": HEADER + "1,Band 5,x\n\n2,Band 6,y\n",
    "blank lines at end": HEADER + "1,Band 5,x\n\n\n",
    "row of blank cells": HEADER + "1,Band 5,x\n , ,\t\n2,Band 6,y\n",
    "row of unicode blanks": HEADER + "1,Band 5,x\n\u3000,\xa0,\x1c\n2,Band 6,y\n",
    "quoted newline": HEADER + '1,"Band\n5",x\n2,Band 6,y\n',
    "unterminated quote": HEADER + '1,Band 5,"x\n2,Band 6,y\n',
    "lone carriage returns": HEADER + "1,Band 5,x\r2,Band 6,y\r",
    # One record fewer (a quoted newline) and one more (a lone CR): as many records as lines,
    # but csv.reader refuses the unquoted CR.
    "quoted newline and a lone carriage return": HEADER + '1,"p\nq",x\r2,Band 6,y\n',
    "trailing commas": "id,band,when,\n1,Band 5,x,\n",
    "quoted header": '"id","band","when"\n1,Band 5,x\n',
    "padded header": " id , Band ,when\n1,Band 5,x\n",
    "short row": HEADER + "1,Band 5\n",
    "long row": HEADER + "1,Band 5,x,y\n",
    "one column": "id\n1\n2\n",
    "duplicate header": "id,id,when\n1,2,x\n",
    "header only": HEADER,
    "huge cell": HEADER + "1," + "x" * 140_000 + ",y\n",
}
TAKES_SHORTCUT = {
    "plain",
    "no final newline",
    "crlf",
    "quoted comma",
    "doubled quotes",
    "text after closing quote",
    "quote inside field",
    "spaces kept",
    "padded header",
}


def _careful(path: Path, monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame | InputError:
    with monkeypatch.context() as patch:
        patch.setattr(tabular, "_read_simple_csv", lambda path, text: None)
        return _outcome(path)


def _outcome(path: Path) -> pd.DataFrame | InputError:
    try:
        return read_table(path)
    except InputError as exc:
        return exc


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_arrow_reader_agrees_with_the_csv_module(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "extract.csv"
    path.write_bytes(TEXTS[name].encode("utf-8"))
    shortcut = _read_simple_csv(path, TEXTS[name])
    assert (shortcut is not None) == (name in TAKES_SHORTCUT)
    fast, careful = _outcome(path), _careful(path, monkeypatch)
    if isinstance(careful, InputError):
        assert isinstance(fast, InputError)
        assert fast.problems == careful.problems
        return
    assert isinstance(fast, pd.DataFrame)
    pd.testing.assert_frame_equal(fast, careful, check_exact=True)
    assert fast.index.name == "row" and fast.index.dtype == careful.index.dtype
    assert fast.attrs == careful.attrs


def test_row_numbers_after_a_blank_line_are_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(HEADER + "1,Band 5,x\n\n2,Band 6,y\n", encoding="utf-8")
    frame = read_table(path)
    assert frame.index.tolist() == [2, 4]
    assert frame.at[4, "band"] == "Band 6"


def test_shortcut_values_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(TEXTS["doubled quotes"], encoding="utf-8")
    frame = _read_simple_csv(path, TEXTS["doubled quotes"])
    assert frame is not None
    assert frame.index.tolist() == [2, 3]
    assert frame["band"].tolist() == ['say "hi"', 'a""b']
    assert pd.api.types.is_string_dtype(frame["band"])


def test_whitespace_list_is_what_python_strips() -> None:
    assert set(PYTHON_WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
