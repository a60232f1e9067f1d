"""The guard that a public HTML file fetches nothing and runs nothing: parsed, not matched."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from wres_lib.publish.notebooks import PublishError


class NotSelfContained(PublishError):
    """The public HTML would run a script or fetch something from the internet."""


_FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed", "link", "base", "frame"})
_FETCHING_ATTRS = frozenset(
    {"src", "srcset", "poster", "data", "action", "formaction", "background"}
)
_CSS_EXTERNAL = re.compile(r"""(url\(\s*["']?\s*(?:https?:)?//|@import)""", re.I)


class _ResourceScan(HTMLParser):
    """Parses HTML as a browser would and notes what could run or fetch.

    Text is only text: an escaped ``&lt;script&gt;`` in a progress note is not a script, and
    ``url(http://...)`` typed into a plan is not CSS, so only real elements, attributes and
    ``<style>`` contents count.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.problems.append(f"an event handler {name}= on <{tag}>")
            elif name in _FETCHING_ATTRS and value and not value.startswith(("data:", "#")):
                self.problems.append(f"{name}={value[:80]}")
            elif name == "href" and value.lower().startswith("javascript:"):
                self.problems.append(f"a javascript: link on <{tag}>")
            elif name == "style" and _CSS_EXTERNAL.search(value):
                self.problems.append(f"CSS in a style attribute: {value[:40]}")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for match in _CSS_EXTERNAL.finditer(data):
                self.problems.append(f"CSS {match.group(0)[:40]}")


def self_contained_problems(html: str) -> list[str]:
    """Everything in an HTML file that would run a script or load a resource from elsewhere.

    Hyperlinks (``<a href>``) are allowed: a reader may follow them, nothing is fetched.
    """
    scan = _ResourceScan()
    scan.feed(html)
    scan.close()
    return scan.problems
