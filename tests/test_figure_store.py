"""Stored lesson figures (assets/figures/): fresh, served only while the drawing code is unchanged.

The root conftest turns the store off for every other test; here it is turned back on.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from ailead import figures
from ailead.figures import cache

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.fixture
def store_on(monkeypatch):
    monkeypatch.setenv("AILEAD_FIGURE_CACHE", "1")


def test_every_lesson_figure_is_stored_by_the_code_as_it_is_now(tmp_path):
    """If this fails, the figure code or the case data changed: run `make figures` and commit assets/figures/."""
    index = json.loads((cache.store_dir() / "index.json").read_text())
    stale = sorted(k for k, digest in index.items() if digest != cache.fingerprint())
    assert stale == [], f"out of date: {stale}; run `make figures`"
    keys = cache.build(LESSONS, tmp_path)
    assert sorted(set(keys)) == sorted(index), "lesson figure calls and stored figures differ; run `make figures`"
    assert len(keys) >= len(LESSONS) - 1  # every lesson but 00 draws at least one figure
    for key in index:
        stored = (cache.store_dir() / f"{key}.png").read_bytes()
        assert _png_size(stored) == _png_size((tmp_path / f"{key}.png").read_bytes()), key


def test_a_stored_figure_is_served_only_while_the_code_is_unchanged(store_on, monkeypatch):
    served = figures.role_map()
    assert isinstance(served, cache.StoredFigure)
    assert served._repr_png_() == (cache.store_dir() / f"{cache.key('role_map', (), {})}.png").read_bytes()
    monkeypatch.setattr(cache, "fingerprint", lambda: "something-else")
    live = figures.role_map()
    assert not isinstance(live, cache.StoredFigure) and live.axes  # drawn by matplotlib


def test_calls_that_are_not_stored_are_drawn_live(store_on):
    assert cache.key("role_map", (object(),), {}) is None  # arguments that are not plain data
    assert cache.key("progress_dashboard", (), {}) is None  # the learner's own state
    assert cache.key("role_map", (), {"title": "x"}) != cache.key("role_map", (), {})
    fig = figures.rice_inputs([{"id": "X", "title": "Only", "reach": 10, "impact": 1, "confidence": 0.5,
                                "effort": 1}], title="Not a lesson call")
    assert not isinstance(fig, cache.StoredFigure)


def test_the_store_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("AILEAD_FIGURE_CACHE", "0")
    assert not isinstance(figures.role_map(), cache.StoredFigure)


def test_a_damaged_index_means_drawing_live(store_on, tmp_path):
    (tmp_path / "index.json").write_text("{not json")
    assert cache.lookup(cache.key("role_map", (), {}), tmp_path) is None


def test_a_lesson_runs_without_loading_matplotlib(tmp_path):
    """The point of the store: a lesson's kernel never imports matplotlib, yet shows its figures."""
    nb = nbformat.read(REPO / "notebooks" / "03-goals.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint('matplotlib' in sys.modules)"))
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO / "notebooks")}})
    import os

    env = dict(os.environ, AILEAD_FIGURE_CACHE="1", AILEAD_HOME=str(tmp_path))
    client.execute(env=env)
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 1
    assert nb.cells[-1].outputs[0]["text"].strip() == "False"
