"""Drawing the course's figures with matplotlib: one module per lesson topic, one consistent style.

This is the instructor's (and author's) side of the figures. ``make figures`` runs
:func:`ailead.instructor.drawing.build.build` to draw every lesson's figures and store them in
assets/figures/, which is what learners see (:mod:`ailead.figures`). The package is registered as the
course's *drawer* (entry point group ``ailead.drawing``): where it is installed, a lesson draws a figure live
when its stored picture is missing or stale, and draws figures of the learner's own data.

The drawer's three functions: :func:`names` (every figure and its module), :func:`fingerprint` (a digest of
the drawing code and the case data, which a stored picture must match) and :func:`draw`. Importing this
package fails with ImportError when matplotlib is missing, so the learner's side knows there is no drawer.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib
import importlib.util
from pathlib import Path

if importlib.util.find_spec("matplotlib") is None:  # cheap: matplotlib itself loads only when drawing
    raise ImportError("drawing the course's figures needs matplotlib: pip install 'ailead[grading]'")

PACKAGE = Path(__file__).resolve().parent
CASE = PACKAGE.parents[1] / "case"
_NOT_FIGURES = {"style", "build"}


@functools.lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Every figure function and the module that draws it, read from the sources (nothing is imported)."""
    found = {}
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem.startswith("_") or path.stem in _NOT_FIGURES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                for name in ast.literal_eval(node.value):
                    if name in functions:
                        found[name] = path.stem
    return found


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of every source file a figure can depend on: the drawing modules and the case data."""
    h = hashlib.sha256()
    for folder in (PACKAGE, CASE):
        for path in sorted(folder.glob("*.py")):
            if folder is CASE or path.stem != "build":
                # Line endings as in git, so a Windows checkout gets the same fingerprint.
                h.update(path.name.encode() + b"\0" + path.read_bytes().replace(b"\r\n", b"\n"))
    return h.hexdigest()[:20]


def function(name: str):
    """The drawing function of a figure."""
    module = names().get(name)
    if module is None:
        raise AttributeError(f"no figure {name!r}; the figures are: {', '.join(sorted(names()))}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def draw(name: str, *args, **kwargs):
    """Draw a figure live: a matplotlib Figure that Jupyter shows as one PNG."""
    return function(name)(*args, **kwargs)
