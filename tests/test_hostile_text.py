"""Untrusted text stays text: a report built from a plan and params full of hostile strings.

Plans, leads, progress notes and the organisation's name are typed by many people and pasted
from Word and email. Built end to end (papermill, nbconvert), the public and internal HTML must
show every hostile string as characters, with no element or attribute that could run or fetch;
CSV and Excel cells must not start a formula; and, opened in headless Chromium, no script runs
and no request leaves the page.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import socket
import subprocess
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from wres_lib.publish.browser import BROWSER_FLAGS
from wres_lib.publish.command import run_report_command

ROOT = Path(__file__).resolve().parent.parent
YEAR = "2022-23"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _reserved_socket() -> socket.socket:
    """A listening socket held for the whole module: its port is written into the report
    before the server runs, and no other process (a parallel test run) can take it meanwhile."""
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    return held


HELD = _reserved_socket()
PORT = HELD.getsockname()[1]
BEACON = f"http://127.0.0.1:{PORT}"
# Every string a script or a fetch would need; the report must print each as typed.
HOSTILE = {
    "script": "<script>document.title='PWNED-SCRIPT'</script>",
    "img": f"<img src={BEACON}/img onerror=\"document.title='PWNED-IMG'\">",
    "onerror": "<img src=x onerror=alert(1)>",
    "alert": "<script>alert(1)</script>",
    "iframe": f'<iframe src="{BEACON}/iframe"></iframe>',
    "link": f'<a href="javascript:alert(1)">click</a><link rel="stylesheet" href="{BEACON}/css">',
    "style": f"<style>body{{background:url({BEACON}/bg)}}</style>",
    "svg": "<svg onload=alert(1)>",
    "formula": f'=HYPERLINK("{BEACON}/xlsx","click")',
    "plus": "+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _hostile_plan(source: Path, target: Path) -> None:
    plan = yaml.safe_load(source.read_text(encoding="utf-8"))
    objective = plan["objectives"][0]
    objective["text"] = f"{objective['text']} {HOSTILE['script']}"
    action = objective["actions"][0]
    action["text"] = f"{action['text']} {HOSTILE['iframe']} {HOSTILE['svg']}"
    action["leads"] = [HOSTILE["formula"], HOSTILE["img"], HOSTILE["plus"]]
    action["by_when"] = HOSTILE["at"]
    note = action["progress"][-1] if action.get("progress") else None
    if note is not None:
        note["text"] = f"{HOSTILE['alert']} {HOSTILE['onerror']} {note['text']}"
    else:
        action["progress"] = [{"date": "2023-08-31", "text": HOSTILE["alert"] + HOSTILE["onerror"]}]
    action.setdefault("milestones", []).append({"text": HOSTILE["link"] + HOSTILE["style"]})
    plan["title"] = f"Plan {HOSTILE['alert']}"
    target.write_text(yaml.safe_dump(plan, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "params", root / "params")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    shutil.copytree(ROOT / "data" / "examples", root / "data" / "examples")
    # wres report generates the demo trust only into the project's own data/demo (issue 15).
    from wres_lib.demo.trust import generate_demo_trust

    generate_demo_trust(root / "data" / "demo")
    _hostile_plan(
        ROOT / "data" / "examples" / "demo_plan_2022-23.yaml",
        root / "data" / "examples" / "hostile_plan.yaml",
    )
    defaults = yaml.safe_load((root / "params" / "defaults.yaml").read_text())
    defaults["org_name"] = f"Demo {HOSTILE['script']} Trust"
    defaults["governance"]["sponsor"] = HOSTILE["img"]
    defaults["governance"]["authors"] = [HOSTILE["formula"]]
    (root / "params" / "defaults.yaml").write_text(yaml.safe_dump(defaults, sort_keys=False))
    year = yaml.safe_load((root / "params" / f"{YEAR}.yaml").read_text())
    year["action_plans"]["current"] = "data/examples/hostile_plan.yaml"
    (root / "params" / f"{YEAR}.yaml").write_text(yaml.safe_dump(year, sort_keys=False))
    args = argparse.Namespace(
        org=None, year=YEAR, all_years=False, params=None, params_dir="params", outputs="outputs"
    )
    assert run_report_command(args, root) == 0
    return root / "outputs" / "demo" / YEAR


class _Elements(HTMLParser):
    """Every start tag and its attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(text)
    return parser.tags


@pytest.mark.slow
@pytest.mark.parametrize("which", ["public/wres_report.html", "internal/wres_report.html"])
def test_hostile_strings_show_as_text_and_nothing_can_run(hostile_build: Path, which: str) -> None:
    page = (hostile_build / which).read_text(encoding="utf-8")
    for name in ("script", "alert", "onerror", "img", "iframe", "svg"):
        assert (
            html.escape(HOSTILE[name], quote=False) in page or html.escape(HOSTILE[name]) in page
        ), name
    tags = _elements(page)
    names = {tag for tag, _ in tags}
    assert not names & {"script", "iframe", "object", "embed", "svg", "link", "base", "meta"} - {
        "meta"
    }
    for tag, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for attr in ("src", "href", "action", "formaction"):
            value = (attrs.get(attr) or "").strip().lower()
            assert not value.startswith("javascript:"), (tag, attrs)
            if attr == "src" and attr in attrs:
                assert value.startswith("data:"), (tag, attrs)
    assert BEACON not in "".join(str(a) for _, attrs in tags for a in attrs.values())


@pytest.mark.slow
def test_public_csv_and_excel_cells_do_not_start_formulas(hostile_build: Path) -> None:
    from openpyxl import load_workbook

    cells = []
    for path in (hostile_build / "public" / "tables").glob("*.csv"):
        cells += path.read_text(encoding="utf-8").replace("\n", ",").split(",")
    book = load_workbook(hostile_build / "public" / "action_plan.xlsx")
    values = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    for text in cells + values:
        stripped = text.strip().strip('"')
        if stripped.startswith(("=", "+", "-", "@")):
            float(stripped)  # only a number may start with a formula character
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert any("'=HYPERLINK" in c for c in cells)


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        _Counter.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (.ci/run installs it)"
)
@pytest.mark.parametrize("which", ["public/wres_report.html", "internal/wres_report.html"])
def test_in_chromium_no_script_runs_and_no_request_is_made(
    hostile_build: Path, which: str, tmp_path: Path
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", PORT), _Counter, bind_and_activate=False)
    server.socket.close()
    server.socket = HELD.dup()  # the held port; closing the server closes only this copy
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.hits.clear()
    try:
        dom = subprocess.run(
            [
                CHROMIUM,
                *BROWSER_FLAGS,
                "--disable-quic",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=3000",
                "--dump-dom",
                (hostile_build / which).as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
    finally:
        server.shutdown()
        server.server_close()
    assert "<title>" in dom
    # A script that ran would have replaced the title with PWNED-...; typed text keeps it.
    assert "<title>PWNED" not in dom
    assert re.search(
        r"<title>(Internal, not for publication: )?"
        r"Demo &lt;script&gt;document\.title='PWNED-SCRIPT'&lt;/script&gt; Trust",
        dom,
    )
    assert _Counter.hits == []
    # The hostile strings are on the page, as text.
    assert "&lt;script&gt;document.title='PWNED-SCRIPT'&lt;/script&gt;" in dom
