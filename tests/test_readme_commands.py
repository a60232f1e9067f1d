"""Every command in the README runs as written (issue 23, item 4).

The commands are read from the README itself: its shell blocks (```sh) and the commands its
prose quotes (`wres ...`, `make ...`, `papermill ...`). Each is run here as written, in
temporary folders (``~/wres-rxy`` is a folder under the test's tmp path, and so is ``/tmp/``),
or is listed in SKIPPED with the reason it cannot run in a test. A command the README gains
that is neither run nor skipped fails :func:`test_every_command_is_run_or_skipped`, so the
README and the code cannot drift apart unnoticed.

Where a command needs a trust's own data (after ``wres init`` the params hold ``FILL IN:``
placeholders), the test does what the README's steps say: ``wres validate`` first refuses the
placeholders, naming file, line and key; they are then filled in and the year's extracts put
in place from the demo trust's 2022-23 data (moved on a year), and the commands run to the end.
The demo's own ``wres report`` runs are the session's ``demo_outputs`` build (tests/conftest.py:
``wres report --all-years``, the real entry point); the demo commands are checked here to ask
for exactly the years it built.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from wres_lib.cli import main
from wres_lib.demo.trust import build_demo_tables
from wres_lib.inputs.params import PLACEHOLDER

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
SHELL = {"sh", "bash", "console", "shell"}
PROGRAMS = {"wres", "make", "papermill", "python", "python3", "source", "jupyter", "pip"}

# Commands that cannot run in a test, and why. Keep this short: everything else is run.
SKIPPED = {
    "make report": "builds the demo in the checkout's own outputs/; its recipe is `wres report`, "
    "run below (test_the_demo_report_commands_ask_for_the_years_built)",
    "make test": "is this test suite",
    "make lab": "starts JupyterLab, a server that waits for a browser",
    "make bench": "minutes of timings (benchmarks/), not a check of what the README says",
    "make lint": "ruff over the checkout, its own step in CI: the README's other edits "
    "should not fail on a lint finding elsewhere",
    ".ci/run": "installs system packages with apt-get, then runs `make test`",
    "source .venv/bin/activate": "changes the calling shell's PATH: the tests call the "
    "environment's `wres` directly (the same entry point)",
}

# The test that runs each command the README gives.
REAL_TRUST = "test_using_it_for_a_real_trust"
DEMO = "test_the_demo_report_commands_ask_for_the_years_built"
RUN = {
    'wres init ~/wres-rxy --org RXY --name "Example NHS Trust" --year 2023-24': REAL_TRUST,
    "wres validate ~/wres-rxy/params/2023-24.yaml": REAL_TRUST,
    "wres report --params ~/wres-rxy/params/2023-24.yaml": REAL_TRUST,
    "wres report --params path/to/2023-24.yaml": REAL_TRUST,
    "papermill notebooks/wres_analysis.ipynb /tmp/out.ipynb -p params_file "
    "~/wres-rxy/params/2023-24.yaml": REAL_TRUST,
    "wres demo-data": DEMO,
    "wres validate params/2022-23.yaml": DEMO,
    "wres report": DEMO,
    "wres report --year 2021-22": DEMO,
    "wres report --all-years": "test_the_demo_reports_are_built",
    "wres compute --counts counts.csv --out metrics.csv": "test_wres_compute",
    'wres init ../my-trust --org RXY --name "My NHS Trust" --year 2023-24': "test_wres_init",
    "wres audit outputs/demo/*/public": "test_the_audit_commands",
    "wres audit history/published_2021-22.csv outputs/demo/*/public": "test_the_audit_commands",
    "python -m wres_lib.demo.national /tmp/national --orgs 220": "test_many_organisations",
    "wres batch --orgs /tmp/national/organisations.csv --year 2022-23 --product metrics "
    "--outputs /tmp/national/outputs --comparators /tmp/national/comparators.csv": (
        "test_many_organisations"
    ),
    "wres system --comparators /tmp/national/comparators.csv --region Midlands --outputs "
    "/tmp/national/outputs": "test_many_organisations",
    # Named in the prose: each exists (its --help), and runs in full in the tests above.
    "wres validate": "test_named_subcommands_exist",
    "wres batch": "test_named_subcommands_exist",
    "wres system": "test_named_subcommands_exist",
    ".venv/bin/wres": "test_the_environments_wres",
}


# -- reading the README ---------------------------------------------------------------------
def command_text(tokens: Sequence[str]) -> str:
    """A command as the README writes it, spaces collapsed and comments dropped."""
    return " ".join(f'"{token}"' if " " in token else token for token in tokens)


def is_command(tokens: Sequence[str]) -> bool:
    if not tokens:
        return False
    first = tokens[0]
    return (first in PROGRAMS and len(tokens) > 1) or first.startswith((".venv/", ".ci/", "./"))


def shell_lines(body: str) -> list[list[str]]:
    """A shell block's commands as tokens: continuation lines joined, comments and prompts
    dropped."""
    commands = []
    for line in body.replace("\\\n", " ").splitlines():
        tokens = shlex.split(line, comments=True)
        if tokens and tokens[0] == "$":
            tokens = tokens[1:]
        if tokens:
            commands.append(tokens)
    return commands


def readme_commands(text: str = README) -> list[str]:
    """Every command in the README: shell blocks first, then the prose's quoted commands."""
    commands = []
    for fence in FENCE.finditer(text):
        if fence.group(1) in SHELL:
            commands += [command_text(tokens) for tokens in shell_lines(fence.group(2))]
    for span in re.findall(r"`([^`]+)`", FENCE.sub("", text)):
        try:
            tokens = shlex.split(span)
        except ValueError:  # an unbalanced quote: prose, not a command
            tokens = span.split()
        if is_command(tokens):
            commands.append(command_text(tokens))
    return list(dict.fromkeys(commands))


