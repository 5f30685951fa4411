"""The course's drawing style: the Okabe-Ito palette (see :mod:`ailead.figures.palette`) and figures made
without pyplot. Figures also use shapes, labels or patterns, so that no meaning depends on colour alone.
"""

import io

from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ailead.figures.palette import OKABE_ITO, SEQUENCE

__all__ = ["OKABE_ITO", "SEQUENCE", "LOW_CONTRAST", "CourseFigure", "new_figure", "outline_low_contrast",
           "without_outline"]

# Okabe-Ito colours under 3:1 against the white background (WCAG 1.4.11 asks 3:1 of a graphical object):
# they stay in the palette for colour-blind readers, but a line, marker or fill in them gets a black outline.
LOW_CONTRAST = frozenset(OKABE_ITO[k].lower() for k in ("orange", "sky", "yellow"))
OUTLINE = OKABE_ITO["black"]


def _low(colour) -> bool:
    try:
        return to_hex(colour).lower() in LOW_CONTRAST
    except (ValueError, TypeError):
        return False


def outline_low_contrast(fig: Figure) -> None:
    """Give every line, marker, bar or scatter point drawn in a low-contrast colour a black outline."""
    for art in fig.findobj(lambda a: isinstance(a, (Line2D, Patch, PathCollection))):
        if isinstance(art, Line2D):
            if art.get_linestyle() not in ("None", "", " ") and _low(art.get_color()) and not art.get_path_effects():
                art.set_path_effects([patheffects.Stroke(linewidth=art.get_linewidth() + 1.5, foreground=OUTLINE),
                                      patheffects.Normal()])
            if art.get_marker() not in (None, "None", "", " ") and _low(art.get_markerfacecolor()):
                art.set_markeredgecolor(OUTLINE)
        elif isinstance(art, Patch):
            if art.get_fill() and _low(art.get_facecolor()) and (art.get_linewidth() == 0
                                                                 or _low(art.get_edgecolor())):
                art.set_edgecolor(OUTLINE)
                art.set_linewidth(max(art.get_linewidth(), 0.8))
        elif any(_low(c) for c in art.get_facecolors()):
            art.set_edgecolors(OUTLINE)
            art.set_linewidths(0.8)


def without_outline(fig: Figure) -> list[str]:
    """The lines, markers, bars and points of a figure drawn in a low-contrast colour with no dark outline."""
    found = []
    for art in fig.findobj(lambda a: isinstance(a, (Line2D, Patch, PathCollection))):
        if isinstance(art, Line2D):
            if art.get_linestyle() not in ("None", "", " ") and _low(art.get_color()) and not art.get_path_effects():
                found.append(f"line {art.get_label()!r} in {to_hex(art.get_color())}")
            if (art.get_marker() not in (None, "None", "", " ") and _low(art.get_markerfacecolor())
                    and _low(art.get_markeredgecolor())):
                found.append(f"markers {art.get_label()!r} in {to_hex(art.get_markerfacecolor())}")
        elif isinstance(art, Patch):
            if art.get_fill() and _low(art.get_facecolor()) and (art.get_linewidth() == 0
                                                                 or _low(art.get_edgecolor())):
                found.append(f"patch in {to_hex(art.get_facecolor())}")
        elif any(_low(c) for c in art.get_facecolors()) and (not len(art.get_linewidths()) or
                                                              max(art.get_linewidths()) == 0 or
                                                              any(_low(c) for c in art.get_edgecolors())):
            found.append("scatter points in a low-contrast colour")
    return found


class CourseFigure(Figure):
    """A matplotlib Figure that Jupyter shows as one PNG, drawn once.

    The figures are made without pyplot: importing pyplot and its inline backend costs a learner a
    noticeable pause in every lesson, and the inline backend draws each figure more than once.
    """

    def _repr_png_(self) -> bytes:
        outline_low_contrast(self)
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] = (6.4, 4.8), **subplot_kw):
    """A CourseFigure with an Agg canvas and its axes: ``plt.subplots`` without pyplot."""
    fig = CourseFigure(figsize=figsize)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes
