"""The corpus of awkward inputs: each case mutates one file of a small, valid trust folder.

Every case states its expected outcome before it is run: ``read`` (the file is read as a
user would expect; ``check`` asserts the values) or ``refused`` (exit 2; ``says`` lists what
the message must contain: the file, and where known the row, column, value and what was
expected). The trust folder is the demo trust's 2022-23 extracts, trimmed so a run is quick.
"""

from __future__ import annotations

import codecs
import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

Mutation = Callable[[Path], None]
DATA = "data/2022-23"


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Mutation
    expect: str  # "read" or "refused"
    says: tuple[str, ...] = ()
    check: Callable[[object], None] | None = None  # given the loaded YearData


# --- mutations ---------------------------------------------------------------------------------


def extract(root: Path, name: str) -> Path:
    return root / DATA / f"{name}.csv"


def lines_of(root: Path, name: str) -> list[str]:
    return extract(root, name).read_text(encoding="utf-8").splitlines()


def put_lines(root: Path, name: str, lines: list[str], end: str = "\n") -> None:
    extract(root, name).write_text(end.join(lines) + end, encoding="utf-8", newline="")


def on_lines(name: str, change: Callable[[list[str]], list[str]], end: str = "\n") -> Mutation:
    return lambda root: put_lines(root, name, change(lines_of(root, name)), end)


def split(line: str) -> list[str]:
    return next(csv.reader([line]))


