"""Figures have a title, labelled axes, and only colour-blind-safe colours."""

import matplotlib
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt

from ailead import figures

from .helpers import figure_colours

matplotlib.use("Agg")
SAFE = {mcolors.to_hex(c) for c in figures.OKABE_ITO.values()}


def _colours(ax):
    return figure_colours(ax)


def test_role_map_labels_every_role():
    fig = figures.role_map()
    ax = fig.axes[0]
    assert ax.get_title() and "tactical" in ax.get_xlabel() and "outward" in ax.get_ylabel()
    texts = {t.get_text() for t in ax.texts}
    assert {"AI product leader", "AI engineering leader", "AI product manager", "AI product owner"} <= texts
    assert _colours(ax) <= SAFE
    plt.close(fig)


def test_role_map_draws_given_positions():
    fig = figures.role_map({"AI product owner": {"horizon": 1, "audience": 9}})
    offsets = fig.axes[0].collections[0].get_offsets()
    assert list(offsets[0]) == [1, 9]
    plt.close(fig)


def test_responsibility_split_counts():
    fig = figures.responsibility_split({"a": "product", "b": "product", "c": "engineering"})
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == [2, 1]
    assert _colours(ax) <= SAFE and ax.get_title() and ax.get_xlabel()
    plt.close(fig)
