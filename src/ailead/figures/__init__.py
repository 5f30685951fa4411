"""The course's figures, drawn with matplotlib in one consistent, colour-blind-safe style.

One module per lesson topic (``roles`` for lesson 01, ``focus`` for 02, and so on); every public
function is also available here, so lessons write ``figures.role_map()``. Each function returns a
Figure that Jupyter shows as an image and a test can inspect; colours come from
:mod:`ailead.figures.style`.

The topic modules (and matplotlib, which is slow to import) load on first use, so a lesson that
only imports ``figures`` does not pay for them; and a lesson's figures are shown from pictures stored
by ``make figures`` while the code that draws them is unchanged (see :mod:`ailead.figures.cache`).
"""

from __future__ import annotations

import importlib


def _real(name: str) -> object:
    """The object a public name stands for, from its own module (found without importing the others)."""
    module, _ = _cache().public_names()[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


# While `make figures` runs (cache.build): the list that collects the key of every figure drawn, and
# the folder the pictures go to.
_recording: tuple[list[str], object] | None = None


def _cache():
    # importlib, not `from ailead.figures import cache`: that would ask this module's __getattr__.
    return importlib.import_module(f"{__name__}.cache")


def _serve(name: str):
    """A lesson's call to a figure: its stored picture if the drawing code is unchanged, else drawn live."""
    cache = _cache()

    def call(*args, **kwargs):
        key = cache.key(name, args, kwargs)
        if key and _recording is None and cache.enabled():
            png = cache.lookup(key)
            if png is not None:
                return cache.StoredFigure(name, png)
        fig = _real(name)(*args, **kwargs)
        if key and _recording is not None:
            keys, folder = _recording
            cache.store(key, fig._repr_png_(), folder)
            keys.append(key)
        return fig

    module = cache.figure_names()[name]
    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"Draw (or show the stored) {name}: see ailead.figures.{module}.{name}."
    return call


def __getattr__(name: str) -> object:
    if name.startswith("_") or name in ("cache", "style"):
        raise AttributeError(name)
    names = _cache().public_names()
    if name in names:
        return _serve(name) if names[name][1] else _real(name)
    raise AttributeError(f"ailead.figures has no {name!r}; it has: {', '.join(sorted(names))}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_cache().public_names()))
