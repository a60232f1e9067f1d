"""``wres init``: a trust's own folder of params, extract templates and a starter plan.

Every organisation-specific value copied from the demo's params is replaced by a ``FILL IN:``
placeholder, which :func:`wres_lib.inputs.params.load_params` refuses, so the demo's
governance text, dates and target can never be published under another trust's name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from wres_lib.errors import InputError
from wres_lib.inputs.params import (
    DEFAULTS_FILE,
    PLACEHOLDER,
    SAFE_LOADER,
    YEAR_PATTERN,
    check_year,
    year_start,
)
from wres_lib.inputs.schemas import COLUMNS
from wres_lib.inputs.trust_maps import write_map_copies

REPOSITORY = Path(__file__).resolve().parents[2]
ORG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
PLAN_FOLDER = "plans"
# What each survey question placeholder asks for, in the WRES's words: indicator 6's three
# look alike, and its combined figure is a question id of its own (docs/architecture.md).
SURVEY_QUESTIONS_WANTED = {
    (5, "all"): "harassment, bullying or abuse from patients, relatives or the public",
    (6, "all"): "harassment, bullying or abuse from staff (managers or colleagues), the combined "
    "figure (an id of its own, not one of the two below)",
    (6, "managers"): "harassment, bullying or abuse from managers",
    (6, "colleagues"): "harassment, bullying or abuse from other colleagues",
    (7, "all"): "equal opportunities for career progression or promotion",
    (8, "all"): "discrimination at work from a manager, team leader or other colleagues",
}


def fill_in(what: str) -> str:
    """The marked placeholder for one value the trust must supply."""
    return f"{PLACEHOLDER} {what}"


def _read(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}


def _latest_year_file(params_dir: Path) -> Path:
    years = sorted(p for p in params_dir.glob("*.yaml") if YEAR_PATTERN.match(p.stem))
    return years[-1]


def trust_defaults(template: dict[str, Any], org: str, name: str) -> dict[str, Any]:
    """The repository's ``defaults.yaml`` with the trust's name and placeholders for its own
    Model Employer target year and Board paper front sheet."""
    out = dict(template)
    out["org"], out["org_name"] = org, name
    employer = dict(out.get("model_employer", {}))
    if "target_year" in employer:
        employer["target_year"] = fill_in("year your Model Employer target is due, e.g. 2028")
    # The demo's own plan figures: each year's file asks for the target (FILL IN), and without
    # a baseline the trajectory starts from the trust's earliest year's published share.
    for key in ("target_percent", "baseline_year", "baseline_percent"):
        employer.pop(key, None)
    out["model_employer"] = employer
    governance: dict[str, Any] = {}
    for key, value in out.get("governance", {}).items():
        label = key.replace("_", " ")
        if key == "ask":
            asks = "what the meeting is asked to do: approve, endorse, note or discuss"
            governance[key] = [fill_in(asks)]
        elif isinstance(value, list):
            governance[key] = [fill_in(f"{label} (one line each)")]
        elif isinstance(value, str):
            governance[key] = fill_in(f"{label} for the Board paper's front sheet")
        else:
            governance[key] = value
    out["governance"] = governance
    out.pop("benchmarking", None)  # the trust adds NHS England's comparator file itself
    return out


def trust_year(template: dict[str, Any], year: str) -> dict[str, Any]:
    """The repository's latest year file for ``year``: its data folder, a 31 March snapshot,
    and placeholders for the dates, target, survey questions, meeting and benchmarking."""
    out = dict(template)
    start = year_start(year)
    out["year"] = year
    out["snapshot_date"] = dt.date(start + 1, 3, 31)
    out["report_date"] = fill_in("date of the report, YYYY-MM-DD")
    out["data_dir"] = f"data/{year}"
    if "survey" in out:
        questions = {
            indicator: {
                measure: survey_question_placeholder(
                    indicator, measure, example, out["survey"].get("survey_year")
                )
                for measure, example in measures.items()
            }
            for indicator, measures in out["survey"].get("questions", {}).items()
        }
        out["survey"] = {"survey_year": start, "questions": questions}
    employer = dict(out.get("model_employer", {}))
    employer["target_percent"] = fill_in("your Model Employer target, percent BME at 8a+")
    out["model_employer"] = employer
    governance = dict(out.get("governance", {}))
    governance["meeting"] = fill_in("meeting that receives the report, e.g. Trust Board, 1 May")
    governance["meeting_date"] = fill_in("date of that meeting, YYYY-MM-DD")
    governance["submitted"] = fill_in("date the paper goes to the meeting, YYYY-MM-DD")
    governance["considered"] = [
        {
            "forum": fill_in("a group or committee that considered the report first"),
            "date": fill_in("when, YYYY-MM-DD"),
            "assurance": fill_in("assured, partially assured, not assured or approved"),
        }
    ]
    governance["nhs_england_submitted"] = fill_in(
        "date the WRES data went to NHS England, YYYY-MM-DD (remove the line if not yet)"
    )
    out["governance"] = governance
    out.pop("benchmarking", None)  # the trust adds NHS England's comparator file itself
    out.pop("action_plans", None)  # the starter plan is referenced once filled in (README)
    return out


def survey_question_placeholder(
    indicator: int, measure: str, example: str, example_year: int | None
) -> str:
    """Which question one survey placeholder wants, and its id as the results file writes it
    (the template's own id as the example: numbers change between survey years)."""
    wanted = SURVEY_QUESTIONS_WANTED.get((indicator, measure))
    about = f", {wanted}" if wanted else ""
    year = f" in the {example_year} survey" if example_year else ""
    return fill_in(
        f"id of the Staff Survey question for indicator {indicator} ({measure}){about}; as "
        f"your survey results file writes it, e.g. {example}{year}"
    )


def starter_plan(name: str, year: str) -> dict[str, Any]:
    """The demo plan's structure with one objective and one action, all placeholders."""
    start = year_start(year)
    return {
        "title": fill_in("title of your WRES action plan"),
        "organisation": name,
        "period": {
            "label": fill_in("period, e.g. 2023 to 2025"),
            "start": dt.date(start, 10, 1),
            "end": dt.date(start + 2, 3, 31),
        },
        "approval": {"date": dt.date(start, 9, 30), "by": fill_in("who approved the plan")},
        "rag_key": [
            {"status": "B", "word": "Blue", "meaning": "not started"},
            {"status": "R", "word": "Red", "meaning": "concerns / not on track"},
            {"status": "A", "word": "Amber", "meaning": "action is on track"},
            {"status": "G", "word": "Green", "meaning": "action is complete", "complete": True},
        ],
        "objectives": [
            {
                "number": 1,
                "text": fill_in("the objective"),
                "indicators": [2],
                "actions": [
                    {
                        "number": 1,
                        "text": fill_in("the action"),
                        "leads": [fill_in("who leads it")],
                        "by_when": fill_in("when it is due"),
                        "indicators": [2],
                    }
                ],
            }
        ],
    }


NEXT_STEPS = """\
# {name}: WRES report folder

Made by `wres init` for {year}. The `wres` command comes from the suite's checkout
(`source .venv/bin/activate` there).

1. Replace every `FILL IN:` value in `params/defaults.yaml` and `params/{year}.yaml`:
   `wres validate params/{year}.yaml` names the file, line and key of each one left.
2. Put this year's extracts in `data/{year}/` as your systems deliver them (CSV, or Excel with
   `sheet:`), and name each file in `params/{year}.yaml` `sources:`. ESR's headers and
   day-first dates are read as they are; a header of your own is mapped under the source's
   `columns:` (our field: your header). The templates here show our field names; the suite's
   docs/extracts.md lists the headers it knows.
3. `maps/` holds copies of the suite's pay band, staff group and ethnicity maps: add your own
   labels (a `Locum Consultant` band, your staff group codes) or change which staff groups
   count as clinical there. A row of yours wins over the suite's for the same label, and
   `wres validate` checks each row.
4. Earlier years: add `params/YYYY-YY.yaml` and `data/YYYY-YY/` for each (the file name's year
   must match its `year:`); up to `method.trend_years` of them give the trend.
5. Action plan: fill in `{plan}` and add to `params/{year}.yaml`:

       action_plans:
         current: {plan}

6. `wres validate params/{year}.yaml` until it exits 0, then
   `wres report --params params/{year}.yaml`: the reports go to `outputs/` in this folder
   (`--outputs` to choose another).
"""


def init_folder(folder: Path, org: str, name: str, year: str) -> list[Path]:
    """Write a trust's folder; refuse a folder that already has files in it."""
    folder = Path(folder)
    if not re.match(ORG_PATTERN, org):
        expected = "an organisation code such as RXY: letters, digits, - or _"
        raise InputError.single("wres init", None, "--org", org, expected)
    if not name.strip():
        raise InputError.single("wres init", None, "--name", name, "the organisation's name")
    try:
        check_year(year)
    except ValueError as exc:
        raise InputError.single("wres init", None, "--year", year, str(exc)) from None
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError.single(folder, None, None, None, "a new or empty folder")
    params_dir = REPOSITORY / "params"
    defaults = trust_defaults(_read(params_dir / DEFAULTS_FILE), org, name)
    this_year = trust_year(_read(_latest_year_file(params_dir)), year)
    plan = f"{PLAN_FOLDER}/action_plan_{year}.yaml"
    header = f"# {name}: made by wres init; replace every '{PLACEHOLDER}' value.\n"
    files: dict[Path, str] = {
        folder / "params" / DEFAULTS_FILE: header + _dump(defaults),
        folder / "params" / f"{year}.yaml": header + _dump(this_year),
        folder / plan: header + _dump(starter_plan(name, year)),
        folder / "README.md": NEXT_STEPS.format(name=name, year=year, plan=plan),
    }
    for source, columns in COLUMNS.items():
        files[folder / "data" / year / f"{source}.csv"] = ",".join(columns) + "\n"
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return [*files, *write_map_copies(folder)]


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def run_init_command(folder: str, org: str, name: str, year: str) -> int:
    written = init_folder(Path(folder), org, name, year)
    print(f"trust folder written to {folder} ({len(written)} files); next steps in README.md")
    return 0
