"""Reporting-year parameters: one YAML per year, merged over ``defaults.yaml`` beside it.

A typo is an error, not a silent default: unknown keys and wrong types raise
:class:`~wres_lib.errors.InputError` naming the file, the line and the key.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wres_lib.errors import InputError, Problem

YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
SOURCE_NAMES = ("staff_record", "recruitment", "disciplinary", "training", "staff_survey", "board")
SURVEY_MEASURES = ("all", "managers", "colleagues")
DEFAULTS_FILE = "defaults.yaml"
# Marks a value ``wres init`` left for the trust to supply; refused until it is replaced.
PLACEHOLDER = "FILL IN:"
# Safe loading only (no Python objects from YAML); the C parser when PyYAML has it.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_year(value: str) -> str:
    """A reporting year ``YYYY-YY`` whose two halves are consecutive (``2021-22``)."""
    match = YEAR_PATTERN.match(str(value))
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"a reporting year like 2021-22, not {value!r}")
    return str(value)


def year_start(year: str) -> int:
    """First calendar year of a reporting year: ``2021-22`` -> 2021."""
    return int(check_year(year)[:4])


def year_label(start: int) -> str:
    """Reporting year starting in April of ``start``: 2021 -> ``2021-22``."""
    return f"{start}-{(start + 1) % 100:02d}"


def year_period(year: str) -> tuple[dt.date, dt.date]:
    """1 April to 31 March of a reporting year."""
    start = year_start(year)
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceFile(Strict):
    """Where one extract lives; ``sheet`` is required for Excel files."""

    path: str
    sheet: str | None = None
    # Our field name -> the file's own header, for headers that are neither ours nor the
    # standard ones wres_lib.inputs.headers knows (ESR's are known without this).
    columns: dict[str, str] = {}

    @model_validator(mode="after")
    def _sheet_for_excel(self) -> SourceFile:
        if self.path.lower().endswith((".xlsx", ".xlsm")) and not self.sheet:
            raise ValueError("an Excel source needs 'sheet' (the sheet's name)")
        return self


class Sources(Strict):
    staff_record: SourceFile | None = None
    recruitment: SourceFile | None = None
    disciplinary: SourceFile | None = None
    training: SourceFile | None = None
    staff_survey: SourceFile | None = None
    board: SourceFile | None = None


class Survey(Strict):
    """Which Staff Survey questions feed indicators 5 to 8 this year (their numbers change)."""

    survey_year: int
    questions: dict[int, dict[str, str]]

    @field_validator("questions")
    @classmethod
    def _known_indicators(cls, value: dict[int, dict[str, str]]) -> dict[int, dict[str, str]]:
        for indicator, measures in value.items():
            if indicator not in (5, 6, 7, 8):
                raise ValueError(f"survey questions are for indicators 5 to 8, not {indicator}")
            for measure in measures:
                if measure not in SURVEY_MEASURES:
                    raise ValueError(
                        f"indicator {indicator}: measure {measure!r} is not one of "
                        f"{', '.join(SURVEY_MEASURES)}"
                    )
            if "all" not in measures:
                raise ValueError(f"indicator {indicator}: the 'all' question is required")
        return value


class Disclosure(Strict):
    """Small-number protection for the public report (seed practice: hide 1 to 9)."""

    threshold: int = Field(10, ge=1)
    hide_zero: bool = False
    protection_width: int | None = Field(None, ge=1)
    # Board membership is published by every trust (names, roles, often photographs), so its
    # counts are treated as already known to readers: shown, and fixed in the audit. Set false
    # to protect them like any other count.
    board_is_public: bool = True
    # The trust's earlier public reports made by hand (or elsewhere), by report year: a
    # published folder (its tables as public/tables/ holds them) or a published figures CSV
    # typed from the PDF (wres_lib.measure.published_figures); paths from the project folder.
    earlier_publications: dict[str, str] = {}

    @property
    def width(self) -> int:
        return self.protection_width if self.protection_width is not None else self.threshold

    @field_validator("earlier_publications")
    @classmethod
    def _years(cls, value: dict[str, str]) -> dict[str, str]:
        return {check_year(str(year)): path for year, path in value.items()}


class Method(Strict):
    """Method choices the national guidance leaves open."""

    parity_band: tuple[float, float] = (0.80, 1.25)
    confidence_level: float = Field(0.95, gt=0, lt=1)
    trend_years: int = Field(4, ge=1, le=10)

    @field_validator("parity_band")
    @classmethod
    def _ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not 0 < value[0] < 1 < value[1]:
            raise ValueError("a parity band (low, high) with 0 < low < 1 < high")
        return value


class ModelEmployer(Strict):
    """Target for BME representation at senior bands (NHS England, A Model Employer, 2019).

    The trajectory runs from a baseline (a year and its senior-band % BME) to the target; fixed
    here, it is the same in every year's report. Without ``baseline_year`` it is the earliest
    year with params; without ``baseline_percent``, that year's share as published (1 dp).
    """

    target_percent: float | None = Field(None, ge=0, le=100)
    target_year: int = 2028
    baseline_year: str | None = None
    baseline_percent: float | None = Field(None, ge=0, le=100)
    senior_from_band: str = "Band 8a"

    @field_validator("baseline_year")
    @classmethod
    def _year(cls, value: str | None) -> str | None:
        return None if value is None else check_year(value)


# What a Board paper can ask of its meeting (the front sheet words each one).
Ask = Literal["approve", "endorse", "note", "discuss"]
# How much assurance a forum that considered the paper took from it, as Board papers say it.
Assurance = Literal["assured", "partially assured", "not assured", "approved"]


class Consideration(Strict):
    """A forum that considered the report before the meeting: when, and the assurance it took."""

    forum: str
    date: dt.date
    assurance: Assurance


class Governance(Strict):
    """The Board paper's front sheet: what seed Board papers carry, checked for order in time."""

    meeting: str = ""
    meeting_date: dt.date | None = None
    submitted: dt.date | None = None  # the date the paper went to the meeting
    purpose: str = ""
    ask: list[Ask] = []
    considered: list[Consideration] = []
    nhs_england_submitted: dt.date | None = None  # the WRES data collection, due 31 August
    sponsor: str = ""
    authors: list[str] = []
    strategic_aims: list[str] = []
    risk_register: str = ""
    public: bool = True

    @model_validator(mode="after")
    def _in_order(self) -> Governance:
        meeting = self.meeting_date
        if meeting and self.submitted and self.submitted > meeting:
            raise ValueError(f"submitted {self.submitted} is after the meeting on {meeting}")
        for forum in self.considered:
            if meeting and forum.date > meeting:
                raise ValueError(
                    f"{forum.forum} considered it on {forum.date}, after the meeting on {meeting}"
                )
        return self


