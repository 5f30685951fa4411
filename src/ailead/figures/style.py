"""The one palette every course figure uses.

Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinguishable for the
common kinds of colour blindness. Figures also use shapes, labels or patterns, so that no meaning
depends on colour alone.
"""

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["OKABE_ITO", "SEQUENCE"]

OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

# The order to use for series that have no colour of their own.
SEQUENCE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")]


class CourseFigure(Figure):
    """A matplotlib Figure that Jupyter shows as one PNG, drawn once.

    The figures are made without pyplot: importing pyplot and its inline backend costs a learner a
    noticeable pause in every lesson, and the inline backend draws each figure more than once.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize: tuple[float, float] = (6.4, 4.8), **subplot_kw):
    """A CourseFigure with an Agg canvas and its axes: ``plt.subplots`` without pyplot."""
    fig = CourseFigure(figsize=figsize)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    return fig, axes
