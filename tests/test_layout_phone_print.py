"""The report on a phone, on a desktop and on paper (issue 24, items 5 and 6).

Phone (390 x 844) and desktop (1280 x 800), in headless Chromium: the page never scrolls
sideways; every chart, picture and figure fits the screen; every table cell can be reached,
either on screen or by scrolling its own table box (never the page), and a table that scrolls
says so; captions wrap inside the screen. Tables whose cells carry their column's name
(``data-label``) stack into one card per row on a phone.

Paper: the printed PDF holds every word of the tables whole ("September", never "Septem ber").

Internal version: a styled banner comes first on the page, before any code; the page title
says it is internal; so does the top of every printed page. The public version has none of it.

Chromium is Debian's. Outside CI a missing browser skips the browser tests; under CI
(``CI=true``) it fails them. The built report comes from the session's demo build (conftest:
``demo_outputs``; ``WRES_DEMO_OUTPUTS`` reuses an earlier one).
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import pytest
from test_browser import _require
from test_publish import HAS_REPORT, latest_demo_year

from wres_lib.publish.browser import Browser, find_browser, print_pdf

PHONE, DESKTOP = (390, 844), (1280, 800)
INTERNAL_LINE = "INTERNAL: unredacted, not for publication"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTHS += ("September", "October", "November", "December")


@pytest.fixture(scope="module")
def demo(demo_outputs: Path) -> Path:
    _require(find_browser() is not None, "Chromium is not installed (apt-get install chromium)")
    if not HAS_REPORT:
        pytest.skip("wres_lib.present.report is not written yet")
    return demo_outputs / latest_demo_year()


@pytest.fixture(scope="module")
def browser():
    _require(find_browser() is not None, "Chromium is not installed (apt-get install chromium)")
    with Browser() as running:
        yield running


# --------------------------------------------------------------------------------------------
# What a reader's screen shows, measured in the page

# Whatever lies past the screen's edges: the page's own overflow, pictures and captions wider
# than the screen, and table cells that neither fit nor sit in a box that scrolls to them.
LAYOUT_JS = r"""(() => {
  const W = window.innerWidth, slack = 0.5;
  const box = e => e.getBoundingClientRect();
  const shown = e => { const r = box(e); return r.width > 0 && r.height > 0; };
  const name = e => (e.closest('figure, .wres-table')?.querySelector('figcaption, caption')
    ?.textContent || e.textContent || e.tagName).trim().slice(0, 60);
  // The nearest ancestor that scrolls sideways and whose scrolling reaches the element.
  const scroller = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll)/.test(s.overflowX) && p.scrollWidth > p.clientWidth + 1) {
        const r = box(e), q = box(p);
        const left = r.left - q.left + p.scrollLeft, right = r.right - q.left + p.scrollLeft;
        return left >= -slack && right <= p.scrollWidth + slack ? p : null;
      }
    }
    return null;
  };
  const outside = e => box(e).right > W + slack || box(e).left < -slack;
  const pictures = [...document.querySelectorAll('img, svg, figure')].filter(shown);
  const cells = [...document.querySelectorAll('td, th')].filter(shown);
  const captions = [...document.querySelectorAll('caption, figcaption')].filter(shown);
  const scrolling = [...document.querySelectorAll('.wres-table')]
    .filter(b => b.scrollWidth > b.clientWidth + 1);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: W,
    pictures: pictures.length,
    picturesOutside: pictures.filter(outside).map(name),
    cells: cells.length,
    cellsUnreachable: cells.filter(c => outside(c) && !scroller(c)).map(name),
    captionsOutside: captions.filter(outside).map(name),
    scrollingTables: scrolling.length,
    // each table that scrolls: [tab stop, shadow strip, words in its caption]
    scrollCues: scrolling.map(b => [
      b.tabIndex,
      getComputedStyle(b, '::after').position,
      getComputedStyle(b.querySelector('caption'), '::after').content,
    ]),
  };
})()"""


def layout(browser: Browser, document: Path, size: tuple[int, int]) -> dict:
    page = browser.page()
    try:
        page.open(document, width=size[0], height=size[1])
        return page.evaluate(LAYOUT_JS)
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.parametrize("which", ["public", "internal"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_nothing_lies_off_screen(
    demo: Path, browser: Browser, which: str, size: tuple[int, int]
) -> None:
    found = layout(browser, demo / which / "wres_report.html", size)
    assert found["innerWidth"] == size[0]
    assert found["scrollWidth"] <= found["innerWidth"], "the page scrolls sideways"
    assert found["pictures"] >= 20, "the report's charts are measured"
    assert found["picturesOutside"] == [], "a chart or picture is wider than the screen"
    assert found["cells"] > 500
    assert found["cellsUnreachable"] == [], "a table cell cannot be reached"
    assert found["captionsOutside"] == [], "a caption runs off the screen"
    if size == PHONE:
        # Wide tables scroll in their own box: a tab stop, a shadow at its edge, and words.
        assert found["scrollingTables"] > 0
        for tab_stop, shadow, words in found["scrollCues"]:
            assert tab_stop == 0 and shadow == "sticky"
            assert "Scroll the table sideways" in words
    else:
        assert found["scrollingTables"] == 0, "a table scrolls on a desktop screen"


# The action plan's cells with their column's name, as render.table would give them.
# The action plan's objective tables: render.table(stack=True) labels each cell.
STACKED_JS = r"""[...document.querySelectorAll('.wres-table')]
  .filter(b => /actions, leads/.test(b.getAttribute('aria-label')))
  .filter(b => b.querySelector('td[data-label]'))
  .map(b => [b.scrollWidth <= b.clientWidth + 1,
             getComputedStyle(b.querySelector('tbody tr')).display,
             getComputedStyle(b.querySelector('td[data-label]'), '::before').content])"""


@pytest.mark.slow
def test_labelled_tables_stack_on_a_phone(demo: Path, browser: Browser) -> None:
    """Cells that carry their column's name make one card per row: nothing to scroll."""
    document = demo / "public" / "wres_report.html"
    found = layout(browser, document, PHONE)
    assert found["scrollWidth"] <= PHONE[0] and found["cellsUnreachable"] == []
    page = browser.page()
    try:
        page.open(document, width=PHONE[0], height=PHONE[1])
        stacked = page.evaluate(STACKED_JS)
        assert len(stacked) >= 4, "every objective's table"
        assert all(fits and shown == "block" for fits, shown, _ in stacked)
        assert stacked[0][2] == '"No."'
        page.set_viewport(*DESKTOP)
        assert all(shown == "table-row" for _, shown, _ in page.evaluate(STACKED_JS))
    finally:
        page.close()


