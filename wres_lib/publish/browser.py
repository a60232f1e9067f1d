"""Headless Chromium driven over the DevTools protocol: print the report to PDF, and let the
tests load it as a reader's browser would (accessibility checks, screenshots, network counts).

Why the protocol and not ``chromium --print-to-pdf``: only the protocol asks for a tagged PDF
(headings and tables a screen reader can follow) and for the CSS page size, and the same
session serves the browser tests. Debian's ``chromium`` is used as installed; nothing here
downloads a browser.

Two things are put right in Chromium's PDF after printing (:func:`finish_pdf`): its dates are
the report's, not the clock's, so printing the same HTML twice gives the same bytes; and its
bookmarks are the headings as written (Skia builds each bookmark from the glyphs painted for
the heading, so a heading that wraps loses the space at the line break: "patients,relatives").
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Quiet, offline and reproducible: no sync, updates, first-run pages or GPU.
BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--font-render-hinting=none",
)
START_TIMEOUT = 30.0
COMMAND_TIMEOUT = 120.0


# The page's headings as a reader sees them (print styles applied): the bookmarks' titles.
HEADINGS = "h1, h2, h3, h4, h5, h6, [role=heading]"
HEADINGS_JS = f"[...document.querySelectorAll('{HEADINGS}')].map(h => h.innerText)"


class BrowserError(RuntimeError):
    """Chromium is missing, did not start, or a protocol command failed."""


class PdfLayoutError(BrowserError):
    """Chromium's PDF is not laid out as Skia writes it (one classic cross-reference table)."""