class ActionPlans(Strict):
    current: str | None = None
    previous: str | None = None


class Benchmarking(Strict):
    """Comparison with other trusts (issue 17): NHS England's per-trust WRES data as a
    comparator file (``wres_lib.inputs.comparator``), and where this trust sits in it. No file,
    no benchmarking section in the public report. ``org_code`` defaults to ``org``; ``region``
    and ``trust_type`` default to the trust's own rows in the file."""

    comparators: str | None = None
    org_code: str | None = None
    region: str | None = None
    trust_type: str | None = None


class Params(Strict):
    # An organisation code as NHS England writes it (RXY, R1K) or a short name (demo, my-trust).
    org: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    org_name: str
    year: str
    snapshot_date: dt.date
    report_date: dt.date | None = None
    data_dir: str
    sources: Sources = Sources()
    published_counts: list[str] = []
    survey: Survey | None = None
    disclosure: Disclosure = Disclosure()
    method: Method = Method()
    model_employer: ModelEmployer = ModelEmployer()
    governance: Governance = Governance()
    action_plans: ActionPlans = ActionPlans()
    benchmarking: Benchmarking = Benchmarking()

    # Where the file was read from; set by load_params, not by the YAML.
    source_file: str = Field("", exclude=True)
    project_root: str = Field("", exclude=True)

    @field_validator("year")
    @classmethod
    def _year(cls, value: str) -> str:
        return check_year(value)

    @model_validator(mode="after")
    def _report_before_its_meeting(self) -> Params:
        meeting = self.governance.meeting_date
        if meeting and self.report_date and self.report_date > meeting:
            raise ValueError(
                f"report_date {self.report_date} is after the meeting that receives it "
                f"(governance.meeting_date {meeting})"
            )
        return self

    @model_validator(mode="after")
    def _snapshot_in_year(self) -> Params:
        start, end = year_period(self.year)
        if not start <= self.snapshot_date <= end:
            raise ValueError(
                f"snapshot_date {self.snapshot_date} is outside reporting year {self.year} "
                f"({start} to {end})"
            )
        return self

    @property
    def data_path(self) -> Path:
        """The data folder; relative paths are taken from the project root."""
        path = Path(self.data_dir)
        return path if path.is_absolute() else Path(self.project_root) / path

    def source_path(self, name: str) -> SourceFile | None:
        return getattr(self.sources, name)

    def resolve_in_data(self, relative: str, key: str) -> Path:
        """A path from the params, which must stay inside the data folder."""
        return resolve_inside(self.data_path, relative, self.source_file, key, "the data folder")

    def resolve_in_project(self, relative: str, key: str) -> Path:
        """A path from the params (e.g. an action plan), which must stay inside the project."""
        return resolve_inside(
            Path(self.project_root), relative, self.source_file, key, "the project folder"
        )


