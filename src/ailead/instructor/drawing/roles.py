"""Figures about the roles themselves (lesson 01): the role map and the split of responsibilities."""

from __future__ import annotations

from matplotlib.figure import Figure

from ailead import case
from ailead.instructor.drawing.style import OKABE_ITO, new_figure

__all__ = ["ROLE_STYLE", "role_map", "responsibility_split"]

ROLE_STYLE = {
    "AI product leader": (OKABE_ITO["orange"], "o"),
    "AI engineering leader": (OKABE_ITO["blue"], "s"),
    "AI product manager": (OKABE_ITO["green"], "^"),
    "AI product owner": (OKABE_ITO["purple"], "D"),
}
# Anything else (a person, "Priya this quarter") is drawn in black, each name with its own marker, so
# points stay apart without colour.
_OTHER_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def role_map(positions: dict[str, dict] | None = None,
             title: str = "Where the four AI roles spend their attention") -> Figure:
    """The four roles placed on two axes: tactical to strategic, and inward- to outward-facing.

    ``positions`` maps a role name to a dict with "horizon" and "audience" (0-10); by default the
    course's teaching positions from :data:`ailead.case.ROLES` are used. Other names (people, or a
    role as someone really lives it) are drawn in black, each with its own marker.
    """
    positions = positions if positions is not None else case.roles()
    fig, ax = new_figure(figsize=(7, 5.5))
    ax.axhline(5, color="#999999", lw=0.8, zorder=0)
    ax.axvline(5, color="#999999", lw=0.8, zorder=0)
    corner = {"fontsize": 9, "color": "#555555", "style": "italic"}
    ax.text(0.3, 9.7, "outward, tactical", va="top", **corner)
    ax.text(9.7, 9.7, "outward, strategic", va="top", ha="right", **corner)
    ax.text(0.3, 0.3, "inward, tactical", **corner)
    ax.text(9.7, 0.3, "inward, strategic", ha="right", **corner)
    others = 0
    for role, pos in positions.items():
        if role in ROLE_STYLE:
            colour, marker = ROLE_STYLE[role]
        else:
            colour, marker = OKABE_ITO["black"], _OTHER_MARKERS[others % len(_OTHER_MARKERS)]
            others += 1
        ax.scatter(pos["horizon"], pos["audience"], s=160, color=colour, marker=marker,
                   edgecolor="black", zorder=3, label=role)
        ax.annotate(role, (pos["horizon"], pos["audience"]), textcoords="offset points",
                    xytext=(0, -18), ha="center", fontsize=9)
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_xlabel("Time horizon: tactical (sprints, weeks) → strategic (quarters, years)")
    ax.set_ylabel("Audience: inward (delivery team) → outward (users, market)")
    ax.set_title(title)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=9)
    fig.tight_layout()
    return fig


def responsibility_split(owners: dict[str, str]) -> Figure:
    """A horizontal bar chart counting responsibilities per leadership lens."""
    counts = {"product": 0, "engineering": 0}
    for owner in owners.values():
        counts[owner] = counts.get(owner, 0) + 1
    fig, ax = new_figure(figsize=(6, 2.2))
    labels = list(counts)
    colours = [OKABE_ITO["orange"] if k == "product" else OKABE_ITO["blue"] for k in labels]
    ax.barh(labels, [counts[k] for k in labels], color=colours, edgecolor="black")
    for y, k in enumerate(labels):
        ax.text(counts[k] + 0.2, y, str(counts[k]), va="center")
    ax.set_xlabel("Number of responsibilities")
    ax.set_ylabel("Owning lens")
    ax.set_title("ReplyDraft responsibilities by owning lens")
    fig.tight_layout()
    return fig