# --------------------------------------------------------------------------------------------
# Paper: words stay whole


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _plain(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def split_words(document: str, text: str, *, also: tuple[str, ...] = ()) -> list[str]:
    """Words of the tables (five letters or more, and ``also``) that the PDF breaks inside,
    once or more: "Septem ber", "Sept emb er" or "Septem-ber" across lines, where the HTML
    never has them apart."""
    cells = re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", document, re.S)
    words = set(re.findall(r"[A-Za-z]{5,}", " ".join(_plain(c) for c in cells))) | set(also)
    written = _plain(document)
    broken = []
    for word in sorted(words):
        pattern = r"\b" + r"(?:-?\s+)?".join(map(re.escape, word)) + r"\b"
        for found in re.finditer(pattern, text):
            shown = " ".join(found.group(0).split())
            if shown != word and shown not in written:
                broken.append(shown)
    return broken


@pytest.mark.slow
def test_the_pdf_keeps_every_table_word_whole(demo: Path) -> None:
    document = (demo / "public" / "wres_report.html").read_text(encoding="utf-8")
    pdf = demo / "public" / "wres_report.pdf"
    assert pdf.is_file(), "wres report prints the public report to PDF"
    text = pdf_text(pdf)
    assert split_words(document, text, also=(*MONTHS, "Progress", "Status")) == []
    flat = " ".join(text.split())
    assert "September" in flat and "Status" in flat and "Latest progress" in flat


def test_the_split_word_check_sees_a_split_word(tmp_path: Path) -> None:
    """Break words inside a narrow column (the old print style) and the check finds them."""
    _require(find_browser() is not None, "Chromium is not installed (apt-get install chromium)")
    document = (
        '<!doctype html><html lang="en-GB"><head><title>t</title><style>'
        "@page { size: A4; } table { width: 60mm; table-layout: fixed; }"
        "td { overflow-wrap: anywhere; font-size: 14pt; }</style></head><body><table><tr>"
        "<td>September</td><td>Progress</td><td>Status</td><td>Resourcing</td><td>x</td>"
        "<td>y</td></tr></table><p>September Progress Status Resourcing</p></body></html>"
    )
    source = tmp_path / "narrow.html"
    source.write_text(document, encoding="utf-8")
    text = pdf_text(print_pdf(source, tmp_path / "narrow.pdf", dated=dt.date(2023, 3, 31)))
    broken = split_words(document, text, also=("September",))
    assert any(word.replace(" ", "").replace("-", "") == "September" for word in broken), text


# --------------------------------------------------------------------------------------------
# The internal version says so


def exported(tmp_path: Path, *, public: bool) -> str:
    """A notebook shaped like the report's start (code, then the front sheet) exported as
    ``wres report`` exports it."""
    import nbformat

    from wres_lib.publish.notebooks import export_html

    front = (
        '<div class="wres"><h1 id="front">Report: internal version</h1><p class="banner">'
        "Internal: unredacted, not for publication. Every figure is shown.</p></div>"
    )
    cells = [
        nbformat.v4.new_code_cell("params_file = 'x'"),
        nbformat.v4.new_code_cell(
            "report.front_sheet()",
            outputs=[nbformat.v4.new_output("display_data", data={"text/html": front})],
        ),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    html = export_html(notebook, title="A Trust: report", public=public)
    (tmp_path / f"{'public' if public else 'internal'}.html").write_text(html, encoding="utf-8")
    return html


def test_the_internal_export_leads_with_its_banner_and_title(tmp_path: Path) -> None:
    internal = exported(tmp_path, public=False)
    assert "<title>Internal, not for publication: A Trust: report</title>" in internal
    assert '<body class="jp-Notebook wres-internal"' in internal
    body = internal[internal.index("<main>") :]
    banner = body.index('class="wres-internal-banner"')
    assert banner < body.index("jp-CodeCell"), "the banner comes before any code"
    assert (
        "<strong>Internal: unredacted, not for publication.</strong> Every figure is shown."
        in body[banner:]
    ), "the front sheet's words, its first sentence in bold"

    public = exported(tmp_path, public=True)
    assert "<title>A Trust: report</title>" in public
    assert 'class="wres-internal-banner"' not in public and 'wres-internal"' not in public


@pytest.mark.slow
def test_the_internal_report_is_unmistakable(demo: Path, browser: Browser, tmp_path: Path) -> None:
    document = demo / "internal" / "wres_report.html"
    page = browser.page()
    try:
        page.open(document, width=PHONE[0], height=PHONE[1])
        top = page.evaluate(
            "(() => { const b = document.querySelector('main').firstElementChild;"
            " const code = document.querySelector('.jp-CodeCell .jp-InputArea');"
            " const s = getComputedStyle(b);"
            " return [b.className, b.innerText, b.getBoundingClientRect().bottom,"
            " code.getBoundingClientRect().top, s.borderTopWidth, s.backgroundColor,"
            " document.title]; })()"
        )
    finally:
        page.close()
    name, words, bottom, code_top, border, background, title = top
    assert name == "wres-internal-banner"
    assert "not for publication" in words.lower()
    assert bottom <= code_top and bottom < 300, "on screen at once, above the first code"
    assert border != "0px" and background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert title.startswith("Internal, not for publication: ")

    pdf = print_pdf(document, tmp_path / "internal.pdf", dated=dt.date(2023, 3, 31))
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    assert len(pages) > 10
    assert all(INTERNAL_LINE in text for text in pages), "every printed page says internal"
    assert INTERNAL_LINE not in pdf_text(demo / "public" / "wres_report.pdf")


# --------------------------------------------------------------------------------------------
# The decision and the headlines come first (issue 24, item 1)

FIRST_JS = r"""(() => {
  const top = s => document.querySelector(s).getBoundingClientRect().top + window.scrollY;
  const list = document.querySelector('#summary ~ ul');  // the headlines, not the points
  const items = list ? [...list.querySelectorAll('li')] : [];
  const last = items.length ? items[items.length - 1].getBoundingClientRect().bottom : NaN;
  return {summary: top('#summary'), contents: top('nav.wres-contents'),
          lastHeadline: last + window.scrollY};
})()"""


@pytest.mark.slow
def test_the_decision_and_headlines_come_before_the_contents(demo: Path, browser: Browser) -> None:
    """Front sheet (with the ask), then the summary's headlines, then the contents: the
    headlines end within the first screen and a half at 1280 px, and on PDF page 2."""
    document = demo / "public" / "wres_report.html"
    text = document.read_text(encoding="utf-8")
    assert text.index("The meeting is asked to") < text.index('id="summary"')
    assert text.index('id="summary"') < text.index('class="wres-contents"')
    assert text.index('class="wres-contents"') < text.index('id="about"')
    page = browser.page()
    try:
        page.open(document, width=DESKTOP[0], height=DESKTOP[1])
        found = page.evaluate(FIRST_JS)
    finally:
        page.close()
    assert found["summary"] < DESKTOP[1], found  # the summary starts on the first screen
    assert found["lastHeadline"] < 1.5 * DESKTOP[1], found
    assert found["lastHeadline"] < found["contents"], found
    from pypdf import PdfReader

    first_two = " ".join(
        p.extract_text() for p in PdfReader(demo / "public" / "wres_report.pdf").pages[:2]
    )
    assert "The meeting is asked to" in " ".join(first_two.split())
    for n in range(1, 10):
        assert f"Indicator {n}." in first_two, n
    assert "Benchmarking." in first_two and "Model Employer." in first_two