COMMANDS = readme_commands()


def readme(command: str) -> list[str]:
    """The README's command (it must still be there), as tokens."""
    assert command in COMMANDS, f"the README no longer says `{command}`"
    return shlex.split(command)


def as_run(tokens: Sequence[str], home: Path, tmp: Path, cwd: Path | None = None) -> list[str]:
    """The command as a shell would run it here: ``~`` is ``home``, ``/tmp/`` is ``tmp``, and
    a glob is expanded in ``cwd``."""
    out: list[str] = []
    for token in tokens:
        if token.startswith("~/"):
            token = str(home / token[2:])
        elif token.startswith("/tmp/"):
            token = str(tmp / token[len("/tmp/") :])
        if "*" in token and cwd is not None:
            matches = sorted(str(p.relative_to(cwd)) for p in cwd.glob(token))
            assert matches, f"{token} matches nothing in {cwd}"
            out += matches
            continue
        out.append(token)
    return out


def wres(tokens: Sequence[str], cwd: Path) -> tuple[int, str, str]:
    """``wres ...`` run in-process (the entry point's own ``main``) in ``cwd``."""
    assert tokens[0] == "wres", tokens
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(tokens[1:]))
    return code, out.getvalue(), err.getvalue()


# -- the list -------------------------------------------------------------------------------
def test_every_command_is_run_or_skipped() -> None:
    """A command the README gains must be run here or skipped with a reason; one it loses
    must leave these lists."""
    assert not set(RUN) & set(SKIPPED)
    unlisted = [c for c in COMMANDS if c not in RUN and c not in SKIPPED]
    assert not unlisted, f"README commands neither run nor skipped: {unlisted}"
    gone = [c for c in [*RUN, *SKIPPED] if c not in COMMANDS]
    assert not gone, f"listed here but no longer in the README: {gone}"
    tests = {name for name in globals() if name.startswith("test_")}
    assert set(RUN.values()) <= tests


def test_every_code_block_says_its_language() -> None:
    """An unlabelled block could hide a command from this test; a YAML or CSV block holds
    none."""
    for fence in FENCE.finditer(README):
        assert fence.group(1), f"a README code block has no language: {fence.group(2)[:60]!r}"
        if fence.group(1) not in SHELL:
            for line in fence.group(2).splitlines():
                assert not is_command(line.split()), line