def resolve_inside(
    base: Path, relative: str, params_file: str, key: str, what: str = "the data folder"
) -> Path:
    """Resolve ``relative`` under ``base`` and refuse a path that escapes it (``../../etc``)."""
    base_resolved = base.resolve()
    candidate = (base_resolved / relative).resolve()
    if candidate != base_resolved and base_resolved not in candidate.parents:
        raise InputError.single(params_file, None, key, relative, f"a path inside {what} {base}")
    return candidate


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _line_numbers(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path in a YAML document to its 1-based line, for error messages."""
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key: Any = key_node.value
                if isinstance(key, str) and key.isdigit():
                    key = int(key)
                lines[path + (key,)] = key_node.start_mark.line + 1
                walk(value_node, path + (key,))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[path + (index,)] = item.start_mark.line + 1
                walk(item, path + (index,))

    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, ())
    return lines


def read_yaml(path: Path) -> tuple[dict[str, Any], dict[tuple[Any, ...], int]]:
    """Read a YAML mapping with the safe loader; errors name the file and line.

    UTF-8 only (a BOM is fine): a file saved as Windows-1252 is refused with the line of the
    first byte that is not UTF-8, not guessed. A date YAML cannot build (2023-09-31) is an
    error naming its line and key.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError.single(path, None, None, None, "a YAML file, not a folder")
    if not path.is_file():
        raise InputError.single(path, None, None, None, "a YAML file that exists")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start : exc.start + 4]
        shown = bad.decode("cp1252", errors="replace")
        raise InputError.single(
            path,
            line,
            None,
            repr(bad),
            f"UTF-8 text (in Windows-1252 it would read {shown!r}): save the file as UTF-8",
        ) from None
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        lines = text.splitlines()
        shown = lines[row - 1].strip() if row and row <= len(lines) else None
        raise InputError.single(path, row, None, shown, yaml_problem_in_words(exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build
        raise _bad_scalar(path, text, exc) from None
    if data is None:
        raise InputError.single(path, None, None, None, "a YAML mapping, not an empty file")
    if not isinstance(data, dict):
        raise InputError.single(path, 1, None, type(data).__name__, "a YAML mapping of keys")
    return data, _line_numbers(text)


# PyYAML's problem texts, said as a person editing the file would fix them.
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "a value without ': ' (colon and space) inside it; put text holding a colon in quotes, "
        'e.g. purpose: "Decision: approve the plan"',
    ),
    ("cannot start any token", "no tab characters: indent with spaces"),
    (
        "could not find expected ':'",
        "each key followed by a colon (key: value); text running over lines goes in quotes",
    ),
    (
        "did not find expected ',' or",
        "a closing ] or } for each [ or {; text holding a comma or bracket goes in quotes",
    ),
    ("found unexpected end of stream", "every quote that opens to close on the same value"),
    ("expected <block end>", "lines indented like the others at the same level"),
    ("found duplicate anchor", "each &anchor name once"),
    ("found undefined alias", "text starting with * in quotes ('*' marks a YAML alias)"),
    ("found character '@'", "text starting with @ or ` in quotes"),
)


def yaml_problem_in_words(exc: yaml.YAMLError) -> str:
    """What a YAML syntax error asks of the person editing the file, with PyYAML's own words
    after it for anyone searching for them."""
    problem = str(getattr(exc, "problem", "") or exc)
    for text, words in _YAML_PROBLEMS:
        if text in problem:
            return f"{words} (YAML says: {problem})"
    return f"YAML that can be read (YAML says: {problem})"


