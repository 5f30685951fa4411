"""Figures for lesson 07 (horizons and audiences): a roadmap next to the sprint cadence, and a stakeholder grid.

The roadmap is drawn in the Now / Next / Later format (Janna Bastow, ProdPad, 2012); the stakeholder grid
follows the power/interest grid that goes back to Mendelow (1981, often cited as 1991), with influence on one
axis and interest on the other; its four quadrants come from Johnson and Scholes (Exploring Corporate Strategy),
named here as project-management texts name them.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["horizon_timeline", "stakeholder_grid"]

# (column, first week, last week, colour, hatch): Now is this quarter, Next the one after, Later the rest
# of the year. Hatching as well as colour tells the columns apart.
_COLUMNS = [
    ("Now", 0, 13, OKABE_ITO["blue"], ""),
    ("Next", 13, 26, OKABE_ITO["sky"], "//"),
    ("Later", 26, 52, OKABE_ITO["yellow"], ".."),
]


def horizon_timeline(roadmap: dict[str, list[str]] | None = None, sprint_weeks: int = 2,
                     marked_sprint: int = 4,
                     title: str = "One goal, two horizons: ReplyDraft's roadmap and its sprints") -> Figure:
    """The Now / Next / Later roadmap over 52 weeks from the start of the quarter, above the row of sprints.

    ``marked_sprint`` (by default Sprint 4, from May, which lesson 07 looks back at) is filled, outlined and
    labelled with its weeks; a dashed line marks week 13, the end of the quarter.
    By default the roadmap is :func:`ailead.case.replydraft_roadmap`.
    """
    if sprint_weeks < 1:
        raise ValueError(f"sprint_weeks must be at least 1, got {sprint_weeks}")
    roadmap = roadmap if roadmap is not None else case.replydraft_roadmap()
    fig, ax = new_figure(figsize=(10, 4.8))
    for column, start, end, colour, hatch in _COLUMNS:
        ax.add_patch(Rectangle((start, 1.1), end - start, 1.6, facecolor=colour, alpha=0.35, hatch=hatch,
                               edgecolor=OKABE_ITO["black"], linewidth=0.8))
        width = 22 if end - start < 20 else 40
        themes = "\n".join(textwrap.fill(f"• {t}", width, subsequent_indent="  ")
                           for t in roadmap.get(column, []))
        ax.text(start + 0.6, 2.6, column, fontsize=11, fontweight="bold", va="top")
        ax.text(start + 0.6, 2.25, themes, fontsize=8, va="top", linespacing=1.3,
                bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 2})
    n_sprints = 52 // sprint_weeks
    for i in range(n_sprints):
        start = i * sprint_weeks
        current = i + 1 == marked_sprint
        ax.add_patch(Rectangle((start, 0.2), sprint_weeks, 0.6,
                               facecolor=OKABE_ITO["orange"] if current else "none",
                               edgecolor=OKABE_ITO["black"], linewidth=2 if current else 0.6))
        if i < 7 or current:
            ax.text(start + sprint_weeks / 2, 0.5, str(i + 1), ha="center", va="center", fontsize=8)
    cs = (marked_sprint - 1) * sprint_weeks
    ax.annotate(f"Sprint {marked_sprint} (weeks {cs} to {cs + sprint_weeks}):\none Sprint Goal in {sprint_weeks} weeks",
                xy=(cs + sprint_weeks / 2, 0.2), xytext=(15, -0.4), fontsize=8, ha="left", va="center",
                arrowprops={"arrowstyle": "->", "color": OKABE_ITO["black"]})
    ax.axvline(13, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1.5)
    ax.text(13.4, 0.98, "week 13: end of the quarter", fontsize=8, color=OKABE_ITO["black"], va="center")
    ax.set_xlim(0, 52)
    ax.set_ylim(-0.75, 2.8)
    ax.set_xticks([0, 2, 4, 6, 8, 13, 26, 39, 52])
    ax.set_yticks([0.5, 1.9])
    ax.set_yticklabels(["Sprint plan\n(product owner)", "Roadmap\n(product manager)"])
    ax.set_xlabel("Weeks from the start of the quarter")
    ax.set_ylabel("Plan and who keeps it")
    ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


# Quadrant names of the power/interest grid (Johnson and Scholes's quadrants, with the names project-management
# texts use), one per corner: (x, y, ha, va, text).
_QUADRANTS = [
    (0.3, 9.8, "left", "top", "Keep satisfied"),
    (9.7, 9.8, "right", "top", "Manage closely"),
    (0.3, 0.2, "left", "bottom", "Monitor"),
    (9.7, 0.2, "right", "bottom", "Keep informed"),
]

# Labels that would overlap their neighbours go on the left of the marker.
_LEFT_LABELS = {"Jonas Weber", "Lena Fischer"}


def stakeholder_grid(stakeholders: list[dict] | None = None,
                     title: str = "Who ReplyDraft's product people talk to (power/interest grid)") -> Figure:
    """Each stakeholder at (interest, influence), circles for outward groups and squares for inward ones.

    By default the stakeholders are :func:`ailead.case.replydraft_stakeholders`; a group outside
    :data:`ailead.case.HORIZON_AUDIENCES` raises ValueError.
    """
    stakeholders = stakeholders if stakeholders is not None else case.replydraft_stakeholders()
    if not stakeholders:
        raise ValueError("stakeholders is empty: there is nobody to draw")
    sides = {g: side for side, groups in case.HORIZON_AUDIENCES.items() for g in groups}
    fig, ax = new_figure(figsize=(8, 6))
    ax.axvline(5, color=OKABE_ITO["black"], linewidth=0.8, linestyle=":")
    ax.axhline(5, color=OKABE_ITO["black"], linewidth=0.8, linestyle=":")
    for x, y, ha, va, text in _QUADRANTS:
        ax.text(x, y, text, ha=ha, va=va, fontsize=10, style="italic", color=OKABE_ITO["black"], alpha=0.7)
    styles = {
        "outward": ("o", OKABE_ITO["vermillion"], "outward: the product manager's side"),
        "inward": ("s", OKABE_ITO["blue"], "inward: the product owner's side"),
    }
    shown = set()
    for person in stakeholders:
        if person["group"] not in sides:
            raise ValueError(f"unknown group {person['group']!r} for {person['name']!r}")
        side = sides[person["group"]]
        marker, colour, label = styles[side]
        ax.scatter(person["interest"], person["influence"], marker=marker, s=110, color=colour,
                   edgecolor=OKABE_ITO["black"], linewidth=0.8, zorder=3, label=None if side in shown else label)
        shown.add(side)
        left = person["name"] in _LEFT_LABELS
        ax.annotate(f"{person['name']}\n({person['group']})", (person["interest"], person["influence"]),
                    textcoords="offset points", xytext=(-8, 0) if left else (8, 0),
                    ha="right" if left else "left", va="center", fontsize=8)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_xlabel("Interest in ReplyDraft (0 = none, 10 = daily concern)")
    ax.set_ylabel("Influence over ReplyDraft (0 = none, 10 = decides)")
    ax.set_title(title)
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.62), frameon=True, fontsize=8)
    fig.tight_layout()
    return fig
