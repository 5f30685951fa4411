"""Figures about decisions (lesson 04): the RICE inputs of the backlog, and a weighted decision matrix.

Both figures draw the *inputs* of a decision, not its result: the lesson's exercise asks learners to
compute RICE scores and weighted totals themselves.
"""

from __future__ import annotations

import math
import textwrap

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["CONFIDENCE_BANDS", "SCORE_COLOURS", "rice_inputs", "decision_matrix"]

# Confidence bands for the RICE chart: (label, lowest confidence in the band, colour, marker).
CONFIDENCE_BANDS = [
    ("high confidence (80% or more)", 0.8, OKABE_ITO["blue"], "o"),
    ("medium confidence (50-79%)", 0.5, OKABE_ITO["orange"], "s"),
    ("low confidence (under 50%)", 0.0, OKABE_ITO["vermillion"], "^"),
]

# Decision-matrix cell colours, from a poor score (1) to the best (5); the number is always written too.
SCORE_COLOURS = {
    1: OKABE_ITO["vermillion"],
    2: OKABE_ITO["orange"],
    3: OKABE_ITO["yellow"],
    4: OKABE_ITO["sky"],
    5: OKABE_ITO["blue"],
}
_SCORE_WORDS = {1: "1 (poor)", 5: "5 (best)"}
_DARK = {OKABE_ITO["vermillion"], OKABE_ITO["blue"]}  # cells that need white text

_AREA_PER_IMPACT = 160  # marker area (points squared) per unit of RICE impact


def _band(confidence: float) -> tuple[str, float, str, str]:
    for band in CONFIDENCE_BANDS:
        if confidence >= band[1]:
            return band
    return CONFIDENCE_BANDS[-1]


def rice_inputs(items: list[dict] | None = None,
                title: str = "ReplyDraft backlog: the four RICE inputs") -> Figure:
    """Each backlog item placed by effort (x) and reach (y); marker area shows impact, and marker
    shape and colour show the confidence band. Items default to :func:`ailead.case.backlog`.
    """
    items = items if items is not None else case.backlog()
    fig, ax = new_figure(figsize=(8.6, 5.2))
    for item in items:
        _, _, colour, marker = _band(item["confidence"])
        ax.scatter(item["effort"], item["reach"], s=_AREA_PER_IMPACT * item["impact"], color=colour,
                   marker=marker, edgecolor="black", linewidth=0.8, zorder=3)
        ax.annotate(f"{item['id']}\n{item['confidence']:.0%}", (item["effort"], item["reach"]),
                    textcoords="offset points", xytext=(0, -16), ha="center", va="top", fontsize=8.5)
    max_effort = max([item["effort"] for item in items], default=10)
    max_reach = max([item["reach"] for item in items], default=40)
    ax.set_xlim(0, max_effort * 1.12 + 0.5)
    ax.set_ylim(0, max_reach * 1.22 + 1)
    corner = {"fontsize": 9, "color": "#555555", "style": "italic"}
    ax.text(0.02, 0.97, "cheap and broad", transform=ax.transAxes, va="top", **corner)
    ax.text(0.98, 0.03, "costly and narrow", transform=ax.transAxes, ha="right", **corner)
    ax.set_xlabel("Effort (person-weeks; engineering's estimate)")
    ax.set_ylabel("Reach (agents affected per quarter)")
    ax.set_title(title)

    confidence_handles = [
        Line2D([], [], linestyle="none", marker=marker, markersize=9, markerfacecolor=colour,
               markeredgecolor="black", label=label)
        for label, _, colour, marker in CONFIDENCE_BANDS
    ]
    impact_handles = [
        Line2D([], [], linestyle="none", marker="o", markersize=math.sqrt(_AREA_PER_IMPACT * impact),
               markerfacecolor="none", markeredgecolor=OKABE_ITO["black"], label=f"{impact:g} ({name})")
        for impact, name in case.RICE_IMPACT_SCALE.items() if impact >= 0.5
    ]
    first = ax.legend(handles=confidence_handles, title="Confidence (marker)", loc="upper left",
                      bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8.5, title_fontsize=9)
    ax.add_artist(first)
    ax.legend(handles=impact_handles, title="Impact (marker size)", loc="upper left",
              bbox_to_anchor=(1.02, 0.55), frameon=False, fontsize=8.5, title_fontsize=9,
              labelspacing=1.3, borderpad=0.8)
    fig.tight_layout(rect=(0, 0, 0.76, 1))
    return fig


def _wrap(text: str, width: int = 14) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def decision_matrix(options: dict[str, dict[str, float]] | None = None,
                    weights: dict[str, float] | None = None,
                    title: str = "Build, buy or fine-tune: ReplyDraft's decision matrix") -> Figure:
    """A grid of scores: one column per option, one row per criterion (its weight in the label).

    Every cell shows its score as a number and is coloured from poor (1) to best (5). Totals are
    not drawn. Defaults: :func:`ailead.case.build_buy_options` and :func:`ailead.case.build_buy_weights`.
    """
    options = options if options is not None else case.build_buy_options()
    weights = weights if weights is not None else case.build_buy_weights()
    names = list(options)
    criteria = list(weights)
    fig, ax = new_figure(figsize=(8.5, 4.8))
    for col, name in enumerate(names):
        for row, criterion in enumerate(criteria):
            score = options[name][criterion]
            colour = SCORE_COLOURS[min(5, max(1, round(score)))]
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=colour, edgecolor="white", linewidth=2))
            ax.text(col + 0.5, row + 0.5, f"{score:g}", ha="center", va="center", fontsize=13,
                    fontweight="bold", color="white" if colour in _DARK else "black")
    ax.set_xlim(0, len(names))
    ax.set_ylim(len(criteria), 0)
    ax.set_xticks([c + 0.5 for c in range(len(names))])
    ax.set_xticklabels([_wrap(n) for n in names], fontsize=9)
    ax.set_yticks([r + 0.5 for r in range(len(criteria))])
    ax.set_yticklabels([f"{c}\n(weight {weights[c]:.2f})" for c in criteria], fontsize=9)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("Option (scored by engineering: 1 = poor, 5 = best)")
    ax.set_ylabel("Criterion (weights agreed with product)")
    ax.set_title(title)
    key = [Patch(facecolor=SCORE_COLOURS[s], edgecolor="black", label=_SCORE_WORDS.get(s, str(s)))
           for s in sorted(SCORE_COLOURS)]
    ax.legend(handles=key, title="Score", loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False,
              fontsize=9, title_fontsize=9)
    fig.tight_layout(rect=(0, 0, 0.93, 1))
    return fig
