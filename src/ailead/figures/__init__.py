"""The course's figures as a lesson shows them: ``figures.role_map()``, ``figures.pilot_dashboard()``, ...

This is the learner's side. A lesson's figures are pictures stored in assets/figures/ by ``make figures``
(see :mod:`ailead.figures.store`), shown with their alt text, so a lesson needs no drawing library: it runs
the same in JupyterLab and in a browser tab. The learner's own progress is drawn here too, as SVG
(:mod:`ailead.figures.progress`).

Drawing itself (matplotlib) lives in the instructor's tools, ``ailead.instructor.drawing``, which this
package never imports. That package registers itself as a *drawer* (the entry point group
``ailead.drawing``). When a drawer is installed, a figure is drawn live whenever its stored picture is
missing or was drawn by older code (an author editing a figure sees the change at once), and for calls
with the learner's own data; without one, the stored picture is shown, or one sentence says what to
install.
"""

from __future__ import annotations

import functools

from ailead.figures import store
from ailead.figures.palette import OKABE_ITO, SEQUENCE

__all__ = ["OKABE_ITO", "SEQUENCE", "progress_dashboard", "sim_debrief"]

# While ``make figures`` runs: a callable given (key, figure) for every figure drawn live.
_recording = None


@functools.lru_cache(maxsize=1)
def drawer():
    """The installed drawer (``ailead.instructor.drawing``, found by its entry point), or None.

    None when matplotlib or the instructor's tools are not installed, as in the browser version.
    """
    from importlib.metadata import entry_points

    for point in entry_points(group="ailead.drawing"):
        try:
            return point.load()
        except ImportError:
            return None
    return None


def _serve(name: str):
    def call(*args, **kwargs):
        draw = drawer()
        call_key = store.key(name, args, kwargs)
        if call_key and _recording is None and store.enabled():
            stored = store.lookup(call_key, draw.fingerprint() if draw else None)
            if stored is not None:
                return stored
        if draw is None:
            return store.Unavailable(name)
        fig = draw.draw(name, *args, **kwargs)
        if call_key and _recording is not None:
            _recording(call_key, name, fig)
        return fig

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"Show (or draw) the figure {name}."
    return call


def _names() -> set[str]:
    draw = drawer()
    return set(draw.names()) if draw else store.stored_names()


def progress_dashboard(board=None, title: str = "Your progress through the course"):
    """The learner's progress dashboard (see :mod:`ailead.figures.progress`), drawn as SVG."""
    from ailead.figures.progress import progress_dashboard as draw

    return draw(board, title)


def sim_debrief(history, title: str = "Your game: both scoreboards, sprint by sprint", final=None):
    """A launch-simulator game's debrief picture (see :mod:`ailead.figures.sim`), drawn as SVG."""
    from ailead.figures.sim import debrief_chart

    return debrief_chart(history, title, final)


def __getattr__(name: str) -> object:
    if name.startswith("_"):
        raise AttributeError(name)
    if name in _names():
        return _serve(name)
    raise AttributeError(f"ailead.figures has no figure {name!r}; it has: {', '.join(sorted(_names()))}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _names())
