"""Headless Chromium driven over the DevTools protocol: print the report to PDF, and let the
tests load it as a reader's browser would (accessibility checks, screenshots, network counts).

Why the protocol and not ``chromium --print-to-pdf``: only the protocol asks for a tagged PDF
(headings and tables a screen reader can follow) and for the CSS page size, and the same
session serves the browser tests. Debian's ``chromium`` is used as installed; nothing here
downloads a browser.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
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


class BrowserError(RuntimeError):
    """Chromium is missing, did not start, or a protocol command failed."""


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

    def pdf(self, path: Path) -> Path:
        """Print with the page's own ``@page`` size and margins, tagged, with an outline."""
        result = self.send(
            "Page.printToPDF",
            printBackground=True,
            preferCSSPageSize=True,
            displayHeaderFooter=False,
            generateTaggedPDF=True,
            generateDocumentOutline=True,
        )
        Path(path).write_bytes(base64.b64decode(result["data"]))
        return Path(path)

    def close(self) -> None:
        self._ws.close()


def print_pdf(html: Path, pdf: Path, *, executable: str | None = None) -> Path:
    """Print a report's HTML to PDF (A4, page numbers and repeated headers from its CSS)."""
    with Browser(executable) as browser:
        page = browser.page()
        try:
            page.open(html)
            page.send("Emulation.setEmulatedMedia", media="print")
            return page.pdf(pdf)
        finally:
            page.close()