def _bad_scalar(path: Path, text: str, exc: Exception) -> InputError:
    """The date (or other typed scalar) that failed to build, with its line and key."""
    lines = _line_numbers(text)
    by_line = {line: ".".join(str(k) for k in key) for key, line in lines.items()}
    root = yaml.compose(text, Loader=SAFE_LOADER)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend(value for pair in node.value for value in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
            try:
                dt.date.fromisoformat(node.value[:10])
            except ValueError:
                line = node.start_mark.line + 1
                return InputError.single(
                    path, line, by_line.get(line), node.value, "a real date, written YYYY-MM-DD"
                )
    return InputError.single(path, None, None, None, f"values YAML can read ({exc})")


def load_params(path: str | Path, project_root: str | Path | None = None) -> Params:
    """Load and validate a year's params, merged over ``defaults.yaml`` in the same folder."""
    path = Path(path)
    data, lines = read_yaml(path)
    sources = [(path, lines)]  # where each key can come from, the year's file first
    defaults_path = path.parent / DEFAULTS_FILE
    if defaults_path.is_file() and defaults_path.resolve() != path.resolve():
        defaults, default_lines = read_yaml(defaults_path)
        data = _deep_merge(defaults, data)
        sources.append((defaults_path, default_lines))
    _refuse_placeholders(sources)
    _check_file_year(path, data, sources)
    if project_root is None:
        project_root = path.resolve().parent.parent if path.parent.name == "params" else path.parent
    try:
        params = Params.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(
                part for part in error["loc"] if not isinstance(part, str) or "[" not in part
            )
            key = ".".join(str(part) for part in loc) or None
            file, row = _origin(loc, sources)
            if error["type"] == "extra_forbidden":
                expected = "no such key: a typo? (unknown keys are errors)"
            else:
                expected = error["msg"]
            value = error.get("input") if error["type"] != "missing" else None
            if isinstance(value, dict):
                value = None
            problems.append(Problem(str(file), row, key, value, expected))
        raise InputError(problems) from None
    return params.model_copy(update={"source_file": str(path), "project_root": str(project_root)})


def placeholder_problems(
    file: str | Path, data: Any, lines: dict[tuple[Any, ...], int]
) -> list[Problem]:
    """Every ``FILL IN:`` value ``wres init`` left in a YAML file, with its line and key."""
    problems = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((loc + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((loc + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str) and value.strip().startswith(PLACEHOLDER):
            key = ".".join(str(part) for part in loc)
            problems.append(Problem(str(file), lines.get(loc), key, value, "your own value here"))
    return sorted(problems, key=lambda p: p.row or 0)


def _refuse_placeholders(sources: list[tuple[Path, dict[tuple[Any, ...], int]]]) -> None:
    """Every ``FILL IN:`` value left in the year's file or its defaults, with file, line, key."""
    problems = [
        problem
        for file, lines in sources
        for problem in placeholder_problems(file, read_yaml(file)[0], lines)
    ]
    if problems:
        raise InputError(problems)


def _check_file_year(
    path: Path, data: dict[str, Any], sources: list[tuple[Path, dict[tuple[Any, ...], int]]]
) -> None:
    """A year file's name is its year: ``2023-24.yaml`` holding ``year: 2022-23`` is refused."""
    if YEAR_PATTERN.match(path.stem) and "year" in data and str(data["year"]) != path.stem:
        file, row = _origin(("year",), sources)
        raise InputError.single(
            file,
            row,
            "year",
            data["year"],
            f"{path.stem}, the year in the file name {path.name} (or rename the file)",
        )


def _origin(
    loc: tuple[Any, ...], sources: list[tuple[Path, dict[tuple[Any, ...], int]]]
) -> tuple[Path, int | None]:
    """The file (year or defaults) and line a key was written in, deepest match first."""
    for n in range(len(loc), 0, -1):
        for file, lines in sources:
            if loc[:n] in lines:
                return file, lines[loc[:n]]
    return sources[0][0], None


def key_origin(path: str | Path, key: tuple[Any, ...]) -> tuple[str, int | None]:
    """The file (a year's params, or the defaults beside it) and line where ``key`` is
    written, for errors that belong to a params line rather than to a data row."""
    path = Path(path)
    sources = []
    for file in (path, path.parent / DEFAULTS_FILE):
        if file.is_file():
            try:
                sources.append((file, read_yaml(file)[1]))
            except InputError:
                continue
    if not sources:
        return str(path), None
    file, line = _origin(key, sources)
    return str(file), line


def find_params(params_dir: str | Path, org: str | None = None) -> dict[str, Path]:
    """The year files in a params folder, keyed by reporting year, for one organisation."""
    found: dict[str, Path] = {}
    for path in sorted(Path(params_dir).glob("*.yaml")):
        if path.name == DEFAULTS_FILE or not YEAR_PATTERN.match(path.stem):
            continue
        found[path.stem] = path
    if org is not None:
        found = {y: p for y, p in found.items() if load_params(p).org == org}
    return found
