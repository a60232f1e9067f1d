"""The report's prose, kept in Jinja2 templates that an EDI lead can edit without touching Python.

Python decides the numbers and the judgements (a ratio, "worse than last year", which bands are
under-represented); the templates in ``present/wording/`` decide how they are said. A trust can
override any template by putting a file of the same name in a ``templates/`` folder beside its
params files. Each template file holds macros, one per sentence or paragraph; templates write
plain text (the report layer escapes it), and runs of white space collapse to one space, so a
template can be laid out for reading.

The filters are the house style for numbers and words: ``percent`` (1 dp), ``ratio`` (2 dp),
``whole`` (thousands separators), ``points`` (percentage points, 1 dp), ``year`` (2022/23),
``and_list`` ("a, b and c") and ``capital`` (first letter up).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.wording_templates import PACKAGE_TEMPLATES, template_environment
from wres_lib.present.style import (
    format_percent,
    format_points,
    format_ratio,
    format_whole,
    short_year,
)

OVERRIDE_FOLDER = "templates"
_SPACES = re.compile(r"\s+")


def and_list(items: Iterable[Any]) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    words = [str(item) for item in items if str(item)]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class Wording:
    """Renders the report's sentences from the wording templates (a trust's own first)."""

    def __init__(self, override_dir: str | Path | None = None):
        self.override_dir = Path(override_dir) if override_dir else None
        self.env = template_environment([self.override_dir] if self.override_dir else [])
        self.env.filters.update(
            percent=format_percent,
            ratio=format_ratio,
            whole=format_whole,
            points=format_points,
            year=short_year,
            and_list=and_list,
            capital=capital,
        )
        self._modules: dict[str, Any] = {}

    @classmethod
    def for_params(cls, source_file: str | Path) -> Wording:
        """The wording for a params file: its folder's ``templates/`` overrides the package's.

        Made afresh for each report, so an edited template shows at the next build (or the
        next ``build_report`` in a notebook) without restarting anything."""
        return cls(Path(source_file).resolve().parent / OVERRIDE_FOLDER)

    def _module(self, template: str) -> Any:
        if template not in self._modules:
            try:
                self._modules[template] = self.env.get_template(template).module
            except jinja2.TemplateSyntaxError as error:
                raise InputError(
                    [
                        Problem(
                            file=str(error.filename or template),
                            row=error.lineno,
                            column=None,
                            value=error.source.splitlines()[error.lineno - 1].strip()
                            if error.source and error.lineno
                            else None,
                            expected=f"a valid Jinja2 template ({error.message})",
                        )
                    ]
                ) from error
        return self._modules[template]

    def say(self, template: str, macro: str, *args: Any, **kwargs: Any) -> str:
        """One macro's text, white space collapsed: ``say("summary.j2", "indicator_2", facts)``."""
        text = str(getattr(self._module(template), macro)(*args, **kwargs))
        return _SPACES.sub(" ", text).strip()

    def lines(self, template: str, macro: str, *args: Any, **kwargs: Any) -> list[str]:
        """A macro whose output is several sentences, one per line marked ``*`` at its start."""
        text = str(getattr(self._module(template), macro)(*args, **kwargs))
        items = [_SPACES.sub(" ", part).strip() for part in re.split(r"(?m)^\s*\*\s", text)]
        return [item for item in items if item]

    def check(self) -> list[str]:
        """Load every template (a trust's own first), so a broken one is found by ``wres
        validate`` rather than half-way through a report; returns the names overridden."""
        for name in template_names():
            self._module(name)
        if self.override_dir is None or not self.override_dir.is_dir():
            return []
        return sorted(p.name for p in self.override_dir.glob("*.j2"))


def _package_folder() -> Path:
    return PACKAGE_TEMPLATES


def template_names() -> Sequence[str]:
    """The package's wording templates, for the README and tests."""
    return sorted(p.name for p in _package_folder().glob("*.j2"))
