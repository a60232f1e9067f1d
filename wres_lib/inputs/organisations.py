"""The organisations ``wres batch`` builds: a CSV listing each one's params folder, or ``all``.

The list (``--orgs FILE``) is a CSV or xlsx with one row per organisation::

    org_code,params_dir[,org_name,region,trust_type]

``params_dir`` is the organisation's folder of params YAML files (``defaults.yaml`` and one
file per year), relative to the list's own folder. ``org_name``, ``region`` and
``trust_type`` are needed only to write comparator rows (``wres batch --comparators``);
``region`` and ``trust_type`` take the comparator contract's values. Other columns (the
national collection's ``staff``) are ignored. ``all`` means every params folder under a root
folder: ``ROOT/params`` and ``ROOT/*/params``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandera.pandas as pa

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.comparator import REGIONS, TRUST_TYPES
from wres_lib.inputs.params import find_params, load_params
from wres_lib.inputs.schemas import finish_frame, not_blank, schema_problems, text_column
from wres_lib.inputs.tabular import read_table

REQUIRED = ("org_code", "params_dir")
OPTIONAL = ("org_name", "region", "trust_type")
ALL = "all"


@dataclass(frozen=True)
class Listed:
    """One organisation to build: its code, its params folder and what comparators need."""

    org_code: str
    params_dir: Path
    org_name: str = ""
    region: str = ""
    trust_type: str = ""
    row: int | None = None  # the list's spreadsheet row (for messages)

    def year_files(self) -> dict[str, Path]:
        """The organisation's params files by reporting year."""
        return find_params(self.params_dir, self.org_code)


def _blank_or(choices: tuple[str, ...]) -> pa.Check:
    return pa.Check(
        lambda s: (s == "") | s.isin(choices), error=f"blank or one of {', '.join(choices)}"
    )


SCHEMA = pa.DataFrameSchema(
    {
        "org_code": text_column(
            not_blank(),
            pa.Check.str_matches(r"^[A-Za-z0-9_-]*$", error="letters, digits, - or _ (rx1)"),
            pa.Check(lambda s: ~s.duplicated(keep=False), error="each organisation on one row"),
        ),
        "params_dir": text_column(not_blank()),
        "org_name": text_column(),
        "region": text_column(_blank_or(REGIONS)),
        "trust_type": text_column(_blank_or(TRUST_TYPES)),
    }
)


def load_org_list(path: str | Path) -> list[Listed]:
    """Read and check an organisation list; every problem is reported together."""
    path = Path(path)
    file = str(path)
    raw = read_table(path)
    names = {str(c).strip().lower(): c for c in raw.columns}
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        found = ", ".join(str(c) for c in raw.columns) or "no columns"
        raise InputError(
            [Problem(file, 1, c, found, f"a column named {c!r} (case is ignored)") for c in missing]
        )
    if raw.empty:
        raise InputError.single(file, None, None, None, "at least one organisation")
    frame = raw.rename(columns={v: k for k, v in names.items()})
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[[*REQUIRED, *OPTIONAL]].apply(lambda s: s.astype("str").str.strip())
    problems = schema_problems(SCHEMA, frame, frame, file)
    listed = []
    for row, record in frame.iterrows():
        folder = (path.parent / record["params_dir"]).resolve()
        if record["params_dir"] and not folder.is_dir():
            problems.append(
                Problem(file, int(row), "params_dir", record["params_dir"], "an existing folder")
            )
        listed.append(
            Listed(
                record["org_code"],
                folder,
                record["org_name"],
                record["region"],
                record["trust_type"],
                int(row),
            )
        )
    finish_frame(problems, frame)
    return listed


def find_all(root: str | Path) -> list[Listed]:
    """``--orgs all``: every organisation with params in ``ROOT/params`` or ``ROOT/*/params``."""
    root = Path(root)
    folders = [root / "params", *sorted(root.glob("*/params"))]
    listed: dict[str, Listed] = {}
    for folder in folders:
        for path in find_params(folder).values():
            params = load_params(path)
            if params.org in listed and listed[params.org].params_dir != folder.resolve():
                raise InputError.single(
                    path,
                    None,
                    "org",
                    params.org,
                    f"an organisation code used in one params folder only (also in "
                    f"{listed[params.org].params_dir})",
                )
            listed.setdefault(params.org, Listed(params.org, folder.resolve(), params.org_name))
    if not listed:
        raise InputError.single(
            root, None, None, None, "a folder with params/ or */params/ folders of YAML files"
        )
    return list(listed.values())


def org_list(orgs: str, root: str | Path) -> list[Listed]:
    """``--orgs FILE`` or ``--orgs all`` (under ``root``)."""
    return find_all(root) if orgs == ALL else load_org_list(orgs)


def require_comparator_fields(listed: list[Listed], source: str) -> None:
    """Comparator rows need each organisation's name, region and trust type."""
    problems = [
        Problem(source, org.row, column, getattr(org, column) or None, expected)
        for org in listed
        for column, expected in (
            ("org_name", "the organisation's name (for the comparator rows)"),
            ("region", f"one of {', '.join(REGIONS)} (for the comparator rows)"),
            ("trust_type", f"one of {', '.join(TRUST_TYPES)} (for the comparator rows)"),
        )
        if not getattr(org, column)
    ]
    if problems:
        raise InputError(problems)
