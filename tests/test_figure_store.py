"""Stored lesson figures (assets/figures/): fresh, with their alt text, and served only while the drawing
code is unchanged when the drawer is installed.

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
from ailead.figures import store
from ailead.instructor import drawing
from ailead.instructor.drawing import build

REPO = Path(__file__).resolve().parents[1]
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.fixture
def store_on(monkeypatch):
    monkeypatch.setenv("AILEAD_FIGURE_CACHE", "1")
    store._index_cached.cache_clear()


def test_every_lesson_figure_is_stored_by_the_code_as_it_is_now(tmp_path):
    """If this fails, the figure code or the case data changed: run `make figures` and commit assets/figures/."""
    index = store.read_index()
    stale = sorted(k for k, entry in index.items() if entry["fingerprint"] != drawing.fingerprint())
    assert stale == [], f"out of date: {stale}; run `make figures`"
    keys = build.build(LESSONS, tmp_path)
    assert sorted(set(keys)) == sorted(index), "lesson figure calls and stored figures differ; run `make figures`"
    assert len(keys) >= len(LESSONS) - 1  # every lesson but 00 draws at least one figure
    fresh = store.read_index(tmp_path)
    for key, entry in index.items():
        stored = (store.store_dir() / f"{key}.png").read_bytes()
        assert _png_size(stored) == _png_size((tmp_path / f"{key}.png").read_bytes()), key
        assert entry["alt"] == fresh[key]["alt"], f"{key}: its alt text changed in the lesson; run `make figures`"
        assert len(entry["alt"].split()) >= 15, f"{key}: the stored figure has no proper alt text"


def test_a_stored_figure_carries_its_alt_text_on_the_image(store_on):
    served = figures.role_map()
    assert isinstance(served, store.StoredFigure)
    html = served._repr_html_()
    assert html.startswith("<img ") and 'alt="' in html and served.alt.split()[0] in html
    assert served._repr_png_() == (store.store_dir() / f"{store.key('role_map', (), {})}.png").read_bytes()


def test_a_stored_figure_is_served_only_while_the_code_is_unchanged(store_on, monkeypatch):
    assert isinstance(figures.role_map(), store.StoredFigure)
    monkeypatch.setattr(drawing, "fingerprint", lambda: "something-else")
    live = figures.role_map()
    assert not isinstance(live, store.StoredFigure) and live.axes  # drawn by matplotlib


def test_without_a_drawer_the_stored_picture_is_shown_and_anything_else_says_what_to_install(store_on, monkeypatch):
    monkeypatch.setattr(figures, "drawer", lambda: None)  # as in the browser: no matplotlib
    assert isinstance(figures.role_map(), store.StoredFigure)
    own = figures.role_map({"Noor": {"horizon": 9, "audience": 8}})  # the learner's own data: never stored
    assert isinstance(own, store.Unavailable)
    text = repr(own)
    assert "matplotlib" in text and "make lab" in text and "Traceback" not in text
    assert "role_map" in dir(figures)


def test_calls_that_are_not_stored_are_drawn_live(store_on):
    assert store.key("role_map", (object(),), {}) is None  # arguments that are not plain data
    assert store.key("progress_dashboard", (), {}) is None  # the learner's own state
    assert store.key("role_map", (), {"title": "x"}) != store.key("role_map", (), {})
    fig = figures.rice_inputs([{"id": "X", "title": "Only", "reach": 10, "impact": 1, "confidence": 0.5,
                                "effort": 1}], title="Not a lesson call")
    assert not isinstance(fig, store.StoredFigure)


def test_the_store_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("AILEAD_FIGURE_CACHE", "0")
    assert not isinstance(figures.role_map(), store.StoredFigure)


def test_a_damaged_index_means_no_stored_picture(store_on, tmp_path):
    (tmp_path / "index.json").write_text("{not json")
    assert store.read_index(tmp_path) == {}


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
    assert all('alt="' in o["data"]["text/html"] for o in images)
    assert nb.cells[-1].outputs[0]["text"].strip() == "False"


def test_the_index_records_name_fingerprint_and_alt_for_every_picture():
    raw = json.loads((store.store_dir() / "index.json").read_text())
    for key, entry in raw.items():
        assert set(entry) == {"name", "fingerprint", "alt"} and key.startswith(entry["name"] + "-")
        assert (store.store_dir() / f"{key}.png").exists()
