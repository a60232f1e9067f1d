"""Where the report's wording templates are and how Jinja2 reads them: one place, so the report
that renders them (:mod:`wres_lib.present.wording`) and the audit that recognises their fixed
phrases (:mod:`wres_lib.protect.attack_text`) lex them alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

# The package's own templates; a trust's ``templates/`` folder beside its params comes first.
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "present" / "wording"


def template_environment(folders: Sequence[str | Path] = ()) -> jinja2.Environment:
    """A Jinja2 environment over ``folders`` then the package's templates (plain text: the
    report escapes what it puts into HTML; a missing name is an error, never blank)."""
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(folder)) for folder in folders if Path(folder).is_dir()
    ]
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
