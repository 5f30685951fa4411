"""The lessons' stored figures: pictures drawn once by ``make figures`` and kept in assets/figures/.

A lesson's figures depend only on the course's own code and data, so each is drawn once and stored as a
PNG under a key made of the figure's name and its arguments. ``index.json`` records, for each key, the
figure's name, a fingerprint of the drawing code that made it, and the figure's alt text (from the lesson's
"**Figure (alt text):**" line), which is attached to the image when it is shown.

Calls whose arguments are not plain data (the learner's own progress) are never stored.
``AILEAD_FIGURE_CACHE=0`` turns the store off, as the unit tests do, so they inspect real figures.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
from pathlib import Path

PLAIN = (type(None), bool, int, float, str)
# Figures of the learner's own state: never stored, whatever their arguments.
LIVE = {"progress_dashboard"}


def store_dir() -> Path:
    """The folder of stored pictures: assets/figures/ of the course."""
    from ailead.quizbank import assets_dir

    return assets_dir() / "figures"


def enabled() -> bool:
    """Whether lessons show stored pictures (``AILEAD_FIGURE_CACHE=0`` turns it off)."""
    return os.environ.get("AILEAD_FIGURE_CACHE", "1") != "0"


def _plain(value: object) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def key(name: str, args: tuple, kwargs: dict) -> str | None:
    """The store key of a call, or None when its arguments are not plain data."""
    if name in LIVE or not (_plain(list(args)) and _plain(kwargs)):
        return None
    text = json.dumps([list(args), kwargs], sort_keys=True, default=repr)
    return f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def read_index(folder: Path | None = None) -> dict[str, dict]:
    """The store's index: key -> {"name", "fingerprint", "alt"}."""
    folder = folder or store_dir()
    try:
        raw = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in raw.items() if isinstance(v, dict)}


@functools.lru_cache(maxsize=4)
def _index_cached(folder: str) -> dict[str, dict]:
    return read_index(Path(folder))


def stored_names() -> set[str]:
    """The names of every figure the store holds a picture of."""
    return {entry.get("name", "") for entry in _index_cached(str(store_dir())).values()}


def lookup(call_key: str, fingerprint: str | None = None) -> StoredFigure | None:
    """The stored picture of a call, if there is one (and, given a fingerprint, if it was drawn by that code)."""
    folder = store_dir()
    entry = _index_cached(str(folder)).get(call_key)
    if entry is None or (fingerprint is not None and entry.get("fingerprint") != fingerprint):
        return None
    try:
        png = (folder / f"{call_key}.png").read_bytes()
    except OSError:
        return None
    return StoredFigure(entry.get("name", call_key), png, entry.get("alt", ""))


class StoredFigure:
    """A figure shown from its stored PNG, with its alt text attached to the image itself."""

    def __init__(self, name: str, png: bytes, alt: str = ""):
        self.name, self.png, self.alt = name, png, alt

    def _repr_png_(self) -> bytes:
        return self.png

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt, quote=True)}" '
                f'style="max-width:100%;height:auto" class="ailead-figure">')

    def savefig(self, path: str | os.PathLike) -> None:
        Path(path).write_bytes(self.png)

    def __repr__(self) -> str:
        return self.alt or f"<{self.name} figure, drawn earlier from the same code and data>"


class Unavailable:
    """A figure that needs drawing here, where no drawing library is installed: one clear sentence instead."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return (f"This figure ({self.name}) is drawn from your own answers, which needs matplotlib; the version of "
                "the course you are using cannot load it. Install the full course (`make lab`, see the README) "
                "to see it; everything else here works as it is.")

    def _repr_markdown_(self) -> str:
        return f"> **Figure not shown.** {repr(self)}"
