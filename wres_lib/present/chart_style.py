"""The house style of every chart: size, type, ink, and the :class:`Chart` that carries a
figure with its title and alt text.

One look throughout, readable at Board-paper size (9 × 5 in, base font 12 pt) and safe for
colour-vision deficiencies. Figures are plain :class:`matplotlib.figure.Figure` objects (not
pyplot's), so a notebook does not display them twice; rendering is deterministic (fixed DPI,
fonts bundled with matplotlib, no "Software" metadata), so the same data give byte-identical
PNGs.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from markupsafe import escape  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from PIL import Image  # noqa: E402

from wres_lib.present.chart_findings import withheld_note
from wres_lib.present.style import (
    GROUP_COLOURS,
    GROUP_HATCHES,
)

FIGSIZE = (9.0, 5.0)
DPI = 150
INK = "#222222"  # text, axes and series that belong to no ethnic group
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 12,
    "axes.titlesize": 14,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "text.parse_math": False,  # a "$" in a title is text, not mathematics
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "hatch.linewidth": 0.8,
    "hatch.color": INK,
    "svg.hashsalt": "wres",
}
LABEL_SIZE = 11
# The most a palette PNG's pixel differs from the drawn one, per channel (of 255): invisible.
PALETTE_TOLERANCE = 8


@dataclass(eq=False)
class Chart:
    """A finished chart: the figure, its title and generated alt text (its finding).

    ``empty`` is true when the chart has nothing to draw; reports leave such charts out.

    Rendering (``png()`` or display in a notebook) draws the figure once, keeps the PNG bytes
    and releases the figure. A chart served by :mod:`wres_lib.present.chart_cache` has PNG
    bytes and no figure; an empty one has neither, and ``_rebuild`` draws it if asked.
    """

    figure: Figure | None
    title: str
    alt_text: str
    caption: str = ""
    empty: bool = False
    _png: bytes | None = field(default=None, repr=False)
    _rebuild: Callable[[], Chart] | None = field(default=None, repr=False)

    def png(self) -> bytes:
        """The chart as PNG bytes (deterministic for the same data)."""
        if self._png is None:
            if self.figure is None:
                if self._rebuild is None:
                    raise ValueError("chart has no figure to render")
                self.figure = self._rebuild().figure
            self._png = render_png(self.figure)
            self.figure.clear()
            self.figure = None
        return self._png

    def save(self, path: str) -> None:
        """Write the PNG to ``path``."""
        with open(path, "wb") as handle:
            handle.write(self.png())

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png()).decode("ascii")
        caption = self.caption or self.title
        return (
            # Focusable: on a phone the chart scrolls inside its box rather than shrinking.
            '<figure class="wres-chart" tabindex="0">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt_text)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )


def render_png(figure: Figure) -> bytes:
    """``figure`` as PNG bytes at :data:`DPI`, drawn once, without an alpha channel.

    ``savefig`` on a figure with a layout engine draws it twice: once with drawing switched
    off, to run the engine, then for real. Here the engine runs once, at the saving DPI, and
    is switched off before the one real draw.

    The figure is opaque (white background) and a chart has a few hundred colours, mostly
    its anti-aliased edges, so it is written as a 256-colour palette PNG (Pillow's
    maximum-coverage quantizer, no dithering) when every pixel is then within
    :data:`PALETTE_TOLERANCE` of the drawn one in each channel, else as RGB, in less than half
    the bytes of RGB (the demo year's public charts: 2.2 MB to 1.0 MB). The public HTML
    embeds every PNG, so a reader on a phone downloads half as much, and the notebook saves
    and the PDF print handle less. No text chunks (such as "Software"), so the same data give
    the same bytes.
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.set_dpi(DPI)
        canvas = FigureCanvasAgg(figure)
        if (engine := figure.get_layout_engine()) is not None:
            if figure.axes:  # as Figure.draw: a figure without axes has nothing to lay out
                engine.execute(figure)
            figure.set_layout_engine("none")
        canvas.draw()
        drawn = np.asarray(canvas.buffer_rgba())[..., :3]
        written = Image.fromarray(drawn)
        palette = written.quantize(256, method=Image.Quantize.MAXCOVERAGE, dither=Image.Dither.NONE)
        colours = np.asarray(palette.getpalette(), dtype=np.int16).reshape(-1, 3)
        if np.abs(colours[np.asarray(palette)] - drawn).max() <= PALETTE_TOLERANCE:
            written = palette  # else (a chart of many blended colours) kept whole, as RGB
        written.save(buffer, format="png", dpi=(DPI, DPI))
    return buffer.getvalue()


def new_figure(height: float = FIGSIZE[1]) -> Figure:
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(FIGSIZE[0], height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def wrap_text(text: str, width: int = 70) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def finish_chart(
    figure: Figure,
    title: str,
    alt: str,
    withheld: Sequence[str],
    caption: str = "",
    *,
    empty: bool = False,
) -> Chart:
    figure.suptitle(wrap_text(title), fontsize=RC["axes.titlesize"], x=0.01, ha="left")
    return Chart(figure, title, withheld_note(alt, withheld), caption or title, empty=empty)


def group_legend(groups: Sequence[str]) -> list[Patch]:
    return [
        Patch(
            facecolor=GROUP_COLOURS[g],
            hatch=GROUP_HATCHES[g],
            edgecolor=INK,
            label=g,
            linewidth=0.8,
        )
        for g in groups
    ]