def find_browser() -> str | None:
    """The Chromium to use: ``$WRES_CHROMIUM`` if set, else the first on ``PATH``."""
    chosen = os.environ.get("WRES_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else shutil.which(chosen)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium with a private profile, closed on exit (``with Browser() as b``)."""

    def __init__(self, executable: str | None = None):
        self.executable = executable or find_browser()
        if not self.executable:
            raise BrowserError(
                "no Chromium found (tried $WRES_CHROMIUM, " + ", ".join(BROWSER_NAMES) + ")"
            )
        self._profile = tempfile.TemporaryDirectory(
            prefix="wres-chromium-", ignore_cleanup_errors=True
        )
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0

    def __enter__(self) -> Browser:
        profile = Path(self._profile.name)
        self._process = subprocess.Popen(
            [
                self.executable,
                *BROWSER_FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BrowserError(f"{self.executable} exited with {self._process.returncode}")
            if port_file.is_file():
                lines = port_file.read_text(encoding="utf-8").splitlines()
                if lines and lines[0].strip().isdigit():
                    self._port = int(lines[0])
                    return self
            time.sleep(0.05)
        self.__exit__(None, None, None)
        raise BrowserError(f"{self.executable} did not start within {START_TIMEOUT:.0f} s")

    def __exit__(self, *exc: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        # Chromium's helper processes can still be writing to the profile for a moment after the
        # browser exits ("Directory not empty"): retry briefly rather than fail a finished report.
        profile = Path(self._profile.name)
        for _ in range(50):
            shutil.rmtree(profile, ignore_errors=True)
            if not profile.exists():
                break
            time.sleep(0.1)
        self._profile.cleanup()

    def page(self) -> Page:
        """The browser's first tab, as a :class:`Page`."""
        url = f"http://127.0.0.1:{self._port}/json/list"
        with urllib.request.urlopen(url, timeout=START_TIMEOUT) as response:
            targets = json.loads(response.read())
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise BrowserError("Chromium has no page to drive")
        return Page(pages[0]["webSocketDebuggerUrl"])


class Page:
    """One tab: commands in order, events kept for whoever asks (e.g. network requests)."""

    def __init__(self, ws_url: str):
        import websocket

        self._ws = websocket.create_connection(
            ws_url, timeout=COMMAND_TIMEOUT, suppress_origin=True, enable_multithread=False
        )
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.send("Page.enable")
        self.send("Network.enable")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        ident = self._next_id
        self._ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, event: str, timeout: float = COMMAND_TIMEOUT) -> dict[str, Any]:
        """The first ``event`` not yet consumed (earlier ones included)."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for index in range(seen, len(self.events)):
                if self.events[index]["method"] == event and not self.events[index].get("_used"):
                    self.events[index]["_used"] = True
                    return self.events[index]
            seen = len(self.events)
            if time.monotonic() > deadline:
                raise BrowserError(f"no {event} within {timeout:.0f} s")
            self.events.append(json.loads(self._ws.recv()))

    def open(self, path: Path, *, width: int = 1280, height: int = 900) -> None:
        """Load a local file at a given window width and wait until it has loaded."""
        self.set_viewport(width, height)
        self.send("Page.navigate", url=Path(path).resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def set_viewport(self, width: int, height: int) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )

    def evaluate(self, expression: str) -> Any:
        """Run JavaScript in the page (promises awaited) and return its JSON value."""
        result = self.send(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript failed: {text}")
        return result.get("result", {}).get("value")

    def requests(self) -> list[str]:
        """Every URL the page asked for, in order."""
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event["method"] == "Network.requestWillBeSent"
        ]

    def screenshot(self, path: Path, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = self.send("Page.captureScreenshot", **params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def pdf(self, path: Path, *, dated: dt.date) -> Path:
        """Print with the page's own ``@page`` size and margins, tagged, with an outline; the
        PDF is dated ``dated`` and its bookmarks read as the page's headings."""
        headings = self.evaluate(HEADINGS_JS)
        result = self.send(
            "Page.printToPDF",
            printBackground=True,
            preferCSSPageSize=True,
            displayHeaderFooter=False,
            generateTaggedPDF=True,
            generateDocumentOutline=True,
        )
        data = finish_pdf(base64.b64decode(result["data"]), dated=dated, headings=headings)
        Path(path).write_bytes(data)
        return Path(path)

    def close(self) -> None:
        self._ws.close()


def print_pdf(html: Path, pdf: Path, *, dated: dt.date, executable: str | None = None) -> Path:
    """Print a report's HTML to PDF (A4, page numbers and repeated headers from its CSS).

    ``dated`` is the date the PDF carries (a date: midnight UTC), so the same HTML printed
    again gives the same bytes.
    """
    with Browser(executable) as browser:
        page = browser.page()
        try:
            page.open(html)
            page.send("Emulation.setEmulatedMedia", media="print")
            return page.pdf(pdf, dated=dated)
        finally:
            page.close()


# --------------------------------------------------------------------------------------------
# Putting Chromium's PDF right: dates and bookmark titles, offsets kept valid


def pdf_date(when: dt.date) -> str:
    """A PDF date string for ``when`` in UTC, as Skia writes them: ``D:20230331000000+00'00'``.

    A date is taken at midnight UTC; a naive datetime as UTC.
    """
    if isinstance(when, dt.datetime):
        if when.tzinfo is not None:
            when = when.astimezone(dt.UTC)
    else:
        when = dt.datetime(when.year, when.month, when.day)
    return f"D:{when:%Y%m%d%H%M%S}+00'00'"


def finish_pdf(data: bytes, *, dated: dt.date, headings: Iterable[str] = ()) -> bytes:
    """Chromium's PDF with its dates set to ``dated`` and its bookmarks titled as ``headings``.

    A bookmark is retitled only when it is one of the headings up to spaces and ligatures
    (compared without either), so nothing but the lost spaces can change. The cross-reference
    offsets are rewritten to match, so the file stays valid.
    """
    xref_at, offsets = _xref_table(data)
    info = re.search(rb"trailer\s*<<.*?/Info\s+(\d+)\s+0\s+R", data[xref_at:], re.S)
    info_number = int(info.group(1)) if info else None
    written: dict[str, set[str]] = {}
    for key, text in ((_title_key(h), " ".join(h.split())) for h in headings):
        if key:
            written.setdefault(key, set()).add(text)
    edits: list[tuple[int, int, bytes]] = []
    spans = {
        number: (start, end)
        for number, (start, end) in _object_spans(offsets, xref_at).items()
        if not _is_stream(data[start:end])
    }
    # The tagged structure's element ids are the renderer's DOM node numbers, which depend on
    # what that browser process made before: renumbered by rank, the same document gives the
    # same ids (and the ids' name tree stays in order).
    found_ids = {m.group(1) for s, e in spans.values() for m in _NODE_ID.finditer(data, s, e)}
    ranks = {old: b"%08d" % rank for rank, old in enumerate(sorted(found_ids, key=int), 1)}
    for start, end in spans.values():
        for match in _NODE_ID.finditer(data, start, end):
            if ranks[match.group(1)] != match.group(1):
                edits.append((match.start(1), match.end(1), ranks[match.group(1)]))
    for number, (start, end) in spans.items():
        body = data[start:end]
        if number == info_number:
            stamp = _pdf_literal(pdf_date(dated))
            for name in (b"/CreationDate", b"/ModDate"):
                found = _value_after(body, name)
                if found is not None:
                    edits.append((start + found[0], start + found[1], stamp))
        elif b"/Parent" in body and b"/Dest" in body:
            found = _value_after(body, b"/Title")
            if found is None:
                continue
            title = _decode_text_string(body[found[0] : found[1]])
            texts = written.get(_title_key(title), set())
            if len(texts) == 1 and title not in texts:
                edits.append((start + found[0], start + found[1], _pdf_text_string(*texts)))
    return _apply_edits(data, edits, xref_at, offsets)


_NODE_ID = re.compile(rb"\(node(\d{8})\)")


def _title_key(text: str) -> str:
    """A heading's letters with nothing a bookmark can lose or gain: spaces, soft hyphens,
    zero-width characters, and ligatures (NFKC spells them out)."""
    return re.sub(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]", "", unicodedata.normalize("NFKC", text))


def _xref_table(data: bytes) -> tuple[int, dict[int, int]]:
    """Where the (one, classic) cross-reference table starts and each object's offset."""
    tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if tail is None:
        raise PdfLayoutError("the PDF does not end in startxref and %%EOF")
    xref_at = int(tail.group(1))
    if data[xref_at : xref_at + 4] != b"xref" or data.count(b"startxref") != 1:
        raise PdfLayoutError("the PDF has no single classic cross-reference table")
    offsets: dict[int, int] = {}
    position = xref_at + 4
    section = re.compile(rb"\s*(\d+) (\d+)[ \t]*\r?\n")
    entry = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r\n]{2}")
    while (header := section.match(data, position)) is not None:
        first, count = int(header.group(1)), int(header.group(2))
        position = header.end()
        for number in range(first, first + count):
            row = entry.match(data, position)
            if row is None:
                raise PdfLayoutError(f"cross-reference entry {number} is not 20 bytes")
            if row.group(3) == b"n":
                offsets[number] = int(row.group(1))
            position = row.end()
    if not data[position:].lstrip().startswith(b"trailer"):
        raise PdfLayoutError("the cross-reference table is not followed by its trailer")
    return xref_at, offsets


def _object_spans(offsets: dict[int, int], xref_at: int) -> dict[int, tuple[int, int]]:
    """Each object's bytes, from its offset to the next object's (or the table's)."""
    ordered = sorted(offsets.items(), key=lambda item: item[1])
    ends = [offset for _, offset in ordered[1:]] + [xref_at]
    return {number: (offset, end) for (number, offset), end in zip(ordered, ends, strict=True)}


def _is_stream(body: bytes) -> bool:
    return body.rstrip().endswith(b"endobj") and b"endstream" in body[-64:]


def _value_after(body: bytes, name: bytes) -> tuple[int, int] | None:
    """Where the string that follows the key ``name`` starts and ends in an object's dict."""
    found = re.search(re.escape(name) + rb"(?![A-Za-z0-9])\s*", body)
    if found is None:
        return None
    start = found.end()
    if body[start : start + 1] == b"<":
        end = body.index(b">", start) + 1
        return start, end
    if body[start : start + 1] != b"(":
        return None
    depth, position = 0, start
    while position < len(body):
        char = body[position : position + 1]
        if char == b"\\":
            position += 2
            continue
        if char == b"(":
            depth += 1
        elif char == b")":
            depth -= 1
            if depth == 0:
                return start, position + 1
        position += 1
    raise PdfLayoutError(f"unterminated string after {name.decode()}")


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _decode_text_string(token: bytes) -> str:
    """A PDF text string token, literal ``(...)`` or hex ``<...>``, as text."""
    if token.startswith(b"<"):
        hexits = re.sub(rb"\s", b"", token[1:-1])
        raw = bytes.fromhex((hexits + b"0" * (len(hexits) % 2)).decode("ascii"))
    else:
        raw = re.sub(
            rb"\\([0-7]{1,3}|\r\n|.)",
            lambda m: _unescape(m.group(1)),
            token[1:-1],
            flags=re.S,
        )
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


def _unescape(escaped: bytes) -> bytes:
    if escaped[:1].isdigit():
        return bytes([int(escaped, 8) & 0xFF])
    if escaped in (b"\n", b"\r", b"\r\n"):
        return b""  # a line continuation
    return _ESCAPES.get(escaped, escaped)


def _pdf_literal(text: str) -> bytes:
    escaped = text.encode("ascii").replace(b"\\", b"\\\\")
    return b"(" + escaped.replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_text_string(text: str) -> bytes:
    """Printable ASCII as a literal string, anything else as UTF-16 hex (as Skia writes)."""
    if all(" " <= char <= "~" for char in text):
        return _pdf_literal(text)
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _apply_edits(
    data: bytes, edits: Sequence[tuple[int, int, bytes]], xref_at: int, offsets: dict[int, int]
) -> bytes:
    """``data`` with each (start, end, new bytes) edit made and every offset moved to match."""
    if not edits:
        return data
    edits = sorted(edits)
    pieces, shifts, position, shift = [], [], 0, 0
    for start, end, new in edits:
        pieces += [data[position:start], new]
        shift += len(new) - (end - start)
        shifts.append((end, shift))
        position = end
    body = b"".join([*pieces, data[position:xref_at]])

    ends = [end for end, _total in shifts]

    def moved(offset: int) -> int:  # the shift of the last edit ending at or before it
        before = bisect.bisect_right(ends, offset)
        return offset + (shifts[before - 1][1] if before else 0)

    new = {f"{old:010d} ".encode(): f"{moved(old):010d} ".encode() for old in offsets.values()}
    table, trailer = data[xref_at:].split(b"trailer", 1)
    table = re.sub(rb"(?m)^\d{10} (?=\d{5} n)", lambda m: new.get(m.group(0), m.group(0)), table)
    trailer = re.sub(rb"startxref\s+\d+", f"startxref\n{xref_at + shift}".encode(), trailer)
    return body + table + b"trailer" + trailer
