"""The course's figures, drawn with matplotlib in one consistent, colour-blind-safe style.

One module per lesson topic (``roles`` for lesson 01, and so on); every public function is also
available here, so lessons write ``figures.role_map()``. Each function returns the Figure so a
lesson can show it and a test can inspect it, and colours come from :mod:`ailead.figures.style`.
"""

import importlib
import pkgutil

from ailead.figures.style import OKABE_ITO, SEQUENCE  # noqa: F401

# Re-export the public names of every topic module, so a new module needs no edit here.
for _info in pkgutil.iter_modules(__path__):
    _module = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_module, "__all__", ()):
        globals()[_name] = getattr(_module, _name)
