"""The course's figures, drawn with matplotlib in one consistent, colour-blind-safe style.

One module per lesson topic (``roles`` for lesson 01, ``focus`` for 02, and so on); every public
function is also available here, so lessons write ``figures.role_map()``. Each function returns a
Figure that Jupyter shows as an image and a test can inspect; colours come from
:mod:`ailead.figures.style`.

The topic modules (and matplotlib, which is slow to import) load on first use, so a lesson that
only imports ``figures`` does not pay for them.
"""

from __future__ import annotations

import importlib
import pkgutil

_loaded: dict[str, object] | None = None


def _public_names() -> dict[str, object]:
    global _loaded
    if _loaded is None:
        names: dict[str, object] = {}
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for name in getattr(module, "__all__", ()):
                names[name] = getattr(module, name)
        _loaded = names
    return _loaded


def __getattr__(name: str) -> object:
    names = _public_names()
    if name in names:
        return names[name]
    raise AttributeError(f"ailead.figures has no {name!r}; it has: {', '.join(sorted(names))}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_public_names()))