def test_the_skipped_make_targets_exist() -> None:
    """Skipped, but not wrong: each is a Makefile target, and `make report` runs `wres
    report`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in SKIPPED:
        if command.startswith("make "):
            assert re.search(rf"^{command.split()[1]}:", makefile, re.M), command
    assert re.search(r"^report:.*\n\t\$\(BIN\)/wres report\n", makefile, re.M)
    assert (ROOT / ".ci" / "run").is_file()
    assert (BIN / "activate").is_file()


# -- run ------------------------------------------------------------------------------------
def test_named_subcommands_exist() -> None:
    for command in ("wres validate", "wres batch", "wres system"):
        tokens = readme(command)
        with pytest.raises(SystemExit) as done, contextlib.redirect_stdout(io.StringIO()):
            main([*tokens[1:], "--help"])
        assert done.value.code == 0, command


def test_the_environments_wres() -> None:
    """`.venv/bin/wres` with nothing after it prints its usage and the commands."""
    (program,) = readme(".venv/bin/wres")
    path = ROOT / program
    if not path.is_file():
        pytest.skip(f"no {program}: the tests run in another environment ({BIN})")
    done = subprocess.run([str(path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and done.stderr.startswith("usage: wres"), done.stderr
    assert "validate" in done.stderr and "report" in done.stderr


def test_wres_compute(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "fixtures" / "seed003" / "counts.csv", tmp_path / "counts.csv")
    code, out, err = wres(readme("wres compute --counts counts.csv --out metrics.csv"), tmp_path)
    assert code == 0, err
    assert "metrics written to metrics.csv" in out
    assert (tmp_path / "metrics.csv").stat().st_size > 0


def test_wres_init(tmp_path: Path) -> None:
    """Run from a folder beside it, as written; an organisation code is upper case."""
    work = tmp_path / "checkout"
    work.mkdir()
    command = 'wres init ../my-trust --org RXY --name "My NHS Trust" --year 2023-24'
    code, _, err = wres(readme(command), work)
    assert code == 0, err
    defaults = yaml.safe_load((tmp_path / "my-trust" / "params" / "defaults.yaml").read_text())
    assert defaults["org"] == "RXY" and defaults["org_name"] == "My NHS Trust"


# -- a real trust, step by step --------------------------------------------------------------
SURVEY_QUESTIONS = {  # the demo's 2022-23 survey file's question ids (params/2022-23.yaml)
    5: {"all": "q13a"},
    6: {"all": "q13bc", "managers": "q13b", "colleagues": "q13c"},
    7: {"all": "q15"},
    8: {"all": "q16b"},
}


def filled(key: str) -> object:
    """A trust's own value for each placeholder README step 2 lists (report_date, the survey
    question numbers, the Model Employer target and year, the governance block); any other
    placeholder is one the README does not mention, and fails the test."""
    if key == "report_date":
        return "2024-09-26"
    if key.startswith("survey.questions."):
        _, _, indicator, measure = key.split(".")
        return SURVEY_QUESTIONS[int(indicator)][measure]
    if key == "model_employer.target_percent":
        return 25.6
    if key == "model_employer.target_year":
        return 2028
    dates = {
        "governance.meeting_date": "2024-10-01",
        "governance.submitted": "2024-09-26",
        "governance.considered.date": "2024-07-02",
        "governance.nhs_england_submitted": "2024-08-30",
    }
    if key in dates:
        return dates[key]
    if key == "governance.considered.assurance":
        return "assured"
    if key == "governance.ask":
        return "approve"
    if key.startswith("governance."):
        return f"Example NHS Trust's own {key.split('.')[-1].replace('_', ' ')}"
    raise AssertionError(f"README step 2 does not list the placeholder {key}")


def fill_in(path: Path, value_of) -> list[str]:
    """Replace every ``FILL IN:`` value in a YAML file; the keys replaced, dotted."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    done: list[str] = []

    def walk(node: object, key: str) -> object:
        if isinstance(node, dict):
            return {k: walk(v, f"{key}.{k}" if key else str(k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and node.startswith(PLACEHOLDER):
            done.append(key)
            return value_of(key)
        return node

    data = walk(data, "")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return done


def plan_value(key: str) -> object:
    """The starter plan's placeholders, as a trust fills them in (README step 4)."""
    return {"objectives.actions.by_when": "March 2025"}.get(key, f"Our own {key}")


def next_year(text: str) -> str:
    """An ISO date a year on (29 February to 28 February), else the text as it is."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    year, rest = int(text[:4]) + 1, text[4:]
    return f"{year}{'-02-28' if rest == '-02-29' else rest}"


# Rows kept of each demo extract: a small trust builds its report in seconds, not a minute.
ROWS = {"staff_record": 400, "recruitment": 300, "disciplinary": 37, "training": 300}


def put_extracts(folder: Path) -> None:
    """README step 3: the year's extracts under each template's header row. They are the demo
    trust's 2022-23 extracts a year on (dates, survey year), so they belong to 2023-24."""
    for (year, name), frame in build_demo_tables().items():
        if year != "2022-23":
            continue
        frame = frame.head(ROWS.get(name, len(frame)))
        path = folder / f"{name}.csv"
        header = path.read_text(encoding="utf-8").strip().split(",")
        assert set(frame.columns) <= set(header), (name, header)
        frame = frame.astype("str").map(next_year)
        if name == "staff_survey":
            frame["survey_year"] = (frame["survey_year"].astype(int) + 1).astype(str)
        frame.reindex(columns=header, fill_value="").to_csv(path, index=False)


def step_2_placeholders(err: str, params: Path) -> None:
    """`wres validate` names the file, line and key of each placeholder left."""
    for file, key in [
        (params / "2023-24.yaml", "report_date"),
        (params / "2023-24.yaml", "survey.questions.5.all"),
        (params / "2023-24.yaml", "model_employer.target_percent"),
        (params / "defaults.yaml", "model_employer.target_year"),
        (params / "defaults.yaml", "governance.sponsor"),
    ]:
        assert re.search(rf"{re.escape(str(file))}, row \d+, column '{re.escape(key)}'", err), (
            key,
            err,
        )


@pytest.mark.slow  # builds a report and runs a notebook: about 40 s
def test_using_it_for_a_real_trust(tmp_path: Path) -> None:
    """Steps 1 to 7 of "Using it for a real trust", each command as written."""
    home = tmp_path / "home"
    home.mkdir()
    trust = home / "wres-rxy"
    params = trust / "params"
    year_file = params / "2023-24.yaml"

    def run(command: str) -> tuple[int, str, str]:
        return wres(as_run(readme(command), home, tmp_path), ROOT)

    # 1. the trust's folder, with the upper-case organisation code NHS England uses
    init = 'wres init ~/wres-rxy --org RXY --name "Example NHS Trust" --year 2023-24'
    code, _, err = run(init)
    assert code == 0, err
    for relative in [
        "params/defaults.yaml",
        "params/2023-24.yaml",
        "plans/action_plan_2023-24.yaml",
        "README.md",
        *(f"data/2023-24/{name}.csv" for name in ("staff_record", "staff_survey", "board")),
    ]:
        assert (trust / relative).is_file(), relative
    assert run(init)[0] == 2  # "It refuses a folder that already has files in it."

    # 2. every placeholder is refused, named by file, line and key; then filled in
    validate = "wres validate ~/wres-rxy/params/2023-24.yaml"
    code, _, err = run(validate)
    assert code == 2 and err.startswith("wres validate: bad input:"), err
    step_2_placeholders(err, params)
    assert fill_in(year_file, filled) and fill_in(params / "defaults.yaml", filled)

    # 3. the extracts, under the templates' headers
    put_extracts(trust / "data" / "2023-24")

    # 4. the action plan filled in and added to the year's params, as the README words it
    (plan_key,) = re.findall(r"`(action_plans: \{current: [^`]+\})`", README)
    assert fill_in(trust / "plans" / "action_plan_2023-24.yaml", plan_value)
    year = yaml.safe_load(year_file.read_text(encoding="utf-8"))
    year.update(yaml.safe_load(plan_key))
    year_file.write_text(yaml.safe_dump(year, sort_keys=False), encoding="utf-8")

    # 6. validate, then report: the reports go to the trust's outputs/, beside params/
    code, out, err = run(validate)
    assert code == 0, err
    assert "action plan (current): 1 actions" in out
    report = "wres report --params ~/wres-rxy/params/2023-24.yaml"
    # The command line section's `--params path/to/2023-24.yaml` is this command, for a
    # trust whose params are in path/to/: built once.
    example = readme("wres report --params path/to/2023-24.yaml")
    assert example[:-1] == readme(report)[:-1]
    assert Path(example[-1]).name == Path(readme(report)[-1]).name
    code, out, err = run(report)
    assert code == 0, err
    public = trust / "outputs" / "RXY" / "2023-24" / "public"
    assert (public / "wres_report.html").is_file()
    assert "public report:" in out and "wres_report.html" in out

    # 7. the analysis notebook through papermill, from the checkout
    papermill = (
        "papermill notebooks/wres_analysis.ipynb /tmp/out.ipynb -p params_file "
        "~/wres-rxy/params/2023-24.yaml"
    )
    tokens = as_run(readme(papermill), home, tmp_path)
    done = subprocess.run(
        [str(BIN / tokens[0]), *tokens[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out.ipynb").is_file()


# -- the demo -------------------------------------------------------------------------------
def demo_copy(root: Path) -> Path:
    """The checkout's params and example plans in a folder of their own: the demo commands
    run there as in the checkout, without writing into it."""
    shutil.copytree(ROOT / "params", root / "params")
    shutil.copytree(ROOT / "data" / "examples", root / "data" / "examples")
    return root


def test_the_demo_report_commands_ask_for_the_years_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wres demo-data` and `wres validate params/2022-23.yaml` run in full; each `wres
    report` runs up to the build and asks for the years the session's real `wres report
    --all-years` build (demo_outputs, test_the_demo_reports_are_built) publishes."""
    root = demo_copy(tmp_path)
    code, out, err = wres(readme("wres demo-data"), root)
    assert code == 0, err
    assert (root / "data" / "demo" / "2022-23" / "staff_record.csv").is_file()
    code, out, err = wres(readme("wres validate params/2022-23.yaml"), root)
    assert code == 0, err

    asked: list[list[str]] = []

    def build(params_files: Sequence[Path], outputs: Path, **_: object) -> list[Path]:
        asked.append([Path(p).name for p in params_files])
        return []

    monkeypatch.setattr("wres_lib.publish.command.publish", build)
    years = sorted(p.name for p in (ROOT / "params").glob("20??-??.yaml"))
    for command, expected in [
        ("wres report", [years[-1]]),
        ("wres report --year 2021-22", ["2021-22.yaml"]),
        ("wres report --all-years", years),
    ]:
        code, _, err = wres(readme(command), root)
        assert code == 0, err
        assert asked.pop() == expected, command


@pytest.mark.slow
def test_the_demo_reports_are_built(demo_outputs: Path) -> None:
    """`wres report --all-years` itself (tests/conftest.py runs it, in a copy of the checkout,
    with --outputs there): every year published."""
    assert readme("wres report --all-years") == ["wres", "report", "--all-years"]
    years = sorted(p.stem for p in (ROOT / "params").glob("20??-??.yaml"))
    for year in years:
        assert (demo_outputs / year / "public" / "wres_report.html").is_file(), year


@pytest.mark.slow
def test_the_audit_commands(demo_outputs: Path, tmp_path: Path) -> None:
    """Both `wres audit` commands of "Small numbers in the public report": every demo year's
    public folder together, then with the README's typed earlier report beside them."""
    (tmp_path / "outputs").mkdir()
    (tmp_path / "outputs" / "demo").symlink_to(demo_outputs, target_is_directory=True)
    every_year = as_run(readme("wres audit outputs/demo/*/public"), tmp_path, tmp_path, tmp_path)
    code, out, err = wres(every_year, tmp_path)
    assert code == 0, out + err
    typed = next(
        f.group(2)
        for f in FENCE.finditer(README)
        if f.group(2).startswith("year,indicator,measure,group")
    )
    (tmp_path / "history").mkdir()
    (tmp_path / "history" / "published_2021-22.csv").write_text(typed, encoding="utf-8")
    command = "wres audit history/published_2021-22.csv outputs/demo/*/public"
    code, out, err = wres(as_run(readme(command), tmp_path, tmp_path, tmp_path), tmp_path)
    assert code == 0, out + err
    assert "history/published_2021-22.csv" in out


# -- many organisations ---------------------------------------------------------------------
NATIONAL_SIZE = "3"  # --orgs 220 as written; three (one in the Midlands) are enough to run it


def test_many_organisations(tmp_path: Path) -> None:
    """The three commands of "Many organisations", `/tmp/national` in the test's own folder
    and three made-up trusts instead of 220 (a size, not a behaviour)."""
    from wres_lib.demo import national

    tokens = as_run(
        readme("python -m wres_lib.demo.national /tmp/national --orgs 220"), tmp_path, tmp_path
    )
    assert tokens[:3] == ["python", "-m", "wres_lib.demo.national"]
    size = tokens.index("--orgs") + 1
    assert tokens[size] == "220"
    tokens[size] = NATIONAL_SIZE
    with contextlib.redirect_stdout(io.StringIO()):
        assert national.main(tokens[3:]) == 0
    batch, system = (c for c in COMMANDS if c.startswith(("wres batch --", "wres system --")))
    code, out, err = wres(as_run(readme(batch), tmp_path, tmp_path), tmp_path)
    assert code == 0, err
    assert (tmp_path / "national" / "comparators.csv").is_file()
    code, out, err = wres(as_run(readme(system), tmp_path, tmp_path), tmp_path)
    assert code == 0, err
    assert "system view:" in out
    assert os.listdir(tmp_path / "national" / "outputs" / "system")