def join(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def set_cell(name: str, row: int, column: str, value: str) -> Mutation:
    """Set one cell (spreadsheet row numbering: header = row 1); ``value`` as written."""

    def change(lines: list[str]) -> list[str]:
        header = split(lines[0])
        cells = [join([c]) for c in split(lines[row - 1])]
        cells[header.index(column)] = value
        lines[row - 1] = ",".join(cells)
        return lines

    return on_lines(name, change)


def rows_where(name: str, keep: Callable[[list[str]], bool]) -> Mutation:
    return on_lines(name, lambda ls: [ls[0]] + [x for x in ls[1:] if keep(split(x))])


def encode(name: str, encoding: str) -> Mutation:
    def change(root: Path) -> None:
        path = extract(root, name)
        text = path.read_text(encoding="utf-8")
        bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
        path.write_bytes(bom.get(encoding, b"") + text.encode(encoding))

    return change


def raw_bytes(relative: str, data: bytes) -> Mutation:
    return lambda root: (root / relative).write_bytes(data)


def edit_text(relative: str, old: str, new: str, encoding: str = "utf-8") -> Mutation:
    def change(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_bytes(text.replace(old, new, 1).encode(encoding))

    return change


def params_edit(old: str, new: str, encoding: str = "utf-8") -> Mutation:
    return edit_text("params/2022-23.yaml", old, new, encoding)


def as_xlsx(name: str, relative: str, title: bool = False) -> Mutation:
    """Save an extract as an .xlsx sheet 'Data' and point the params at it."""

    def change(root: Path) -> None:
        book = Workbook()
        sheet = book.active
        sheet.title = "Data"
        if title:
            sheet.append([f"{name} extract, run 3 April 2023"])
        for line in lines_of(root, name):
            sheet.append(split(line))
        book.save(root / DATA / relative)
        params_edit(f"{name}: {{path: {name}.csv}}", f"{name}: {{path: {relative}, sheet: Data}}")(
            root
        )

    return change


def both(*mutations: Mutation) -> Mutation:
    def change(root: Path) -> None:
        for mutation in mutations:
            mutation(root)

    return change


RANDOM = random.Random(15).randbytes(3000)
assert not RANDOM.startswith((b"PK", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))


# --- what the trimmed trust holds (see tests/test_corpus.py) ----------------------------------

ROWS = {
    "staff_record": 400,
    "recruitment": 300,
    "disciplinary": 37,
    "training": 300,
    "staff_survey": 72,
    "board": 14,
}


def rows(name: str, number: int | None = None) -> Callable[[object], None]:
    """The extract was read whole: as many rows as the trimmed file has (or ``number``)."""

    def check(data: object) -> None:
        assert len(getattr(data, name)) == (ROWS[name] if number is None else number)

    return check


def cell(name: str, row: int, column: str, value: object) -> Callable[[object], None]:
    def check(data: object) -> None:
        frame = getattr(data, name)
        assert len(frame) == ROWS[name]
        assert frame.at[row, column] == value, (frame.at[row, column], value)

    return check


def unread_dates(name: str, expected: dict[str, list[int]]) -> Callable[[object], None]:
    def check(data: object) -> None:
        frame = getattr(data, name)
        assert len(frame) == ROWS[name]
        assert frame.attrs["unread_dates"] == expected

    return check


# Our staff record headers as ESR writes them.
ESR_STAFF_HEADERS = {
    "staff_id": "Employee Number",
    "assignment_category": "Assignment Category",
    "ethnic_origin": "Ethnic Origin",
    "pay_band": "Pay Band",
    "staff_group": "Staff Group",
    "sex": "Gender",
    "disability": "Disability Flag",
    "directorate": "Organisation",
    "start_date": "Hire Date",
    "leaving_date": "Termination Date",
}


def esr_header(line: str) -> str:
    return join([ESR_STAFF_HEADERS.get(h, h) for h in split(line)])


def survey_groups(question: str, groups: set[str]) -> Callable[[object], None]:
    def check(data: object) -> None:
        frame = data.staff_survey
        have = set(frame[(frame["question"] == question) & frame["substantive"]]["group"])
        assert have == groups, have

    return check


def trailing_commas(line: str) -> str:
    return line + ","


S, R, D, T, V, B = (
    "staff_record",
    "recruitment",
    "disciplinary",
    "training",
    "staff_survey",
    "board",
)
SF, RF, DF, TF, VF, BF = (f"{name}.csv" for name in (S, R, D, T, V, B))
PF, DEF, PLAN = "2022-23.yaml", "defaults.yaml", "plan_2022-23.yaml"
ALL = ("White", "BME", "Asian", "Black", "Mixed", "Other")
BAD_DATE = "YYYY-MM-DD"

CASES: list[Case] = [
    # --- encodings ---------------------------------------------------------------------------
    Case("staff utf-8 with BOM", encode(S, "utf-8-sig"), "read", check=rows(S)),
    Case("board utf-16le with BOM", encode(B, "utf-16-le"), "read", check=rows(B)),
    Case("survey utf-16be with BOM", encode(V, "utf-16-be"), "read", check=rows(V)),
    Case(
        "staff cp1252 directorate",
        both(set_cell(S, 5, "directorate", "Santé Mentale"), encode(S, "cp1252")),
        "refused",
        (SF, "row 5", "UTF-8", "é"),
    ),
    Case(
        "recruitment latin-1",
        both(set_cell(R, 3, "pay_band", "Bánd 5"), encode(R, "latin-1")),
        "refused",
        (RF, "row 3", "UTF-8"),
    ),
    Case("staff NUL byte", set_cell(S, 7, "sex", "Fe\x00male"), "refused", (SF, "row 7", "NUL")),
    Case(
        "survey NUL in header",
        on_lines(V, lambda ls: ["\x00" + ls[0]] + ls[1:]),
        "refused",
        (VF, "row 1", "NUL"),
    ),
    Case("board random bytes", raw_bytes(f"{DATA}/{BF}", RANDOM), "refused", (BF, "UTF-8")),
    Case("training random bytes", raw_bytes(f"{DATA}/{TF}", RANDOM), "refused", (TF, "UTF-8")),
    Case(
        "disciplinary xlsx named .csv",
        lambda root: (
            as_xlsx(D, "d.xlsx")(root),
            (root / DATA / "d.xlsx").rename(extract(root, D)),
            params_edit("{path: d.xlsx, sheet: Data}", f"{{path: {DF}}}")(root),
        ),
        "refused",
        (DF, "Excel workbook"),
    ),
    # --- separators --------------------------------------------------------------------------
    Case(
        "staff semicolons",
        on_lines(S, lambda ls: [x.replace(",", ";") for x in ls]),
        "refused",
        (SF, "row 1", "semicolons"),
    ),
    Case(
        "board tabs",
        on_lines(B, lambda ls: [x.replace(",", "\t") for x in ls]),
        "refused",
        (BF, "row 1", "tabs"),
    ),
    Case(
        "recruitment pipes",
        on_lines(R, lambda ls: [x.replace(",", "|") for x in ls]),
        "refused",
        (RF, "row 1", "bars"),
    ),
    # --- Excel quirks ------------------------------------------------------------------------
    Case(
        "staff title row",
        on_lines(S, lambda ls: ["Staff record at 31 March 2023,,"] + ls),
        "refused",
        (SF, "row 1", "no title rows"),
    ),
    Case(
        "board title and blank row",
        on_lines(B, lambda ls: ["Board members", ""] + ls),
        "refused",
        (BF, "row 1", "no title rows"),
    ),
    Case(
        "staff merged header (two header rows)",
        on_lines(S, lambda ls: ["Person,,Post,,,,,,Dates,"] + ls),
        "refused",
        (SF, "row 1", "column names"),
    ),
    Case(
        "recruitment Excel serial date",
        set_cell(R, 4, "shortlisted_date", "44652"),
        "refused",
        (RF, "row 4", "shortlisted_date", "44652", BAD_DATE),
    ),
    Case(
        "recruitment TRUE/FALSE",
        both(set_cell(R, 2, "appointed", "TRUE"), set_cell(R, 3, "appointed", "FALSE")),
        "read",
        check=cell(R, 2, "appointed", True),
    ),
    Case(
        "board TRUE/FALSE voting",
        set_cell(B, 2, "voting", "FALSE"),
        "read",
        check=cell(B, 2, "voting", False),
    ),
    Case(
        "staff trailing comma on every line",
        on_lines(S, lambda ls: [x + "," for x in ls]),
        "read",
        check=rows(S),
    ),
    Case(
        "board trailing comma on every line",
        on_lines(B, lambda ls: [x + "," for x in ls]),
        "read",
        check=rows(B),
    ),
    Case(
        "survey trailing commas, data lines only",
        on_lines(V, lambda ls: ls[:1] + [x + ",," for x in ls[1:]]),
        "read",
        check=rows(V),
    ),
    Case(
        "staff blank rows inside",
        on_lines(S, lambda ls: ls[:10] + ["", ",,,,,,,,,"] + ls[10:]),
        "read",
        check=rows(S),
    ),
    Case(
        "staff blank lines at the end",
        on_lines(S, lambda ls: ls + ["", "", ""]),
        "read",
        check=rows(S),
    ),
    Case("staff CRLF line ends", on_lines(S, lambda ls: ls, end="\r\n"), "read", check=rows(S)),
    Case(
        "training every cell quoted",
        on_lines(T, lambda ls: [",".join(f'"{c}"' for c in split(x)) for x in ls]),
        "read",
        check=rows(T),
    ),
    Case(
        "staff extra filled cell",
        on_lines(S, lambda ls: ls[:5] + [ls[5] + ",X"] + ls[6:]),
        "refused",
        (SF, "row 6", "11 cells", "10 cells"),
    ),
    Case(
        "staff short row",
        on_lines(S, lambda ls: ls[:5] + [ls[5].rsplit(",", 2)[0]] + ls[6:]),
        "refused",
        (SF, "row 6", "8 cells", "10 cells"),
    ),
    # --- header variants ---------------------------------------------------------------------
    Case(
        "staff upper-case headers",
        on_lines(S, lambda ls: [ls[0].upper()] + ls[1:]),
        "read",
        check=rows(S),
    ),
    Case(
        "staff headers with spaces",
        on_lines(S, lambda ls: [",".join(f" {h} " for h in ls[0].split(","))] + ls[1:]),
        "read",
        check=rows(S),
    ),
    Case(
        "staff 'Staff ID' header",
        on_lines(S, lambda ls: [ls[0].replace("staff_id", "Staff ID")] + ls[1:]),
        "read",
        check=cell(S, 2, "staff_id", "E000115"),
    ),
    Case(
        "staff ESR headers",
        on_lines(S, lambda ls: [esr_header(ls[0])] + ls[1:]),
        "read",
        check=cell(S, 2, "staff_id", "E000115"),
    ),
    Case(
        "staff misspelt header",
        on_lines(S, lambda ls: [ls[0].replace("staff_group", "staf_grop")] + ls[1:]),
        "refused",
        (SF, "staff_group", "'Staff Group'", "nearest: 'staf_grop'", "'ethnic_origin'"),
    ),
    Case(
        "staff without the columns no indicator uses",
        on_lines(S, lambda ls: [join(split(x)[:5]) for x in ls]),
        "read",
        check=rows(S),
    ),
    Case(
        "staff columns reordered",
        on_lines(S, lambda ls: [join(split(x)[::-1]) for x in ls]),
        "read",
        check=cell(S, 2, "staff_id", "E000115"),
    ),
    Case(
        "staff extra column",
        on_lines(S, lambda ls: [ls[0] + ",nhs_number"] + [x + ",123" for x in ls[1:]]),
        "read",
        check=rows(S),
    ),
    Case(
        "staff missing pay_band column",
        on_lines(S, lambda ls: [join([c for i, c in enumerate(split(x)) if i != 3]) for x in ls]),
        "refused",
        (SF, "pay_band"),
    ),
    Case(
        "staff duplicated column name",
        on_lines(S, lambda ls: [ls[0].replace("sex", "directorate")] + ls[1:]),
        "refused",
        (SF, "directorate"),
    ),
    # --- dates -------------------------------------------------------------------------------
    Case(
        "staff start date with midnight time",
        set_cell(S, 2, "start_date", "2018-08-01 00:00:00"),
        "read",
        check=cell(S, 2, "start_date", pd.Timestamp("2018-08-01")),
    ),
    Case(
        "staff start date ISO T time",
        set_cell(S, 3, "start_date", "2007-11-27T09:30:00"),
        "read",
        check=cell(S, 3, "start_date", pd.Timestamp("2007-11-27")),
    ),
    Case(
        "disciplinary date with time",
        set_cell(D, 2, "date_opened", "2021-04-08 14:05"),
        "read",
        check=rows(D),
    ),
    Case(
        "staff dd/mm/yyyy",
        set_cell(S, 4, "start_date", "14/09/2006"),
        "read",
        check=cell(S, 4, "start_date", pd.Timestamp("2006-09-14")),
    ),
    Case(
        "recruitment date in the year 1000",  # pandas cannot hold it: refused, not a crash
        set_cell(R, 4, "shortlisted_date", "1000-01-01"),
        "refused",
        (RF, "row 4", "shortlisted_date", "1000-01-01", BAD_DATE, "from 1900 to 2099"),
    ),
    Case(
        "staff leaving date in 3023 (not used: noted)",
        set_cell(S, 5, "leaving_date", "3023-03-31"),
        "read",
        check=unread_dates(S, {"leaving_date": [5]}),
    ),
    Case(
        "recruitment dd/mm/yyyy",
        set_cell(R, 5, "shortlisted_date", "01/04/2022"),
        "read",
        check=cell(R, 5, "shortlisted_date", pd.Timestamp("2022-04-01")),
    ),
    Case(
        "recruitment day-month-name date",
        set_cell(R, 5, "shortlisted_date", "01-APR-2022"),
        "read",
        check=cell(R, 5, "shortlisted_date", pd.Timestamp("2022-04-01")),
    ),
    Case(
        "recruitment month-first date",
        set_cell(R, 5, "shortlisted_date", "04/13/2022"),
        "refused",
        (RF, "row 5", "shortlisted_date", "04/13/2022", "day first"),
    ),
    Case(
        "recruitment day-first two-digit year",
        set_cell(R, 5, "shortlisted_date", "13/04/22"),
        "refused",
        (RF, "row 5", "shortlisted_date", "13/04/22", "four-digit year"),
    ),
    Case(
        "recruitment impossible date",
        set_cell(R, 6, "shortlisted_date", "2022-02-30"),
        "refused",
        (RF, "row 6", "shortlisted_date", "2022-02-30"),
    ),
    Case(
        "staff leaver before snapshot",
        set_cell(S, 8, "leaving_date", "2023-01-31"),
        "refused",
        (SF, "row 8", "leaving_date", "2023-01-31", "after the snapshot"),
    ),
    Case(
        "staff start after snapshot",
        set_cell(S, 9, "start_date", "2023-06-01"),
        "refused",
        (SF, "row 9", "start_date", "2023-06-01", "on or before the snapshot"),
    ),
    Case(
        "training date outside the year",
        set_cell(T, 10, "date", "2021-12-01"),
        "refused",
        (TF, "row 10", "date", "2021-12-01", "2022-04-01 to 2023-03-31"),
    ),
    Case(
        "disciplinary outside the two years",
        set_cell(D, 3, "date_opened", "2020-01-01"),
        "refused",
        (DF, "row 3", "date_opened", "2020-01-01"),
    ),
    Case(
        "recruitment two-digit year",
        set_cell(R, 6, "shortlisted_date", "22-04-01"),
        "refused",
        (RF, "row 6", "22-04-01", BAD_DATE),
    ),
    # --- survey shapes -----------------------------------------------------------------------
    Case(
        "survey without indicator 5's BME row",
        rows_where(V, lambda c: not (c[2] == "q13a" and c[3] == "BME" and c[1] == "Substantive")),
        "refused",
        (VF, "q13a", "indicator 5", "BME"),
    ),
    Case(
        "survey without indicator 8's question",
        rows_where(V, lambda c: c[2] != "q16b"),
        "refused",
        (PF, "column 'survey.questions.8.all'", "'q16b'", VF, "q13a, q13b, q13bc, q13c, q15"),
    ),
    Case(
        "survey without indicator 6 managers White",
        rows_where(V, lambda c: not (c[2] == "q13b" and c[3] == "White")),
        "refused",
        (VF, "q13b", "indicator 6", "managers", "White"),
    ),
    Case(
        "survey without indicator 7 BME bank row",
        rows_where(V, lambda c: not (c[2] == "q15" and c[3] == "BME" and c[1] == "Bank")),
        "refused",
        (VF, "Bank", "q15", "BME"),
    ),
    Case(
        "survey of the wrong year",
        on_lines(V, lambda ls: ls[:1] + ["2021" + x[4:] for x in ls[1:]]),
        "refused",
        (VF, "row 2", "survey_year", "2021", "2022"),
    ),
    Case(
        "survey without the Asian rows (finer group)",
        rows_where(V, lambda c: c[3] != "Asian"),
        "read",
        check=survey_groups("q13a", set(ALL) - {"Asian"}),
    ),
    Case(
        "survey finer group suppressed with *",
        set_cell(V, 6, "yes", "*"),
        "read",
        check=survey_groups("q13a", set(ALL) - {"Mixed"}),
    ),
    Case(
        "survey BME row suppressed with *",
        set_cell(V, 3, "yes", "*"),
        "refused",
        (VF, "row 3", "yes", "*", "whole number"),
    ),
    Case(
        "survey count with thousands separator",
        set_cell(V, 2, "respondents", '"2,466"'),
        "refused",
        (VF, "row 2", "respondents", "2,466", "whole number"),
    ),
    Case(
        "survey decimal count",
        set_cell(V, 2, "yes", "592.0"),
        "refused",
        (VF, "row 2", "yes", "592.0", "whole number"),
    ),
    Case(
        "survey yes over respondents",
        set_cell(V, 2, "yes", "3000"),
        "refused",
        (VF, "row 2", "yes", "3000", "no greater than 'respondents'"),
    ),
    Case(
        "survey BAME label",
        set_cell(V, 3, "group", "BAME"),
        "read",
        check=survey_groups("q13a", set(ALL)),
    ),
    Case(
        "survey long BME label",
        set_cell(V, 3, "group", '"Black, Asian and minority ethnic"'),
        "read",
        check=survey_groups("q13a", set(ALL)),
    ),
    Case(
        "survey upper-case question",
        set_cell(V, 2, "question", "Q13A"),
        "read",
        check=survey_groups("q13a", set(ALL)),
    ),
    Case(
        "survey row of a question the params do not name",
        set_cell(V, 2, "question", "q99"),
        "refused",
        (VF, "q13a", "missing: White", "not used", "(q99)"),
    ),
    Case(
        "survey lower-case staff type",
        set_cell(V, 2, "staff_type", "substantive"),
        "read",
        check=rows(V),
    ),
    Case(
        "survey duplicate row",
        on_lines(V, lambda ls: ls + [ls[1]]),
        "refused",
        (VF, "row 2", "question", "one row per staff_type, question, group"),
    ),
    Case(
        "survey header only",
        on_lines(V, lambda ls: ls[:1]),
        "refused",
        (VF, "at least one data row"),
    ),
    Case("survey empty file", raw_bytes(f"{DATA}/{VF}", b""), "refused", (VF, "empty file")),
    Case(
        "survey without bank rows",
        rows_where(V, lambda c: c[1] != "Bank"),
        "read",
        check=rows(V, 36),
    ),
    Case(
        "survey whole-organisation row",
        set_cell(V, 4, "group", "All staff"),
        "read",
        check=survey_groups("q13a", set(ALL) - {"Asian"}),
    ),
    Case(
        "survey unknown ethnic group",
        set_cell(V, 4, "group", "White Irish"),
        "refused",
        (VF, "row 4", "group", "White Irish", "an ethnic group"),
    ),
    # --- label variants ----------------------------------------------------------------------
    Case(
        "staff lower-case ethnicity",
        set_cell(S, 3, "ethnic_origin", "a white - british"),
        "read",
        check=cell(S, 3, "wres_group", "White"),
    ),
    Case(
        "staff ethnicity without code",
        set_cell(S, 2, "ethnic_origin", "Black or Black British - Caribbean"),
        "read",
        check=cell(S, 2, "wres_group", "BME"),
    ),
    Case(
        "staff unknown ethnicity label",
        set_cell(S, 2, "ethnic_origin", "Martian"),
        "refused",
        (SF, "row 2", "ethnic_origin", "Martian"),
    ),
    Case(
        "staff PERMANENT",
        set_cell(S, 2, "assignment_category", "PERMANENT"),
        "read",
        check=cell(S, 2, "assignment_category", "Permanent"),
    ),
    Case(
        "staff unknown category",
        set_cell(S, 2, "assignment_category", "Locum"),
        "refused",
        (SF, "row 2", "assignment_category", "Locum"),
    ),
    Case(
        "staff Band 10",
        set_cell(S, 2, "pay_band", "Band 10"),
        "refused",
        (SF, "row 2", "pay_band", "Band 10"),
    ),
    Case(
        "staff unknown staff group",
        set_cell(S, 2, "staff_group", "Porters"),
        "refused",
        (SF, "row 2", "staff_group", "Porters"),
    ),
    Case(
        "recruitment lower-case internal",
        set_cell(R, 2, "internal_external", "internal"),
        "read",
        check=cell(R, 2, "internal_external", "Internal"),
    ),
    Case(
        "recruitment Y and N",
        both(set_cell(R, 2, "appointed", "Y"), set_cell(R, 2, "offer_declined", "n")),
        "read",
        check=cell(R, 2, "appointed", True),
    ),
    Case(
        "recruitment Maybe",
        set_cell(R, 2, "appointed", "Maybe"),
        "refused",
        (RF, "row 2", "appointed", "Maybe", "Yes, No"),
    ),
    Case(
        "board lower-case yes",
        set_cell(B, 3, "executive", "yes"),
        "read",
        check=cell(B, 3, "executive", True),
    ),
    # --- duplicates --------------------------------------------------------------------------
    Case(
        "staff duplicate id",
        set_cell(S, 5, "staff_id", "E000115"),
        "refused",
        (SF, "row 5", "staff_id", "E000115"),
    ),
    Case(
        "board duplicate member",
        set_cell(B, 4, "member_id", "BM17"),
        "refused",
        (BF, "member_id", "BM17"),
    ),
    Case(
        "disciplinary duplicate case",
        on_lines(D, lambda ls: ls + [ls[1]]),
        "refused",
        (DF, "case_id"),
    ),
    Case(
        "recruitment duplicate applicant",
        on_lines(R, lambda ls: ls + [ls[1]]),
        "refused",
        (RF, "applicant_id", "one row per applicant_id, vacancy_id"),
    ),
    # --- empty and header-only ---------------------------------------------------------------
    Case(
        "disciplinary header only (no cases)",
        on_lines(D, lambda ls: ls[:1]),
        "read",
        check=rows(D, 0),
    ),
    Case("training header only", on_lines(T, lambda ls: ls[:1]), "read", check=rows(T, 0)),
    Case("staff empty file", raw_bytes(f"{DATA}/{SF}", b""), "refused", (SF, "empty file")),
    Case(
        "staff header only",
        on_lines(S, lambda ls: ls[:1]),
        "refused",
        (SF, "at least one data row"),
    ),
    Case(
        "board header only",
        on_lines(B, lambda ls: ls[:1]),
        "refused",
        (BF, "at least one data row"),
    ),
    Case(
        "recruitment only blank lines",
        raw_bytes(f"{DATA}/{RF}", b"\n\n  \n"),
        "refused",
        (RF, "empty file"),
    ),
    # --- huge cells and lines ----------------------------------------------------------------
    Case(
        "board 216,000-character cell",
        set_cell(B, 3, "role", '"' + "x" * 216_000 + '"'),
        "refused",
        (BF, "row 3", "characters"),
    ),
    Case(
        "board 100,000-character role (allowed)",
        set_cell(B, 3, "role", "y" * 100_000),
        "read",
        check=cell(B, 3, "role", "y" * 100_000),
    ),
    Case(
        "staff 50,000-cell line",
        on_lines(S, lambda ls: ls[:2] + [ls[2] + "," * 50_000] + ls[3:]),
        "read",
        check=rows(S),
    ),
    Case(
        "staff 50,000 filled cells",
        on_lines(S, lambda ls: ls[:2] + [ls[2] + ",z" * 50_000] + ls[3:]),
        "refused",
        (SF, "row 3", "50010 cells"),
    ),
    # --- params ------------------------------------------------------------------------------
    Case(
        "params impossible report_date",
        params_edit("report_date: 2023-09-27", "report_date: 2023-09-31"),
        "refused",
        (PF, "row 3", "report_date", "2023-09-31", "a real date"),
    ),
    Case(
        "params impossible snapshot_date",
        params_edit("snapshot_date: 2023-03-31", "snapshot_date: 2023-02-30"),
        "refused",
        (PF, "snapshot_date", "2023-02-30"),
    ),
    Case(
        "params snapshot outside the year",
        params_edit("snapshot_date: 2023-03-31", "snapshot_date: 2023-04-30"),
        "refused",
        (PF, "snapshot_date", "outside reporting year"),
    ),
    Case(
        "params unknown key",
        params_edit("data_dir:", "data_folder: x\ndata_dir:"),
        "refused",
        (PF, "data_folder", "no such key"),
    ),
    Case(
        "params mistyped data_dir",
        params_edit(f"data_dir: {DATA}", "data_dir: data/2022-32"),
        "refused",
        (PF, "row 4", "data_dir", "data/2022-32", "folder"),
    ),
    Case(
        "params cp1252",
        params_edit("Trust Board", "Trust Board, Ysbyty Gwynedd (Bangor) ’", "cp1252"),
        "refused",
        (PF, "UTF-8"),
    ),
    Case(
        "defaults cp1252",
        edit_text("params/defaults.yaml", "Test Valley", "Tést Valley", "cp1252"),
        "refused",
        (DEF, "row 3", "UTF-8", "é"),
    ),
    Case("params random bytes", raw_bytes("params/2022-23.yaml", RANDOM), "refused", (PF, "UTF-8")),
    Case(
        "params source path is a folder",
        params_edit(f"board: {{path: {BF}}}", "board: {path: .}"),
        "refused",
        ("2022-23", "a file, not a folder"),
    ),
    Case(
        "params source path escapes",
        params_edit(f"board: {{path: {BF}}}", "board: {path: ../../../etc/passwd}"),
        "refused",
        (PF, "sources.board.path", "../../../etc/passwd", "inside"),
    ),
    Case(
        "params source file missing",
        params_edit(f"board: {{path: {BF}}}", "board: {path: bored.csv}"),
        "refused",
        ("bored.csv", "a file that exists"),
    ),
    Case(
        "params survey question not in the file",
        params_edit("7: {all: q15}", "7: {all: q17}"),
        "refused",
        (PF, "row 17", "column 'survey.questions.7.all'", "'q17'", VF, "q15, q16b"),
    ),
    Case(
        "params org demo with mistyped data_dir",
        both(
            edit_text("params/defaults.yaml", "org: trust", "org: demo"),
            params_edit(f"data_dir: {DATA}", "data_dir: data/dmeo/2022-23"),
        ),
        "refused",
        (PF, "data_dir", "data/dmeo/2022-23", "demo"),
    ),
    Case(
        "params Excel source without sheet",
        params_edit(f"board: {{path: {BF}}}", "board: {path: board.xlsx}"),
        "refused",
        (PF, "sheet"),
    ),
    Case(
        "params tab indentation",
        params_edit("  staff_record:", "\tstaff_record:"),
        "refused",
        (PF, "row 6", "no tab characters: indent with spaces"),
    ),
    Case(
        "params with BOM",
        lambda root: (root / "params" / PF).write_bytes(
            codecs.BOM_UTF8 + (root / "params" / PF).read_bytes()
        ),
        "read",
        check=rows(S),
    ),
    Case(
        "params year mismatch",
        params_edit('year: "2022-23"', 'year: "2022-24"'),
        "refused",
        (PF, "year", "2022-24"),
    ),
    Case("defaults empty", raw_bytes("params/defaults.yaml", b""), "refused", (DEF, "empty file")),
    Case(
        "defaults without org_name",
        edit_text("params/defaults.yaml", "org_name: Test Valley NHS Trust\n", ""),
        "refused",
        (PF, "org_name"),
    ),
    Case("params NUL byte", params_edit("Trust Board", "Trust\x00Board"), "refused", (PF, "YAML")),
    # --- action plans ------------------------------------------------------------------------
    Case(
        "plan impossible date",
        edit_text(f"plans/{PLAN}", "status_date: 2023-08-31", "status_date: 2023-08-32"),
        "refused",
        (PLAN, "row 10", "status_date", "2023-08-32"),
    ),
    Case("plan random bytes", raw_bytes(f"plans/{PLAN}", RANDOM), "refused", (PLAN, "UTF-8")),
    Case(
        "plan cp1252",
        edit_text(f"plans/{PLAN}", "by: Trust Board", "by: Trust Board – é", "cp1252"),
        "refused",
        (PLAN, "row 9", "UTF-8"),
    ),
    Case(
        "plan unknown RAG status",
        edit_text(f"plans/{PLAN}", "{status: B, word: Blue", "{status: P, word: Blue"),
        "refused",
        (PLAN, "row 12", "status"),
    ),
    Case(
        "plan missing", lambda root: (root / "plans" / PLAN).unlink(), "refused", (PLAN, "exists")
    ),
    Case(
        "plan is a folder",
        lambda root: ((root / "plans" / PLAN).unlink(), (root / "plans" / PLAN).mkdir()),
        "refused",
        (PLAN, "not a folder"),
    ),
    Case("plan empty", raw_bytes(f"plans/{PLAN}", b""), "refused", (PLAN, "empty file")),
    Case(
        "plan a list, not a mapping",
        raw_bytes(f"plans/{PLAN}", b"- a\n- b\n"),
        "refused",
        (PLAN, "mapping"),
    ),
    # --- Excel sources -----------------------------------------------------------------------
    Case("staff as xlsx", as_xlsx(S, "staff.xlsx"), "read", check=rows(S)),
    Case(
        "board as xlsx with a title row",
        as_xlsx(B, "board.xlsx", title=True),
        "refused",
        ("board.xlsx", "row 1"),
    ),
    Case(
        "recruitment as xlsx",
        as_xlsx(R, "recruitment.xlsx"),
        "read",
        check=cell(R, 2, "appointed", False),
    ),
]
