"""Figures for lesson 08 (which role does your team need): the decision rules as a matrix."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ailead import team
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["RECOMMENDATION_STYLE", "role_gap_matrix"]

# Colour and hatch of each recommendation: the text in each cell says it too, so colour is not needed.
RECOMMENDATION_STYLE = {
    "hire a product manager": (OKABE_ITO["orange"], ""),
    "hire a product owner": (OKABE_ITO["sky"], ""),
    "one person for both roles": (OKABE_ITO["green"], "//"),
    "hire a PM, then a PO": (OKABE_ITO["purple"], "\\\\"),
    "fractional PM covering both": (OKABE_ITO["yellow"], ".."),
    "no gap": ("#FFFFFF", ""),
}

_DIRECTION_LABELS = {"none": "nobody", "founders": "founders", "engineers": "senior engineers",
                     "product manager": "a product manager"}


def role_gap_matrix(budgets: tuple[str, ...] = ("ok", "low"), team_size: int | None = None,
                    title: str = "Which role to add: who sets direction × who owns the backlog") -> Figure:
    """One panel per budget: rows are who sets direction, columns whether someone owns the backlog.

    Each cell shows :func:`ailead.team.diagnose` for that profile, as text and as a fill.
    """
    if not budgets:
        raise ValueError("budgets is empty: there is nothing to draw")
    fig, axes = new_figure(1, len(budgets), figsize=(5.2 * len(budgets), 4.6), squeeze=False)
    rows = list(team.DIRECTIONS)
    for ax, budget in zip(axes[0], budgets):
        for r, direction in enumerate(rows):
            for c, owned in enumerate((False, True)):
                profile = {"direction": direction, "backlog_owner": owned, "budget": budget}
                if team_size is not None:
                    profile["team_size"] = team_size
                rec = team.diagnose(profile)["recommendation"]
                colour, hatch = RECOMMENDATION_STYLE[rec]
                y = len(rows) - 1 - r
                ax.add_patch(Rectangle((c, y), 1, 1, facecolor=colour, edgecolor="black", hatch=hatch,
                                       linewidth=1, alpha=0.85))
                ax.text(c + 0.5, y + 0.5, textwrap.fill(rec, 14), ha="center", va="center", fontsize=10,
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 2})
        ax.set_xlim(0, 2)
        ax.set_ylim(0, len(rows))
        ax.set_xticks([0.5, 1.5], ["nobody", "someone"])
        ax.set_yticks([len(rows) - 0.5 - r for r in range(len(rows))], [_DIRECTION_LABELS[d] for d in rows])
        ax.set_xlabel("Who owns the backlog and delivery?")
        ax.set_ylabel("Who sets product direction?")
        ax.set_title(f"Budget: {budget}", fontsize=11)
        ax.tick_params(length=0)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
