"""The course's drawing style: the Okabe-Ito palette (see :mod:`ailead.figures.palette`) and figures made
without pyplot. Figures also use shapes, labels or patterns, so that no meaning depends on colour alone.
"""

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ailead.figures.palette import OKABE_ITO, SEQUENCE

__all__ = ["OKABE_ITO", "SEQUENCE", "CourseFigure", "new_figure"]


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
